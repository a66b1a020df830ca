//! What the generated crate published before: the names a new description must keep.
//!
//! The naming rules that look at the whole description (a string enum shared by the
//! fields that hold the same values, a numbered component named after its one user, an
//! operation name numbered when two clash) would rename published items when the
//! description only adds: one value more in one owner's enum, a second user of a
//! component, a new operation whose name comes first. So the model is built knowing the
//! committed API surface (`api-surface.jsonl`, which lists every type and operation), and
//! what it published wins over what the rules would decide today:
//!
//! - a shared string enum keeps its name and its members, with the values of all of them
//!   (a member that gains a value gives the shared type that value); a per-owner enum
//!   published on its own stays on its own; a re-exported earlier name stays;
//! - a numbered component keeps the name it was published under (its number, or its
//!   user's name);
//! - an operation keeps its method name; a new one that clashes is the one numbered;
//! - a struct's constructors named after enum values keep the list they take when the
//!   struct gains another list.
//!
//! Only what is new is named by the rules alone. Without a published surface (a first
//! run, a test fixture), the rules decide everything.

use crate::evolution::Surface;
use std::collections::BTreeMap;

/// The names of one published API surface.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Published {
    /// Type name -> its kind as the surface states it: `enum (string values)`,
    /// `type = Target`, `pub use Target`, `struct`...
    types: BTreeMap<String, String>,
    /// (group, method and path with unnamed placeholders) -> method name.
    operations: BTreeMap<(String, String), String>,
    /// Struct -> the list its constructors named after enum values take.
    constructor_lists: BTreeMap<String, String>,
}

/// The surface's kind of a string enum.
const STRING_ENUM: &str = "enum (string values)";

impl Published {
    /// The names `surface` published.
    pub fn from_surface(surface: &Surface) -> Published {
        let mut published = Published::default();
        for item in surface.items.values() {
            if let Some(name) = item.item.strip_prefix("type ") {
                published.types.insert(name.to_string(), item.rust.clone());
            } else if let Some(path) = item.item.strip_prefix("constructor ") {
                // `(conditions: impl IntoIterator<..>) -> Filters { .. }`: a struct's.
                let list = item
                    .rust
                    .strip_prefix('(')
                    .and_then(|r| r.split_once(": impl "));
                if let (Some((owner, _)), Some((list, _))) = (path.split_once('.'), list) {
                    let owner = owner.to_string();
                    published.constructor_lists.insert(owner, list.to_string());
                }
            } else if let Some(path) = item.item.strip_prefix("operation ") {
                let Some((group, name)) = path.split_once('.') else {
                    continue;
                };
                let key = (group.to_string(), unnamed_placeholders(&item.wire));
                published.operations.insert(key, name.to_string());
            }
        }
        published
    }

    /// Reads a committed surface file; an unreadable one is an error naming its line.
    pub fn from_json_lines(text: &str) -> Result<Published, String> {
        Surface::from_json_lines(text).map(|s| Published::from_surface(&s))
    }

    /// Whether a type of this name was published.
    pub(crate) fn has_type(&self, name: &str) -> bool {
        self.types.contains_key(name)
    }

    /// The type `name` was published as an alias or re-export of (`type Name = Target`,
    /// `pub use Target as Name`), if a plain name.
    pub(crate) fn alias_target(&self, name: &str) -> Option<&str> {
        let kind = self.types.get(name)?;
        let target = kind
            .strip_prefix("type = ")
            .or_else(|| kind.strip_prefix("pub use "))?;
        target
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
            .then_some(target)
    }

    /// Whether `name` was published as a string enum of its own.
    pub(crate) fn is_string_enum(&self, name: &str) -> bool {
        self.types.get(name).is_some_and(|k| k == STRING_ENUM)
    }

    /// The shared string enum `name` was published as a name of (an alias or
    /// re-export of a string enum).
    pub(crate) fn shared_enum_of(&self, name: &str) -> Option<&str> {
        self.alias_target(name).filter(|t| self.is_string_enum(t))
    }

    /// The published re-exports of `target` (`pub use Target as Name`).
    pub(crate) fn reexports_of<'a>(&'a self, target: &'a str) -> impl Iterator<Item = &'a str> {
        self.types
            .iter()
            .filter(move |(_, kind)| kind.strip_prefix("pub use ") == Some(target))
            .map(|(name, _)| name.as_str())
    }

    /// Struct -> the list its published constructors named after enum values take.
    pub(crate) fn constructor_lists(&self) -> &BTreeMap<String, String> {
        &self.constructor_lists
    }

    /// The method name the operation `METHOD path` of `group` was published under.
    pub(crate) fn operation_name(&self, group: &str, method: &str, path: &str) -> Option<&str> {
        let wire = unnamed_placeholders(&format!("{method} {path}"));
        self.operations
            .get(&(group.to_string(), wire))
            .map(String::as_str)
    }
}

/// `GET /v1/agents/{agentId}` -> `GET /v1/agents/{}`: a placeholder's name never reaches
/// the wire, and renaming it renames no method.
pub(crate) fn unnamed_placeholders(wire: &str) -> String {
    let mut out = String::with_capacity(wire.len());
    let mut in_braces = false;
    for c in wire.chars() {
        match c {
            '{' => {
                in_braces = true;
                out.push(c);
            }
            '}' => {
                in_braces = false;
                out.push(c);
            }
            _ if in_braces => {}
            _ => out.push(c),
        }
    }
    out
}

//! What a new description changes for users of the generated crate: the committed
//! [`Surface`] against the new one, each difference classified.

use super::surface::{Item, Surface};
use std::fmt;

/// What a change means for code that uses the crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impact {
    /// Code that compiled may not compile any more.
    Breaking,
    /// New API; existing code compiles and behaves as before.
    Additive,
    /// Rust signatures are unchanged; what goes over the wire is not.
    WireOnly,
}

impl Impact {
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Breaking => "breaking",
            Impact::Additive => "additive",
            Impact::WireOnly => "wire-only",
        }
    }
}

/// The semver bump a set of changes implies, under Cargo's rules (before 1.0, a
/// breaking change bumps the minor number: `0.y.z` -> `0.(y+1).0`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    None,
    Patch,
    Minor,
    Major,
}

impl Bump {
    /// The version after this bump (`0.y.z` counts `y` as the major number).
    pub fn apply(self, version: &str) -> String {
        let mut parts: Vec<u64> = version
            .split('.')
            .map(|p| p.parse().unwrap_or(0))
            .chain(std::iter::repeat(0))
            .take(3)
            .collect();
        let major_at = if parts[0] == 0 { 1 } else { 0 };
        let at = match self {
            Bump::None => return version.to_string(),
            Bump::Major => major_at,
            Bump::Minor => major_at + 1,
            Bump::Patch => 2,
        };
        if at < 3 {
            parts[at] += 1;
            for p in parts.iter_mut().skip(at + 1) {
                *p = 0;
            }
        }
        format!("{}.{}.{}", parts[0], parts[1], parts[2])
    }
}

/// One difference between two surfaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub impact: Impact,
    /// `added field CreateAgentInput.title: optional Option<String>`.
    pub what: String,
    /// The description pointer that caused it (of the new description; of the old one
    /// for something removed).
    pub pointer: String,
}

/// One regeneration of an API version: the API generated from the description before
/// (the committed surface) against the API generated now, and the two descriptions' hashes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Update {
    /// `v1`, `beta`.
    pub version: String,
    /// The sha256 of the description the committed API came from (`None`: not recorded).
    pub previous_description_sha256: Option<String>,
    pub description_sha256: String,
    /// Breaking first ([`compare`]).
    pub changes: Vec<Change>,
}

impl Update {
    /// What generating `new` changes against the `committed` surface of `version`.
    pub fn between(version: &str, committed: &Surface, new: &Surface) -> Update {
        Update {
            version: version.to_string(),
            previous_description_sha256: committed.description_sha256.clone(),
            description_sha256: new.description_sha256.clone().unwrap_or_default(),
            changes: compare(committed, new),
        }
    }

    /// The bump the changes imply.
    pub fn bump(&self) -> Bump {
        bump(&self.changes)
    }
}

/// Every difference, breaking ones first. An item inside an added or removed type or
/// operation is not listed on its own.
pub fn compare(old: &Surface, new: &Surface) -> Vec<Change> {
    let mut changes = Vec::new();
    let whole = |surface: &Surface, other: &Surface, item: &str| {
        parent(item)
            .is_some_and(|p| surface.items.contains_key(&p) && !other.items.contains_key(&p))
    };
    // A member listed under an alias (`value ChatConversationDirection.Broadcast`, for
    // `type ChatConversationDirection = ConversationDirection`) changes with the type it
    // names: that type's line says it once.
    let said_by_target = |key: &str| {
        let in_new = same_member_of_target(new, key);
        let in_old = same_member_of_target(old, key);
        match (in_new, in_old) {
            (Some(n), _) | (None, Some(n)) => {
                new.items.get(&n).map(|i| (&i.rust, &i.wire))
                    != old.items.get(&n).map(|i| (&i.rust, &i.wire))
                    && new.items.get(key).map(|i| (&i.rust, &i.wire))
                        != old.items.get(key).map(|i| (&i.rust, &i.wire))
            }
            (None, None) => false,
        }
    };
    let renamed = renamed_arguments(old, new);
    for (removed, added) in &renamed {
        let item = &new.items[added];
        changes.push(Change {
            impact: Impact::WireOnly,
            what: format!(
                "renamed {removed} to {} ({}, passed by position: callers are unaffected)",
                added.rsplit('.').next().unwrap_or_default(),
                item.rust
            ),
            pointer: item.pointer.clone(),
        });
    }
    let paired = |key: &String| renamed.iter().any(|(r, a)| r == key || a == key);
    for (key, item) in &new.items {
        let before = old.items.get(key);
        // Unchanged (most items, most of the time): nothing to say, and nothing to look up.
        if before.is_some_and(|b| b.rust == item.rust && b.wire == item.wire) {
            continue;
        }
        match before {
            _ if said_by_target(key) || paired(key) => {}
            Some(before)
                if key.starts_with("accessor ")
                    && before.rust == item.rust
                    && before.wire != item.wire =>
            {
                if let Some(change) = accessor_change(key, before, item) {
                    changes.push(change);
                }
            }
            Some(before)
                if before.rust == item.rust
                    && before.wire != item.wire
                    && same_path_template(&before.wire, &item.wire) => {}
            None if whole(new, old, key) => {}
            None => changes.push(Change {
                impact: added_impact(item),
                what: format!("added {key}: {}", describe(item)),
                pointer: item.pointer.clone(),
            }),
            Some(before) if before.rust != item.rust && reexported(new, before, item) => changes
                .push(Change {
                    impact: Impact::Additive,
                    what: format!(
                        "renamed {key} to {} (the old name stays, as a re-export of the same \
                         type)",
                        item.rust.trim_start_matches("pub use ")
                    ),
                    pointer: item.pointer.clone(),
                }),
            Some(before) if before.rust != item.rust && renamed_to_alias(new, before, item) => {
                changes.push(Change {
                    impact: Impact::Additive,
                    what: format!(
                        "renamed the type of {key}: {} -> {} (the old name still names it)",
                        before.rust, item.rust
                    ),
                    pointer: item.pointer.clone(),
                })
            }
            Some(before) if before.rust != item.rust => changes.push(Change {
                impact: Impact::Breaking,
                what: format!("changed {key}: {} -> {}", before.rust, item.rust),
                pointer: item.pointer.clone(),
            }),
            Some(before) if before.wire != item.wire => changes.push(Change {
                impact: Impact::WireOnly,
                what: format!(
                    "changed {key} on the wire: {} -> {}",
                    before.wire, item.wire
                ),
                pointer: item.pointer.clone(),
            }),
            Some(_) => {}
        }
    }
    for (key, item) in &old.items {
        if !new.items.contains_key(key)
            && !whole(old, new, key)
            && !said_by_target(key)
            && !paired(key)
        {
            changes.push(Change {
                impact: Impact::Breaking,
                what: format!("removed {key}: {}", describe(item)),
                pointer: item.pointer.clone(),
            });
        }
    }
    changes.sort_by(|a, b| (a.impact, &a.what).cmp(&(b.impact, &b.what)));
    changes
}

/// A type that became `pub use New as Old` while `New` is what `Old` was (the same kind
/// of type; its members are listed under both names): every use of `Old` still compiles,
/// `use Old::Variant` included.
fn reexported(new: &Surface, before: &Item, after: &Item) -> bool {
    after
        .rust
        .strip_prefix("pub use ")
        .and_then(|target| new.items.get(&format!("type {target}")))
        .is_some_and(|target| target.rust == before.rust)
}

/// A field or parameter whose type `Old` became `New` while `new` keeps `Old` as
/// `type Old = New` or `pub use New as Old`: the same Rust type under either name,
/// nothing breaks.
fn renamed_to_alias(new: &Surface, before: &Item, after: &Item) -> bool {
    // Names and the punctuation between them (`Vec<T>`, `(values: Vec<T>)`,
    // `{ field: T::Value }`): only names may differ.
    let words = |rust: &str| {
        rust.split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let (old_words, new_words) = (words(&before.rust), words(&after.rust));
    if old_words.len() != new_words.len() {
        return false;
    }
    old_words.iter().zip(&new_words).all(|(o, n)| {
        o == n
            || new.items.get(&format!("type {o}")).is_some_and(|alias| {
                alias.rust == format!("type = {n}") || alias.rust == format!("pub use {n}")
            })
    })
}

/// The bump the changes imply: breaking -> major, additive -> minor, wire-only -> patch.
pub fn bump(changes: &[Change]) -> Bump {
    changes
        .iter()
        .map(|c| match c.impact {
            Impact::Breaking => Bump::Major,
            Impact::Additive => Bump::Minor,
            Impact::WireOnly => Bump::Patch,
        })
        .max()
        .unwrap_or(Bump::None)
}

/// A new field or parameter that must be given breaks every caller; anything else new
/// (types, optional fields and parameters, variants, enum values, operations) does not,
/// because structs and enums are `#[non_exhaustive]`.
fn added_impact(item: &Item) -> Impact {
    let required = item.rust.starts_with("required") || item.rust.starts_with("argument");
    let member = item.item.starts_with("field ") || item.item.starts_with("param ");
    if member && required {
        Impact::Breaking
    } else {
        Impact::Additive
    }
}

fn describe(item: &Item) -> String {
    match (item.rust.is_empty(), item.wire.is_empty()) {
        (false, false) => format!("{} ({})", item.rust, item.wire),
        (false, true) => item.rust.clone(),
        (true, _) => item.wire.clone(),
    }
}

/// `field A.x` -> `type A`; `param g.f.x` -> `operation g.f`.
/// An accessor (`Conversation::state()`) whose signature stayed but whose variants
/// changed: one that no longer answers for a variant returns `None` for data it answered
/// for before, which no compiler notices, so it is breaking; more variants is additive.
/// `None` for an item that is not an accessor (its wire change is reported as such).
fn accessor_change(key: &str, before: &Item, after: &Item) -> Option<Change> {
    use super::surface::ACCESSOR_ANSWERS;
    let variants = |item: &Item| -> Option<std::collections::BTreeSet<String>> {
        let list = item.wire.strip_prefix(ACCESSOR_ANSWERS)?;
        Some(list.split(", ").map(str::to_string).collect())
    };
    if !key.starts_with("accessor ") {
        return None;
    }
    let (old, new) = (variants(before)?, variants(after)?);
    let lost: Vec<&str> = old.difference(&new).map(String::as_str).collect();
    let gained: Vec<&str> = new.difference(&old).map(String::as_str).collect();
    let (impact, what) = if lost.is_empty() {
        (
            Impact::Additive,
            format!("{key} also answers for {}", gained.join(", ")),
        )
    } else {
        (
            Impact::Breaking,
            format!(
                "{key} answers `None` for {} (same signature: existing data reads differently)",
                lost.join(", ")
            ),
        )
    };
    Some(Change {
        impact,
        what,
        pointer: after.pointer.clone(),
    })
}

/// Required parameters of one operation that only changed name (`agent_id` -> `id`):
/// each is an argument at the same position with the same type, which Rust passes by
/// position, so no caller notices. (removed item, added item) pairs.
fn renamed_arguments(old: &Surface, new: &Surface) -> Vec<(String, String)> {
    let argument = |surface: &Surface, key: &str| {
        let item = &surface.items[key];
        let operation = parent(key).filter(|p| p.starts_with("operation "))?;
        item.rust
            .starts_with("argument ")
            .then(|| (operation, item.rust.clone()))
    };
    let removed: Vec<&String> = old
        .items
        .keys()
        .filter(|k| !new.items.contains_key(*k))
        .collect();
    let mut added: Vec<&String> = new
        .items
        .keys()
        .filter(|k| !old.items.contains_key(*k))
        .collect();
    let mut pairs = Vec::new();
    for r in removed {
        let Some(signature) = argument(old, r) else {
            continue;
        };
        if let Some(i) = added
            .iter()
            .position(|a| argument(new, a).as_ref() == Some(&signature))
        {
            pairs.push((r.clone(), added.remove(i).clone()));
        }
    }
    pairs
}

/// Whether two operations' wire forms (`GET /v1/agents/{agentId}`) differ only in the
/// names of their path placeholders, which never reach the wire.
fn same_path_template(a: &str, b: &str) -> bool {
    use crate::model::published::unnamed_placeholders;
    unnamed_placeholders(a) == unnamed_placeholders(b)
}

/// For a member listed under an alias or re-export (`value Old.Open`, where `type Old`
/// is `type = New` or `pub use New`), the same member of the type it names
/// (`value New.Open`).
fn same_member_of_target(surface: &Surface, item: &str) -> Option<String> {
    let (kind, path) = item.split_once(' ')?;
    let (owner, member) = path.rsplit_once('.')?;
    let owner_type = surface.items.get(&format!("type {owner}"))?;
    let target = owner_type
        .rust
        .strip_prefix("type = ")
        .or_else(|| owner_type.rust.strip_prefix("pub use "))?;
    (parent(item).is_some() && !target.contains(['<', ' ']))
        .then(|| format!("{kind} {target}.{member}"))
}

fn parent(item: &str) -> Option<String> {
    let (kind, path) = item.split_once(' ')?;
    let (owner, _) = path.rsplit_once('.')?;
    match kind {
        "field" | "variant" | "value" | "from" | "constructor" | "accessor" => {
            Some(format!("type {owner}"))
        }
        "param" => Some(format!("operation {owner}")),
        _ => None,
    }
}

/// The report of one API version's update, as `cargo xtask codegen` prints it (the
/// changelog records the same changes: [`super::changelog`]).
pub struct Report<'a> {
    /// `beta`, `v1`.
    pub version: &'a str,
    /// The crate's version before the update.
    pub crate_version: &'a str,
    pub changes: &'a [Change],
}

impl Report<'_> {
    /// The report for a terminal: at most `changes` changes listed, then how many more
    /// there are and where they are (the changelog lists them all).
    pub fn at_most(&self, changes: usize) -> String {
        let mut text = String::new();
        let _ = self.write(&mut text, Some(changes));
        text
    }

    /// Markdown: a heading, the bump, one line per change (up to `limit`).
    fn write(&self, f: &mut impl fmt::Write, limit: Option<usize>) -> fmt::Result {
        let count = |impact| self.changes.iter().filter(|c| c.impact == impact).count();
        writeln!(f, "## API version `{}`", self.version)?;
        writeln!(f)?;
        if self.changes.is_empty() {
            return writeln!(f, "No change to the generated API.");
        }
        let bump = bump(self.changes);
        let before_1_0 = if self.crate_version.starts_with("0.") {
            "before 1.0: "
        } else {
            ""
        };
        writeln!(
            f,
            "{} breaking, {} additive, {} wire-only: a semver {} bump ({before_1_0}{} -> {}).",
            count(Impact::Breaking),
            count(Impact::Additive),
            count(Impact::WireOnly),
            match bump {
                Bump::Major => "major",
                Bump::Minor => "minor",
                Bump::Patch => "patch",
                Bump::None => "no",
            },
            self.crate_version,
            bump.apply(self.crate_version)
        )?;
        writeln!(f)?;
        let shown = limit.unwrap_or(usize::MAX).min(self.changes.len());
        for c in &self.changes[..shown] {
            writeln!(
                f,
                "- **{}** {} (`{}`)",
                c.impact.as_str(),
                c.what,
                c.pointer
            )?;
        }
        if shown < self.changes.len() {
            writeln!(
                f,
                "- ... {} more in {}",
                self.changes.len() - shown,
                crate::paths::CHANGELOG
            )?;
        }
        Ok(())
    }
}

impl fmt::Display for Report<'_> {
    /// Markdown: a heading, the bump, one line per change.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A surface of (item, rust) lines, with no wire form.
    fn surface(lines: &[(&str, &str)]) -> Surface {
        let lines: Vec<(&str, &str, &str)> = lines.iter().map(|(i, r)| (*i, *r, "")).collect();
        with_wire(&lines)
    }

    #[test]
    fn a_value_added_to_an_aliased_enum_is_one_line_not_one_per_alias() {
        let types = [
            ("type State", "enum (string values)"),
            ("type ChatState", "type = State"),
            ("type EmailState", "type = State"),
            ("type OldState", "pub use State"),
            ("value State.Open", "unit"),
            ("value ChatState.Open", "unit"),
            ("value EmailState.Open", "unit"),
            ("value OldState.Open", "unit"),
        ];
        let added = [
            ("value State.Snoozed", "unit"),
            ("value ChatState.Snoozed", "unit"),
            ("value EmailState.Snoozed", "unit"),
            ("value OldState.Snoozed", "unit"),
        ];
        let old = surface(&types);
        let new = surface(&[&types[..], &added[..]].concat());
        let changes = compare(&old, &new);
        let what: Vec<&str> = changes.iter().map(|c| c.what.as_str()).collect();
        assert_eq!(what, ["added value State.Snoozed: unit"], "{what:?}");
        // Removed the same way: one line.
        assert_eq!(compare(&new, &old).len(), 1);
        // A member that only the alias lists is still reported.
        let alias_only = surface(&[&types[..], &[("value ChatState.Legacy", "unit")]].concat());
        assert_eq!(compare(&old, &alias_only).len(), 1);
    }

    fn with_wire(lines: &[(&str, &str, &str)]) -> Surface {
        let mut text = String::from("{\"@generated\":\"test\"}\n");
        for (item, rust, wire) in lines {
            text.push_str(&format!(
                "{{\"item\":\"{item}\",\"rust\":\"{rust}\",\"wire\":\"{wire}\",\"pointer\":\"#/p\"}}\n"
            ));
        }
        Surface::from_json_lines(&text).unwrap()
    }

    #[test]
    fn a_renamed_path_parameter_at_the_same_place_is_not_breaking() {
        let old = with_wire(&[
            (
                "operation agents.get",
                "-> Agent",
                "GET /v1/agents/{agentId}",
            ),
            (
                "param agents.get.agent_id",
                "argument 1: Uuid",
                "path agentId",
            ),
            ("param agents.get.expand", "Option<String>", "query expand"),
        ]);
        let new = with_wire(&[
            ("operation agents.get", "-> Agent", "GET /v1/agents/{id}"),
            ("param agents.get.id", "argument 1: Uuid", "path id"),
            ("param agents.get.expand", "Option<String>", "query expand"),
        ]);
        let changes = compare(&old, &new);
        assert_eq!(
            changes.len(),
            1,
            "{:?}",
            changes.iter().map(|c| &c.what).collect::<Vec<_>>()
        );
        assert_eq!(changes[0].impact, Impact::WireOnly);
        assert!(
            changes[0]
                .what
                .contains("renamed param agents.get.agent_id to id"),
            "{}",
            changes[0].what
        );

        // A new type at that place, or an optional (named) parameter renamed, breaks.
        let retyped = with_wire(&[
            ("operation agents.get", "-> Agent", "GET /v1/agents/{id}"),
            ("param agents.get.id", "argument 1: String", "path id"),
            ("param agents.get.expand", "Option<String>", "query expand"),
        ]);
        assert!(
            compare(&old, &retyped)
                .iter()
                .any(|c| c.impact == Impact::Breaking)
        );
        let optional_renamed = with_wire(&[
            (
                "operation agents.get",
                "-> Agent",
                "GET /v1/agents/{agentId}",
            ),
            (
                "param agents.get.agent_id",
                "argument 1: Uuid",
                "path agentId",
            ),
            (
                "param agents.get.expansion",
                "Option<String>",
                "query expand",
            ),
        ]);
        assert!(
            compare(&old, &optional_renamed)
                .iter()
                .any(|c| c.impact == Impact::Breaking)
        );
    }

    #[test]
    fn an_accessor_that_stops_answering_for_a_variant_is_breaking() {
        let accessor = |variants: &str| {
            with_wire(&[(
                "accessor Conversation.state",
                "-> Option<ConversationState>",
                &format!("answers for {variants}"),
            )])
        };
        let both = accessor("ChatConversation, EmailConversation");
        let chat_only = accessor("ChatConversation");
        let changes = compare(&both, &chat_only);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].impact, Impact::Breaking);
        assert!(
            changes[0].what.contains("`None` for EmailConversation"),
            "{}",
            changes[0].what
        );
        let changes = compare(&chat_only, &both);
        assert_eq!(changes[0].impact, Impact::Additive);
    }

    #[test]
    fn before_1_0_a_breaking_change_bumps_the_minor_number() {
        assert_eq!(Bump::Major.apply("0.1.3"), "0.2.0");
        assert_eq!(Bump::Minor.apply("0.1.3"), "0.1.4");
        assert_eq!(Bump::Patch.apply("0.1.3"), "0.1.4");
        assert_eq!(Bump::Major.apply("1.2.3"), "2.0.0");
        assert_eq!(Bump::Minor.apply("1.2.3"), "1.3.0");
    }

    #[test]
    fn the_terminal_report_lists_the_first_changes_and_says_where_the_rest_are() {
        let old = surface(&[]);
        let new = surface(&[
            ("field A.a", "Option<i64>"),
            ("field A.b", "Option<i64>"),
            ("field A.c", "Option<i64>"),
        ]);
        let changes = compare(&old, &new);
        let report = Report {
            version: "v1",
            crate_version: "0.1.0",
            changes: &changes,
        };
        let all = report.to_string();
        let short = report.at_most(2);
        assert_eq!(all.lines().filter(|l| l.starts_with("- **")).count(), 3);
        assert_eq!(short.lines().filter(|l| l.starts_with("- **")).count(), 2);
        assert!(
            short.ends_with("- ... 1 more in generated-client/CHANGELOG.md\n"),
            "{short}"
        );
        assert_eq!(report.at_most(3), all);
    }
}

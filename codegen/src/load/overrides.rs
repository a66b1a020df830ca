//! Hand-written, reviewed decisions the description cannot express.
//!
//! They live in several files: `spec/overrides.yaml` holds what is true of every API
//! version, `spec/<version>/overrides.yaml` what is true of one only. A run for one
//! version reads the shared file and that version's file ([`Overrides::parse_files`]).
//!
//! Each entry names what it is about, and why (`reason`, required): `at`, a JSON pointer
//! into the description (a schema, a property or an example), or `operation`, an
//! operationId. Operations are keyed by operationId because their paths carry the
//! version (`/v1/...`, `/beta/...`) and move; the id is the same in every version. An
//! entry that matches nothing in a version it applies to is an error, so the files
//! cannot silently rot when Dixa fixes the description.

use crate::diagnostics::{Diagnostic, Diagnostics};
use serde::Deserialize;
use std::cell::RefCell;
use std::collections::BTreeSet;

/// The overrides shared by every version.
pub const FILE: &str = "spec/overrides.yaml";

/// `spec/<version>/overrides.yaml`: the decisions of one version.
pub fn version_file(version: &str) -> String {
    format!("spec/{version}/overrides.yaml")
}

/// One overrides file: where it is (for messages) and its text.
#[derive(Debug, Clone, Copy)]
pub struct OverridesFile<'a> {
    /// Relative to the workspace root, as messages should name it.
    pub path: &'a str,
    pub text: &'a str,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    overrides: Vec<Override>,
}

/// One decision.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Override {
    /// JSON pointer into the description: a schema, a property, an operation or an
    /// example. Exactly one of `at` and `operation` is given.
    #[serde(default)]
    pub at: Option<String>,
    /// The operationId of an operation (for a `rename`): survives path changes.
    #[serde(default)]
    pub operation: Option<String>,
    pub reason: String,
    /// For a `oneOf`: how it is represented on the wire.
    #[serde(default)]
    pub union: Option<UnionOverride>,
    /// For a property: replace the declared type.
    #[serde(default)]
    pub field_type: Option<FieldTypeOverride>,
    /// For an example: the description's example is known to be wrong; skip it.
    #[serde(default)]
    pub skip_example: bool,
    /// For a property: the server may send `null` here and the `null` must be kept.
    #[serde(default)]
    pub nullable: bool,
    /// For a property the description requires: Dixa may leave it out, so it is an
    /// `Option` (when Dixa's versions disagree on whether a response field is required).
    #[serde(default)]
    pub optional: bool,
    /// For a type or an operation: the Rust name to use instead of the derived one.
    #[serde(default)]
    pub rename: Option<String>,
}

impl Override {
    /// What the entry is about, as the report and messages show it: the pointer, or
    /// `operation <operationId>`.
    pub fn subject(&self) -> String {
        match (&self.at, &self.operation) {
            (Some(at), _) => at.clone(),
            (None, Some(id)) => format!("operation {id}"),
            (None, None) => String::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum UnionOverride {
    /// No `_type` on the wire: variants are told apart by a key only each one has.
    Untagged,
    /// Each variant is an object with a single `value` field, and only that value goes
    /// on the wire: variants are told apart by its JSON kind.
    UnwrappedValues,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum FieldTypeOverride {
    /// A `values: [...]` string that is really sent as `{"_type": "<value>"}`.
    TaggedUnitEnum,
    /// Declared a string, but other JSON kinds are sent too: accept and keep them.
    LenientString,
}

/// The parsed files of one run, with a record of which entries were used.
#[derive(Debug, Default)]
pub struct Overrides {
    entries: Vec<Entry>,
    used: RefCell<BTreeSet<usize>>,
    /// The API version this run is for, as messages name it (`v1`).
    version: Option<String>,
}

/// One entry and where it was written.
#[derive(Debug)]
struct Entry {
    /// `spec/overrides.yaml#/overrides/3`.
    place: String,
    decision: Override,
    /// An operation name from another version's file ([`Overrides::for_version`]).
    borrowed: bool,
}

/// Whether `file` is a version's own overrides file, `spec/<version>/overrides.yaml`.
fn is_version_file(file: &str) -> bool {
    file.strip_prefix("spec/")
        .and_then(|rest| rest.strip_suffix("/overrides.yaml"))
        .is_some_and(|version| !version.is_empty() && !version.contains('/'))
}

impl Overrides {
    /// One file's text, named [`FILE`] in messages.
    pub fn parse(text: &str) -> Result<Overrides, Diagnostics> {
        Overrides::parse_files(&[OverridesFile { path: FILE, text }])
    }

    /// Several files' entries, in order; problems of every file are reported together.
    pub fn parse_files(files: &[OverridesFile<'_>]) -> Result<Overrides, Diagnostics> {
        let mut entries = Vec::new();
        let mut diags = Diagnostics::default();
        for file in files {
            match entries_of(file) {
                Ok(more) => entries.extend(more),
                Err(problems) => diags.0.extend(problems.0),
            }
        }
        diags.into_result()?;
        Ok(Overrides {
            entries,
            ..Overrides::default()
        })
    }

    /// Applies the entries to one API version, which messages about stale entries name.
    ///
    /// Entries of another version's file (`spec/<other>/overrides.yaml`) are that
    /// version's decisions, with one exception: an operation's name, keyed by its
    /// operationId, reaches the same operation wherever it appears, so an operation new
    /// to this version reads as it does in the version that had it first. They come
    /// after this version's own entries and the shared ones, which win, and are never
    /// stale here.
    pub fn for_version(mut self, version: &str) -> Overrides {
        let own = version_file(version);
        self.entries.retain_mut(|entry| {
            let file = entry.place.split('#').next().unwrap_or_default();
            entry.borrowed = is_version_file(file) && file != own;
            !entry.borrowed
                || (entry.decision.operation.is_some() && entry.decision.rename.is_some())
        });
        self.version = Some(version.to_string());
        self
    }

    pub fn from_entries(entries: Vec<Override>) -> Overrides {
        let entries = entries
            .into_iter()
            .enumerate()
            .map(|(i, decision)| Entry {
                place: format!("{FILE}#/overrides/{i}"),
                decision,
                borrowed: false,
            })
            .collect();
        Overrides {
            entries,
            ..Overrides::default()
        }
    }

    /// The entry that decides `what` about the schema, property or example at
    /// `pointer`, marking it used.
    fn find(&self, pointer: &str, what: impl Fn(&Override) -> bool) -> Option<&Override> {
        self.find_where(|o| o.at.as_deref() == Some(pointer) && what(o))
    }

    fn find_where(&self, matches: impl Fn(&Override) -> bool) -> Option<&Override> {
        // This version's and the shared entries first: a borrowed one only fills a gap.
        let by_priority = |borrowed| {
            let entries = self.entries.iter().enumerate();
            entries.filter(move |(_, e)| e.borrowed == borrowed)
        };
        let (i, entry) = by_priority(false)
            .chain(by_priority(true))
            .find(|(_, e)| matches(&e.decision))?;
        self.used.borrow_mut().insert(i);
        Some(&entry.decision)
    }

    pub fn union_repr(&self, pointer: &str) -> Option<UnionOverride> {
        self.find(pointer, |o| o.union.is_some())
            .and_then(|o| o.union)
    }

    pub fn field_type(&self, pointer: &str) -> Option<FieldTypeOverride> {
        self.find(pointer, |o| o.field_type.is_some())
            .and_then(|o| o.field_type)
    }

    pub fn nullable(&self, pointer: &str) -> bool {
        self.find(pointer, |o| o.nullable).is_some()
    }

    /// Whether the required property at `pointer` is to be optional.
    pub fn optional(&self, pointer: &str) -> bool {
        self.find(pointer, |o| o.optional).is_some()
    }

    /// The Rust name of a type or property (keyed by its pointer).
    pub fn rename(&self, pointer: &str) -> Option<&str> {
        self.find(pointer, |o| o.rename.is_some())
            .and_then(|o| o.rename.as_deref())
    }

    /// The method name of an operation, keyed by its operationId (or, in a file of one
    /// version, by its pointer `#/paths/~1v1~1.../get`).
    pub fn operation_rename(&self, operation_id: &str, pointer: &str) -> Option<&str> {
        self.find_where(|o| {
            o.rename.is_some()
                && (o.operation.as_deref() == Some(operation_id)
                    || o.at.as_deref() == Some(pointer))
        })
        .and_then(|o| o.rename.as_deref())
    }

    /// The reason an example is skipped, if an override says so.
    pub fn skipped_example(&self, pointer: &str) -> Option<&str> {
        self.find(pointer, |o| o.skip_example)
            .map(|o| o.reason.as_str())
    }

    /// The entries in effect, for the report: all of this version's and the shared
    /// ones, and the operation names borrowed from another version that were used.
    pub fn entries(&self) -> impl Iterator<Item = &Override> {
        let used = self.used.borrow().clone();
        self.entries
            .iter()
            .enumerate()
            .filter(move |(i, e)| !e.borrowed || used.contains(i))
            .map(|(_, e)| &e.decision)
    }

    /// Entries that matched nothing in `description` (the one this run is for): stale
    /// decisions to delete, re-key or move. An operation keyed by a path that only moved
    /// is recognised, and the message says to key it by its operationId instead of
    /// deleting it.
    pub fn unused(&self, description: &openapiv3::OpenAPI) -> Diagnostics {
        let version = match &self.version {
            Some(version) => format!("{version} description"),
            None => "description".to_string(),
        };
        let version = version.as_str();
        let used = self.used.borrow();
        let mut diags = Diagnostics::default();
        for (i, entry) in self.entries.iter().enumerate() {
            if !used.contains(&i) && !entry.borrowed {
                diags.push(
                    entry.place.clone(),
                    stale_message(&entry.decision, version, description),
                );
            }
        }
        diags
    }
}

/// Why an entry matched nothing in the `version` description, and what to do about it.
fn stale_message(o: &Override, version: &str, description: &openapiv3::OpenAPI) -> String {
    let elsewhere = "if it holds only for other versions, move it to their \
                     spec/<version>/overrides.yaml";
    if let Some(id) = &o.operation {
        return format!(
            "no operation has operationId `{id}` in the {version}: if Dixa \
             renamed it, key the entry by the new id; if the operation is gone, delete the \
             entry; {elsewhere}"
        );
    }
    let at = o.at.as_deref().unwrap_or_default();
    if let Some((id, new_pointer)) = moved_operation(at, description) {
        return format!(
            "override for `{at}` matches nothing in the {version}, but its \
             operation only moved: it is `{new_pointer}` now. Keep the decision and key it \
             by `operation: {id}` (operationIds survive path changes) instead of `at`"
        );
    }
    format!(
        "override for `{at}` matches nothing in the {version}: if what it \
         decides is gone, delete it; if it moved (a renamed schema or property), point `at` \
         to the new place; {elsewhere}"
    )
}

/// For a pointer to an operation (`#/paths/~1beta~1agents/get`) that is not in the
/// description: the operationId and pointer of the operation with the same method at
/// the same path once the version prefix is ignored (`/v1/agents`), if there is one.
fn moved_operation(pointer: &str, description: &openapiv3::OpenAPI) -> Option<(String, String)> {
    let rest = pointer.strip_prefix("#/paths/")?;
    let (escaped_path, method) = rest.split_once('/')?;
    let method = method.split('/').next()?;
    let path = escaped_path.replace("~1", "/").replace("~0", "~");
    let wanted = crate::conventions::path_without_version(&path);
    description.paths.paths.iter().find_map(|(path, item)| {
        if crate::conventions::path_without_version(path) != wanted {
            return None;
        }
        let item = item.as_item()?;
        let (_, op) = item.iter().find(|(m, _)| *m == method)?;
        let escaped = path.replace('~', "~0").replace('/', "~1");
        Some((
            op.operation_id.clone().unwrap_or_default(),
            format!("#/paths/{escaped}/{method}"),
        ))
    })
}

/// The entries of one file, checked.
fn entries_of(file: &OverridesFile<'_>) -> Result<Vec<Entry>, Diagnostics> {
    let name = file.path;
    if file.text.trim().is_empty() {
        return Ok(Vec::new());
    }
    // Syntax first, then shape, so each error gets its own kind of place.
    let value: serde_yaml::Value = serde_yaml::from_str(file.text).map_err(|e| Diagnostic {
        pointer: format!("{name}#"),
        message: format!("the overrides file is not valid YAML: {e}"),
    })?;
    let parsed: File = serde_path_to_error::deserialize(&value).map_err(|e| Diagnostic {
        pointer: crate::load::pointer_under(&format!("{name}#"), e.path()),
        message: format!("invalid override: {}", e.inner()),
    })?;
    let mut diags = Diagnostics::default();
    for (i, o) in parsed.overrides.iter().enumerate() {
        let place = format!("{name}#/overrides/{i}");
        if o.reason.trim().is_empty() {
            diags.push(place.clone(), "every override needs a `reason`");
        }
        if let Some(rename) = o
            .rename
            .as_deref()
            .filter(|r| !crate::names::is_rust_name(r))
        {
            diags.push(
                format!("{place}/rename"),
                format!(
                    "`{rename}` is not a Rust name (ASCII letters, digits and `_`, not starting with a digit)"
                ),
            );
        }
        match (&o.at, &o.operation) {
            (Some(at), None) if !at.starts_with("#/") => diags.push(
                format!("{place}/at"),
                format!("`{at}` is not a JSON pointer into the description (`#/...`)"),
            ),
            (Some(_), None) => {}
            (None, Some(_)) if o.rename.is_none() || o.decides_more_than_a_name() => diags.push(
                place.clone(),
                "an entry keyed by `operation` can only `rename` it",
            ),
            (None, Some(_)) => {}
            _ => diags.push(
                place.clone(),
                "give exactly one of `at` (a JSON pointer) and `operation` (an operationId)",
            ),
        }
    }
    diags.into_result()?;
    Ok(parsed
        .overrides
        .into_iter()
        .enumerate()
        .map(|(i, decision)| Entry {
            place: format!("{name}#/overrides/{i}"),
            decision,
            borrowed: false,
        })
        .collect())
}

impl Override {
    fn decides_more_than_a_name(&self) -> bool {
        self.union.is_some()
            || self.field_type.is_some()
            || self.skip_example
            || self.nullable
            || self.optional
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_override_needs_a_reason() {
        let err = Overrides::parse(
            "overrides:\n  - at: '#/components/schemas/A'\n    reason: ''\n    union: untagged\n",
        )
        .unwrap_err();
        assert_eq!(err.0[0].pointer, "spec/overrides.yaml#/overrides/0");
    }

    #[test]
    fn unknown_keys_are_rejected_with_their_place() {
        let err = Overrides::parse("overrides:\n  - at: '#/a'\n    reason: r\n    colour: red\n")
            .unwrap_err();
        assert_eq!(
            err.0[0].pointer, "spec/overrides.yaml#/overrides/0/colour",
            "{err}"
        );
        assert!(err.0[0].message.contains("unknown field `colour`"), "{err}");
    }

    #[test]
    fn bad_values_and_bad_yaml_have_their_own_places() {
        let err = Overrides::parse("overrides:\n  - at: '#/a'\n    reason: r\n    union: tagged\n")
            .unwrap_err();
        assert_eq!(
            err.0[0].pointer, "spec/overrides.yaml#/overrides/0/union",
            "{err}"
        );
        assert!(
            err.0[0].message.contains("unknown variant `tagged`"),
            "{err}"
        );

        let err = Overrides::parse("overrides:\n  - at: '#/a'\n    reason: a: b\n").unwrap_err();
        assert_eq!(err.0[0].pointer, "spec/overrides.yaml#", "{err}");
        assert!(err.0[0].message.contains("not valid YAML"), "{err}");
    }

    fn description(paths: &str) -> openapiv3::OpenAPI {
        let text = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}");
        crate::load::parse_description(&text).unwrap().api
    }

    #[test]
    fn unused_overrides_are_reported() {
        let o = Overrides::parse(
            "overrides:\n  - at: '#/components/schemas/A'\n    reason: r\n    union: untagged\n",
        )
        .unwrap();
        let spec = description("  {}\n");
        assert_eq!(o.unused(&spec).0.len(), 1);
        assert_eq!(
            o.union_repr("#/components/schemas/A"),
            Some(UnionOverride::Untagged)
        );
        assert!(o.unused(&spec).is_empty());
    }

    #[test]
    fn operations_are_renamed_by_operation_id_whatever_their_path() {
        let o = Overrides::parse(
            "overrides:\n  - operation: postAnonymization\n    reason: r\n    rename: anonymize\n",
        )
        .unwrap();
        assert_eq!(
            o.operation_rename("postAnonymization", "#/paths/~1v1~1anonymization/post"),
            Some("anonymize")
        );
        assert_eq!(
            o.operation_rename("getAgents", "#/paths/~1v1~1agents/get"),
            None
        );
    }

    #[test]
    fn a_stale_operation_id_names_the_version_and_what_to_do() {
        let o = Overrides::parse("overrides:\n  - operation: gone\n    reason: r\n    rename: x\n")
            .unwrap();
        let diags = o.for_version("beta").unused(&description("  {}\n"));
        assert_eq!(diags.0[0].pointer, "spec/overrides.yaml#/overrides/0");
        let message = &diags.0[0].message;
        assert!(
            message.contains("operationId `gone` in the beta description"),
            "{message}"
        );
        assert!(
            message.contains("spec/<version>/overrides.yaml"),
            "{message}"
        );
    }

    #[test]
    fn an_operation_that_only_moved_is_not_called_stale() {
        let o = Overrides::parse(
            "overrides:\n  - at: '#/paths/~1beta~1agents/get'\n    reason: r\n    rename: list_all\n",
        )
        .unwrap();
        let spec = description(
            "  /v1/agents:\n    get:\n      operationId: getAgents\n      responses: {}\n",
        );
        assert_eq!(
            o.operation_rename("getAgents", "#/paths/~1v1~1agents/get"),
            None
        );
        let o = o.for_version("v1");
        let message = &o.unused(&spec).0[0].message;
        assert!(message.contains("only moved"), "{message}");
        assert!(message.contains("`#/paths/~1v1~1agents/get`"), "{message}");
        assert!(message.contains("`operation: getAgents`"), "{message}");
        assert!(!message.contains("delete"), "{message}");
    }

    #[test]
    fn an_operation_name_of_another_version_reaches_the_operation_unless_overridden() {
        let file = |path, text| OverridesFile { path, text };
        let beta = "overrides:\n  - operation: postSearch\n    reason: r\n    rename: with_filters\n  - operation: gone\n    reason: r\n    rename: x\n  - at: '#/components/schemas/A'\n    reason: r\n    nullable: true\n";
        let files = [
            file(FILE, "overrides: []\n"),
            file("spec/v1/overrides.yaml", "overrides: []\n"),
            file("spec/beta/overrides.yaml", beta),
        ];
        let v1 = Overrides::parse_files(&files).unwrap().for_version("v1");
        // A beta operation that v1 gains later reads the same in v1...
        assert_eq!(
            v1.operation_rename("postSearch", "#/paths/~1v1~1search/post"),
            Some("with_filters")
        );
        // ...the beta's other decisions stay the beta's, and what v1 lacks is not stale.
        assert!(!v1.nullable("#/components/schemas/A"));
        let paths = "  /v1/search:\n    post: {operationId: postSearch, responses: {}}\n";
        assert!(v1.unused(&description(paths)).0.is_empty());

        // A version's own name wins.
        let own = "overrides:\n  - operation: postSearch\n    reason: r\n    rename: search\n";
        let files = [
            file(FILE, "overrides: []\n"),
            file("spec/v1/overrides.yaml", own),
            file("spec/beta/overrides.yaml", beta),
        ];
        let v1 = Overrides::parse_files(&files).unwrap().for_version("v1");
        assert_eq!(
            v1.operation_rename("postSearch", "#/paths/~1v1~1search/post"),
            Some("search")
        );
        // In the beta itself, its entries are its own: a stale one is reported.
        let beta_run = Overrides::parse_files(&files).unwrap().for_version("beta");
        beta_run.operation_rename("postSearch", "#/paths/~1beta~1search/post");
        beta_run.nullable("#/components/schemas/A");
        let stale = beta_run.unused(&description(paths));
        assert_eq!(stale.0.len(), 1, "{stale}");
        assert_eq!(stale.0[0].pointer, "spec/beta/overrides.yaml#/overrides/1");
    }

    #[test]
    fn entries_of_several_files_are_named_by_their_file() {
        let shared =
            "overrides:\n  - at: '#/components/schemas/A'\n    reason: r\n    nullable: true\n";
        let beta = "overrides:\n  - operation: x\n    reason: ''\n    rename: y\n";
        let err = Overrides::parse_files(&[
            OverridesFile {
                path: FILE,
                text: shared,
            },
            OverridesFile {
                path: "spec/beta/overrides.yaml",
                text: beta,
            },
        ])
        .unwrap_err();
        assert_eq!(err.0.len(), 1, "{err}");
        assert_eq!(err.0[0].pointer, "spec/beta/overrides.yaml#/overrides/0");
    }

    #[test]
    fn an_entry_names_exactly_one_subject() {
        for text in [
            "overrides:\n  - reason: r\n    rename: y\n",
            "overrides:\n  - at: '#/a'\n    operation: x\n    reason: r\n    rename: y\n",
            "overrides:\n  - operation: x\n    reason: r\n    nullable: true\n",
        ] {
            let err = Overrides::parse(text).unwrap_err();
            assert_eq!(
                err.0[0].pointer, "spec/overrides.yaml#/overrides/0",
                "{text}"
            );
        }
    }
}

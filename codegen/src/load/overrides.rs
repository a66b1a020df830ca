//! Hand-written, reviewed decisions the description cannot express (`spec/overrides.yaml`).
//!
//! Each entry names the JSON pointer it is about (`at`), what it decides, and why
//! (`reason`, required). An entry that no longer matches anything is an error, so the
//! file cannot silently rot when Dixa fixes the description.

use crate::diagnostics::{Diagnostic, Diagnostics};
use serde::Deserialize;
use std::cell::RefCell;
use std::collections::BTreeSet;

pub const FILE: &str = "spec/overrides.yaml";

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
    /// JSON pointer into the description: a schema, a property, an operation or an example.
    pub at: String,
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
    /// For a type or an operation: the Rust name to use instead of the derived one.
    #[serde(default)]
    pub rename: Option<String>,
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

/// The parsed file, with a record of which entries were used.
#[derive(Debug, Default)]
pub struct Overrides {
    entries: Vec<Override>,
    used: RefCell<BTreeSet<usize>>,
}

impl Overrides {
    pub fn parse(text: &str) -> Result<Overrides, Diagnostics> {
        if text.trim().is_empty() {
            return Ok(Overrides::default());
        }
        // Syntax first, then shape, so each error gets its own kind of place.
        let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| Diagnostic {
            pointer: format!("{FILE}#"),
            message: format!("the overrides file is not valid YAML: {e}"),
        })?;
        let file: File = serde_path_to_error::deserialize(&value).map_err(|e| Diagnostic {
            pointer: crate::load::pointer_under(&format!("{FILE}#"), e.path()),
            message: format!("invalid override: {}", e.inner()),
        })?;
        let mut diags = Diagnostics::default();
        for (i, o) in file.overrides.iter().enumerate() {
            if o.reason.trim().is_empty() {
                diags.push(
                    format!("{FILE}#/overrides/{i}"),
                    "every override needs a `reason`",
                );
            }
            if let Some(rename) = o
                .rename
                .as_deref()
                .filter(|r| !crate::names::is_rust_name(r))
            {
                diags.push(
                    format!("{FILE}#/overrides/{i}/rename"),
                    format!(
                        "`{rename}` is not a Rust name (ASCII letters, digits and `_`, not starting with a digit)"
                    ),
                );
            }
            if !o.at.starts_with("#/") {
                diags.push(
                    format!("{FILE}#/overrides/{i}/at"),
                    format!(
                        "`{}` is not a JSON pointer into the description (`#/...`)",
                        o.at
                    ),
                );
            }
        }
        diags.into_result()?;
        Ok(Overrides {
            entries: file.overrides,
            used: RefCell::default(),
        })
    }

    pub fn from_entries(entries: Vec<Override>) -> Overrides {
        Overrides {
            entries,
            used: RefCell::default(),
        }
    }

    /// The entry about `pointer` that decides `what`, marking it used.
    fn find(&self, pointer: &str, what: impl Fn(&Override) -> bool) -> Option<&Override> {
        let (i, o) = self
            .entries
            .iter()
            .enumerate()
            .find(|(_, o)| o.at == pointer && what(o))?;
        self.used.borrow_mut().insert(i);
        Some(o)
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

    pub fn rename(&self, pointer: &str) -> Option<&str> {
        self.find(pointer, |o| o.rename.is_some())
            .and_then(|o| o.rename.as_deref())
    }

    /// The reason an example is skipped, if an override says so.
    pub fn skipped_example(&self, pointer: &str) -> Option<&str> {
        self.find(pointer, |o| o.skip_example)
            .map(|o| o.reason.as_str())
    }

    /// All entries, for the report.
    pub fn entries(&self) -> &[Override] {
        &self.entries
    }

    /// Entries that matched nothing: stale decisions to delete or fix.
    pub fn unused(&self) -> Diagnostics {
        let used = self.used.borrow();
        let mut diags = Diagnostics::default();
        for (i, o) in self.entries.iter().enumerate() {
            if !used.contains(&i) {
                diags.push(
                    format!("{FILE}#/overrides/{i}"),
                    format!(
                        "override for `{}` matches nothing in the description (stale? delete it)",
                        o.at
                    ),
                );
            }
        }
        diags
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

    #[test]
    fn unused_overrides_are_reported() {
        let o = Overrides::parse(
            "overrides:\n  - at: '#/components/schemas/A'\n    reason: r\n    union: untagged\n",
        )
        .unwrap();
        assert_eq!(o.unused().0.len(), 1);
        assert_eq!(
            o.union_repr("#/components/schemas/A"),
            Some(UnionOverride::Untagged)
        );
        assert!(o.unused().is_empty());
    }
}

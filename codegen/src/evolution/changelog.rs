//! `generated-client/CHANGELOG.md`, in [Keep a Changelog](https://keepachangelog.com/en/1.1.0/)'s
//! form: each regeneration that changes the generated API adds its entries under
//! "Unreleased" ([`record`]), and a release turns "Unreleased" into a version section whose
//! number follows the changes ([`release`]). Nothing already written is rewritten: a
//! regeneration inserts its block, a release inserts a heading.
//!
//! ```text
//! ## [Unreleased]
//!
//! ### API version `v1`
//!
//! Regenerated from description sha256 `9b1c…` (before: `3f2a…`): 1 breaking, 2 additive, 0 wire-only.
//!
//! - **breaking** changed field ... (`#/components/schemas/...`)
//! - **additive** added field ... (`#/components/schemas/...`)
//!
//! ### Runtime
//!
//! - **fixed** ... (written by hand, with the same markers)
//!
//! ## [0.2.0] - 2026-12-05
//! ```
//!
//! Within an API version, the newest regeneration comes first, and within one regeneration
//! the breaking changes come first.

use std::fmt;

use semver::Version;

use super::changes::{Bump, Impact, Update};

/// The heading of the section that collects what the next release will contain.
pub const UNRELEASED: &str = "## [Unreleased]";

/// The start of a new changelog: what it is and how it grows.
pub const PREAMBLE: &str = "\
# Changelog

All notable changes to `dixa-client`, newest first, in the form of
[Keep a Changelog](https://keepachangelog.com/en/1.1.0/). Versions follow
[Cargo's semver rules](https://doc.rust-lang.org/cargo/reference/semver.html): a
**breaking** change (code using the crate may stop compiling) raises the major number,
before 1.0 the minor one; an **additive** change (new API only) raises the minor number,
before 1.0 the patch one; a **wire-only** change (same Rust signatures, different JSON) or
a **fixed** bug raises the patch number.

`cargo xtask codegen` adds the entries of each regeneration that changes the generated API
under \"Unreleased\", per API version: the hashes of the two descriptions compared, and each
change with the description pointer that caused it. Changes to the hand-written runtime are
written by hand, with the same markers. `cargo xtask release` turns \"Unreleased\" into a
version.
";

/// The heading of one API version's entries.
fn version_heading(api_version: &str) -> String {
    format!("### API version `{api_version}`")
}

const API_VERSION_PREFIX: &str = "### API version `";

/// The markers an entry under "Unreleased" starts with, and the bump each needs.
const MARKERS: [(&str, Bump); 4] = [
    ("- **breaking** ", Bump::Major),
    ("- **additive** ", Bump::Minor),
    ("- **wire-only** ", Bump::Patch),
    ("- **fixed** ", Bump::Patch),
];

/// The first lines of one regeneration's block: which descriptions were compared, and
/// how many changes of each kind.
fn block_intro(update: &Update) -> String {
    let count = |impact| update.changes.iter().filter(|c| c.impact == impact).count();
    let counts = format!(
        "{} breaking, {} additive, {} wire-only",
        count(Impact::Breaking),
        count(Impact::Additive),
        count(Impact::WireOnly)
    );
    let new = &update.description_sha256;
    match update.previous_description_sha256.as_deref() {
        Some(old) if old == new => format!(
            "Regenerated from the same description (sha256 `{new}`); the generator or the \
             overrides changed: {counts}."
        ),
        Some(old) => {
            format!("Regenerated from description sha256 `{new}` (before: `{old}`): {counts}.")
        }
        None => format!(
            "Regenerated from description sha256 `{new}` (the one before was not recorded): \
             {counts}."
        ),
    }
}

/// One regeneration's block: its intro and one line per change, breaking first.
fn block(update: &Update) -> String {
    let mut changes: Vec<_> = update.changes.iter().collect();
    changes.sort_by(|a, b| (a.impact, &a.what).cmp(&(b.impact, &b.what)));
    let mut out = format!("{}\n\n", block_intro(update));
    for c in changes {
        out.push_str(&format!(
            "- **{}** {} (`{}`)\n",
            c.impact.as_str(),
            c.what,
            c.pointer
        ));
    }
    out
}

/// The changelog with `update`'s entries added under "Unreleased", in its API version's
/// subsection (created if missing, the API versions in name order before any other
/// subsection), above the regenerations recorded before it. `existing` is the current
/// file (`None`: there is none yet). An update without changes adds nothing.
pub fn record(existing: Option<&str>, update: &Update) -> String {
    let mut lines: Vec<String> = existing
        .unwrap_or(PREAMBLE)
        .lines()
        .map(str::to_string)
        .collect();
    if update.changes.is_empty() {
        return join(&lines);
    }
    let unreleased = match lines.iter().position(|l| l == UNRELEASED) {
        Some(at) => at,
        None => {
            // Above the first version section, or at the end.
            let at = lines
                .iter()
                .position(|l| l.starts_with("## "))
                .unwrap_or(lines.len());
            let mut inserted = Vec::new();
            if at > 0 && !lines[at - 1].is_empty() {
                inserted.push(String::new());
            }
            let heading_at = at + inserted.len();
            inserted.extend([UNRELEASED.to_string(), String::new()]);
            lines.splice(at..at, inserted);
            heading_at
        }
    };
    let section_end = lines[unreleased + 1..]
        .iter()
        .position(|l| l.starts_with("## "))
        .map_or(lines.len(), |p| unreleased + 1 + p);
    let heading = version_heading(&update.version);
    let block_lines: Vec<String> = block(update).lines().map(str::to_string).collect();
    match lines[unreleased..section_end]
        .iter()
        .position(|l| *l == heading)
    {
        Some(p) => {
            // Right under the heading and its blank line: newest first.
            let at = unreleased + p + 2;
            let mut inserted = block_lines;
            inserted.push(String::new());
            lines.splice(at..at, inserted);
        }
        None => {
            // Before the first subsection that sorts after it: another API version with a
            // greater name, or any subsection that is not an API version.
            let at = lines[unreleased + 1..section_end]
                .iter()
                .position(|l| {
                    l.starts_with("### ")
                        && match l.strip_prefix(API_VERSION_PREFIX) {
                            Some(name) => name.trim_end_matches('`') > update.version.as_str(),
                            None => true,
                        }
                })
                .map_or(section_end, |p| unreleased + 1 + p);
            let mut inserted = vec![heading, String::new()];
            inserted.extend(block_lines);
            inserted.push(String::new());
            // Keep one blank line between the section's last text and what follows.
            if at == section_end && lines.get(at - 1).is_some_and(|l| !l.is_empty()) {
                inserted.insert(0, String::new());
            }
            lines.splice(at..at, inserted);
        }
    }
    join(&lines)
}

/// The lines as a file: one newline at the end.
fn join(lines: &[String]) -> String {
    format!("{}\n", lines.join("\n").trim_end_matches('\n'))
}

/// One entry under "Unreleased" and the bump it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub bump: Bump,
    /// The entry's line, marker included.
    pub line: String,
    /// The subsection it is in (`### API version `v1``, `### Runtime`).
    pub subsection: String,
}

/// Every entry under "Unreleased". An entry (a `- ` line at the start of a line) must
/// start with a marker: `Err` lists those that do not.
pub fn unreleased_entries(changelog: &str) -> Result<Vec<Entry>, String> {
    let mut entries = Vec::new();
    let mut unmarked = Vec::new();
    let mut subsection = String::new();
    let mut inside = false;
    for line in changelog.lines() {
        if line == UNRELEASED {
            inside = true;
            continue;
        }
        if !inside {
            continue;
        }
        if line.starts_with("## ") {
            break;
        }
        if line.starts_with("### ") {
            subsection = line.to_string();
        } else if line.starts_with("- ") {
            match MARKERS.iter().find(|(marker, _)| line.starts_with(marker)) {
                Some((_, bump)) => entries.push(Entry {
                    bump: *bump,
                    line: line.to_string(),
                    subsection: subsection.clone(),
                }),
                None => unmarked.push(line.to_string()),
            }
        }
    }
    if unmarked.is_empty() {
        Ok(entries)
    } else {
        Err(format!(
            "entries under \"Unreleased\" without a marker (start each with `- **breaking**`, \
             `- **additive**`, `- **wire-only**` or `- **fixed**`, which decide the version):\n{}",
            unmarked.join("\n")
        ))
    }
}

/// What [`release`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    /// The changelog with "Unreleased" turned into the version's section (and a new, empty
    /// "Unreleased" above it).
    pub changelog: String,
    pub version: Version,
    /// The smallest version the changes allowed.
    pub required: Version,
    /// How many entries the release holds, of each bump (major, minor, patch).
    pub entries: usize,
}

/// Why [`release`] refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReleaseRefused {
    NothingUnreleased,
    Unmarked(String),
    NotAVersion {
        text: String,
        reason: String,
    },
    NotAfterCurrent {
        requested: Version,
        current: Version,
    },
    TooSmall(Box<TooSmall>),
}

/// A requested version smaller than the entries require.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooSmall {
    pub requested: Version,
    pub required: Version,
    pub current: Version,
    /// The first entry that requires the most, and how many entries require as much.
    pub deciding: Entry,
    pub as_many: usize,
}

impl fmt::Display for ReleaseRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReleaseRefused::NothingUnreleased => write!(
                f,
                "nothing to release: \"Unreleased\" in the changelog has no entries"
            ),
            ReleaseRefused::Unmarked(message) => f.write_str(message),
            ReleaseRefused::NotAVersion { text, reason } => {
                write!(
                    f,
                    "`{text}` is not a version (`MAJOR.MINOR.PATCH`): {reason}"
                )
            }
            ReleaseRefused::NotAfterCurrent { requested, current } => write!(
                f,
                "{requested} is not after the crate's current version {current}"
            ),
            ReleaseRefused::TooSmall(too_small) => {
                let TooSmall {
                    requested,
                    required,
                    current,
                    deciding,
                    as_many,
                } = too_small.as_ref();
                let (kind, rule) = match deciding.bump {
                    Bump::Major if current.major == 0 => (
                        "breaking",
                        "before 1.0 a breaking change raises the minor number",
                    ),
                    Bump::Major => ("breaking", "a breaking change raises the major number"),
                    Bump::Minor if current.major == 0 => (
                        "additive",
                        "before 1.0 an additive change raises the patch number",
                    ),
                    Bump::Minor => ("additive", "an additive change raises the minor number"),
                    _ => ("wire-only or fixed", "they raise the patch number"),
                };
                let others = match as_many {
                    0 | 1 => String::new(),
                    2 => format!(" and 1 more {kind} entry"),
                    n => format!(" and {} more {kind} entries", n - 1),
                };
                write!(
                    f,
                    "{requested} is smaller than the changes under \"Unreleased\" require: at \
                     least {required} (from {current}: {rule}), for `{}` under `{}`{others}",
                    deciding.line, deciding.subsection
                )
            }
        }
    }
}

impl std::error::Error for ReleaseRefused {}

/// Turns "Unreleased" into the section of a version dated `date` (`YYYY-MM-DD`), above
/// the released ones, with a new empty "Unreleased" above it. The version is `requested`,
/// or without one the smallest the entries allow from `current` (the bump of the entry
/// that needs the most, under Cargo's rules: [`Bump::apply`]). Refuses a requested version
/// that is not after `current` or smaller than the entries require, saying which entry
/// requires more.
pub fn release(
    changelog: &str,
    current: &str,
    requested: Option<&str>,
    date: &str,
) -> Result<Release, ReleaseRefused> {
    let parse = |text: &str| {
        let version = Version::parse(text).map_err(|e| ReleaseRefused::NotAVersion {
            text: text.to_string(),
            reason: e.to_string(),
        })?;
        if version.pre.is_empty() && version.build.is_empty() {
            Ok(version)
        } else {
            Err(ReleaseRefused::NotAVersion {
                text: text.to_string(),
                reason: "pre-releases and build metadata are not released from here".into(),
            })
        }
    };
    let current = parse(current)?;
    let entries = unreleased_entries(changelog).map_err(ReleaseRefused::Unmarked)?;
    let Some(needed) = entries.iter().map(|e| e.bump).max() else {
        return Err(ReleaseRefused::NothingUnreleased);
    };
    let required = parse(&needed.apply(&current.to_string()))?;
    let version = match requested {
        None => required.clone(),
        Some(text) => {
            let requested = parse(text)?;
            if requested <= current {
                return Err(ReleaseRefused::NotAfterCurrent { requested, current });
            }
            if requested < required {
                let deciding: Vec<&Entry> = entries.iter().filter(|e| e.bump == needed).collect();
                return Err(ReleaseRefused::TooSmall(Box::new(TooSmall {
                    requested,
                    required,
                    current,
                    deciding: deciding[0].clone(),
                    as_many: deciding.len(),
                })));
            }
            requested
        }
    };
    let heading = format!("## [{version}] - {date}");
    let changelog = changelog.replacen(
        &format!("{UNRELEASED}\n"),
        &format!("{UNRELEASED}\n\n{heading}\n"),
        1,
    );
    Ok(Release {
        changelog,
        version,
        required,
        entries: entries.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evolution::Change;

    fn update(version: &str, old: &str, new: &str, changes: &[(Impact, &str)]) -> Update {
        Update {
            version: version.into(),
            previous_description_sha256: Some(old.into()),
            description_sha256: new.into(),
            changes: changes
                .iter()
                .map(|(impact, what)| Change {
                    impact: *impact,
                    what: what.to_string(),
                    pointer: "#/x".into(),
                })
                .collect(),
        }
    }

    #[test]
    fn regenerations_accumulate_per_api_version_newest_first() {
        let first = record(
            None,
            &update("v1", "a", "b", &[(Impact::Additive, "added x")]),
        );
        let beta = record(
            Some(&first),
            &update("beta", "c", "c", &[(Impact::WireOnly, "w")]),
        );
        let second = record(
            Some(&beta),
            &update(
                "v1",
                "b",
                "d",
                &[
                    (Impact::Additive, "added y"),
                    (Impact::Breaking, "removed z"),
                ],
            ),
        );
        let unreleased = &second[second.find(UNRELEASED).unwrap()..];
        assert_eq!(
            unreleased,
            "## [Unreleased]\n\n\
             ### API version `beta`\n\n\
             Regenerated from the same description (sha256 `c`); the generator or the overrides \
             changed: 0 breaking, 0 additive, 1 wire-only.\n\n\
             - **wire-only** w (`#/x`)\n\n\
             ### API version `v1`\n\n\
             Regenerated from description sha256 `d` (before: `b`): 1 breaking, 1 additive, 0 \
             wire-only.\n\n\
             - **breaking** removed z (`#/x`)\n\
             - **additive** added y (`#/x`)\n\n\
             Regenerated from description sha256 `b` (before: `a`): 0 breaking, 1 additive, 0 \
             wire-only.\n\n\
             - **additive** added x (`#/x`)\n"
        );
        assert!(second.starts_with(PREAMBLE));
    }

    #[test]
    fn an_update_without_changes_adds_nothing() {
        let first = record(
            None,
            &update("v1", "a", "b", &[(Impact::Additive, "added x")]),
        );
        assert_eq!(record(Some(&first), &update("v1", "b", "c", &[])), first);
    }

    #[test]
    fn api_versions_go_before_hand_written_subsections_and_released_versions_stay() {
        let existing = format!(
            "{PREAMBLE}\n{UNRELEASED}\n\n### Runtime\n\n- **fixed** a bug\n\n\
             ## [0.1.0] - 2026-01-01\n\n- **additive** old\n"
        );
        let text = record(
            Some(&existing),
            &update("v1", "a", "b", &[(Impact::Additive, "y")]),
        );
        let v1 = text.find("### API version `v1`").unwrap();
        let runtime = text.find("### Runtime").unwrap();
        assert!(v1 < runtime, "{text}");
        assert!(text.ends_with("## [0.1.0] - 2026-01-01\n\n- **additive** old\n"));
    }

    fn unreleased_with(entries: &str) -> String {
        format!("{PREAMBLE}\n{UNRELEASED}\n\n### Runtime\n\n{entries}\n")
    }

    #[test]
    fn a_release_takes_the_smallest_version_the_entries_allow() {
        let additive = unreleased_with("- **additive** a\n- **fixed** b");
        let released = release(&additive, "0.1.0", None, "2026-12-05").unwrap();
        assert_eq!(released.version.to_string(), "0.1.1");
        assert!(
            released
                .changelog
                .contains("## [Unreleased]\n\n## [0.1.1] - 2026-12-05\n\n### Runtime\n")
        );
        let breaking = unreleased_with("- **breaking** a");
        assert_eq!(
            release(&breaking, "0.3.2", None, "d")
                .unwrap()
                .version
                .to_string(),
            "0.4.0"
        );
        assert_eq!(
            release(&breaking, "1.3.2", None, "d")
                .unwrap()
                .version
                .to_string(),
            "2.0.0"
        );
        let fixed = unreleased_with("- **fixed** a");
        assert_eq!(
            release(&fixed, "1.3.2", None, "d")
                .unwrap()
                .version
                .to_string(),
            "1.3.3"
        );
    }

    #[test]
    fn a_release_refuses_a_version_smaller_than_the_changes_require() {
        let breaking = unreleased_with("- **additive** a\n- **breaking** removed z");
        let refused = release(&breaking, "0.1.0", Some("0.1.1"), "d").unwrap_err();
        assert_eq!(
            refused.to_string(),
            "0.1.1 is smaller than the changes under \"Unreleased\" require: at least 0.2.0 \
             (from 0.1.0: before 1.0 a breaking change raises the minor number), for \
             `- **breaking** removed z` under `### Runtime`"
        );
        assert!(release(&breaking, "0.1.0", Some("1.0.0"), "d").is_ok());
        assert!(matches!(
            release(&breaking, "0.1.0", Some("0.1.0"), "d"),
            Err(ReleaseRefused::NotAfterCurrent { .. })
        ));
        assert!(matches!(
            release(&breaking, "0.1.0", Some("0.2"), "d"),
            Err(ReleaseRefused::NotAVersion { .. })
        ));
    }

    #[test]
    fn a_release_refuses_nothing_and_unmarked_entries() {
        let empty = format!("{PREAMBLE}\n{UNRELEASED}\n");
        assert_eq!(
            release(&empty, "0.1.0", None, "d"),
            Err(ReleaseRefused::NothingUnreleased)
        );
        let unmarked = unreleased_with("- something");
        assert!(matches!(
            release(&unmarked, "0.1.0", None, "d"),
            Err(ReleaseRefused::Unmarked(_))
        ));
    }
}

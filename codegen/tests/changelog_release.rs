//! Each regeneration that changes the generated API adds its changes under "Unreleased" in
//! the crate's changelog, and `cargo xtask release` turns them into a version whose number
//! follows them. A small description (the API change catalogue's) is regenerated the way
//! `cargo xtask codegen` writes a version, in a scratch workspace.

use dixa_codegen::evolution::catalogue::{self, Mutation};
use dixa_codegen::evolution::surface::sha256_hex;
use dixa_codegen::flow::{crate_version, release, write_version};
use dixa_codegen::paths;

struct ScratchWorkspace {
    dir: tempfile::TempDir,
}

impl ScratchWorkspace {
    /// A workspace with the crate's manifest at version `version` and no changelog yet.
    fn with_crate_version(version: &str) -> ScratchWorkspace {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let manifest = dir.path().join(paths::CLIENT_MANIFEST);
        std::fs::create_dir_all(manifest.parent().unwrap()).unwrap();
        std::fs::write(
            &manifest,
            format!(
                "[package]\nname = \"dixa-client\"\n# kept by a release\nversion = \"{version}\"\n\
                 edition = \"2024\"\n"
            ),
        )
        .unwrap();
        ScratchWorkspace { dir }
    }

    /// `cargo xtask codegen` for the catalogue's API version, from `description`.
    fn regenerate(&self, description: &str) {
        let generated = dixa_codegen::generate(catalogue::VERSION, description, &[])
            .unwrap_or_else(|e| panic!("the generator rejected the description:\n{e}"));
        write_version(self.dir.path(), catalogue::VERSION, &generated).unwrap();
    }

    fn changelog(&self) -> String {
        std::fs::read_to_string(self.dir.path().join(paths::CHANGELOG)).unwrap_or_default()
    }

    fn manifest(&self) -> String {
        std::fs::read_to_string(self.dir.path().join(paths::CLIENT_MANIFEST)).unwrap()
    }

    fn release(&self, requested: Option<&str>) -> Result<String, String> {
        release(self.dir.path(), requested, "2026-12-05")
            .map(|released| released.version)
            .map_err(|e| e.to_string())
    }
}

fn mutation(name: &str) -> Mutation {
    catalogue::catalogue()
        .into_iter()
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("no mutation {name:?} in the catalogue"))
}

/// The catalogue's base description with these mutations applied, in order.
fn description_with(names: &[&str]) -> String {
    let mut description = catalogue::base();
    for name in names {
        (mutation(name).apply)(&mut description);
    }
    serde_json::to_string_pretty(&description).unwrap()
}

/// The text of the changelog's "Unreleased" section.
fn unreleased(changelog: &str) -> &str {
    let start = changelog
        .find("## [Unreleased]")
        .expect("an Unreleased section");
    let rest = &changelog[start + 1..];
    let end = rest
        .find("\n## ")
        .map_or(changelog.len(), |e| start + 1 + e);
    &changelog[start..end]
}

#[test]
fn regenerations_accumulate_under_unreleased_and_a_release_follows_them() {
    let ws = ScratchWorkspace::with_crate_version("0.1.0");
    let base = catalogue::BASE.to_string();
    let with_size = description_with(&["new optional field"]);
    let note_required = description_with(&["new optional field", "optional field made required"]);

    // The first run records the API surface: nothing to compare yet, no changelog.
    ws.regenerate(&base);
    assert_eq!(ws.changelog(), "");

    // An optional field: additive.
    ws.regenerate(&with_size);
    let after_one = ws.changelog();
    assert!(after_one.starts_with("# Changelog\n"), "{after_one}");
    assert!(
        unreleased(&after_one).contains(&format!(
            "Regenerated from description sha256 `{}` (before: `{}`): 0 breaking, 1 additive, \
             0 wire-only.\n\n\
             - **additive** added field CreateThingInput.size: optional Option<i64> (\"size\") \
             (`#/components/schemas/CreateThingInput/properties/size`)\n",
            sha256_hex(with_size.as_bytes()),
            sha256_hex(base.as_bytes()),
        )),
        "{after_one}"
    );

    // The same description again changes nothing.
    ws.regenerate(&with_size);
    assert_eq!(ws.changelog(), after_one);

    // A field made required: breaking. Its block goes above the first one, which stays.
    ws.regenerate(&note_required);
    let after_two = ws.changelog();
    let section = unreleased(&after_two);
    let newest = section
        .find(&format!(
            "sha256 `{}`",
            sha256_hex(note_required.as_bytes())
        ))
        .expect("the second regeneration's block");
    let oldest = section
        .find(&format!("sha256 `{}`", sha256_hex(with_size.as_bytes())))
        .expect("the first regeneration's block");
    assert!(newest < oldest, "{section}");
    assert!(
        section.contains(
            "- **breaking** changed field CreateThingInput.note: optional Option<String> -> \
             required String"
        ),
        "{section}"
    );
    assert!(after_two.contains(&after_one[after_one.find("Regenerated").unwrap()..]));

    // A breaking change before 1.0 needs 0.2.0: 0.1.1 is refused, and nothing is written.
    let refused = ws.release(Some("0.1.1")).unwrap_err();
    assert!(
        refused.contains(
            "0.1.1 is smaller than the changes under \"Unreleased\" require: at least 0.2.0"
        ) && refused.contains("changed field CreateThingInput.note"),
        "{refused}"
    );
    assert_eq!(ws.changelog(), after_two);
    assert_eq!(crate_version(ws.dir.path()).unwrap(), "0.1.0");

    // Without a version, the release takes the one the changes require.
    assert_eq!(ws.release(None).unwrap(), "0.2.0");
    assert_eq!(crate_version(ws.dir.path()).unwrap(), "0.2.0");
    assert!(
        ws.manifest()
            .contains("# kept by a release\nversion = \"0.2.0\"\n")
    );
    let released = ws.changelog();
    assert!(
        released.contains("## [Unreleased]\n\n## [0.2.0] - 2026-12-05\n\n### API version `v1`\n")
    );
    assert_eq!(
        released.replace(
            "## [Unreleased]\n\n## [0.2.0] - 2026-12-05\n",
            "## [Unreleased]\n"
        ),
        after_two,
        "a release only inserts the version's heading"
    );

    // The next regeneration starts a new "Unreleased"; additive only: 0.2.1.
    let with_tag = description_with(&[
        "new optional field",
        "optional field made required",
        "new enum value",
    ]);
    ws.regenerate(&with_tag);
    let next = ws.changelog();
    assert!(
        unreleased(&next).contains("- **additive** added value"),
        "{next}"
    );
    assert!(!unreleased(&next).contains("**breaking**"), "{next}");
    assert_eq!(ws.release(None).unwrap(), "0.2.1");
    assert!(ws.release(None).unwrap_err().contains("nothing to release"));
}

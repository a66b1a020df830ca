//! Dixa publishes new descriptions of both API versions, and a user updates the way the
//! README says: `cargo xtask fetch-spec --version V --from FILE --update-pin`, then
//! `cargo xtask codegen`, then reads the report. The descriptions are small hand-written
//! ones (`tests/description_update/`): v1 only gains things (a field, an enum value, a query
//! parameter, and the beta's notes operation with its types), the beta also loses some (an
//! operation, a field, an enum value) and renames a path parameter.
//!
//! The flow runs in a scratch workspace: a copy of the crate's hand-written code
//! (`generated-client/src/` without `generated/`), the fixture descriptions pinned in its
//! `spec/`, and a user's crate with one program per API version. Before and after the
//! update, one `cargo clippy -D warnings` checks everything there: the generated crate
//! with its generated test files (`tests/generated/<version>/`), which must be clean for
//! any description, and the user's programs, which must compile exactly as the report
//! says. After the update, v1's program (additive changes only) still compiles; the beta's
//! program, which uses what the update removes, fails, and each compiler error names an
//! item the report lists as breaking.
//!
//! The checks share one target directory with the rest of this test run, so the
//! dependencies are checked once (and reused with `cargo xtask test`'s next run).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use dixa_codegen::evolution::{Bump, Change, Impact, Update};
use dixa_codegen::flow::{FlowError, generate_version, release, write_derived, write_version};
use xtask::Workspace;
use xtask::fetch::{FetchRequest, Fetched, fetch_spec};

/// The fixture files of this test.
fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/description_update")
        .join(name)
}

/// The workspace this test runs in.
fn project_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace root")
}

struct ScratchWorkspace {
    ws: Workspace,
}

impl ScratchWorkspace {
    /// The scratch workspace, at the same place in every run (so cargo reuses its last
    /// check of the copied crate), emptied first.
    fn create() -> ScratchWorkspace {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("description-update");
        if root.exists() {
            std::fs::remove_dir_all(&root).expect("empty the scratch workspace");
        }
        std::fs::create_dir_all(&root).unwrap();
        let ws = ScratchWorkspace {
            ws: Workspace::at(&root),
        };
        ws.copy_client_crate();
        ws.write_workspace_manifest();
        ws.write_spec();
        ws.write_user_crate();
        ws
    }

    fn root(&self) -> &Path {
        self.ws.root()
    }

    fn write(&self, path: &str, contents: &str) {
        let path = self.root().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }

    /// `generated-client/` as a user's checkout has it, without its generated files and
    /// with its own tests replaced by one that compiles every generated test file
    /// (the project's read the real descriptions).
    fn copy_client_crate(&self) {
        let from = project_root().join("generated-client");
        let to = self.root().join("generated-client");
        copy_dir(&from.join("src"), &to.join("src"), &["generated"]);
        for file in ["README.md", "LICENSE-APACHE", "LICENSE-MIT"] {
            std::fs::copy(from.join(file), to.join(file)).unwrap();
        }
        let manifest = std::fs::read_to_string(from.join("Cargo.toml")).unwrap();
        let mut manifest: toml_edit::DocumentMut = manifest.parse().unwrap();
        manifest.remove("dev-dependencies");
        manifest.remove("test");
        self.write(
            "generated-client/Cargo.toml",
            &format!(
                "{manifest}\n[[test]]\nname = \"generated_files\"\npath = \"tests/generated_files.rs\"\n"
            ),
        );
        self.write(
            "generated-client/tests/generated_files.rs",
            &std::fs::read_to_string(fixture("generated_files.rs")).unwrap(),
        );
    }

    /// The project's workspace manifest (its dependency versions and profiles, so the
    /// dependencies checked are the same builds) with this workspace's members, and its
    /// lock file.
    fn write_workspace_manifest(&self) {
        let manifest = std::fs::read_to_string(project_root().join("Cargo.toml")).unwrap();
        let mut manifest: toml_edit::DocumentMut = manifest.parse().unwrap();
        let members: toml_edit::Array = ["generated-client", "user"].into_iter().collect();
        manifest["workspace"]["members"] = toml_edit::value(members);
        self.write("Cargo.toml", &manifest.to_string());
        std::fs::copy(
            project_root().join("Cargo.lock"),
            self.root().join("Cargo.lock"),
        )
        .unwrap();
    }

    /// Each version pinned to its old description (at a URL nobody serves: the update
    /// comes from a file), and the beta's name for the notes operation.
    fn write_spec(&self) {
        for version in VERSIONS {
            let old = std::fs::read(fixture(&format!("{version}.old.yaml"))).unwrap();
            self.write(
                &format!("spec/{version}/source.toml"),
                &format!(
                    "url = \"https://dixa.invalid/{version}.yaml\"\nsha256 = \"{}\"\n",
                    xtask::fetch::sha256_hex(&old)
                ),
            );
        }
        self.write("spec/overrides.yaml", "overrides: []\n");
        self.write(
            "spec/beta/overrides.yaml",
            &std::fs::read_to_string(fixture("beta.overrides.yaml")).unwrap(),
        );
    }

    fn write_user_crate(&self) {
        let mut manifest = String::from(
            "[package]\nname = \"user\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\ndixa-client = { path = \"../generated-client\", features = [\"beta\"] }\n",
        );
        for version in VERSIONS {
            manifest.push_str(&format!(
                "\n[[bin]]\nname = \"{version}_user\"\npath = \"src/{version}_user.rs\"\n"
            ));
            self.write(
                &format!("user/src/{version}_user.rs"),
                &std::fs::read_to_string(fixture(&format!("{version}_user.rs"))).unwrap(),
            );
        }
        self.write("user/Cargo.toml", &manifest);
    }

    /// `cargo xtask fetch-spec --version V --from FILE [--update-pin]`.
    fn fetch(&self, version: &str, file: &str, update_pin: bool) -> Fetched {
        let request = FetchRequest {
            from: Some(fixture(file).display().to_string()),
            update_pin,
        };
        fetch_spec(&self.ws, version, self.root(), &request)
            .unwrap_or_else(|e| panic!("fetch-spec --version {version} --from {file}: {e}"))
    }

    /// `cargo xtask codegen --version V`: the files written, and the API changes.
    fn codegen(&self, version: &str) -> Option<Update> {
        let failed = |e: FlowError| -> ! { panic!("codegen --version {version}: {e}") };
        let generated = generate_version(self.root(), version, None).unwrap_or_else(|e| failed(e));
        write_derived(self.root(), &generated).unwrap_or_else(|e| failed(e));
        write_version(self.root(), version, &generated)
            .unwrap_or_else(|e| failed(e))
            .api
            .update
    }

    /// `cargo clippy --workspace ... -- -D warnings`, going on past a target
    /// that fails: each failing target's errors, by target name.
    fn clippy(&self) -> Checked {
        let output = xtask::cargo_env::cargo()
            .current_dir(self.root())
            .env("CARGO_TARGET_DIR", shared_target_dir())
            .args([
                "clippy",
                "--offline",
                "--workspace",
                // The generated code, its test files and the user's programs (the crate's
                // hand-written unit tests need its dev-dependencies; the project checks them).
                "--lib",
                "--bins",
                "--test",
                "generated_files",
                "--keep-going",
                "--message-format=json",
                "--",
                "-D",
                "warnings",
            ])
            .output()
            .expect("run cargo clippy");
        Checked::from_json_messages(
            output.status.success(),
            &String::from_utf8_lossy(&output.stdout),
            &String::from_utf8_lossy(&output.stderr),
        )
    }
}

const VERSIONS: [&str; 2] = ["v1", "beta"];

/// The target directory this test binary was built in (`<target>/debug/deps/<test>`):
/// cargo does not hold its lock while tests run.
fn shared_target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("path of the test binary");
    exe.ancestors()
        .nth(3)
        .expect("the test binary is inside <target>/<profile>/deps")
        .to_path_buf()
}

fn copy_dir(from: &Path, to: &Path, except: &[&str]) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if except.iter().any(|e| name == *e) {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(&name), &[]);
        } else {
            std::fs::copy(entry.path(), to.join(&name)).unwrap();
        }
    }
}

/// What one clippy run said.
#[derive(Debug)]
struct Checked {
    success: bool,
    /// The rendered errors (and denied warnings) of each target that has any.
    errors: std::collections::BTreeMap<String, Vec<String>>,
    stderr: String,
}

impl Checked {
    fn from_json_messages(success: bool, stdout: &str, stderr: &str) -> Checked {
        let mut errors = std::collections::BTreeMap::<String, Vec<String>>::new();
        for message in stdout
            .lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter(|m| m["reason"] == "compiler-message")
        {
            if message["message"]["level"] != "error" {
                continue;
            }
            let target = message["target"]["name"]
                .as_str()
                .unwrap_or("?")
                .to_string();
            let rendered = message["message"]["rendered"].as_str().unwrap_or("");
            errors.entry(target).or_default().push(rendered.to_string());
        }
        Checked {
            success,
            errors,
            stderr: stderr.to_string(),
        }
    }

    fn describe(&self) -> String {
        let mut out = String::new();
        for (target, errors) in &self.errors {
            out.push_str(&format!("== {target}\n{}\n", errors.join("\n")));
        }
        if self.errors.is_empty() {
            out.push_str(&self.stderr);
        }
        out
    }
}

/// Each change as its impact and what it does to which item (`breaking removed field
/// Agent.email`), without the details (after a colon or in parentheses).
fn classified(update: &Update) -> BTreeSet<String> {
    update
        .changes
        .iter()
        .map(|change| format!("{} {}", change.impact.as_str(), without_details(change)))
        .collect()
}

fn without_details(change: &Change) -> &str {
    let what = change.what.as_str();
    what.split([':', '(']).next().unwrap_or(what).trim_end()
}

fn lines(lines: &[&str]) -> BTreeSet<String> {
    lines.iter().map(|line| line.to_string()).collect()
}

/// The Rust name a breaking change is about, as the compiler names it: the last segment of
/// its item (`removed field Agent.email`: `email`).
fn rust_name(change: &Change) -> &str {
    let item = without_details(change);
    let item = item.split_whitespace().last().unwrap_or(item);
    item.rsplit('.').next().unwrap_or(item)
}

#[test]
fn an_update_of_both_descriptions_runs_and_compiles_as_its_report_says() {
    let ws = ScratchWorkspace::create();

    // Before: the pinned descriptions are fetched (and verified) and generated; the first
    // run records each API, so the next one has something to compare with.
    for version in VERSIONS {
        let fetched = ws.fetch(version, &format!("{version}.old.yaml"), false);
        assert!(matches!(fetched, Fetched::Stored { .. }), "{fetched:?}");
        assert!(
            ws.codegen(version).is_none(),
            "the first run records the API"
        );
    }
    let before = ws.clippy();
    assert!(
        before.success,
        "before the update, the generated crate, its generated tests and the user's \
         programs must pass clippy:\n{}",
        before.describe()
    );

    // Dixa publishes new descriptions: each is pinned, generated and reported.
    let update = |version: &str| {
        let file = format!("{version}.new.yaml");
        let fetched = ws.fetch(version, &file, true);
        let new_sha256 = xtask::fetch::sha256_hex(&std::fs::read(fixture(&file)).unwrap());
        assert!(
            matches!(&fetched, Fetched::Repinned { new_sha256: pinned, .. } if *pinned == new_sha256),
            "{fetched:?}"
        );
        let source = std::fs::read_to_string(ws.ws.source_toml(version)).unwrap();
        assert!(source.contains(&new_sha256), "{source}");
        ws.codegen(version)
            .expect("a report against the recorded API")
    };
    let v1 = update("v1");
    let beta = update("beta");

    // v1 only gains: a field, an enum value, a query parameter, and the beta's notes
    // operation, under the beta's name for it (spec/beta/overrides.yaml), with its types.
    assert_eq!(
        classified(&v1),
        lines(&[
            "additive added field Agent.phone_number",
            "additive added operation conversations.add_note",
            "additive added param agents.list.email",
            "additive added type CreateNoteInput",
            "additive added type Note",
            "additive added type NoteOutput",
            "additive added value AgentRole.Supervisor",
        ]),
    );
    assert_eq!(v1.bump(), Bump::Minor);
    // The beta loses an operation, a field and an enum value, and gains an operation, a
    // union variant (with its constructor and conversion), a field and an enum value; its
    // renamed path parameter changes the URL template only.
    assert_eq!(
        classified(&beta),
        lines(&[
            "breaking removed field Agent.email",
            "breaking removed operation agents.delete",
            "breaking removed value Channel.Chat",
            "additive added constructor Message.call_message",
            "additive added field Agent.phone_number",
            "additive added from Message.CallMessage",
            "additive added operation agents.list_teams",
            "additive added type CallMessage",
            "additive added type ListTeamsOutput",
            "additive added type Team",
            "additive added value AgentRole.Supervisor",
            "additive added variant Message.CallMessage",
            "wire-only renamed param agents.get.agent_id to id",
        ]),
    );
    assert_eq!(beta.bump(), Bump::Major);

    // The generated crate and its generated tests still pass clippy; v1's program, which
    // only met additive changes, compiles; the beta's fails, once for each breaking change
    // it uses, naming the item the report names, and for nothing else.
    let after = ws.clippy();
    let failing: Vec<&String> = after.errors.keys().collect();
    assert_eq!(failing, ["beta_user"], "{}", after.describe());
    let errors = &after.errors["beta_user"];
    let breaking: Vec<&str> = beta
        .changes
        .iter()
        .filter(|c| c.impact == Impact::Breaking)
        .map(rust_name)
        .collect();
    assert_eq!(breaking, ["email", "delete", "Chat"]);
    for name in &breaking {
        let naming = errors
            .iter()
            .filter(|e| {
                e.lines()
                    .next()
                    .is_some_and(|l| l.contains(&format!("`{name}`")))
            })
            .count();
        assert_eq!(
            naming,
            1,
            "one error must name `{name}`:\n{}",
            after.describe()
        );
    }
    assert_eq!(errors.len(), breaking.len(), "{}", after.describe());

    // Both reports are in the changelog, and the release they call for is a major one.
    let released = release(ws.root(), None, "2026-12-05").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(released.version, "0.2.0");
}

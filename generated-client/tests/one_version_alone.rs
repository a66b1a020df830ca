//! A program that depends on `dixa-client` with one API version builds, calls that
//! version's paths, and compiles only that version: with the default features, v1 alone
//! (`client.v1()...`, `dixa_client::v1::models`); with `default-features = false,
//! features = ["client", "beta"]`, the beta alone. The v1 program also makes a
//! `dixa_client::uuid::Uuid::new_v4()`: the re-exported crate has `v4` whatever else the
//! program depends on.
//!
//! Each case is a small crate outside the workspace, with the workspace's profiles,
//! checked (`cargo check --offline`) into this run's target directory, so the
//! dependencies already checked are reused;
//! cargo's JSON messages say which features `dixa-client` was compiled with, and a
//! program asking for the version it did not enable must not build.

use std::path::{Path, PathBuf};

/// The xtask's rules for a nested cargo, shared as a file (it uses only `std`).
#[path = "../../xtask/src/cargo_env.rs"]
#[allow(dead_code)]
mod cargo_env;

#[test]
fn a_program_with_the_default_features_compiles_v1_alone_and_calls_it() {
    let features = check_program(
        "dixa-v1-only",
        r#"{ path = "CLIENT" }"#,
        r#"
use dixa_client::v1::models::AgentOutput;
use dixa_client::{Client, Error, uuid::Uuid};

async fn agent(client: &Client, id: Uuid) -> Result<AgentOutput, Error> {
    client.v1().agents().get(id).await
}

fn main() {
    let client = Client::builder("key").build().expect("client builds");
    // The re-exported `uuid` has `v4`, with no dependency of the program's own.
    drop(agent(&client, Uuid::new_v4()));
}
"#,
    );
    assert_eq!(features, ["client", "default", "v1"]);
}

#[test]
fn a_program_that_opts_into_the_beta_alone_compiles_only_the_beta() {
    let features = check_program(
        "dixa-beta-only",
        r#"{ path = "CLIENT", default-features = false, features = ["client", "beta"] }"#,
        r#"
use dixa_client::beta::models::ListKnowledgeCollectionsOutput;
use dixa_client::{Client, Error};

async fn collections(client: &Client) -> Result<ListKnowledgeCollectionsOutput, Error> {
    client.beta().knowledge().list_collections().await
}

fn main() {
    let client = Client::builder("key").build().expect("client builds");
    drop(collections(&client));
}
"#,
    );
    assert_eq!(features, ["beta", "client"]);
}

#[test]
fn without_its_feature_a_version_is_not_there() {
    let errors = program_that_fails(
        "dixa-beta-only-asks-for-v1",
        r#"{ path = "CLIENT", default-features = false, features = ["client", "beta"] }"#,
        "fn main() {\n    let _ = dixa_client::Client::v1;\n}\n",
    );
    assert!(
        errors.contains("no function or associated item named `v1`"),
        "{errors}"
    );
}

/// Writes the crate `name` (its `dixa-client` dependency spec, `CLIENT` standing for the
/// path, and its `main.rs`), checks it, and returns the features `dixa-client` was
/// compiled with.
fn check_program(name: &str, dependency: &str, main_rs: &str) -> Vec<String> {
    let (ok, stdout, stderr) = cargo_check(name, dependency, main_rs);
    assert!(
        ok,
        "{name} does not build:\n{stderr}\n{}",
        compiler_messages(&stdout)
    );
    stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .find(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "dixa_client")
        .and_then(|m| serde_json::from_value(m["features"].clone()).ok())
        .unwrap_or_else(|| panic!("cargo reported no dixa_client artifact for {name}"))
}

/// Like [`check_program`] for a program that must not build: its compiler errors.
fn program_that_fails(name: &str, dependency: &str, main_rs: &str) -> String {
    let (ok, stdout, _) = cargo_check(name, dependency, main_rs);
    assert!(!ok, "{name} builds, but must not");
    compiler_messages(&stdout)
}

/// `cargo check` of the crate `name`: (success, stdout with JSON messages, stderr).
fn cargo_check(name: &str, dependency: &str, main_rs: &str) -> (bool, String, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::create_dir_all(dir.join("src")).expect("create the crate directory");
    let client = root.join("generated-client");
    let dependency = dependency.replace("CLIENT", &client.display().to_string());
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\ndixa-client = {dependency}\n\n\
         # Not a member of any workspace.\n[workspace]\n\n{}",
        workspace_profiles(root)
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("write Cargo.toml");
    std::fs::write(dir.join("src/main.rs"), main_rs).expect("write main.rs");
    // The workspace's versions of every dependency, so the built ones are reused.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy Cargo.lock");

    // Without the variables cargo set for this test, which build scripts may watch.
    let output = cargo_env::cargo()
        .args([
            "check",
            "--offline",
            "--message-format=json",
            "--manifest-path",
        ])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target_dir())
        .output()
        .expect("run cargo");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The workspace's `[profile.*]` tables, as its `Cargo.toml` writes them. A dependency
/// built with other settings is another build: with the workspace's, the program's
/// dependencies are those `cargo check -p dixa-client` already checked (CI runs it
/// first), and only `dixa-client` and the program are checked here.
fn workspace_profiles(root: &Path) -> String {
    let manifest =
        std::fs::read_to_string(root.join("Cargo.toml")).expect("read the workspace Cargo.toml");
    let mut profiles = String::new();
    let mut in_profile = false;
    for line in manifest.lines() {
        if line.starts_with('[') {
            in_profile = line.starts_with("[profile.");
        }
        if in_profile {
            profiles.push_str(line);
            profiles.push('\n');
        }
    }
    profiles
}

/// The rendered compiler errors among cargo's JSON messages.
fn compiler_messages(stdout: &str) -> String {
    stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|m| m["message"]["rendered"].as_str().map(str::to_string))
        .collect()
}

/// The target directory this test binary was built in (`<target>/debug/deps/<test>`):
/// cargo does not hold its lock while tests run.
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("path of the test binary");
    exe.ancestors()
        .nth(3)
        .expect("the test binary is inside <target>/<profile>/deps")
        .to_path_buf()
}

//! The code emitted for every fixture must build, and must decode and re-encode the
//! fixture's own examples: a snapshot of code that does not compile, or that reads the
//! wire differently from what the examples show, would be blessed by eye otherwise.
//!
//! All fixtures' `models.rs` and `operations.rs` go into one throwaway crate (modules
//! `NAME` and `NAME_operations` per fixture) under the target directory. It depends on
//! `dixa-client` by path and re-exports its `runtime`, `DateTime` and macros
//! (`tagged_union!`, `struct_constructor!` among them), which is
//! where the generated code looks for them (`crate::runtime::wire::...`,
//! `crate::struct_serde!`, `crate::operation_sends!`...). The generated `impl Client`
//! needs a type of the crate it is in, so each operations module gets its own `Client`,
//! a newtype that derefs to `dixa_client::Client` (and wraps `with_options`, which the
//! builders' `.options(..)` calls). The workspace's `Cargo.lock` is
//! copied in, so the build needs no network and resolves nothing new.
//! Warnings are errors, and the crate must pass `clippy --all-targets -D warnings`: a
//! description the generator accepts must not break the client crate's CI.
//!
//! The crate's binary round-trips every example through the emitted round-trip table
//! (the one the conformance test uses on the real description), with the same notion
//! of equal JSON as the conformance test. The tests of `tests/wire/` are copied into
//! the crate's `tests/` and run there: the generated calls against a local server
//! (wiremock), checking the bytes on the wire. `cargo build`, `cargo clippy`,
//! `cargo test`, then one run of the binary.

mod common;

use dixa_codegen::model::ir::TypeRef;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

const CRATE: &str = "dixa-fixture-models";

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen/ is inside the workspace")
        .to_path_buf()
}

fn manifest(root: &Path) -> String {
    let client = root.join("generated-client");
    format!(
        r#"[package]
name = "{CRATE}"
version = "0.0.0"
edition = "2024"
publish = false

[lib]
path = "src/lib.rs"

[dependencies]
dixa-client = {{ path = {client:?} }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
serde_path_to_error = "0.1"
uuid = {{ version = "1", features = ["serde"] }}

[dev-dependencies]
tokio = {{ version = "1", features = ["macros", "rt"] }}
wiremock = "0.6"

# Not a member of any workspace, wherever the target directory is.
[workspace]
"#
    )
}

/// One example to round-trip: (fixture, model type, pointer, JSON text).
type Case = (String, String, String, String);

/// The examples of fixture `name`, one case per value (a list example gives one case
/// per element).
fn cases(name: &str, generated: &dixa_codegen::Generated) -> Vec<Case> {
    let spec = dixa_codegen::load::parse_description(&common::spec(name)).expect("parses");
    let overrides =
        dixa_codegen::load::overrides::Overrides::parse(&common::overrides(name)).expect("parses");
    let mut out = Vec::new();
    for case in dixa_codegen::examples::example_cases(&spec, &generated.model, &overrides) {
        if case.skipped.is_some() {
            continue;
        }
        let case_of = |ty: &str, pointer: String, value: &serde_json::Value| {
            (name.to_string(), ty.to_string(), pointer, value.to_string())
        };
        match (&case.ty, case.value) {
            (Some(TypeRef::Named(ty)), value) => out.push(case_of(ty, case.pointer, value)),
            (Some(TypeRef::List(item)), serde_json::Value::Array(values)) => {
                let TypeRef::Named(ty) = &**item else {
                    panic!("{}: a list of an unnamed type", case.pointer)
                };
                for (i, value) in values.iter().enumerate() {
                    out.push(case_of(ty, format!("{}/{i}", case.pointer), value));
                }
            }
            // A property's example of a scalar type: checked by the checker, no
            // named type to round-trip it through.
            (Some(_), _) => continue,
            (ty, _) => panic!(
                "{}: no generated type to check against ({ty:?})",
                case.pointer
            ),
        }
    }
    out
}

/// The round-trip table emitted for a fixture, pointed at that fixture's module.
fn roundtrip_module(name: &str, generated: &dixa_codegen::Generated) -> String {
    let table = generated
        .files
        .iter()
        .find(|f| f.path.ends_with("roundtrip_table.rs"))
        .expect("a round-trip table among the outputs");
    let import = format!("use dixa_client::{}::models;", common::VERSION);
    assert!(
        table.contents.contains(&import),
        "the table no longer says `{import}`"
    );
    table
        .contents
        .replace(&import, &format!("use crate::{name} as models;"))
}

/// The operations emitted for a fixture, pointed at that fixture's models and given a
/// `Client` of its own.
fn operations_module(name: &str, generated: &dixa_codegen::Generated) -> String {
    let import = "use super::models;\nuse crate::Client;";
    let operations = common::operations_rs(generated);
    assert!(
        operations.contains(import),
        "the operations no longer say `{import}`"
    );
    let local_client = format!(
        "use crate::{name} as models;\n\n\
         /// This fixture's client: the generated `impl Client` needs a type of this crate.\n\
         #[derive(Debug, Clone)]\n\
         pub struct Client(pub dixa_client::Client);\n\n\
         impl std::ops::Deref for Client {{\n\
         \x20   type Target = dixa_client::Client;\n\n\
         \x20   fn deref(&self) -> &dixa_client::Client {{\n\
         \x20       &self.0\n\
         \x20   }}\n\
         }}\n\n\
         impl Client {{\n\
         \x20   /// `.options(..)` on a builder keeps the builder's own client type.\n\
         \x20   pub fn with_options(\n\
         \x20       &self,\n\
         \x20       options: impl FnOnce(dixa_client::runtime::CallOptions) -> dixa_client::runtime::CallOptions,\n\
         \x20   ) -> Self {{\n\
         \x20       Client(self.0.with_options(options))\n\
         \x20   }}\n\
         }}"
    );
    operations.replace(import, &local_client)
}

/// `src/main.rs`: round-trips every case, prints the failures, fails if there are any.
fn main_rs(names: &[String], cases: &[Case]) -> String {
    let mut out = String::from(
        "//! Decodes and re-encodes every example of every fixture.\n\n\
         use serde_json::Value;\n\n\
         const CASES: &[(&str, &str, &str, &str)] = &[\n",
    );
    for (fixture, ty, pointer, json) in cases {
        let _ = writeln!(out, "    ({fixture:?}, {ty:?}, {pointer:?}, {json:?}),");
    }
    out.push_str(
        "];\n\n\
         fn roundtrip(fixture: &str, ty: &str, json: &str) -> Option<Result<Value, String>> {\n\
         \x20   match fixture {\n",
    );
    for name in names {
        let _ = writeln!(
            out,
            "        {name:?} => dixa_fixture_models::{name}_roundtrip::roundtrip_by_name(ty, json),"
        );
    }
    out.push_str(
        r#"        _ => None,
    }
}

/// Equal as JSON: numbers by value, keys in any order, an absent key equal to `null`
/// (the conformance test's rule).
fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            match (x.as_i64(), y.as_i64(), x.as_u64(), y.as_u64()) {
                (Some(x), Some(y), _, _) => x == y,
                (_, _, Some(x), Some(y)) => x == y,
                _ => x.as_f64() == y.as_f64(),
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_equal(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            keys.into_iter().all(|k| {
                json_equal(x.get(k).unwrap_or(&Value::Null), y.get(k).unwrap_or(&Value::Null))
            })
        }
        _ => a == b,
    }
}

fn main() -> std::process::ExitCode {
    let mut failures = 0;
    for (fixture, ty, pointer, json) in CASES {
        let sent: Value = serde_json::from_str(json).expect("the test wrote valid JSON");
        let problem = match roundtrip(fixture, ty, json) {
            None => Some(format!("no generated type `{ty}`")),
            Some(Err(e)) => Some(e),
            Some(Ok(back)) if !json_equal(&sent, &back) => {
                Some(format!("re-encoded differs:
    sent: {sent}
    back: {back}"))
            }
            Some(Ok(_)) => None,
        };
        if let Some(problem) = problem {
            failures += 1;
            println!("{fixture} {pointer} as {ty}: {problem}");
        }
    }
    println!("{} of {} examples round-trip", CASES.len() - failures, CASES.len());
    if failures == 0 { std::process::ExitCode::SUCCESS } else { std::process::ExitCode::FAILURE }
}
"#,
    );
    out
}

/// Writes the throwaway crate into `dir` (keeping its `target/` for the next run);
/// returns how many examples its binary round-trips.
fn write_crate(dir: &Path, root: &Path) -> usize {
    let src = dir.join("src");
    if src.exists() {
        std::fs::remove_dir_all(&src).expect("remove the previous sources");
    }
    std::fs::create_dir_all(&src).expect("create the crate directory");
    std::fs::write(dir.join("Cargo.toml"), manifest(root)).expect("write Cargo.toml");
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy Cargo.lock");

    let mut lib = String::from(
        "//! Every fixture's generated models and operations, and their round-trip tables.\n\
         #![deny(warnings)]\n\n\
         pub use dixa_client::{DateTime, runtime};\n\
         pub use dixa_client::{operation_sends, string_enum_impls, struct_constructor, struct_serde, tagged_union};\n\n",
    );
    let names = common::fixture_names();
    let mut all_cases = Vec::new();
    for name in &names {
        let generated = common::generate(name);
        let write = |file: String, text: &str| {
            std::fs::write(src.join(file), text).expect("write a fixture module");
        };
        write(format!("{name}.rs"), common::models_rs(&generated));
        write(
            format!("{name}_operations.rs"),
            &operations_module(name, &generated),
        );
        write(
            format!("{name}_roundtrip.rs"),
            &roundtrip_module(name, &generated),
        );
        let _ = writeln!(
            lib,
            "pub mod {name};\npub mod {name}_operations;\npub mod {name}_roundtrip;"
        );
        all_cases.extend(cases(name, &generated));
    }
    std::fs::write(src.join("lib.rs"), lib).expect("write lib.rs");
    // The wire tests of `tests/wire/`, run against the fixture code.
    let tests = dir.join("tests");
    if tests.exists() {
        std::fs::remove_dir_all(&tests).expect("remove the previous tests");
    }
    std::fs::create_dir_all(&tests).expect("create tests/");
    let wire = root.join("codegen/tests/wire");
    for entry in std::fs::read_dir(&wire).expect("tests/wire/ is there") {
        let entry = entry.expect("a directory entry");
        std::fs::copy(entry.path(), tests.join(entry.file_name())).expect("copy a wire test");
    }
    std::fs::write(src.join("main.rs"), main_rs(&names, &all_cases)).expect("write main.rs");
    all_cases.len()
}

#[test]
fn the_code_emitted_for_every_fixture_compiles_and_round_trips_its_examples() {
    let root = workspace_root();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(CRATE);
    let examples = write_crate(&dir, &root);
    assert!(examples > 0, "no examples to round-trip");

    let target = dir.join("target");
    let output = common::cargo()
        .args(["build", "--offline", "--quiet", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        // Its own target directory: this one is in use by the run of this test.
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .expect("run cargo");
    assert!(
        output.status.success(),
        "the generated fixture code does not build ({}):\n{}",
        dir.display(),
        String::from_utf8_lossy(&output.stderr)
    );

    // Clippy-clean as the client crate must be: a description the generator accepts
    // must not break CI.
    let output = common::cargo()
        .args([
            "clippy",
            "--offline",
            "--quiet",
            "--all-targets",
            "--manifest-path",
        ])
        .arg(dir.join("Cargo.toml"))
        .args(["--", "-D", "warnings"])
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .expect("run cargo clippy");
    assert!(
        output.status.success(),
        "clippy finds problems in the generated fixture code ({}):\n{}",
        dir.display(),
        String::from_utf8_lossy(&output.stderr)
    );

    // The wire forms, against a local server.
    let output = common::cargo()
        .args(["test", "--offline", "--quiet", "--tests", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .expect("run cargo test");
    assert!(
        output.status.success(),
        "the wire tests of tests/wire/ fail against the generated fixture code:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );

    let binary = target
        .join("debug")
        .join(format!("{CRATE}{}", std::env::consts::EXE_SUFFIX));
    let output = Command::new(&binary)
        .output()
        .expect("run the round-trip binary");
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "examples do not survive decoding and re-encoding by the generated code:\n{report}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        report.contains(&format!("{examples} of {examples} examples round-trip")),
        "{report}"
    );
}

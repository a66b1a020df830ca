//! Writes the code the generator emits for every fixture of `codegen/tests/fixtures/`
//! into `OUT_DIR`, for `src/lib.rs` to include. The code is taken from codegen's accepted
//! snapshots of that fixture (`codegen/tests/snapshots/fixtures__NAME__*.snap`), not from
//! running the generator: this crate builds exactly the text that was reviewed, and the
//! workspace's build does not compile the generator a second time for a build script.
//! A generator whose output no longer matches a snapshot fails codegen's `fixtures` test.
//!
//! - `NAME.rs`, `NAME_operations.rs` and `NAME_roundtrip.rs`: the fixture's `models.rs`,
//!   `operations.rs` and round-trip table, pointed at this crate's modules;
//! - `fixtures.rs`: a module for each of those files, and `roundtrip`, which decodes and
//!   re-encodes a value through the named fixture's table.
//!
//! The generated `impl Client` needs a type of the crate it is in, so each operations
//! module gets its own `Client`, a newtype that derefs to `dixa_client::Client` (and wraps
//! `with_options`, which the builders' `.options(..)` calls).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The API version fixtures are generated as (codegen's `tests/common`): the round-trip
/// table imports its models from `dixa_client::<VERSION>`.
const VERSION: &str = "fixture";

fn main() {
    let codegen_tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests");
    let fixtures = codegen_tests.join("fixtures");
    let snapshots = codegen_tests.join("snapshots");
    // The directory for the list of fixtures; each snapshot read below for its text.
    println!("cargo:rerun-if-changed={}", fixtures.display());
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));

    let mut index = String::new();
    let names = fixture_names(&fixtures);
    for name in &names {
        let snapshot = |kind: &str| -> String {
            let path = snapshots.join(format!("fixtures__{name}__{kind}.snap"));
            println!("cargo:rerun-if-changed={}", path.display());
            snapshot_contents(&path)
        };
        let modules = [
            (name.clone(), snapshot("models_rs")),
            (
                format!("{name}_operations"),
                operations_module(name, &snapshot("operations_rs")),
            ),
            (
                format!("{name}_roundtrip"),
                roundtrip_module(name, &snapshot("roundtrip_table_rs")),
            ),
        ];
        for (module, text) in modules {
            let (attributes, body) = without_inner_attributes(&text);
            write(&out.join(format!("{module}.rs")), &body);
            let _ = writeln!(
                index,
                "/// What the generator emits for `tests/fixtures/{name}.yaml`.\n\
                 {attributes}pub mod {module} {{\n    \
                 include!(concat!(env!(\"OUT_DIR\"), \"/{module}.rs\"));\n}}\n"
            );
        }
    }
    index.push_str(&roundtrip_by_fixture(&names));
    write(&out.join("fixtures.rs"), &index);
}

/// Every fixture (`NAME.yaml`, not `NAME.overrides.yaml`), sorted by name.
fn fixture_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").file_name())
        .filter_map(|file| file.into_string().ok())
        .filter(|file| !file.ends_with(".overrides.yaml"))
        .filter_map(|file| file.strip_suffix(".yaml").map(str::to_string))
        .collect();
    names.sort();
    names
}

/// The text an insta snapshot file holds: what follows its `---` metadata block.
fn snapshot_contents(path: &Path) -> String {
    let file = std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}\nevery fixture needs its accepted snapshots: run \
             `INSTA_UPDATE=always cargo test -p dixa-codegen --test fixtures` and review them \
             (codegen/tests/fixtures/README.md)",
            path.display()
        )
    });
    file.strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
        .map(|(_metadata, contents)| contents.to_string())
        .unwrap_or_else(|| {
            panic!(
                "{}: not an insta snapshot (`---` metadata `---`)",
                path.display()
            )
        })
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// An included file cannot hold inner attributes or inner docs: its `#![...]` lines
/// become outer attributes of the module that includes it (returned first), its `//!`
/// lines plain comments.
fn without_inner_attributes(text: &str) -> (String, String) {
    let mut attributes = String::new();
    let mut body = String::with_capacity(text.len());
    for line in text.lines() {
        if let Some(attribute) = line.strip_prefix("#!") {
            attributes.push('#');
            attributes.push_str(attribute);
            attributes.push('\n');
        } else if let Some(doc) = line.strip_prefix("//!") {
            body.push_str("//");
            body.push_str(doc);
            body.push('\n');
        } else {
            body.push_str(line);
            body.push('\n');
        }
    }
    (attributes, body)
}

/// The round-trip table emitted for a fixture, pointed at that fixture's module.
fn roundtrip_module(name: &str, table: &str) -> String {
    let import = format!("use dixa_client::{VERSION}::models;");
    assert!(
        table.contains(&import),
        "the round-trip table of `{name}` no longer says `{import}`"
    );
    table.replace(&import, &format!("use crate::{name} as models;"))
}

/// The operations emitted for a fixture, pointed at that fixture's models and given a
/// `Client` of its own.
fn operations_module(name: &str, operations: &str) -> String {
    let import = "use super::models;\nuse crate::Client;";
    assert!(
        operations.contains(import),
        "the operations of `{name}` no longer say `{import}`"
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

/// `FIXTURES` and `roundtrip`, which sends a value to its fixture's round-trip table.
fn roundtrip_by_fixture(names: &[String]) -> String {
    let mut out = String::from(
        "/// Every fixture this crate holds the code of, by name (`tests/fixtures/NAME.yaml`).\n\
         pub const FIXTURES: &[&str] = &[\n",
    );
    for name in names {
        let _ = writeln!(out, "    {name:?},");
    }
    out.push_str(
        "];\n\n\
         /// Decodes `json` as the type `ty` of `fixture` and encodes it again (`None`: no \
         such type).\n\
         pub fn roundtrip(\n    \
         fixture: &str,\n    \
         ty: &str,\n    \
         json: &str,\n\
         ) -> Option<Result<serde_json::Value, String>> {\n    \
         match fixture {\n",
    );
    for name in names {
        let _ = writeln!(
            out,
            "        {name:?} => {name}_roundtrip::roundtrip_by_name(ty, json),"
        );
    }
    out.push_str("        _ => None,\n    }\n}\n");
    out
}

//! Runs the generator on every fixture of `codegen/tests/fixtures/` and writes what it
//! emits into `OUT_DIR`, for `src/lib.rs` to include:
//!
//! - `NAME.rs`, `NAME_operations.rs` and `NAME_roundtrip.rs`: the fixture's `models.rs`,
//!   `operations.rs` and round-trip table, pointed at this crate's modules;
//! - `fixtures.rs`: a module for each of those files, the table of the fixtures' examples
//!   ([`CASES`](../src/lib.rs)) and `roundtrip`, which decodes and re-encodes a case
//!   through the fixture's own table.
//!
//! The generated `impl Client` needs a type of the crate it is in, so each operations
//! module gets its own `Client`, a newtype that derefs to `dixa_client::Client` (and wraps
//! `with_options`, which the builders' `.options(..)` calls).

use dixa_codegen::model::ir::TypeRef;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The API version fixtures are generated as (codegen's `tests/common`): it names the
/// output paths and the module the round-trip table imports.
const VERSION: &str = "fixture";

fn main() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    println!("cargo:rerun-if-changed={}", fixtures.display());
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));

    let mut index = String::new();
    let mut cases = Vec::new();
    let names = fixture_names(&fixtures);
    for name in &names {
        let spec = read(&fixtures.join(format!("{name}.yaml")));
        let overrides_text =
            std::fs::read_to_string(fixtures.join(format!("{name}.overrides.yaml")))
                .unwrap_or_default();
        let overrides = dixa_codegen::load::overrides::OverridesFile {
            path: dixa_codegen::load::overrides::FILE,
            text: &overrides_text,
        };
        let generated = dixa_codegen::generate(VERSION, &spec, &[overrides])
            .unwrap_or_else(|diagnostics| panic!("fixture `{name}` was rejected:\n{diagnostics}"));
        let output = |path: &str| -> &str {
            &generated
                .files
                .iter()
                .find(|f| f.path == path)
                .unwrap_or_else(|| panic!("{name}: no {path} among the outputs"))
                .contents
        };
        let modules = [
            (
                name.clone(),
                output(&dixa_codegen::paths::models(VERSION)).to_string(),
            ),
            (
                format!("{name}_operations"),
                operations_module(name, output(&dixa_codegen::paths::operations(VERSION))),
            ),
            (
                format!("{name}_roundtrip"),
                roundtrip_module(name, &generated),
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
        cases.extend(example_cases(name, &spec, &overrides_text, &generated));
    }
    index.push_str(&cases_table(&names, &cases));
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

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
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
fn roundtrip_module(name: &str, generated: &dixa_codegen::Generated) -> String {
    let table = generated
        .files
        .iter()
        .find(|f| f.path.ends_with("roundtrip_table.rs"))
        .expect("a round-trip table among the outputs");
    let import = format!("use dixa_client::{VERSION}::models;");
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
fn operations_module(name: &str, operations: &str) -> String {
    let import = "use super::models;\nuse crate::Client;";
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

/// One example to round-trip: (fixture, model type, pointer, JSON text).
type Case = (String, String, String, String);

/// The examples of fixture `name`, one case per value (a list example gives one case
/// per element).
fn example_cases(
    name: &str,
    spec: &str,
    overrides: &str,
    generated: &dixa_codegen::Generated,
) -> Vec<Case> {
    let spec = dixa_codegen::load::parse_description(spec).expect("parses");
    let overrides = dixa_codegen::load::overrides::Overrides::parse(overrides).expect("parses");
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

/// `CASES` and `roundtrip`, which sends each case to its fixture's round-trip table.
fn cases_table(names: &[String], cases: &[Case]) -> String {
    let mut out = String::from(
        "/// Every example of every fixture: (fixture, model type, JSON pointer, JSON text).\n\
         pub const CASES: &[(&str, &str, &str, &str)] = &[\n",
    );
    for (fixture, ty, pointer, json) in cases {
        let _ = writeln!(out, "    ({fixture:?}, {ty:?}, {pointer:?}, {json:?}),");
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

//! Reading the hand-written fixtures under `tests/fixtures/`: `NAME.yaml` is a small
//! OpenAPI 3.0.3 description isolating one pattern, `NAME.overrides.yaml` (optional)
//! the overrides it is generated with.

#![allow(dead_code)] // each test crate uses its own part of this module

use dixa_codegen::{Generated, paths};
use std::path::{Path, PathBuf};

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every fixture, sorted by name.
pub fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures_dir())
        .expect("tests/fixtures is readable")
        .map(|entry| {
            entry
                .expect("directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|file| !file.ends_with(".overrides.yaml"))
        .filter_map(|file| file.strip_suffix(".yaml").map(str::to_string))
        .collect();
    names.sort();
    names
}

/// The description of fixture `name`.
pub fn spec(name: &str) -> String {
    let path = fixtures_dir().join(format!("{name}.yaml"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The overrides of fixture `name` (empty text if it has none).
pub fn overrides(name: &str) -> String {
    std::fs::read_to_string(fixtures_dir().join(format!("{name}.overrides.yaml")))
        .unwrap_or_default()
}

/// The API version fixtures are generated as: it names the output paths and the module
/// the round-trip table imports (`dixa_client::fixture::models`).
pub const VERSION: &str = "fixture";

/// Runs the generator as [`VERSION`] on a description and the text of one overrides file
/// (named `spec/overrides.yaml` in messages).
pub fn generate_text(spec: &str, overrides: &str) -> Result<Generated, dixa_codegen::Diagnostics> {
    let overrides = dixa_codegen::load::overrides::OverridesFile {
        path: dixa_codegen::load::overrides::FILE,
        text: overrides,
    };
    dixa_codegen::generate(VERSION, spec, &[overrides])
}

/// Runs the generator on fixture `name` with its overrides; panics with the
/// diagnostics if it is rejected.
pub fn generate(name: &str) -> Generated {
    generate_text(&spec(name), &overrides(name))
        .unwrap_or_else(|diagnostics| panic!("fixture `{name}` was rejected:\n{diagnostics}"))
}

/// The emitted `models.rs`.
pub fn models_rs(generated: &Generated) -> &str {
    output(generated, &paths::models(VERSION))
}

/// The emitted `operations.rs` (every fixture has operations).
pub fn operations_rs(generated: &Generated) -> &str {
    output(generated, &paths::operations(VERSION))
}

/// The emitted round-trip table (decode and re-encode by type name).
pub fn roundtrip_table_rs(generated: &Generated) -> &str {
    output(generated, &paths::roundtrip_table(VERSION))
}

fn output<'g>(generated: &'g Generated, path: &str) -> &'g str {
    let file = generated
        .files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path} among the outputs"));
    &file.contents
}

//! A stale checkout fails `cargo test`: the committed generated files of every API version
//! must be exactly what the generator makes from that version's pinned description and
//! its overrides (`spec/overrides.yaml` and `spec/<version>/overrides.yaml`).

use dixa_codegen::flow::generate_version;
use dixa_codegen::outputs::{check_outputs, stale_files_message};
use xtask::Workspace;
use xtask::fetch::{file_has_hash, sha256_hex};
use xtask::source::SpecSource;

fn assert_fresh(version: &str) {
    let ws = Workspace::of_this_crate();
    let spec = ws.fetched_spec(version);
    let shown = ws.display_path(&spec);
    assert!(
        spec.exists(),
        "{shown} is missing: run `cargo xtask fetch-spec` (or use `cargo xtask test`, which \
         fetches it first)"
    );
    let source = SpecSource::load(&ws.source_toml(version)).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        file_has_hash(&spec, &source.sha256),
        "{shown} (sha256 {}) is not the description pinned in spec/{version}/source.toml \
         ({}): run `cargo xtask fetch-spec`",
        std::fs::read(&spec)
            .map(|b| sha256_hex(&b))
            .unwrap_or_default(),
        source.sha256
    );

    let generated = generate_version(ws.root(), version, None).unwrap_or_else(|e| panic!("{e}"));
    let stale = check_outputs(ws.root(), &generated.files);
    assert!(
        stale.is_empty(),
        "{version}: {}",
        stale_files_message(&stale)
    );
}

#[test]
fn v1_generated_files_match_the_pinned_description() {
    assert_fresh("v1");
}

#[test]
fn beta_generated_files_match_the_pinned_description() {
    assert_fresh("beta");
}

#[test]
fn every_configured_version_is_checked_here() {
    let versions = Workspace::of_this_crate().versions().unwrap();
    assert_eq!(
        versions,
        ["beta", "v1"],
        "add a test above for each version"
    );
}

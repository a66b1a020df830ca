//! A stale checkout fails `cargo test`: the committed generated files must be exactly
//! what the generator makes from the pinned description and `spec/overrides.yaml`.

use xtask::Workspace;
use xtask::codegen_cmd::generated_from_files;
use xtask::fetch::{file_has_hash, sha256_hex};
use xtask::outputs::{check_outputs, stale_files_message};
use xtask::source::SpecSource;

#[test]
fn generated_files_match_the_pinned_description() {
    let ws = Workspace::of_this_crate();
    let spec = ws.fetched_spec();
    let shown = ws.display_path(&spec);
    assert!(
        spec.exists(),
        "{shown} is missing: run `cargo xtask fetch-spec` (or use `cargo xtask test`, which \
         fetches it first)"
    );
    let source = SpecSource::load(&ws.source_toml()).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        file_has_hash(&spec, &source.sha256),
        "{shown} (sha256 {}) is not the description pinned in spec/source.toml ({}): run \
         `cargo xtask fetch-spec`",
        std::fs::read(&spec)
            .map(|b| sha256_hex(&b))
            .unwrap_or_default(),
        source.sha256
    );

    let generated = generated_from_files(&spec, &ws.overrides()).unwrap_or_else(|e| panic!("{e}"));
    let stale = check_outputs(ws.root(), &generated.files);
    assert!(stale.is_empty(), "{}", stale_files_message(&stale));
}

//! The crate's integration tests, one module per file of `tests/`, in one test binary:
//! each binary links the whole client with every version, so one binary instead of one
//! per file saves a link and a compile of what the files share.
//!
//! Two files stay binaries of their own (`[[test]]` in `Cargo.toml`):
//! `one_version_alone.rs` runs cargo itself, and `runtime_rate_limit.rs` measures real
//! time, which a neighbour using the CPU would disturb. `autotests = false` means a new
//! file of `tests/` runs only once it is named here or there:
//! `every_test_file_is_compiled` fails until it is.

mod conformance;
mod constructing;
mod crate_root;
mod drift_tracing;
mod forward_compat;
mod per_call;
mod prism;
mod readme;
mod real_traffic;
mod record_replay;
mod runtime_contract;
mod runtime_hostile;
mod runtime_http;
mod runtime_pagination;
mod runtime_retry;
mod search_filters;
mod tagged_unions;
mod tour;
mod tracing_spans;
mod union_methods;
mod webhooks;
mod webhooks_real_deliveries;

/// The pinned descriptions, for the modules that read their examples.
#[path = "support/pinned.rs"]
mod pinned;

/// Every `tests/*.rs` file is a module above or a `[[test]]` of `Cargo.toml`.
#[test]
fn every_test_file_is_compiled() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let this = include_str!("integration.rs");
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).expect("read Cargo.toml");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(root.join("tests")).expect("read tests/") {
        let file = entry.expect("a directory entry").file_name();
        let file = file.to_string_lossy();
        let Some(name) = file.strip_suffix(".rs") else {
            continue;
        };
        let is_module = this.contains(&format!("\nmod {name};\n"));
        let is_binary = manifest.contains(&format!("path = \"tests/{file}\""));
        if name != "integration" && !is_module && !is_binary {
            missing.push(file.into_owned());
        }
    }
    assert!(
        missing.is_empty(),
        "tests/{} would never run: add `mod NAME;` to tests/integration.rs \
         (or a [[test]] to Cargo.toml)",
        missing.join(", tests/")
    );
}

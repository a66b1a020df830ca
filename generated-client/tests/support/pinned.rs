//! The pinned beta description, read from `spec/fetched/` at test time: tests compare
//! against Dixa's own examples without the description ever being copied into the
//! repository.

use serde_json::Value;
use std::path::Path;

/// The beta description as JSON; a clear panic when it has not been fetched yet.
pub fn beta_description() -> Value {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    let spec_path = root.join("spec/fetched/dixa-api.beta.yaml");
    let text = std::fs::read_to_string(&spec_path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}\nrun `cargo xtask fetch-spec` first (or use `cargo xtask test`)",
            spec_path.display()
        )
    });
    serde_yaml::from_str(&text).expect("the description is YAML")
}

//! The API surface of the pinned descriptions across versions. The surface itself is
//! committed once, as `generated-client/src/generated/<version>/api-surface.jsonl` (every
//! type, field, variant, value, operation and parameter, with its wire form):
//! `cargo xtask codegen --check` fails when it is stale, and the next description's
//! changes show as its diff and in `API-CHANGES.md`.

use dixa_codegen::inputs::VersionInputs;
use std::path::Path;

/// Every v1 operation is in the beta under the same method name and group: code written
/// against `client.v1()` moves to `client.beta()` by changing that one call.
#[test]
fn v1_operations_read_the_same_in_the_beta() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    let names = |version: &str| {
        let inputs = VersionInputs::read(root, version).unwrap_or_else(|e| panic!("{e}"));
        let model = inputs.generate().unwrap_or_else(|e| panic!("{e}")).model;
        model
            .operations
            .into_iter()
            .map(|op| (op.id, format!("{}().{}", op.group, op.fn_name)))
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    let (v1, beta) = (names("v1"), names("beta"));
    let differing: Vec<String> = v1
        .iter()
        .filter(|(id, name)| beta.get(*id) != Some(name))
        .map(|(id, name)| format!("{id}: v1 {name}, beta {:?}", beta.get(id)))
        .collect();
    assert!(differing.is_empty(), "{}", differing.join("\n"));
}

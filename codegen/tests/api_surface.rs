//! The API surface of each pinned Dixa description (one snapshot per API version): every
//! type (fields, variants with their wire tags) and every operation, one compact line
//! each. When Dixa publishes a new description, `cargo xtask codegen` plus the snapshot's
//! diff show what changed.

use dixa_codegen::inputs::VersionInputs;
use std::path::Path;

/// The surface of `version`, checked against its pinned counts and snapshot.
fn assert_surface(version: &str, pinned_components: usize, pinned_operations: usize) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    let inputs = VersionInputs::read(root, version).unwrap_or_else(|e| panic!("{e}"));
    let generated = inputs.generate().unwrap_or_else(|e| panic!("{e}"));
    let surface = dixa_codegen::model::surface::render(&generated.model);

    let types = generated.model.types.len();
    let components = generated
        .model
        .types
        .values()
        .filter(|t| t.component.is_some())
        .count();
    let operations = generated.model.operations.len();
    println!(
        "api surface {version}: {types} types ({components} components), {operations} operations"
    );
    assert_eq!(
        components, pinned_components,
        "every component schema is a type"
    );
    assert_eq!(
        operations, pinned_operations,
        "every operation is generated"
    );

    insta::assert_snapshot!(format!("api_surface_{version}"), surface);
}

#[test]
fn api_surface_of_the_pinned_v1_description() {
    assert_surface("v1", 386, 103);
}

#[test]
fn api_surface_of_the_pinned_beta_description() {
    assert_surface("beta", 498, 123);
}

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

//! The API surface of the pinned Dixa description: every type (fields, variants with
//! their wire tags) and every operation, one compact line each. When Dixa publishes a
//! new description, `cargo xtask codegen` plus this snapshot's diff show what changed.

use std::path::Path;

#[test]
fn api_surface_of_the_pinned_description() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    let spec_path = root.join("spec/fetched/dixa-api.beta.yaml");
    let spec = std::fs::read_to_string(&spec_path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}\nrun `cargo xtask fetch-spec` first (or use `cargo xtask test`)",
            spec_path.display()
        )
    });
    let overrides = std::fs::read_to_string(root.join("spec/overrides.yaml")).expect("overrides");
    let generated = dixa_codegen::generate(&spec, &overrides).unwrap_or_else(|e| panic!("{e}"));
    let surface = dixa_codegen::model::surface::render(&generated.model);

    let types = generated.model.types.len();
    let components = generated
        .model
        .types
        .values()
        .filter(|t| t.component.is_some())
        .count();
    let operations = generated.model.operations.len();
    println!("api surface: {types} types ({components} components), {operations} operations");
    assert_eq!(components, 498, "every component schema is a type");
    assert_eq!(operations, 123, "every operation is generated");

    insta::assert_snapshot!("api_surface", surface);
}

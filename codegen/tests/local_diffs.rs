//! Small description changes give small, local diffs: adding a field, a union variant or
//! an operation to the pinned description changes only the lines that describe it.

use serde_yaml::{Mapping, Value};
use similar::{ChangeTag, TextDiff};
use std::path::Path;

fn pinned_description() -> Value {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    let path = root.join(dixa_codegen::inputs::fetched_description("beta"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}\nrun `cargo xtask fetch-spec` first",
            path.display()
        )
    });
    serde_yaml::from_str(&text).expect("the pinned description is YAML")
}

/// All generated files of a description, generated as the beta (with its overrides),
/// concatenated with their paths.
fn generate(description: &Value) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    let mut inputs =
        dixa_codegen::inputs::VersionInputs::read(root, "beta").unwrap_or_else(|e| panic!("{e}"));
    inputs.description = serde_yaml::to_string(description).expect("serializes");
    let generated = inputs.generate().unwrap_or_else(|e| panic!("{e}"));
    generated
        .files
        .iter()
        .map(|f| format!("=== {}\n{}", f.path, f.contents))
        .collect()
}

/// Number of added plus removed lines between two outputs.
fn changed_lines(before: &str, after: &str) -> usize {
    TextDiff::from_lines(before, after)
        .iter_all_changes()
        .filter(|c| c.tag() != ChangeTag::Equal)
        .count()
}

fn map<'a>(v: &'a mut Value, key: &str) -> &'a mut Mapping {
    v.get_mut(key)
        .and_then(Value::as_mapping_mut)
        .unwrap_or_else(|| panic!("`{key}` is a mapping"))
}

fn schemas(spec: &mut Value) -> &mut Mapping {
    map(spec.get_mut("components").expect("components"), "schemas")
}

#[test]
fn adding_a_field_changes_only_its_lines() {
    let before = pinned_description();
    let mut after = before.clone();
    let agent = schemas(&mut after).get_mut("Agent").expect("Agent");
    let field: Value =
        serde_yaml::from_str("{type: string, description: The agent's loyalty tier}").unwrap();
    map(agent, "properties").insert("loyaltyTier".into(), field);

    let changed = changed_lines(&generate(&before), &generate(&after));
    println!("adding a field: {changed} lines changed");
    assert!((1..=20).contains(&changed), "{changed} lines changed");
}

#[test]
fn adding_a_union_variant_changes_only_its_lines() {
    let before = pinned_description();
    let mut after = before.clone();
    let variant: Value = serde_yaml::from_str(
        "{title: CarrierPigeonAttributes, type: object, required: [pigeon], properties: {pigeon: {type: string}}}",
    )
    .unwrap();
    schemas(&mut after).insert("CarrierPigeonAttributes".into(), variant);
    let attributes = schemas(&mut after)
        .get_mut("Attributes")
        .expect("Attributes");
    let reference: Value =
        serde_yaml::from_str("{$ref: '#/components/schemas/CarrierPigeonAttributes'}").unwrap();
    attributes
        .get_mut("oneOf")
        .and_then(Value::as_sequence_mut)
        .expect("oneOf")
        .push(reference);

    let changed = changed_lines(&generate(&before), &generate(&after));
    println!("adding a union variant: {changed} lines changed");
    assert!((1..=40).contains(&changed), "{changed} lines changed");
}

#[test]
fn adding_an_operation_changes_only_its_lines() {
    let before = pinned_description();
    let mut after = before.clone();
    let path: Value = serde_yaml::from_str(
        r#"
get:
  tags: [Tags]
  summary: Count tags
  operationId: getTagsCount
  responses:
    '200':
      description: The number of tags
      content:
        application/json:
          schema: {$ref: '#/components/schemas/ConversationResponse'}
"#,
    )
    .unwrap();
    map(&mut after, "paths").insert("/beta/tags/count".into(), path);

    let changed = changed_lines(&generate(&before), &generate(&after));
    println!("adding an operation: {changed} lines changed");
    assert!((1..=70).contains(&changed), "{changed} lines changed");
}

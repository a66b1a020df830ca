//! OpenAPI 3.1 is read into the same model as 3.0: a description rendered as 3.1 gives
//! byte-identical generated files. The rendering is made here, at test time, from the
//! pinned descriptions (fetched from `../shared`, never committed) and from every fixture.

mod common;

use dixa_codegen::inputs::VersionInputs;
use serde_yaml::{Mapping, Value};
use std::path::Path;

/// `description` as its author would write it in OpenAPI 3.1: `openapi: 3.1.0`;
/// `nullable` as a type list with `"null"`; a schema's `example` as `examples: [..]`;
/// numeric `exclusiveMinimum` / `exclusiveMaximum`. (YAML values, which keep the order
/// of keys: the order of properties is the order of fields.)
fn render_as_31(description: &str) -> String {
    let mut doc: Value = serde_yaml::from_str(description).expect("the description is YAML");
    doc["openapi"] = Value::from("3.1.0");
    for_each_schema(&mut doc, false);
    serde_yaml::to_string(&doc).expect("serializes")
}

/// Walks the document, rendering each schema; example values are left as they are.
fn for_each_schema(value: &mut Value, is_schema: bool) {
    if let Some(items) = value.as_sequence_mut() {
        items.iter_mut().for_each(|v| for_each_schema(v, false));
        return;
    }
    let Some(map) = value.as_mapping_mut() else {
        return;
    };
    if is_schema {
        render_schema(map);
    }
    for (key, child) in map.iter_mut() {
        match key.as_str().unwrap_or_default() {
            "example" | "examples" | "enum" | "default" => {}
            "schema" | "items" | "not" | "additionalProperties" => for_each_schema(child, true),
            "schemas" | "properties" => {
                for (_, s) in child.as_mapping_mut().into_iter().flatten() {
                    for_each_schema(s, true);
                }
            }
            "oneOf" | "anyOf" | "allOf" => {
                for s in child.as_sequence_mut().into_iter().flatten() {
                    for_each_schema(s, true);
                }
            }
            _ => for_each_schema(child, false),
        }
    }
}

thread_local! {
    /// How many schemas the rendering changed beyond the version (so a test can tell
    /// that it compared something).
    static RENDERED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

fn render_schema(schema: &mut Mapping) {
    let before = schema.clone();
    if schema.remove("nullable") == Some(Value::Bool(true)) {
        let Some(t) = schema.get("type").cloned() else {
            panic!("a nullable schema without a type has no 3.1 rendering here: {schema:?}");
        };
        schema.insert("type".into(), Value::Sequence(vec![t, "null".into()]));
    }
    if let Some(example) = schema.remove("example") {
        schema.insert("examples".into(), Value::Sequence(vec![example]));
    }
    exclusive_bound_as_number(schema, "exclusiveMinimum", "minimum");
    exclusive_bound_as_number(schema, "exclusiveMaximum", "maximum");
    if *schema != before {
        RENDERED.set(RENDERED.get() + 1);
    }
}

fn exclusive_bound_as_number(schema: &mut Mapping, exclusive: &str, inclusive: &str) {
    match schema.remove(exclusive) {
        Some(Value::Bool(true)) => {
            let bound = schema
                .remove(inclusive)
                .expect("an exclusive bound has a value");
            schema.insert(exclusive.into(), bound);
        }
        Some(Value::Bool(false)) | None => {}
        Some(other) => panic!("`{exclusive}: {other:?}` is not 3.0"),
    }
}

/// What a run gives: every generated file with its path, and the examples checked and
/// agreeing (3.0's `example` of a schema is 3.1's `examples: [..]`, checked the same).
type Output = (Vec<(String, String)>, (usize, usize));

fn output(generated: dixa_codegen::Generated) -> Output {
    let report = (generated.report.examples, generated.report.examples_passed);
    let files = generated.files.into_iter().map(|f| (f.path, f.contents));
    (files.collect(), report)
}

/// [`Output`] of `version` generated from `description`.
fn generated_files(version: &str, description: String) -> Output {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    let mut inputs = VersionInputs::read(root, version)
        .unwrap_or_else(|e| panic!("{e}\nrun `cargo xtask fetch-spec --version {version}` first"));
    inputs.description = description;
    output(inputs.generate().unwrap_or_else(|e| panic!("{e}")))
}

fn assert_same_files(what: &str, (from_30, report_30): Output, (from_31, report_31): Output) {
    assert_eq!(report_30, report_31, "{what}: (examples, agreeing)");
    assert_eq!(
        from_30.iter().map(|f| &f.0).collect::<Vec<_>>(),
        from_31.iter().map(|f| &f.0).collect::<Vec<_>>(),
        "{what}: other files"
    );
    for ((path, a), (_, b)) in from_30.iter().zip(&from_31) {
        // The API surface's first line records the sha256 of the description's text,
        // which is another text: every other line must agree.
        let (a, b) = if path.ends_with("api-surface.jsonl") {
            let body = |text: &str| text.split_once('\n').map(|(_, rest)| rest.to_string());
            (body(a).unwrap_or_default(), body(b).unwrap_or_default())
        } else if path.ends_with("examples.txt") {
            // The example table names each example by pointer: a schema's 3.0 `example`
            // is the first of its 3.1 `examples`.
            let as_31 = |line: &str| match line.split_once("/example -> ") {
                Some((schema, ty)) if schema.starts_with("#/components/schemas/") => {
                    format!("{schema}/examples/0 -> {ty}\n")
                }
                _ => format!("{line}\n"),
            };
            (a.lines().map(as_31).collect(), b.clone())
        } else {
            (a.clone(), b.clone())
        };
        if a != b {
            let first = a.lines().zip(b.lines()).position(|(x, y)| x != y);
            let line = first.map(|i| (a.lines().nth(i), b.lines().nth(i)));
            panic!("{what}: {path} differs when the description is 3.1: {line:?}");
        }
    }
}

fn pinned_as_30_and_31(version: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    let original = VersionInputs::read(root, version)
        .unwrap_or_else(|e| panic!("{e}"))
        .description;
    let rendered = render_as_31(&original);
    assert!(rendered.contains("openapi: 3.1.0"), "{}", &rendered[..200]);
    assert_same_files(
        version,
        generated_files(version, original),
        generated_files(version, rendered),
    );
}

#[test]
fn the_pinned_v1_rendered_as_31_generates_the_same_files() {
    pinned_as_30_and_31("v1");
}

#[test]
fn the_pinned_beta_rendered_as_31_generates_the_same_files() {
    pinned_as_30_and_31("beta");
}

/// The fixtures use what Dixa's descriptions do not: `nullable`, schema examples, bounds.
#[test]
fn every_fixture_rendered_as_31_generates_the_same_files() {
    for name in common::fixture_names() {
        if name == "openapi31" {
            continue; // written in 3.1 already
        }
        let overrides = common::overrides(&name);
        let files = |spec: &str| {
            output(
                common::generate_text(spec, &overrides)
                    .unwrap_or_else(|e| panic!("fixture `{name}`: {e}")),
            )
        };
        let original = common::spec(&name);
        assert_same_files(&name, files(&original), files(&render_as_31(&original)));
    }
    let rendered = RENDERED.get();
    assert!(
        rendered > 0,
        "only {rendered} fixture schemas use nullable, example or bounds"
    );
}

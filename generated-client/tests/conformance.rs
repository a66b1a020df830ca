//! The examples embedded in Dixa's descriptions are the ground truth for the wire
//! format: every one must decode into the generated type of its schema (in the models of
//! its API version) and re-encode to equal JSON (numbers compared by value, key order
//! ignored, an absent key equal to `null`). Which examples there are, and the type each
//! decodes as, is the table `cargo xtask codegen` writes
//! (`tests/generated/<version>/examples.txt`), which this test compares with the description.

#[path = "generated/beta/roundtrip_table.rs"]
mod beta_table;
#[path = "generated/v1/roundtrip_table.rs"]
mod v1_table;

use dixa_codegen::inputs::VersionInputs;
use dixa_codegen::model::ir::TypeRef;
use serde_json::Value;
use std::path::Path;

/// Examples known not to round-trip (pointers, in any version), with the reason. The
/// target is none.
const KNOWN_EXCEPTIONS: &[(&str, &str)] = &[];

/// The table of one version's models: decode-and-re-encode by type name.
type RoundtripTable = fn(&str, &str) -> Option<Result<Value, String>>;

#[test]
fn every_example_in_the_v1_description_round_trips() {
    every_example_round_trips("v1", v1_table::roundtrip_by_name);
}

#[test]
fn every_example_in_the_beta_description_round_trips() {
    every_example_round_trips("beta", beta_table::roundtrip_by_name);
}

fn every_example_round_trips(version: &str, table: RoundtripTable) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    let inputs = VersionInputs::read(root, version).unwrap_or_else(|e| panic!("{e}"));
    let spec =
        dixa_codegen::load::parse_description(&inputs.description).expect("description parses");
    let overrides =
        dixa_codegen::load::overrides::Overrides::parse_files(&inputs.overrides_files())
            .expect("overrides parse");
    let model = dixa_codegen::model::build_model(&spec, &overrides).expect("model builds");
    let cases = dixa_codegen::examples::example_cases(&spec, &model, &overrides);

    let (mut passed, mut skipped, mut excepted) = (0, 0, 0);
    let mut failures = Vec::new();
    for case in &cases {
        if case.skipped.is_some() {
            skipped += 1;
            continue;
        }
        let result = match &case.ty {
            Some(TypeRef::Named(name)) => roundtrip_one(table, name, case.value),
            Some(TypeRef::List(item)) => match (&**item, case.value) {
                (TypeRef::Named(name), Value::Array(items)) => {
                    items.iter().try_for_each(|v| roundtrip_one(table, name, v))
                }
                _ => Err("a list example that is not an array of a named type".to_string()),
            },
            other => Err(format!("no generated type to check against ({other:?})")),
        };
        match result {
            Ok(()) => passed += 1,
            Err(_) if KNOWN_EXCEPTIONS.iter().any(|(p, _)| *p == case.pointer) => excepted += 1,
            Err(e) => failures.push(format!("{}: {e}", case.pointer)),
        }
    }
    let summary = format!(
        "{passed}/{} examples decode and re-encode to equal JSON; {skipped} skipped by override, {excepted} known exceptions, {} failed",
        cases.len(),
        failures.len()
    );
    println!("conformance {version}: {summary}");
    assert!(
        failures.is_empty(),
        "{} {version} examples do not round-trip:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // Which examples are checked, and as which type, is reviewed once: in the table
    // `cargo xtask codegen` writes (an example Dixa adds or removes shows up in its diff).
    let table_path = dixa_codegen::paths::example_table(version);
    let committed = std::fs::read_to_string(root.join(&table_path))
        .unwrap_or_else(|e| panic!("cannot read {table_path}: {e}"));
    assert!(
        committed == dixa_codegen::examples::example_table(&cases),
        "{table_path} does not list the examples of the {version} description: run `cargo xtask codegen`"
    );
}

fn roundtrip_one(table: RoundtripTable, type_name: &str, original: &Value) -> Result<(), String> {
    let text = original.to_string();
    let reencoded =
        table(type_name, &text).ok_or_else(|| format!("no generated type `{type_name}`"))??;
    if json_equal(original, &reencoded) {
        Ok(())
    } else {
        Err(format!(
            "re-encoded differs:\n  sent: {original}\n  back: {reencoded}"
        ))
    }
}

/// Equal as JSON: numbers by value, keys in any order, an absent key equal to `null`
/// (optional fields decode `null` as absent).
fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            match (x.as_i64(), y.as_i64(), x.as_u64(), y.as_u64()) {
                (Some(x), Some(y), _, _) => x == y,
                (_, _, Some(x), Some(y)) => x == y,
                _ => x.as_f64() == y.as_f64(),
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_equal(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            keys.into_iter().all(|k| {
                json_equal(
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                )
            })
        }
        _ => a == b,
    }
}

#[test]
fn json_equal_is_strict_where_it_matters() {
    use serde_json::json;
    assert!(json_equal(&json!({"a": 1, "b": null}), &json!({"a": 1.0})));
    assert!(!json_equal(&json!({"a": 1}), &json!({"a": 2})));
    assert!(!json_equal(&json!({"a": "1"}), &json!({"a": 1})));
    assert!(!json_equal(&json!([1, 2]), &json!([2, 1])));
    assert!(!json_equal(&json!({"a": {}}), &json!({})));
}

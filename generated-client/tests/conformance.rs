//! The examples embedded in Dixa's description are the ground truth for the wire
//! format: every one must decode into the generated type of its schema and re-encode
//! to equal JSON (numbers compared by value, key order ignored, an absent key equal
//! to `null`).

#[path = "generated/roundtrip_table.rs"]
mod roundtrip_table;

use dixa_codegen::model::ir::TypeRef;
use serde_json::Value;
use std::path::Path;

/// Examples known not to round-trip, with the reason. The target is none.
const KNOWN_EXCEPTIONS: &[(&str, &str)] = &[];

fn load_description() -> (String, String) {
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
    let overrides = std::fs::read_to_string(root.join("spec/overrides.yaml")).unwrap_or_default();
    (spec, overrides)
}

#[test]
fn every_example_in_the_description_round_trips() {
    let (spec_text, overrides_text) = load_description();
    let spec = dixa_codegen::load::parse_description(&spec_text).expect("description parses");
    let overrides =
        dixa_codegen::load::overrides::Overrides::parse(&overrides_text).expect("overrides parse");
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
            Some(TypeRef::Named(name)) => roundtrip_one(name, case.value),
            Some(TypeRef::List(item)) => match (&**item, case.value) {
                (TypeRef::Named(name), Value::Array(items)) => {
                    items.iter().try_for_each(|v| roundtrip_one(name, v))
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
    println!(
        "conformance: {passed}/{} examples decode and re-encode to equal JSON; {skipped} skipped by override, {excepted} known exceptions, {} failed",
        cases.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} examples do not round-trip:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(cases.len(), 485, "the pinned description has 485 examples");
}

fn roundtrip_one(type_name: &str, original: &Value) -> Result<(), String> {
    let text = original.to_string();
    let reencoded = roundtrip_table::roundtrip_by_name(type_name, &text)
        .ok_or_else(|| format!("no generated type `{type_name}`"))??;
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

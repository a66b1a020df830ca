//! Every example of every fixture decodes as its generated type and re-encodes to the
//! same JSON. Which examples there are, and the type each decodes as, the generator says
//! (`dixa_codegen::examples::example_cases`, as for the conformance test of the pinned
//! descriptions).

use dixa_codegen::model::ir::TypeRef;
use dixa_fixture_models::{FIXTURES, roundtrip};
use serde_json::Value;
use std::path::Path;

/// The API version fixtures are generated as (codegen's `tests/common`).
const VERSION: &str = "fixture";

/// One example to round-trip.
struct Case {
    fixture: &'static str,
    /// The generated model type it decodes as.
    ty: String,
    /// Where the example is in the fixture (JSON pointer).
    pointer: String,
    value: Value,
}

/// The examples of every fixture, one case per value (a list example gives one case per
/// element); none that an override skips.
fn example_cases() -> Vec<Case> {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let mut out = Vec::new();
    for &fixture in FIXTURES {
        let read = |file: &str| std::fs::read_to_string(fixtures.join(file));
        let spec = read(&format!("{fixture}.yaml")).expect("a fixture of this crate");
        let overrides_text = read(&format!("{fixture}.overrides.yaml")).unwrap_or_default();
        let overrides_file = dixa_codegen::load::overrides::OverridesFile {
            path: dixa_codegen::load::overrides::FILE,
            text: &overrides_text,
        };
        let generated = dixa_codegen::generate(VERSION, &spec, &[overrides_file]).unwrap_or_else(
            |diagnostics| panic!("fixture `{fixture}` was rejected:\n{diagnostics}"),
        );
        let description = dixa_codegen::load::parse_description(&spec).expect("parses");
        let overrides =
            dixa_codegen::load::overrides::Overrides::parse(&overrides_text).expect("parses");
        let cases =
            dixa_codegen::examples::example_cases(&description, &generated.model, &overrides);
        for case in cases {
            if case.skipped.is_some() {
                continue;
            }
            let case_of = |ty: &str, pointer: String, value: &Value| Case {
                fixture,
                ty: ty.to_string(),
                pointer,
                value: value.clone(),
            };
            match (&case.ty, case.value) {
                (Some(TypeRef::Named(ty)), value) => out.push(case_of(ty, case.pointer, value)),
                (Some(TypeRef::List(item)), Value::Array(values)) => {
                    let TypeRef::Named(ty) = &**item else {
                        panic!("{fixture} {}: a list of an unnamed type", case.pointer)
                    };
                    for (i, value) in values.iter().enumerate() {
                        out.push(case_of(ty, format!("{}/{i}", case.pointer), value));
                    }
                }
                // A property's example of a scalar type: checked by the checker, no
                // named type to round-trip it through.
                (Some(_), _) => continue,
                (ty, _) => panic!(
                    "{fixture} {}: no generated type to check against ({ty:?})",
                    case.pointer
                ),
            }
        }
    }
    out
}

/// Equal as JSON: numbers by value, keys in any order, an absent key equal to `null`
/// (the conformance test's rule).
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
fn every_example_of_every_fixture_survives_decoding_and_re_encoding() {
    let cases = example_cases();
    assert!(!cases.is_empty(), "no examples to round-trip");
    let mut failures = Vec::new();
    for Case {
        fixture,
        ty,
        pointer,
        value: sent,
    } in &cases
    {
        let problem = match roundtrip(fixture, ty, &sent.to_string()) {
            None => Some(format!("no generated type `{ty}`")),
            Some(Err(e)) => Some(e),
            Some(Ok(back)) if !json_equal(sent, &back) => Some(format!(
                "re-encoded differs:\n    sent: {sent}\n    back: {back}"
            )),
            Some(Ok(_)) => None,
        };
        if let Some(problem) = problem {
            failures.push(format!("{fixture} {pointer} as {ty}: {problem}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} examples do not round-trip:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

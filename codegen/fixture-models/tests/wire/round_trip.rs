//! Every example of every fixture decodes as its generated type and re-encodes to the
//! same JSON.

use dixa_fixture_models::{CASES, roundtrip};
use serde_json::Value;

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
    assert!(!CASES.is_empty(), "no examples to round-trip");
    let mut failures = Vec::new();
    for (fixture, ty, pointer, json) in CASES {
        let sent: Value = serde_json::from_str(json).expect("the build script wrote JSON");
        let problem = match roundtrip(fixture, ty, json) {
            None => Some(format!("no generated type `{ty}`")),
            Some(Err(e)) => Some(e),
            Some(Ok(back)) if !json_equal(&sent, &back) => Some(format!(
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
        CASES.len(),
        failures.join("\n")
    );
}

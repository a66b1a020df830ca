//! Request bodies are built with `new` (the required fields) and one chainable method per
//! optional field: the structs are `#[non_exhaustive]`, so a field Dixa adds later does
//! not break this code.

use dixa_client::v1::models::CreateAgentInput;
use serde_json::json;

#[test]
fn new_takes_the_required_fields_and_setters_the_optional_ones() {
    let input = CreateAgentInput::new("Jane Doe", "jane@example.com")
        .phone_number("+4512345678")
        .middle_names(["Anna".to_string()]);

    assert_eq!(input.display_name, "Jane Doe");
    assert_eq!(input.first_name, None);
    assert_eq!(
        serde_json::to_value(&input).expect("encodes"),
        json!({
            "displayName": "Jane Doe",
            "email": "jane@example.com",
            "phoneNumber": "+4512345678",
            "middleNames": ["Anna"]
        })
    );
}

/// Search is a beta operation.
#[cfg(feature = "beta")]
#[test]
fn a_struct_without_required_fields_is_also_default() {
    use dixa_client::beta::models::{Query, SearchParametersInput};
    assert_eq!(
        SearchParametersInput::new(),
        SearchParametersInput::default()
    );
    let search = SearchParametersInput::new().query(Query::new("refund").exact_match(false));
    assert_eq!(
        serde_json::to_value(&search).expect("encodes"),
        json!({"query": {"value": "refund", "exactMatch": false}})
    );
}

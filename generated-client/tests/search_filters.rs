//! Search with filters, built the way the README writes it (`Filters::all`/`any`, search
//! fields straight into the list, `StatusValue`-style value enums), sends exactly the
//! bodies of the description's own request examples: the bytes the client hands to the
//! transport, against the example read from `spec/fetched/` at test time (the
//! description is never copied into the repository).
//!
//! The one normalisation is key order: the client writes a union's `_type` first, Dixa's
//! examples mostly last, and JSON objects are unordered. Both sides are rewritten with
//! their keys sorted and no whitespace; every value stays as written.

use crate::pinned;

use dixa_client::beta::models::{
    Between, ChannelOperator, ChannelValue, Condition, DirectionOperator, DirectionValue, Filters,
    SearchField, SearchParametersInput, StatusOperator, StatusValue,
};
use dixa_client::testing::{Answer, TestTransport};
use serde_json::{Value, json};

/// The request-body examples of `POST /beta/search/conversations` in the pinned beta
/// description.
fn search_examples() -> Vec<Value> {
    let description = pinned::beta_description();
    let search = description["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .find(|(path, _)| path.ends_with("/search/conversations"))
        .map(|(_, item)| &item["post"])
        .expect("the search with filters is in the description");
    let examples = search["requestBody"]["content"]["application/json"]["examples"]
        .as_object()
        .expect("the search body has named examples");
    examples.values().map(|e| e["value"].clone()).collect()
}

/// The example whose conditions are on these search fields, in this order.
fn example_on(fields: &[&str]) -> Value {
    let examples = search_examples();
    let on = |example: &Value| -> Vec<String> {
        example["filters"]["conditions"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| c["field"]["_type"].as_str().map(str::to_string))
            .collect()
    };
    examples
        .iter()
        .find(|e| on(e) == fields)
        .cloned()
        .unwrap_or_else(|| panic!("no example of the description filters on {fields:?}"))
}

/// The body `search` goes out with: the bytes the client gives its transport.
async fn sent_body(search: SearchParametersInput) -> Vec<u8> {
    let dixa = TestTransport::new();
    dixa.answer(
        "postSearchConversations",
        Answer::json(200, json!({"data": []})),
    );
    dixa.client()
        .beta()
        .search()
        .conversations_with_filters()
        .body(search)
        .await
        .expect("the scripted answer decodes");
    let sent = dixa.requests_for("postSearchConversations");
    assert_eq!(sent.len(), 1);
    sent[0].body.clone().expect("a JSON body").to_vec()
}

/// `value` as compact JSON with every object's keys sorted.
fn sorted_keys(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            let entries: Vec<String> = entries
                .into_iter()
                .map(|(k, v)| format!("{}:{}", Value::String(k.clone()), sorted_keys(v)))
                .collect();
            format!("{{{}}}", entries.join(","))
        }
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(sorted_keys).collect();
            format!("[{}]", items.join(","))
        }
        other => other.to_string(),
    }
}

/// The sent bytes, keys sorted, against the example, keys sorted.
fn assert_sends(sent: &[u8], example: &Value) {
    let sent_value: Value = serde_json::from_slice(sent).expect("the body is JSON");
    assert_eq!(
        sorted_keys(&sent_value),
        sorted_keys(example),
        "sent: {}",
        String::from_utf8_lossy(sent)
    );
}

#[tokio::test]
async fn all_of_two_conditions_sends_the_description_example() {
    // "direction is inbound, and channel is phone or SMS"
    let direction = DirectionOperator::is_one_of([DirectionValue::Inbound]);
    let channel = ChannelOperator::is_one_of([ChannelValue::Phone, ChannelValue::Sms]);
    let filters = Filters::all([
        SearchField::direction(direction),
        SearchField::channel(channel),
    ]);
    let sent = sent_body(SearchParametersInput::new().filters(filters)).await;
    assert_sends(&sent, &example_on(&["Direction", "Channel"]));
}

#[tokio::test]
async fn any_of_two_conditions_sends_the_description_example() {
    // "created between two timestamps, or closed between the same two"
    let example = example_on(&["CreationDate", "ClosedDate"]);
    // The example's own timestamps (kept as written: `DateTime` re-encodes its text).
    let between = |i: usize| {
        let operator = &example["filters"]["conditions"][i]["field"]["operator"];
        let at = |key: &str| -> dixa_client::DateTime {
            operator[key]
                .as_str()
                .expect(key)
                .parse()
                .expect("a date-time")
        };
        Between::new(at("timestampFrom"), at("timestampTo"))
    };
    let filters = Filters::any([
        SearchField::creation_date(between(0)),
        SearchField::closed_date(between(1)),
    ]);
    let sent = sent_body(SearchParametersInput::new().filters(filters)).await;
    assert_sends(&sent, &example);
}

/// The README's search, to the byte (the description has no example of it).
#[tokio::test]
async fn the_readme_search_sends_these_bytes() {
    let status = StatusOperator::is_one_of([StatusValue::Open, StatusValue::Pending]);
    let channel = ChannelOperator::is_one_of([ChannelValue::Email]);
    let filters = Filters::all([SearchField::status(status), SearchField::channel(channel)]);
    let sent = sent_body(SearchParametersInput::new().filters(filters)).await;
    assert_eq!(
        String::from_utf8(sent).unwrap(),
        concat!(
            r#"{"filters":{"strategy":"All","conditions":["#,
            r#"{"field":{"_type":"Status","operator":{"_type":"IsOneOf","values":["open","pending"]}}},"#,
            r#"{"field":{"_type":"Channel","operator":{"_type":"IsOneOf","values":["email"]}}}"#,
            r#"]}}"#
        )
    );
}

/// The new form builds the same value as the long one it replaces.
#[test]
fn the_short_form_is_the_long_form() {
    use dixa_client::beta::models::{
        ChannelOperatorIsOneOfValues, FiltersStrategy, StatusOperatorIsOneOfValues,
    };
    let status = StatusOperator::is_one_of([
        StatusOperatorIsOneOfValues::Open,
        StatusOperatorIsOneOfValues::Pending,
    ]);
    let channel = ChannelOperator::is_one_of([ChannelOperatorIsOneOfValues::Email]);
    let long = Filters::new(FiltersStrategy::All).conditions([
        Condition::new(SearchField::status(status.clone())),
        Condition::new(SearchField::channel(channel.clone())),
    ]);
    let short = Filters::all([SearchField::status(status), SearchField::channel(channel)]);
    assert_eq!(short, long);
    // Conditions and fields mix: each item only has to convert into a `Condition`.
    let mixed: Vec<Condition> = vec![
        SearchField::status(StatusOperator::is_not_one_of([StatusValue::Closed])).into(),
        Condition::new(SearchField::channel(ChannelOperator::is_one_of([
            ChannelValue::Chat,
        ]))),
    ];
    assert_eq!(Filters::any(mixed.clone()).conditions, Some(mixed));
}

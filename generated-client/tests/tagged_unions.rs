//! Tagged unions through the client, against a local server: a decode error names the
//! JSON path of the failing value wherever the union's tag stands in its object, and a
//! second tag in one object is refused like a repeated struct field.

use dixa_client::{Client, Error};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn the_runtime_and_the_generator_agree_on_the_tag_key() {
    assert_eq!(
        dixa_client::runtime::wire::TAG_KEY,
        dixa_codegen::conventions::TAG_KEY
    );
}

/// Where the tag goes in each object of a body.
#[derive(Debug, Clone, Copy)]
enum Layout {
    /// Where Dixa puts it.
    Last,
    First,
    Middle,
}

const LAYOUTS: [Layout; 3] = [Layout::Last, Layout::First, Layout::Middle];

/// A `ChatConversation` as Dixa sends it, `"_type"` placed by `layout`, with `changes`
/// (key, JSON text) replacing or, with `None`, removing members.
fn conversation(layout: Layout, changes: &[(&str, Option<&str>)]) -> String {
    let mut members: Vec<(&str, String)> = vec![
        ("id", "1".into()),
        (
            "requesterId",
            r#""2a2b6ab4-3e7b-4d85-8a4d-2c3c1e3a8f10""#.into(),
        ),
        ("channel", r#""WidgetChat""#.into()),
        ("createdAt", r#""2021-12-01T12:46:36.581Z[GMT]""#.into()),
        (
            "customAttributes",
            r#"[{"id":"6f1c2b9e-1111-4a2b-9c3d-0123456789ab","name":"Tier","identifier":"tier","value":"gold"}]"#
                .into(),
        ),
        ("state", r#""Open""#.into()),
    ];
    for (key, change) in changes {
        let at = members.iter().position(|(k, _)| k == key);
        match (at, change) {
            (Some(i), Some(text)) => members[i].1 = text.to_string(),
            (Some(i), None) => {
                members.remove(i);
            }
            (None, Some(text)) => members.push((key, text.to_string())),
            (None, None) => {}
        }
    }
    let tag = ("_type", r#""ChatConversation""#.to_string());
    match layout {
        Layout::Last => members.push(tag),
        Layout::First => members.insert(0, tag),
        Layout::Middle => members.insert(members.len() / 2, tag),
    }
    let members: Vec<String> = members
        .iter()
        .map(|(k, v)| format!(r#""{k}":{v}"#))
        .collect();
    format!("{{{}}}", members.join(","))
}

/// A page of four conversations, `bad` at index `at`.
fn page(layout: Layout, at: usize, bad: String) -> String {
    let items: Vec<String> = (0..4)
        .map(|i| {
            if i == at {
                bad.clone()
            } else {
                conversation(layout, &[])
            }
        })
        .collect();
    format!(r#"{{"data":[{}],"meta":{{}}}}"#, items.join(","))
}

/// The error of listing conversations when the server answers `body`.
async fn list_error(body: String) -> Error {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let client = Client::builder("key")
        .base_url(server.uri())
        .no_retries()
        .build()
        .unwrap();
    let user = "0c6f3ee5-62f4-4a2a-9a4e-3d4b5a6c7d8e".parse().unwrap();
    client
        .v1()
        .end_users()
        .list_conversations(user)
        .await
        .expect_err("the body does not decode")
}

/// Asserts the error for `bad` at `data[at]` names `path` and says `reason`, in every
/// layout.
async fn assert_error_at(at: usize, bad: impl Fn(Layout) -> String, path: &str, reason: &str) {
    for layout in LAYOUTS {
        let err = list_error(page(layout, at, bad(layout))).await;
        assert!(err.is_decode(), "{layout:?}: {err}");
        assert_eq!(err.json_path(), Some(path), "{layout:?}: {err}");
        assert!(err.to_string().contains(reason), "{layout:?}: {err}");
    }
}

#[test]
fn the_valid_page_decodes_in_every_layout() {
    for layout in LAYOUTS {
        let body = page(layout, 0, conversation(layout, &[]));
        let decoded: dixa_client::v1::models::ListEndUserConversationsOutput =
            serde_json::from_str(&body).unwrap_or_else(|e| panic!("{layout:?}: {e}: {body}"));
        assert_eq!(decoded.data.map(|d| d.len()), Some(4), "{layout:?}");
    }
}

#[tokio::test]
async fn a_missing_required_field_names_its_object() {
    assert_error_at(
        3,
        |layout| conversation(layout, &[("requesterId", None)]),
        "data[3]",
        "missing field `requesterId`",
    )
    .await;
}

#[tokio::test]
async fn a_bad_date_names_its_field() {
    assert_error_at(
        2,
        |layout| conversation(layout, &[("createdAt", Some(r#""yesterday""#))]),
        "data[2].createdAt",
        "yesterday",
    )
    .await;
}

#[tokio::test]
async fn a_bad_uuid_deep_inside_names_its_field() {
    let attributes = r#"[{"id":"not-a-uuid","name":"Tier","identifier":"tier","value":"gold"}]"#;
    assert_error_at(
        1,
        |layout| conversation(layout, &[("customAttributes", Some(attributes))]),
        "data[1].customAttributes[0].id",
        "UUID",
    )
    .await;
}

#[tokio::test]
async fn integer_id_errors_name_the_id() {
    for (id, reason) in [
        ("-0", "floating point `-0.0`"),
        ("18446744073709551617", "floating point"),
        ("1.0", "floating point `1.0`"),
        (r#""1""#, r#"string "1""#),
    ] {
        assert_error_at(
            0,
            |layout| conversation(layout, &[("id", Some(id))]),
            "data[0].id",
            reason,
        )
        .await;
    }
}

#[tokio::test]
async fn a_second_tag_in_one_object_is_an_error_naming_it() {
    // A second tag, equal or not to the first, first or last in the object, in every
    // layout: the fast path finds the tag at either end, the key scan in between.
    for second in [r#""ChatConversation""#, r#""EmailConversation""#] {
        for at_start in [true, false] {
            let body = |layout| {
                let one = conversation(layout, &[]);
                let extra = format!(r#""_type":{second}"#);
                if at_start {
                    format!("{{{extra},{}", &one[1..])
                } else {
                    format!("{},{extra}}}", &one[..one.len() - 1])
                }
            };
            assert_error_at(1, body, "data[1]._type", "duplicate field `_type`").await;
        }
    }
}

#[tokio::test]
async fn a_duplicate_struct_field_is_refused_the_same_way() {
    assert_error_at(
        1,
        |layout| {
            conversation(
                layout,
                &[("channel", Some(r#""WidgetChat","channel":"Email""#))],
            )
        },
        "data[1].channel",
        "duplicate field `channel`",
    )
    .await;
}

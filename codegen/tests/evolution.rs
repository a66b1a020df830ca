//! The API change report classifies every kind of description change the way users of
//! the generated crate experience it: each mutation of the catalogue
//! (`dixa_codegen::evolution::catalogue`) is generated before and after, and the report
//! must name it with the expected impact. `cargo xtask semver` checks the same catalogue
//! with cargo-semver-checks.

use dixa_codegen::evolution::catalogue::{self, Mutation};
use dixa_codegen::evolution::{Change, Impact, Surface, compare};
use dixa_codegen::model::Published;

fn surface_of(description: &str) -> Surface {
    let generated = dixa_codegen::generate(catalogue::VERSION, description, &[])
        .unwrap_or_else(|e| panic!("the generator rejected a catalogue description:\n{e}"));
    let file = generated
        .files
        .iter()
        .find(|f| f.path == dixa_codegen::paths::api_surface(catalogue::VERSION))
        .expect("the API surface is a generated file");
    Surface::from_json_lines(&file.contents).expect("the surface file reads back")
}

fn report_of(mutation: &Mutation) -> Vec<Change> {
    compare(
        &surface_of(catalogue::BASE),
        &surface_of(&catalogue::mutated(mutation)),
    )
}

fn overall(changes: &[Change]) -> Option<Impact> {
    changes.iter().map(|c| c.impact).min()
}

#[test]
fn every_mutation_is_reported_with_its_impact() {
    let mut wrong = Vec::new();
    for mutation in catalogue::catalogue() {
        let changes = report_of(&mutation);
        let named = changes
            .iter()
            .any(|c| c.impact == mutation.expected && c.what.contains(mutation.reported_as));
        if overall(&changes) != Some(mutation.expected) || !named {
            let lines: Vec<String> = changes
                .iter()
                .map(|c| format!("    {} {} ({})", c.impact.as_str(), c.what, c.pointer))
                .collect();
            wrong.push(format!(
                "{}: expected {} `{}`, reported:\n{}",
                mutation.name,
                mutation.expected.as_str(),
                mutation.reported_as,
                lines.join("\n")
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_catalogue_covers_every_kind_of_change_the_issue_names() {
    let names: Vec<&str> = catalogue::catalogue().iter().map(|m| m.name).collect();
    for kind in [
        "new optional field",
        "new union variant",
        "new enum value",
        "new operation",
        "new optional parameter",
        "new type",
        "variant tag renamed through its title",
        "field format changed",
        "field removed",
        "optional field made required",
        "field type changed",
        "union variant removed",
        "enum value removed",
        "operation removed",
        "path parameter added",
    ] {
        assert!(
            names.contains(&kind),
            "no mutation `{kind}` in the catalogue"
        );
    }
}

#[test]
fn an_unchanged_description_reports_nothing() {
    assert_eq!(
        compare(&surface_of(catalogue::BASE), &surface_of(catalogue::BASE)),
        vec![]
    );
}

#[test]
fn changes_are_named_by_their_description_pointer() {
    let removed = catalogue::catalogue()
        .into_iter()
        .find(|m| m.name == "field removed")
        .expect("the mutation");
    let changes = report_of(&removed);
    assert_eq!(
        changes[0].pointer,
        "#/components/schemas/CreateThingInput/properties/note"
    );
}

/// Two kinds of conversation whose `state` lists the same values (so they share one
/// `ConversationState`, read through `Conversation::state()`), and an operation.
const CONVERSATIONS: &str = r##"
openapi: 3.0.3
info: {title: conversations, version: "1"}
paths:
  /v1/conversations/{conversationId}:
    get:
      operationId: GetConversation
      tags: [Conversations]
      parameters:
        - {name: conversationId, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: the conversation
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Conversation"}
components:
  schemas:
    Conversation:
      oneOf:
        - $ref: "#/components/schemas/ChatConversation"
        - $ref: "#/components/schemas/EmailConversation"
    ChatConversation:
      type: object
      required: [id]
      properties:
        id: {type: string}
        state: {type: string, description: "values: [Open, Closed]"}
    EmailConversation:
      type: object
      required: [id]
      properties:
        id: {type: string}
        state: {type: string, description: "values: [Open, Closed]"}
"##;

/// The surface generated from `description`, keeping the names `published` before.
fn surface_keeping(description: &str, published: &Published) -> Surface {
    let generated =
        dixa_codegen::generate_keeping(catalogue::VERSION, description, &[], None, published)
            .unwrap_or_else(|e| panic!("the generator rejected the description:\n{e}"));
    let file = generated
        .files
        .iter()
        .find(|f| f.path == dixa_codegen::paths::api_surface(catalogue::VERSION))
        .expect("the API surface is a generated file");
    Surface::from_json_lines(&file.contents).expect("the surface file reads back")
}

fn lines(changes: &[Change]) -> Vec<String> {
    changes
        .iter()
        .map(|c| format!("{} {}", c.impact.as_str(), c.what))
        .collect()
}

#[test]
fn a_value_one_owner_of_a_shared_enum_gains_is_a_value_of_the_shared_enum() {
    let before = surface_keeping(CONVERSATIONS, &Published::default());
    // Only the email conversation's state gains `Snoozed`.
    let email_state = CONVERSATIONS
        .rfind("[Open, Closed]")
        .expect("the email state");
    let mut snoozed = CONVERSATIONS.to_string();
    snoozed.replace_range(
        email_state..email_state + "[Open, Closed]".len(),
        "[Open, Closed, Snoozed]",
    );

    // Named by today's description alone, the email state would leave the shared type:
    // both fields change type and `Conversation::state()` goes (with more kinds of
    // conversation, it would stay and answer `None` for email conversations: the report
    // names that too, `changes::accessor_change`).
    let alone = compare(&before, &surface_keeping(&snoozed, &Published::default()));
    let alone = lines(&alone);
    assert!(
        alone
            .iter()
            .any(|l| l.starts_with("breaking removed accessor Conversation.state")),
        "{alone:#?}"
    );

    // Keeping what was published, the shared type gains the value and nothing else moves.
    let kept = compare(
        &before,
        &surface_keeping(&snoozed, &Published::from_surface(&before)),
    );
    assert_eq!(
        lines(&kept),
        ["additive added value ConversationState.Snoozed: \"Snoozed\""],
    );
}

#[test]
fn a_new_operation_never_takes_a_published_operations_name() {
    let before = surface_keeping(CONVERSATIONS, &Published::default());
    assert!(
        before.items.contains_key("operation conversations.get"),
        "{:?}",
        before.items.keys()
    );
    // A second path whose method is also named `get`, and which comes first.
    let added = CONVERSATIONS.replacen(
        "paths:\n",
        "paths:\n  /v1/conversations/{id}/:\n    get:\n      operationId: GetAgain\n      tags: [Conversations]\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses: {\"204\": {description: none}}\n",
        1,
    );
    let alone = compare(&before, &surface_keeping(&added, &Published::default()));
    assert!(
        alone.iter().any(|c| c.impact == Impact::Breaking),
        "named by the description alone, the first path takes `get`: {:#?}",
        lines(&alone)
    );
    let kept = compare(
        &before,
        &surface_keeping(&added, &Published::from_surface(&before)),
    );
    assert_eq!(
        lines(&kept),
        ["additive added operation conversations.get2: -> () (GET /v1/conversations/{id}/)"]
    );
}

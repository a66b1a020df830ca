//! One test per Dixa convention, each on a small hand-written description in
//! `tests/fixtures/` that isolates it. Four snapshots per fixture:
//!
//! - `NAME__model`: the model as `model::surface::render` lists it (types with their
//!   wire shapes, operations), then the example checker's report;
//! - `NAME__models_rs`: the emitted `generated/models.rs`;
//! - `NAME__operations_rs`: the emitted `generated/operations.rs`;
//! - `NAME__roundtrip_table_rs`: the emitted round-trip table.
//!
//! Every fixture carries examples, and every example must agree with the model.
//! The crate `codegen/fixture-models` builds the last three accepted snapshots as code
//! and runs it: a generator change reaches those tests through the reviewed snapshots.

mod common;

use dixa_codegen::Generated;

/// Generates fixture `name`, checks that its examples were checked and agree, and
/// compares its snapshots.
fn assert_fixture(name: &str) -> Generated {
    let generated = common::generate(name);
    let report = &generated.report;
    assert!(
        report.examples > 0,
        "fixture `{name}` has no examples in request or response bodies: the checker did not run on it"
    );
    assert_eq!(
        report.examples_passed + report.examples_skipped.len(),
        report.examples,
        "{report}"
    );
    let listing = format!(
        "{}\n{}",
        dixa_codegen::model::surface::render(&generated.model),
        generated.report
    );
    insta::assert_snapshot!(format!("{name}__model"), listing);
    insta::assert_snapshot!(format!("{name}__models_rs"), common::models_rs(&generated));
    insta::assert_snapshot!(
        format!("{name}__operations_rs"),
        common::operations_rs(&generated)
    );
    insta::assert_snapshot!(
        format!("{name}__roundtrip_table_rs"),
        common::roundtrip_table_rs(&generated)
    );
    generated
}

#[test]
fn union_tags_come_from_titles_without_numeric_suffixes_or_generic_arguments() {
    assert_fixture("tag_from_title");
}

#[test]
fn all_empty_unions_are_sent_as_strings() {
    assert_fixture("all_empty_union");
}

#[test]
fn empty_variants_of_mixed_unions_are_objects_with_only_a_tag() {
    assert_fixture("mixed_union");
}

#[test]
fn values_lists_in_descriptions_are_open_enums() {
    let generated = assert_fixture("description_enums");
    let models = common::models_rs(&generated);
    // A list of plain strings whose description lists values holds that enum.
    assert!(
        models.contains("pub labels: Option<Vec<MessageLabelsItem>>"),
        "{models}"
    );
}

#[test]
fn a_plain_object_carries_the_implicit_tag_its_examples_show() {
    assert_fixture("implicit_type_tag");
}

#[test]
fn an_override_makes_a_union_untagged_and_keys_pick_the_variant() {
    assert_fixture("untagged_union_override");
}

#[test]
fn an_override_sends_single_value_variants_as_bare_values() {
    assert_fixture("unwrapped_values_override");
}

#[test]
fn overrides_retype_fields_the_examples_contradict() {
    assert_fixture("field_type_overrides");
}

#[test]
fn rename_overrides_settle_name_collisions() {
    assert_fixture("name_collisions");
}

#[test]
fn deprecated_schemas_and_properties_are_deprecated_in_rust() {
    assert_fixture("deprecation");
}

#[test]
fn additional_properties_are_maps_and_option_maps_keep_nulls() {
    assert_fixture("maps");
}

#[test]
fn inline_unions_of_primitives_are_told_apart_by_json_kind() {
    assert_fixture("primitive_unions");
}

#[test]
fn keywords_as_property_names_stay_usable() {
    assert_fixture("keywords");
}

#[test]
fn odd_wire_names_become_valid_rust_names() {
    assert_fixture("odd_names");
}

#[test]
fn date_times_uuids_and_int64_ids_get_precise_types() {
    assert_fixture("scalars");
}

#[test]
fn recursive_types_box_the_fields_that_close_a_cycle_and_keep_their_derives_and_constructor() {
    let generated = assert_fixture("recursive_types");
    let models = common::models_rs(&generated);
    // Recursion through an array alone needs no box.
    assert!(
        models.contains("pub replies: Option<Vec<Comment>>"),
        "{models}"
    );
    assert!(
        models.contains("pub parent: Option<Box<Comment>>"),
        "{models}"
    );
    assert!(models.contains("pub team: Box<Team>"), "{models}");
    assert!(models.contains("pub filter: Box<Filter>"), "{models}");
    // Declared by `model_struct!`, which derives them and the constructor; a setter
    // takes the unboxed value too (`X: Into<Box<X>>`, the runtime's tests).
    assert!(
        models.contains("#[optional = \"parent\"]\n        pub parent: Option<Box<Comment>>,"),
        "{models}"
    );
}

#[test]
fn an_explicit_discriminator_is_honoured_and_the_tag_written_once() {
    let generated = assert_fixture("explicit_discriminator");
    let models = common::models_rs(&generated);
    assert!(!models.contains("pub r#type"), "{models}");
    assert!(!models.contains("pub type_"), "{models}");
}

#[test]
fn headers_joined_queries_nulls_and_bytes_take_their_wire_forms() {
    let generated = assert_fixture("wire_forms");
    let operations = common::operations_rs(&generated);
    for call in [
        ".query_joined(\"ids\", &self.ids)",
        ".query(\"tags\", &self.tags)",
        ".header_param(\"X-Request-Id\", &self.x_request_id)",
        "crate::operation_sends!(GetExport => rt::Bytes, bytes);",
    ] {
        assert!(operations.contains(call), "no `{call}` in:\n{operations}");
    }
    // `due` is required and nullable: always sent, `None` as `null`.
    assert!(
        common::models_rs(&generated).contains("#[required = \"due\"]\n        pub due: Option<"),
        "{}",
        common::models_rs(&generated)
    );
    // The API surface (and so the change report) gives the type the code returns.
    let surface = generated
        .files
        .iter()
        .find(|f| f.path == dixa_codegen::paths::api_surface(common::VERSION))
        .expect("an API surface");
    assert!(
        surface
            .contents
            .contains(r#""item":"operation notes.get_export","rust":"-> Bytes""#),
        "{}",
        surface.contents
    );
}

#[test]
fn read_only_and_write_only_are_options_and_schema_examples_are_checked() {
    let generated = assert_fixture("schema_keywords");
    // 2 body examples, the component's, and two properties'.
    assert_eq!(generated.report.examples, 5, "{}", generated.report);
    let models = common::models_rs(&generated);
    assert!(models.contains("pub id: Option<String>"), "{models}");
    assert!(models.contains("pub password: Option<String>"), "{models}");
}

#[test]
fn operations_have_parameters_bodies_empty_answers_and_pagination() {
    let generated = assert_fixture("operations");
    insta::assert_snapshot!(
        "operations__operations_debug",
        format!("{:#?}", generated.model.operations)
    );
    // A list answer's items read without unwrapping.
    let models = common::models_rs(&generated);
    assert!(
        models.contains("pub fn into_data(self) -> Vec<Agent>"),
        "{models}"
    );
}

#[test]
fn openapi_31_reads_into_the_same_model_as_30() {
    let generated = assert_fixture("openapi31");
    let report = &generated.report;
    // Both elements of `Note`'s `examples` and of its `id`'s, and the two body examples.
    assert_eq!(report.examples, 6, "{report}");
    let models = common::models_rs(&generated);
    assert!(models.contains("pub due: Option<DateTime>"), "{models}");
}

#[test]
fn every_fixture_has_a_test() {
    let tested = include_str!("fixtures.rs");
    for name in common::fixture_names() {
        assert!(
            tested.contains(&format!("assert_fixture(\"{name}\")")),
            "tests/fixtures/{name}.yaml is not snapshot-tested in tests/fixtures.rs"
        );
    }
}

#[test]
fn the_same_description_gives_the_same_bytes() {
    let first = common::generate("operations");
    let second = common::generate("operations");
    assert_eq!(first.files, second.files);
    assert_eq!(first.model, second.model);
}

#[test]
fn equal_enums_of_one_field_share_a_type_and_union_kinds_share_accessors() {
    let generated = assert_fixture("shared_enums");
    let models = common::models_rs(&generated);
    // Chat and Email list the same values (in another order): one type.
    assert!(models.contains("pub enum ConversationState {"), "{models}");
    assert!(
        models.contains("pub type ChatConversationState = ConversationState;"),
        "{models}"
    );
    // Phone's values differ: its own enum, and `state()` answers `None` for a phone
    // conversation (two kinds against one decide the accessor's type). The union's
    // declaration states each accessor once, in a row of the fields the same variants hold
    // the same way (`union_api!` writes the method:
    // `pub fn id(&self) -> Option<i64>`, `pub fn state(&self) -> Option<&ConversationState>`).
    assert!(
        models.contains("pub enum PhoneConversationState {"),
        "{models}"
    );
    assert!(
        models.contains(
            "#[accessor(of(ChatConversation, EmailConversation, PhoneConversation), id = i64)]"
        ),
        "{models}"
    );
    assert!(models.contains("state = &ConversationState\n"), "{models}");
    assert!(
        models.contains("of(ChatConversation(optional), EmailConversation(optional))"),
        "{models}"
    );
    // The union's docs show the response example, as sent.
    assert!(models.contains("/// # Example"), "{models}");
    assert!(models.contains(r#"///   "browser": "Firefox""#), "{models}");
}

#[test]
fn wrappers_convert_from_what_they_wrap_and_modes_construct_their_list() {
    let generated = assert_fixture("query_filters");
    let models = common::models_rs(&generated);
    // `Rule` wraps its one required subject; `Note` (a string) and `TicketFilters` (an
    // enum) wrap nothing.
    assert!(models.contains("impl From<Subject> for Rule {"), "{models}");
    assert!(!models.contains("for Note {"), "{models}");
    assert!(!models.contains("for TicketFilters {"), "{models}");
    // One constructor per mode, taking anything that converts into a rule; none for
    // `Digest`, which has two lists.
    assert!(
        models.contains("pub fn every(rules: impl IntoIterator<Item = impl Into<Rule>>) -> Self {"),
        "{models}"
    );
    assert!(models.contains("pub fn some(rules: "), "{models}");
    assert!(!models.contains("impl Digest {"), "{models}");
    // The operators' value enums are named after the union's subject; the words rule's
    // name stays as a re-export.
    assert!(models.contains("pub enum PriorityValue {"), "{models}");
    assert!(models.contains("pub enum TeamValue {"), "{models}");
    assert!(
        models.contains("pub use self::PriorityValue as PriorityOperatorOfValues;"),
        "{models}"
    );
}

#[test]
fn structs_of_any_width_declare_each_field_once() {
    let generated = assert_fixture("wide_struct");
    let models = common::models_rs(&generated);
    assert!(
        models.contains("crate::model_struct! {\n    pub struct Report {\n        #[required = \"field01\"]\n        pub field01: String,\n        #[required = \"field02\"]\n        pub field02: Option<"),
        "{models}"
    );
    assert!(!models.contains("struct_serde!"), "{models}");
}

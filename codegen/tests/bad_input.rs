//! Descriptions and overrides the generator must refuse: each one is an error (never a
//! panic) that names the JSON pointer of the problem and says what is wrong.

mod common;

use dixa_codegen::{Diagnostic, Diagnostics};

/// The diagnostics of a run that must fail.
fn rejected(spec: &str, overrides: &str) -> Vec<Diagnostic> {
    match common::generate_text(spec, overrides) {
        Ok(_) => panic!("the generator accepted a description it must refuse:\n{spec}"),
        Err(Diagnostics(found)) => found,
    }
}

/// Asserts that some diagnostic has exactly `pointer` and a message containing every
/// one of `words`.
fn assert_reported(found: &[Diagnostic], pointer: &str, words: &[&str]) {
    let text = Diagnostics(found.to_vec()).to_string();
    let at: Vec<&Diagnostic> = found.iter().filter(|d| d.pointer == pointer).collect();
    assert!(!at.is_empty(), "nothing reported at `{pointer}`:\n{text}");
    assert!(
        at.iter()
            .any(|d| words.iter().all(|w| d.message.contains(w))),
        "the problem at `{pointer}` does not say {words:?}:\n{text}"
    );
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: bad, version: '1'}\n";

/// A description with `schemas` under `components` and one `GET /s` answering with
/// `#/components/schemas/S`, whose JSON example is `example`.
fn with_example(schemas: &str, example: &str) -> String {
    format!(
        "{HEAD}paths:\n  /s:\n    get:\n      operationId: GetS\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/S'}}\n              example: {example}\ncomponents:\n  schemas:\n{schemas}"
    )
}

const EXAMPLE_AT: &str = "#/paths/~1s/get/responses/200/content/application~1json/example";

// --- Not a description at all --------------------------------------------------

#[test]
fn text_that_is_not_yaml_or_json_is_refused() {
    let found = rejected("{\"openapi\": \"3.0.3\", ", "");
    assert_reported(&found, "#", &["not valid YAML or JSON"]);
    let found = rejected("openapi: 3.0.3\n  info: [", "");
    assert_reported(&found, "#", &["not valid YAML or JSON"]);
}

#[test]
fn json_that_is_not_an_object_is_refused() {
    for text in ["[1, 2, 3]", "\"openapi\"", "42", "null", ""] {
        let found = rejected(text, "");
        assert_reported(&found, "#", &["must be a YAML/JSON object"]);
    }
}

#[test]
fn versions_other_than_30_and_31_are_refused_at_the_version() {
    let found = rejected(
        "openapi: 3.2.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
        "",
    );
    assert_reported(
        &found,
        "#/openapi",
        &["3.2.0", "not supported", "3.0.x or 3.1.x"],
    );
    let found = rejected("info: {title: t, version: '1'}\npaths: {}\n", "");
    assert_reported(&found, "#/openapi", &["missing `openapi`"]);
}

#[test]
fn openapi_31_constructs_without_a_30_reading_are_refused_where_they_are() {
    let found = rejected(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n    S:\n      type: object\n      properties:\n        pair: {type: array, prefixItems: [{type: string}, {type: integer}]}\n        id: {type: [string, integer]}\n        owner: {oneOf: [{$ref: '#/components/schemas/S'}, {type: 'null'}]}\n        nested: {$ref: '#/components/schemas/S', required: [id]}\n      $defs: {Inner: {type: string}}\n",
        "",
    );
    let at = "#/components/schemas/S";
    assert_reported(
        &found,
        &format!("{at}/properties/pair/prefixItems"),
        &["tuples"],
    );
    assert_reported(
        &found,
        &format!("{at}/properties/id/type"),
        &["string, integer", "oneOf"],
    );
    assert_reported(
        &found,
        &format!("{at}/properties/owner/oneOf/1"),
        &["`null` branch"],
    );
    assert_reported(
        &found,
        &format!("{at}/properties/nested/required"),
        &["beside a `$ref`"],
    );
    assert_reported(&found, &format!("{at}/$defs"), &["#/components/schemas"]);
    assert_eq!(found.len(), 5, "{}", Diagnostics(found.clone()));
}

#[test]
fn a_malformed_operation_names_the_deepest_place() {
    let found = rejected(
        &format!("{HEAD}paths:\n  /a:\n    get:\n      responses: 7\n"),
        "",
    );
    assert_reported(
        &found,
        "#/paths/~1a/get/responses",
        &["expected a Responses object"],
    );
}

// --- References ----------------------------------------------------------------

#[test]
fn a_dangling_ref_is_reported_where_it_is_used() {
    let spec = format!(
        "{HEAD}paths:\n  /a/{{id}}:\n    parameters:\n      - {{name: id, in: path, required: true, schema: {{$ref: '#/components/schemas/Id'}}}}\n    post:\n      operationId: PostA\n      requestBody:\n        content:\n          application/json:\n            schema: {{$ref: '#/components/schemas/Body'}}\n      responses:\n        '204': {{description: ok}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {{$ref: '#/components/schemas/Missing'}}\n    U:\n      oneOf:\n        - $ref: '#/components/schemas/A'\n        - $ref: '#/components/schemas/Gone'\n"
    );
    let found = rejected(&spec, "");
    assert_reported(
        &found,
        "#/components/schemas/A/properties/b",
        &["dangling $ref", "#/components/schemas/Missing"],
    );
    assert_reported(
        &found,
        "#/components/schemas/U/oneOf/1",
        &["dangling $ref", "#/components/schemas/Gone"],
    );
    assert_reported(
        &found,
        "#/paths/~1a~1{id}/post/requestBody/content/application~1json/schema",
        &["dangling $ref", "#/components/schemas/Body"],
    );
    // A path-level parameter is reported at the path item, not at the operation.
    assert_reported(
        &found,
        "#/paths/~1a~1{id}/parameters/0/schema",
        &["dangling $ref", "#/components/schemas/Id"],
    );
}

#[test]
fn a_ref_outside_the_component_schemas_is_refused() {
    let found = rejected(
        &format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {{$ref: 'other.yaml#/B'}}\n"
        ),
        "",
    );
    assert_reported(
        &found,
        "#/components/schemas/A/properties/b",
        &["other.yaml#/B"],
    );
}

#[test]
fn a_schema_openapiv3_could_not_classify_is_not_silently_any_json() {
    let found = rejected(
        &format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        typo: {{type: strin}}\n        mixed: {{type: string, properties: {{a: {{type: string}}}}}}\n        untyped: {{properties: {{a: {{type: string}}}}}}\n        anything: {{description: any JSON}}\n"
        ),
        "",
    );
    assert_reported(
        &found,
        "#/components/schemas/A/properties/typo",
        &["unknown `type: strin`"],
    );
    assert_reported(
        &found,
        "#/components/schemas/A/properties/mixed",
        &["`type: string`", "do not belong"],
    );
    assert_reported(
        &found,
        "#/components/schemas/A/properties/untyped",
        &["no `type`"],
    );
    assert!(
        !found.iter().any(|d| d.pointer.ends_with("/anything")),
        "a schema with only a description is any JSON, not an error"
    );
}

// --- Unions the rules cannot represent -------------------------------------------

#[test]
fn a_one_of_mixing_refs_and_inline_schemas_is_refused() {
    let found = rejected(
        &format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{type: object, properties: {{a: {{type: string}}}}}}\n    U:\n      oneOf:\n        - $ref: '#/components/schemas/A'\n        - {{type: string}}\n"
        ),
        "",
    );
    assert_reported(
        &found,
        "#/components/schemas/U",
        &["mixing $ref and inline"],
    );
}

#[test]
fn two_variants_with_one_tag_are_refused() {
    let found = rejected(
        &format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    U:\n      oneOf:\n        - $ref: '#/components/schemas/Text1'\n        - $ref: '#/components/schemas/Text2'\n    Text1: {{title: Text, type: object, properties: {{a: {{type: string}}}}}}\n    Text2: {{title: Text, type: object, properties: {{b: {{type: string}}}}}}\n"
        ),
        "",
    );
    assert_reported(
        &found,
        "#/components/schemas/U",
        &["`Text1`", "`Text2`", "share the wire tag `Text`"],
    );
}

#[test]
fn an_inline_one_of_with_two_strings_is_refused() {
    let found = rejected(
        &format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        v:\n          oneOf:\n            - {{type: string}}\n            - {{type: string, format: date-time}}\n"
        ),
        "",
    );
    assert_reported(
        &found,
        "#/components/schemas/A/properties/v",
        &["two variants of JSON kind `string`"],
    );
}

#[test]
fn an_untagged_override_needs_a_key_per_variant() {
    let spec = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    U:\n      oneOf:\n        - $ref: '#/components/schemas/A'\n        - $ref: '#/components/schemas/B'\n    A: {{type: object, properties: {{id: {{type: string}}}}}}\n    B: {{type: object, properties: {{id: {{type: string}}}}}}\n"
    );
    let overrides = "overrides:\n  - at: '#/components/schemas/U'\n    union: untagged\n    reason: no tags in the examples\n";
    let found = rejected(&spec, overrides);
    assert_reported(
        &found,
        "#/components/schemas/U",
        &["untagged", "variant `A`", "no key"],
    );
}

// --- Names -------------------------------------------------------------------------

#[test]
fn two_components_with_one_rust_name_are_a_collision() {
    let found = rejected(&common::spec("name_collisions"), "");
    assert_reported(
        &found,
        "#/components/schemas/FooBar",
        &["name collision", "`FooBar`", "`Foo_Bar`", "rename"],
    );
}

#[test]
fn two_properties_with_one_rust_name_are_a_collision() {
    // Only the component collision is settled: the property collision remains.
    let overrides = "overrides:\n  - at: '#/components/schemas/FooBar'\n    rename: PlainFooBar\n    reason: collides with Foo_Bar\n";
    let found = rejected(&common::spec("name_collisions"), overrides);
    assert_reported(
        &found,
        "#/components/schemas/Foo_Bar/properties/foo_bar",
        &["name collision", "`fooBar`", "`foo_bar`", "rename"],
    );
}

#[test]
fn a_component_named_like_a_type_the_generated_code_uses_is_refused() {
    for name in ["Uuid", "Option", "DateTime", "From"] {
        let found = rejected(
            &format!(
                "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    {name}: {{type: object, properties: {{a: {{type: string}}}}}}\n"
            ),
            "",
        );
        assert_reported(
            &found,
            &format!("#/components/schemas/{name}"),
            &["would shadow", "rename"],
        );
    }
}

// --- Overrides -------------------------------------------------------------------

#[test]
fn an_override_without_a_reason_is_refused() {
    let spec = common::spec("untagged_union_override");
    let found = rejected(
        &spec,
        "overrides:\n  - at: '#/components/schemas/GetMetricDataInput'\n    union: untagged\n    reason: '  '\n",
    );
    assert_reported(
        &found,
        "spec/overrides.yaml#/overrides/0",
        &["needs a `reason`"],
    );
    let found = rejected(
        &spec,
        "overrides:\n  - at: '#/components/schemas/GetMetricDataInput'\n    union: untagged\n",
    );
    assert_reported(
        &found,
        "spec/overrides.yaml#/overrides/0",
        &["missing field `reason`"],
    );
}

#[test]
fn a_stale_override_is_refused() {
    let found = rejected(
        &common::spec("all_empty_union"),
        "overrides:\n  - at: '#/components/schemas/Gone'\n    union: untagged\n    reason: Dixa fixed this long ago\n",
    );
    assert_reported(
        &found,
        "spec/overrides.yaml#/overrides/0",
        &["`#/components/schemas/Gone`", "matches nothing"],
    );
}

/// A shared entry applies to every version: one version without its subject fails that
/// version's run, named in the message, while the file of another version is not blamed.
#[test]
fn a_shared_override_must_match_in_every_version_it_applies_to() {
    use dixa_codegen::load::overrides::OverridesFile;
    let spec = common::spec("all_empty_union");
    let shared = "overrides:\n  - operation: getGone\n    rename: gone\n    reason: r\n";
    let own = "overrides: []\n";
    let files = [
        OverridesFile {
            path: "spec/overrides.yaml",
            text: shared,
        },
        OverridesFile {
            path: "spec/v1/overrides.yaml",
            text: own,
        },
    ];
    let Err(Diagnostics(found)) = dixa_codegen::generate("v1", &spec, &files) else {
        panic!("a shared override that matches nothing in v1 was accepted");
    };
    assert_reported(
        &found,
        "spec/overrides.yaml#/overrides/0",
        &[
            "operationId `getGone`",
            "v1 description",
            "spec/<version>/overrides.yaml",
        ],
    );
}

#[test]
fn an_override_that_is_not_a_pointer_is_refused() {
    let found = rejected(
        &common::spec("all_empty_union"),
        "overrides:\n  - at: 'components/schemas/Status'\n    union: untagged\n    reason: r\n",
    );
    assert_reported(
        &found,
        "spec/overrides.yaml#/overrides/0/at",
        &["not a JSON pointer"],
    );
}

// --- Examples that disagree with the model ------------------------------------------

const UNION: &str = "    S:\n      oneOf:\n        - $ref: '#/components/schemas/Sent'\n        - $ref: '#/components/schemas/Pending'\n    Sent: {type: object, required: [at], properties: {at: {type: string, format: date-time}}}\n    Pending: {type: object}\n";

#[test]
fn an_example_with_an_unknown_tag_is_an_error() {
    let found = rejected(&with_example(UNION, "{_type: Lost}"), "");
    assert_reported(
        &found,
        EXAMPLE_AT,
        &[
            "at (root)",
            "`_type` `Lost` is not a variant of `S`",
            "Sent, Pending",
        ],
    );
}

#[test]
fn an_example_of_a_union_without_a_tag_is_an_error() {
    let found = rejected(&with_example(UNION, "{at: '2024-01-01T00:00:00Z'}"), "");
    assert_reported(&found, EXAMPLE_AT, &["no `_type` tag", "overrides"]);
}

const LIST: &str = "    S:\n      type: object\n      required: [items]\n      properties:\n        items: {type: array, items: {$ref: '#/components/schemas/Item'}}\n    Item:\n      type: object\n      required: [id]\n      properties:\n        id: {type: integer, format: int64}\n        state: {type: string, description: 'values: [on, off]'}\n";

#[test]
fn an_example_missing_a_required_key_names_the_path_inside_it() {
    let found = rejected(&with_example(LIST, "{items: [{id: 1}, {state: on}]}"), "");
    assert_reported(
        &found,
        EXAMPLE_AT,
        &["at .items[1].id", "required key is missing"],
    );
}

#[test]
fn an_example_with_an_undeclared_key_is_an_error() {
    let found = rejected(&with_example(LIST, "{items: [{id: 1, colour: red}]}"), "");
    assert_reported(
        &found,
        EXAMPLE_AT,
        &["at .items[0]", "key `colour` is not declared"],
    );
}

#[test]
fn an_example_with_a_value_of_the_wrong_kind_or_set_is_an_error() {
    let found = rejected(
        &with_example(LIST, "{items: [{id: '1', state: dimmed}]}"),
        "",
    );
    assert_reported(
        &found,
        EXAMPLE_AT,
        &[
            "at .items[0].id",
            "expected a 64-bit integer, found a string",
        ],
    );
    assert_reported(
        &found,
        EXAMPLE_AT,
        &[
            "at .items[0].state",
            "`dimmed` is not one of the values",
            "on, off",
        ],
    );
}

#[test]
fn a_named_example_is_reported_at_its_own_pointer() {
    let spec = with_example(LIST, "{items: []}").replace(
        "              example: {items: []}\n",
        "              examples:\n                broken: {value: {items: 3}}\n",
    );
    let found = rejected(&spec, "");
    assert_reported(
        &found,
        "#/paths/~1s/get/responses/200/content/application~1json/examples/broken/value",
        &["at .items", "expected an array, found a number"],
    );
}

#[test]
fn an_example_a_skip_override_names_is_not_checked() {
    let spec = with_example(LIST, "{items: [{id: 1, colour: red}]}");
    let overrides = format!(
        "overrides:\n  - at: '{EXAMPLE_AT}'\n    skip-example: true\n    reason: the example is wrong\n"
    );
    let generated = common::generate_text(&spec, &overrides)
        .unwrap_or_else(|e| panic!("a skipped example still failed:\n{e}"));
    assert_eq!(
        generated.report.examples_skipped,
        [(EXAMPLE_AT.to_string(), "the example is wrong".to_string())]
    );
}

// --- Whatever the input, an answer and never a panic ----------------------------------

#[test]
fn odd_inputs_are_answered_without_panicking() {
    let inputs = [
        "openapi: 3.0.3",
        "openapi: 3.0.3\ninfo: 1\npaths: []",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {/a: 1}",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {/a: {get: {responses: {200: 1}}}}",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: {A: {type: number, minimum: .nan}}}",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: {A: {$ref: '#/components/schemas/A'}}}",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: {A: {allOf: [{type: object}]}}}",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: {'': {type: object, properties: {'': {type: string}}}}}",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {/a: {get: {responses: {'200': {description: x}}}}}",
    ];
    for text in inputs {
        let outcome = std::panic::catch_unwind(|| common::generate_text(text, ""));
        let Ok(result) = outcome else {
            panic!("the generator panicked on:\n{text}");
        };
        if let Err(diagnostics) = result {
            assert!(
                !diagnostics.0.is_empty(),
                "an error without a diagnostic for:\n{text}"
            );
            for d in &diagnostics.0 {
                assert!(d.pointer.starts_with('#'), "not a pointer: {d}");
                assert!(!d.message.trim().is_empty(), "no reason given: {d}");
            }
        }
    }
}

#[test]
fn a_rename_that_is_not_a_rust_name_is_refused() {
    for rename in ["Plain Foo Bar", "", "9Lives", "foo-bar"] {
        let overrides = format!(
            "overrides:\n  - at: '#/components/schemas/FooBar'\n    rename: '{rename}'\n    reason: collides with Foo_Bar\n  - at: '#/components/schemas/Foo_Bar/properties/foo_bar'\n    rename: foo_bar_snake\n    reason: collides with fooBar\n"
        );
        let outcome = std::panic::catch_unwind(|| {
            common::generate_text(&common::spec("name_collisions"), &overrides)
        });
        let Ok(result) = outcome else {
            panic!("the generator panicked on the rename `{rename}`");
        };
        let Err(Diagnostics(found)) = result else {
            panic!("the rename `{rename}` was accepted");
        };
        assert_reported(
            &found,
            "spec/overrides.yaml#/overrides/0/rename",
            &["not a Rust name"],
        );
    }
}

#[test]
fn a_tagged_union_of_something_other_than_objects_is_refused() {
    let found = rejected(
        &format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    U:\n      oneOf:\n        - $ref: '#/components/schemas/O'\n        - $ref: '#/components/schemas/S'\n    O: {{type: object, properties: {{a: {{type: string}}}}}}\n    S: {{type: string}}\n"
        ),
        "",
    );
    assert_reported(
        &found,
        "#/components/schemas/U/oneOf/1",
        &["`S` is not an object", "`_type`", "override"],
    );
}

#[test]
fn an_implicitly_tagged_object_that_is_also_a_union_variant_is_refused() {
    // serde would write `"_type"` twice: once for the union, once for the struct.
    let spec = format!(
        "{HEAD}paths:\n  /i:\n    post:\n      operationId: PostI\n      requestBody:\n        content:\n          application/json:\n            schema: {{$ref: '#/components/schemas/Import'}}\n            example: {{_type: Import, a: 1}}\n      responses:\n        '204': {{description: ok}}\ncomponents:\n  schemas:\n    U:\n      oneOf:\n        - $ref: '#/components/schemas/Import'\n        - $ref: '#/components/schemas/Other'\n    Import: {{type: object, properties: {{a: {{type: integer}}}}}}\n    Other: {{type: object, properties: {{b: {{type: integer}}}}}}\n"
    );
    let found = rejected(&spec, "");
    assert_reported(
        &found,
        "#/components/schemas/U/oneOf/0",
        &["`Import`", "implicit `_type`", "twice"],
    );
}

// --- Recursion no box can break ----------------------------------------------------

#[test]
fn an_array_component_that_contains_itself_is_refused() {
    let spec = with_example(
        "    S:\n      type: object\n      properties:\n        tree: {$ref: '#/components/schemas/Tree'}\n    Tree:\n      type: array\n      items: {$ref: '#/components/schemas/Tree'}\n",
        "{tree: [[], [[]]]}",
    );
    let found = rejected(&spec, "");
    assert_reported(
        &found,
        "#/components/schemas/Tree",
        &[
            "contains itself",
            "type alias",
            "wrap the recursion in an object",
        ],
    );
}

// --- An explicit discriminator that disagrees with the title convention ------------

const DISCRIMINATED: &str = "    S:\n      oneOf:\n        - $ref: '#/components/schemas/A1'\n        - $ref: '#/components/schemas/B'\n      discriminator:\n        propertyName: _type\n        mapping:\n          MAPPING\n    A1:\n      title: A\n      type: object\n      required: [_type]\n      properties:\n        _type: {type: string, enum: [ENUM]}\n    B:\n      type: object\n      properties:\n        x: {type: string}\n";

fn discriminated(mapping: &str, enum_value: &str) -> String {
    with_example(
        &DISCRIMINATED
            .replace("MAPPING", mapping)
            .replace("ENUM", enum_value),
        "{_type: A}",
    )
}

#[test]
fn a_discriminator_that_agrees_with_the_titles_is_accepted() {
    let spec = discriminated(
        "{A: '#/components/schemas/A1', B: '#/components/schemas/B'}",
        "A",
    );
    assert!(common::generate_text(&spec, "").is_ok());
}

#[test]
fn a_discriminator_mapping_that_disagrees_with_a_title_is_refused() {
    let spec = discriminated(
        "{A1: '#/components/schemas/A1', B: '#/components/schemas/B'}",
        "A",
    );
    let found = rejected(&spec, "");
    assert_reported(
        &found,
        "#/components/schemas/S/discriminator/mapping/A1",
        &["maps `A1` to `A1`", "by its title is `A`"],
    );
}

#[test]
fn a_variant_missing_from_the_mapping_is_named() {
    let spec = discriminated("{A: '#/components/schemas/A1'}", "A");
    // B's implicit discriminator value is its name, which is also its tag: accepted.
    assert!(common::generate_text(&spec, "").is_ok());
    let spec = with_example(
        &DISCRIMINATED
            .replace("MAPPING", "{B: '#/components/schemas/B'}")
            .replace("ENUM", "A"),
        "{_type: A}",
    );
    let found = rejected(&spec, "");
    assert_reported(
        &found,
        "#/components/schemas/S/discriminator/mapping",
        &[
            "`A1` has no mapping entry",
            "add `A: '#/components/schemas/A1'`",
        ],
    );
}

#[test]
fn a_declared_tag_value_that_is_not_the_variants_tag_is_refused() {
    let spec = discriminated(
        "{A: '#/components/schemas/A1', B: '#/components/schemas/B'}",
        "Other",
    );
    let found = rejected(&spec, "");
    assert_reported(
        &found,
        "#/components/schemas/A1/properties/_type",
        &["allows [\"Other\"]", "declare `enum: [A]`"],
    );
}

#[test]
fn a_discriminator_on_another_key_is_refused() {
    let spec = with_example(
        &DISCRIMINATED
            .replace("propertyName: _type", "propertyName: kind")
            .replace("MAPPING", "{}")
            .replace("ENUM", "A"),
        "{_type: A}",
    );
    let found = rejected(&spec, "");
    assert_reported(
        &found,
        "#/components/schemas/S/discriminator/propertyName",
        &["discriminator `kind`", "`_type` only"],
    );
}

// --- Operations ----------------------------------------------------------------------

#[test]
fn a_duplicate_operation_id_is_refused_at_the_second_operation() {
    let spec = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: GetThing\n      responses:\n        '204': {{description: ok}}\n  /b:\n    get:\n      operationId: GetThing\n      responses:\n        '204': {{description: ok}}\n"
    );
    let found = rejected(&spec, "");
    assert_reported(
        &found,
        "#/paths/~1b/get/operationId",
        &[
            "`GetThing` is also the id of #/paths/~1a/get",
            "unreachable",
        ],
    );
}

#[test]
fn a_schema_level_example_that_disagrees_with_its_schema_is_refused() {
    let spec = with_example(
        "    S:\n      type: object\n      required: [id]\n      example: {name: x}\n      properties:\n        id: {type: string}\n        name: {type: string}\n        count: {type: integer, example: many}\n",
        "{id: a}",
    );
    let found = rejected(&spec, "");
    assert_reported(
        &found,
        "#/components/schemas/S/example",
        &["required key is missing"],
    );
    assert_reported(
        &found,
        "#/components/schemas/S/properties/count/example",
        &[],
    );
}

#[test]
fn parameter_styles_the_client_does_not_send_are_refused() {
    let spec = format!(
        "{HEAD}paths:\n  /a/{{id}}:\n    get:\n      operationId: GetA\n      parameters:\n        - {{name: id, in: path, required: true, style: label, schema: {{type: string}}}}\n        - {{name: ids, in: query, style: pipeDelimited, schema: {{type: array, items: {{type: string}}}}}}\n      responses:\n        '204': {{description: ok}}\n"
    );
    let found = rejected(&spec, "");
    assert_reported(
        &found,
        "#/paths/~1a~1{id}/get/parameters/0/style",
        &["`Label` is not supported"],
    );
    assert_reported(
        &found,
        "#/paths/~1a~1{id}/get/parameters/1/style",
        &["`PipeDelimited` is not supported"],
    );
}

#[test]
fn extra_keys_beside_declared_properties_are_refused() {
    let spec = with_example(
        "    S:\n      type: object\n      properties:\n        id: {type: string}\n      additionalProperties: {type: string}\n",
        "{id: a, other: b}",
    );
    let found = rejected(&spec, "");
    assert_reported(
        &found,
        "#/components/schemas/S/additionalProperties",
        &["both `properties` and `additionalProperties`", "lost"],
    );
}

#[test]
fn a_success_without_a_status_code_is_refused() {
    let ranged = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: GetA\n      responses:\n        '2XX':\n          description: ok\n          content:\n            application/json:\n              schema: {{type: string}}\n"
    );
    let found = rejected(&ranged, "");
    assert_reported(
        &found,
        "#/paths/~1a/get/responses/2XX",
        &["`2XX` response range is not supported"],
    );
    let default_only = ranged.replace("'2XX'", "default");
    let found = rejected(&default_only, "");
    assert_reported(
        &found,
        "#/paths/~1a/get/responses/default",
        &["only answer with a body is `default`"],
    );
}

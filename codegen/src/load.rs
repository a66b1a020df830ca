//! Stage 1: text -> `openapiv3::OpenAPI`, with errors that name a JSON pointer.
//!
//! openapiv3 reads most objects through `#[serde(flatten)]` (extensions, `SchemaKind`,
//! the path and response maps), and a flattened part is buffered before it is read, so
//! the error of a malformed description only knows the place where buffering began
//! (`#/paths`). When the whole document does not parse, [`shape_errors`] re-reads it
//! piece by piece, from the smallest known objects up, and reports the deepest pieces
//! that fail.

use crate::diagnostics::{Diagnostic, Diagnostics};
use openapiv3::{OpenAPI, ReferenceOr, Schema};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_yaml::Value;

/// The prefix of every message about a piece of the description with the wrong shape.
const SHAPE: &str = "not a valid OpenAPI 3.0 object";

/// Parses a description given as YAML or JSON (JSON is read by the YAML parser too).
pub fn parse_description(text: &str) -> Result<OpenAPI, Diagnostics> {
    // First as untyped YAML, so syntax errors and shape errors get different messages.
    let value: Value = serde_yaml::from_str(text).map_err(|e| Diagnostic {
        pointer: "#".into(),
        message: format!("the description is not valid YAML or JSON: {e}"),
    })?;
    if !value.is_mapping() {
        return Err(Diagnostic {
            pointer: "#".into(),
            message: "the description must be a YAML/JSON object (an OpenAPI document)".into(),
        }
        .into());
    }
    check_version(&value)?;
    let mut not_json = Vec::new();
    find_non_json_values(&value, "#", &mut not_json);
    if !not_json.is_empty() {
        return Err(Diagnostics(not_json));
    }
    // Plain serde first (the common case, and faster); the path of a problem is worked
    // out only for a document that does not fit.
    if let Ok(spec) = OpenAPI::deserialize(&value) {
        return Ok(spec);
    }
    serde_path_to_error::deserialize::<_, OpenAPI>(&value).map_err(|e| {
        let found = shape_errors(&value);
        if found.is_empty() {
            // Cannot happen if the pieces cover the document; keep serde's answer anyway.
            Diagnostics(vec![shape_error(&e, "#")])
        } else {
            Diagnostics(found)
        }
    })
}

fn check_version(document: &Value) -> Result<(), Diagnostic> {
    let at = |message: String| Diagnostic {
        pointer: "#/openapi".into(),
        message,
    };
    match document.get("openapi") {
        Some(Value::String(v)) if v.starts_with("3.0") => Ok(()),
        Some(Value::String(v)) => Err(at(format!(
            "OpenAPI version {v} is not supported (expected 3.0.x)"
        ))),
        Some(Value::Number(n)) => Err(at(format!(
            "the version must be a string (`openapi: \"3.0.3\"`), not the number {n}"
        ))),
        Some(_) => Err(at("the version must be a string such as \"3.0.3\"".into())),
        None => Err(at(
            "missing `openapi` version field: this is not an OpenAPI 3.0 document".into(),
        )),
    }
}

/// YAML can say things JSON cannot (`.inf`, `.nan`, `!tags`); an OpenAPI document must
/// be JSON. Rejected up front: openapiv3 panics on a non-finite number where it expects
/// a schema ("somehow this parsed successfully the second time").
fn find_non_json_values(value: &Value, at: &str, found: &mut Vec<Diagnostic>) {
    match value {
        Value::Number(n) if n.is_nan() || n.is_infinite() => found.push(Diagnostic {
            pointer: at.to_string(),
            message: format!("`{n}` is not a JSON number: a description must be valid as JSON"),
        }),
        Value::Tagged(t) => found.push(Diagnostic {
            pointer: at.to_string(),
            message: format!(
                "YAML tag `{}` has no JSON equivalent: a description must be valid as JSON",
                t.tag
            ),
        }),
        Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                find_non_json_values(item, &format!("{at}/{i}"), found);
            }
        }
        Value::Mapping(map) => {
            for (key, item) in map {
                find_non_json_values(item, &child(at, &key_text(key)), found);
            }
        }
        _ => {}
    }
}

/// `at` + one more pointer segment.
fn child(at: &str, segment: &str) -> String {
    format!("{at}/{}", escape_pointer_segment(segment))
}

/// A mapping key as pointer text (YAML allows `200:` as well as `"200":`).
fn key_text(key: &Value) -> String {
    match key {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".into(),
        other => serde_yaml::to_string(other)
            .map(|s| s.trim().to_string())
            .unwrap_or_default(),
    }
}

/// The error of `serde_path_to_error`, placed under `at`.
fn shape_error<E: std::fmt::Display>(e: &serde_path_to_error::Error<E>, at: &str) -> Diagnostic {
    Diagnostic {
        pointer: pointer_under(at, e.path()),
        message: format!("{SHAPE}: {}", readable(&e.inner().to_string())),
    }
}

/// `at` extended by the segments of a `serde_path_to_error` path, as a JSON pointer
/// (`#/paths/~1a/get` + `responses.200` -> `#/paths/~1a/get/responses/200`).
pub(crate) fn pointer_under(at: &str, path: &serde_path_to_error::Path) -> String {
    let mut pointer = at.to_string();
    for segment in path {
        match segment {
            serde_path_to_error::Segment::Seq { index } => {
                pointer = child(&pointer, &index.to_string())
            }
            serde_path_to_error::Segment::Map { key } => pointer = child(&pointer, key),
            serde_path_to_error::Segment::Enum { variant } => pointer = child(&pointer, variant),
            serde_path_to_error::Segment::Unknown => {}
        }
    }
    pointer
}

/// serde names the Rust type it expected (`expected struct SchemaData`); say which
/// OpenAPI object that is instead.
fn readable(message: &str) -> String {
    match message.split_once("expected struct ") {
        Some((head, rust)) => {
            let object = match rust {
                "SchemaData" => "Schema",
                "RequestBody" => "Request Body",
                "PathItem" => "Path Item",
                other => other,
            };
            format!(
                "{head}expected a{} {object} object",
                if object.starts_with(['A', 'E', 'I', 'O', 'U']) {
                    "n"
                } else {
                    ""
                }
            )
        }
        None => message.to_string(),
    }
}

/// [`misfit`] for one type.
type Misfit = fn(&Value, &str) -> Option<Diagnostic>;

/// `node` read as a `T`: `None` if it fits, else where and why it does not.
fn misfit<T: DeserializeOwned>(node: &Value, at: &str) -> Option<Diagnostic> {
    serde_path_to_error::deserialize::<_, T>(node)
        .err()
        .map(|e| shape_error(&e, at))
}

/// The problems found inside a node's children if there are any, else the node's own.
fn deepest(children: Vec<Diagnostic>, own: impl FnOnce() -> Option<Diagnostic>) -> Vec<Diagnostic> {
    if children.is_empty() {
        own().into_iter().collect()
    } else {
        children
    }
}

/// The entries of a mapping node (none for any other node), keys as pointer text.
fn entries(node: &Value) -> impl Iterator<Item = (String, &Value)> {
    node.as_mapping()
        .into_iter()
        .flatten()
        .map(|(k, v)| (key_text(k), v))
}

/// The items of a sequence node (none for any other node).
fn items(node: &Value) -> impl Iterator<Item = (String, &Value)> {
    node.as_sequence()
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(i, v)| (i.to_string(), v))
}

/// Finds the problems of one piece of the description, given the piece and its pointer.
type Check = fn(&Value, &str) -> Vec<Diagnostic>;

/// A `$ref` object or a `T`, read the way openapiv3 reads it: an object with a string
/// `$ref` is a reference whatever else it holds; anything else must be a `T`.
fn ref_or(node: &Value, at: &str, item: Check) -> Vec<Diagnostic> {
    match node.get("$ref") {
        Some(Value::String(_)) => Vec::new(),
        _ => item(node, at),
    }
}

/// The deepest places where the description does not have the shape of OpenAPI 3.0,
/// paths first, then components, then the other top-level fields, each in document
/// order. Empty if it does.
pub fn shape_errors(document: &Value) -> Vec<Diagnostic> {
    let mut children = Vec::new();
    if let Some(paths) = document.get("paths") {
        children.extend(paths_errors(paths, "#/paths"));
    }
    if let Some(components) = document.get("components") {
        children.extend(components_errors(components, "#/components"));
    }
    // The other top-level fields have no flattening below them; checked one by one so
    // that a bad `info` is reported along with a bad path.
    let fields: [(&str, Misfit); 5] = [
        ("info", misfit::<openapiv3::Info>),
        ("servers", misfit::<Vec<openapiv3::Server>>),
        ("security", misfit::<Vec<openapiv3::SecurityRequirement>>),
        ("tags", misfit::<Vec<openapiv3::Tag>>),
        ("externalDocs", misfit::<openapiv3::ExternalDocumentation>),
    ];
    for (field, check) in fields {
        if let Some(value) = document.get(field) {
            children.extend(check(value, &child("#", field)));
        }
    }
    deepest(children, || misfit::<OpenAPI>(document, "#"))
}

fn paths_errors(node: &Value, at: &str) -> Vec<Diagnostic> {
    let children = entries(node)
        .filter(|(path, _)| path.starts_with('/'))
        .flat_map(|(path, item)| ref_or(item, &child(at, &path), path_item_errors))
        .collect();
    deepest(children, || misfit::<openapiv3::Paths>(node, at))
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn path_item_errors(node: &Value, at: &str) -> Vec<Diagnostic> {
    let mut children = Vec::new();
    for method in METHODS {
        if let Some(operation) = node.get(method) {
            children.extend(operation_errors(operation, &child(at, method)));
        }
    }
    children.extend(parameters_errors(node, at));
    deepest(children, || misfit::<openapiv3::PathItem>(node, at))
}

/// The `parameters` list of a path item or an operation.
fn parameters_errors(node: &Value, at: &str) -> Vec<Diagnostic> {
    let at = child(at, "parameters");
    node.get("parameters")
        .into_iter()
        .flat_map(items)
        .flat_map(|(i, p)| ref_or(p, &child(&at, &i), parameter_errors))
        .collect()
}

fn operation_errors(node: &Value, at: &str) -> Vec<Diagnostic> {
    let mut children = parameters_errors(node, at);
    if let Some(body) = node.get("requestBody") {
        children.extend(ref_or(body, &child(at, "requestBody"), request_body_errors));
    }
    if let Some(responses) = node.get("responses") {
        children.extend(responses_errors(responses, &child(at, "responses")));
    }
    deepest(children, || misfit::<openapiv3::Operation>(node, at))
}

fn parameter_errors(node: &Value, at: &str) -> Vec<Diagnostic> {
    let mut children = Vec::new();
    if let Some(schema) = node.get("schema") {
        children.extend(schema_ref_errors(schema, &child(at, "schema")));
    }
    if let Some(content) = node.get("content") {
        children.extend(content_errors(content, &child(at, "content")));
    }
    if node.is_mapping() && node.get("schema").is_none() && node.get("content").is_none() {
        children.push(Diagnostic {
            pointer: at.to_string(),
            message: format!("{SHAPE}: a parameter needs a `schema` (or a `content`)"),
        });
    }
    // `ParameterData` first: its fields are read directly, so their errors have a place.
    deepest(children, || {
        misfit::<openapiv3::ParameterData>(node, at)
            .or_else(|| misfit::<openapiv3::Parameter>(node, at))
    })
}

fn request_body_errors(node: &Value, at: &str) -> Vec<Diagnostic> {
    let children = node
        .get("content")
        .map(|c| content_errors(c, &child(at, "content")))
        .unwrap_or_default();
    deepest(children, || misfit::<openapiv3::RequestBody>(node, at))
}

/// A `content` map: media type -> media type object.
fn content_errors(node: &Value, at: &str) -> Vec<Diagnostic> {
    let children = entries(node)
        .flat_map(|(media_type, media)| {
            let at = child(at, &media_type);
            let children = media
                .get("schema")
                .map(|s| schema_ref_errors(s, &child(&at, "schema")))
                .unwrap_or_default();
            deepest(children, || misfit::<openapiv3::MediaType>(media, &at))
        })
        .collect();
    deepest(children, || misfit::<openapiv3::Content>(node, at))
}

fn responses_errors(node: &Value, at: &str) -> Vec<Diagnostic> {
    let children = entries(node)
        .filter(|(status, _)| !status.starts_with("x-"))
        .flat_map(|(status, response)| ref_or(response, &child(at, &status), response_errors))
        .collect();
    deepest(children, || misfit::<openapiv3::Responses>(node, at))
}

fn response_errors(node: &Value, at: &str) -> Vec<Diagnostic> {
    let mut children = Vec::new();
    if let Some(content) = node.get("content") {
        children.extend(content_errors(content, &child(at, "content")));
    }
    if let Some(headers) = node.get("headers") {
        let at = child(at, "headers");
        for (name, header) in entries(headers) {
            children.extend(ref_or(header, &child(&at, &name), header_errors));
        }
    }
    deepest(children, || misfit::<openapiv3::Response>(node, at))
}

fn header_errors(node: &Value, at: &str) -> Vec<Diagnostic> {
    let children = node
        .get("schema")
        .map(|s| schema_ref_errors(s, &child(at, "schema")))
        .unwrap_or_default();
    deepest(children, || misfit::<openapiv3::Header>(node, at))
}

fn components_errors(node: &Value, at: &str) -> Vec<Diagnostic> {
    let sections: [(&str, Check); 5] = [
        ("schemas", schema_ref_errors),
        ("responses", |n, at| ref_or(n, at, response_errors)),
        ("parameters", |n, at| ref_or(n, at, parameter_errors)),
        ("requestBodies", |n, at| ref_or(n, at, request_body_errors)),
        ("headers", |n, at| ref_or(n, at, header_errors)),
    ];
    let mut children = Vec::new();
    for (section, check) in sections {
        let at = child(at, section);
        for (name, piece) in node.get(section).into_iter().flat_map(entries) {
            children.extend(check(piece, &child(&at, &name)));
        }
    }
    deepest(children, || misfit::<openapiv3::Components>(node, at))
}

fn schema_ref_errors(node: &Value, at: &str) -> Vec<Diagnostic> {
    ref_or(node, at, schema_errors)
}

fn schema_errors(node: &Value, at: &str) -> Vec<Diagnostic> {
    let mut children = Vec::new();
    for (key, schema) in node.get("properties").into_iter().flat_map(entries) {
        children.extend(schema_ref_errors(
            schema,
            &child(&child(at, "properties"), &key),
        ));
    }
    for keyword in ["oneOf", "allOf", "anyOf"] {
        for (i, schema) in node.get(keyword).into_iter().flat_map(items) {
            children.extend(schema_ref_errors(schema, &child(&child(at, keyword), &i)));
        }
    }
    for keyword in ["items", "not"] {
        if let Some(schema) = node.get(keyword) {
            children.extend(schema_ref_errors(schema, &child(at, keyword)));
        }
    }
    match node.get("additionalProperties") {
        None | Some(Value::Bool(_)) => {}
        Some(schema) => children.extend(schema_ref_errors(
            schema,
            &child(at, "additionalProperties"),
        )),
    }
    // `Schema` flattens both halves; read on their own, their fields have a place.
    deepest(children, || {
        misfit::<openapiv3::SchemaData>(node, at)
            .or_else(|| misfit::<openapiv3::SchemaKind>(node, at))
            .or_else(|| misfit::<Schema>(node, at))
    })
}

/// RFC 6901 escaping of one pointer segment.
pub fn escape_pointer_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Name of the component a `#/components/schemas/Name` reference points to.
pub fn component_name(reference: &str) -> Option<&str> {
    reference.strip_prefix("#/components/schemas/")
}

/// Follows `$ref` to a component schema; `Err` names the pointer of the dangling reference.
pub fn resolve<'a>(
    spec: &'a OpenAPI,
    schema: &'a ReferenceOr<Schema>,
    at: &str,
) -> Result<(&'a Schema, Option<&'a str>), Diagnostic> {
    match schema {
        ReferenceOr::Item(s) => Ok((s, None)),
        ReferenceOr::Reference { reference } => {
            let name = component_name(reference).ok_or_else(|| Diagnostic {
                pointer: at.to_string(),
                message: format!(
                    "unsupported $ref `{reference}`: only `#/components/schemas/...` references are supported"
                ),
            })?;
            match component_schemas(spec).and_then(|schemas| schemas.get(name)) {
                Some(ReferenceOr::Item(s)) => Ok((s, Some(name))),
                Some(ReferenceOr::Reference { .. }) => Err(Diagnostic {
                    pointer: format!("#/components/schemas/{}", escape_pointer_segment(name)),
                    message:
                        "a component that is only a $ref to another component is not supported"
                            .into(),
                }),
                None => Err(Diagnostic {
                    pointer: at.to_string(),
                    message: format!("dangling $ref `{reference}`: no such component schema"),
                }),
            }
        }
    }
}

pub fn component_schemas(
    spec: &OpenAPI,
) -> Option<&indexmap::IndexMap<String, ReferenceOr<Schema>>> {
    spec.components.as_ref().map(|c| &c.schemas)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

    /// The one problem found in `HEAD` + `rest`, as (pointer, message).
    fn only_problem(rest: &str) -> (String, String) {
        let err = parse_description(&format!("{HEAD}{rest}")).unwrap_err();
        assert_eq!(err.0.len(), 1, "expected one problem: {err}");
        (err.0[0].pointer.clone(), err.0[0].message.clone())
    }

    #[test]
    fn not_yaml_is_a_clear_error() {
        let err = parse_description("openapi: [unclosed").unwrap_err();
        assert_eq!(err.0[0].pointer, "#");
        assert!(err.0[0].message.contains("not valid YAML or JSON"), "{err}");
    }

    #[test]
    fn wrong_shape_names_the_pointer() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 7\n";
        let err = parse_description(text).unwrap_err();
        assert_eq!(err.0[0].pointer, "#/paths/~1a/get/responses", "{err}");
    }

    #[test]
    fn openapi_31_is_refused() {
        let err = parse_description("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n")
            .unwrap_err();
        assert_eq!(err.0[0].pointer, "#/openapi");
    }

    #[test]
    fn an_unquoted_version_is_explained() {
        let err = parse_description("openapi: 3.0\ninfo: {title: t, version: '1'}\npaths: {}\n")
            .unwrap_err();
        assert_eq!(err.0[0].pointer, "#/openapi");
        assert!(err.0[0].message.contains("must be a string"), "{err}");
    }

    #[test]
    fn top_level_fields_keep_their_place() {
        let (pointer, message) = only_problem("paths: {}\nservers: [{url: [1]}]\n");
        assert_eq!(pointer, "#/servers/0/url");
        assert!(message.contains("expected a string"), "{message}");
    }

    #[test]
    fn a_bad_response_names_its_status() {
        let (pointer, message) = only_problem(
            "paths:\n  /a:\n    get:\n      responses:\n        200: {description: [x]}\n",
        );
        assert_eq!(pointer, "#/paths/~1a/get/responses/200/description");
        assert!(message.contains("expected a string"), "{message}");
    }

    #[test]
    fn a_bad_parameter_names_its_index_and_field() {
        let (pointer, message) = only_problem(
            "paths:\n  /a/{id}:\n    get:\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n        - {in: query, schema: {type: string}}\n      responses: {}\n",
        );
        assert_eq!(pointer, "#/paths/~1a~1{id}/get/parameters/1");
        assert!(message.contains("missing field `name`"), "{message}");

        let (pointer, message) = only_problem(
            "paths:\n  /a:\n    parameters:\n      - {name: q, in: body, schema: {type: string}}\n",
        );
        assert_eq!(pointer, "#/paths/~1a/parameters/0/in");
        assert!(message.contains("unknown variant `body`"), "{message}");
    }

    #[test]
    fn a_bad_schema_inside_a_request_body_is_found() {
        let (pointer, message) = only_problem(
            "paths:\n  /a:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n              type: object\n              properties:\n                tags: {type: array, items: {type: string, maxLength: many}}\n      responses: {}\n",
        );
        assert_eq!(
            pointer,
            "#/paths/~1a/post/requestBody/content/application~1json/schema/properties/tags/items/maxLength"
        );
        assert!(message.contains("expected usize"), "{message}");
    }

    #[test]
    fn bad_component_schemas_name_the_keyword() {
        let (pointer, message) = only_problem(
            "paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      required: id\n",
        );
        assert_eq!(pointer, "#/components/schemas/A/required");
        assert!(message.contains("expected a sequence"), "{message}");

        let (pointer, _) = only_problem(
            "paths: {}\ncomponents:\n  schemas:\n    U:\n      oneOf:\n        - $ref: '#/components/schemas/A'\n        - {type: string, deprecated: sometimes}\n",
        );
        assert_eq!(pointer, "#/components/schemas/U/oneOf/1/deprecated");

        let (pointer, _) = only_problem(
            "paths: {}\ncomponents:\n  schemas:\n    M:\n      type: object\n      additionalProperties: {type: object, properties: {a: {nullable: 1}}}\n",
        );
        assert_eq!(
            pointer,
            "#/components/schemas/M/additionalProperties/properties/a/nullable"
        );
    }

    #[test]
    fn bad_top_level_fields_are_reported_with_bad_paths() {
        let err =
            parse_description(&format!("{HEAD}paths: []\ntags: [{{name: [n]}}]\n")).unwrap_err();
        let pointers: Vec<&str> = err.0.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(pointers, ["#/paths", "#/tags/0/name"], "{err}");
    }

    #[test]
    fn every_bad_piece_is_reported_paths_first() {
        let err = parse_description(&format!(
            "{HEAD}paths:\n  /a:\n    get: {{responses: 1}}\n  /b:\n    get: {{responses: 2}}\ncomponents:\n  schemas:\n    A: {{title: [t]}}\n"
        ))
        .unwrap_err();
        let pointers: Vec<&str> = err.0.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "#/paths/~1a/get/responses",
                "#/paths/~1b/get/responses",
                "#/components/schemas/A/title"
            ]
        );
    }

    #[test]
    fn yaml_only_values_are_errors_not_panics() {
        // openapiv3 itself panics on this one (`maximum: .inf` in a property schema).
        let (pointer, message) = only_problem(
            "paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        n: {type: number, maximum: .inf}\n",
        );
        assert_eq!(pointer, "#/components/schemas/A/properties/n/maximum");
        assert!(message.contains("not a JSON number"), "{message}");

        let (pointer, message) = only_problem("paths: {}\nx-thing: !custom 3\n");
        assert_eq!(pointer, "#/x-thing");
        assert!(message.contains("YAML tag"), "{message}");
    }

    #[test]
    fn pointer_segments_are_escaped() {
        let (pointer, _) = only_problem(
            "paths:\n  /a~b/{c}:\n    get: {responses: {default: {description: 1}}}\n",
        );
        // A number is accepted where a string is expected? Not by openapiv3: check the place.
        assert!(
            pointer.starts_with("#/paths/~1a~0b~1{c}/get/responses/default"),
            "{pointer}"
        );
    }
}

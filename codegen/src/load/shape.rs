//! Where a description that does not fit OpenAPI 3.0 goes wrong.
//!
//! openapiv3 reads most objects through `#[serde(flatten)]` (extensions, `SchemaKind`,
//! the path and response maps), and a flattened part is buffered before it is read, so
//! the error of a malformed description only knows the place where buffering began
//! (`#/paths`). When the whole document does not parse, [`shape_errors`] re-reads it
//! piece by piece, from the smallest known objects up, and reports the deepest pieces
//! that fail.

use super::description::child;
use crate::diagnostics::{Diagnostic, Diagnostics};
use openapiv3::{OpenAPI, Schema};
use serde::de::DeserializeOwned;
use serde_yaml::Value;

/// The prefix of every message about a piece of the description with the wrong shape.
const SHAPE: &str = "not a valid OpenAPI 3.0 object";

/// The problems of a document that openapiv3 does not read: the deepest pieces that do
/// not fit, or serde's own answer.
pub(super) fn errors_of_document(document: &Value) -> Diagnostics {
    match serde_path_to_error::deserialize::<_, OpenAPI>(document) {
        Ok(_) => Diagnostics::default(),
        Err(e) => {
            let found = shape_errors(document);
            if found.is_empty() {
                // Cannot happen if the pieces cover the document; keep serde's answer anyway.
                Diagnostics(vec![shape_error(&e, "#")])
            } else {
                Diagnostics(found)
            }
        }
    }
}

/// A mapping key as pointer text (YAML allows `200:` as well as `"200":`).
pub(super) fn key_text(key: &Value) -> String {
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

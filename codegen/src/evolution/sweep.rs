//! The additive sweep: each additive kind of change of the [catalogue](super::catalogue)
//! at every place of a real description it can apply to, one place at a time. A
//! description that only adds must give an API surface that only grows
//! (`codegen/tests/additive_sweep.rs` checks both pinned descriptions).
//!
//! The places, by kind:
//!
//! - **new optional field**: every object schema with properties (components, inline
//!   objects, bodies, answers) gets an optional property, a list of strings;
//! - **new enum value**: every string enum gets one more value, the way the description
//!   states its values (an `enum` keyword, a `values: [..]` list in the description, or
//!   a `oneOf` of empty objects, which is sent as a string);
//! - **new union variant**: every `oneOf` of objects gets one more variant, a copy of its
//!   first variant under a new name and tag (for a union told apart by keys, an object
//!   with a key of its own);
//! - **new operation**: every path gets a method it does not have yet;
//! - **new optional parameter**: every operation gets an optional query parameter;
//! - **new type**: every component gets a copy under a new name (a description that
//!   adds a type like one it has, as a new version of a resource does), one at a time,
//!   then all at once.
//!
//! Not swept: the unions an override sends as bare values (`union: unwrapped-values`)
//! and their `{value: T}` holders. The override fixes what each variant is (one `value`
//! of a JSON kind no other variant has), so a field or variant added there is a change
//! to review, and the generator refuses it with the override's pointer.

use super::surface::Surface;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::overrides::{Overrides, UnionOverride};
use crate::load::{Description, child, component_name, escape_pointer_segment, schema_pointer};
use crate::model::Published;
use serde::Deserialize;
use serde_json::{Map, Value, json};

/// One kind of additive change, named as in the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    OptionalField,
    EnumValue,
    UnionVariant,
    Operation,
    OptionalParameter,
    Component,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::OptionalField,
        Kind::EnumValue,
        Kind::UnionVariant,
        Kind::Operation,
        Kind::OptionalParameter,
        Kind::Component,
    ];

    /// The catalogue's name for the kind (`evolution::catalogue`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::OptionalField => "new optional field",
            Kind::EnumValue => "new enum value",
            Kind::UnionVariant => "new union variant",
            Kind::Operation => "new operation",
            Kind::OptionalParameter => "new optional parameter",
            Kind::Component => "new type",
        }
    }
}

/// One place a kind of change applies to: `at` is the JSON pointer (without `#`) of the
/// schema, path or operation it changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    pub kind: Kind,
    pub at: String,
}

/// The name every added thing carries, so it never meets one of the description's.
const ADDED: &str = "SweepAdded";
/// The JSON key of an added field or parameter.
const ADDED_KEY: &str = "sweepAdded";
/// The site of every component copied at once.
const EVERY_COMPONENT: &str = "/components/schemas";
/// Methods a path may gain, in the order tried.
const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// Every place of `description` each additive kind applies to, by kind, then in the
/// description's order. `overrides` tell which unions are not swept.
pub fn sites(description: &Value, overrides: &Overrides) -> Vec<Site> {
    let mut found = Vec::new();
    let mut schemas = Vec::new();
    walk_description(description, &mut schemas);
    let repr = |at: &str| overrides.union_repr(&format!("#{at}"));
    // The `{value: T}` holders of unions sent as bare values.
    let holders: Vec<String> = schemas
        .iter()
        .filter(|(at, _)| repr(at) == Some(UnionOverride::UnwrappedValues))
        .flat_map(|(_, union)| object_or_array(union.get("oneOf")))
        .filter_map(|v| Some(pointer(v.get("$ref")?.as_str()?)))
        .collect();
    for (at, schema) in &schemas {
        if has_properties(schema) && !holders.contains(at) {
            found.push(site(Kind::OptionalField, at));
        }
        if enum_values_at(schema).is_some() {
            found.push(site(Kind::EnumValue, at));
        }
        match one_of_refs(description, schema) {
            Some(variants) if variants.iter().all(|v| is_empty_object(v)) => {
                found.push(site(Kind::EnumValue, at))
            }
            Some(_) if repr(at) != Some(UnionOverride::UnwrappedValues) => {
                found.push(site(Kind::UnionVariant, at))
            }
            _ => {}
        }
    }
    for (path, item) in object_entries(description.get("paths")) {
        let path_at = format!("/paths/{}", escape_pointer_segment(path));
        if METHODS.iter().any(|m| item.get(*m).is_none()) {
            found.push(site(Kind::Operation, &path_at));
        }
        for method in METHODS.iter().filter(|m| item.get(**m).is_some()) {
            found.push(site(
                Kind::OptionalParameter,
                &format!("{path_at}/{method}"),
            ));
        }
    }
    for (name, _) in object_entries(description.pointer("/components/schemas")) {
        found.push(site(Kind::Component, &pointer(&schema_pointer(name))));
    }
    // And every component copied at once: a description that adds a second version of
    // each of its types.
    found.push(site(Kind::Component, EVERY_COMPONENT));
    found.sort_by_key(|s| s.kind);
    found
}

/// `description` with the change of `site` made (`overrides` tell how its unions are
/// told apart).
pub fn apply(description: &mut Value, site: &Site, overrides: &Overrides) {
    match site.kind {
        Kind::OptionalField => {
            let schema = at(description, &site.at);
            // A list: the rules that count a struct's lists see it too.
            let list = json!({"type": "array", "items": {"type": "string"}});
            schema["properties"][ADDED_KEY] = list;
        }
        Kind::EnumValue => add_enum_value(description, &site.at),
        Kind::UnionVariant => {
            let keyed = overrides.union_repr(&format!("#{}", site.at));
            let shape = match keyed {
                Some(UnionOverride::Untagged) => VariantShape::OwnKey,
                _ => VariantShape::CopyOfFirst,
            };
            add_variant(description, &site.at, shape)
        }
        Kind::Operation => add_operation(description, &site.at),
        Kind::OptionalParameter => {
            let operation = at(description, &site.at);
            let parameter = json!({"name": ADDED_KEY, "in": "query", "schema": {"type": "string"}});
            match operation
                .get_mut("parameters")
                .and_then(Value::as_array_mut)
            {
                Some(list) => list.push(parameter),
                None => operation["parameters"] = json!([parameter]),
            }
        }
        Kind::Component if site.at == EVERY_COMPONENT => {
            let schemas = at(description, EVERY_COMPONENT);
            let copies: Vec<(String, Value)> = object_entries(Some(schemas))
                .map(|(name, schema)| (format!("{ADDED}{name}"), schema.clone()))
                .collect();
            for (name, copy) in copies {
                schemas[name] = copy;
            }
        }
        Kind::Component => {
            let name = site.at.rsplit('/').next().unwrap_or_default().to_string();
            let copy = at(description, &site.at).clone();
            description["components"]["schemas"][format!("{ADDED}{name}")] = copy;
        }
    }
}

/// The API surface of the crate generated from `description` (an OpenAPI 3.0 document as
/// JSON) with `overrides`, keeping what was `published`: the model only, nothing
/// printed, so a sweep can afford one per site.
pub fn surface_of(
    description: Value,
    overrides: &Overrides,
    published: &Published,
) -> Result<Surface, Diagnostics> {
    let api = openapiv3::OpenAPI::deserialize(&description).map_err(|e| Diagnostic {
        pointer: "#".into(),
        message: format!("not an OpenAPI 3.0 document: {e}"),
    })?;
    let description = Description {
        api,
        json: description,
    };
    let model = crate::model::build_model_keeping(&description, overrides, published)?;
    Ok(Surface::build(&description, &model))
}

fn site(kind: Kind, at: &str) -> Site {
    Site {
        kind,
        at: at.to_string(),
    }
}

/// `#/a/b` -> `/a/b` (what `Value::pointer` takes).
fn pointer(reference: &str) -> String {
    reference.trim_start_matches('#').to_string()
}

fn at<'a>(description: &'a mut Value, at: &str) -> &'a mut Value {
    description
        .pointer_mut(at)
        .unwrap_or_else(|| panic!("a sweep site points into the description: {at}"))
}

fn object_entries(value: Option<&Value>) -> impl Iterator<Item = (&String, &Value)> {
    value.and_then(Value::as_object).into_iter().flatten()
}

fn has_properties(schema: &Value) -> bool {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty())
}

/// An object with no properties and no `additionalProperties`: a tag only.
fn is_empty_object(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("object")
        && !has_properties(schema)
        && schema.get("additionalProperties").is_none()
}

/// How a string schema states its values: the `enum` keyword, or a `values: [..]` list
/// in its description (a list of strings says it for its items).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EnumForm {
    Keyword,
    Described,
}

fn enum_values_at(schema: &Value) -> Option<EnumForm> {
    let kind = schema.get("type").and_then(Value::as_str);
    if kind == Some("string") && schema.get("enum").is_some_and(Value::is_array) {
        return Some(EnumForm::Keyword);
    }
    let described = |schema: &Value| {
        schema
            .get("description")
            .and_then(Value::as_str)
            .and_then(crate::conventions::enum_values_from_description)
            .is_some()
    };
    // Items that list their own values say them (the items are a site of their own).
    let plain_items = schema
        .get("items")
        .is_some_and(|i| i.get("type").and_then(Value::as_str) == Some("string") && !described(i));
    let described = described(schema);
    (described && (kind == Some("string") || (kind == Some("array") && plain_items)))
        .then_some(EnumForm::Described)
}

/// The schemas a `oneOf` of component `$ref`s refers to (`None`: not such a `oneOf`).
fn one_of_refs<'a>(description: &'a Value, schema: &Value) -> Option<Vec<&'a Value>> {
    let entries = schema.get("oneOf")?.as_array()?;
    entries
        .iter()
        .map(|e| {
            let name = component_name(e.get("$ref")?.as_str()?)?;
            description.pointer(&pointer(&schema_pointer(name)))
        })
        .collect::<Option<Vec<_>>>()
        .filter(|v| !v.is_empty())
}

fn add_enum_value(description: &mut Value, at_pointer: &str) {
    let schema = at(description, at_pointer);
    match enum_values_at(schema) {
        Some(EnumForm::Keyword) => {
            if let Some(values) = schema["enum"].as_array_mut() {
                values.push(json!(ADDED));
            }
        }
        Some(EnumForm::Described) => {
            let text = schema["description"].as_str().unwrap_or_default();
            let start = text.find("values: [").unwrap_or_default() + "values: [".len();
            let end = start + text[start..].find(']').unwrap_or_default();
            schema["description"] = json!(format!("{}, {ADDED}{}", &text[..end], &text[end..]));
        }
        // A `oneOf` of empty objects: one more empty object.
        None => add_variant(description, at_pointer, VariantShape::Empty),
    }
}

/// What an added variant looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum VariantShape {
    /// A copy of the union's first variant (a tagged union: told apart by the title).
    CopyOfFirst,
    /// An empty object (a union of empty objects, sent as a string).
    Empty,
    /// An object with one key no other variant has (a union told apart by keys).
    OwnKey,
}

/// One more `oneOf` entry, under a new component name and title.
fn add_variant(description: &mut Value, at_pointer: &str, shape: VariantShape) {
    let union = at(description, at_pointer);
    let first = union["oneOf"][0]["$ref"].as_str().unwrap_or_default();
    let first = component_name(first).unwrap_or_default().to_string();
    let name = format!(
        "{ADDED}{}",
        first.trim_end_matches(|c: char| c.is_ascii_digit())
    );
    if let Some(list) = union["oneOf"].as_array_mut() {
        list.push(json!({"$ref": schema_pointer(&name)}));
    }
    let mut copy = match shape {
        VariantShape::Empty => json!({"type": "object"}),
        VariantShape::OwnKey => json!({
            "type": "object", "required": [ADDED_KEY],
            "properties": {ADDED_KEY: {"type": "string"}}
        }),
        VariantShape::CopyOfFirst => at(description, &pointer(&schema_pointer(&first))).clone(),
    };
    copy["title"] = json!(name);
    description["components"]["schemas"][name] = copy;
}

/// A method the path does not have, shaped like one it has: its path parameters and
/// answers, no body for `GET` and `DELETE`.
fn add_operation(description: &mut Value, path_at: &str) {
    let item = at(description, path_at);
    let Some(method) = METHODS.iter().find(|m| item.get(**m).is_none()) else {
        return;
    };
    let model = METHODS
        .iter()
        .find_map(|m| item.get(*m))
        .cloned()
        .unwrap_or_else(|| json!({"responses": {"204": {"description": "done"}}}));
    let mut operation = Map::new();
    let id = model["operationId"].as_str().unwrap_or("Operation");
    operation.insert("operationId".into(), json!(format!("{id}{ADDED}")));
    for key in ["tags", "responses"] {
        if let Some(v) = model.get(key) {
            operation.insert(key.into(), v.clone());
        }
    }
    let path_parameters: Vec<Value> = object_or_array(model.get("parameters"))
        .filter(|p| p.get("in").and_then(Value::as_str) == Some("path"))
        .cloned()
        .collect();
    if !path_parameters.is_empty() {
        operation.insert("parameters".into(), Value::Array(path_parameters));
    }
    if let (false, Some(body)) = (
        matches!(*method, "get" | "delete"),
        model.get("requestBody"),
    ) {
        operation.insert("requestBody".into(), body.clone());
    }
    item[*method] = Value::Object(operation);
}

fn object_or_array(value: Option<&Value>) -> impl Iterator<Item = &Value> {
    value.and_then(Value::as_array).into_iter().flatten()
}

/// Every schema of the description with its pointer: components, parameters, bodies,
/// answers, and the schemas nested in them.
fn walk_description<'a>(description: &'a Value, out: &mut Vec<(String, &'a Value)>) {
    for (name, schema) in object_entries(description.pointer("/components/schemas")) {
        walk_schema(&pointer(&schema_pointer(name)), schema, out);
    }
    for (path, item) in object_entries(description.get("paths")) {
        let path_at = format!("/paths/{}", escape_pointer_segment(path));
        for (method, operation) in object_entries(Some(item)) {
            let op_at = child(&path_at, method);
            for (i, p) in object_or_array(operation.get("parameters")).enumerate() {
                if let Some(s) = p.get("schema") {
                    walk_schema(&format!("{op_at}/parameters/{i}/schema"), s, out);
                }
            }
            let body = operation.get("requestBody");
            walk_content(&format!("{op_at}/requestBody"), body, out);
            for (status, response) in object_entries(operation.get("responses")) {
                walk_content(
                    &child(&child(&op_at, "responses"), status),
                    Some(response),
                    out,
                );
            }
        }
    }
}

fn walk_content<'a>(at: &str, holder: Option<&'a Value>, out: &mut Vec<(String, &'a Value)>) {
    let content = holder.and_then(|h| h.get("content"));
    for (media, m) in object_entries(content) {
        if let Some(s) = m.get("schema") {
            walk_schema(
                &child(&child(&child(at, "content"), media), "schema"),
                s,
                out,
            );
        }
    }
}

fn walk_schema<'a>(at: &str, schema: &'a Value, out: &mut Vec<(String, &'a Value)>) {
    if schema.get("$ref").is_some() {
        return;
    }
    out.push((at.to_string(), schema));
    for (name, s) in object_entries(schema.get("properties")) {
        walk_schema(&child(&child(at, "properties"), name), s, out);
    }
    for key in ["items", "additionalProperties"] {
        if let Some(s) = schema.get(key).filter(|s| s.is_object()) {
            walk_schema(&child(at, key), s, out);
        }
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        for (i, s) in object_or_array(schema.get(key)).enumerate() {
            walk_schema(&format!("{}/{i}", child(at, key)), s, out);
        }
    }
}

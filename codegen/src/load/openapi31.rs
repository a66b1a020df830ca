//! OpenAPI 3.1 read as the 3.0 the rest of the pipeline knows: one model either way.
//!
//! `openapiv3` reads 3.0 only. A 3.1 document is rewritten in place, schema by schema,
//! into the 3.0 keywords that say the same thing, before the typed read:
//!
//! | 3.1 | read as |
//! | --- | --- |
//! | `type: [T, "null"]`, `type: [T]` | `type: T` (+ `nullable: true`) |
//! | `const: v` | `enum: [v]` |
//! | numeric `exclusiveMinimum: n` / `exclusiveMaximum: n` | `minimum: n` + `exclusiveMinimum: true` (and the same for maximum) |
//! | `unevaluatedProperties: false` | dropped, like `additionalProperties: false` beside `properties` |
//! | a schema's `examples: [..]` | kept: each element is checked against the type (`examples/`) |
//! | `$ref` with annotations beside it (`description`, `summary`, `deprecated`, ...) | the `$ref` (the 3.0 reading: annotations beside a `$ref` are not read) |
//! | `webhooks`, `jsonSchemaDialect` (the OpenAPI default), `$comment` | ignored on purpose: webhooks are received, not called (`dixa_client::webhooks`) |
//!
//! Everything else that 3.1 adds is refused with its pointer and what to write instead:
//! a type list with several non-null types, a `null` branch in `oneOf`/`anyOf`, keywords
//! beside a `$ref` that change its meaning, `prefixItems`, `$defs`, `patternProperties`,
//! conditionals, `$id`/`$anchor`/dynamic references, `contentMediaType`/`contentEncoding`
//! and another JSON Schema dialect. Refusing is the rule for anything whose Rust type would
//! otherwise be silently wrong on the wire.
//!
//! Only keywords inside schema objects change, so every JSON pointer into the rewritten
//! document is also a pointer into the document as written.

use super::description::child;
use crate::diagnostics::{Diagnostic, Diagnostics};
use serde_yaml::{Mapping, Value};

/// The dialect a 3.1 document uses when it names none.
const DEFAULT_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

/// Whether `version` (the document's `openapi` field) is one this module reads.
pub(super) fn is_31(version: &str) -> bool {
    version == "3.1" || version.starts_with("3.1.")
}

/// Rewrites a 3.1 document into its 3.0 reading (module docs), or lists every construct
/// that has none.
pub(super) fn lower_to_30(document: &mut Value) -> Result<(), Diagnostics> {
    let mut lowering = Lowering::default();
    let Some(root) = document.as_mapping_mut() else {
        return Ok(());
    };
    if let Some(dialect) = get(root, "jsonSchemaDialect")
        && dialect.as_str() != Some(DEFAULT_DIALECT)
    {
        lowering.refuse(
            "#/jsonSchemaDialect",
            format!(
                "only OpenAPI's own JSON Schema dialect (`{DEFAULT_DIALECT}`) is supported: \
                 another dialect can give keywords meanings this generator does not know"
            ),
        );
    }
    // `paths` is optional in 3.1 (a document of webhooks or components only).
    if get(root, "paths").is_none() {
        root.insert("paths".into(), Value::Mapping(Mapping::new()));
    }
    if let Some(paths) = get_mut(root, "paths").and_then(Value::as_mapping_mut) {
        for (key, item) in paths.iter_mut() {
            let at = child("#/paths", key.as_str().unwrap_or_default());
            lowering.path_item(item, &at);
        }
    }
    if let Some(components) = get_mut(root, "components").and_then(Value::as_mapping_mut) {
        lowering.components(components);
    }
    if lowering.problems.is_empty() {
        Ok(())
    } else {
        Err(Diagnostics(lowering.problems))
    }
}

fn get<'a>(map: &'a Mapping, key: &str) -> Option<&'a Value> {
    map.get(key)
}

fn get_mut<'a>(map: &'a mut Mapping, key: &str) -> Option<&'a mut Value> {
    map.get_mut(key)
}

/// Each entry of a mapping with its pointer.
fn entries<'a>(
    map: Option<&'a mut Value>,
    at: &'a str,
) -> impl Iterator<Item = (String, &'a mut Value)> + 'a {
    map.and_then(Value::as_mapping_mut)
        .into_iter()
        .flat_map(|m| m.iter_mut())
        .map(move |(key, value)| (child(at, key.as_str().unwrap_or_default()), value))
}

/// Annotations that may stand beside a `$ref` in 3.1 without changing what it accepts.
const ANNOTATIONS_BESIDE_REF: &[&str] = &[
    "$ref",
    "$comment",
    "description",
    "summary",
    "title",
    "deprecated",
    "readOnly",
    "writeOnly",
    "example",
    "examples",
    "default",
];

/// 3.1 schema keywords with no 3.0 reading, each with what to write instead.
const REFUSED_KEYWORDS: &[(&str, &str)] = &[
    (
        "prefixItems",
        "tuples are not supported: use `items` with one schema (a `oneOf` if the elements differ)",
    ),
    (
        "$defs",
        "schemas nested in `$defs` are not supported: move them to `#/components/schemas` and `$ref` them there",
    ),
    (
        "patternProperties",
        "maps keyed by pattern are not supported: use `additionalProperties`",
    ),
    (
        "if",
        "conditional schemas are not supported: use `oneOf` with a `_type` tag",
    ),
    (
        "then",
        "conditional schemas are not supported: use `oneOf` with a `_type` tag",
    ),
    (
        "else",
        "conditional schemas are not supported: use `oneOf` with a `_type` tag",
    ),
    (
        "dependentSchemas",
        "schemas that depend on a property's presence are not supported: use `oneOf`",
    ),
    (
        "unevaluatedItems",
        "not supported: say what the array holds with `items`",
    ),
    (
        "$id",
        "schema identifiers are not supported: `$ref` components by their `#/components/schemas/...` pointer",
    ),
    (
        "$anchor",
        "anchors are not supported: `$ref` components by their `#/components/schemas/...` pointer",
    ),
    (
        "$dynamicRef",
        "dynamic references are not supported: use a plain `$ref`",
    ),
    (
        "$dynamicAnchor",
        "dynamic references are not supported: use a plain `$ref`",
    ),
    (
        "$schema",
        "a schema's own dialect is not supported: the document's dialect applies",
    ),
    (
        "contentMediaType",
        "not supported: a file is `type: string, format: binary`, text is `type: string`",
    ),
    (
        "contentEncoding",
        "not supported: a file is `type: string, format: binary`, text is `type: string`",
    ),
    (
        "contentSchema",
        "not supported: describe the value with the schema itself",
    ),
];

#[derive(Default)]
struct Lowering {
    problems: Vec<Diagnostic>,
}

impl Lowering {
    fn refuse(&mut self, pointer: &str, message: impl Into<String>) {
        self.problems.push(Diagnostic {
            pointer: pointer.into(),
            message: message.into(),
        });
    }

    fn components(&mut self, components: &mut Mapping) {
        for (at, s) in entries(get_mut(components, "schemas"), "#/components/schemas") {
            self.schema(s, &at);
        }
        for (at, p) in entries(get_mut(components, "parameters"), "#/components/parameters") {
            self.parameter(p, &at);
        }
        for (at, h) in entries(get_mut(components, "headers"), "#/components/headers") {
            self.parameter(h, &at);
        }
        for (at, b) in entries(
            get_mut(components, "requestBodies"),
            "#/components/requestBodies",
        ) {
            self.content(b, &at);
        }
        for (at, r) in entries(get_mut(components, "responses"), "#/components/responses") {
            self.response(r, &at);
        }
    }

    fn path_item(&mut self, item: &mut Value, at: &str) {
        let Some(item) = item.as_mapping_mut() else {
            return;
        };
        for (key, value) in item.iter_mut() {
            let key = key.as_str().unwrap_or_default();
            let at = child(at, key);
            if key == "parameters" {
                self.parameters(value, &at);
            } else if let Some(op) = value.as_mapping_mut()
                && key != "servers"
            {
                self.operation(op, &at);
            }
        }
    }

    fn operation(&mut self, op: &mut Mapping, at: &str) {
        if let Some(params) = get_mut(op, "parameters") {
            self.parameters(params, &child(at, "parameters"));
        }
        if let Some(body) = get_mut(op, "requestBody") {
            self.content(body, &child(at, "requestBody"));
        }
        for (at, r) in entries(get_mut(op, "responses"), &child(at, "responses")) {
            self.response(r, &at);
        }
        // Callbacks are path items keyed by an expression.
        for (at, callback) in entries(get_mut(op, "callbacks"), &child(at, "callbacks")) {
            for (at, item) in entries(Some(callback), &at) {
                self.path_item(item, &at);
            }
        }
    }

    fn parameters(&mut self, params: &mut Value, at: &str) {
        for (i, p) in params.as_sequence_mut().into_iter().flatten().enumerate() {
            self.parameter(p, &format!("{at}/{i}"));
        }
    }

    /// A parameter or a header: a `schema`, or a `content` map.
    fn parameter(&mut self, p: &mut Value, at: &str) {
        if let Some(s) = p.get_mut("schema") {
            self.schema(s, &child(at, "schema"));
        }
        self.content(p, at);
    }

    fn response(&mut self, r: &mut Value, at: &str) {
        self.content(r, at);
        for (at, h) in entries(r.get_mut("headers"), &child(at, "headers")) {
            self.parameter(h, &at);
        }
    }

    /// The schemas of an object's `content` map (a body, a response, a parameter).
    fn content(&mut self, holder: &mut Value, at: &str) {
        for (at, media) in entries(holder.get_mut("content"), &child(at, "content")) {
            if let Some(s) = media.get_mut("schema") {
                self.schema(s, &child(&at, "schema"));
            }
        }
    }

    fn schema(&mut self, schema: &mut Value, at: &str) {
        let Some(map) = schema.as_mapping_mut() else {
            return;
        };
        if get(map, "$ref").is_some() {
            self.ref_siblings(map, at);
            return;
        }
        for (keyword, reason) in REFUSED_KEYWORDS {
            if get(map, keyword).is_some() {
                self.refuse(&child(at, keyword), *reason);
            }
        }
        self.type_list(map, at);
        self.constant(map, at);
        lower_exclusive_bound(map, "exclusiveMinimum", "minimum");
        lower_exclusive_bound(map, "exclusiveMaximum", "maximum");
        match get(map, "unevaluatedProperties") {
            None => {}
            Some(Value::Bool(false)) => {
                map.remove("unevaluatedProperties");
            }
            Some(_) => self.refuse(
                &child(at, "unevaluatedProperties"),
                "only `unevaluatedProperties: false` is supported: say what the extra keys \
                 hold with `additionalProperties`",
            ),
        }
        self.nested(map, at);
    }

    fn ref_siblings(&mut self, map: &Mapping, at: &str) {
        for key in map.keys().filter_map(Value::as_str) {
            if !ANNOTATIONS_BESIDE_REF.contains(&key) && !key.starts_with("x-") {
                self.refuse(
                    &child(at, key),
                    format!(
                        "`{key}` beside a `$ref` changes what the reference accepts, and only \
                         the referenced schema is read: put it into that schema, or replace the \
                         `$ref` with a schema of its own"
                    ),
                );
            }
        }
    }

    /// `type: [T, "null"]` -> `type: T, nullable: true`.
    fn type_list(&mut self, map: &mut Mapping, at: &str) {
        let at = child(at, "type");
        let types = match get(map, "type") {
            Some(Value::Sequence(types)) => types.clone(),
            Some(Value::String(t)) if t == "null" => {
                self.refuse(
                    &at,
                    "a schema whose only type is `null` holds no value: leave the property out, \
                     or make the schema it belongs to nullable (`type: [T, \"null\"]`)",
                );
                return;
            }
            _ => return,
        };
        let mut others = Vec::new();
        let mut null = false;
        for t in &types {
            match t.as_str() {
                Some("null") => null = true,
                Some(t) => others.push(t.to_string()),
                None => {
                    self.refuse(&at, "every entry of a type list must be a type name");
                    return;
                }
            }
        }
        match others.as_slice() {
            [one] => {
                map.insert("type".into(), Value::String(one.clone()));
                if null {
                    map.insert("nullable".into(), Value::Bool(true));
                }
            }
            [] => self.refuse(
                &at,
                "a schema whose only type is `null` holds no value: leave the property out, or \
                 make the schema it belongs to nullable (`type: [T, \"null\"]`)",
            ),
            several => self.refuse(
                &at,
                format!(
                    "a value of several types ({}) is not supported as a type list: write a \
                     `oneOf` with one schema per type",
                    several.join(", ")
                ),
            ),
        }
    }

    /// `const: v` -> `enum: [v]`.
    fn constant(&mut self, map: &mut Mapping, at: &str) {
        let Some(value) = map.remove("const") else {
            return;
        };
        if get(map, "enum").is_some() {
            self.refuse(
                &child(at, "const"),
                "`const` beside `enum`: keep one of them",
            );
            return;
        }
        map.insert("enum".into(), Value::Sequence(vec![value]));
    }

    fn nested(&mut self, map: &mut Mapping, at: &str) {
        for (key, value) in map.iter_mut() {
            let key = key.as_str().unwrap_or_default();
            let at = child(at, key);
            match key {
                "properties" => {
                    for (at, s) in entries(Some(value), &at) {
                        self.schema(s, &at);
                    }
                }
                "items" | "not" | "additionalProperties" => self.schema(value, &at),
                "oneOf" | "anyOf" | "allOf" => {
                    for (i, s) in value.as_sequence_mut().into_iter().flatten().enumerate() {
                        let at = format!("{at}/{i}");
                        if key != "allOf" && is_null_branch(s) {
                            self.refuse(
                                &at,
                                format!(
                                    "a `null` branch in `{key}` is not supported: make the \
                                     property optional instead, or give each branch \
                                     `type: [T, \"null\"]`"
                                ),
                            );
                        } else {
                            self.schema(s, &at);
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

fn is_null_branch(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Sequence(types)) => types.iter().all(|t| t.as_str() == Some("null")),
        _ => false,
    }
}

/// 3.1's numeric `exclusiveMinimum: n` is 3.0's `minimum: n, exclusiveMinimum: true`
/// (if an inclusive bound is also given and is stricter, it stays alone; the client
/// checks neither).
fn lower_exclusive_bound(map: &mut Mapping, exclusive: &str, inclusive: &str) {
    let Some(Value::Number(bound)) = get(map, exclusive).cloned() else {
        return;
    };
    map.remove(exclusive);
    let inclusive_is_stricter = match (get(map, inclusive).and_then(Value::as_f64), bound.as_f64())
    {
        (Some(other), Some(bound)) if inclusive == "minimum" => other > bound,
        (Some(other), Some(bound)) => other < bound,
        _ => false,
    };
    if !inclusive_is_stricter {
        map.insert(inclusive.into(), Value::Number(bound));
        map.insert(exclusive.into(), Value::Bool(true));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lowered(text: &str) -> Result<Value, Diagnostics> {
        let mut doc: Value = serde_yaml::from_str(text).unwrap();
        lower_to_30(&mut doc).map(|()| doc)
    }

    fn schema_a(doc: &Value) -> &Value {
        &doc["components"]["schemas"]["A"]
    }

    #[test]
    fn nullable_type_lists_read_as_nullable() {
        let doc = lowered("components:\n  schemas:\n    A: {type: [string, 'null']}\n").unwrap();
        assert_eq!(schema_a(&doc)["type"], Value::from("string"));
        assert_eq!(schema_a(&doc)["nullable"], Value::Bool(true));
    }

    #[test]
    fn const_reads_as_a_one_value_enum() {
        let doc = lowered("components:\n  schemas:\n    A: {type: string, const: chat}\n").unwrap();
        assert_eq!(
            schema_a(&doc)["enum"],
            Value::Sequence(vec![Value::from("chat")])
        );
    }

    #[test]
    fn numeric_exclusive_bounds_read_as_boolean_ones() {
        let doc = lowered(
            "components:\n  schemas:\n    A: {type: integer, exclusiveMinimum: 0, exclusiveMaximum: 10, maximum: 5}\n",
        )
        .unwrap();
        let a = schema_a(&doc);
        assert_eq!(a["minimum"], Value::from(0));
        assert_eq!(a["exclusiveMinimum"], Value::Bool(true));
        // The inclusive 5 is stricter than the exclusive 10 and stays.
        assert_eq!(a["maximum"], Value::from(5));
        assert!(a.get("exclusiveMaximum").is_none(), "{a:?}");
    }

    #[test]
    fn every_construct_without_a_30_reading_is_refused_with_its_pointer() {
        let err = lowered(
            "paths:\n  /a:\n    get:\n      parameters:\n        - {name: q, in: query, schema: {type: [string, integer]}}\n      responses: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        t: {prefixItems: [{type: string}]}\n        r: {$ref: '#/components/schemas/B', properties: {x: {type: string}}}\n        u: {oneOf: [{$ref: '#/components/schemas/B'}, {type: 'null'}]}\n    B: {type: object, $defs: {C: {type: string}}}\n",
        )
        .unwrap_err();
        let pointers: Vec<&str> = err.0.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "#/paths/~1a/get/parameters/0/schema/type",
                "#/components/schemas/A/properties/t/prefixItems",
                "#/components/schemas/A/properties/r/properties",
                "#/components/schemas/A/properties/u/oneOf/1",
                "#/components/schemas/B/$defs",
            ],
            "{err}"
        );
        assert!(err.0[0].message.contains("string, integer"), "{err}");
    }

    #[test]
    fn annotations_beside_a_ref_are_accepted() {
        let doc = lowered(
            "components:\n  schemas:\n    A: {type: object, properties: {b: {$ref: '#/components/schemas/B', description: d, deprecated: true}}}\n    B: {type: string}\n",
        )
        .unwrap();
        assert_eq!(
            schema_a(&doc)["properties"]["b"]["$ref"],
            Value::from("#/components/schemas/B")
        );
    }

    #[test]
    fn another_dialect_is_refused() {
        let err = lowered("jsonSchemaDialect: https://json-schema.org/draft/2020-12/schema\n")
            .unwrap_err();
        assert_eq!(err.0[0].pointer, "#/jsonSchemaDialect");
    }
}

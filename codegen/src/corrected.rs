//! Derived output: the description with Dixa's implicit wire conventions written into its
//! schemas, for tools that only read schema keywords (the Prism mock server behind
//! `cargo xtask test`).
//!
//! What the model decided becomes explicit:
//! - tagged unions: every variant requires `"_type"` with `enum: [<tag>]`, and the `oneOf`
//!   gets a `discriminator` mapping each tag to its variant. A variant schema that is also
//!   used outside tagged unions (where the wire carries no `_type`) is left alone and the
//!   union refers to a copy instead, `<Name>.variant` (`allOf` of the original and the tag);
//! - untagged unions (override) keep their `oneOf`, and each variant requires the key the
//!   model recognises it by, so that exactly one variant matches;
//! - unions of empty objects: `type: string` with an `enum` of the tags;
//! - `values: [...]` descriptions: string `enum`s (every string schema, as the converter does);
//! - plain objects with an implicit tag (`Struct.wire_tag`): a required `_type`;
//! - `format: date-time`: a `pattern` that also admits Java's zoned form (`...Z[GMT]`);
//! - override decisions: an unwrapped-values union is a `oneOf` of the bare value schemas, a
//!   lenient string a `oneOf` of its variants' kinds, a tagged unit enum a `oneOf` of
//!   `{_type}` objects, nullable map values `nullable: true`.
//!
//! One addition is for Prism alone: `multipart/form-data` bodies get `encoding: {<array
//! part>: {style: form, explode: true}}` (see [`multipart_array_encodings`]).
//!
//! Everything else stays as it was. The enums here are closed, which
//! is right for a mock server that validates requests; the generated Rust types stay open.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::ir::*;
use crate::load::{Description, for_each_schema};
use crate::{OutputFile, conventions, paths};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// Suffix of the copy of a union variant schema that is also used elsewhere, where the
/// union's demands (its tag, its identifying key) do not hold.
pub const VARIANT_COPY_SUFFIX: &str = ".variant";

/// `format: date-time` as Dixa sends it (NOTES.md section 4): RFC 3339, optionally followed
/// by a bracketed zone as Java writes it (`2021-12-01T12:46:36.581Z[GMT]`, RFC 9557). The
/// runtime's `DateTime` reads both; validators that know `format: date-time` reject the
/// second, so the corrected description says `pattern` instead.
pub const DATE_TIME_PATTERN: &str =
    r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})(\[[^\]]+\])?$";

/// `spec/fetched/dixa-api.corrected.json`: the corrected description as pretty JSON
/// (keys sorted, so the same input gives the same bytes).
pub fn corrected_file(description: &Description, model: &Model) -> Result<OutputFile, Diagnostics> {
    let corrected = corrected_description(description.json.clone(), model)?;
    let mut contents = serde_json::to_string_pretty(&corrected).map_err(|e| Diagnostic {
        pointer: "#".into(),
        message: format!("internal error: the corrected description does not serialize: {e}"),
    })?;
    contents.push('\n');
    Ok(OutputFile {
        path: paths::CORRECTED_DESCRIPTION.to_string(),
        contents,
    })
}

/// Applies every correction to `doc` (the description as JSON) following `model`.
pub fn corrected_description(mut doc: Value, model: &Model) -> Result<Value, Diagnostics> {
    let mut diags = Diagnostics::default();
    for_each_schema(&mut doc, &mut |schema| {
        enum_from_description(schema);
        zoned_date_time(schema);
    });

    // Shapes first: the schemas whose keywords the model replaces.
    for def in model.types.values() {
        let result = match &def.kind {
            TypeKind::StringEnum(e) => at(&mut doc, &def.pointer).map(|s| string_enum(s, e)),
            TypeKind::Struct(Struct {
                wire_tag: Some(tag),
                ..
            }) => at(&mut doc, &def.pointer).and_then(|s| require_tag(s, tag)),
            TypeKind::PrimitiveUnion(p) => primitive_union(&mut doc, def, p),
            TypeKind::Map(TypeRef::Nullable(_)) => {
                at(&mut doc, &format!("{}/additionalProperties", def.pointer)).and_then(nullable)
            }
            TypeKind::Union(u) if is_unit_union(u) => {
                at(&mut doc, &def.pointer).and_then(|s| unit_variants(s, u))
            }
            _ => Ok(()),
        };
        if let Err(message) = result {
            diags.push(&def.pointer, message);
        }
    }

    // Then the unions of components, whose variants may need a copy.
    let by_component: BTreeMap<&str, &TypeDef> = model
        .types
        .values()
        .filter_map(|d| Some((d.component.as_deref()?, d)))
        .collect();
    let unions = model.types.values().filter_map(|d| match &d.kind {
        TypeKind::Union(u) if !is_unit_union(u) => Some((d, u)),
        _ => None,
    });
    for (def, u) in unions {
        let result = match &u.repr {
            UnionRepr::Tagged { key } => tagged_union(&mut doc, model, &by_component, def, u, key),
            UnionRepr::Untagged => untagged_union(&mut doc, &by_component, def, u),
        };
        if let Err(message) = result {
            diags.push(&def.pointer, message);
        }
    }
    diags.into_result()?;
    multipart_array_encodings(&mut doc);

    if let Some(info) = doc.get_mut("info").and_then(Value::as_object_mut) {
        info.insert(
            "x-dixa-codegen".into(),
            json!("derived by dixa-codegen (codegen/src/corrected.rs): Dixa's implicit wire conventions written into the schemas; not for committing"),
        );
    }
    Ok(doc)
}

/// The schema at a `#/...` pointer of the model.
fn at<'v>(doc: &'v mut Value, pointer: &str) -> Result<&'v mut Value, String> {
    doc.pointer_mut(pointer.trim_start_matches('#'))
        .ok_or_else(|| {
            format!("internal error: the model names `{pointer}`, which is not in the description")
        })
}

/// A tagged union the description declares as a `values: [...]` string (override
/// `tagged-unit-enum`): it has no `oneOf` to constrain.
fn is_unit_union(u: &Union) -> bool {
    u.decided_by == Decision::Override(OverrideRule::TaggedUnitEnum)
}

fn object_of(schema: &mut Value) -> Result<&mut Map<String, Value>, String> {
    schema
        .as_object_mut()
        .ok_or_else(|| "internal error: a schema that is not a JSON object".to_string())
}

/// Hidden-enum rule ([`conventions::enum_values_from_description`]) on one schema.
fn enum_from_description(schema: &mut Value) {
    let Some(obj) = schema.as_object_mut() else {
        return;
    };
    if obj.get("type").and_then(Value::as_str) != Some("string") || obj.contains_key("enum") {
        return;
    }
    let values = obj
        .get("description")
        .and_then(Value::as_str)
        .and_then(conventions::enum_values_from_description);
    if let Some(values) = values {
        obj.insert("enum".into(), json!(values));
    }
}

/// Timestamp rule (NOTES.md section 4) on one schema: `format: date-time` becomes
/// [`DATE_TIME_PATTERN`]; `x-dixa-format` keeps the declared format.
fn zoned_date_time(schema: &mut Value) {
    let Some(obj) = schema.as_object_mut() else {
        return;
    };
    if obj.get("format").and_then(Value::as_str) == Some("date-time") {
        obj.remove("format");
        obj.insert("pattern".into(), json!(DATE_TIME_PATTERN));
        obj.insert("x-dixa-format".into(), json!("date-time"));
    }
}

/// A string enum of the model: an `enum` keyword on a string (a union of empty objects
/// loses its `oneOf` and becomes the string it is on the wire).
fn string_enum(schema: &mut Value, e: &StringEnum) {
    let Some(obj) = schema.as_object_mut() else {
        return;
    };
    if e.source == EnumSource::EmptyUnion {
        obj.remove("oneOf");
        obj.remove("discriminator");
        obj.insert("type".into(), json!("string"));
    }
    let values: Vec<&str> = e.values.iter().map(|v| v.wire.as_str()).collect();
    obj.insert("enum".into(), json!(values));
}

/// `properties.<key>: {type: string, enum: [tag]}`, and the key in `required`.
fn require_tag(schema: &mut Value, tag: &WireTag) -> Result<(), String> {
    merge_constraint(object_of(schema)?, &tag_only_object(&tag.key, &tag.value))
}

fn tag_schema(tag: &str) -> Value {
    json!({ "type": "string", "enum": [tag] })
}

/// `{type: object, required: [<key>], properties: {<key>: {enum: [tag]}}}`.
fn tag_only_object(key: &str, tag: &str) -> Value {
    json!({
        "type": "object",
        "required": [key],
        "properties": { key: tag_schema(tag) },
    })
}

/// Drops the keywords of the declared (wrong) type before a `oneOf` replaces it.
fn replace_with_one_of(schema: &mut Value, one_of: Vec<Value>) -> Result<(), String> {
    let obj = object_of(schema)?;
    for keyword in ["type", "format", "enum", "properties", "required", "items"] {
        obj.remove(keyword);
    }
    obj.insert("oneOf".into(), Value::Array(one_of));
    Ok(())
}

/// A tagged union without a `oneOf` (override `tagged-unit-enum`: a `values: [...]`
/// string sent as `{"_type": "<value>"}`): a `oneOf` of tag-only objects.
fn unit_variants(schema: &mut Value, u: &Union) -> Result<(), String> {
    let UnionRepr::Tagged { key } = &u.repr else {
        return Err("internal error: a unit union that is not tagged".into());
    };
    let one_of = u
        .variants
        .iter()
        .map(|v| match (&v.selector, &v.payload) {
            (Selector::Tag(tag), None) => Ok(tag_only_object(key, tag)),
            _ => Err(format!(
                "internal error: unit union variant `{}` has a payload or no tag",
                v.name
            )),
        })
        .collect::<Result<Vec<_>, _>>()?;
    replace_with_one_of(schema, one_of)
}

/// An inline `string | array` union stays; an unwrapped-values union (override) becomes a
/// `oneOf` of its variants' `value` schemas; a lenient string (override) a `oneOf` of its
/// variants' kinds.
fn primitive_union(doc: &mut Value, def: &TypeDef, p: &PrimitiveUnion) -> Result<(), String> {
    let one_of = match p.decided_by {
        Decision::Override(OverrideRule::LenientString) => p
            .variants
            .iter()
            .map(|v| primitive_schema(&v.ty))
            .collect::<Result<Vec<_>, _>>()?,
        Decision::Override(OverrideRule::UnwrappedValues) => {
            let mut values = Vec::new();
            for variant in &p.variants {
                let component = variant.component.as_deref().ok_or_else(|| {
                    format!(
                        "internal error: unwrapped value `{}` has no component",
                        variant.name
                    )
                })?;
                let value = doc
                    .pointer(&format!("/components/schemas/{component}/properties/value"))
                    .ok_or_else(|| {
                        format!("unwrapped-values variant `{component}` has no `value`")
                    })?;
                values.push(value.clone());
            }
            values
        }
        // Values of different JSON kinds, declared as such already.
        _ => return Ok(()),
    };
    replace_with_one_of(at(doc, &def.pointer)?, one_of)
}

/// The schema of a primitive variant type.
fn primitive_schema(ty: &TypeRef) -> Result<Value, String> {
    Ok(match ty {
        TypeRef::String => json!({ "type": "string" }),
        TypeRef::Bool => json!({ "type": "boolean" }),
        TypeRef::I32 => json!({ "type": "integer", "format": "int32" }),
        TypeRef::I64 => json!({ "type": "integer", "format": "int64" }),
        TypeRef::F64 => json!({ "type": "number" }),
        TypeRef::Uuid => json!({ "type": "string", "format": "uuid" }),
        TypeRef::DateTime => {
            json!({ "type": "string", "pattern": DATE_TIME_PATTERN, "x-dixa-format": "date-time" })
        }
        TypeRef::List(item) => json!({ "type": "array", "items": primitive_schema(item)? }),
        other => {
            return Err(format!(
                "internal error: no schema for variant type {other:?}"
            ));
        }
    })
}

fn nullable(schema: &mut Value) -> Result<(), String> {
    object_of(schema)?.insert("nullable".into(), json!(true));
    Ok(())
}

/// The component a union variant refers to, and its type in the model.
fn variant_component<'m>(
    by_component: &BTreeMap<&str, &'m TypeDef>,
    v: &'m Variant,
) -> Result<(&'m str, &'m TypeDef), String> {
    let component = v.component.as_deref().ok_or_else(|| {
        format!(
            "internal error: union variant `{}` names no component",
            v.name
        )
    })?;
    let def = by_component.get(component).ok_or_else(|| {
        format!("internal error: the variant component `{component}` is not in the model")
    })?;
    Ok((component, def))
}

/// Every variant requires its tag, and the `oneOf` gets a `discriminator`. A variant
/// schema is changed in place when all its uses are in tagged unions; otherwise the union
/// refers to a copy (see [`constrained_variant`]).
fn tagged_union(
    doc: &mut Value,
    model: &Model,
    by_component: &BTreeMap<&str, &TypeDef>,
    def: &TypeDef,
    u: &Union,
    key: &str,
) -> Result<(), String> {
    let is_tagged_union = |name: &str| {
        matches!(
            model.types.get(name).map(|d| &d.kind),
            Some(TypeKind::Union(Union {
                repr: UnionRepr::Tagged { .. },
                ..
            }))
        )
    };
    let mut one_of = Vec::new();
    let mut mapping = Map::new();
    for variant in &u.variants {
        let (component, variant_def) = variant_component(by_component, variant)?;
        let tag = variant.selector.tag().ok_or_else(|| {
            format!(
                "internal error: variant `{}` of a tagged union has no tag",
                variant.name
            )
        })?;
        let all_uses_tagged = variant_def.uses.iter().all(|site| match site {
            Use::Variant { union } => is_tagged_union(union),
            Use::At(_) => false,
        });
        let constraint = tag_only_object(key, tag);
        let target = constrained_variant(doc, component, constraint, all_uses_tagged)?;
        let reference = format!("#/components/schemas/{target}");
        one_of.push(json!({ "$ref": reference }));
        mapping.insert(tag.to_string(), json!(reference));
    }
    let obj = object_of(at(doc, &def.pointer)?)?;
    obj.insert("oneOf".into(), Value::Array(one_of));
    obj.insert(
        "discriminator".into(),
        json!({ "propertyName": key, "mapping": mapping }),
    );
    Ok(())
}

/// An untagged union (override) keeps its `oneOf`, but each variant requires the key the
/// model recognises it by (otherwise a value with optional keys only could match two).
fn untagged_union(
    doc: &mut Value,
    by_component: &BTreeMap<&str, &TypeDef>,
    def: &TypeDef,
    u: &Union,
) -> Result<(), String> {
    let mut one_of = Vec::new();
    for variant in &u.variants {
        let (component, variant_def) = variant_component(by_component, variant)?;
        let key = variant.selector.key().ok_or_else(|| {
            format!("internal error: untagged variant `{component}` has no discriminating key")
        })?;
        let schema = at(doc, &format!("#/components/schemas/{component}"))?;
        let required = schema.get("required").and_then(Value::as_array);
        let target = if required.is_some_and(|r| r.iter().any(|k| k == key)) {
            component.to_string()
        } else {
            let only_use = variant_def.uses.len() == 1;
            let constraint = json!({ "required": [key] });
            constrained_variant(doc, component, constraint, only_use)?
        };
        one_of.push(json!({ "$ref": format!("#/components/schemas/{target}") }));
    }
    object_of(at(doc, &def.pointer)?)?.insert("oneOf".into(), Value::Array(one_of));
    Ok(())
}

/// Makes the union variant `component` demand `constraint` (a schema of `properties` and
/// `required`): merged into the component when `in_place`, else in a copy
/// `<component>.variant` (`allOf` of the component and the constraint) so the component's
/// other uses stay as they were. Returns the name to refer to.
fn constrained_variant(
    doc: &mut Value,
    component: &str,
    constraint: Value,
    in_place: bool,
) -> Result<String, String> {
    if in_place {
        let schema = object_of(at(doc, &format!("#/components/schemas/{component}"))?)?;
        merge_constraint(schema, &constraint)?;
        return Ok(component.to_string());
    }
    let copy = json!({
        "description": format!("`{component}` as a union variant (added by dixa-codegen: `{component}` is also used elsewhere, where this does not hold)"),
        "allOf": [
            { "$ref": format!("#/components/schemas/{component}") },
            constraint,
        ],
    });
    let schemas = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
        .ok_or("the description has no `components.schemas`")?;
    let mut name = format!("{component}{VARIANT_COPY_SUFFIX}");
    let mut n = 2;
    while let Some(existing) = schemas.get(&name) {
        if *existing == copy {
            return Ok(name);
        }
        name = format!("{component}{VARIANT_COPY_SUFFIX}{n}");
        n += 1;
    }
    schemas.insert(name.clone(), copy);
    Ok(name)
}

fn merge_constraint(schema: &mut Map<String, Value>, constraint: &Value) -> Result<(), String> {
    if let Some(props) = constraint.get("properties").and_then(Value::as_object) {
        let properties = schema
            .entry("properties")
            .or_insert_with(|| json!({}))
            .as_object_mut()
            .ok_or("`properties` is not an object")?;
        for (k, v) in props {
            properties.insert(k.clone(), v.clone());
        }
    }
    if let Some(keys) = constraint.get("required").and_then(Value::as_array) {
        let required = schema
            .entry("required")
            .or_insert_with(|| json!([]))
            .as_array_mut()
            .ok_or("`required` is not an array")?;
        for k in keys {
            if !required.contains(k) {
                required.push(k.clone());
            }
        }
    }
    Ok(())
}

/// `encoding: {<part>: {style: form, explode: true}}` for each `array` part of a
/// `multipart/form-data` body that has no encoding yet.
///
/// Not a Dixa convention: a workaround for Prism 5.14.2, whose multipart parser keeps one
/// string per part name, so an array of files (repeated parts, as OpenAPI 3.0 sends it)
/// never validates as an `array` unless an `encoding` style tells it to deserialize the
/// part as one. OpenAPI 3.0.3 says `style` is ignored for media types other than
/// `application/x-www-form-urlencoded`, so this changes nothing for other tools.
fn multipart_array_encodings(doc: &mut Value) {
    let mut targets = Vec::new();
    for (path, item) in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for (method, op) in item.as_object().into_iter().flatten() {
            let Some(media) = op.pointer("/requestBody/content/multipart~1form-data") else {
                continue;
            };
            let schema = match media.pointer("/schema/$ref").and_then(Value::as_str) {
                Some(reference) => doc.pointer(reference.trim_start_matches('#')),
                None => media.get("schema"),
            };
            let properties = schema
                .and_then(|s| s.get("properties"))
                .and_then(Value::as_object);
            for (part, part_schema) in properties.into_iter().flatten() {
                let is_array = part_schema.get("type").and_then(Value::as_str) == Some("array");
                if is_array && media.pointer(&format!("/encoding/{part}")).is_none() {
                    targets.push((path.clone(), method.clone(), part.clone()));
                }
            }
        }
    }
    for (path, method, part) in targets {
        let media = doc
            .get_mut("paths")
            .and_then(|p| p.get_mut(&path))
            .and_then(|i| i.get_mut(&method))
            .and_then(|o| o.pointer_mut("/requestBody/content/multipart~1form-data"))
            .and_then(Value::as_object_mut);
        if let Some(media) = media {
            let encoding = media.entry("encoding").or_insert_with(|| json!({}));
            if let Some(encoding) = encoding.as_object_mut() {
                encoding.insert(part, json!({ "style": "form", "explode": true }));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conventions::TAG_KEY;
    use crate::overrides::Overrides;

    /// The corrected form of a hand-written description, built through the real pipeline
    /// (load -> model -> correct).
    fn corrected(spec: &str, overrides: &str) -> Value {
        let parsed = crate::load::parse_description(spec).unwrap();
        let overrides = Overrides::parse(overrides).unwrap();
        let model = crate::convert::build_model(&parsed, &overrides).unwrap();
        let file = corrected_file(&parsed, &model).unwrap();
        assert_eq!(file.path, paths::CORRECTED_DESCRIPTION);
        serde_json::from_str(&file.contents).unwrap()
    }

    const HEADER: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

    fn spec(paths: &str, schemas: &str) -> String {
        format!("{HEADER}paths:\n{paths}components:\n  schemas:\n{schemas}")
    }

    const NO_PATHS: &str = "  {}\n";

    #[test]
    fn tagged_union_variants_require_their_tag_and_the_union_gets_a_discriminator() {
        let doc = corrected(
            &spec(
                NO_PATHS,
                r#"
    Event:
      oneOf:
        - $ref: '#/components/schemas/Created2'
        - $ref: '#/components/schemas/Closed'
    Created2:
      title: Created
      type: object
      required: [id]
      properties:
        id: {type: string}
    Closed:
      title: Closed
      type: object
"#,
            ),
            "",
        );
        let s = &doc["components"]["schemas"];
        assert_eq!(
            s["Event"]["discriminator"],
            json!({
                "propertyName": TAG_KEY,
                "mapping": {
                    "Created": "#/components/schemas/Created2",
                    "Closed": "#/components/schemas/Closed",
                }
            })
        );
        assert_eq!(
            s["Created2"]["properties"][TAG_KEY],
            json!({"type": "string", "enum": ["Created"]})
        );
        assert_eq!(s["Created2"]["required"], json!(["id", TAG_KEY]));
        assert_eq!(s["Closed"]["required"], json!([TAG_KEY]));
        assert_eq!(
            s["Closed"]["properties"][TAG_KEY]["enum"],
            json!(["Closed"])
        );
        assert_eq!(s["Created2"]["properties"]["id"], json!({"type": "string"}));
        assert!(doc["info"]["x-dixa-codegen"].is_string());
    }

    #[test]
    fn a_variant_also_used_elsewhere_gets_a_copy() {
        let doc = corrected(
            &spec(
                NO_PATHS,
                r#"
    Failure:
      oneOf:
        - $ref: '#/components/schemas/ErrorResponse'
        - $ref: '#/components/schemas/Timeout'
    ErrorResponse:
      type: object
      required: [message]
      properties:
        message: {type: string}
    Timeout:
      type: object
      properties:
        seconds: {type: integer}
    Outcome:
      type: object
      properties:
        error:
          $ref: '#/components/schemas/ErrorResponse'
"#,
            ),
            "",
        );
        let s = &doc["components"]["schemas"];
        assert_eq!(s["ErrorResponse"]["required"], json!(["message"]));
        assert!(s["ErrorResponse"]["properties"].get(TAG_KEY).is_none());
        assert_eq!(
            s["Failure"]["oneOf"][0]["$ref"],
            "#/components/schemas/ErrorResponse.variant"
        );
        assert_eq!(
            s["ErrorResponse.variant"]["allOf"],
            json!([
                {"$ref": "#/components/schemas/ErrorResponse"},
                {"type": "object", "required": [TAG_KEY], "properties": {TAG_KEY: {"type": "string", "enum": ["ErrorResponse"]}}},
            ])
        );
        assert_eq!(s["Timeout"]["required"], json!([TAG_KEY]));
    }

    #[test]
    fn unions_of_empty_objects_become_string_enums() {
        let doc = corrected(
            &spec(
                NO_PATHS,
                r#"
    Status:
      description: The status.
      oneOf:
        - $ref: '#/components/schemas/Open'
        - $ref: '#/components/schemas/Closed1'
    Open:
      type: object
    Closed1:
      title: Closed
      type: object
"#,
            ),
            "",
        );
        assert_eq!(
            doc["components"]["schemas"]["Status"],
            json!({"description": "The status.", "type": "string", "enum": ["Open", "Closed"]})
        );
        // Only the string union used them: they need no tag.
        assert_eq!(
            doc["components"]["schemas"]["Open"],
            json!({"type": "object"})
        );
    }

    #[test]
    fn values_descriptions_become_enums_everywhere() {
        let doc = corrected(
            &spec(
                r#"
  /things:
    get:
      operationId: getThings
      parameters:
        - name: direction
          in: query
          schema: {type: string, description: 'values: [Inbound, Outbound]'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  state: {type: string, description: 'The state. values: [open, closed]'}
              example:
                state: {type: string, description: 'values: [NotASchema]'}
"#,
                r#"
    Thing:
      type: object
      properties:
        channel: {type: string, description: 'values: [Email, Chat]'}
        note: {type: string, description: 'free text'}
        tags:
          type: array
          items: {type: string, description: 'values: [A, B]'}
"#,
            ),
            "",
        );
        let thing = &doc["components"]["schemas"]["Thing"]["properties"];
        assert_eq!(thing["channel"]["enum"], json!(["Email", "Chat"]));
        assert!(thing["note"].get("enum").is_none());
        assert_eq!(thing["tags"]["items"]["enum"], json!(["A", "B"]));
        let get = &doc["paths"]["/things"]["get"];
        assert_eq!(
            get["parameters"][0]["schema"]["enum"],
            json!(["Inbound", "Outbound"])
        );
        let response = &get["responses"]["200"]["content"]["application/json"];
        assert_eq!(
            response["schema"]["properties"]["state"]["enum"],
            json!(["open", "closed"])
        );
        assert!(response["example"]["state"].get("enum").is_none());
    }

    #[test]
    fn implicit_tags_and_override_decisions_are_written_out() {
        let doc = corrected(
            &spec(
                r#"
  /import:
    post:
      operationId: postImport
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Import'}
            example: {name: x, _type: Import}
      responses:
        '204': {description: done}
"#,
                r#"
    Import:
      type: object
      properties:
        name: {type: string}
    Phone:
      type: object
      properties:
        to: {type: string, description: 'the number'}
    Preset:
      type: object
      properties:
        value: {type: string, description: 'values: [PreviousWeek, ThisWeek]'}
    FormValue:
      oneOf:
        - $ref: '#/components/schemas/TextValue'
        - $ref: '#/components/schemas/ListValue'
    TextValue:
      type: object
      properties:
        value: {type: string}
    ListValue:
      type: object
      properties:
        value: {type: array, items: {type: string}}
    Map_UUID_Option_Value:
      type: object
      additionalProperties: {type: string}
"#,
            ),
            r#"
overrides:
  - at: '#/components/schemas/Phone/properties/to'
    field-type: lenient-string
    reason: r
  - at: '#/components/schemas/Preset/properties/value'
    field-type: tagged-unit-enum
    reason: r
  - at: '#/components/schemas/FormValue'
    union: unwrapped-values
    reason: r
"#,
        );
        let s = &doc["components"]["schemas"];
        assert_eq!(s["Import"]["required"], json!([TAG_KEY]));
        assert_eq!(
            s["Import"]["properties"][TAG_KEY]["enum"],
            json!(["Import"])
        );
        assert_eq!(
            s["Phone"]["properties"]["to"],
            json!({"description": "the number", "oneOf": [
                {"type": "string"}, {"type": "integer", "format": "int64"}
            ]})
        );
        let preset = &s["Preset"]["properties"]["value"];
        assert!(preset.get("type").is_none() && preset.get("enum").is_none());
        assert_eq!(
            preset["oneOf"],
            json!([
                {"type": "object", "required": [TAG_KEY], "properties": {TAG_KEY: {"type": "string", "enum": ["PreviousWeek"]}}},
                {"type": "object", "required": [TAG_KEY], "properties": {TAG_KEY: {"type": "string", "enum": ["ThisWeek"]}}},
            ])
        );
        assert_eq!(
            s["FormValue"],
            json!({"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]})
        );
        assert_eq!(
            s["Map_UUID_Option_Value"]["additionalProperties"],
            json!({"type": "string", "nullable": true})
        );
    }

    #[test]
    fn untagged_variants_require_the_key_that_identifies_them() {
        let doc = corrected(
            &spec(
                NO_PATHS,
                r#"
    Input:
      oneOf:
        - $ref: '#/components/schemas/ByCsid'
        - $ref: '#/components/schemas/ByPeriod'
    ByCsid:
      type: object
      required: [id]
      properties:
        id: {type: string}
        csidFilter: {type: array, items: {type: integer}}
    ByPeriod:
      type: object
      required: [id, periodFilter]
      properties:
        id: {type: string}
        periodFilter: {type: string}
"#,
            ),
            "overrides:\n  - at: '#/components/schemas/Input'\n    union: untagged\n    reason: r\n",
        );
        let s = &doc["components"]["schemas"];
        assert_eq!(s["ByCsid"]["required"], json!(["id", "csidFilter"]));
        assert_eq!(s["ByPeriod"]["required"], json!(["id", "periodFilter"]));
        assert!(s["Input"].get("discriminator").is_none());
    }

    #[test]
    fn multipart_array_parts_get_a_form_encoding_for_prism() {
        let doc = corrected(
            &spec(
                r#"
  /upload:
    post:
      operationId: postUpload
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema: {$ref: '#/components/schemas/Upload'}
      responses:
        '204': {description: done}
"#,
                "    Upload:\n      type: object\n      properties:\n        files: {type: array, items: {type: string, format: binary}}\n        note: {type: string}\n",
            ),
            "",
        );
        assert_eq!(
            doc["paths"]["/upload"]["post"]["requestBody"]["content"]["multipart/form-data"]["encoding"],
            json!({"files": {"style": "form", "explode": true}})
        );
    }

    #[test]
    fn date_times_admit_the_zoned_form() {
        let doc = corrected(
            &spec(
                NO_PATHS,
                "    Note:\n      type: object\n      properties:\n        createdAt: {type: string, format: date-time}\n",
            ),
            "",
        );
        assert_eq!(
            doc["components"]["schemas"]["Note"]["properties"]["createdAt"],
            json!({"type": "string", "pattern": DATE_TIME_PATTERN, "x-dixa-format": "date-time"})
        );
    }

    #[test]
    fn untagged_unions_and_plain_schemas_stay_as_they_were() {
        let schemas = r#"
    Input:
      oneOf:
        - $ref: '#/components/schemas/ByCsid'
        - $ref: '#/components/schemas/ByPeriod'
    ByCsid:
      type: object
      required: [csidFilter]
      properties:
        csidFilter: {type: integer}
    ByPeriod:
      type: object
      required: [periodFilter]
      properties:
        periodFilter: {type: string}
"#;
        let text = spec(NO_PATHS, schemas);
        let doc = corrected(
            &text,
            "overrides:\n  - at: '#/components/schemas/Input'\n    union: untagged\n    reason: r\n",
        );
        let mut original: Value =
            serde_json::to_value(serde_yaml::from_str::<serde_yaml::Value>(&text).unwrap())
                .unwrap();
        original["info"]["x-dixa-codegen"] = doc["info"]["x-dixa-codegen"].clone();
        assert_eq!(doc, original);
    }
}

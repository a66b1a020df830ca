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
use crate::load::component_name;
use crate::{OutputFile, conventions, paths};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// The key that carries a union variant's tag on the wire.
pub const TAG_KEY: &str = "_type";

/// Suffix of the copy of a union variant schema that is also used elsewhere, where the
/// union's demands (its tag, its identifying key) do not hold.
pub const VARIANT_COPY_SUFFIX: &str = ".variant";

/// `format: date-time` as Dixa sends it (NOTES.md section 4): RFC 3339, optionally followed
/// by a bracketed zone as Java writes it (`2021-12-01T12:46:36.581Z[GMT]`, RFC 9557). The
/// runtime's `DateTime` reads both; validators that know `format: date-time` reject the
/// second, so the corrected description says `pattern` instead.
pub const DATE_TIME_PATTERN: &str =
    r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})(\[[^\]]+\])?$";

/// `spec/fetched/dixa-api.<version>.corrected.json`: the corrected description as pretty
/// JSON (keys sorted, so the same input gives the same bytes).
pub fn corrected_file(
    version: &str,
    spec_text: &str,
    model: &Model,
) -> Result<OutputFile, Diagnostics> {
    let original = json_of_text(spec_text)?;
    let corrected = corrected_description(original, model)?;
    let mut contents = serde_json::to_string_pretty(&corrected).map_err(|e| Diagnostic {
        pointer: "#".into(),
        message: format!("internal error: the corrected description does not serialize: {e}"),
    })?;
    contents.push('\n');
    Ok(OutputFile {
        path: paths::corrected_description(version),
        contents,
    })
}

/// The description as untyped JSON, exactly as written (the typed `openapiv3` form drops
/// keywords next to `$ref`s and adds defaults).
fn json_of_text(spec_text: &str) -> Result<Value, Diagnostics> {
    let yaml: serde_yaml::Value = serde_yaml::from_str(spec_text).map_err(|e| Diagnostic {
        pointer: "#".into(),
        message: format!("the description is not valid YAML or JSON: {e}"),
    })?;
    serde_json::to_value(yaml).map_err(|e| {
        Diagnostic {
            pointer: "#".into(),
            message: format!("the description cannot be represented as JSON: {e}"),
        }
        .into()
    })
}

/// Applies every correction to `doc` (the description as JSON) following `model`.
pub fn corrected_description(mut doc: Value, model: &Model) -> Result<Value, Diagnostics> {
    let mut diags = Diagnostics::default();
    // Tagged unions declared as something else (override `tagged-unit-enum`).
    let unit_unions: BTreeSet<&str> = model
        .types
        .values()
        .filter(|d| matches!(&d.kind, TypeKind::Union(u) if u.repr == UnionRepr::Tagged))
        .filter(|d| !has_one_of(&doc, d))
        .map(|d| d.pointer.as_str())
        .collect();
    for_each_schema(&mut doc, &mut |schema| {
        enum_from_description(schema);
        zoned_date_time(schema);
    });

    // Shapes first: they replace `oneOf`s whose `$ref`s must not count as uses below.
    for def in model.types.values() {
        let result = match &def.kind {
            TypeKind::StringEnum(e) => at(&mut doc, &def.pointer).map(|s| string_enum(s, e)),
            TypeKind::Struct(Struct {
                wire_tag: Some(tag),
                ..
            }) => at(&mut doc, &def.pointer).and_then(|s| require_tag(s, tag)),
            TypeKind::PrimitiveUnion(variants) => primitive_union(&mut doc, def, variants),
            TypeKind::Map(TypeRef::Nullable(_)) => {
                at(&mut doc, &format!("{}/additionalProperties", def.pointer)).and_then(nullable)
            }
            TypeKind::Union(u) if unit_unions.contains(def.pointer.as_str()) => {
                at(&mut doc, &def.pointer).and_then(|s| unit_variants(s, u))
            }
            _ => Ok(()),
        };
        if let Err(message) = result {
            diags.push(&def.pointer, message);
        }
    }

    // Unions last: the shapes above replace `oneOf`s whose `$ref`s are not uses.
    let unions: Vec<(&TypeDef, &Union)> = model
        .types
        .values()
        .filter(|d| !unit_unions.contains(d.pointer.as_str()))
        .filter_map(|d| match &d.kind {
            TypeKind::Union(u) => Some((d, u)),
            _ => None,
        })
        .collect();
    let tagged_sites: BTreeSet<String> = unions
        .iter()
        .filter(|(_, u)| u.repr == UnionRepr::Tagged)
        .map(|(d, _)| format!("{}/oneOf", d.pointer.trim_start_matches('#')))
        .collect();
    let uses = component_uses(&doc);
    for (def, u) in unions {
        let result = match u.repr {
            UnionRepr::Tagged => tagged_union(&mut doc, def, u, &uses, &tagged_sites),
            UnionRepr::Untagged => untagged_union(&mut doc, def, u, &uses),
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

fn has_one_of(doc: &Value, def: &TypeDef) -> bool {
    doc.pointer(def.pointer.trim_start_matches('#'))
        .is_some_and(|s| s.get("oneOf").is_some())
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

/// `properties._type: {type: string, enum: [tag]}`, and `_type` in `required`.
fn require_tag(schema: &mut Value, tag: &str) -> Result<(), String> {
    merge_constraint(object_of(schema)?, &tag_only_object(tag))
}

fn tag_schema(tag: &str) -> Value {
    json!({ "type": "string", "enum": [tag] })
}

/// `{type: object, required: [_type], properties: {_type: {enum: [tag]}}}`.
fn tag_only_object(tag: &str) -> Value {
    json!({
        "type": "object",
        "required": [TAG_KEY],
        "properties": { TAG_KEY: tag_schema(tag) },
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
    if let Some(v) = u.variants.iter().find(|v| v.payload.is_some()) {
        return Err(format!(
            "internal error: union variant `{}` has a payload but the schema has no `oneOf`",
            v.wire_tag
        ));
    }
    let one_of = u.variants.iter().map(|v| tag_only_object(&v.wire_tag));
    replace_with_one_of(schema, one_of.collect())
}

/// An inline `string | array` union stays; an unwrapped-values union (override) becomes a
/// `oneOf` of its variants' `value` schemas; a lenient string (override) a `oneOf` of its
/// variants' kinds.
fn primitive_union(
    doc: &mut Value,
    def: &TypeDef,
    variants: &[PrimitiveVariant],
) -> Result<(), String> {
    let schema = at(doc, &def.pointer)?.clone();
    let Some(one_of) = schema.get("oneOf").and_then(Value::as_array) else {
        let one_of = variants
            .iter()
            .map(|v| primitive_schema(&v.ty))
            .collect::<Result<Vec<_>, _>>()?;
        return replace_with_one_of(at(doc, &def.pointer)?, one_of);
    };
    if !one_of.iter().all(|v| v.get("$ref").is_some()) {
        return Ok(()); // values of different JSON kinds, declared as such already
    }
    let mut values = Vec::new();
    for variant in one_of {
        let component = referenced_component(variant)?;
        let value = doc
            .pointer(&format!("/components/schemas/{component}/properties/value"))
            .ok_or_else(|| format!("unwrapped-values variant `{component}` has no `value`"))?;
        values.push(value.clone());
    }
    replace_with_one_of(at(doc, &def.pointer)?, values)
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

fn referenced_component(entry: &Value) -> Result<String, String> {
    entry
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(component_name)
        .map(str::to_string)
        .ok_or_else(|| "a `oneOf` entry that is not a `#/components/schemas/` $ref".into())
}

/// The `$ref`s of a union's `oneOf`, checked against the model's variants.
fn variant_components(doc: &mut Value, def: &TypeDef, u: &Union) -> Result<Vec<String>, String> {
    let entries = at(doc, &def.pointer)?
        .get("oneOf")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if entries.len() != u.variants.len() {
        return Err(format!(
            "internal error: {} `oneOf` entries but {} variants in the model",
            entries.len(),
            u.variants.len()
        ));
    }
    entries.iter().map(referenced_component).collect()
}

/// Every variant requires its tag, and the `oneOf` gets a `discriminator`. A variant
/// schema is changed in place when all its uses are in tagged unions; otherwise the union
/// refers to a copy (see [`constrained_variant`]).
fn tagged_union(
    doc: &mut Value,
    def: &TypeDef,
    u: &Union,
    uses: &BTreeMap<String, Vec<String>>,
    tagged_sites: &BTreeSet<String>,
) -> Result<(), String> {
    let components = variant_components(doc, def, u)?;
    let mut one_of = Vec::new();
    let mut mapping = Map::new();
    for (component, variant) in components.iter().zip(&u.variants) {
        let all_uses_tagged = uses
            .get(component)
            .is_some_and(|sites| sites.iter().all(|s| tagged_sites.contains(s)));
        let constraint = tag_only_object(&variant.wire_tag);
        let target = constrained_variant(doc, component, constraint, all_uses_tagged)?;
        let reference = format!("#/components/schemas/{target}");
        one_of.push(json!({ "$ref": reference }));
        mapping.insert(variant.wire_tag.clone(), json!(reference));
    }
    let obj = object_of(at(doc, &def.pointer)?)?;
    obj.insert("oneOf".into(), Value::Array(one_of));
    obj.insert(
        "discriminator".into(),
        json!({ "propertyName": TAG_KEY, "mapping": mapping }),
    );
    Ok(())
}

/// An untagged union (override) keeps its `oneOf`, but each variant requires the key the
/// model recognises it by (otherwise a value with optional keys only could match two).
fn untagged_union(
    doc: &mut Value,
    def: &TypeDef,
    u: &Union,
    uses: &BTreeMap<String, Vec<String>>,
) -> Result<(), String> {
    let components = variant_components(doc, def, u)?;
    let mut one_of = Vec::new();
    for (component, variant) in components.iter().zip(&u.variants) {
        let key = variant.discriminating_key.as_deref().ok_or_else(|| {
            format!("internal error: untagged variant `{component}` has no discriminating key")
        })?;
        let schema = at(doc, &format!("#/components/schemas/{component}"))?;
        let required = schema.get("required").and_then(Value::as_array);
        let target = if required.is_some_and(|r| r.iter().any(|k| k == key)) {
            component.clone()
        } else {
            let only_use = uses.get(component).is_some_and(|sites| sites.len() == 1);
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

/// Where each component is referenced: for a `oneOf` / `anyOf` / `allOf` entry the
/// pointer of the list (`/components/schemas/U/oneOf`), otherwise of the `$ref` itself.
/// Pointers without `#`; examples are not searched.
fn component_uses(doc: &Value) -> BTreeMap<String, Vec<String>> {
    fn walk(v: &Value, pointer: &mut String, out: &mut BTreeMap<String, Vec<String>>) {
        match v {
            Value::Object(map) => {
                if let Some(c) = map
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(component_name)
                {
                    let (parent, _) = pointer.rsplit_once('/').unwrap_or(("", ""));
                    let list = ["/oneOf", "/anyOf", "/allOf"]
                        .iter()
                        .any(|l| parent.ends_with(l));
                    let site = if list { parent } else { pointer.as_str() };
                    out.entry(c.to_string()).or_default().push(site.to_string());
                }
                for (k, x) in map {
                    if k == "example" || k == "examples" {
                        continue;
                    }
                    let len = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&crate::load::escape_pointer_segment(k));
                    walk(x, pointer, out);
                    pointer.truncate(len);
                }
            }
            Value::Array(items) => {
                for (i, x) in items.iter().enumerate() {
                    let len = pointer.len();
                    pointer.push_str(&format!("/{i}"));
                    walk(x, pointer, out);
                    pointer.truncate(len);
                }
            }
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    walk(doc, &mut String::new(), &mut out);
    out
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

/// Calls `f` on every schema of the description: components, parameters, bodies,
/// responses, and the schemas nested in them (not examples).
fn for_each_schema(doc: &mut Value, f: &mut impl FnMut(&mut Value)) {
    fn nested(schema: &mut Value, f: &mut impl FnMut(&mut Value)) {
        f(schema);
        let Some(obj) = schema.as_object_mut() else {
            return;
        };
        for (key, value) in obj.iter_mut() {
            match key.as_str() {
                "properties" => {
                    if let Some(props) = value.as_object_mut() {
                        props.values_mut().for_each(|s| nested(s, f));
                    }
                }
                "items" | "not" => nested(value, f),
                "additionalProperties" if value.is_object() => nested(value, f),
                "oneOf" | "anyOf" | "allOf" => {
                    if let Some(list) = value.as_array_mut() {
                        list.iter_mut().for_each(|s| nested(s, f));
                    }
                }
                _ => {}
            }
        }
    }
    fn content(media: Option<&mut Value>, f: &mut impl FnMut(&mut Value)) {
        for m in media
            .and_then(Value::as_object_mut)
            .into_iter()
            .flat_map(|c| c.values_mut())
        {
            if let Some(s) = m.get_mut("schema") {
                nested(s, f);
            }
        }
    }
    fn parameters(params: Option<&mut Value>, f: &mut impl FnMut(&mut Value)) {
        for p in params.and_then(Value::as_array_mut).into_iter().flatten() {
            if let Some(s) = p.get_mut("schema") {
                nested(s, f);
            }
        }
    }
    fn responses(responses: Option<&mut Value>, f: &mut impl FnMut(&mut Value)) {
        let all = responses.and_then(Value::as_object_mut);
        for r in all.into_iter().flat_map(|r| r.values_mut()) {
            content(r.get_mut("content"), f);
        }
    }

    if let Some(components) = doc.get_mut("components") {
        if let Some(schemas) = components.get_mut("schemas").and_then(Value::as_object_mut) {
            schemas.values_mut().for_each(|s| nested(s, f));
        }
        if let Some(params) = components
            .get_mut("parameters")
            .and_then(Value::as_object_mut)
        {
            for p in params.values_mut() {
                if let Some(s) = p.get_mut("schema") {
                    nested(s, f);
                }
            }
        }
        if let Some(bodies) = components
            .get_mut("requestBodies")
            .and_then(Value::as_object_mut)
        {
            for b in bodies.values_mut() {
                content(b.get_mut("content"), f);
            }
        }
        responses(components.get_mut("responses"), f);
    }
    let paths = doc.get_mut("paths").and_then(Value::as_object_mut);
    for item in paths.into_iter().flat_map(|p| p.values_mut()) {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (key, op) in item.iter_mut() {
            if key == "parameters" {
                parameters(Some(op), f);
                continue;
            }
            parameters(op.get_mut("parameters"), f);
            if let Some(body) = op.get_mut("requestBody") {
                content(body.get_mut("content"), f);
            }
            responses(op.get_mut("responses"), f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::overrides::Overrides;

    /// The corrected form of a hand-written description, built through the real pipeline
    /// (load -> model -> correct).
    fn corrected(spec: &str, overrides: &str) -> Value {
        let parsed = crate::load::parse_description(spec).unwrap();
        let overrides = Overrides::parse(overrides).unwrap();
        let model = crate::convert::build_model(&parsed, &overrides).unwrap();
        let file = corrected_file("beta", spec, &model).unwrap();
        assert_eq!(file.path, paths::corrected_description("beta"));
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
                "propertyName": "_type",
                "mapping": {
                    "Created": "#/components/schemas/Created2",
                    "Closed": "#/components/schemas/Closed",
                }
            })
        );
        assert_eq!(
            s["Created2"]["properties"]["_type"],
            json!({"type": "string", "enum": ["Created"]})
        );
        assert_eq!(s["Created2"]["required"], json!(["id", "_type"]));
        assert_eq!(s["Closed"]["required"], json!(["_type"]));
        assert_eq!(
            s["Closed"]["properties"]["_type"]["enum"],
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
        assert!(s["ErrorResponse"]["properties"].get("_type").is_none());
        assert_eq!(
            s["Failure"]["oneOf"][0]["$ref"],
            "#/components/schemas/ErrorResponse.variant"
        );
        assert_eq!(
            s["ErrorResponse.variant"]["allOf"],
            json!([
                {"$ref": "#/components/schemas/ErrorResponse"},
                {"type": "object", "required": ["_type"], "properties": {"_type": {"type": "string", "enum": ["ErrorResponse"]}}},
            ])
        );
        assert_eq!(s["Timeout"]["required"], json!(["_type"]));
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
        assert_eq!(s["Import"]["required"], json!(["_type"]));
        assert_eq!(
            s["Import"]["properties"]["_type"]["enum"],
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
                {"type": "object", "required": ["_type"], "properties": {"_type": {"type": "string", "enum": ["PreviousWeek"]}}},
                {"type": "object", "required": ["_type"], "properties": {"_type": {"type": "string", "enum": ["ThisWeek"]}}},
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

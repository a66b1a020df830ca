//! Corrections of one schema at a time: what the model decided about a type (or a
//! convention about every schema) written as schema keywords.

use super::edit::{at, merge_constraint, object_of, replace_with_one_of, tag_only_object};
use crate::conventions;
use crate::model::ir::*;
use serde_json::{Value, json};

/// `format: date-time` as Dixa sends it (NOTES.md section 4): RFC 3339, optionally followed
/// by a bracketed zone as Java writes it (`2021-12-01T12:46:36.581Z[GMT]`, RFC 9557). The
/// runtime's `DateTime` reads both; validators that know `format: date-time` reject the
/// second, so the corrected description says `pattern` instead.
pub const DATE_TIME_PATTERN: &str =
    r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})(\[[^\]]+\])?$";

/// A tagged union the description declares as a `values: [...]` string (override
/// `tagged-unit-enum`): it has no `oneOf` to constrain.
pub(super) fn is_unit_union(u: &Union) -> bool {
    u.decided_by == Decision::Override(OverrideRule::TaggedUnitEnum)
}

/// Hidden-enum rule ([`conventions::enum_values_from_description`]) on one schema.
pub(super) fn enum_from_description(schema: &mut Value) {
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
pub(super) fn zoned_date_time(schema: &mut Value) {
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
pub(super) fn string_enum(schema: &mut Value, e: &StringEnum) {
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
pub(super) fn require_tag(schema: &mut Value, tag: &WireTag) -> Result<(), String> {
    merge_constraint(object_of(schema)?, &tag_only_object(&tag.key, &tag.value))
}

/// A tagged union without a `oneOf` (override `tagged-unit-enum`: a `values: [...]`
/// string sent as `{"_type": "<value>"}`): a `oneOf` of tag-only objects.
pub(super) fn unit_variants(schema: &mut Value, u: &Union) -> Result<(), String> {
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
pub(super) fn primitive_union(
    doc: &mut Value,
    def: &TypeDef,
    p: &PrimitiveUnion,
) -> Result<(), String> {
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

pub(super) fn nullable(schema: &mut Value) -> Result<(), String> {
    object_of(schema)?.insert("nullable".into(), json!(true));
    Ok(())
}

/// Drops from the schema's `required` the properties the model made optional (override
/// `optional`). Read-only and write-only properties stay listed: OpenAPI already reads
/// them as required in one direction only, which is why the model has them optional.
pub(super) fn optional_properties(schema: &mut Value, fields: &Struct) {
    let Some(obj) = schema.as_object_mut() else {
        return;
    };
    let one_way = |property: Option<&Value>| {
        property.is_some_and(|p| {
            p.get("readOnly") == Some(&json!(true)) || p.get("writeOnly") == Some(&json!(true))
        })
    };
    let dropped: Vec<String> = fields
        .fields
        .iter()
        .filter(|field| !field.required)
        .filter(|field| !one_way(obj.get("properties").and_then(|p| p.get(&field.wire_name))))
        .map(|field| field.wire_name.clone())
        .collect();
    if let Some(Value::Array(required)) = obj.get_mut("required") {
        required.retain(|key| {
            !key.as_str()
                .is_some_and(|key| dropped.iter().any(|d| d == key))
        });
    }
}

//! Small edits of the description's JSON that the corrections are made of.

use serde_json::{Map, Value, json};

/// The schema at a `#/...` pointer of the model.
pub(super) fn at<'v>(doc: &'v mut Value, pointer: &str) -> Result<&'v mut Value, String> {
    doc.pointer_mut(pointer.trim_start_matches('#'))
        .ok_or_else(|| {
            format!("internal error: the model names `{pointer}`, which is not in the description")
        })
}

pub(super) fn object_of(schema: &mut Value) -> Result<&mut Map<String, Value>, String> {
    schema
        .as_object_mut()
        .ok_or_else(|| "internal error: a schema that is not a JSON object".to_string())
}

fn tag_schema(tag: &str) -> Value {
    json!({ "type": "string", "enum": [tag] })
}

/// `{type: object, required: [<key>], properties: {<key>: {enum: [tag]}}}`.
pub(super) fn tag_only_object(key: &str, tag: &str) -> Value {
    json!({
        "type": "object",
        "required": [key],
        "properties": { key: tag_schema(tag) },
    })
}

/// Drops the keywords of the declared (wrong) type before a `oneOf` replaces it.
pub(super) fn replace_with_one_of(schema: &mut Value, one_of: Vec<Value>) -> Result<(), String> {
    let obj = object_of(schema)?;
    for keyword in ["type", "format", "enum", "properties", "required", "items"] {
        obj.remove(keyword);
    }
    obj.insert("oneOf".into(), Value::Array(one_of));
    Ok(())
}

pub(super) fn merge_constraint(
    schema: &mut Map<String, Value>,
    constraint: &Value,
) -> Result<(), String> {
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

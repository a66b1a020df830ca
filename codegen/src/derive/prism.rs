//! A workaround for Prism, the mock server the corrected description is for.

use serde_json::{Value, json};

/// `encoding: {<part>: {style: form, explode: true}}` for each `array` part of a
/// `multipart/form-data` body that has no encoding yet.
///
/// Not a Dixa convention: a workaround for Prism 5.14.2, whose multipart parser keeps one
/// string per part name, so an array of files (repeated parts, as OpenAPI 3.0 sends it)
/// never validates as an `array` unless an `encoding` style tells it to deserialize the
/// part as one. OpenAPI 3.0.3 says `style` is ignored for media types other than
/// `application/x-www-form-urlencoded`, so this changes nothing for other tools.
pub(super) fn multipart_array_encodings(doc: &mut Value) {
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

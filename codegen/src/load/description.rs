//! What the later stages read from a loaded description, in one place: JSON pointers,
//! `$ref` resolution, the media types of bodies and responses, their examples, and the
//! walk over every schema of the untyped form.

use openapiv3::{MediaType, OpenAPI, ReferenceOr, Schema, StatusCode};
use serde_json::Value;

use crate::diagnostics::Diagnostic;

/// A description, read once by [`parse_description`](super::parse_description).
#[derive(Debug, Clone)]
pub struct Description {
    /// The typed form the model is built from.
    pub api: OpenAPI,
    /// The same document as untyped JSON, exactly as written (the typed form drops
    /// keywords next to `$ref`s and adds defaults): what the corrected description is
    /// derived from.
    pub json: Value,
}

/// `at` + one more pointer segment.
pub fn child(at: &str, segment: &str) -> String {
    format!("{at}/{}", escape_pointer_segment(segment))
}

/// RFC 6901 escaping of one pointer segment.
pub fn escape_pointer_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// `#/components/schemas/<component>`.
pub fn schema_pointer(component: &str) -> String {
    format!("#/components/schemas/{}", escape_pointer_segment(component))
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

/// Every media type of every request body and response: (pointer, media type, media).
pub fn media_types(spec: &OpenAPI) -> Vec<(String, &str, &MediaType)> {
    let mut out = Vec::new();
    for (path, item) in &spec.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, op) in item.iter() {
            let base = format!("#/paths/{}/{method}", escape_pointer_segment(path));
            if let Some(ReferenceOr::Item(body)) = &op.request_body {
                for (mt, media) in &body.content {
                    out.push((
                        format!("{base}/requestBody/content/{}", escape_pointer_segment(mt)),
                        mt.as_str(),
                        media,
                    ));
                }
            }
            for (status, response) in &op.responses.responses {
                let ReferenceOr::Item(response) = response else {
                    continue;
                };
                let status = match status {
                    StatusCode::Code(c) => c.to_string(),
                    StatusCode::Range(r) => format!("{r}XX"),
                };
                for (mt, media) in &response.content {
                    out.push((
                        format!(
                            "{base}/responses/{status}/content/{}",
                            escape_pointer_segment(mt)
                        ),
                        mt.as_str(),
                        media,
                    ));
                }
            }
        }
    }
    out
}

/// The examples of one media type: (pointer suffix, value).
pub fn examples_of(media: &MediaType) -> Vec<(String, &Value)> {
    let mut out = Vec::new();
    if let Some(v) = &media.example {
        out.push(("/example".to_string(), v));
    }
    for (name, ex) in &media.examples {
        if let ReferenceOr::Item(ex) = ex {
            if let Some(v) = &ex.value {
                out.push((
                    format!("/examples/{}/value", escape_pointer_segment(name)),
                    v,
                ));
            }
        }
    }
    out
}

/// Calls `f` on every schema of the description: components, parameters, bodies,
/// responses, and the schemas nested in them (not examples).
pub fn for_each_schema(doc: &mut Value, f: &mut impl FnMut(&mut Value)) {
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

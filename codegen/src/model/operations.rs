//! Paths -> [`Operation`]s: parameters, bodies, responses and pagination, grouped by
//! resource (their method names come from `operation_names.rs`).

use super::ir::*;
use super::operation_names::group_name;
use super::types::Converter;
use crate::load::escape_pointer_segment;
use crate::names;
use heck::ToUpperCamelCase;
use openapiv3::{Parameter, ParameterSchemaOrContent, ReferenceOr, StatusCode};

/// Every operation of the description, in description order, not yet named.
pub(super) fn convert_operations(cx: &mut Converter<'_>) -> Vec<Operation> {
    let mut ops = Vec::new();
    for (path, item) in &cx.spec.paths.paths {
        let path_pointer = format!("#/paths/{}", escape_pointer_segment(path));
        let ReferenceOr::Item(item) = item else {
            cx.diags
                .push(&path_pointer, "path items given as $ref are not supported");
            continue;
        };
        for (method, op) in item.iter() {
            let pointer = format!("{path_pointer}/{method}");
            let Some(method) = http_method(method) else {
                cx.diags
                    .push(&pointer, format!("HTTP method `{method}` is not supported"));
                continue;
            };
            let shared = (item.parameters.as_slice(), path_pointer.as_str());
            if let Some(op) = convert_operation(cx, path, method, op, shared, &pointer) {
                ops.push(op);
            }
        }
    }
    ops
}

fn http_method(m: &str) -> Option<HttpMethod> {
    Some(match m {
        "get" => HttpMethod::Get,
        "put" => HttpMethod::Put,
        "post" => HttpMethod::Post,
        "patch" => HttpMethod::Patch,
        "delete" => HttpMethod::Delete,
        _ => return None,
    })
}

fn convert_operation(
    cx: &mut Converter<'_>,
    path: &str,
    method: HttpMethod,
    op: &openapiv3::Operation,
    (shared_params, path_pointer): (&[ReferenceOr<Parameter>], &str),
    pointer: &str,
) -> Option<Operation> {
    let Some(id) = op.operation_id.clone() else {
        cx.diags.push(
            pointer,
            "operation has no operationId; it is needed for stable names",
        );
        return None;
    };
    let type_prefix = id.to_upper_camel_case();

    let mut params: Vec<Param> = Vec::new();
    // Path-level parameters first, each at its own pointer; an operation's parameter
    // with the same name and location replaces the path-level one (OpenAPI 3.0).
    let same = |a: &Parameter, b: &Parameter| {
        std::mem::discriminant(a) == std::mem::discriminant(b)
            && a.parameter_data_ref().name == b.parameter_data_ref().name
    };
    let redeclared = |shared: &Parameter| {
        op.parameters
            .iter()
            .any(|p| matches!(p, ReferenceOr::Item(p) if same(p, shared)))
    };
    let all_params = shared_params
        .iter()
        .enumerate()
        .filter(|(_, p)| !matches!(p, ReferenceOr::Item(p) if redeclared(p)))
        .map(|(i, p)| (p, format!("{path_pointer}/parameters/{i}")))
        .chain(
            op.parameters
                .iter()
                .enumerate()
                .map(|(i, p)| (p, format!("{pointer}/parameters/{i}"))),
        );
    for (param, at) in all_params {
        let ReferenceOr::Item(param) = param else {
            cx.diags
                .push(&at, "parameters given as $ref are not supported");
            continue;
        };
        let (data, location) = match param {
            Parameter::Path { parameter_data, .. } => (parameter_data, ParamLocation::Path),
            Parameter::Query { parameter_data, .. } => (parameter_data, ParamLocation::Query),
            Parameter::Header { parameter_data, .. } => (parameter_data, ParamLocation::Header),
            Parameter::Cookie { .. } => {
                cx.diags.push(&at, "cookie parameters are not supported");
                continue;
            }
        };
        let ParameterSchemaOrContent::Schema(schema) = &data.format else {
            cx.diags
                .push(&at, "parameters with `content` are not supported");
            continue;
        };
        let hint = format!("{type_prefix}{}", data.name.to_upper_camel_case());
        let ty = match described_enum_schema(schema, data.description.as_deref()) {
            Some(with_values) => cx.type_ref_inline(&with_values, &format!("{at}/schema"), &hint),
            None => cx.type_ref(schema, &format!("{at}/schema"), &hint),
        };
        let default = match schema {
            ReferenceOr::Item(s) => s.schema_data.default.as_ref().map(|d| d.to_string()),
            _ => None,
        };
        params.push(Param {
            name: names::field_name(&data.name),
            wire_name: data.name.clone(),
            location,
            ty,
            required: data.required || location == ParamLocation::Path,
            docs: data.description.clone(),
            default,
        });
    }

    let body = op.request_body.as_ref().and_then(|b| {
        let at = format!("{pointer}/requestBody");
        let ReferenceOr::Item(b) = b else {
            cx.diags
                .push(&at, "request bodies given as $ref are not supported");
            return None;
        };
        let (media_type, media) = b.content.first()?;
        let content = match media_type.as_str() {
            "application/json" => BodyContent::Json,
            "multipart/form-data" => BodyContent::Multipart,
            other => {
                cx.diags.push(
                    &at,
                    format!("request body media type `{other}` is not supported"),
                );
                return None;
            }
        };
        let schema = media.schema.as_ref()?;
        let ty = cx.type_ref(
            schema,
            &format!("{at}/content/{}/schema", escape_pointer_segment(media_type)),
            &format!("{type_prefix}Body"),
        );
        Some(RequestBody {
            ty,
            content,
            required: b.required,
            docs: b.description.clone(),
        })
    });

    let mut responses = Vec::new();
    for (status, response) in &op.responses.responses {
        let status_code = match status {
            StatusCode::Code(c) => *c,
            StatusCode::Range(_) => continue,
        };
        let at = format!("{pointer}/responses/{status_code}");
        let ReferenceOr::Item(response) = response else {
            cx.diags
                .push(&at, "responses given as $ref are not supported");
            continue;
        };
        let ty = response
            .content
            .get("application/json")
            .and_then(|m| m.schema.as_ref())
            .map(|s| {
                cx.type_ref(
                    s,
                    &format!("{at}/content/application~1json/schema"),
                    &format!("{type_prefix}Response{status_code}"),
                )
            });
        responses.push(Response {
            status: Some(status_code),
            ty,
            docs: Some(response.description.clone()).filter(|d| !d.is_empty()),
        });
    }

    let pagination = pagination_of(cx, &params, &responses);
    Some(Operation {
        id,
        pointer: pointer.to_string(),
        method,
        path: path.to_string(),
        tags: op.tags.clone(),
        group: op
            .tags
            .first()
            .map(|t| group_name(t))
            .unwrap_or_else(|| "default".to_string()),
        fn_name: String::new(),
        summary: op.summary.clone(),
        description: op.description.clone(),
        deprecated: op.deprecated,
        params,
        body,
        responses,
        pagination,
    })
}

/// Hidden-enum rule, for parameters: a plain string parameter whose own description
/// lists `values: [...]` (`Possible values: [EmailEndpoint, TelephonyEndpoint]`) gets the
/// same open enum a described schema gets. Returns the schema carrying that description.
fn described_enum_schema(
    schema: &ReferenceOr<openapiv3::Schema>,
    description: Option<&str>,
) -> Option<openapiv3::Schema> {
    let ReferenceOr::Item(schema) = schema else {
        return None;
    };
    let is_plain_string = matches!(
        &schema.schema_kind,
        openapiv3::SchemaKind::Type(openapiv3::Type::String(s)) if s.enumeration.is_empty()
    );
    let description = description?;
    crate::conventions::enum_values_from_description(description)?;
    if !is_plain_string || schema.schema_data.description.is_some() {
        return None;
    }
    let mut with_values = schema.clone();
    with_values.schema_data.description = Some(description.to_string());
    Some(with_values)
}

/// Pagination rule: `pageKey` + `pageLimit` query parameters and a success body with a
/// `data` array (the items) and a `meta` object whose `next` is the next page's link.
fn pagination_of(
    cx: &Converter<'_>,
    params: &[Param],
    responses: &[Response],
) -> Option<Pagination> {
    let has = |w: &str| {
        params
            .iter()
            .any(|p| p.wire_name == w && p.location == ParamLocation::Query)
    };
    if !(has("pageKey") && has("pageLimit")) {
        return None;
    }
    let ok = responses
        .iter()
        .find(|r| matches!(r.status, Some(200..=299)))?;
    let TypeRef::Named(page) = ok.ty.as_ref()? else {
        return None;
    };
    let struct_named = |name: &str| match &cx.types.get(name)?.kind {
        TypeKind::Struct(st) => Some(st),
        _ => None,
    };
    let step = |f: &Field| FieldStep {
        name: f.name.clone(),
        wire_name: f.wire_name.clone(),
        required: f.required,
    };
    let st = struct_named(page)?;
    let data = st.fields.iter().find(|f| f.wire_name == "data")?;
    let TypeRef::List(item) = &data.ty else {
        return None;
    };
    let meta = st.fields.iter().find(|f| f.wire_name == "meta")?;
    let TypeRef::Named(meta_type) = &meta.ty else {
        return None;
    };
    let next = struct_named(meta_type)?
        .fields
        .iter()
        .find(|f| f.wire_name == "next" && f.ty == TypeRef::String)?;
    Some(Pagination {
        page: page.clone(),
        item: (**item).clone(),
        items_at: vec![step(data)],
        next_at: vec![step(meta), step(next)],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameter_descriptions_with_values_make_enums() {
        let plain: ReferenceOr<openapiv3::Schema> =
            serde_json::from_value(serde_json::json!({"type": "string"})).unwrap();
        let described = described_enum_schema(
            &plain,
            Some("If not provided, all types are listed. Possible values: [EmailEndpoint, TelephonyEndpoint]"),
        )
        .expect("a described string parameter");
        assert!(
            described
                .schema_data
                .description
                .unwrap()
                .contains("[EmailEndpoint")
        );
        assert!(described_enum_schema(&plain, Some("just text")).is_none());
        let number: ReferenceOr<openapiv3::Schema> =
            serde_json::from_value(serde_json::json!({"type": "integer"})).unwrap();
        assert!(described_enum_schema(&number, Some("values: [1, 2]")).is_none());
    }
}

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
    let mut ops: Vec<Operation> = Vec::new();
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
                // Names, statics and the report key operations by id: a second one
                // with the same id would be unreachable.
                if let Some(first) = ops.iter().find(|o| o.id == op.id) {
                    cx.diags.push(
                        format!("{pointer}/operationId"),
                        format!(
                            "operationId `{}` is also the id of {}; OpenAPI requires unique operationIds and one of the two calls would be unreachable. Give one of them its own id in the description",
                            op.id, first.pointer
                        ),
                    );
                    continue;
                }
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
    shared_params: (&[ReferenceOr<Parameter>], &str),
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
    let params = convert_params(cx, path, method, op, shared_params, pointer);
    let body = op
        .request_body
        .as_ref()
        .and_then(|b| convert_body(cx, b, &format!("{pointer}/requestBody"), &type_prefix));
    let responses = convert_responses(cx, op, pointer, &type_prefix);

    let (successes, output) = Operation::success_of(&responses);
    if let Some(ReferenceOr::Item(default)) = &op.responses.default {
        if successes.is_empty() && !default.content.is_empty() {
            cx.diags.push(
                format!("{pointer}/responses/default"),
                "the only answer with a body is `default`: a success would be decoded as nothing; give the success its status code (200, 201...)",
            );
        }
    }
    let pagination = pagination_of(cx, &params, &output);
    let arguments = Operation::argument_order(path, &params, body.as_ref());
    Some(Operation {
        id,
        pointer: pointer.to_string(),
        method,
        path: path.to_string(),
        tags: op.tags.clone(),
        group: group_tag(&op.tags, path)
            .map(group_name)
            .unwrap_or_else(|| "default".to_string()),
        fn_name: String::new(),
        summary: op.summary.clone(),
        description: op.description.clone(),
        deprecated: op.deprecated,
        params,
        body,
        responses,
        arguments,
        successes,
        output,
        pagination,
    })
}

/// The operation's parameters: the path item's first, each at its own pointer, then the
/// operation's own. An operation's parameter with the same name and location replaces
/// the path-level one (OpenAPI 3.0).
fn convert_params(
    cx: &mut Converter<'_>,
    path: &str,
    method: HttpMethod,
    op: &openapiv3::Operation,
    (shared_params, path_pointer): (&[ReferenceOr<Parameter>], &str),
    pointer: &str,
) -> Vec<Param> {
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
    let mut params = Vec::new();
    for (param, at) in all_params {
        let ReferenceOr::Item(param) = param else {
            cx.diags
                .push(&at, "parameters given as $ref are not supported");
            continue;
        };
        if let Some(param) = convert_param(cx, path, method, param, &at) {
            params.push(param);
        }
    }
    params
}

/// One parameter, or `None` (with a diagnostic) for a style or location the client
/// cannot send.
fn convert_param(
    cx: &mut Converter<'_>,
    path: &str,
    method: HttpMethod,
    param: &Parameter,
    at: &str,
) -> Option<Param> {
    let (data, location) = match param {
        Parameter::Path {
            parameter_data,
            style,
        } => {
            if *style != openapiv3::PathStyle::Simple {
                cx.diags.push(
                    format!("{at}/style"),
                    format!(
                        "path parameter style `{style:?}` is not supported (only `simple`, the default); ask for it to be supported"
                    ),
                );
                return None;
            }
            (parameter_data, ParamLocation::Path)
        }
        Parameter::Query {
            parameter_data,
            style,
            ..
        } => {
            if *style != openapiv3::QueryStyle::Form {
                cx.diags.push(
                    format!("{at}/style"),
                    format!(
                        "query parameter style `{style:?}` is not supported (only `form`, the default); ask for it to be supported"
                    ),
                );
                return None;
            }
            (parameter_data, ParamLocation::Query)
        }
        Parameter::Header { parameter_data, .. } => (parameter_data, ParamLocation::Header),
        Parameter::Cookie { .. } => {
            cx.diags.push(at, "cookie parameters are not supported");
            return None;
        }
    };
    let ParameterSchemaOrContent::Schema(schema) = &data.format else {
        cx.diags
            .push(at, "parameters with `content` are not supported");
        return None;
    };
    // Named from the method and path (what identifies an operation in OpenAPI),
    // not the operationId: renaming an operationId must not rename a user's type.
    let hint = format!(
        "{}{}",
        path_type_prefix(method, path),
        data.name.to_upper_camel_case()
    );
    let ty = match described_enum_schema(schema, data.description.as_deref()) {
        Some(with_values) => cx.type_ref_inline(&with_values, &format!("{at}/schema"), &hint),
        None => cx.type_ref(schema, &format!("{at}/schema"), &hint),
    };
    let default = match schema {
        ReferenceOr::Item(s) => s.schema_data.default.as_ref().map(|d| d.to_string()),
        _ => None,
    };
    Some(Param {
        name: names::field_name(&data.name),
        wire_name: data.name.clone(),
        location,
        ty,
        required: data.required || location == ParamLocation::Path,
        docs: data.description.clone(),
        default,
        // `form` style explodes by default; headers and paths are never repeated.
        joined: location == ParamLocation::Query && data.explode == Some(false),
        deprecated: data.deprecated == Some(true),
    })
}

/// The request body at `at`: JSON or multipart, else a diagnostic.
fn convert_body(
    cx: &mut Converter<'_>,
    body: &ReferenceOr<openapiv3::RequestBody>,
    at: &str,
    type_prefix: &str,
) -> Option<RequestBody> {
    let ReferenceOr::Item(b) = body else {
        cx.diags
            .push(at, "request bodies given as $ref are not supported");
        return None;
    };
    let (media_type, media) = b.content.first()?;
    let content = match media_type.as_str() {
        "application/json" => BodyContent::Json,
        "multipart/form-data" => BodyContent::Multipart,
        other => {
            cx.diags.push(
                at,
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
}

/// The answers with a status code, in the description's order. JSON answers get a type;
/// any other media type (a file, text) is returned as the bytes sent.
fn convert_responses(
    cx: &mut Converter<'_>,
    op: &openapiv3::Operation,
    pointer: &str,
    type_prefix: &str,
) -> Vec<Response> {
    let mut responses = Vec::new();
    for (status, response) in &op.responses.responses {
        let status_code = match status {
            StatusCode::Code(c) => *c,
            // A success range would be the answer's type with no status to pin it on.
            StatusCode::Range(2) => {
                cx.diags.push(
                    format!("{pointer}/responses/2XX"),
                    "a `2XX` response range is not supported: its body would be dropped; give the success its status code (200, 201...)",
                );
                continue;
            }
            // Error ranges: every non-2xx answer is an `Error` anyway.
            StatusCode::Range(_) => continue,
        };
        let at = format!("{pointer}/responses/{status_code}");
        let ReferenceOr::Item(response) = response else {
            cx.diags
                .push(&at, "responses given as $ref are not supported");
            continue;
        };
        let json = response.content.get("application/json");
        let bytes = json.is_none() && !response.content.is_empty();
        let ty = json.and_then(|m| m.schema.as_ref()).map(|s| {
            cx.type_ref(
                s,
                &format!("{at}/content/application~1json/schema"),
                &format!("{type_prefix}Response{status_code}"),
            )
        });
        responses.push(Response {
            status: Some(status_code),
            ty,
            bytes,
            docs: Some(response.description.clone()).filter(|d| !d.is_empty()),
        });
    }
    responses
}

/// The tag an operation is grouped under: the one that names the path's first word
/// (`End Users` for `/beta/endusers/...`), else the first in sorted order. Never the
/// first as listed: reordering an operation's `tags` must not move it to another group.
fn group_tag<'a>(tags: &'a [String], path: &str) -> Option<&'a str> {
    let squash = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let first_word = path
        .split('/')
        .find(|segment| !segment.is_empty() && !is_version_segment(segment))
        .map(squash);
    tags.iter()
        .find(|tag| Some(squash(tag)) == first_word)
        .or_else(|| tags.iter().min())
        .map(String::as_str)
}

/// `GET /beta/webhooks/{id}/delivery-status/logs` -> `GetWebhooksDeliveryStatusLogs`:
/// the method and the path's literal words (no version prefix, no parameters).
fn path_type_prefix(method: HttpMethod, path: &str) -> String {
    let words: String = path
        .split('/')
        .filter(|segment| !segment.is_empty() && !segment.starts_with('{'))
        .filter(|segment| !is_version_segment(segment))
        .map(|segment| segment.to_upper_camel_case())
        .collect();
    format!("{}{words}", method.as_str().to_upper_camel_case())
}

/// `v1`, `beta`: the version prefix every path of one description shares.
fn is_version_segment(segment: &str) -> bool {
    segment == "beta"
        || (segment.len() > 1
            && segment.starts_with('v')
            && segment[1..].chars().all(|c| c.is_ascii_digit()))
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
fn pagination_of(cx: &Converter<'_>, params: &[Param], output: &Output) -> Option<Pagination> {
    let has = |w: &str| {
        params
            .iter()
            .any(|p| p.wire_name == w && p.location == ParamLocation::Query)
    };
    if !(has("pageKey") && has("pageLimit")) {
        return None;
    }
    let Output::Json(TypeRef::Named(page)) = output else {
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
    fn the_group_does_not_depend_on_the_order_of_tags() {
        let tags = |list: &[&str]| list.iter().map(|t| t.to_string()).collect::<Vec<_>>();
        for order in [["End Users", "Chatbots"], ["Chatbots", "End Users"]] {
            assert_eq!(
                group_tag(&tags(&order), "/beta/endusers/{userId}"),
                Some("End Users")
            );
        }
        for order in [["Tags", "Labels"], ["Labels", "Tags"]] {
            assert_eq!(group_tag(&tags(&order), "/beta/other"), Some("Labels"));
        }
        assert_eq!(group_tag(&[], "/beta/agents"), None);
    }

    #[test]
    fn parameter_types_are_named_from_method_and_path_words() {
        assert_eq!(
            path_type_prefix(
                HttpMethod::Get,
                "/beta/webhooks/{webhookSubscriptionId}/delivery-status/logs/{event}"
            ),
            "GetWebhooksDeliveryStatusLogs"
        );
        assert_eq!(
            path_type_prefix(HttpMethod::Get, "/v1/contacts/{contactId}/endpoints"),
            "GetContactsEndpoints"
        );
    }

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

//! Stage 2, operations: paths -> [`Operation`]s grouped by resource, with names.

use crate::convert::Converter;
use crate::ir::*;
use crate::load::escape_pointer_segment;
use crate::names;
use heck::{ToSnakeCase, ToUpperCamelCase};
use openapiv3::{Parameter, ParameterSchemaOrContent, ReferenceOr, StatusCode};
use std::collections::BTreeMap;

pub(crate) fn convert_operations(cx: &mut Converter<'_>) -> Vec<Operation> {
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
    name_operations(cx, &mut ops);
    ops.sort_by(|a, b| (&a.group, &a.fn_name).cmp(&(&b.group, &b.fn_name)));
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
        let ty = cx.type_ref(schema, &format!("{at}/schema"), &hint);
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

/// `End Users` -> `end_users`.
pub fn group_name(tag: &str) -> String {
    names::field_name(tag)
}

/// Pagination rule: `pageKey` + `pageLimit` query parameters and a success body with a
/// `data` array (and `meta` links).
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
    let TypeRef::Named(name) = ok.ty.as_ref()? else {
        return None;
    };
    let TypeKind::Struct(st) = &cx.types.get(name)?.kind else {
        return None;
    };
    let data = st.fields.iter().find(|f| f.wire_name == "data")?;
    let TypeRef::List(item) = &data.ty else {
        return None;
    };
    Some(Pagination {
        item: (**item).clone(),
    })
}

/// Method names inside a group, from the HTTP method and the path: `GET /beta/agents`
/// is `agents().list()`, `GET /beta/agents/{agentId}` is `agents().get(..)`,
/// `GET /beta/conversations/{id}/messages` is `conversations().list_messages(..)`.
/// A `rename` override on the operation pointer wins; remaining clashes are numbered
/// in description order.
fn name_operations(cx: &mut Converter<'_>, ops: &mut [Operation]) {
    for op in ops.iter_mut() {
        op.fn_name = match cx.overrides.rename(&op.pointer) {
            Some(r) => r.to_string(),
            None => derived_fn_name(op),
        };
    }
    let mut by_group: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, op) in ops.iter().enumerate() {
        by_group.entry(op.group.clone()).or_default().push(i);
    }
    for indices in by_group.values() {
        let mut names: Vec<String> = indices.iter().map(|&i| ops[i].fn_name.clone()).collect();
        names::dedupe_in_order(&mut names);
        for (&i, name) in indices.iter().zip(names) {
            ops[i].fn_name = name;
        }
    }
}

fn derived_fn_name(op: &Operation) -> String {
    let segments: Vec<&str> = op
        .path
        .split('/')
        .filter(|s| !s.is_empty() && *s != "beta")
        .collect();
    let ends_with_param = segments.last().is_some_and(|s| s.starts_with('{'));
    // The first literal segment is the resource itself (`agents`): drop it when it is
    // the group's own name, keep it otherwise (`search/conversations` under Search).
    let mut literals: Vec<String> = segments
        .iter()
        .filter(|s| !s.starts_with('{'))
        .map(|s| s.to_snake_case())
        .collect();
    if literals
        .first()
        .is_some_and(|first| *first == op.group || op.group.starts_with(first.as_str()))
    {
        literals.remove(0);
    }
    let verb = match op.method {
        HttpMethod::Get if ends_with_param || literals.is_empty() && segments.len() > 1 => "get",
        HttpMethod::Get => "list",
        HttpMethod::Post => "create",
        HttpMethod::Put => "update",
        HttpMethod::Patch => "patch",
        HttpMethod::Delete => "delete",
    };
    if literals.is_empty() {
        verb.to_string()
    } else {
        format!("{verb}_{}", literals.join("_"))
    }
}

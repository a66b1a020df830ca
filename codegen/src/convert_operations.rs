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
    // `meta` carries the `next` link the runtime follows.
    st.fields.iter().find(|f| f.wire_name == "meta")?;
    let data = st.fields.iter().find(|f| f.wire_name == "data")?;
    let TypeRef::List(item) = &data.ty else {
        return None;
    };
    Some(Pagination {
        item: (**item).clone(),
    })
}

/// Method names inside a group, from the HTTP method and the path (the API's most
/// stable facts; summaries are prose and get edited):
///
/// - the version prefix is dropped (`/v1/agents` and `/beta/agents` name the same
///   methods, [`crate::conventions::path_without_version`]), and so is the first segment
///   when it is the group itself (`/agents/...` under `Agents`);
/// - an action word in the path names the operation (`PUT .../{id}/close` is `close`,
///   `POST .../articles/{id}/publish` is `publish_article`);
/// - otherwise a verb from the method (`GET` on a list is `list_*`, on one thing `get_*`;
///   `POST` `create_*`, `PUT` `update_*`, `PATCH` `patch_*`, `DELETE` `delete_*`)
///   followed by the remaining resource words, singular where one thing is meant;
/// - a collection-level `PUT`/`PATCH` works on many items: `update_bulk`, `patch_bulk`.
///
/// A `rename` override on the operationId (or pointer) wins; remaining clashes are numbered in
/// description order (and show in the API-surface snapshot, to be renamed).
fn name_operations(cx: &mut Converter<'_>, ops: &mut [Operation]) {
    for op in ops.iter_mut() {
        op.fn_name = match cx.overrides.operation_rename(&op.id, &op.pointer) {
            Some(r) => r.to_string(),
            None => derived_fn_name(op, returns_list(cx, op)),
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

/// Path words that are actions on the resource before them, not resources.
const ACTION_WORDS: &[&str] = &[
    "activate",
    "anonymize",
    "claim",
    "close",
    "deactivate",
    "followup",
    "import",
    "link",
    "offer",
    "publish",
    "reopen",
    "submit",
    "transfer",
    "unpublish",
];

/// Whether the success body is a list (`{"data": [...]}`).
fn returns_list(cx: &Converter<'_>, op: &Operation) -> bool {
    let ok = op
        .responses
        .iter()
        .find(|r| matches!(r.status, Some(200..=299)));
    let name = match ok.map(|r| &r.ty) {
        Some(Some(TypeRef::List(_))) => return true,
        Some(Some(TypeRef::Named(name))) => name,
        _ => return false,
    };
    match cx.types.get(name).map(|d| &d.kind) {
        Some(TypeKind::Struct(s)) => s
            .fields
            .iter()
            .any(|f| f.wire_name == "data" && matches!(f.ty, TypeRef::List(_))),
        _ => false,
    }
}

fn derived_fn_name(op: &Operation, returns_list: bool) -> String {
    let segments: Vec<&str> = crate::conventions::path_without_version(&op.path)
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let mut words: Vec<(String, bool)> = Vec::new(); // (literal, followed by a parameter)
    for (i, seg) in segments.iter().enumerate() {
        if seg.starts_with('{') {
            continue;
        }
        let followed_by_param = segments.get(i + 1).is_some_and(|n| n.starts_with('{'));
        words.push((seg.to_snake_case(), followed_by_param));
    }
    let squash = |s: &str| s.replace('_', "");
    if words
        .first()
        .is_some_and(|(w, _)| squash(w) == squash(&op.group))
    {
        words.remove(0);
    }
    let ends_with_param = segments.last().is_some_and(|s| s.starts_with('{'));

    if let Some(at) = words
        .iter()
        .position(|(w, _)| ACTION_WORDS.contains(&w.as_str()))
    {
        let mut parts = vec![words[at].0.clone()];
        parts.extend(words[at + 1..].iter().map(|(w, _)| w.clone()));
        parts.extend(words[..at].iter().map(|(w, _)| singular(w)));
        return parts.join("_");
    }

    let verb = match op.method {
        HttpMethod::Get if ends_with_param || !returns_list => "get",
        HttpMethod::Get => "list",
        HttpMethod::Post => "create",
        HttpMethod::Put => "update",
        HttpMethod::Patch => "patch",
        HttpMethod::Delete => "delete",
    };
    if words.is_empty() {
        return match (op.method, ends_with_param) {
            (HttpMethod::Put | HttpMethod::Patch, false) => format!("{verb}_bulk"),
            _ => verb.to_string(),
        };
    }
    let last = words.len() - 1;
    let resource: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, (w, followed_by_param))| {
            let one_thing = *followed_by_param || (i == last && verb == "create" && w != "bulk");
            if i < last || one_thing {
                singular(w)
            } else {
                w.clone()
            }
        })
        .collect();
    format!("{verb}_{}", resource.join("_"))
}

/// English singular of a path word, good enough for REST paths.
fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        format!("{stem}y")
    } else if word.ends_with("ss") || word.ends_with("us") || !word.ends_with('s') {
        word.to_string()
    } else {
        word[..word.len() - 1].to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(method: HttpMethod, path: &str, group: &str) -> Operation {
        Operation {
            id: String::new(),
            pointer: String::new(),
            method,
            path: path.into(),
            tags: vec![],
            group: group.into(),
            fn_name: String::new(),
            summary: None,
            description: None,
            deprecated: false,
            params: vec![],
            body: None,
            responses: vec![],
            pagination: None,
        }
    }

    #[track_caller]
    fn name(method: HttpMethod, path: &str, group: &str, list: bool) -> String {
        derived_fn_name(&op(method, path, group), list)
    }

    #[test]
    fn collection_and_item_operations_use_plain_verbs() {
        use HttpMethod::*;
        assert_eq!(name(Get, "/beta/agents", "agents", true), "list");
        assert_eq!(name(Get, "/beta/agents/{agentId}", "agents", false), "get");
        assert_eq!(name(Post, "/beta/agents", "agents", false), "create");
        assert_eq!(name(Put, "/beta/agents", "agents", false), "update_bulk");
        assert_eq!(
            name(Patch, "/beta/agents/{agentId}", "agents", false),
            "patch"
        );
        assert_eq!(
            name(Delete, "/beta/agents/{agentId}", "agents", false),
            "delete"
        );
        assert_eq!(
            name(Post, "/beta/agents/bulk", "agents", false),
            "create_bulk"
        );
        assert_eq!(name(Post, "/beta/endusers", "end_users", false), "create");
    }

    #[test]
    fn every_version_prefix_gives_the_same_names() {
        use HttpMethod::*;
        for prefix in ["/v1", "/beta", "/v2"] {
            let path = |rest: &str| format!("{prefix}{rest}");
            assert_eq!(
                name(Get, &path("/agents/{agentId}"), "agents", false),
                "get"
            );
            assert_eq!(name(Get, &path("/agents"), "agents", true), "list");
            assert_eq!(
                name(
                    Get,
                    &path("/conversations/{id}/messages"),
                    "conversations",
                    true
                ),
                "list_messages"
            );
        }
    }

    #[test]
    fn sub_resources_keep_their_words() {
        use HttpMethod::*;
        assert_eq!(
            name(
                Get,
                "/beta/conversations/{id}/messages",
                "conversations",
                true
            ),
            "list_messages"
        );
        assert_eq!(
            name(
                Post,
                "/beta/conversations/{id}/messages",
                "conversations",
                false
            ),
            "create_message"
        );
        assert_eq!(
            name(Get, "/beta/agents/{id}/presence", "agents", false),
            "get_presence"
        );
        assert_eq!(
            name(Get, "/beta/knowledge/categories/{id}", "knowledge", false),
            "get_category"
        );
        assert_eq!(
            name(
                Get,
                "/beta/knowledge/articles/{id}/translations",
                "knowledge",
                true
            ),
            "list_article_translations"
        );
        assert_eq!(
            name(
                Post,
                "/beta/conversations/{id}/notes/bulk",
                "conversations",
                false
            ),
            "create_note_bulk"
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

    #[test]
    fn action_words_name_the_operation() {
        use HttpMethod::*;
        assert_eq!(
            name(
                Put,
                "/beta/conversations/{id}/close",
                "conversations",
                false
            ),
            "close"
        );
        assert_eq!(
            name(
                Put,
                "/beta/conversations/{id}/transfer/queue",
                "conversations",
                false
            ),
            "transfer_queue"
        );
        assert_eq!(
            name(
                Patch,
                "/beta/conversations/{c}/messages/{m}/anonymize",
                "conversations",
                false
            ),
            "anonymize_message"
        );
        assert_eq!(
            name(
                Post,
                "/beta/knowledge/articles/{a}/translations/{l}/publish",
                "knowledge",
                false
            ),
            "publish_article_translation"
        );
    }
}

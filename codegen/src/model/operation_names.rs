//! Operation method names, from the HTTP method and the path: `client.agents().list()`.

use super::ir::*;
use super::published::Published;
use crate::load::overrides::Overrides;
use crate::names;
use heck::ToSnakeCase;
use std::collections::BTreeMap;

/// `End Users` -> `end_users`.
pub(super) fn group_name(tag: &str) -> String {
    names::field_name(tag)
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
/// A `rename` override on the operationId (or pointer) wins, then the name the operation
/// was published under ([`Published`]); remaining clashes are numbered in description
/// order, published names first, so a new operation never takes a published one's name
/// (they show in the committed API surface, `api-surface.jsonl`, to be renamed).
pub(super) fn name_operations(
    ops: &mut [Operation],
    types: &BTreeMap<String, TypeDef>,
    overrides: &Overrides,
    published: &Published,
) {
    let mut kept = vec![false; ops.len()];
    for (op, kept) in ops.iter_mut().zip(&mut kept) {
        let before = published.operation_name(&op.group, op.method.as_str(), &op.path);
        op.fn_name = match (overrides.operation_rename(&op.id, &op.pointer), before) {
            (Some(r), _) => r.to_string(),
            (None, Some(before)) => {
                *kept = true;
                before.to_string()
            }
            (None, None) => derived_fn_name(op, returns_list(types, op)),
        };
    }
    let mut by_group: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, op) in ops.iter().enumerate() {
        by_group.entry(op.group.clone()).or_default().push(i);
    }
    for indices in by_group.values_mut() {
        // Published names first: a clash numbers the newcomer.
        indices.sort_by_key(|&i| !kept[i]);
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
fn returns_list(types: &BTreeMap<String, TypeDef>, op: &Operation) -> bool {
    let name = match op.output_type() {
        Some(TypeRef::List(_)) => return true,
        Some(TypeRef::Named(name)) => name,
        _ => return false,
    };
    match types.get(name).map(|d| &d.kind) {
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
            arguments: vec![],
            successes: vec![],
            output: Output::Empty,
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

//! One type for the same values under the same field name.
//!
//! An inline string enum is named after its owner and field (`EmailConversationState`),
//! so eleven kinds of conversation give eleven identical `*ConversationState` enums and
//! reading "the state of any conversation" needs eleven types. The rule:
//!
//! 1. Candidates are inline string enums (no component of their own) that exactly one
//!    struct field uses (directly, in a list or nullable).
//! 2. Candidates are grouped by the field's Rust name, the owner's last word (only
//!    owners of one kind share: `...Conversation`, `...Message`) and the set of wire
//!    values; a group of two or more becomes one type.
//! 3. Its name is the owners' common leading and trailing words plus the field:
//!    `ChatConversation.state` and `EmailConversation.state` share `ConversationState`,
//!    `StatusOperatorIsOneOf.values` and `StatusOperatorIsNotOneOf.values` share
//!    `StatusOperatorIsOneOfValues`
//!    (trailing digits of numbered components do not count as words). Groups are named
//!    largest first; a group whose name is taken keeps its per-owner types.
//! 4. Each per-owner name stays, as a deprecated alias of the shared type, so code
//!    written against it still compiles and rustdoc says where the type went.
//! 5. When every owner is a kind of one union (`StatusOperatorIsOneOf` and
//!    `StatusOperatorIsNotOneOf` are the kinds of `StatusOperator`), the shared type is
//!    named after that union's subject and the field, in the singular for a list:
//!    `StatusValue` (`Status`, as `StatusOperator` is the `operator` of the status field,
//!    plus `Value` for `values: [..]`) instead of `StatusOperatorIsOneOfValues`. The
//!    subject is the union's name without its last word when that word only repeats the
//!    name of the field holding the union (`operator`), else the whole name
//!    (`ConditionField`). The name rule 3 gives stays as a re-export of the same enum
//!    (not a deprecated alias: `use OldName::Variant` must keep compiling, and a `use`
//!    cannot go through an alias). A name that is taken falls back to rule 3.
//!
//! Stability: the name depends only on the group's owners and field, never on the order
//! of the description. If one owner's values later diverge, that owner leaves the group
//! (its field gets its own `OwnerField` enum again, a change the API report lists as
//! breaking) and the others keep the shared name as long as two or more remain.

use super::ir::*;
use super::rename::rename_ref;
use crate::names::{is_reserved_type_name, type_name};
use std::collections::{BTreeMap, BTreeSet};

/// Merges the groups in `types` and points their fields at the shared types
/// (`operations` are read to count uses).
pub(super) fn share_string_enums(types: &mut BTreeMap<String, TypeDef>, operations: &[Operation]) {
    let mut uses: BTreeMap<String, usize> = BTreeMap::new();
    for_each_ref(types, operations, &mut |r| {
        if let TypeRef::Named(n) = r {
            *uses.entry(n.clone()).or_default() += 1;
        }
    });

    // (field, owner's last word, source, sorted values) -> [(owner, enum name)], owners
    // in name order.
    type Key = (String, String, bool, Vec<String>);
    let mut groups: BTreeMap<Key, Vec<(String, String)>> = BTreeMap::new();
    // Enums held in a list (`values: [..]`): their shared name takes the field's singular.
    let mut in_lists: BTreeSet<String> = BTreeSet::new();
    for (owner, def) in types.iter() {
        let TypeKind::Struct(s) = &def.kind else {
            continue;
        };
        for f in &s.fields {
            let Some(name) = enum_named_by(&f.ty) else {
                continue;
            };
            let Some(TypeDef {
                component: None,
                kind: TypeKind::StringEnum(e),
                ..
            }) = types.get(name)
            else {
                continue;
            };
            if uses.get(name) != Some(&1) {
                continue;
            }
            let mut values: Vec<String> = e.values.iter().map(|v| v.wire.clone()).collect();
            values.sort();
            let empty_union = e.source == EnumSource::EmptyUnion;
            if matches!(f.ty, TypeRef::List(_)) {
                in_lists.insert(name.to_string());
            }
            groups
                .entry((f.name.clone(), last_word(owner), empty_union, values))
                .or_default()
                .push((owner.clone(), name.to_string()));
        }
    }

    let mut groups: Vec<(Key, Vec<(String, String)>)> =
        groups.into_iter().filter(|(_, m)| m.len() >= 2).collect();
    // Largest first; equal sizes in key order (deterministic).
    groups.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));

    let mut renames: BTreeMap<String, String> = BTreeMap::new();
    // Old shared name -> the name that replaced it (rule 5).
    let mut reexports: BTreeMap<String, String> = BTreeMap::new();
    for ((field, _, _, _), members) in groups {
        let owners: Vec<&str> = members.iter().map(|(o, _)| owner_words(o)).collect();
        // Leading and trailing words: `StatusOperatorIsOneOf` and
        // `StatusOperatorIsNotOneOf` share `StatusOperatorIs` and `OneOf`.
        let suffix = common_suffix(&owners);
        let prefix = common_prefix(&owners, &suffix);
        let by_words = format!("{prefix}{suffix}{}", type_name(&field));
        let taken = |n: &str| {
            is_reserved_type_name(n)
                || renames.values().any(|v| v == n)
                || reexports.contains_key(n)
                || (types.contains_key(n) && !members.iter().any(|(_, m)| m == n))
        };
        let in_list = members.iter().all(|(_, m)| in_lists.contains(m));
        let by_union = union_subject(types, &members)
            .map(|subject| {
                let field = if in_list {
                    singular(&field)
                } else {
                    field.clone()
                };
                format!("{subject}{}", type_name(&field))
            })
            .filter(|n| *n != by_words && !taken(n));
        let shared = match by_union {
            Some(name) => {
                // The words rule named these groups before: that name stays.
                if !taken(&by_words) {
                    reexports.insert(by_words, name.clone());
                }
                name
            }
            None if taken(&by_words) => continue,
            None => by_words,
        };
        let Some(mut def) = types.get(&members[0].1).cloned() else {
            continue;
        };
        let TypeKind::StringEnum(e) = &mut def.kind else {
            continue;
        };
        for (_, member) in &members {
            let Some(old) = types.remove(member) else {
                continue;
            };
            if old.pointer != def.pointer {
                e.also_at.push(old.pointer.clone());
            }
            def.uses.extend(old.uses.iter().cloned());
            renames.insert(member.clone(), shared.clone());
        }
        for (_, member) in &members {
            types.insert(member.clone(), alias(member, &shared, &def.pointer));
        }
        def.name = shared.clone();
        types.insert(shared, def);
    }
    for (old, new) in reexports {
        let Some(pointer) = types.get(&new).map(|d| d.pointer.clone()) else {
            continue;
        };
        types.insert(old.clone(), reexport(&old, &new, &pointer));
    }
    if renames.is_empty() {
        return;
    }
    rename_refs(types, &renames);
}

/// Rule 5: the subject of the one union whose variants own every member of a group, if
/// there is one: `StatusOperator` (the union of `StatusOperatorIsOneOf` and
/// `StatusOperatorIsNotOneOf`) held as the `operator` of `SearchFieldStatus` is about
/// `Status`. The union's last word goes when it only repeats the name of the field that
/// holds it everywhere (`operator`; `conditions` for a list of `CombinedFiltersCondition`)
/// and something is left; otherwise the subject is the union's whole name (`Condition`).
fn union_subject(
    types: &BTreeMap<String, TypeDef>,
    members: &[(String, String)],
) -> Option<String> {
    let mut unions = members.iter().flat_map(|(owner, _)| {
        let uses = types.get(owner).map(|d| &d.uses);
        uses.into_iter().flatten().map(|u| match u {
            Use::Variant { union } => Some(union.as_str()),
            Use::At(_) => None,
        })
    });
    let union = unions.next()??;
    if !unions.all(|u| u == Some(union)) {
        return None;
    }
    let held_as = types.get(union)?.uses.iter().map(|u| match u {
        Use::At(pointer) => {
            let (_, property) = pointer.rsplit_once("/properties/")?;
            match property.strip_suffix("/items") {
                Some(list) if !list.contains('/') => Some(type_name(&singular(list))),
                None if !property.contains('/') => Some(type_name(property)),
                _ => None,
            }
        }
        Use::Variant { .. } => None,
    });
    let subject = held_as
        .collect::<Option<BTreeSet<String>>>()
        .filter(|fields| fields.len() == 1)
        .and_then(|fields| {
            let field = fields.into_iter().next()?;
            let rest = union.strip_suffix(field.as_str())?;
            (!rest.is_empty()).then(|| rest.to_string())
        });
    Some(subject.unwrap_or_else(|| union.to_string()))
}

/// A plain English plural's singular: `values` -> `value`, `categories` -> `category`,
/// `statuses` -> `status`; other words stay (`status`, `data`).
fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        return format!("{stem}y");
    }
    for plural in ["sses", "shes", "ches", "xes", "uses"] {
        if let Some(stem) = word.strip_suffix(plural) {
            return format!("{stem}{}", &plural[..plural.len() - 2]);
        }
    }
    match word.strip_suffix('s') {
        Some(stem) if !stem.is_empty() && !stem.ends_with(['s', 'u', 'i']) => stem.to_string(),
        _ => word.to_string(),
    }
}

/// The old shared name of an enum that rule 5 named after its union.
fn reexport(old: &str, new: &str, pointer: &str) -> TypeDef {
    TypeDef {
        name: old.to_string(),
        component: None,
        pointer: pointer.to_string(),
        docs: Some(format!(
            "The earlier name of [`{new}`] (from the common words of the types holding it), \
             kept as a re-export of the same enum: code that names it or its values, or \
             `use`s them, still compiles."
        )),
        deprecated: false,
        kind: TypeKind::Reexport(new.to_string()),
        uses: BTreeSet::new(),
    }
}

/// The part of an owner's name that lends words: numbered components (`IsOneOf5`)
/// lend their words, not their numbers.
fn owner_words(owner: &str) -> &str {
    owner.trim_end_matches(|c: char| c.is_ascii_digit())
}

/// An owner's last word: only owners of the same kind (`...Conversation`) share.
fn last_word(owner: &str) -> String {
    camel_words(owner_words(owner)).pop().unwrap_or_default()
}

/// The per-owner name kept for code written before the types were shared.
fn alias(old: &str, shared: &str, pointer: &str) -> TypeDef {
    TypeDef {
        name: old.to_string(),
        component: None,
        pointer: pointer.to_string(),
        docs: Some(format!(
            "Renamed: the same values under the same field name of other types share one \
             type, `{shared}`. This name stays as an alias of it."
        )),
        deprecated: true,
        kind: TypeKind::Alias(TypeRef::Named(shared.to_string())),
        uses: BTreeSet::new(),
    }
}

/// The enum a field holds: directly, in a list, or nullable.
fn enum_named_by(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(n) => Some(n),
        TypeRef::List(inner) | TypeRef::Nullable(inner) => enum_named_by(inner),
        _ => None,
    }
}

/// The longest run of trailing words every name shares: `ChatConversation`,
/// `EmailConversation` -> `Conversation`.
fn common_suffix(names: &[&str]) -> String {
    let words: Vec<Vec<String>> = names.iter().map(|n| camel_words(n)).collect();
    let mut suffix: Vec<String> = Vec::new();
    for i in 1.. {
        let Some(word) = words[0].len().checked_sub(i).map(|j| &words[0][j]) else {
            break;
        };
        let shared = words
            .iter()
            .all(|w| w.len() >= i && w[w.len() - i] == *word);
        if !shared {
            break;
        }
        suffix.insert(0, word.clone());
    }
    suffix.concat()
}

/// The leading words every name shares, before `suffix`.
fn common_prefix(names: &[&str], suffix: &str) -> String {
    let words: Vec<Vec<String>> = names
        .iter()
        .map(|n| camel_words(n.strip_suffix(suffix).unwrap_or(n)))
        .collect();
    let mut prefix = String::new();
    for (i, word) in words[0].iter().enumerate() {
        if !words.iter().all(|w| w.get(i) == Some(word)) {
            break;
        }
        prefix.push_str(word);
    }
    prefix
}

/// `EmailConversation` -> `["Email", "Conversation"]`; digits stay with their word.
fn camel_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for c in name.chars() {
        match words.last_mut() {
            Some(word) if !c.is_ascii_uppercase() => word.push(c),
            _ => words.push(c.to_string()),
        }
    }
    words
}

/// Calls `f` on every type use of the model (struct fields, variant payloads, aliases,
/// maps, kinds of value, parameters, bodies, answers and pages).
fn for_each_ref(
    types: &BTreeMap<String, TypeDef>,
    operations: &[Operation],
    f: &mut dyn FnMut(&TypeRef),
) {
    fn walk(ty: &TypeRef, f: &mut dyn FnMut(&TypeRef)) {
        f(ty);
        if let TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) = ty {
            walk(inner, f);
        }
    }
    for def in types.values() {
        match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().for_each(|x| walk(&x.ty, f)),
            TypeKind::Union(u) => {
                for v in &u.variants {
                    if let Some(p) = &v.payload {
                        f(&TypeRef::Named(p.clone()));
                    }
                }
            }
            TypeKind::Map(t) => walk(t, f),
            // An alias holds no value: the kept old names of renamed types
            // (`numbered_names`) must not stop their type from being shared.
            TypeKind::Alias(_) | TypeKind::Reexport(_) => {}
            TypeKind::PrimitiveUnion(p) => p.variants.iter().for_each(|v| walk(&v.ty, f)),
            TypeKind::StringEnum(_) => {}
        }
    }
    for op in operations {
        op.params.iter().for_each(|p| walk(&p.ty, f));
        if let Some(b) = &op.body {
            walk(&b.ty, f);
        }
        op.responses
            .iter()
            .filter_map(|r| r.ty.as_ref())
            .for_each(|t| walk(t, f));
        if let Some(p) = &op.pagination {
            f(&TypeRef::Named(p.page.clone()));
            walk(&p.item, f);
        }
    }
}

/// Points every use of a merged enum at the shared type: by rule 1, their one use is a
/// struct field (plus the aliases that keep older names).
fn rename_refs(types: &mut BTreeMap<String, TypeDef>, renames: &BTreeMap<String, String>) {
    for def in types.values_mut() {
        match &mut def.kind {
            TypeKind::Struct(s) => s
                .fields
                .iter_mut()
                .for_each(|x| rename_ref(&mut x.ty, renames)),
            TypeKind::Alias(target) => rename_ref(target, renames),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owners_share_their_trailing_words() {
        assert_eq!(
            common_suffix(&["ChatConversation", "EmailConversation"]),
            "Conversation"
        );
        assert_eq!(common_suffix(&["EmailMessage", "ChatConversation"]), "");
        assert_eq!(
            common_suffix(&["Conversation", "ChatConversation"]),
            "Conversation"
        );
    }
}

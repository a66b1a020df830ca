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
//! 6. What was published stays ([`Published`]): a per-owner enum published as a name of
//!    a shared type stays in that group, whatever its values now (the shared type has the
//!    values of all its members, so a value one owner gains is a value the shared type
//!    gains); one published on its own stays on its own; a re-exported earlier name
//!    stays. A new owner whose field has the same name, owner kind and values as a
//!    published group joins it. Only the rest is grouped by rules 1-5.
//!
//! Stability: the name depends only on the group's owners and field, never on the order
//! of the description, and once published it keeps its members: a description that only
//! adds (a value, an owner, a type like another) never moves a field to another type.

use super::ir::*;
use super::published::Published;
use super::rename::rename_ref;
use crate::names::{is_reserved_type_name, type_name};
use std::collections::{BTreeMap, BTreeSet};

/// (field, owner's last word, sent as a string-encoded union, sorted values): enums
/// with the same key are the same thing under different owners.
type Key = (String, String, bool, Vec<String>);

/// An inline string enum one struct field holds (rule 1).
struct Candidate {
    owner: String,
    /// The enum's per-owner name (`EmailConversationState`).
    name: String,
    key: Key,
    /// Held in a list (`values: [..]`): the shared name takes the field's singular.
    in_list: bool,
}

/// The groups merged so far: per-owner name -> shared name, and earlier shared names
/// kept as re-exports (rule 5) -> the name that replaced them.
#[derive(Default)]
struct Sharing {
    renames: BTreeMap<String, String>,
    reexports: BTreeMap<String, String>,
}

/// Merges the groups in `types` and points their fields at the shared types
/// (`operations` are read to count uses), keeping what was `published`.
pub(super) fn share_string_enums(
    types: &mut BTreeMap<String, TypeDef>,
    operations: &[Operation],
    published: &Published,
) {
    let mut sharing = Sharing::default();
    let (kept, fresh) = keep_published_groups(types, candidates(types, operations), published);
    for (shared, members) in &kept {
        merge(types, members, shared, &mut sharing.renames);
        for old in published.reexports_of(shared) {
            sharing.reexports.insert(old.to_string(), shared.clone());
        }
    }
    let mut groups: BTreeMap<Key, Vec<Candidate>> = BTreeMap::new();
    for c in fresh {
        groups.entry(c.key.clone()).or_default().push(c);
    }
    let mut groups: Vec<Vec<Candidate>> = groups.into_values().filter(|m| m.len() >= 2).collect();
    // Largest first; equal sizes in key order (deterministic).
    groups.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a[0].key.cmp(&b[0].key)));
    for members in groups {
        let Some(shared) = group_name(types, &members, &mut sharing, published) else {
            continue;
        };
        let members: Vec<String> = members.into_iter().map(|c| c.name).collect();
        merge(types, &members, &shared, &mut sharing.renames);
    }
    for (old, new) in sharing.reexports {
        let Some(pointer) = types.get(&new).map(|d| d.pointer.clone()) else {
            continue;
        };
        types.insert(old.clone(), reexport(&old, &new, &pointer));
    }
    if !sharing.renames.is_empty() {
        rename_refs(types, &sharing.renames);
    }
}

/// Rule 1: the inline string enums that exactly one struct field uses, owners in name
/// order.
fn candidates(types: &BTreeMap<String, TypeDef>, operations: &[Operation]) -> Vec<Candidate> {
    let mut uses: BTreeMap<String, usize> = BTreeMap::new();
    for_each_ref(types, operations, &mut |r| {
        if let TypeRef::Named(n) = r {
            *uses.entry(n.clone()).or_default() += 1;
        }
    });
    let mut found = Vec::new();
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
            found.push(Candidate {
                owner: owner.clone(),
                name: name.to_string(),
                key: (f.name.clone(), last_word(owner), empty_union, values),
                in_list: matches!(f.ty, TypeRef::List(_)),
            });
        }
    }
    found
}

/// Rule 6: the published groups (shared name -> per-owner names, in owner order), with
/// the new owners that join them, and the candidates left to rules 2-5.
fn keep_published_groups(
    types: &BTreeMap<String, TypeDef>,
    candidates: Vec<Candidate>,
    published: &Published,
) -> (BTreeMap<String, Vec<String>>, Vec<Candidate>) {
    let names: BTreeSet<String> = candidates.iter().map(|c| c.name.clone()).collect();
    let mut kept: BTreeMap<String, Vec<Candidate>> = BTreeMap::new();
    let (mut fresh, mut own) = (Vec::new(), Vec::new());
    for c in candidates {
        match published.shared_enum_of(&c.name) {
            // A type the description now names so holds the name: the rules decide.
            Some(shared) if !types.contains_key(shared) || names.contains(shared) => {
                kept.entry(shared.to_string()).or_default().push(c)
            }
            _ if published.is_string_enum(&c.name) => own.push(c),
            _ => fresh.push(c),
        }
    }
    // A member whose own name became the shared one (rule 3 can name a group after a
    // member) is still a member.
    for c in own {
        if let Some(members) = kept.get_mut(&c.name) {
            members.push(c);
        }
    }
    // A group's key, with the values of all its members: a new owner with that key joins.
    let keys: BTreeMap<Key, String> = kept
        .iter()
        .map(|(shared, members)| {
            let mut values: BTreeSet<String> = BTreeSet::new();
            members
                .iter()
                .for_each(|m| values.extend(m.key.3.iter().cloned()));
            let (field, kind, empty_union, _) = members[0].key.clone();
            let key = (field, kind, empty_union, values.into_iter().collect());
            (key, shared.clone())
        })
        .collect();
    let mut left = Vec::new();
    for c in fresh {
        match keys.get(&c.key) {
            Some(shared) if !published.has_type(&c.name) => {
                kept.get_mut(shared).expect("a kept group").push(c)
            }
            _ => left.push(c),
        }
    }
    let kept = kept
        .into_iter()
        .map(|(shared, mut members)| {
            members.sort_by(|a, b| a.owner.cmp(&b.owner));
            (shared, members.into_iter().map(|c| c.name).collect())
        })
        .collect();
    (kept, left)
}

/// Rules 3 and 5: the name of a new group, `None` when it is taken (the group keeps its
/// per-owner types). Records the rule-3 name as a re-export when rule 5 names it.
fn group_name(
    types: &BTreeMap<String, TypeDef>,
    members: &[Candidate],
    sharing: &mut Sharing,
    published: &Published,
) -> Option<String> {
    let field = &members[0].key.0;
    let owners: Vec<&str> = members.iter().map(|c| owner_words(&c.owner)).collect();
    // Leading and trailing words: `StatusOperatorIsOneOf` and
    // `StatusOperatorIsNotOneOf` share `StatusOperatorIs` and `OneOf`.
    let suffix = common_suffix(&owners);
    let prefix = common_prefix(&owners, &suffix);
    let by_words = format!("{prefix}{suffix}{}", type_name(field));
    let is_member = |n: &str| members.iter().any(|c| c.name == n);
    let taken = |n: &str| {
        is_reserved_type_name(n)
            || sharing.renames.values().any(|v| v == n)
            || sharing.reexports.contains_key(n)
            || (published.has_type(n) && !is_member(n))
            || (types.contains_key(n) && !is_member(n))
    };
    let in_list = members.iter().all(|c| c.in_list);
    let pairs: Vec<(String, String)> = members
        .iter()
        .map(|c| (c.owner.clone(), c.name.clone()))
        .collect();
    let by_union = union_subject(types, &pairs)
        .map(|subject| {
            let field = if in_list {
                singular(field)
            } else {
                field.clone()
            };
            format!("{subject}{}", type_name(&field))
        })
        .filter(|n| *n != by_words && !taken(n));
    match by_union {
        Some(name) => {
            // The words rule named these groups before: that name stays.
            if !taken(&by_words) {
                sharing.reexports.insert(by_words, name.clone());
            }
            Some(name)
        }
        None if taken(&by_words) => None,
        None => Some(by_words),
    }
}

/// One type `shared` for the enums `members` (per-owner names), with the values of all
/// of them; each per-owner name stays as an alias (rule 4).
fn merge(
    types: &mut BTreeMap<String, TypeDef>,
    members: &[String],
    shared: &str,
    renames: &mut BTreeMap<String, String>,
) {
    let Some(mut def) = members.first().and_then(|m| types.get(m)).cloned() else {
        return;
    };
    let TypeKind::StringEnum(e) = &mut def.kind else {
        return;
    };
    for member in members {
        let Some(old) = types.remove(member) else {
            continue;
        };
        if old.pointer != def.pointer {
            e.also_at.push(old.pointer.clone());
        }
        if let TypeKind::StringEnum(theirs) = &old.kind {
            for v in &theirs.values {
                if !e
                    .values
                    .iter()
                    .any(|x| x.wire == v.wire || x.name == v.name)
                {
                    e.values.push(v.clone());
                }
            }
        }
        def.uses.extend(old.uses.iter().cloned());
        renames.insert(member.clone(), shared.to_string());
    }
    for member in members {
        types.insert(member.clone(), alias(member, shared, &def.pointer));
    }
    def.name = shared.to_string();
    types.insert(shared.to_string(), def);
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

//! Names for the description's numbered components.
//!
//! The description deduplicates schema names by numbering them: five different
//! `IsOneOf` objects are `IsOneOf1`..`IsOneOf5` (channels, custom attributes,
//! directions, statuses, condition fields). A number says nothing, so a component whose
//! name is its title (or an earlier component's name) plus digits is named after the one
//! place that uses it:
//!
//! - a variant of one union: the union's name plus the component's base name
//!   (`IsOneOf4` in `StatusOperator` is `StatusOperatorIsOneOf`);
//! - the property of one struct (or its list items): the struct's name plus the base name
//!   (`Recurring1` in `BusinessHour.recurring` is `BusinessHourRecurring`).
//!
//! Owners are named first, so a numbered variant of a numbered union takes the union's
//! new name. A component used from several places, or whose new name is taken, keeps
//! its number. The component's own name stays as a deprecated alias, so
//! `models::IsOneOf4` (the component-name contract) still compiles and its rustdoc page
//! points at the new name. The new name depends only on the component and its one user,
//! never on the order of the description; once published, it stays ([`Published`]): a
//! second user or a new component taking the name changes nothing for the first.

use super::ir::*;
use super::published::Published;
use super::rename::rename_types;
use crate::names::{is_reserved_type_name, type_name};
use std::collections::{BTreeMap, BTreeSet};

pub(super) fn name_numbered_components(
    types: &mut BTreeMap<String, TypeDef>,
    operations: &mut [Operation],
    published: &Published,
) {
    let by_component: BTreeMap<String, String> = types
        .values()
        .filter_map(|d| Some((d.component.clone()?, d.name.clone())))
        .collect();
    // Numbered type -> (owner type, base name).
    let mut wanted: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut renames: BTreeMap<String, String> = BTreeMap::new();
    let mut taken: BTreeSet<String> = types.keys().cloned().collect();
    for def in types.values() {
        let Some(component) = &def.component else {
            continue;
        };
        let Some(base) = numbered_base(component) else {
            continue;
        };
        // A published name stays: the user's name it was given, or its number.
        if let Some(before) = published.alias_target(&def.name) {
            if !taken.contains(before) {
                taken.insert(before.to_string());
                renames.insert(def.name.clone(), before.to_string());
            }
            continue;
        }
        if published.has_type(&def.name) {
            continue;
        }
        if let Some(owner) = only_owner(def, &by_component) {
            wanted.insert(def.name.clone(), (owner, type_name(base)));
        }
    }

    // Owners first: resolve each name through its owner's, depth-first.
    fn resolve(
        name: &str,
        wanted: &BTreeMap<String, (String, String)>,
        renames: &mut BTreeMap<String, String>,
        taken: &mut BTreeSet<String>,
        depth: usize,
    ) -> String {
        if let Some(done) = renames.get(name) {
            return done.clone();
        }
        let Some((owner, base)) = wanted.get(name) else {
            return name.to_string();
        };
        if depth > wanted.len() {
            return name.to_string();
        }
        let owner = resolve(owner, wanted, renames, taken, depth + 1);
        // An owner that kept its number lends its words only (`BusinessHourStatus1`).
        let owner = owner.trim_end_matches(|c: char| c.is_ascii_digit());
        let candidate = join_words(owner, base);
        let new = if taken.contains(&candidate) || is_reserved_type_name(&candidate) {
            name.to_string()
        } else {
            taken.insert(candidate.clone());
            candidate
        };
        renames.insert(name.to_string(), new.clone());
        new
    }
    for name in wanted.keys() {
        resolve(name, &wanted, &mut renames, &mut taken, 0);
    }
    renames.retain(|old, new| old != new);
    if renames.is_empty() {
        return;
    }
    // The inline types named after a renamed component follow it:
    // `IsOneOf4ValuesItem` -> `StatusOperatorIsOneOfValuesItem`.
    let inline: Vec<(String, String)> = types
        .values()
        .filter(|d| d.component.is_none())
        .filter_map(|d| {
            renames.iter().find_map(|(old, new)| {
                let rest = d.name.strip_prefix(old.as_str())?;
                let renamed = format!("{new}{rest}");
                (rest.starts_with(|c: char| c.is_ascii_uppercase()) && !taken.contains(&renamed))
                    .then(|| (d.name.clone(), renamed))
            })
        })
        .collect();
    renames.extend(inline);
    rename_types(types, operations, &renames);
    for (old, new) in &renames {
        let Some(def) = types.get(new) else { continue };
        let alias = TypeDef {
            name: old.clone(),
            component: None,
            pointer: def.pointer.clone(),
            docs: Some(format!(
                "The description's name for [`{new}`]: numbered components are named after \
                 the one place that uses them; this name stays as an alias."
            )),
            deprecated: true,
            kind: TypeKind::Alias(TypeRef::Named(new.clone())),
            uses: BTreeSet::new(),
        };
        types.insert(old.clone(), alias);
    }
}

/// `owner` then `base`, without repeating the words `base` starts with and `owner` ends
/// with: `BusinessHour` + `BusinessHourStatus` -> `BusinessHourStatus`.
fn join_words(owner: &str, base: &str) -> String {
    let starts = |i: usize| owner.is_char_boundary(i) && base.starts_with(&owner[i..]);
    let word_starts = owner
        .char_indices()
        .filter(|(_, c)| c.is_ascii_uppercase())
        .map(|(i, _)| i);
    match word_starts.into_iter().find(|&i| starts(i)) {
        Some(i) => format!("{}{base}", &owner[..i]),
        None => format!("{owner}{base}"),
    }
}

/// `IsOneOf4` -> `IsOneOf`: the name without its trailing number, if it has one and
/// something is left.
fn numbered_base(component: &str) -> Option<&str> {
    let base = component.trim_end_matches(|c: char| c.is_ascii_digit());
    (base.len() < component.len() && base.ends_with(|c: char| c.is_ascii_alphabetic()))
        .then_some(base)
}

/// The one type that uses `def`: a union it is a variant of, or a struct holding it in a
/// property (or the property's list items).
fn only_owner(def: &TypeDef, by_component: &BTreeMap<String, String>) -> Option<String> {
    let mut owners = def.uses.iter().map(|u| match u {
        Use::Variant { union } => Some(union.clone()),
        Use::At(pointer) => {
            let rest = pointer.strip_prefix("#/components/schemas/")?;
            let (component, path) = rest.split_once("/properties/")?;
            let property_only = !path.contains('/') || path.ends_with("/items");
            property_only.then(|| by_component.get(component).cloned())?
        }
    });
    let first = owners.next()??;
    owners
        .all(|o| o.as_deref() == Some(first.as_str()))
        .then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_ending_in_a_number_after_a_letter_are_numbered() {
        assert_eq!(numbered_base("IsOneOf4"), Some("IsOneOf"));
        assert_eq!(numbered_base("Regular12"), Some("Regular"));
        assert_eq!(numbered_base("Agent"), None);
        assert_eq!(numbered_base("2024"), None);
    }

    #[test]
    fn owner_and_base_share_their_common_words_once() {
        assert_eq!(
            join_words("StatusOperator", "IsOneOf"),
            "StatusOperatorIsOneOf"
        );
        assert_eq!(
            join_words("BusinessHour", "BusinessHourStatus"),
            "BusinessHourStatus"
        );
        assert_eq!(
            join_words("SearchField", "FieldStatus"),
            "SearchFieldStatus"
        );
    }
}

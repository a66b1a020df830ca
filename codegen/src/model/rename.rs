//! Renaming model types after conversion: every use follows, so the passes that choose
//! better names (`numbered_names`, `shared_enums`) stay small.

use super::ir::*;
use std::collections::BTreeMap;

/// Renames the types `renames` lists (old -> new) and every use of them: fields, variant
/// payloads, aliases, maps, kinds of value, union uses, parameters, bodies, answers and
/// pages.
pub(super) fn rename_types(
    types: &mut BTreeMap<String, TypeDef>,
    operations: &mut [Operation],
    renames: &BTreeMap<String, String>,
) {
    let new_name = |n: &mut String| {
        if let Some(new) = renames.get(n.as_str()) {
            *n = new.clone();
        }
    };
    let old = std::mem::take(types);
    for (_, mut def) in old {
        new_name(&mut def.name);
        match &mut def.kind {
            TypeKind::Struct(s) => s
                .fields
                .iter_mut()
                .for_each(|f| rename_ref(&mut f.ty, renames)),
            TypeKind::Union(u) => u
                .variants
                .iter_mut()
                .filter_map(|v| v.payload.as_mut())
                .for_each(new_name),
            TypeKind::Map(t) | TypeKind::Alias(t) => rename_ref(t, renames),
            TypeKind::PrimitiveUnion(p) => p
                .variants
                .iter_mut()
                .for_each(|v| rename_ref(&mut v.ty, renames)),
            TypeKind::Reexport(target) => new_name(target),
            TypeKind::StringEnum(_) => {}
        }
        def.uses = std::mem::take(&mut def.uses)
            .into_iter()
            .map(|u| match u {
                Use::Variant { mut union } => {
                    new_name(&mut union);
                    Use::Variant { union }
                }
                at => at,
            })
            .collect();
        types.insert(def.name.clone(), def);
    }
    for op in operations {
        op.params
            .iter_mut()
            .for_each(|p| rename_ref(&mut p.ty, renames));
        if let Some(b) = &mut op.body {
            rename_ref(&mut b.ty, renames);
        }
        for r in &mut op.responses {
            if let Some(t) = &mut r.ty {
                rename_ref(t, renames);
            }
        }
        if let Some(p) = &mut op.pagination {
            new_name(&mut p.page);
            rename_ref(&mut p.item, renames);
        }
    }
}

/// Renames the named types inside one type use.
pub(super) fn rename_ref(ty: &mut TypeRef, renames: &BTreeMap<String, String>) {
    match ty {
        TypeRef::Named(n) => {
            if let Some(new) = renames.get(n.as_str()) {
                *n = new.clone();
            }
        }
        TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            rename_ref(inner, renames)
        }
        _ => {}
    }
}

//! Recursive types: a schema that contains itself, directly or through others.
//!
//! Rust needs a known size for every type held by value, so a cycle of types that hold
//! each other by value (a struct field, an `Option` of one, a union variant's payload)
//! does not compile (E0072). Arrays and maps are on the heap already and break a cycle
//! by themselves. Here every struct field that closes such a cycle is marked `boxed`;
//! the emitter holds it in a `Box`, which changes nothing on the wire.
//!
//! Two cycles have no field to box and are refused: type aliases that refer to
//! themselves (`A: {type: array, items: {$ref: A}}` would be `type A = Vec<A>`), and a
//! cycle made only of union variants.

use super::ir::*;
use crate::diagnostics::Diagnostics;
use std::collections::{BTreeMap, BTreeSet};

/// Marks the struct fields that must be boxed; refuses cycles no box can break.
pub(super) fn box_cycles(types: &mut BTreeMap<String, TypeDef>) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::default();
    refuse_alias_cycles(types, &mut diags);
    diags.clone().into_result()?;

    let edges: BTreeMap<&str, BTreeSet<&str>> = types
        .iter()
        .map(|(name, def)| (name.as_str(), held_by_value(&def.kind)))
        .collect();
    let component_of = strongly_connected(&edges);
    let same_cycle = |a: &str, b: &str| -> bool {
        component_of
            .get(a)
            .is_some_and(|c| component_of.get(b) == Some(c))
    };
    let mut to_box: Vec<(String, usize)> = Vec::new();
    for (name, def) in types.iter() {
        let TypeKind::Struct(s) = &def.kind else {
            continue;
        };
        for (i, field) in s.fields.iter().enumerate() {
            let mut targets = BTreeSet::new();
            by_value(&field.ty, &mut targets);
            if targets.iter().any(|t| same_cycle(name, t)) {
                to_box.push((name.clone(), i));
            }
        }
    }
    for (name, i) in to_box {
        if let Some(TypeDef {
            kind: TypeKind::Struct(s),
            ..
        }) = types.get_mut(&name)
        {
            s.fields[i].boxed = true;
        }
    }

    // What is left is a cycle without a struct field in it.
    let edges: BTreeMap<&str, BTreeSet<&str>> = types
        .iter()
        .map(|(name, def)| (name.as_str(), held_by_value_unboxed(&def.kind)))
        .collect();
    let component_of = strongly_connected(&edges);
    let mut reported = BTreeSet::new();
    for (name, targets) in &edges {
        for target in targets {
            if component_of.get(name) == component_of.get(target)
                && reported.insert(component_of.get(name))
            {
                diags.push(
                    &types[*name].pointer,
                    format!(
                        "`{name}` contains itself by value through `{target}` with no object property on the way that could hold it indirectly; make one link of the cycle an object property or an array"
                    ),
                );
            }
        }
    }
    diags.into_result()
}

fn alias_target(def: &TypeDef) -> Option<&TypeRef> {
    match &def.kind {
        TypeKind::Alias(t) | TypeKind::Map(t) => Some(t),
        _ => None,
    }
}

/// Types a Rust type alias (`Alias`, `Map`) names anywhere inside: an alias cannot refer
/// to itself, not even through a `Vec`.
fn refuse_alias_cycles(types: &BTreeMap<String, TypeDef>, diags: &mut Diagnostics) {
    let edges: BTreeMap<&str, BTreeSet<&str>> = types
        .iter()
        .filter_map(|(name, def)| {
            let target = alias_target(def)?;
            let mut named = BTreeSet::new();
            mentioned(target, &mut named);
            named.retain(|n| types.get(*n).and_then(alias_target).is_some());
            Some((name.as_str(), named))
        })
        .collect();
    let component_of = strongly_connected(&edges);
    for (name, targets) in &edges {
        if targets
            .iter()
            .any(|t| component_of.get(t) == component_of.get(name))
        {
            diags.push(
                &types[*name].pointer,
                format!(
                    "`{name}` is an array or map that contains itself, which cannot be a Rust type alias; wrap the recursion in an object (a property holding the array)"
                ),
            );
        }
    }
}

fn held_by_value(kind: &TypeKind) -> BTreeSet<&str> {
    let mut out = BTreeSet::new();
    match kind {
        TypeKind::Struct(s) => s.fields.iter().for_each(|f| by_value(&f.ty, &mut out)),
        TypeKind::Union(u) => {
            out.extend(u.variants.iter().filter_map(|v| v.payload.as_deref()));
        }
        TypeKind::PrimitiveUnion(p) => p.variants.iter().for_each(|v| by_value(&v.ty, &mut out)),
        TypeKind::Alias(t) => by_value(t, &mut out),
        // A re-export names an item; it holds nothing of its own.
        TypeKind::Map(_) | TypeKind::StringEnum(_) | TypeKind::Reexport(_) => {}
    }
    out
}

fn held_by_value_unboxed(kind: &TypeKind) -> BTreeSet<&str> {
    match kind {
        TypeKind::Struct(s) => {
            let mut out = BTreeSet::new();
            s.fields
                .iter()
                .filter(|f| !f.boxed)
                .for_each(|f| by_value(&f.ty, &mut out));
            out
        }
        other => held_by_value(other),
    }
}

/// The named types a use of `ty` holds inline (not behind a `Vec` or a map).
fn by_value<'m>(ty: &'m TypeRef, out: &mut BTreeSet<&'m str>) {
    match ty {
        TypeRef::Named(n) => {
            out.insert(n);
        }
        TypeRef::Nullable(inner) => by_value(inner, out),
        _ => {}
    }
}

/// Every named type a use of `ty` mentions, at any depth.
fn mentioned<'m>(ty: &'m TypeRef, out: &mut BTreeSet<&'m str>) {
    match ty {
        TypeRef::Named(n) => {
            out.insert(n);
        }
        TypeRef::Nullable(inner) | TypeRef::List(inner) | TypeRef::Map(inner) => {
            mentioned(inner, out)
        }
        _ => {}
    }
}

/// Tarjan's strongly connected components: node -> the index of its component. Nodes
/// in one component reach each other; a node alone is in a cycle only with a self-edge.
fn strongly_connected<'g>(
    edges: &BTreeMap<&'g str, BTreeSet<&'g str>>,
) -> BTreeMap<&'g str, usize> {
    struct State<'g> {
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        component: BTreeMap<&'g str, usize>,
        components: usize,
    }
    fn visit<'g>(node: &'g str, edges: &BTreeMap<&'g str, BTreeSet<&'g str>>, st: &mut State<'g>) {
        let i = st.index.len();
        st.index.insert(node, i);
        st.low.insert(node, i);
        st.stack.push(node);
        st.on_stack.insert(node);
        for &next in edges.get(node).into_iter().flatten() {
            if !edges.contains_key(next) {
                continue;
            }
            if !st.index.contains_key(next) {
                visit(next, edges, st);
                let low = st.low[node].min(st.low[next]);
                st.low.insert(node, low);
            } else if st.on_stack.contains(next) {
                let low = st.low[node].min(st.index[next]);
                st.low.insert(node, low);
            }
        }
        if st.low[node] == st.index[node] {
            while let Some(member) = st.stack.pop() {
                st.on_stack.remove(member);
                st.component.insert(member, st.components);
                if member == node {
                    break;
                }
            }
            st.components += 1;
        }
    }
    let mut st = State {
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        component: BTreeMap::new(),
        components: 0,
    };
    for &node in edges.keys() {
        if !st.index.contains_key(node) {
            visit(node, edges, &mut st);
        }
    }
    st.component
}

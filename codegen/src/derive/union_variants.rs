//! Union variants made to demand what selects them: their tag in a tagged union (with a
//! `discriminator` on the union), their identifying key in an untagged one. A variant
//! schema also used where that demand does not hold is copied instead of changed.

use super::edit::{at, merge_constraint, object_of, tag_only_object};
use crate::model::ir::*;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// Suffix of the copy of a union variant schema that is also used elsewhere, where the
/// union's demands (its tag, its identifying key) do not hold.
pub const VARIANT_COPY_SUFFIX: &str = ".variant";

/// The component a union variant refers to, and its type in the model.
fn variant_component<'m>(
    by_component: &BTreeMap<&str, &'m TypeDef>,
    v: &'m Variant,
) -> Result<(&'m str, &'m TypeDef), String> {
    let component = v.component.as_deref().ok_or_else(|| {
        format!(
            "internal error: union variant `{}` names no component",
            v.name
        )
    })?;
    let def = by_component.get(component).ok_or_else(|| {
        format!("internal error: the variant component `{component}` is not in the model")
    })?;
    Ok((component, def))
}

/// Every variant requires its tag, and the `oneOf` gets a `discriminator`. A variant
/// schema is changed in place when all its uses are in tagged unions; otherwise the union
/// refers to a copy (see [`constrained_variant`]).
pub(super) fn tagged_union(
    doc: &mut Value,
    model: &Model,
    by_component: &BTreeMap<&str, &TypeDef>,
    def: &TypeDef,
    u: &Union,
    key: &str,
) -> Result<(), String> {
    let is_tagged_union = |name: &str| {
        matches!(
            model.types.get(name).map(|d| &d.kind),
            Some(TypeKind::Union(Union {
                repr: UnionRepr::Tagged { .. },
                ..
            }))
        )
    };
    let mut one_of = Vec::new();
    let mut mapping = Map::new();
    for variant in &u.variants {
        let (component, variant_def) = variant_component(by_component, variant)?;
        let tag = variant.selector.tag().ok_or_else(|| {
            format!(
                "internal error: variant `{}` of a tagged union has no tag",
                variant.name
            )
        })?;
        let all_uses_tagged = variant_def.uses.iter().all(|site| match site {
            Use::Variant { union } => is_tagged_union(union),
            Use::At(_) => false,
        });
        let constraint = tag_only_object(key, tag);
        let target = constrained_variant(doc, component, constraint, all_uses_tagged)?;
        let reference = format!("#/components/schemas/{target}");
        one_of.push(json!({ "$ref": reference }));
        mapping.insert(tag.to_string(), json!(reference));
    }
    let obj = object_of(at(doc, &def.pointer)?)?;
    obj.insert("oneOf".into(), Value::Array(one_of));
    obj.insert(
        "discriminator".into(),
        json!({ "propertyName": key, "mapping": mapping }),
    );
    Ok(())
}

/// An untagged union (override) keeps its `oneOf`, but each variant requires the key the
/// model recognises it by (otherwise a value with optional keys only could match two).
pub(super) fn untagged_union(
    doc: &mut Value,
    by_component: &BTreeMap<&str, &TypeDef>,
    def: &TypeDef,
    u: &Union,
) -> Result<(), String> {
    let mut one_of = Vec::new();
    for variant in &u.variants {
        let (component, variant_def) = variant_component(by_component, variant)?;
        let key = variant.selector.key().ok_or_else(|| {
            format!("internal error: untagged variant `{component}` has no discriminating key")
        })?;
        let schema = at(doc, &format!("#/components/schemas/{component}"))?;
        let required = schema.get("required").and_then(Value::as_array);
        let target = if required.is_some_and(|r| r.iter().any(|k| k == key)) {
            component.to_string()
        } else {
            let only_use = variant_def.uses.len() == 1;
            let constraint = json!({ "required": [key] });
            constrained_variant(doc, component, constraint, only_use)?
        };
        one_of.push(json!({ "$ref": format!("#/components/schemas/{target}") }));
    }
    object_of(at(doc, &def.pointer)?)?.insert("oneOf".into(), Value::Array(one_of));
    Ok(())
}

/// Makes the union variant `component` demand `constraint` (a schema of `properties` and
/// `required`): merged into the component when `in_place`, else in a copy
/// `<component>.variant` (`allOf` of the component and the constraint) so the component's
/// other uses stay as they were. Returns the name to refer to.
fn constrained_variant(
    doc: &mut Value,
    component: &str,
    constraint: Value,
    in_place: bool,
) -> Result<String, String> {
    if in_place {
        let schema = object_of(at(doc, &format!("#/components/schemas/{component}"))?)?;
        merge_constraint(schema, &constraint)?;
        return Ok(component.to_string());
    }
    let copy = json!({
        "description": format!("`{component}` as a union variant (added by dixa-codegen: `{component}` is also used elsewhere, where this does not hold)"),
        "allOf": [
            { "$ref": format!("#/components/schemas/{component}") },
            constraint,
        ],
    });
    let schemas = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
        .ok_or("the description has no `components.schemas`")?;
    let mut name = format!("{component}{VARIANT_COPY_SUFFIX}");
    let mut n = 2;
    while let Some(existing) = schemas.get(&name) {
        if *existing == copy {
            return Ok(name);
        }
        name = format!("{component}{VARIANT_COPY_SUFFIX}{n}");
        n += 1;
    }
    schemas.insert(name.clone(), copy);
    Ok(name)
}

//! Where it is decided how a union goes on the wire: whether a `oneOf` is tagged, by
//! which key ([`conventions::TAG_KEY`]) and with which tags, or sent as a bare string,
//! without a tag, or as bare values. One pure function per kind of union; the type
//! converter (`types.rs`) only turns the answer into model types.
//!
//! The rules themselves (tag from title, empty objects as strings) are named functions
//! in [`conventions`]; the decisions an override takes are in `spec/overrides.yaml`.

use super::ir::{TypeDef, TypeKind, TypeRef, Union, UnionRepr, Use};
use crate::conventions::{self, UnionEncoding};
use crate::diagnostics::Diagnostic;
use crate::load::overrides::UnionOverride;
use openapiv3::{Discriminator, ReferenceOr, Schema, SchemaKind, Type};
use std::collections::{BTreeMap, BTreeSet};

/// One `oneOf` entry: the component its `$ref` names, and that component's schema.
#[derive(Debug, Clone, Copy)]
pub struct VariantSchema<'s> {
    pub component: &'s str,
    pub schema: &'s Schema,
}

/// How a `oneOf` of component objects goes on the wire.
#[derive(Debug, Clone)]
pub enum UnionClass<'s> {
    /// Every variant is an empty object: the value is a bare string holding the tag.
    StringEncoded { tags: Vec<String> },
    /// `{"<key>": "<tag>", ...fields}`.
    Tagged {
        key: &'static str,
        variants: Vec<TaggedVariant<'s>>,
    },
    /// No tag (override `untagged`): each variant has a key no other variant has.
    Untagged { variants: Vec<KeyedVariant<'s>> },
    /// Each variant `{value: T}` is sent as the bare `T` (override `unwrapped-values`).
    UnwrappedValues { variants: Vec<UnwrappedVariant<'s>> },
}

#[derive(Debug, Clone)]
pub struct TaggedVariant<'s> {
    pub tag: String,
    pub variant: VariantSchema<'s>,
    /// No fields: only the tag goes on the wire.
    pub empty: bool,
}

#[derive(Debug, Clone)]
pub struct KeyedVariant<'s> {
    /// The tag the variant would have: it names the Rust variant.
    pub tag: String,
    pub variant: VariantSchema<'s>,
    /// The JSON key whose presence selects this variant.
    pub key: String,
}

#[derive(Debug, Clone)]
pub struct UnwrappedVariant<'s> {
    pub tag: String,
    pub variant: VariantSchema<'s>,
    /// The schema of the variant's `value` property: what goes on the wire.
    pub value: &'s ReferenceOr<Box<Schema>>,
}

/// Classifies a `oneOf` whose entries are all component `$ref`s (at `pointer`, resolved
/// into `variants`), under the override for that pointer if any. `sent_with_implicit_tag`
/// says whether a component is also sent on its own with an implicit tag.
pub fn classify_one_of<'s>(
    pointer: &str,
    variants: &[VariantSchema<'s>],
    rule: Option<UnionOverride>,
    sent_with_implicit_tag: impl Fn(&str) -> bool,
) -> Result<UnionClass<'s>, Diagnostic> {
    let problem = |at: String, message: String| Diagnostic {
        pointer: at,
        message,
    };
    // The tag travels inside the variant's object: a string, an array or another
    // union as a variant has nowhere to put it (unless an override decides otherwise).
    if rule.is_none() {
        for (i, v) in variants.iter().enumerate() {
            if !matches!(v.schema.schema_kind, SchemaKind::Type(Type::Object(_))) {
                return Err(problem(
                    format!("{pointer}/oneOf/{i}"),
                    format!(
                        "oneOf variant `{}` is not an object schema, so it cannot carry a `{}` tag; \
                         decide the union's wire form with a `union` override",
                        v.component,
                        conventions::TAG_KEY
                    ),
                ));
            }
        }
    }
    // A plain object sent with an implicit tag writes that tag itself; as a variant, the
    // union writes it too, and the JSON would hold the key twice.
    for (i, v) in variants.iter().enumerate() {
        if sent_with_implicit_tag(v.component) {
            return Err(problem(
                format!("{pointer}/oneOf/{i}"),
                format!(
                    "`{}` is sent on its own with an implicit `{}` (its examples show one) and is also a variant of this union; the generator cannot emit both yet (the tag would be written twice)",
                    v.component,
                    conventions::TAG_KEY
                ),
            ));
        }
    }
    let tags: Vec<String> = variants
        .iter()
        .map(|v| conventions::wire_tag(v.schema.schema_data.title.as_deref(), v.component))
        .collect();
    // Two variants with one tag could never be told apart.
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for (v, tag) in variants.iter().zip(&tags) {
        if let Some(other) = seen.insert(tag, v.component) {
            return Err(problem(
                pointer.to_string(),
                format!(
                    "oneOf variants `{other}` and `{}` share the wire tag `{tag}` (from their titles); they cannot be told apart",
                    v.component
                ),
            ));
        }
    }

    match rule {
        Some(UnionOverride::Untagged) => untagged(pointer, variants, tags),
        Some(UnionOverride::UnwrappedValues) => unwrapped_values(pointer, variants, tags),
        None => {
            let empty: Vec<bool> = variants
                .iter()
                .map(|v| conventions::is_empty_object(v.schema))
                .collect();
            Ok(match conventions::union_encoding(&empty) {
                UnionEncoding::String => UnionClass::StringEncoded { tags },
                UnionEncoding::TaggedObject => UnionClass::Tagged {
                    key: conventions::TAG_KEY,
                    variants: variants
                        .iter()
                        .zip(tags)
                        .zip(empty)
                        .map(|((&variant, tag), empty)| TaggedVariant {
                            tag,
                            variant,
                            // A variant that declares only the tag has no fields either.
                            empty: empty || declares_only_the_tag(variant.schema),
                        })
                        .collect(),
                },
            })
        }
    }
}

/// An object whose one property is the tag key (an explicitly tagged empty variant).
fn declares_only_the_tag(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => {
            o.additional_properties.is_none()
                && o.properties.len() == 1
                && o.properties.contains_key(conventions::TAG_KEY)
        }
        _ => false,
    }
}

/// A string the description declares with `values: [...]` but that is sent as
/// `{"<key>": "<value>"}` (override `tagged-unit-enum`): a tagged union of fieldless
/// variants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitEnum {
    pub key: &'static str,
    /// The listed values, in order.
    pub tags: Vec<String>,
}

pub fn classify_unit_enum(description: Option<&str>) -> UnitEnum {
    UnitEnum {
        key: conventions::TAG_KEY,
        tags: description
            .and_then(conventions::enum_values_from_description)
            .unwrap_or_default(),
    }
}

/// Untagged: each variant needs a key no other variant declares; a required one if it
/// has one, else a declared one.
fn untagged<'s>(
    pointer: &str,
    variants: &[VariantSchema<'s>],
    tags: Vec<String>,
) -> Result<UnionClass<'s>, Diagnostic> {
    let object = |s: &'s Schema| match &s.schema_kind {
        SchemaKind::Type(Type::Object(o)) => Some(o),
        _ => None,
    };
    let keys_of = |s: &'s Schema| -> Vec<&'s String> {
        object(s)
            .map(|o| o.properties.keys().collect())
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    for (i, (&variant, tag)) in variants.iter().zip(tags).enumerate() {
        let others: Vec<&String> = variants
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .flat_map(|(_, v)| keys_of(v.schema))
            .collect();
        let unique = |k: &&'s String| !others.contains(k);
        let required = object(variant.schema).map(|o| o.required.iter().collect::<Vec<_>>());
        let key = required
            .unwrap_or_default()
            .into_iter()
            .find(unique)
            .or_else(|| keys_of(variant.schema).into_iter().find(unique));
        let Some(key) = key else {
            return Err(Diagnostic {
                pointer: pointer.to_string(),
                message: format!(
                    "untagged oneOf: variant `{}` has no key that the other variants lack, so it cannot be recognised on the wire",
                    variant.component
                ),
            });
        };
        out.push(KeyedVariant {
            tag,
            variant,
            key: key.clone(),
        });
    }
    Ok(UnionClass::Untagged { variants: out })
}

/// Unwrapped values: every variant is an object with exactly one property, `value`.
fn unwrapped_values<'s>(
    pointer: &str,
    variants: &[VariantSchema<'s>],
    tags: Vec<String>,
) -> Result<UnionClass<'s>, Diagnostic> {
    let mut out = Vec::new();
    for (&variant, tag) in variants.iter().zip(tags) {
        let value = match &variant.schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) if o.properties.len() == 1 => {
                o.properties.get("value")
            }
            _ => None,
        };
        let Some(value) = value else {
            return Err(Diagnostic {
                pointer: crate::load::schema_pointer(variant.component),
                message: format!(
                    "unwrapped-values union `{pointer}`: variant `{}` must be an object with exactly one property, `value`",
                    variant.component
                ),
            });
        };
        out.push(UnwrappedVariant {
            tag,
            variant,
            value,
        });
    }
    Ok(UnionClass::UnwrappedValues { variants: out })
}

/// An explicit `discriminator` on a `oneOf`, checked against what the conventions
/// decided (`class`): the same key, and each mapping entry naming the variant whose
/// title gives that tag. Agreement changes nothing; each disagreement is a problem at
/// the discriminator, like an example that disagrees with the model.
pub fn check_discriminator(
    pointer: &str,
    discriminator: &Discriminator,
    class: &UnionClass<'_>,
) -> Vec<Diagnostic> {
    let at = format!("{pointer}/discriminator");
    let problem = |pointer: String, message: String| Diagnostic { pointer, message };
    let UnionClass::Tagged { key, variants } = class else {
        let form = match class {
            UnionClass::StringEncoded { .. } => "a bare string (its variants are empty objects)",
            UnionClass::Untagged { .. } => "without a tag (override `union: untagged`)",
            _ => "as bare values (override `union: unwrapped-values`)",
        };
        return vec![problem(
            at,
            format!(
                "this union has a discriminator, but it is sent {form}; remove the discriminator or the override, or declare the tag property in its variants"
            ),
        )];
    };
    if discriminator.property_name != *key {
        return vec![problem(
            format!("{at}/propertyName"),
            format!(
                "discriminator `{}`: the generated code tags unions with `{key}` only; ask for other tag keys to be supported",
                discriminator.property_name
            ),
        )];
    }
    let mut out = Vec::new();
    for (tag, target) in &discriminator.mapping {
        // A mapping value is a `$ref` or a bare component name.
        let component = crate::load::component_name(target).unwrap_or(target);
        let entry = format!("{at}/mapping/{}", crate::load::escape_pointer_segment(tag));
        match variants.iter().find(|v| v.variant.component == component) {
            None => out.push(problem(
                entry,
                format!("maps `{tag}` to `{target}`, which is not one of the union's variants"),
            )),
            Some(v) if v.tag != *tag => out.push(problem(
                entry,
                format!(
                    "maps `{tag}` to `{component}`, whose tag by its title is `{}`; make the title and the mapping agree",
                    v.tag
                ),
            )),
            Some(_) => {}
        }
    }
    for v in variants {
        let mapped = discriminator.mapping.values().any(|target| {
            crate::load::component_name(target).unwrap_or(target) == v.variant.component
        });
        // Without an entry, OpenAPI's tag is the component name.
        if !mapped && v.variant.component != v.tag {
            out.push(problem(
                format!("{at}/mapping"),
                format!(
                    "variant `{}` has no mapping entry, so its discriminator value is `{}`, but its title gives the tag `{}`; add `{}: '{}'`",
                    v.variant.component,
                    v.variant.component,
                    v.tag,
                    v.tag,
                    crate::load::schema_pointer(v.variant.component)
                ),
            ));
        }
    }
    out
}

/// A tagged union's variants that declare the tag as a property (`_type: {enum: [Tag]}`)
/// lose that field: the union writes the tag and hands the variant its object without
/// it, so the field would be written twice and never read. The declared value must be
/// the variant's tag. Inline enum types left without a use go too.
pub(super) fn drop_declared_tags(types: &mut BTreeMap<String, TypeDef>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut drops: Vec<(String, String, String)> = Vec::new(); // (struct, key, tag)
    for def in types.values() {
        let TypeKind::Union(Union {
            repr: UnionRepr::Tagged { key },
            variants,
            ..
        }) = &def.kind
        else {
            continue;
        };
        for v in variants {
            // A fieldless variant's component is still a type of its own.
            let payload = v.payload.clone().or_else(|| {
                let component = v.component.as_deref()?;
                types
                    .values()
                    .find(|t| t.component.as_deref() == Some(component))
                    .map(|t| t.name.clone())
            });
            if let (Some(payload), Some(tag)) = (payload, v.selector.tag()) {
                drops.push((payload, key.clone(), tag.to_string()));
            }
        }
    }
    let mut dropped_types = BTreeSet::new();
    for (payload, key, tag) in drops {
        let Some(def) = types.get(&payload) else {
            continue;
        };
        let TypeKind::Struct(s) = &def.kind else {
            continue;
        };
        let Some(i) = s.fields.iter().position(|f| f.wire_name == key) else {
            continue;
        };
        let at = format!(
            "{}/properties/{}",
            def.pointer,
            crate::load::escape_pointer_segment(&key)
        );
        let declared: Option<Vec<&str>> = match &s.fields[i].ty {
            TypeRef::String => None,
            TypeRef::Named(n) => match types.get(n).map(|d| &d.kind) {
                Some(TypeKind::StringEnum(e)) => {
                    Some(e.values.iter().map(|v| v.wire.as_str()).collect())
                }
                _ => Some(Vec::new()),
            },
            _ => Some(Vec::new()),
        };
        if let Some(values) = declared.filter(|values| values[..] != [tag.as_str()]) {
            out.push(Diagnostic {
                pointer: at,
                message: format!(
                    "the tag property of variant `{payload}` allows {values:?}, but the union tags this variant `{tag}`; declare `enum: [{tag}]`"
                ),
            });
            continue;
        }
        let field_ty = s.fields[i].ty.clone();
        if let Some(TypeKind::Struct(s)) = types.get_mut(&payload).map(|d| &mut d.kind) {
            s.fields.remove(i);
        }
        if let TypeRef::Named(n) = field_ty {
            if let Some(enum_def) = types.get_mut(&n) {
                enum_def
                    .uses
                    .retain(|u| !matches!(u, Use::At(p) if p.starts_with(&at)));
                if enum_def.component.is_none() && enum_def.uses.is_empty() {
                    dropped_types.insert(n);
                }
            }
        }
    }
    for n in dropped_types {
        types.remove(&n);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conventions::TAG_KEY;

    fn schema(yaml: &str) -> Schema {
        serde_yaml::from_str(yaml).expect("a schema")
    }

    fn classify<'s>(
        variants: &'s [(&'s str, Schema)],
        rule: Option<UnionOverride>,
    ) -> Result<UnionClass<'s>, Diagnostic> {
        let variants: Vec<VariantSchema<'s>> = variants
            .iter()
            .map(|(component, schema)| VariantSchema { component, schema })
            .collect();
        classify_one_of("#/components/schemas/U", &variants, rule, |_| false)
    }

    #[test]
    fn objects_with_fields_make_a_union_tagged_by_the_tag_key_with_tags_from_titles() {
        let variants = [
            (
                "Created2",
                schema("{title: Created, type: object, properties: {id: {type: string}}}"),
            ),
            ("Closed", schema("{type: object}")),
        ];
        let Ok(UnionClass::Tagged { key, variants }) = classify(&variants, None) else {
            panic!("expected a tagged union");
        };
        assert_eq!(key, TAG_KEY);
        let tags: Vec<(&str, &str, bool)> = variants
            .iter()
            .map(|v| (v.tag.as_str(), v.variant.component, v.empty))
            .collect();
        assert_eq!(
            tags,
            [("Created", "Created2", false), ("Closed", "Closed", true)]
        );
    }

    #[test]
    fn unions_of_empty_objects_are_strings() {
        let variants = [
            ("Open", schema("{type: object}")),
            ("Shut", schema("{type: object}")),
        ];
        let Ok(UnionClass::StringEncoded { tags }) = classify(&variants, None) else {
            panic!("expected a string-encoded union");
        };
        assert_eq!(tags, ["Open", "Shut"]);
    }

    #[test]
    fn an_untagged_override_picks_a_key_only_each_variant_has() {
        let variants = [
            (
                "ByCsid",
                schema(
                    "{type: object, required: [id], properties: {id: {type: string}, csidFilter: {type: string}}}",
                ),
            ),
            (
                "ByPeriod",
                schema(
                    "{type: object, required: [id, periodFilter], properties: {id: {type: string}, periodFilter: {type: string}}}",
                ),
            ),
        ];
        let Ok(UnionClass::Untagged { variants }) =
            classify(&variants, Some(UnionOverride::Untagged))
        else {
            panic!("expected an untagged union");
        };
        let keys: Vec<&str> = variants.iter().map(|v| v.key.as_str()).collect();
        assert_eq!(keys, ["csidFilter", "periodFilter"]);
    }

    #[test]
    fn variants_that_cannot_carry_or_tell_apart_a_tag_are_refused() {
        let not_object = [("Text", schema("{type: string}"))];
        let err = classify(&not_object, None).unwrap_err();
        assert_eq!(err.pointer, "#/components/schemas/U/oneOf/0");

        let same_tag = [
            ("IsOneOf1", schema("{title: IsOneOf, type: object}")),
            ("IsOneOf2", schema("{title: IsOneOf, type: object}")),
        ];
        let err = classify(&same_tag, None).unwrap_err();
        assert!(
            err.message.contains("share the wire tag `IsOneOf`"),
            "{err:?}"
        );
    }

    #[test]
    fn unit_enums_are_tagged_by_the_tag_key_with_the_listed_values() {
        let unit = classify_unit_enum(Some("values: [PreviousWeek, ThisWeek]"));
        assert_eq!(unit.key, TAG_KEY);
        assert_eq!(unit.tags, ["PreviousWeek", "ThisWeek"]);
        assert!(classify_unit_enum(None).tags.is_empty());
    }
}

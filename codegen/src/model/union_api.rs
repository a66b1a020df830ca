//! The convenience methods of a union, decided once for the emitter and the API surface:
//!
//! - `impl From<Payload> for Union` for each variant whose payload type no other variant
//!   of the union has (`Content::from(text)`, `text.into()`);
//! - a short constructor for each variant whose payload has exactly one required field
//!   (`Content::text("hello")` for `Content::Text(Text::new("hello"))`);
//! - an accessor for each field that at least two variants have with the same type
//!   (`conversation.id()`, `conversation.state()`), answering `None` for the variants
//!   without it (or with it in another type) and for `Unknown`. When variants disagree
//!   on the type, the type most of them use wins; a tie gives no accessor.
//!
//! The accessor rule counts variants *with* a field, never "every variant": a variant
//! Dixa adds later without the field cannot remove an accessor, and one with the field
//! in an odd type cannot either while the others outnumber it, so adding a variant
//! stays a non-breaking change. An accessor goes only with a change that breaks anyway
//! (a field removed or retyped in the variants that had it).

use super::ir::*;
use crate::names::field_name;
use std::collections::{BTreeMap, BTreeSet};

/// What [`union_api`] decided for one union.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UnionApi {
    /// `(variant, payload type)`: one `From` impl each.
    pub from: Vec<(String, String)>,
    pub constructors: Vec<Constructor>,
    pub accessors: Vec<Accessor>,
}

/// `Union::text(value)` builds `Union::Text(Text::new(value))`.
#[derive(Debug, Clone, PartialEq)]
pub struct Constructor {
    /// The method name: the variant's name in snake_case.
    pub name: String,
    pub variant: String,
    pub payload: String,
    /// The payload's one required field: the argument.
    pub argument: Field,
}

/// `union.name()`: the field of that name, from whichever variant holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Accessor {
    /// The method name: the field's Rust name.
    pub name: String,
    /// The field's type without its nullability: the accessor answers `Option<&ty>`.
    pub ty: TypeRef,
    /// `(variant, how the field is held there)`, in the union's variant order.
    pub variants: Vec<(String, Holding)>,
}

/// How one variant holds an accessor's field: what turns it into `Option<&T>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Holding {
    pub required: bool,
    pub nullable: bool,
}

/// The methods of `u`, in a deterministic order (variants in the union's order, accessors
/// by name).
pub fn union_api(model: &Model, u: &Union) -> UnionApi {
    let payloads: Vec<(&Variant, &str, Option<&Struct>)> = u
        .variants
        .iter()
        .filter_map(|v| {
            let payload = v.payload.as_deref()?;
            let s = match model.types.get(payload).map(|d| &d.kind) {
                Some(TypeKind::Struct(s)) => Some(s),
                _ => None,
            };
            Some((v, payload, s))
        })
        .collect();

    let mut per_payload: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, payload, _) in &payloads {
        *per_payload.entry(payload).or_default() += 1;
    }
    // Only nominal payloads: two aliases of `String` would give two equal impls.
    let nominal = |payload: &str| {
        matches!(
            model.types.get(payload).map(|d| &d.kind),
            Some(
                TypeKind::Struct(_)
                    | TypeKind::Union(_)
                    | TypeKind::StringEnum(_)
                    | TypeKind::PrimitiveUnion(_)
            )
        )
    };
    let from = payloads
        .iter()
        .filter(|(_, payload, _)| per_payload[payload] == 1 && nominal(payload))
        .map(|(v, payload, _)| (v.name.clone(), payload.to_string()))
        .collect();

    let accessors = accessors(&payloads);
    // A constructor must not take an accessor's name, nor another constructor's.
    let mut taken: BTreeSet<String> = accessors.iter().map(|a| a.name.clone()).collect();
    taken.insert("unknown".into());
    let mut constructors = Vec::new();
    for (v, payload, s) in &payloads {
        let Some(s) = s else { continue };
        let mut required = s.fields.iter().filter(|f| f.required);
        let (Some(argument), None) = (required.next(), required.next()) else {
            continue;
        };
        let name = field_name(&v.name);
        if !taken.insert(name.clone()) {
            continue;
        }
        constructors.push(Constructor {
            name,
            variant: v.name.clone(),
            payload: payload.to_string(),
            argument: argument.clone(),
        });
    }
    UnionApi {
        from,
        constructors,
        accessors,
    }
}

fn accessors(payloads: &[(&Variant, &str, Option<&Struct>)]) -> Vec<Accessor> {
    // field name -> type without nullability -> variants holding it with that type.
    type Holders = Vec<(String, Holding)>;
    let mut fields: BTreeMap<&str, BTreeMap<TypeRef, Holders>> = BTreeMap::new();
    for (v, _, s) in payloads {
        for f in s.iter().flat_map(|s| &s.fields) {
            // Boxed fields close a cycle: rare, and left to a `match`.
            if f.boxed {
                continue;
            }
            let (ty, nullable) = match &f.ty {
                TypeRef::Nullable(inner) => ((**inner).clone(), true),
                other => (other.clone(), false),
            };
            let holding = Holding {
                required: f.required,
                nullable,
            };
            fields
                .entry(f.name.as_str())
                .or_default()
                .entry(ty)
                .or_default()
                .push((v.name.clone(), holding));
        }
    }
    // The type most variants hold the field with, if two or more do and no other type
    // is as common: a variant that holds it with another type answers `None`, so one
    // odd variant added later does not take the accessor away.
    fields
        .into_iter()
        .filter_map(|(name, by_type)| {
            let mut by_type: Vec<(TypeRef, Holders)> = by_type.into_iter().collect();
            by_type.sort_by_key(|(_, holders)| std::cmp::Reverse(holders.len()));
            let mut it = by_type.into_iter();
            let (ty, mut variants) = it.next()?;
            let runner_up = it.next().map_or(0, |(_, h)| h.len());
            if variants.len() < 2 || variants.len() == runner_up {
                return None;
            }
            let order = |v: &str| payloads.iter().position(|(p, _, _)| p.name == v);
            variants.sort_by_key(|(v, _)| order(v));
            Some(Accessor {
                name: name.to_string(),
                ty,
                variants,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str, ty: TypeRef, required: bool) -> Field {
        Field::plain(name, ty, required)
    }

    fn model(structs: Vec<(&str, Vec<Field>)>) -> Model {
        let types = structs
            .into_iter()
            .map(|(name, fields)| {
                let def = TypeDef {
                    name: name.into(),
                    component: Some(name.into()),
                    pointer: format!("#/components/schemas/{name}"),
                    docs: None,
                    deprecated: false,
                    kind: TypeKind::Struct(Struct {
                        fields,
                        wire_tag: None,
                    }),
                    uses: BTreeSet::new(),
                };
                (name.to_string(), def)
            })
            .collect();
        Model {
            types,
            ..Model::default()
        }
    }

    fn union_of(variants: &[(&str, Option<&str>)]) -> Union {
        Union {
            repr: UnionRepr::Tagged {
                key: "_type".into(),
            },
            variants: variants
                .iter()
                .map(|(name, payload)| Variant {
                    name: name.to_string(),
                    selector: Selector::Tag(name.to_string()),
                    payload: payload.map(str::to_string),
                    component: payload.map(str::to_string),
                    docs: None,
                })
                .collect(),
            decided_by: Decision::Convention,
        }
    }

    #[test]
    fn fields_two_variants_share_get_an_accessor_and_a_lone_field_does_not() {
        let model = model(vec![
            (
                "Email",
                vec![
                    field("id", TypeRef::String, true),
                    field("subject", TypeRef::String, false),
                ],
            ),
            (
                "Chat",
                vec![
                    field("id", TypeRef::String, true),
                    field("browser", TypeRef::String, false),
                ],
            ),
        ]);
        let api = union_api(
            &model,
            &union_of(&[("Email", Some("Email")), ("Chat", Some("Chat"))]),
        );
        let names: Vec<_> = api.accessors.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["id"]);
    }

    #[test]
    fn a_field_typed_differently_in_one_variant_of_three_keeps_the_accessor_of_the_others() {
        let model = model(vec![
            ("A", vec![field("id", TypeRef::String, true)]),
            ("B", vec![field("id", TypeRef::String, true)]),
            ("C", vec![field("id", TypeRef::I64, true)]),
        ]);
        let api = union_api(
            &model,
            &union_of(&[("A", Some("A")), ("B", Some("B")), ("C", Some("C"))]),
        );
        assert_eq!(api.accessors.len(), 1);
        assert_eq!(api.accessors[0].ty, TypeRef::String);
        assert_eq!(api.accessors[0].variants.len(), 2);
    }

    #[test]
    fn a_field_typed_differently_in_two_variants_gets_no_accessor() {
        let model = model(vec![
            ("A", vec![field("id", TypeRef::String, true)]),
            ("B", vec![field("id", TypeRef::I64, true)]),
        ]);
        let api = union_api(&model, &union_of(&[("A", Some("A")), ("B", Some("B"))]));
        assert!(api.accessors.is_empty());
    }

    #[test]
    fn a_variant_added_without_the_field_keeps_the_accessor() {
        let model = model(vec![
            ("A", vec![field("id", TypeRef::String, true)]),
            ("B", vec![field("id", TypeRef::String, false)]),
            ("C", vec![field("other", TypeRef::Bool, true)]),
        ]);
        let two = union_api(&model, &union_of(&[("A", Some("A")), ("B", Some("B"))]));
        let three = union_api(
            &model,
            &union_of(&[("A", Some("A")), ("B", Some("B")), ("C", Some("C"))]),
        );
        assert_eq!(two.accessors, three.accessors);
    }

    #[test]
    fn a_payload_two_variants_share_gets_no_from_impl() {
        let model = model(vec![("Shared", vec![]), ("Own", vec![])]);
        let api = union_api(
            &model,
            &union_of(&[
                ("First", Some("Shared")),
                ("Second", Some("Shared")),
                ("Third", Some("Own")),
                ("Empty", None),
            ]),
        );
        assert_eq!(api.from, [("Third".to_string(), "Own".to_string())]);
    }

    #[test]
    fn a_variant_whose_payload_has_one_required_field_gets_a_short_constructor() {
        let model = model(vec![
            (
                "Text",
                vec![
                    field("value", TypeRef::String, true),
                    field("format", TypeRef::String, false),
                ],
            ),
            (
                "Pair",
                vec![
                    field("a", TypeRef::String, true),
                    field("b", TypeRef::String, true),
                ],
            ),
        ]);
        let api = union_api(
            &model,
            &union_of(&[("Text", Some("Text")), ("Pair", Some("Pair"))]),
        );
        assert_eq!(api.constructors.len(), 1);
        assert_eq!(api.constructors[0].name, "text");
        assert_eq!(api.constructors[0].argument.name, "value");
    }
}

//! The convenience methods of a struct beyond `new` and its setters, decided once for the
//! emitter and the API surface:
//!
//! - **Wrappers convert from what they wrap.** A struct with exactly one required field
//!   whose type is a model struct or union gets `impl From<That> for Struct`, which is
//!   `Struct::new(that)`: `Condition::from(field)`, and anything taking
//!   `impl Into<Condition>` takes a `SearchField` as it is. String enums, strings,
//!   numbers, lists and maps do not count (`Filters::from(FiltersStrategy::All)` would read
//!   as if the strategy were the filters).
//! - **Constructors named after enum values.** A struct whose one required string enum
//!   says how to read its one list (`Filters { strategy: All | Any, conditions: [..] }`)
//!   gets one constructor per value of the enum, taking the list's items as anything that
//!   converts into them: `Filters::all([a, b])` is
//!   `Filters::new(FiltersStrategy::All).conditions([a.into(), b.into()])`. It fires when
//!   the struct's required fields are that enum (and possibly the list), and exactly one
//!   of its fields is a list. A value whose method name is taken (a field's setter, `new`,
//!   a trait method such as `from` or `default`) gets no constructor.
//!
//! Both depend only on the required fields and on the one list, never on the other
//! optional fields: an optional field Dixa adds leaves them as they were, and a value
//! added to the enum adds a constructor. They go with changes that break anyway (a
//! required field added or retyped). A *second list* added next to the one the
//! constructors take leaves no single list to take: published constructors keep the list
//! they took (`Model::constructor_lists`, from the committed API surface); a struct with
//! two lists and no published constructors gets none.

use super::ir::*;
use crate::names::field_name;
use std::collections::BTreeSet;

/// What [`struct_api`] decided for one struct.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StructApi {
    /// The struct's one required field, when it wraps a model struct or union:
    /// `impl From<field type> for Struct`.
    pub from: Option<Field>,
    /// One per value of the struct's required string enum, in the enum's order.
    pub value_constructors: Vec<ValueConstructor>,
}

/// `Filters::all(conditions)`: the struct with its enum field set to one value and its
/// list to the items given.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueConstructor {
    /// The method name: the value's Rust name in snake_case (`all`).
    pub name: String,
    /// The string enum's type name (`FiltersStrategy`).
    pub enum_type: String,
    /// The value (`All`, `"All"` on the wire).
    pub value: EnumValue,
    /// The required field that holds the value (`strategy`).
    pub selector: Field,
    /// The list field the argument fills (`conditions`).
    pub list: Field,
    /// The list's item type (`Condition`): the argument takes anything convertible into it.
    pub item: TypeRef,
}

/// Method names a value constructor never takes: the struct's own `new` and `into_data`,
/// and methods of the traits a generated struct implements or is commonly called through
/// (`Filters::from(..)` must stay `From::from`).
const TAKEN: &[&str] = &[
    "new",
    "into_data",
    "from",
    "into",
    "try_from",
    "try_into",
    "default",
    "clone",
    "clone_from",
    "to_owned",
    "eq",
    "ne",
    "fmt",
    "hash",
    "serialize",
    "deserialize",
];

/// The conveniences of struct `s` (named `name`).
pub fn struct_api(model: &Model, name: &str, s: &Struct) -> StructApi {
    StructApi {
        from: wrapped_field(model, name, s).cloned(),
        value_constructors: value_constructors(model, name, s),
    }
}

/// The one required field, if it holds a model struct or union by value.
fn wrapped_field<'s>(model: &Model, name: &str, s: &'s Struct) -> Option<&'s Field> {
    let mut required = s.fields.iter().filter(|f| f.required);
    let (Some(field), None) = (required.next(), required.next()) else {
        return None;
    };
    let TypeRef::Named(wrapped) = &field.ty else {
        return None;
    };
    let wraps = matches!(
        model.types.get(wrapped).map(|d| &d.kind),
        Some(TypeKind::Struct(_) | TypeKind::Union(_) | TypeKind::PrimitiveUnion(_))
    );
    (wraps && !field.boxed && wrapped != name).then_some(field)
}

fn value_constructors(model: &Model, name: &str, s: &Struct) -> Vec<ValueConstructor> {
    let is_list = |f: &&Field| matches!(f.ty, TypeRef::List(_)) && !f.boxed;
    let lists: Vec<&Field> = s.fields.iter().filter(is_list).collect();
    // Published constructors keep the list they take; new ones need the struct's one list.
    let kept = model.constructor_lists.get(name);
    let list = match kept.and_then(|kept| lists.iter().find(|f| f.name == *kept)) {
        Some(list) => *list,
        None if lists.len() == 1 => lists[0],
        None => return Vec::new(),
    };
    let TypeRef::List(item) = &list.ty else {
        return Vec::new();
    };
    let mut others = s
        .fields
        .iter()
        .filter(|f| f.required && f.name != list.name);
    let (Some(selector), None) = (others.next(), others.next()) else {
        return Vec::new();
    };
    let TypeRef::Named(enum_type) = &selector.ty else {
        return Vec::new();
    };
    let Some(TypeKind::StringEnum(e)) = model.types.get(enum_type).map(|d| &d.kind) else {
        return Vec::new();
    };
    if selector.boxed {
        return Vec::new();
    }
    let mut taken: BTreeSet<String> = TAKEN.iter().map(|t| t.to_string()).collect();
    taken.extend(s.fields.iter().map(|f| f.name.clone()));
    e.values
        .iter()
        .filter_map(|value| {
            let name = field_name(&value.name);
            taken.insert(name.clone()).then(|| ValueConstructor {
                name,
                enum_type: enum_type.clone(),
                value: value.clone(),
                selector: selector.clone(),
                list: list.clone(),
                item: (**item).clone(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn field(name: &str, ty: TypeRef, required: bool) -> Field {
        Field::plain(name, ty, required)
    }

    fn named(name: &str) -> TypeRef {
        TypeRef::Named(name.into())
    }

    fn def(name: &str, kind: TypeKind) -> (String, TypeDef) {
        let def = TypeDef {
            name: name.into(),
            component: Some(name.into()),
            pointer: format!("#/components/schemas/{name}"),
            docs: None,
            deprecated: false,
            kind,
            uses: BTreeSet::new(),
        };
        (name.to_string(), def)
    }

    fn strategy(values: &[&str]) -> TypeKind {
        TypeKind::StringEnum(StringEnum {
            values: values
                .iter()
                .map(|v| EnumValue {
                    name: v.to_string(),
                    wire: v.to_string(),
                })
                .collect(),
            source: EnumSource::Description,
            also_at: Vec::new(),
        })
    }

    fn filters_model(filters: Vec<Field>, values: &[&str]) -> (Model, Struct) {
        let s = Struct {
            fields: filters,
            wire_tag: None,
        };
        let types: BTreeMap<String, TypeDef> = [
            def("Strategy", strategy(values)),
            def(
                "Condition",
                TypeKind::Struct(Struct {
                    fields: vec![field("field", named("Field"), true)],
                    wire_tag: None,
                }),
            ),
            def(
                "Field",
                TypeKind::Union(Union {
                    repr: UnionRepr::Tagged {
                        key: "_type".into(),
                    },
                    variants: Vec::new(),
                    decided_by: Decision::Convention,
                }),
            ),
            def("Filters", TypeKind::Struct(s.clone())),
        ]
        .into();
        (
            Model {
                types,
                ..Model::default()
            },
            s,
        )
    }

    fn filters(extra: Vec<Field>) -> Vec<Field> {
        let mut fields = vec![
            field("strategy", named("Strategy"), true),
            field(
                "conditions",
                TypeRef::List(Box::new(named("Condition"))),
                false,
            ),
        ];
        fields.extend(extra);
        fields
    }

    fn names(api: &StructApi) -> Vec<&str> {
        api.value_constructors
            .iter()
            .map(|c| c.name.as_str())
            .collect()
    }

    #[test]
    fn a_struct_with_one_required_union_converts_from_it_and_a_string_does_not() {
        let (model, _) = filters_model(filters(vec![]), &["All"]);
        let TypeKind::Struct(condition) = &model.types["Condition"].kind else {
            unreachable!()
        };
        let api = struct_api(&model, "Condition", condition);
        assert_eq!(api.from.map(|f| f.name), Some("field".to_string()));

        let text = Struct {
            fields: vec![field("value", TypeRef::String, true)],
            wire_tag: None,
        };
        assert_eq!(struct_api(&model, "Text", &text).from, None);
    }

    #[test]
    fn an_optional_field_added_to_a_wrapper_keeps_its_from_impl() {
        let (model, _) = filters_model(filters(vec![]), &["All"]);
        let wrapper = Struct {
            fields: vec![
                field("field", named("Field"), true),
                field("note", TypeRef::String, false),
            ],
            wire_tag: None,
        };
        assert!(struct_api(&model, "Condition", &wrapper).from.is_some());
    }

    #[test]
    fn each_value_of_the_one_required_enum_names_a_constructor_taking_the_one_list() {
        let (model, s) = filters_model(filters(vec![]), &["All", "Any"]);
        let api = struct_api(&model, "Filters", &s);
        assert_eq!(names(&api), ["all", "any"]);
        assert_eq!(api.value_constructors[0].list.name, "conditions");
        assert_eq!(api.value_constructors[0].item, named("Condition"));
        // The enum is not a wrapped value.
        assert_eq!(api.from, None);
    }

    #[test]
    fn published_constructors_keep_their_list_when_a_second_list_comes() {
        let (mut model, s) = filters_model(
            filters(vec![field(
                "tags",
                TypeRef::List(Box::new(TypeRef::String)),
                false,
            )]),
            &["All", "Any"],
        );
        model
            .constructor_lists
            .insert("Filters".into(), "conditions".into());
        let api = struct_api(&model, "Filters", &s);
        assert_eq!(names(&api), ["all", "any"]);
        assert_eq!(api.value_constructors[0].list.name, "conditions");
    }

    #[test]
    fn optional_fields_and_new_values_keep_the_constructors_and_a_second_list_takes_them() {
        let (model, s) = filters_model(
            filters(vec![field("label", TypeRef::String, false)]),
            &["All", "Any", "None"],
        );
        assert_eq!(
            names(&struct_api(&model, "Filters", &s)),
            ["all", "any", "none"]
        );
        let (model, s) = filters_model(
            filters(vec![field(
                "tags",
                TypeRef::List(Box::new(TypeRef::String)),
                false,
            )]),
            &["All", "Any"],
        );
        assert!(names(&struct_api(&model, "Filters", &s)).is_empty());
    }

    #[test]
    fn a_value_whose_method_name_is_taken_gets_no_constructor() {
        let (model, s) = filters_model(filters(vec![]), &["Conditions", "Default", "New", "All"]);
        assert_eq!(names(&struct_api(&model, "Filters", &s)), ["all"]);
    }
}

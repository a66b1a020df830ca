//! Stage 2, model: the loaded description (and the overrides) -> [`ir::Model`], the plain
//! data every later stage prints from.
//!
//! - [`types`]: component and inline schemas -> model types;
//! - [`unions`]: how each union goes on the wire (tagged, by which key, with which tags;
//!   a string; untagged; bare values): the one place that decides it;
//! - [`union_api`]: a union's `From` impls, short constructors and shared-field accessors;
//! - [`struct_api`]: a wrapper struct's `From` impl and constructors named after enum
//!   values (`Filters::all(conditions)`);
//! - [`operations`]: paths -> operations, with their pagination;
//! - `numbered_names`: names for `IsOneOf4`-style components, from their one user;
//! - `shared_enums`: one string enum for the same values under the same field name;
//! - `recursion`: which fields of recursive types are boxed;
//! - [`operation_names`]: the method name of each operation;
//! - [`published`]: the names the crate published before, which those rules keep;
//! - [`ir`]: the model itself; [`surface`]: its compact listing for snapshots.

pub mod ir;
mod numbered_names;
mod operation_names;
mod operations;
pub mod published;
mod recursion;
mod rename;
mod shared_enums;
pub mod struct_api;
pub mod surface;
mod types;
pub mod union_api;
pub mod unions;

use crate::diagnostics::Diagnostics;
use crate::load::Description;
use crate::load::overrides::Overrides;
use ir::Model;
pub use published::Published;

/// Builds the model: names every component, converts the schemas, then the operations,
/// names those, and orders them by group and name.
pub fn build_model(description: &Description, overrides: &Overrides) -> Result<Model, Diagnostics> {
    build_model_keeping(description, overrides, &Published::default())
}

/// [`build_model`], keeping the names `published` before ([`published`]).
pub fn build_model_keeping(
    description: &Description,
    overrides: &Overrides,
    published: &Published,
) -> Result<Model, Diagnostics> {
    let mut cx = types::Converter::new(description, overrides)?;
    cx.convert_components();
    let mut operations = operations::convert_operations(&mut cx);
    let mut types = cx.finish()?;
    Diagnostics(unions::drop_declared_tags(&mut types)).into_result()?;
    numbered_names::name_numbered_components(&mut types, &mut operations, published);
    shared_enums::share_string_enums(&mut types, &operations, published);
    recursion::box_cycles(&mut types)?;
    operation_names::name_operations(&mut operations, &types, overrides, published);
    operations.sort_by(|a, b| (&a.group, &a.fn_name).cmp(&(&b.group, &b.fn_name)));
    Ok(Model {
        types,
        operations,
        constructor_lists: published.constructor_lists().clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conventions::TAG_KEY;
    use ir::*;
    use std::collections::BTreeSet;

    fn model_of(schemas: &str, overrides: &str) -> Model {
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
        );
        let description = crate::load::parse_description(&spec).expect("parses");
        let overrides = Overrides::parse(overrides).expect("parses");
        build_model(&description, &overrides).expect("builds")
    }

    const EVENT: &str = r#"
    Event:
      oneOf:
        - $ref: '#/components/schemas/Created2'
        - $ref: '#/components/schemas/Closed'
    Created2:
      title: Created
      type: object
      properties:
        id: {type: string}
    Closed:
      type: object
    Outcome:
      type: object
      properties:
        created: {$ref: '#/components/schemas/Created2'}
"#;

    #[test]
    fn a_tagged_union_records_its_key_and_each_variants_tag_and_component() {
        let model = model_of(EVENT, "");
        let TypeKind::Union(union) = &model.types["Event"].kind else {
            panic!("Event is a union");
        };
        assert_eq!(
            union.repr,
            UnionRepr::Tagged {
                key: TAG_KEY.into()
            }
        );
        assert_eq!(union.decided_by, Decision::Convention);
        let variants: Vec<(&Selector, Option<&str>, Option<&str>)> = union
            .variants
            .iter()
            .map(|v| (&v.selector, v.component.as_deref(), v.payload.as_deref()))
            .collect();
        assert_eq!(
            variants,
            [
                (
                    &Selector::Tag("Created".into()),
                    Some("Created2"),
                    Some("Created2")
                ),
                (&Selector::Tag("Closed".into()), Some("Closed"), None),
            ]
        );
    }

    #[test]
    fn types_know_every_place_that_uses_them() {
        let model = model_of(EVENT, "");
        let created: BTreeSet<Use> = [
            Use::At("#/components/schemas/Outcome/properties/created".into()),
            Use::Variant {
                union: "Event".into(),
            },
        ]
        .into();
        assert_eq!(model.types["Created2"].uses, created);
        let closed: BTreeSet<Use> = [Use::Variant {
            union: "Event".into(),
        }]
        .into();
        assert_eq!(model.types["Closed"].uses, closed);
        assert!(model.types["Outcome"].uses.is_empty());
    }

    #[test]
    fn an_override_is_recorded_as_what_decided_the_union() {
        let model = model_of(
            r#"
    Input:
      oneOf:
        - $ref: '#/components/schemas/ByCsid'
        - $ref: '#/components/schemas/ByPeriod'
    ByCsid:
      type: object
      properties:
        csidFilter: {type: string}
    ByPeriod:
      type: object
      properties:
        periodFilter: {type: string}
"#,
            "overrides:\n  - at: '#/components/schemas/Input'\n    union: untagged\n    reason: r\n",
        );
        let TypeKind::Union(union) = &model.types["Input"].kind else {
            panic!("Input is a union");
        };
        assert_eq!(union.repr, UnionRepr::Untagged);
        assert_eq!(union.decided_by, Decision::Override(OverrideRule::Untagged));
        let keys: Vec<&Selector> = union.variants.iter().map(|v| &v.selector).collect();
        assert_eq!(
            keys,
            [
                &Selector::Key("csidFilter".into()),
                &Selector::Key("periodFilter".into())
            ]
        );
    }
}

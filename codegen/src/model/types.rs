//! Schemas -> model types: every component, and the inline types met on the way (named
//! from where they are used), applying [`conventions`] and the overrides.
//!
//! Names are resolved first, with every candidate known (component types, then inline
//! types as they are met in description order), so collisions are reported rather
//! than discovered by the compiler. Unions are classified by [`unions`].

use super::ir::*;
use super::unions::{self, UnionClass, VariantSchema};
use crate::conventions;
use crate::diagnostics::Diagnostics;
use crate::load::overrides::{FieldTypeOverride, Overrides};
use crate::load::{
    Description, component_name, component_schemas, escape_pointer_segment, examples_of,
    media_types, resolve, schema_pointer,
};
use crate::names;
use openapiv3::{
    AdditionalProperties, Discriminator, IntegerFormat, OpenAPI, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};
use std::collections::{BTreeMap, BTreeSet};

/// The state of one conversion: the types built so far, and what went wrong.
pub(super) struct Converter<'a> {
    pub(super) spec: &'a OpenAPI,
    pub(super) overrides: &'a Overrides,
    /// Component name -> Rust type name.
    component_types: BTreeMap<String, String>,
    pub(super) types: BTreeMap<String, TypeDef>,
    pub(super) diags: Diagnostics,
    implicit_object_tags: BTreeMap<String, WireTag>,
    /// Rust type name -> the places that refer to it, attached to the types at the end.
    uses: BTreeMap<String, BTreeSet<Use>>,
}

impl<'a> Converter<'a> {
    /// Names every component; fails on name collisions, before any type is built.
    pub(super) fn new(
        description: &'a Description,
        overrides: &'a Overrides,
    ) -> Result<Self, Diagnostics> {
        let spec = &description.api;
        let mut cx = Converter {
            spec,
            overrides,
            component_types: BTreeMap::new(),
            types: BTreeMap::new(),
            diags: Diagnostics::default(),
            implicit_object_tags: implicit_object_tags(spec),
            uses: BTreeMap::new(),
        };
        cx.name_components();
        cx.diags.clone().into_result()?;
        Ok(cx)
    }

    /// The types built, each with its uses; or every problem met.
    pub(super) fn finish(self) -> Result<BTreeMap<String, TypeDef>, Diagnostics> {
        self.diags.into_result()?;
        let mut types = self.types;
        for (name, uses) in self.uses {
            if let Some(def) = types.get_mut(&name) {
                def.uses = uses;
            }
        }
        Ok(types)
    }
}

impl<'a> Converter<'a> {
    /// Every component gets its Rust name before anything refers to it.
    fn name_components(&mut self) {
        let Some(schemas) = component_schemas(self.spec) else {
            return;
        };
        let mut by_rust_name: BTreeMap<String, String> = BTreeMap::new();
        for component in schemas.keys() {
            let pointer = schema_pointer(component);
            let rust = match self.overrides.rename(&pointer) {
                Some(r) => r.to_string(),
                None => names::type_name(component),
            };
            if names::is_reserved_type_name(&rust) {
                self.diags.push(
                    &pointer,
                    format!("the Rust name `{rust}` would shadow a name the generated code uses; add a `rename` override"),
                );
            }
            if let Some(other) = by_rust_name.get(&rust) {
                self.diags.push(
                    &pointer,
                    format!(
                        "name collision: component `{component}` and component `{other}` ({}) both become `models::{rust}`; add a `rename` override for one of them",
                        schema_pointer(other)
                    ),
                );
                continue;
            }
            by_rust_name.insert(rust.clone(), component.clone());
            self.component_types.insert(component.clone(), rust);
        }
    }

    pub(super) fn convert_components(&mut self) {
        let Some(schemas) = component_schemas(self.spec) else {
            return;
        };
        for (component, schema) in schemas {
            let pointer = schema_pointer(component);
            let ReferenceOr::Item(schema) = schema else {
                self.diags.push(
                    &pointer,
                    "a component that is only a $ref to another component is not supported",
                );
                continue;
            };
            let Some(rust) = self.component_types.get(component).cloned() else {
                continue; // a name collision, already reported
            };
            let kind = self.component_kind(component, &rust, schema, &pointer);
            if let Some(kind) = kind {
                self.note_variant_uses(&rust, &kind);
                self.types.insert(
                    rust.clone(),
                    TypeDef {
                        name: rust,
                        component: Some(component.clone()),
                        pointer,
                        docs: schema.schema_data.description.clone(),
                        deprecated: schema.schema_data.deprecated,
                        kind,
                        uses: BTreeSet::new(),
                    },
                );
            }
        }
    }

    fn note_use(&mut self, type_name: &str, site: Use) {
        self.uses
            .entry(type_name.to_string())
            .or_default()
            .insert(site);
    }

    /// The components a union's `oneOf` entries refer to are used by the union.
    fn note_variant_uses(&mut self, union: &str, kind: &TypeKind) {
        let TypeKind::Union(u) = kind else {
            return;
        };
        for component in u.variants.iter().filter_map(|v| v.component.as_ref()) {
            if let Some(rust) = self.component_types.get(component).cloned() {
                self.note_use(
                    &rust,
                    Use::Variant {
                        union: union.to_string(),
                    },
                );
            }
        }
    }

    fn component_kind(
        &mut self,
        component: &str,
        rust: &str,
        schema: &Schema,
        pointer: &str,
    ) -> Option<TypeKind> {
        match &schema.schema_kind {
            SchemaKind::OneOf { one_of } => {
                let discriminator = schema.schema_data.discriminator.as_ref();
                self.union_kind(rust, one_of, discriminator, pointer)
            }
            SchemaKind::Type(Type::Object(object)) => {
                if object.properties.is_empty() {
                    if let Some(values) = &object.additional_properties {
                        let value_ty = self.additional_properties_type(
                            values,
                            &format!("{pointer}/additionalProperties"),
                            rust,
                        );
                        let value_ty = if conventions::map_values_are_nullable(component)
                            || self
                                .overrides
                                .nullable(&format!("{pointer}/additionalProperties"))
                        {
                            TypeRef::Nullable(Box::new(value_ty))
                        } else {
                            value_ty
                        };
                        return Some(TypeKind::Map(value_ty));
                    }
                }
                let wire_tag = self.implicit_object_tags.get(component).cloned();
                Some(TypeKind::Struct(
                    self.struct_of(rust, object, pointer, wire_tag),
                ))
            }
            SchemaKind::Type(_) | SchemaKind::Any(_) => {
                let ty = self.type_ref_inline(schema, pointer, &format!("{rust}Value"));
                Some(match ty {
                    TypeRef::Named(n) if n == format!("{rust}Value") => {
                        // An inline enum for a string component: use the component itself.
                        self.uses.remove(&n);
                        let def = self.types.remove(&n)?;
                        def.kind
                    }
                    other => TypeKind::Alias(other),
                })
            }
            SchemaKind::AllOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::Not { .. } => {
                self.diags.push(
                    pointer,
                    "allOf / anyOf / not are not supported (Dixa's description does not use them)",
                );
                None
            }
        }
    }

    /// A `oneOf`: of component objects (tagged, string-encoded or untagged), or of
    /// inline values of different JSON kinds.
    fn union_kind(
        &mut self,
        rust: &str,
        one_of: &[ReferenceOr<Schema>],
        discriminator: Option<&Discriminator>,
        pointer: &str,
    ) -> Option<TypeKind> {
        if one_of
            .iter()
            .all(|s| matches!(s, ReferenceOr::Reference { .. }))
        {
            return self.component_union(one_of, discriminator, pointer);
        }
        if discriminator.is_some() {
            self.diags.push(
                format!("{pointer}/discriminator"),
                "a discriminator needs every oneOf entry to be a $ref to a component object",
            );
            return None;
        }
        if one_of.iter().all(|s| matches!(s, ReferenceOr::Item(_))) {
            return self.primitive_union(rust, one_of, pointer);
        }
        self.diags.push(
            pointer,
            "a oneOf mixing $ref and inline variants cannot be represented; split it or add an override",
        );
        None
    }

    /// A `oneOf` of component `$ref`s, classified by [`unions::classify_one_of`].
    fn component_union(
        &mut self,
        one_of: &[ReferenceOr<Schema>],
        discriminator: Option<&Discriminator>,
        pointer: &str,
    ) -> Option<TypeKind> {
        let mut variants = Vec::new();
        for (i, variant) in one_of.iter().enumerate() {
            let at = format!("{pointer}/oneOf/{i}");
            match resolve(self.spec, variant, &at) {
                // `resolve` names the component of every `$ref` it follows.
                Ok((schema, component)) => variants.push(VariantSchema {
                    component: component.unwrap_or_default(),
                    schema,
                }),
                Err(d) => {
                    self.diags.0.push(d);
                    return None;
                }
            }
        }
        let rule = self.overrides.union_repr(pointer);
        let class = unions::classify_one_of(pointer, &variants, rule, |component| {
            self.implicit_object_tags.contains_key(component)
        });
        if let (Ok(class), Some(discriminator)) = (&class, discriminator) {
            let disagreements = unions::check_discriminator(pointer, discriminator, class);
            if !disagreements.is_empty() {
                self.diags.0.extend(disagreements);
                return None;
            }
        }
        match class {
            Ok(class) => Some(self.union_of_class(class)),
            Err(d) => {
                self.diags.0.push(d);
                None
            }
        }
    }

    /// The model type of a classified union.
    fn union_of_class(&mut self, class: UnionClass<'_>) -> TypeKind {
        let docs = |v: &VariantSchema<'_>| v.schema.schema_data.description.clone();
        match class {
            UnionClass::StringEncoded { tags } => TypeKind::StringEnum(StringEnum {
                values: enum_values(tags),
                source: EnumSource::EmptyUnion,
                also_at: Vec::new(),
            }),
            UnionClass::Tagged { key, variants } => {
                let mut names: Vec<String> = variants
                    .iter()
                    .map(|v| names::variant_name(&v.tag))
                    .collect();
                names::dedupe_in_order(&mut names);
                let variants = variants
                    .into_iter()
                    .zip(names)
                    .map(|(v, name)| Variant {
                        name,
                        payload: (!v.empty)
                            .then(|| self.component_types.get(v.variant.component).cloned())
                            .flatten(),
                        component: Some(v.variant.component.to_string()),
                        docs: docs(&v.variant),
                        selector: Selector::Tag(v.tag),
                    })
                    .collect();
                TypeKind::Union(Union {
                    repr: UnionRepr::Tagged {
                        key: key.to_string(),
                    },
                    variants,
                    decided_by: Decision::Convention,
                })
            }
            UnionClass::Untagged { variants } => TypeKind::Union(Union {
                repr: UnionRepr::Untagged,
                variants: variants
                    .into_iter()
                    .map(|v| Variant {
                        name: names::variant_name(&v.tag),
                        payload: self.component_types.get(v.variant.component).cloned(),
                        component: Some(v.variant.component.to_string()),
                        docs: docs(&v.variant),
                        selector: Selector::Key(v.key),
                    })
                    .collect(),
                decided_by: Decision::Override(OverrideRule::Untagged),
            }),
            UnionClass::UnwrappedValues { variants } => {
                let mut out = Vec::new();
                for v in variants {
                    let component = v.variant.component;
                    let ty = self.type_ref(
                        &v.value.clone().unbox(),
                        &format!("{}/properties/value", schema_pointer(component)),
                        &format!("{}Value", names::type_name(component)),
                    );
                    out.push(PrimitiveVariant {
                        name: names::variant_name(&v.tag),
                        ty,
                        component: Some(component.to_string()),
                    });
                }
                TypeKind::PrimitiveUnion(PrimitiveUnion {
                    variants: out,
                    decided_by: Decision::Override(OverrideRule::UnwrappedValues),
                })
            }
        }
    }

    /// `oneOf: [array of string, string]`: variants of distinct JSON kinds.
    fn primitive_union(
        &mut self,
        rust: &str,
        one_of: &[ReferenceOr<Schema>],
        pointer: &str,
    ) -> Option<TypeKind> {
        let mut variants = Vec::new();
        let mut kinds = Vec::new();
        // The caller checked that every variant is inline.
        let inline = one_of.iter().filter_map(|v| match v {
            ReferenceOr::Item(schema) => Some(schema),
            ReferenceOr::Reference { .. } => None,
        });
        for (i, schema) in inline.enumerate() {
            let at = format!("{pointer}/oneOf/{i}");
            let ty = self.type_ref_inline(schema, &at, &format!("{rust}Variant{i}"));
            let (name, kind) = match &ty {
                TypeRef::String | TypeRef::Uuid | TypeRef::DateTime => ("Text", "string"),
                TypeRef::Bool => ("Bool", "boolean"),
                TypeRef::I32 | TypeRef::I64 => ("Integer", "number"),
                TypeRef::F64 => ("Number", "number"),
                TypeRef::List(_) => ("List", "array"),
                TypeRef::Map(_) => ("Map", "object"),
                _ => {
                    self.diags.push(
                        at,
                        "inline oneOf variants must be primitive values, arrays or maps",
                    );
                    return None;
                }
            };
            if kinds.contains(&kind) {
                self.diags.push(
                    pointer,
                    format!("inline oneOf has two variants of JSON kind `{kind}`: without a tag they cannot be told apart"),
                );
                return None;
            }
            kinds.push(kind);
            variants.push(PrimitiveVariant {
                name: name.to_string(),
                ty,
                component: None,
            });
        }
        Some(TypeKind::PrimitiveUnion(PrimitiveUnion {
            variants,
            decided_by: Decision::Convention,
        }))
    }

    fn struct_of(
        &mut self,
        rust: &str,
        object: &openapiv3::ObjectType,
        pointer: &str,
        wire_tag: Option<WireTag>,
    ) -> Struct {
        // Extra keys beside declared properties would be dropped on decode and lost on
        // re-encode; `additionalProperties: false` only forbids them.
        if !matches!(
            object.additional_properties,
            None | Some(AdditionalProperties::Any(false))
        ) {
            self.diags.push(
                format!("{pointer}/additionalProperties"),
                "an object with both `properties` and `additionalProperties` is not supported: the extra keys would be lost; ask for it to be supported",
            );
        }
        let mut fields = Vec::new();
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for (wire, prop) in &object.properties {
            let at = format!("{pointer}/properties/{}", escape_pointer_segment(wire));
            let name = match self.overrides.rename(&at) {
                Some(r) => r.to_string(),
                None => names::field_name(wire),
            };
            if let Some(other) = seen.insert(name.clone(), wire.clone()) {
                self.diags.push(
                    &at,
                    format!("name collision: properties `{other}` and `{wire}` both become the Rust field `{name}`; add a `rename` override"),
                );
                continue;
            }
            let hint = format!("{rust}{}", names::type_name(wire));
            let (ty, mut docs, deprecated, nullable, one_way) = match prop {
                ReferenceOr::Reference { .. } => (
                    self.type_ref(&prop.clone().unbox(), &at, &hint),
                    None,
                    false,
                    false,
                    None,
                ),
                ReferenceOr::Item(s) => (
                    self.type_ref_inline(s, &at, &hint),
                    s.schema_data.description.clone(),
                    s.schema_data.deprecated,
                    s.schema_data.nullable,
                    if s.schema_data.read_only {
                        Some("Read-only: Dixa sends it; leave it `None` in requests.")
                    } else if s.schema_data.write_only {
                        Some("Write-only: sent in requests; Dixa does not send it back.")
                    } else {
                        None
                    },
                ),
            };
            if let Some(note) = one_way {
                docs = Some(match docs {
                    Some(d) => format!("{d}\n\n{note}"),
                    None => note.to_string(),
                });
            }
            // A required `nullable` field is always sent: `None` is written as `null`.
            // An optional one is `None` when absent or `null`, and `None` is not sent.
            // A `readOnly`/`writeOnly` one is required in one direction only: an `Option`
            // (one type serves requests and answers).
            // An `optional` override (asked about only for a required property, so that
            // one on a property the description already leaves optional goes stale).
            let required = object.required.contains(wire)
                && one_way.is_none()
                && !self.overrides.optional(&at);
            let ty = match ty {
                TypeRef::Nullable(_) => ty,
                ty if required && nullable => TypeRef::Nullable(Box::new(ty)),
                ty => ty,
            };
            fields.push(Field {
                name,
                wire_name: wire.clone(),
                ty,
                required,
                docs,
                deprecated,
                boxed: false,
            });
        }
        Struct { fields, wire_tag }
    }

    fn additional_properties_type(
        &mut self,
        ap: &AdditionalProperties,
        pointer: &str,
        owner: &str,
    ) -> TypeRef {
        match ap {
            AdditionalProperties::Any(_) => TypeRef::Json,
            AdditionalProperties::Schema(s) => {
                let hint = match s.as_ref() {
                    ReferenceOr::Item(s) => s
                        .schema_data
                        .description
                        .as_deref()
                        .and_then(conventions::type_name_hint_from_description)
                        .map(str::to_string),
                    _ => None,
                }
                .unwrap_or_else(|| format!("{owner}Value"));
                self.type_ref(s, pointer, &hint)
            }
        }
    }

    /// The type of a use site; inline enums, structs and unions become named types
    /// called `name_hint` (deduplicated when identical, numbered when not).
    pub(super) fn type_ref(
        &mut self,
        schema: &ReferenceOr<Schema>,
        pointer: &str,
        name_hint: &str,
    ) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => {
                match component_name(reference).and_then(|c| self.component_types.get(c)) {
                    Some(rust) => {
                        let rust = rust.clone();
                        self.note_use(&rust, Use::At(pointer.to_string()));
                        TypeRef::Named(rust)
                    }
                    None => {
                        if let Err(d) = resolve(self.spec, schema, pointer) {
                            self.diags.0.push(d);
                        }
                        TypeRef::Json
                    }
                }
            }
            ReferenceOr::Item(s) => self.type_ref_inline(s, pointer, name_hint),
        }
    }

    /// The type of an inline schema: a primitive, a list or map of one, or a type of its
    /// own registered under `name_hint` (an object, an enum, a union, or what an override
    /// at `pointer` says).
    pub(super) fn type_ref_inline(
        &mut self,
        schema: &Schema,
        pointer: &str,
        name_hint: &str,
    ) -> TypeRef {
        if let Some(overridden) = self.overridden_type(schema, pointer, name_hint) {
            return overridden;
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => self.string_type(schema, s, pointer, name_hint),
            SchemaKind::Type(Type::Integer(i)) => match &i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
                _ => TypeRef::I64,
            },
            SchemaKind::Type(Type::Number(_)) => TypeRef::F64,
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Array(a)) => self.list_type(schema, a, pointer, name_hint),
            SchemaKind::Type(Type::Object(o)) => {
                if !o.properties.is_empty() {
                    let st = self.struct_of(name_hint, o, pointer, None);
                    return self.inline_type(name_hint, pointer, schema, TypeKind::Struct(st));
                }
                match &o.additional_properties {
                    Some(ap) => {
                        let v = self.additional_properties_type(
                            ap,
                            &format!("{pointer}/additionalProperties"),
                            name_hint,
                        );
                        TypeRef::Map(Box::new(v))
                    }
                    None => TypeRef::Json,
                }
            }
            SchemaKind::OneOf { one_of } => {
                let name = schema
                    .schema_data
                    .description
                    .as_deref()
                    .and_then(conventions::type_name_hint_from_description)
                    .unwrap_or(name_hint)
                    .to_string();
                match self.union_kind(
                    &name,
                    one_of,
                    schema.schema_data.discriminator.as_ref(),
                    pointer,
                ) {
                    Some(kind) => self.inline_type(&name, pointer, schema, kind),
                    None => TypeRef::Json,
                }
            }
            SchemaKind::Any(any) => {
                if let Some(problem) = untyped_schema_problem(any) {
                    self.diags.push(pointer, problem);
                }
                TypeRef::Json
            }
            SchemaKind::AllOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::Not { .. } => {
                self.diags.push(
                    pointer,
                    "allOf / anyOf / not are not supported (Dixa's description does not use them)",
                );
                TypeRef::Json
            }
        }
    }

    /// The type a field-type override at `pointer` gives the schema, if there is one.
    fn overridden_type(
        &mut self,
        schema: &Schema,
        pointer: &str,
        name_hint: &str,
    ) -> Option<TypeRef> {
        if self.overrides.field_type(pointer) == Some(FieldTypeOverride::LenientString) {
            let kind = TypeKind::PrimitiveUnion(PrimitiveUnion {
                variants: vec![
                    PrimitiveVariant {
                        name: "Text".into(),
                        ty: TypeRef::String,
                        component: None,
                    },
                    PrimitiveVariant {
                        name: "Integer".into(),
                        ty: TypeRef::I64,
                        component: None,
                    },
                ],
                decided_by: Decision::Override(OverrideRule::LenientString),
            });
            return Some(self.inline_type(name_hint, pointer, schema, kind));
        }
        if self.overrides.field_type(pointer) == Some(FieldTypeOverride::TaggedUnitEnum) {
            let unit = unions::classify_unit_enum(schema.schema_data.description.as_deref());
            let mut variant_names: Vec<String> =
                unit.tags.iter().map(|v| names::variant_name(v)).collect();
            names::dedupe_in_order(&mut variant_names);
            let union = Union {
                repr: UnionRepr::Tagged {
                    key: unit.key.to_string(),
                },
                variants: unit
                    .tags
                    .into_iter()
                    .zip(variant_names)
                    .map(|(tag, name)| Variant {
                        name,
                        selector: Selector::Tag(tag),
                        payload: None,
                        component: None,
                        docs: None,
                    })
                    .collect(),
                decided_by: Decision::Override(OverrideRule::TaggedUnitEnum),
            };
            return Some(self.inline_type(name_hint, pointer, schema, TypeKind::Union(union)));
        }
        None
    }

    /// A string: an enum (from `enum`, or hidden in the description), else a primitive
    /// by its format.
    fn string_type(
        &mut self,
        schema: &Schema,
        s: &openapiv3::StringType,
        pointer: &str,
        name_hint: &str,
    ) -> TypeRef {
        if !s.enumeration.is_empty() {
            let values = s.enumeration.iter().flatten().cloned().collect();
            let kind = TypeKind::StringEnum(StringEnum {
                values: enum_values(values),
                source: EnumSource::Keyword,
                also_at: Vec::new(),
            });
            return self.inline_type(name_hint, pointer, schema, kind);
        }
        if let Some(values) = schema
            .schema_data
            .description
            .as_deref()
            .and_then(conventions::enum_values_from_description)
        {
            let kind = TypeKind::StringEnum(StringEnum {
                values: enum_values(values),
                source: EnumSource::Description,
                also_at: Vec::new(),
            });
            return self.inline_type(name_hint, pointer, schema, kind);
        }
        match &s.format {
            VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
            VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => TypeRef::Binary,
            VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid" => TypeRef::Uuid,
            _ => TypeRef::String,
        }
    }

    /// A list, its items typed as any schema (plain strings may list their values in the
    /// list's description).
    fn list_type(
        &mut self,
        schema: &Schema,
        a: &openapiv3::ArrayType,
        pointer: &str,
        name_hint: &str,
    ) -> TypeRef {
        match &a.items {
            // Hidden-enum rule on a list: `values: [open, closed]` on an array of
            // plain strings lists what its items may be.
            Some(ReferenceOr::Item(item)) if is_plain_string(item) => {
                let values = schema
                    .schema_data
                    .description
                    .as_deref()
                    .and_then(conventions::enum_values_from_description);
                let item = match values {
                    Some(values) => {
                        let kind = TypeKind::StringEnum(StringEnum {
                            values: enum_values(values),
                            source: EnumSource::Description,
                            also_at: Vec::new(),
                        });
                        self.inline_type(
                            &format!("{name_hint}Item"),
                            &format!("{pointer}/items"),
                            item,
                            kind,
                        )
                    }
                    None => self.type_ref_inline(
                        item,
                        &format!("{pointer}/items"),
                        &format!("{name_hint}Item"),
                    ),
                };
                TypeRef::List(Box::new(item))
            }
            Some(items) => {
                let item = self.type_ref(
                    &items.clone().unbox(),
                    &format!("{pointer}/items"),
                    &format!("{name_hint}Item"),
                );
                TypeRef::List(Box::new(item))
            }
            None => TypeRef::List(Box::new(TypeRef::Json)),
        }
    }

    /// Registers an inline type under `name`, reusing an identical one of that name and
    /// numbering a different one (or one whose name the generated code already uses:
    /// `Date` + `time` is not `DateTime`).
    fn inline_type(
        &mut self,
        name: &str,
        pointer: &str,
        schema: &Schema,
        kind: TypeKind,
    ) -> TypeRef {
        let base = names::type_name(name);
        let mut candidate = base.clone();
        let mut n = 2;
        loop {
            match self.types.get(&candidate) {
                Some(existing) if existing.component.is_none() && existing.kind == kind => {
                    self.note_use(&candidate, Use::At(pointer.to_string()));
                    self.note_variant_uses(&candidate, &kind);
                    return TypeRef::Named(candidate);
                }
                None if !self.component_types.values().any(|c| *c == candidate)
                    && !names::is_reserved_type_name(&candidate) =>
                {
                    break;
                }
                _ => {
                    candidate = format!("{base}{n}");
                    n += 1;
                }
            }
        }
        self.note_use(&candidate, Use::At(pointer.to_string()));
        self.note_variant_uses(&candidate, &kind);
        self.types.insert(
            candidate.clone(),
            TypeDef {
                name: candidate.clone(),
                component: None,
                pointer: pointer.to_string(),
                docs: schema.schema_data.description.clone(),
                deprecated: schema.schema_data.deprecated,
                kind,
                uses: BTreeSet::new(),
            },
        );
        TypeRef::Named(candidate)
    }
}

/// openapiv3 files every schema it cannot classify as "any JSON value": right for `{}`
/// or a schema with only a description, wrong for a typo (`type: strin`) or keywords
/// that contradict the type, which would silently become `serde_json::Value`.
fn untyped_schema_problem(any: &openapiv3::AnySchema) -> Option<String> {
    const TYPES: [&str; 6] = ["string", "number", "integer", "boolean", "object", "array"];
    match any.typ.as_deref() {
        Some(t) if !TYPES.contains(&t) => Some(format!(
            "unknown `type: {t}` (expected one of {})",
            TYPES.join(", ")
        )),
        Some(t) => Some(format!(
            "`type: {t}` appears with keywords that do not belong to it (e.g. `properties` on a \
             string, `items` on an object, `enum` values of another type); the schema cannot be typed"
        )),
        None if !any.properties.is_empty()
            || any.items.is_some()
            || any.additional_properties.is_some()
            || !any.one_of.is_empty()
            || !any.all_of.is_empty()
            || !any.any_of.is_empty()
            || any.not.is_some() =>
        {
            Some(
                "a schema with structure (`properties`, `items`, `oneOf`...) but no `type`, or \
                 with keywords that do not go together; add the `type` it means"
                    .to_string(),
            )
        }
        None => None,
    }
}

fn enum_values(wire: Vec<String>) -> Vec<EnumValue> {
    let mut names: Vec<String> = wire.iter().map(|w| names::variant_name(w)).collect();
    names::dedupe_in_order(&mut names);
    wire.into_iter()
        .zip(names)
        .map(|(wire, name)| EnumValue { name, wire })
        .collect()
}

/// Implicit-tag rule, applied: components whose body examples carry a `_type` their
/// schema does not declare. See [`conventions::implicit_object_tag`].
fn implicit_object_tags(spec: &OpenAPI) -> BTreeMap<String, WireTag> {
    let mut tags = BTreeMap::new();
    for (_, _, media) in media_types(spec) {
        let Some(ReferenceOr::Reference { reference }) = &media.schema else {
            continue;
        };
        let Some(component) = component_name(reference) else {
            continue;
        };
        let Some(ReferenceOr::Item(schema)) =
            component_schemas(spec).and_then(|s| s.get(component))
        else {
            continue;
        };
        let is_plain_object = matches!(&schema.schema_kind, SchemaKind::Type(Type::Object(o)) if !o.properties.contains_key(conventions::TAG_KEY) && !o.properties.is_empty());
        if !is_plain_object {
            continue;
        }
        for (_, example) in examples_of(media) {
            if let Some(tag) = conventions::implicit_object_tag(example) {
                let tag = WireTag {
                    key: conventions::TAG_KEY.to_string(),
                    value: tag.to_string(),
                };
                tags.insert(component.to_string(), tag);
            }
        }
    }
    tags
}

/// A string schema with nothing that types it further: no `enum`, no `format`, no
/// values list of its own.
fn is_plain_string(schema: &Schema) -> bool {
    let SchemaKind::Type(Type::String(s)) = &schema.schema_kind else {
        return false;
    };
    s.enumeration.is_empty()
        && matches!(s.format, VariantOrUnknownOrEmpty::Empty)
        && schema
            .schema_data
            .description
            .as_deref()
            .and_then(conventions::enum_values_from_description)
            .is_none()
}

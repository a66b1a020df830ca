//! Stage 3, examples: every example embedded in the description, checked against the
//! model ([`checker`] walks one value against its type).
//!
//! The examples are the ground truth for the wire format. Each disagreement between
//! an example and the type the model gives it (an unknown `_type`, a tag the model
//! did not expect, a missing required key, a key the type would drop, a value of the
//! wrong kind) is an error unless an override in `spec/overrides.yaml` decides it.

pub mod answers;
mod checker;

use crate::diagnostics::Diagnostics;
use crate::load::overrides::Overrides;
use crate::load::{Description, component_name, examples_of, media_types};
use crate::model::ir::*;
use checker::Checker;
use openapiv3::ReferenceOr;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// One example and the type it must decode into.
#[derive(Debug, Clone)]
pub struct ExampleCase<'a> {
    /// JSON pointer of the example in the description.
    pub pointer: String,
    /// `None` when the body schema is not one the checker can name (reported).
    pub ty: Option<TypeRef>,
    pub value: &'a Value,
    /// Set when an override says the example is wrong, with its reason.
    pub skipped: Option<String>,
}

/// All examples of JSON bodies with their types.
pub fn example_cases<'a>(
    description: &'a Description,
    model: &Model,
    overrides: &Overrides,
) -> Vec<ExampleCase<'a>> {
    let by_component: BTreeMap<&str, &str> = model
        .types
        .values()
        .filter_map(|t| Some((t.component.as_deref()?, t.name.as_str())))
        .collect();
    let named = |r: &ReferenceOr<openapiv3::Schema>| -> Option<TypeRef> {
        match r {
            ReferenceOr::Reference { reference } => Some(TypeRef::Named(
                by_component.get(component_name(reference)?)?.to_string(),
            )),
            ReferenceOr::Item(_) => None,
        }
    };
    let mut out = Vec::new();
    for (pointer, mt, media) in media_types(&description.api) {
        if mt != "application/json" {
            continue;
        }
        let ty = media.schema.as_ref().and_then(|s| match s {
            ReferenceOr::Item(openapiv3::Schema {
                schema_kind: openapiv3::SchemaKind::Type(openapiv3::Type::Array(a)),
                ..
            }) => a
                .items
                .as_ref()
                .and_then(|i| named(&i.clone().unbox()))
                .map(|t| TypeRef::List(Box::new(t))),
            other => named(other),
        });
        for (suffix, value) in examples_of(media) {
            let pointer = format!("{pointer}{suffix}");
            let skipped = overrides.skipped_example(&pointer).map(str::to_string);
            out.push(ExampleCase {
                pointer,
                ty: ty.clone(),
                value,
                skipped,
            });
        }
    }
    out.extend(schema_examples(description, model, overrides));
    out
}

/// The `example` of a component schema and of its inline properties: checked like body
/// examples, against the component's type and the property's field type.
fn schema_examples<'a>(
    description: &'a Description,
    model: &Model,
    overrides: &Overrides,
) -> Vec<ExampleCase<'a>> {
    let mut out = Vec::new();
    let Some(schemas) = crate::load::component_schemas(&description.api) else {
        return out;
    };
    let by_component: BTreeMap<&str, &TypeDef> = model
        .types
        .values()
        .filter_map(|t| Some((t.component.as_deref()?, t)))
        .collect();
    let mut case = |pointer: String, ty: TypeRef, value: &'a Value| {
        let skipped = overrides.skipped_example(&pointer).map(str::to_string);
        out.push(ExampleCase {
            pointer,
            ty: Some(ty),
            value,
            skipped,
        });
    };
    for (component, schema) in schemas {
        let (ReferenceOr::Item(schema), Some(def)) = (schema, by_component.get(component.as_str()))
        else {
            continue;
        };
        let at = crate::load::schema_pointer(component);
        if let Some(value) = &schema.schema_data.example {
            case(
                format!("{at}/example"),
                TypeRef::Named(def.name.clone()),
                value,
            );
        }
        for (pointer, value) in examples_array(description, &at) {
            case(pointer, TypeRef::Named(def.name.clone()), value);
        }
        let (openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)), TypeKind::Struct(s)) =
            (&schema.schema_kind, &def.kind)
        else {
            continue;
        };
        for (wire, property) in &object.properties {
            let ReferenceOr::Item(property) = property else {
                continue;
            };
            let Some(field) = s.fields.iter().find(|f| f.wire_name == *wire) else {
                continue;
            };
            let at = format!(
                "{at}/properties/{}",
                crate::load::escape_pointer_segment(wire)
            );
            if let Some(value) = &property.schema_data.example {
                case(format!("{at}/example"), field.ty.clone(), value);
            }
            for (pointer, value) in examples_array(description, &at) {
                case(pointer, field.ty.clone(), value);
            }
        }
    }
    out
}

/// OpenAPI 3.1's `examples: [..]` of the schema at `at`, each with its pointer
/// (`openapiv3` reads 3.0's single `example` only, so these come from the JSON form).
fn examples_array<'a>(
    description: &'a Description,
    at: &str,
) -> impl Iterator<Item = (String, &'a Value)> + use<'a> {
    let list = description
        .json
        .pointer(&format!("{}/examples", at.trim_start_matches('#')))
        .and_then(Value::as_array);
    let at = at.to_string();
    list.into_iter()
        .flatten()
        .enumerate()
        .map(move |(i, value)| (format!("{at}/examples/{i}"), value))
}

/// The longest example a type's doc shows, in lines of pretty JSON: a longer one would
/// bury the type's own docs (the smallest example of each type is chosen).
const EXAMPLE_MAX_LINES: usize = 24;

/// An example of a type, for its rustdoc: the smallest value of the type found in the
/// description's examples that agree with the model.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeExample {
    /// The example's pointer in the description, and where in it the value is
    /// (`.data[0]`; empty for the whole example).
    pub pointer: String,
    pub path: String,
    /// Pretty-printed JSON.
    pub json: String,
}

/// Keeps `value` as `name`'s example if it is the smallest so far (ties: the first
/// pointer, so the choice does not depend on the order of the walk).
fn offer_example(
    examples: &mut BTreeMap<String, TypeExample>,
    name: String,
    pointer: &str,
    path: String,
    value: &Value,
) {
    // `{}` or a bare tag says nothing a reader needs.
    let says_something = match value {
        Value::Object(map) => map.keys().any(|k| k != crate::conventions::TAG_KEY),
        _ => true,
    };
    let Ok(json) = serde_json::to_string_pretty(value) else {
        return;
    };
    if !says_something {
        return;
    }
    if json.lines().count() > EXAMPLE_MAX_LINES {
        return;
    }
    let better = examples.get(&name).is_none_or(|known| {
        (json.len(), pointer, path.as_str()) < (known.json.len(), &known.pointer, &known.path)
    });
    if better {
        examples.insert(
            name,
            TypeExample {
                pointer: pointer.to_string(),
                path,
                json,
            },
        );
    }
}

/// What the check found, printed by `cargo xtask codegen`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    pub examples: usize,
    pub examples_passed: usize,
    /// (pointer, reason) of examples an override skips.
    pub examples_skipped: Vec<(String, String)>,
    /// Tags of tagged unions that no example shows: unverified, not wrong.
    pub unseen_tags: BTreeMap<String, Vec<String>>,
    /// How many types each convention produced.
    pub rules: BTreeMap<&'static str, usize>,
    /// Decisions taken from the overrides file: (pointer, reason).
    pub overrides: Vec<(String, String)>,
    /// One example per struct or union that any agreeing example shows, by type name.
    pub type_examples: BTreeMap<String, TypeExample>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "examples: {} checked, {} agree with the model, {} skipped by override",
            self.examples,
            self.examples_passed,
            self.examples_skipped.len()
        )?;
        for (pointer, reason) in &self.examples_skipped {
            writeln!(f, "  skipped {pointer}: {reason}")?;
        }
        writeln!(f, "conventions applied:")?;
        for (rule, n) in &self.rules {
            writeln!(f, "  {n:>4}  {rule}")?;
        }
        writeln!(f, "overrides in effect: {}", self.overrides.len())?;
        for (pointer, reason) in &self.overrides {
            writeln!(f, "  {pointer}: {reason}")?;
        }
        let unseen: usize = self.unseen_tags.values().map(Vec::len).sum();
        writeln!(
            f,
            "union tags no example shows (unverified): {unseen} in {} unions",
            self.unseen_tags.len()
        )?;
        Ok(())
    }
}

pub fn check_examples(
    description: &Description,
    model: &Model,
    overrides: &Overrides,
) -> Result<Report, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut report = Report::default();
    let mut seen_tags: BTreeSet<(String, String)> = BTreeSet::new();
    for case in example_cases(description, model, overrides) {
        report.examples += 1;
        if let Some(reason) = case.skipped {
            report.examples_skipped.push((case.pointer, reason));
            continue;
        }
        let Some(ty) = &case.ty else {
            diags.push(&case.pointer, "example of a body whose schema is neither a $ref nor an array of $ref: cannot be checked");
            continue;
        };
        let mut checker = Checker::new(model, &mut seen_tags);
        let problems = checker.check(case.value, ty);
        if problems.is_empty() {
            report.examples_passed += 1;
            for (name, path, value) in checker.found {
                offer_example(&mut report.type_examples, name, &case.pointer, path, value);
            }
        }
        for (path, problem) in problems {
            let at = if path.is_empty() {
                "(root)".to_string()
            } else {
                path
            };
            diags.push(&case.pointer, format!("at {at}: {problem}"));
        }
    }

    for def in model.types.values() {
        if let TypeKind::Struct(s) = &def.kind {
            let api = crate::model::struct_api::struct_api(model, &def.name, s);
            if api.from.is_some() {
                *report
                    .rules
                    .entry("wrapper structs `From` their one required field")
                    .or_default() += 1;
            }
            if !api.value_constructors.is_empty() {
                *report
                    .rules
                    .entry("structs with constructors named after enum values")
                    .or_default() += 1;
            }
        }
        match &def.kind {
            TypeKind::Union(u) => {
                *report
                    .rules
                    .entry(match u.repr {
                        UnionRepr::Tagged { .. } => "tagged unions (`_type` from titles)",
                        UnionRepr::Untagged => "untagged unions (by override)",
                    })
                    .or_default() += 1;
                if matches!(u.repr, UnionRepr::Tagged { .. }) {
                    let unseen: Vec<String> = u
                        .variants
                        .iter()
                        .filter_map(|v| v.selector.tag())
                        .filter(|tag| !seen_tags.contains(&(def.name.clone(), tag.to_string())))
                        .map(str::to_string)
                        .collect();
                    if !unseen.is_empty() {
                        report.unseen_tags.insert(def.name.clone(), unseen);
                    }
                }
            }
            TypeKind::StringEnum(e) => {
                *report
                    .rules
                    .entry(match e.source {
                        EnumSource::Keyword => "string enums (`enum` keyword)",
                        EnumSource::Description => "string enums (`values: [...]` descriptions)",
                        EnumSource::EmptyUnion => "string-encoded unions of empty objects",
                    })
                    .or_default() += 1;
            }
            TypeKind::Struct(s) if s.wire_tag.is_some() => {
                *report
                    .rules
                    .entry("plain objects with an implicit `_type`")
                    .or_default() += 1;
            }
            // Only `shared_enums`' rule 5 re-exports: one per enum it renamed.
            TypeKind::Reexport(_) => {
                *report
                    .rules
                    .entry("shared enums named after their union (`StatusValue`)")
                    .or_default() += 1;
            }
            TypeKind::Map(TypeRef::Nullable(_)) => {
                *report
                    .rules
                    .entry("maps with nullable values (`Option` in the name)")
                    .or_default() += 1;
            }
            _ => {}
        }
    }
    report.overrides = overrides
        .entries()
        .map(|o| (o.subject(), o.reason.clone()))
        .collect();
    diags.0.extend(overrides.unused(&description.api).0);
    diags.into_result()?;
    Ok(report)
}

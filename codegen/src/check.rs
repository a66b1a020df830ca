//! Stage 3: every example embedded in the description, checked against the model.
//!
//! The examples are the ground truth for the wire format. Each disagreement between
//! an example and the type the model gives it (an unknown `_type`, a tag the model
//! did not expect, a missing required key, a key the type would drop, a value of the
//! wrong kind) is an error unless an override in `spec/overrides.yaml` decides it.

use crate::diagnostics::Diagnostics;
use crate::ir::*;
use crate::load::{component_name, escape_pointer_segment};
use crate::overrides::Overrides;
use openapiv3::{MediaType, OpenAPI, ReferenceOr, StatusCode};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Every media type of every request body and response: (pointer, media type, media).
pub fn media_types(spec: &OpenAPI) -> Vec<(String, &str, &MediaType)> {
    let mut out = Vec::new();
    for (path, item) in &spec.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, op) in item.iter() {
            let base = format!("#/paths/{}/{method}", escape_pointer_segment(path));
            if let Some(ReferenceOr::Item(body)) = &op.request_body {
                for (mt, media) in &body.content {
                    out.push((
                        format!("{base}/requestBody/content/{}", escape_pointer_segment(mt)),
                        mt.as_str(),
                        media,
                    ));
                }
            }
            for (status, response) in &op.responses.responses {
                let ReferenceOr::Item(response) = response else {
                    continue;
                };
                let status = match status {
                    StatusCode::Code(c) => c.to_string(),
                    StatusCode::Range(r) => format!("{r}XX"),
                };
                for (mt, media) in &response.content {
                    out.push((
                        format!(
                            "{base}/responses/{status}/content/{}",
                            escape_pointer_segment(mt)
                        ),
                        mt.as_str(),
                        media,
                    ));
                }
            }
        }
    }
    out
}

/// The examples of one media type: (pointer suffix, value).
pub fn examples_of(media: &MediaType) -> Vec<(String, &Value)> {
    let mut out = Vec::new();
    if let Some(v) = &media.example {
        out.push(("/example".to_string(), v));
    }
    for (name, ex) in &media.examples {
        if let ReferenceOr::Item(ex) = ex {
            if let Some(v) = &ex.value {
                out.push((
                    format!("/examples/{}/value", escape_pointer_segment(name)),
                    v,
                ));
            }
        }
    }
    out
}

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
    spec: &'a OpenAPI,
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
    for (pointer, mt, media) in media_types(spec) {
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
    out
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
    spec: &OpenAPI,
    model: &Model,
    overrides: &Overrides,
) -> Result<Report, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut report = Report::default();
    let mut seen_tags: BTreeSet<(String, String)> = BTreeSet::new();
    for case in example_cases(spec, model, overrides) {
        report.examples += 1;
        if let Some(reason) = case.skipped {
            report.examples_skipped.push((case.pointer, reason));
            continue;
        }
        let Some(ty) = &case.ty else {
            diags.push(&case.pointer, "example of a body whose schema is neither a $ref nor an array of $ref: cannot be checked");
            continue;
        };
        let mut checker = Checker {
            model,
            problems: Vec::new(),
            seen_tags: &mut seen_tags,
        };
        checker.value(case.value, ty, &mut String::new());
        if checker.problems.is_empty() {
            report.examples_passed += 1;
        }
        for (path, problem) in checker.problems {
            let at = if path.is_empty() {
                "(root)".to_string()
            } else {
                path
            };
            diags.push(&case.pointer, format!("at {at}: {problem}"));
        }
    }

    for def in model.types.values() {
        match &def.kind {
            TypeKind::Union(u) => {
                *report
                    .rules
                    .entry(match u.repr {
                        UnionRepr::Tagged => "tagged unions (`_type` from titles)",
                        UnionRepr::Untagged => "untagged unions (by override)",
                    })
                    .or_default() += 1;
                if u.repr == UnionRepr::Tagged {
                    let unseen: Vec<String> = u
                        .variants
                        .iter()
                        .filter(|v| !seen_tags.contains(&(def.name.clone(), v.wire_tag.clone())))
                        .map(|v| v.wire_tag.clone())
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
    diags.0.extend(overrides.unused(spec).0);
    diags.into_result()?;
    Ok(report)
}

struct Checker<'m, 's> {
    model: &'m Model,
    problems: Vec<(String, String)>,
    seen_tags: &'s mut BTreeSet<(String, String)>,
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl Checker<'_, '_> {
    fn problem(&mut self, path: &str, message: String) {
        self.problems.push((path.to_string(), message));
    }

    fn expect(&mut self, ok: bool, v: &Value, what: &str, path: &str) {
        if !ok {
            self.problem(path, format!("expected {what}, found {}", kind_of(v)));
        }
    }

    fn value(&mut self, v: &Value, ty: &TypeRef, path: &mut String) {
        match ty {
            TypeRef::Named(name) => self.named(v, name, path),
            TypeRef::String => self.expect(v.is_string(), v, "a string", path),
            TypeRef::Bool => self.expect(v.is_boolean(), v, "a boolean", path),
            TypeRef::I32 => self.expect(
                v.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
                v,
                "a 32-bit integer",
                path,
            ),
            TypeRef::I64 => self.expect(v.is_i64(), v, "a 64-bit integer", path),
            TypeRef::F64 => self.expect(v.is_number(), v, "a number", path),
            TypeRef::Uuid => self.expect(
                v.as_str().is_some_and(looks_like_uuid),
                v,
                "a UUID string",
                path,
            ),
            TypeRef::DateTime => self.expect(
                v.as_str().is_some_and(looks_like_date_time),
                v,
                "a date-time string",
                path,
            ),
            TypeRef::Binary | TypeRef::Json => {}
            TypeRef::Nullable(inner) => {
                if !v.is_null() {
                    self.value(v, inner, path);
                }
            }
            TypeRef::List(item) => match v {
                Value::Array(items) => {
                    for (i, item_value) in items.iter().enumerate() {
                        let len = path.len();
                        path.push_str(&format!("[{i}]"));
                        self.value(item_value, item, path);
                        path.truncate(len);
                    }
                }
                _ => self.expect(false, v, "an array", path),
            },
            TypeRef::Map(value_ty) => self.map(v, value_ty, path),
        }
    }

    fn map(&mut self, v: &Value, value_ty: &TypeRef, path: &mut String) {
        let Value::Object(map) = v else {
            return self.expect(false, v, "an object (map)", path);
        };
        for (k, item) in map {
            let len = path.len();
            path.push_str(&format!(".{k}"));
            self.value(item, value_ty, path);
            path.truncate(len);
        }
    }

    fn named(&mut self, v: &Value, name: &str, path: &mut String) {
        let Some(def) = self.model.types.get(name) else {
            return self.problem(path, format!("type `{name}` is not in the model"));
        };
        match &def.kind {
            TypeKind::Struct(s) => self.object(v, s, None, path),
            TypeKind::Alias(t) => self.value(v, t, path),
            TypeKind::Map(t) => self.map(v, t, path),
            TypeKind::StringEnum(e) => match v.as_str() {
                Some(s) if e.values.iter().any(|x| x.wire == s) => {}
                Some(s) => self.problem(
                    path,
                    format!(
                        "`{s}` is not one of the values of `{name}` ({})",
                        e.values
                            .iter()
                            .map(|x| x.wire.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ),
                None => self.expect(false, v, &format!("a string (`{name}`)"), path),
            },
            TypeKind::PrimitiveUnion(variants) => {
                // Accepted if any variant of the value's JSON kind takes it whole.
                let mut first_problems = None;
                for pv in variants {
                    let saved = std::mem::take(&mut self.problems);
                    self.value(v, &pv.ty, path);
                    let problems = std::mem::replace(&mut self.problems, saved);
                    if problems.is_empty() {
                        return;
                    }
                    first_problems.get_or_insert(problems);
                }
                self.problem(
                    path,
                    format!("{} matches no variant of `{name}`", kind_of(v)),
                );
            }
            TypeKind::Union(u) => self.union(v, name, u, path),
        }
    }

    fn union(&mut self, v: &Value, name: &str, u: &Union, path: &mut String) {
        let Value::Object(map) = v else {
            return self.expect(false, v, &format!("an object (union `{name}`)"), path);
        };
        let variant = match u.repr {
            UnionRepr::Tagged => {
                let Some(tag) = map.get("_type") else {
                    return self.problem(path, format!("no `_type` tag, but `{name}` is a tagged union (is it untagged? decide it in spec/overrides.yaml)"));
                };
                let Some(tag) = tag.as_str() else {
                    return self.expect(false, tag, "a string `_type`", path);
                };
                self.seen_tags.insert((name.to_string(), tag.to_string()));
                match u.variants.iter().find(|v| v.wire_tag == tag) {
                    Some(variant) => variant,
                    None => {
                        return self.problem(
                            path,
                            format!(
                                "`_type` `{tag}` is not a variant of `{name}` ({})",
                                u.variants
                                    .iter()
                                    .map(|v| v.wire_tag.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        );
                    }
                }
            }
            UnionRepr::Untagged => {
                let found = u.variants.iter().find(|var| {
                    var.discriminating_key
                        .as_ref()
                        .is_some_and(|k| map.contains_key(k))
                });
                match found {
                    Some(variant) => variant,
                    None => return self.problem(path, format!("none of the keys that identify the variants of untagged `{name}` is present")),
                }
            }
        };
        let tag_key = (u.repr == UnionRepr::Tagged).then_some("_type");
        match &variant.payload {
            Some(payload) => match self.model.types.get(payload).map(|d| &d.kind) {
                Some(TypeKind::Struct(s)) => self.object(v, s, tag_key, path),
                _ => self.problem(path, format!("variant payload `{payload}` is not a struct")),
            },
            None => {
                for k in map.keys().filter(|k| Some(k.as_str()) != tag_key) {
                    self.problem(
                        path,
                        format!(
                            "variant `{}` has no fields, but the example has `{k}`",
                            variant.wire_tag
                        ),
                    );
                }
            }
        }
    }

    fn object(&mut self, v: &Value, s: &Struct, union_tag_key: Option<&str>, path: &mut String) {
        let Value::Object(map) = v else {
            return self.expect(false, v, "an object", path);
        };
        for field in &s.fields {
            let len = path.len();
            path.push('.');
            path.push_str(&field.wire_name);
            match map.get(&field.wire_name) {
                None | Some(Value::Null) if field.required => {
                    self.problem(path, "required key is missing (or null)".to_string());
                }
                None | Some(Value::Null) => {}
                Some(x) => self.value(x, &field.ty, path),
            }
            path.truncate(len);
        }
        for key in map.keys() {
            if s.fields.iter().any(|f| &f.wire_name == key) {
                continue;
            }
            if key == "_type"
                && (union_tag_key == Some("_type")
                    || s.wire_tag.as_deref() == map.get("_type").and_then(Value::as_str))
            {
                continue;
            }
            if key == "_type" {
                self.problem(path, format!("unexpected `_type` {} on a plain object (an implicit tag the model does not know)", map["_type"]));
            } else {
                self.problem(path, format!("key `{key}` is not declared by the schema: the type would drop it on re-encode"));
            }
        }
    }
}

fn looks_like_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| {
            if [8, 13, 18, 23].contains(&i) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

/// `YYYY-MM-DDTHH:MM` at the start; the runtime's parser decides the rest.
fn looks_like_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 16
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[7] == b'-'
        && (b[10] == b'T' || b[10] == b't')
        && b[13] == b':'
}

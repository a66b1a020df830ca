//! One example value walked against the model type it must decode into.

use crate::conventions;
use crate::model::ir::*;
use serde_json::Value;
use std::collections::BTreeSet;

/// Walks one value; collects (JSON path, problem) pairs, the union tags it sees and the
/// values of named structs and unions it meets (the candidates for their doc examples).
pub(super) struct Checker<'m, 's, 'v> {
    model: &'m Model,
    problems: Vec<(String, String)>,
    seen_tags: &'s mut BTreeSet<(String, String)>,
    /// (type name, JSON path, value) of every struct or union value walked.
    pub(super) found: Vec<(String, String, &'v Value)>,
    /// Decode mode (recorded answers): what the generated types accept as values Dixa
    /// added later (unknown enum values and union tags, undeclared keys) is drift, counted,
    /// not a problem. Examples are checked strictly.
    lenient: bool,
    /// What decode mode let pass: (JSON path, what).
    pub(super) drift: Vec<(String, String)>,
    /// The named types being walked, innermost last.
    types: Vec<String>,
    /// For each problem, the innermost named type it was found in.
    problem_types: Vec<Option<String>>,
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

impl<'m, 's, 'v> Checker<'m, 's, 'v> {
    pub(super) fn new(model: &'m Model, seen_tags: &'s mut BTreeSet<(String, String)>) -> Self {
        Checker {
            model,
            problems: Vec::new(),
            seen_tags,
            found: Vec::new(),
            lenient: false,
            drift: Vec::new(),
            types: Vec::new(),
            problem_types: Vec::new(),
        }
    }

    /// Decode mode: see [`Checker::lenient`].
    pub(super) fn lenient(mut self) -> Self {
        self.lenient = true;
        self
    }

    /// [`Checker::check`], each problem with the innermost named type it was found in.
    pub(super) fn check_typed(
        &mut self,
        v: &'v Value,
        ty: &TypeRef,
    ) -> Vec<(String, String, Option<String>)> {
        let problems = self.check(v, ty);
        let types = std::mem::take(&mut self.problem_types);
        problems
            .into_iter()
            .zip(types)
            .map(|((path, message), ty)| (path, message, ty))
            .collect()
    }

    /// A value the generated types accept but the model does not list: drift in decode
    /// mode, a problem otherwise.
    fn unlisted(&mut self, path: &str, message: String) {
        if self.lenient {
            self.drift.push((path.to_string(), message));
        } else {
            self.problem(path, message);
        }
    }

    /// Walks `v` as a `ty`: its problems, each with its JSON path (`""` for the root), then
    /// read [`Checker::found`].
    pub(super) fn check(&mut self, v: &'v Value, ty: &TypeRef) -> Vec<(String, String)> {
        self.value(v, ty, &mut String::new());
        std::mem::take(&mut self.problems)
    }

    fn problem(&mut self, path: &str, message: String) {
        self.problems.push((path.to_string(), message));
        self.problem_types.push(self.types.last().cloned());
    }

    fn expect(&mut self, ok: bool, v: &Value, what: &str, path: &str) {
        if !ok {
            self.problem(path, format!("expected {what}, found {}", kind_of(v)));
        }
    }

    fn value(&mut self, v: &'v Value, ty: &TypeRef, path: &mut String) {
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

    fn map(&mut self, v: &'v Value, value_ty: &TypeRef, path: &mut String) {
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

    fn named(&mut self, v: &'v Value, name: &str, path: &mut String) {
        let Some(def) = self.model.types.get(name) else {
            return self.problem(path, format!("type `{name}` is not in the model"));
        };
        if matches!(def.kind, TypeKind::Struct(_) | TypeKind::Union(_)) {
            self.found.push((name.to_string(), path.clone(), v));
        }
        self.types.push(name.to_string());
        self.named_kind(v, name, def, path);
        self.types.pop();
    }

    fn named_kind(&mut self, v: &'v Value, name: &str, def: &'m TypeDef, path: &mut String) {
        match &def.kind {
            TypeKind::Struct(s) => self.object(v, s, None, path),
            TypeKind::Alias(t) => self.value(v, t, path),
            TypeKind::Reexport(t) => self.named(v, t, path),
            TypeKind::Map(t) => self.map(v, t, path),
            TypeKind::StringEnum(e) => match v.as_str() {
                Some(s) if e.values.iter().any(|x| x.wire == s) => {}
                Some(s) => self.unlisted(
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
                for pv in &variants.variants {
                    let saved = std::mem::take(&mut self.problems);
                    let saved_types = std::mem::take(&mut self.problem_types);
                    let found = self.found.len();
                    self.value(v, &pv.ty, path);
                    let problems = std::mem::replace(&mut self.problems, saved);
                    self.problem_types = saved_types;
                    if problems.is_empty() {
                        return;
                    }
                    self.found.truncate(found);
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

    fn union(&mut self, v: &'v Value, name: &str, u: &Union, path: &mut String) {
        let Value::Object(map) = v else {
            return self.expect(false, v, &format!("an object (union `{name}`)"), path);
        };
        let variant = match &u.repr {
            UnionRepr::Tagged { key } => {
                let Some(tag) = map.get(key) else {
                    return self.problem(path, format!("no `{key}` tag, but `{name}` is a tagged union (is it untagged? decide it in spec/overrides.yaml)"));
                };
                let Some(tag) = tag.as_str() else {
                    return self.expect(false, tag, &format!("a string `{key}`"), path);
                };
                self.seen_tags.insert((name.to_string(), tag.to_string()));
                match u.variants.iter().find(|v| v.selector.tag() == Some(tag)) {
                    Some(variant) => variant,
                    None => {
                        return self.unlisted(
                            path,
                            format!(
                                "`{key}` `{tag}` is not a variant of `{name}` ({})",
                                u.variants
                                    .iter()
                                    .filter_map(|v| v.selector.tag())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        );
                    }
                }
            }
            UnionRepr::Untagged => {
                let found = u
                    .variants
                    .iter()
                    .find(|var| var.selector.key().is_some_and(|k| map.contains_key(k)));
                match found {
                    Some(variant) => variant,
                    None => return self.problem(path, format!("none of the keys that identify the variants of untagged `{name}` is present")),
                }
            }
        };
        let tag_key = match &u.repr {
            UnionRepr::Tagged { key } => Some(key.as_str()),
            UnionRepr::Untagged => None,
        };
        match &variant.payload {
            Some(payload) => match self.model.types.get(payload).map(|d| &d.kind) {
                Some(TypeKind::Struct(s)) => {
                    self.found.push((payload.clone(), path.clone(), v));
                    self.types.push(payload.clone());
                    self.object(v, s, tag_key, path);
                    self.types.pop();
                }
                _ => self.problem(path, format!("variant payload `{payload}` is not a struct")),
            },
            None => {
                for k in map.keys().filter(|k| Some(k.as_str()) != tag_key) {
                    self.problem(
                        path,
                        format!(
                            "variant `{}` has no fields, but the example has `{k}`",
                            variant.selector.tag().unwrap_or(&variant.name)
                        ),
                    );
                }
            }
        }
    }

    fn object(&mut self, v: &'v Value, s: &Struct, union_tag_key: Option<&str>, path: &mut String) {
        let Value::Object(map) = v else {
            return self.expect(false, v, "an object", path);
        };
        for field in &s.fields {
            let len = path.len();
            path.push('.');
            path.push_str(&field.wire_name);
            // Inside a union, the generated code hands the variant its object without
            // the tag: a variant field named like the tag never sees a value.
            let value = match union_tag_key {
                Some(tag) if tag == field.wire_name => None,
                _ => map.get(&field.wire_name),
            };
            match value {
                None | Some(Value::Null)
                    if field.required && !matches!(field.ty, TypeRef::Nullable(_)) =>
                {
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
            let implicit_tag = s.wire_tag.as_ref().filter(|t| t.key == *key);
            if union_tag_key == Some(key.as_str())
                || implicit_tag.is_some_and(|t| map[key].as_str() == Some(t.value.as_str()))
            {
                continue;
            }
            if key == conventions::TAG_KEY || implicit_tag.is_some() {
                self.unlisted(path, format!("unexpected `{key}` {} on a plain object (an implicit tag the model does not know)", map[key]));
            } else {
                self.unlisted(path, format!("key `{key}` is not declared by the schema: the type would drop it on re-encode"));
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

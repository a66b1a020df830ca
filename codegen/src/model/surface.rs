//! A compact, stable listing of the API surface (types with their wire shapes, and
//! operations), snapshot-tested so a new Dixa description shows up as a readable diff.

use super::ir::*;
use std::fmt::Write;

pub fn render(model: &Model) -> String {
    let mut out = String::new();
    for def in model.types.values() {
        render_type(&mut out, model, def);
    }
    for op in &model.operations {
        render_operation(&mut out, op);
    }
    out
}

/// One type: a line with its kind, name and origin, then a line per field, variant or
/// constructor.
fn render_type(out: &mut String, model: &Model, def: &TypeDef) {
    let origin = match &def.component {
        Some(c) if *c != def.name => format!(" (component {c})"),
        Some(_) => String::new(),
        None => " (inline)".to_string(),
    };
    let deprecated = if def.deprecated { " deprecated" } else { "" };
    match &def.kind {
        TypeKind::Struct(s) => {
            let tag = s
                .wire_tag
                .as_ref()
                .map(|t| format!(" {}={}", t.key, t.value))
                .unwrap_or_default();
            let _ = writeln!(out, "struct {}{origin}{deprecated}{tag}", def.name);
            for f in &s.fields {
                let opt = if f.required { "" } else { "?" };
                let dep = if f.deprecated { " deprecated" } else { "" };
                let boxed = if f.boxed { " boxed" } else { "" };
                let _ = writeln!(
                    out,
                    "  {}{opt}: {}{dep}{boxed}",
                    f.wire_name,
                    type_ref(&f.ty)
                );
            }
            let api = super::struct_api::struct_api(model, &def.name, s);
            if let Some(f) = &api.from {
                let _ = writeln!(out, "  + From<{}>", type_ref(&f.ty));
            }
            for c in &api.value_constructors {
                let _ = writeln!(
                    out,
                    "  + {}({}): {} = {}",
                    c.name, c.list.wire_name, c.selector.wire_name, c.value.wire
                );
            }
        }
        TypeKind::Union(u) => {
            let repr = match &u.repr {
                UnionRepr::Tagged { key } => format!("tagged by {key}"),
                UnionRepr::Untagged => "untagged".to_string(),
            };
            let _ = writeln!(out, "union {}{origin}{deprecated}: {repr}", def.name);
            for v in &u.variants {
                let payload = v.payload.as_deref().unwrap_or("{}");
                let (selector, key) = match &v.selector {
                    Selector::Tag(tag) => (tag.as_str(), String::new()),
                    Selector::Key(k) => (
                        v.component.as_deref().unwrap_or(&v.name),
                        format!(" when has `{k}`"),
                    ),
                };
                let _ = writeln!(out, "  {selector} => {payload}{key}");
            }
        }
        TypeKind::StringEnum(e) => {
            let source = match e.source {
                EnumSource::Keyword => "enum",
                EnumSource::Description => "values from description",
                EnumSource::EmptyUnion => "string-encoded union",
            };
            let values: Vec<&str> = e.values.iter().map(|v| v.wire.as_str()).collect();
            let _ = writeln!(
                out,
                "enum {}{origin}{deprecated} ({source}): {}",
                def.name,
                values.join(" | ")
            );
        }
        TypeKind::Map(v) => {
            let _ = writeln!(
                out,
                "map {}{origin}{deprecated}: string => {}",
                def.name,
                type_ref(v)
            );
        }
        TypeKind::Alias(t) => {
            let _ = writeln!(
                out,
                "alias {}{origin}{deprecated} = {}",
                def.name,
                type_ref(t)
            );
        }
        TypeKind::Reexport(target) => {
            let _ = writeln!(out, "reexport {}{origin}{deprecated} = {target}", def.name);
        }
        TypeKind::PrimitiveUnion(vs) => {
            let vs: Vec<String> = vs.variants.iter().map(|v| type_ref(&v.ty)).collect();
            let _ = writeln!(
                out,
                "oneOf {}{origin}{deprecated}: {}",
                def.name,
                vs.join(" | ")
            );
        }
    }
}

/// One operation: its group, method name, HTTP method and path, then its parameters,
/// body, answers and pagination.
fn render_operation(out: &mut String, op: &Operation) {
    let deprecated = if op.deprecated { " deprecated" } else { "" };
    let _ = writeln!(
        out,
        "op {}.{} = {} {} ({}){deprecated}",
        op.group,
        op.fn_name,
        op.method.as_str(),
        op.path,
        op.id
    );
    for p in &op.params {
        let loc = match p.location {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
        };
        let opt = if p.required { "" } else { "?" };
        let _ = writeln!(out, "  {loc} {}{opt}: {}", p.wire_name, type_ref(&p.ty));
    }
    if let Some(b) = &op.body {
        let kind = match b.content {
            BodyContent::Json => "json",
            BodyContent::Multipart => "multipart",
        };
        let _ = writeln!(out, "  body {kind}: {}", type_ref(&b.ty));
    }
    for r in &op.responses {
        let status = r
            .status
            .map(|s| s.to_string())
            .unwrap_or_else(|| "default".into());
        let ty =
            r.ty.as_ref()
                .map(type_ref)
                .unwrap_or_else(|| "(empty)".into());
        let _ = writeln!(out, "  {status} -> {ty}");
    }
    if let Some(p) = &op.pagination {
        let _ = writeln!(out, "  paginated: {}", type_ref(&p.item));
    }
}

/// A type as the model listings write it: `Agent`, `[Agent]` (a list), `string`, ...
pub fn type_ref(t: &TypeRef) -> String {
    match t {
        TypeRef::Named(n) => n.clone(),
        TypeRef::String => "string".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::Uuid => "uuid".into(),
        TypeRef::DateTime => "date-time".into(),
        TypeRef::Binary => "binary".into(),
        TypeRef::Json => "json".into(),
        TypeRef::List(i) => format!("[{}]", type_ref(i)),
        TypeRef::Map(v) => format!("{{string: {}}}", type_ref(v)),
        TypeRef::Nullable(i) => format!("{}|null", type_ref(i)),
    }
}

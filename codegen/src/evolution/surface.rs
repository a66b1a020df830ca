//! The public API of the generated crate as data: one [`Item`] per type, field,
//! variant, enum value, operation and parameter, with what a Rust user sees of it
//! (`rust`), what only the wire sees (`wire`) and the description pointer it comes from.
//!
//! It is committed next to the generated code (JSON Lines, sorted by item), so the next
//! `cargo xtask codegen` can tell what a new description changes for users
//! ([`super::changes`]).

use crate::load::{Description, child, schema_pointer};
use crate::model::ir::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// The `@generated` marker of the file's first line (a JSON object, so the file stays JSON
/// Lines), which also holds the sha256 of the description the surface came from.
const MARKER: &str = "by dixa-codegen: the API surface of the generated crate, compared by \
                      the next `cargo xtask codegen` (CHANGELOG.md). Do not edit.";

/// One public item of the generated API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// What it is and its Rust path: `type Agent`, `field Agent.display_name`,
    /// `variant Conversation.ChatConversation`, `value Channel.Email`,
    /// `operation agents.get`, `param agents.get.agent_id`; a union's methods:
    /// `from Content.Text`, `constructor Content.text`, `accessor Conversation.id`; a
    /// struct's: `from Condition.SearchField`, `constructor Filters.all`.
    pub item: String,
    /// What users' code depends on: the kind of a type, a field's or parameter's type
    /// and whether it is required, a variant's payload, an operation's answer. A change
    /// here changes Rust signatures.
    pub rust: String,
    /// What only the wire sees: JSON key, tag, `format`, method and path. A change here
    /// leaves Rust signatures alone.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub wire: String,
    /// JSON pointer of the description part it comes from.
    pub pointer: String,
}

/// Every item, by [`Item::item`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Surface {
    pub items: BTreeMap<String, Item>,
    /// The sha256 (hex) of the description text it was generated from; `None` in a file
    /// written before it was recorded.
    pub description_sha256: Option<String>,
}

/// The sha256 of `bytes` in lowercase hex, the form `spec/<version>/source.toml` pins.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// How the first line of the file starts.
const HEADER_START: &str = r#"{"@generated""#;

/// The first line of the file.
#[derive(Serialize, Deserialize)]
struct Header {
    #[serde(rename = "@generated")]
    generated: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description_sha256: Option<String>,
}

/// How an accessor's `wire` lists the variants it answers for.
pub(crate) const ACCESSOR_ANSWERS: &str = "answers for ";

impl Surface {
    /// The surface of the crate generated from this description and model.
    pub fn build(description: &Description, model: &Model) -> Surface {
        let mut surface = Surface::default();
        for def in model.types.values() {
            surface.add_type(&description.json, def);
            match &def.kind {
                TypeKind::Union(u) => surface.add_union_api(model, def, u),
                TypeKind::Struct(s) => surface.add_struct_api(model, def, s),
                _ => {}
            }
            // An alias or re-export of a struct or enum keeps its members reachable by its
            // own name (`EmailConversationState::Open`): list them under it.
            let target = match &def.kind {
                TypeKind::Alias(TypeRef::Named(target)) | TypeKind::Reexport(target) => {
                    model.types.get(target)
                }
                _ => None,
            };
            if let Some(target) = target {
                let mut members = Surface::default();
                members.add_type(&description.json, target);
                let prefix = format!(" {}.", target.name);
                for (key, mut item) in members.items {
                    let Some((kind, member)) = key.split_once(&prefix) else {
                        continue;
                    };
                    item.item = format!("{kind} {}.{member}", def.name);
                    surface.items.insert(item.item.clone(), item);
                }
            }
        }
        for op in &model.operations {
            surface.add_operation(&description.json, op);
        }
        surface
    }

    /// The committed form: the header line, then one JSON object per line.
    pub fn to_json_lines(&self) -> String {
        let header = Header {
            generated: MARKER.to_string(),
            description_sha256: self.description_sha256.clone(),
        };
        let mut out = format!(
            "{}\n",
            serde_json::to_string(&header).expect("the header serializes")
        );
        for item in self.items.values() {
            out.push_str(&serde_json::to_string(item).expect("items serialize"));
            out.push('\n');
        }
        out
    }

    /// Reads [`Surface::to_json_lines`]'s output; `Err` names the bad line.
    pub fn from_json_lines(text: &str) -> Result<Surface, String> {
        Surface::read(text, true)
    }

    /// The two files' surfaces, read only as far as needed to compare them: when their
    /// item lines are the same text (a re-run, or a description change that leaves the API
    /// alone), only their headers are read, and neither holds items.
    pub fn read_pair(committed: &str, new: &str) -> Result<(Surface, Surface), String> {
        fn items(text: &str) -> impl Iterator<Item = &str> {
            text.lines().filter(|line| !line.starts_with(HEADER_START))
        }
        let with_items = !items(committed).eq(items(new));
        Ok((
            Surface::read(committed, with_items)?,
            Surface::read(new, with_items).map_err(|e| format!("the generated surface, {e}"))?,
        ))
    }

    fn read(text: &str, with_items: bool) -> Result<Surface, String> {
        let mut surface = Surface::default();
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            if line.starts_with(HEADER_START) {
                let header: Header =
                    serde_json::from_str(line).map_err(|e| format!("line {}: {e}", n + 1))?;
                surface.description_sha256 = header.description_sha256;
                continue;
            }
            if !with_items {
                continue;
            }
            let item: Item =
                serde_json::from_str(line).map_err(|e| format!("line {}: {e}", n + 1))?;
            surface.items.insert(item.item.clone(), item);
        }
        Ok(surface)
    }

    fn push(&mut self, item: String, rust: String, wire: String, pointer: String) {
        self.items.insert(
            item.clone(),
            Item {
                item,
                rust,
                wire,
                pointer,
            },
        );
    }

    fn add_type(&mut self, json: &Value, def: &TypeDef) {
        let name = &def.name;
        let (kind, wire) = match &def.kind {
            TypeKind::Struct(s) => (
                "struct".to_string(),
                s.wire_tag
                    .as_ref()
                    .map(|t| format!("{}={}", t.key, t.value))
                    .unwrap_or_default(),
            ),
            TypeKind::Union(u) => (
                "enum (union)".to_string(),
                match &u.repr {
                    UnionRepr::Tagged { key } => format!("tagged by {key}"),
                    UnionRepr::Untagged => "untagged".to_string(),
                },
            ),
            TypeKind::StringEnum(_) => ("enum (string values)".to_string(), String::new()),
            TypeKind::Map(value) => (
                format!("type = BTreeMap<String, {}>", rust(value)),
                String::new(),
            ),
            TypeKind::Alias(target) => (format!("type = {}", rust(target)), String::new()),
            TypeKind::Reexport(target) => (format!("pub use {target}"), String::new()),
            TypeKind::PrimitiveUnion(_) => ("enum (by JSON kind)".to_string(), String::new()),
        };
        self.push(format!("type {name}"), kind, wire, def.pointer.clone());

        match &def.kind {
            TypeKind::Struct(s) => {
                for f in &s.fields {
                    let pointer = property_pointer(json, &def.pointer, &f.wire_name);
                    let (presence, ty) = if f.required {
                        ("required", rust(&f.ty))
                    } else {
                        ("optional", format!("Option<{}>", rust(&f.ty)))
                    };
                    let format = format_at(json, &pointer)
                        .map(|f| format!(" format={f}"))
                        .unwrap_or_default();
                    self.push(
                        format!("field {name}.{}", f.name),
                        format!("{presence} {ty}"),
                        format!("\"{}\"{format}", f.wire_name),
                        pointer,
                    );
                }
            }
            TypeKind::Union(u) => {
                for v in &u.variants {
                    let wire = match &v.selector {
                        Selector::Tag(tag) => format!("tag \"{tag}\""),
                        Selector::Key(key) => format!("has key \"{key}\""),
                    };
                    self.push(
                        format!("variant {name}.{}", v.name),
                        v.payload.clone().unwrap_or_else(|| "(no fields)".into()),
                        wire,
                        variant_pointer(json, &def.pointer, v.component.as_deref()),
                    );
                }
            }
            TypeKind::StringEnum(e) => {
                for v in &e.values {
                    self.push(
                        format!("value {name}.{}", v.name),
                        String::new(),
                        format!("\"{}\"", v.wire),
                        def.pointer.clone(),
                    );
                }
            }
            TypeKind::PrimitiveUnion(p) => {
                for v in &p.variants {
                    self.push(
                        format!("variant {name}.{}", v.name),
                        rust(&v.ty),
                        String::new(),
                        def.pointer.clone(),
                    );
                }
            }
            TypeKind::Map(_) | TypeKind::Alias(_) | TypeKind::Reexport(_) => {}
        }
    }

    /// A union's convenience methods ([`crate::model::union_api`]): code calls them, so
    /// losing one breaks it.
    fn add_union_api(&mut self, model: &Model, def: &TypeDef, u: &Union) {
        let api = crate::model::union_api::union_api(model, u);
        let name = &def.name;
        for (variant, payload) in &api.from {
            self.push(
                format!("from {name}.{payload}"),
                format!("From<{payload}> (variant {variant})"),
                String::new(),
                def.pointer.clone(),
            );
        }
        for c in &api.constructors {
            self.push(
                format!("constructor {name}.{}", c.name),
                format!(
                    "({}: {}) -> {name}::{}",
                    c.argument.name,
                    rust(&c.argument.ty),
                    c.variant
                ),
                String::new(),
                def.pointer.clone(),
            );
        }
        for a in &api.accessors {
            // Which variants answer: one that stops answering returns `None` for data it
            // used to answer for, with the same signature (`changes::accessor_change`).
            let variants: Vec<&str> = a.variants.iter().map(|(v, _)| v.as_str()).collect();
            self.push(
                format!("accessor {name}.{}", a.name),
                format!("-> Option<{}>", rust(&a.ty)),
                format!("{ACCESSOR_ANSWERS}{}", variants.join(", ")),
                def.pointer.clone(),
            );
        }
    }

    /// A struct's conveniences ([`crate::model::struct_api`]): the `From` impl of a
    /// wrapper and the constructors named after enum values.
    fn add_struct_api(&mut self, model: &Model, def: &TypeDef, s: &Struct) {
        let api = crate::model::struct_api::struct_api(model, &def.name, s);
        let name = &def.name;
        if let Some(field) = &api.from {
            let wrapped = rust(&field.ty);
            self.push(
                format!("from {name}.{wrapped}"),
                format!("From<{wrapped}> (field {})", field.name),
                String::new(),
                def.pointer.clone(),
            );
        }
        for c in &api.value_constructors {
            self.push(
                format!("constructor {name}.{}", c.name),
                format!(
                    "({}: impl IntoIterator<Item: Into<{}>>) -> {name} {{ {}: {}::{} }}",
                    c.list.name,
                    rust(&c.item),
                    c.selector.name,
                    c.enum_type,
                    c.value.name
                ),
                String::new(),
                def.pointer.clone(),
            );
        }
    }

    fn add_operation(&mut self, json: &Value, op: &Operation) {
        let path = format!("{}.{}", op.group, op.fn_name);
        let answer = match &op.output {
            Output::Json(ty) => rust(ty),
            // An answer of another media type is returned as its bytes.
            Output::Bytes => "Bytes".into(),
            Output::Empty => "()".into(),
        };
        let paginated = op
            .pagination
            .as_ref()
            .map(|p| format!(", items {}", rust(&p.item)))
            .unwrap_or_default();
        self.push(
            format!("operation {path}"),
            format!("-> {answer}{paginated}"),
            format!("{} {}", op.method.as_str(), op.path),
            op.pointer.clone(),
        );

        // The argument's place in the call, as the model orders them; else a method.
        let role = |argument: Argument| match op.arguments.iter().position(|a| *a == argument) {
            Some(i) => format!("argument {}", i + 1),
            None => "method".to_string(),
        };
        for (i, p) in op.params.iter().enumerate() {
            let role = role(Argument::Param(i));
            let location = match p.location {
                ParamLocation::Path => "path",
                ParamLocation::Query => "query",
                ParamLocation::Header => "header",
            };
            self.push(
                format!("param {path}.{}", p.name),
                format!("{role}: {}", rust(&p.ty)),
                format!("{location} \"{}\"", p.wire_name),
                param_pointer(json, &op.pointer, &p.wire_name),
            );
        }
        if let Some(body) = &op.body {
            let role = role(Argument::Body);
            let content = match body.content {
                BodyContent::Json => "json",
                BodyContent::Multipart => "multipart",
            };
            self.push(
                format!("param {path}.body"),
                format!("{role}: {}", rust(&body.ty)),
                format!("body {content}"),
                format!("{}/requestBody", op.pointer),
            );
        }
    }
}

/// The Rust spelling of a type use, as in the generated code.
fn rust(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(n) => n.clone(),
        TypeRef::String => "String".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::Uuid => "Uuid".into(),
        TypeRef::DateTime => "DateTime".into(),
        TypeRef::Binary => "Vec<u8>".into(),
        TypeRef::Json => "serde_json::Value".into(),
        TypeRef::List(item) => format!("Vec<{}>", rust(item)),
        TypeRef::Map(value) => format!("BTreeMap<String, {}>", rust(value)),
        TypeRef::Nullable(inner) => format!("Option<{}>", rust(inner)),
    }
}

fn at<'a>(json: &'a Value, pointer: &str) -> Option<&'a Value> {
    json.pointer(pointer.strip_prefix('#').unwrap_or(pointer))
}

/// Where a struct's property is declared: directly, or in one of its `allOf` parts.
fn property_pointer(json: &Value, type_pointer: &str, wire: &str) -> String {
    let direct = child(&child(type_pointer, "properties"), wire);
    if at(json, &direct).is_some() {
        return direct;
    }
    let parts = at(json, &child(type_pointer, "allOf"))
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    (0..parts)
        .map(|i| {
            child(
                &child(&child(type_pointer, "allOf"), &i.to_string()),
                "properties",
            )
        })
        .map(|properties| child(&properties, wire))
        .find(|p| at(json, p).is_some())
        .unwrap_or_else(|| type_pointer.to_string())
}

/// The `format` of a property (or of its items), if it has one.
fn format_at(json: &Value, pointer: &str) -> Option<String> {
    let schema = at(json, pointer)?;
    schema
        .get("format")
        .or_else(|| schema.get("items").and_then(|items| items.get("format")))
        .and_then(Value::as_str)
        .map(str::to_string)
}

/// The `oneOf` entry of a union that refers to this component.
fn variant_pointer(json: &Value, union_pointer: &str, component: Option<&str>) -> String {
    let one_of = child(union_pointer, "oneOf");
    let target = component.map(schema_pointer);
    at(json, &one_of)
        .and_then(Value::as_array)
        .and_then(|entries| {
            entries
                .iter()
                .position(|e| e.get("$ref").and_then(Value::as_str) == target.as_deref())
        })
        .map(|i| child(&one_of, &i.to_string()))
        .unwrap_or_else(|| union_pointer.to_string())
}

/// The operation's (or its path's) declaration of a parameter.
fn param_pointer(json: &Value, op_pointer: &str, wire: &str) -> String {
    let path_pointer = op_pointer.rsplit_once('/').map_or(op_pointer, |(p, _)| p);
    for owner in [op_pointer, path_pointer] {
        let list = child(owner, "parameters");
        if let Some(i) = at(json, &list)
            .and_then(Value::as_array)
            .and_then(|params| {
                params
                    .iter()
                    .position(|p| p.get("name").and_then(Value::as_str) == Some(wire))
            })
        {
            return child(&list, &i.to_string());
        }
    }
    op_pointer.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn surface(sha: &str, items: &[&str]) -> Surface {
        let mut surface = Surface {
            description_sha256: Some(sha.to_string()),
            ..Surface::default()
        };
        for item in items {
            let (rust, wire, pointer) = (String::new(), String::new(), "#".to_string());
            surface.push(item.to_string(), rust, wire, pointer);
        }
        surface
    }

    #[test]
    fn a_pair_with_the_same_items_is_read_by_its_headers() {
        let old = surface("aaa", &["struct A", "field A.b"]).to_json_lines();
        let new = surface("bbb", &["struct A", "field A.b"]).to_json_lines();
        let (old, new) = Surface::read_pair(&old, &new).expect("both read");
        assert!(old.items.is_empty() && new.items.is_empty());
        assert_eq!(old.description_sha256.as_deref(), Some("aaa"));
        assert_eq!(new.description_sha256.as_deref(), Some("bbb"));
    }

    #[test]
    fn a_pair_whose_items_differ_is_read_whole() {
        let old = surface("aaa", &["struct A"]).to_json_lines();
        let new = surface("bbb", &["struct A", "field A.b"]).to_json_lines();
        let (old, new) = Surface::read_pair(&old, &new).expect("both read");
        assert_eq!(old.items.len(), 1);
        assert_eq!(new.items.len(), 2);
        assert_eq!(Surface::from_json_lines(&new.to_json_lines()), Ok(new));
    }
}

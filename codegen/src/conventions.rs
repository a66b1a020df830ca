//! Dixa's wire conventions: the facts the schema keywords do not state.
//!
//! Each rule is one named function, documented with the evidence for it and tested
//! on a fixture of its own (`codegen/tests/fixtures/`). The model stage calls these (unions
//! through `model/unions.rs`, the one place that classifies them) and
//! nothing else decides them; the example checker (`examples/`) verifies their output
//! against every example in the description.

use openapiv3::{Schema, SchemaKind, Type};

/// Tag-key rule: the one JSON key that carries a variant's tag in every tagged union
/// Dixa sends (`{"_type": "Created", ...}`), and the implicit tag of a plain object. The
/// only place the key is spelled in the generator; the runtime's own constant is tied to
/// it by a test.
pub const TAG_KEY: &str = "_type";

/// Tag rule: a union variant's tag ([`TAG_KEY`]) is its schema `title`, not its component name,
/// and generic instantiations drop their type arguments.
///
/// The toolkit behind the description deduplicates component names with numeric
/// suffixes (`IsOneOf4` has `title: IsOneOf`), and writes generic types as
/// `BulkActionSuccess_ErrorResponse_InternalNoteData` while the wire says
/// `"_type": "BulkActionSuccess"`.
pub fn wire_tag(title: Option<&str>, component: &str) -> String {
    let title = title.unwrap_or(component);
    title.split('_').next().unwrap_or(title).to_string()
}

/// Empty-object rule: an object schema with no properties and no
/// `additionalProperties` carries no data, only its tag.
pub fn is_empty_object(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => {
            o.properties.is_empty() && o.additional_properties.is_none()
        }
        _ => false,
    }
}

/// How a `oneOf` of component objects goes on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnionEncoding {
    /// Every variant is empty: the value is a bare JSON string holding the tag
    /// (`"status": "Open"`).
    String,
    /// At least one variant has fields: objects with a `_type` key; empty variants are
    /// `{"_type": "<tag>"}`.
    TaggedObject,
}

/// String-union rule: unions of empty objects are sent as plain strings.
pub fn union_encoding(variant_is_empty: &[bool]) -> UnionEncoding {
    if !variant_is_empty.is_empty() && variant_is_empty.iter().all(|e| *e) {
        UnionEncoding::String
    } else {
        UnionEncoding::TaggedObject
    }
}

/// Hidden-enum rule: a string whose description holds `values: [A, B, C]` (possibly
/// after a prefix, e.g. `AttributeValue values: [...]`) is an open enumeration.
///
/// Returns the values in the description's order, or `None` if there is no list.
pub fn enum_values_from_description(description: &str) -> Option<Vec<String>> {
    let start = description.find("values: [")? + "values: [".len();
    let end = start + description[start..].find(']')?;
    let values: Vec<String> = description[start..end]
        .split(',')
        .map(|v| v.trim().trim_matches(|c| c == '"' || c == '\'').to_string())
        .filter(|v| !v.is_empty())
        .collect();
    if values.is_empty() {
        None
    } else {
        Some(values)
    }
}

/// The description without its `values: [A, B, C]` list (which the generated enum
/// lists itself), trimmed; empty when the list was all it said.
pub fn description_without_enum_values(description: &str) -> String {
    let Some(start) = description.find("values: [") else {
        return description.trim().to_string();
    };
    let Some(len) = description[start..].find(']') else {
        return description.trim().to_string();
    };
    let rest = format!(
        "{} {}",
        description[..start].trim_end(),
        description[start + len + 1..].trim_start()
    );
    rest.trim().to_string()
}

/// Type-name hint from a description prefix: `AttributeValue values: String[] if ...`
/// names the inline union `AttributeValue` (the server's own name for it).
pub fn type_name_hint_from_description(description: &str) -> Option<&str> {
    let (head, _) = description.split_once(" values:")?;
    let head = head.trim();
    let is_type_name = head.starts_with(|c: char| c.is_ascii_uppercase())
        && head.chars().all(|c| c.is_ascii_alphanumeric());
    is_type_name.then_some(head)
}

/// Nullable-map rule: maps whose generic name says `Option` (`Map_UUID_Option_AttributeValue`)
/// hold values that may be `null`, and the `null` means something ("unset this attribute").
pub fn map_values_are_nullable(component: &str) -> bool {
    component.split('_').any(|part| part == "Option")
}

/// Implicit-tag rule: a plain object that is sent with a `_type` key its schema does not
/// declare (the import body `GenericConversationImport`). Evidence comes from the
/// examples: returns the tag when an example of the object carries `"_type"`.
pub fn implicit_object_tag(example: &serde_json::Value) -> Option<&str> {
    match example {
        serde_json::Value::Object(map) => map.get(TAG_KEY).and_then(|t| t.as_str()),
        _ => None,
    }
}

/// Version rule: every path starts with the API version (`/v1/agents`, `/beta/agents`).
/// The rest of the path is the same in every version, so names derived from it (and
/// decisions about it) must not see the prefix: `/v1/agents` -> `/agents`. Only a first
/// segment that looks like a version is dropped (`beta`, `alpha`, `v1`, `v2`...).
pub fn path_without_version(path: &str) -> &str {
    let is_version = |segment: &str| {
        matches!(segment, "beta" | "alpha")
            || segment
                .strip_prefix('v')
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    let trimmed = path.trim_start_matches('/');
    match trimmed.split_once('/') {
        // `rest` is a suffix of `path`: keep the `/` before it.
        Some((first, rest)) if is_version(first) => &path[path.len() - rest.len() - 1..],
        None if is_version(trimmed) => "/",
        _ => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_come_from_titles_without_generic_arguments() {
        assert_eq!(wire_tag(Some("IsOneOf"), "IsOneOf4"), "IsOneOf");
        assert_eq!(
            wire_tag(
                Some("BulkActionSuccess_ErrorResponse_InternalNoteData"),
                "BulkActionSuccess_ErrorResponse_InternalNoteData"
            ),
            "BulkActionSuccess"
        );
        assert_eq!(wire_tag(None, "Plain"), "Plain");
    }

    #[test]
    fn all_empty_unions_are_strings_and_mixed_ones_are_objects() {
        assert_eq!(union_encoding(&[true, true]), UnionEncoding::String);
        assert_eq!(union_encoding(&[true, false]), UnionEncoding::TaggedObject);
        assert_eq!(union_encoding(&[]), UnionEncoding::TaggedObject);
    }

    #[test]
    fn enums_are_read_from_descriptions() {
        assert_eq!(
            enum_values_from_description("values: [Inbound, Internal, Outbound]").unwrap(),
            ["Inbound", "Internal", "Outbound"]
        );
        assert_eq!(
            enum_values_from_description("The state. values: [open, closed]").unwrap(),
            ["open", "closed"]
        );
        assert_eq!(
            enum_values_from_description(
                "AttributeValue values: String[] if the type is Select or String"
            ),
            None
        );
        assert_eq!(enum_values_from_description("values: []"), None);
        assert_eq!(enum_values_from_description("no list here"), None);
    }

    #[test]
    fn description_prefixes_name_inline_types() {
        assert_eq!(
            type_name_hint_from_description("AttributeValue values: String[] if ..."),
            Some("AttributeValue")
        );
        assert_eq!(type_name_hint_from_description("values: [A]"), None);
        assert_eq!(type_name_hint_from_description("the values: [A]"), None);
    }

    #[test]
    fn option_in_a_map_name_means_nullable_values() {
        assert!(map_values_are_nullable("Map_UUID_Option_AttributeValue"));
        assert!(!map_values_are_nullable("Map_AttributeValue"));
        assert!(!map_values_are_nullable("Optional_Things"));
    }

    #[test]
    fn the_version_prefix_is_not_part_of_a_path() {
        assert_eq!(
            path_without_version("/v1/agents/{agentId}"),
            "/agents/{agentId}"
        );
        assert_eq!(path_without_version("/beta/agents"), "/agents");
        assert_eq!(path_without_version("/v12/x"), "/x");
        assert_eq!(path_without_version("/beta"), "/");
        assert_eq!(path_without_version("/agents/v1"), "/agents/v1");
        assert_eq!(path_without_version("/vip/list"), "/vip/list");
        assert_eq!(path_without_version("/v/list"), "/v/list");
    }
}

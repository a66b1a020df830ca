//! Rust names for wire names: one place, total functions (never panic on odd input).

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Names a generated type must not take: they would shadow the prelude or the
/// runtime inside the `models` module.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Vec",
    "String",
    "Box",
    "Self",
    "Default",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Debug",
    "Serialize",
    "Deserialize",
    "DateTime",
    // Imported or named by models.rs: `use uuid::Uuid`, `use std::collections::BTreeMap`,
    // `impl From<&str> for ...`.
    "Uuid",
    "BTreeMap",
    "From",
];

/// Strict and reserved keywords of Rust 2024 (`r#` is prepended to these).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where",
    "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers: an underscore is appended instead.
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// `Foo_Bar` -> `FooBar`: the public contract for component schemas.
pub fn type_name(wire: &str) -> String {
    let name = printable(wire.to_upper_camel_case());
    let name = if name.is_empty() {
        "Unnamed".to_string()
    } else {
        name
    };
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("T{name}")
    } else {
        name
    }
}

/// Whether a type name would shadow something the generated code relies on.
pub fn is_reserved_type_name(name: &str) -> bool {
    RESERVED_TYPE_NAMES.contains(&name)
}

/// Variant name for a tag or enum value: `NoRecentDelivery`, `email` -> `Email`.
pub fn variant_name(wire: &str) -> String {
    let name = type_name(wire);
    // `Unknown` is the catch-all every open enum and union has; `Self` is a keyword
    // that cannot be a raw identifier (`values: [self, team]`).
    match name.as_str() {
        "Unknown" => "UnknownValue".to_string(),
        "Self" => "SelfValue".to_string(),
        _ => name,
    }
}

/// Field, argument or method name: `createdAt` -> `created_at`, `_type` -> `r#type`
/// (the `r#` is added by [`ident`] when printing).
pub fn field_name(wire: &str) -> String {
    let name = printable(wire.to_snake_case());
    let name = if name.is_empty() {
        "field".to_string()
    } else {
        name
    };
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("n{name}")
    } else if NON_RAW_KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// heck keeps every Unicode alphanumeric (`m²`), but an identifier may hold only XID
/// characters (and `proc_macro2::Ident::new` panics on anything else): such a name
/// keeps its ASCII letters, digits and underscores.
fn printable(name: String) -> String {
    let is_keyword = KEYWORDS.contains(&name.as_str()) || NON_RAW_KEYWORDS.contains(&name.as_str());
    if is_keyword || syn::parse_str::<syn::Ident>(&name).is_ok() {
        name
    } else {
        name.chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    }
}

/// Whether a hand-written name (a `rename` override) can be printed by [`ident`]: ASCII
/// letters, digits and `_`, not starting with a digit, and not a keyword that cannot be
/// a raw identifier.
pub fn is_rust_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !NON_RAW_KEYWORDS.contains(&name)
}

/// A `proc_macro2::Ident` for any name produced here, raw where it is a keyword.
pub fn ident(name: &str) -> proc_macro2::Ident {
    if KEYWORDS.contains(&name) {
        proc_macro2::Ident::new_raw(name, proc_macro2::Span::call_site())
    } else {
        proc_macro2::Ident::new(name, proc_macro2::Span::call_site())
    }
}

/// Gives each name in `names` a unique spelling by appending `2`, `3`... to later
/// duplicates, in input order (deterministic: the order is the description's).
pub fn dedupe_in_order(names: &mut [String]) {
    let mut seen = std::collections::BTreeSet::new();
    for name in names.iter_mut() {
        if !seen.insert(name.clone()) {
            let base = name.clone();
            let mut n = 2;
            while !seen.insert(format!("{base}{n}")) {
                n += 1;
            }
            *name = format!("{base}{n}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn component_names_follow_heck_upper_camel_case() {
        assert_eq!(
            type_name("Map_UUID_Option_AttributeValue"),
            "MapUuidOptionAttributeValue"
        );
        assert_eq!(
            type_name("BulkActionOutcome_BulkError_Agent"),
            "BulkActionOutcomeBulkErrorAgent"
        );
        assert_eq!(type_name("IsOneOf4"), "IsOneOf4");
        assert_eq!(type_name("3dSecure"), "T3dSecure");
        assert_eq!(type_name(""), "Unnamed");
        assert_eq!(type_name("Größe"), "Größe");
        assert_eq!(type_name("x²"), "X");
        assert_eq!(type_name("²"), "Unnamed");
    }

    #[test]
    fn field_names_are_snake_case_and_keywords_stay_usable() {
        assert_eq!(field_name("createdAt"), "created_at");
        assert_eq!(field_name(crate::conventions::TAG_KEY), "type");
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("utterance_start_ms"), "utterance_start_ms");
        assert_eq!(field_name("2fa"), "n2fa");
        assert_eq!(field_name("--"), "field");
        assert_eq!(field_name("area m²"), "area_m");
        assert_eq!(field_name("ünïcödé"), "ünïcödé");
        assert_eq!(ident(&field_name("Ⓐ")).to_string(), "field");
    }

    #[test]
    fn hand_written_names_must_be_printable() {
        assert!(is_rust_name("PlainFooBar"));
        assert!(is_rust_name("foo_bar_2"));
        assert!(is_rust_name("type"));
        for bad in ["", "9Lives", "foo-bar", "a b", "self", "_", "é"] {
            assert!(!is_rust_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn duplicates_get_numbered_in_order() {
        let mut names = vec!["A".to_string(), "B".into(), "A".into(), "A".into()];
        dedupe_in_order(&mut names);
        assert_eq!(names, ["A", "B", "A2", "A3"]);
    }

    #[test]
    fn the_catch_all_name_is_never_taken_by_a_real_value() {
        assert_eq!(variant_name("Unknown"), "UnknownValue");
        assert_eq!(variant_name("unknown"), "UnknownValue");
    }

    #[test]
    fn a_value_spelled_self_still_names_a_variant() {
        assert_eq!(variant_name("self"), "SelfValue");
        assert_eq!(variant_name("Self"), "SelfValue");
        assert_eq!(variant_name("selfService"), "SelfService");
    }
}

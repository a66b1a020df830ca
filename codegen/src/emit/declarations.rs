//! Items declared through one of the runtime's macros (`crate::model_struct! { ... }`):
//! the macro derives the item's impls from the one declaration, so each fact of the item
//! (a field and its key, a value and its wire form, a variant and its tag) is one line of
//! the generated file.
//!
//! A declaration is written as the item it declares (a `struct` or `enum` with the
//! macro's field and value markers), so prettyplease lays it out like any item; it is
//! built with a marker attribute naming the macro, and [`wrap_declarations`] turns the
//! printed item into the macro call. rustfmt leaves the inside of a `{}` macro call as it
//! is, so the layout stays prettyplease's.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// The marker attribute's name; not a real attribute: it never reaches the output.
const MARKER: &str = "dixa_codegen_declared_by";

/// `item` (a struct or enum, with its attributes) to declare with `crate::<runtime_macro>!`.
pub(super) fn declared_by(runtime_macro: &str, item: TokenStream) -> TokenStream {
    let marker = Ident::new(MARKER, Span::call_site());
    let runtime_macro = Ident::new(runtime_macro, Span::call_site());
    quote! { #[#marker(#runtime_macro)] #item }
}

/// Prettyplease's text with each marked top-level item wrapped into its macro call:
///
/// ```text
/// #[dixa_codegen_declared_by(string_enum)]     crate::string_enum! {
/// /// Docs.                                         /// Docs.
/// pub enum Status {                      ->         pub enum Status {
///     Open = "open",                                    Open = "open",
/// }                                                 }
///                                               }
/// ```
pub(super) fn wrap_declarations(text: &str) -> String {
    let opening = format!("#[{MARKER}(");
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut inside = false;
    for line in text.lines() {
        if let Some(runtime_macro) = line
            .strip_prefix(&opening)
            .and_then(|rest| rest.strip_suffix(")]"))
        {
            out.push_str(&format!("crate::{runtime_macro}! {{\n"));
            inside = true;
            continue;
        }
        if inside && !line.is_empty() {
            out.push_str("    ");
        }
        out.push_str(line);
        out.push('\n');
        if inside && ends_top_level_item(line) {
            out.push_str("}\n");
            inside = false;
        }
    }
    out
}

/// The last line of a top-level struct or enum: its closing brace, or the whole item
/// when it has no fields (`pub struct Empty {}`).
fn ends_top_level_item(line: &str) -> bool {
    line == "}" || (line.starts_with("pub ") && line.ends_with("{}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marked_item_becomes_its_macro_call_and_others_stay() {
        let text = "\
#[dixa_codegen_declared_by(string_enum)]
/// Docs.
pub enum Status {
    Open = \"open\",
}
pub type Id = String;
#[dixa_codegen_declared_by(model_struct)]
pub struct Empty {}
";
        assert_eq!(
            wrap_declarations(text),
            "\
crate::string_enum! {
    /// Docs.
    pub enum Status {
        Open = \"open\",
    }
}
pub type Id = String;
crate::model_struct! {
    pub struct Empty {}
}
"
        );
    }
}

//! Doc comments from descriptions, made safe for rustdoc and clippy.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` lines for a description (nothing for `None` or blank text).
///
/// Square brackets are escaped so `values: [A, B]` is not read as intra-doc links,
/// and lines are trimmed so Markdown indentation does not turn into code blocks.
pub fn doc_attrs(text: Option<&str>) -> TokenStream {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return TokenStream::new();
    };
    let lines = text.lines().map(|line| {
        let line = line.trim().replace('[', "\\[").replace(']', "\\]");
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote! { #[doc = #line] }
    });
    quote! { #(#lines)* }
}

/// Joins optional doc paragraphs with a blank line between them.
pub fn paragraphs<'a>(parts: impl IntoIterator<Item = Option<&'a str>>) -> Option<String> {
    let parts: Vec<&str> = parts
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_are_escaped_and_blank_docs_vanish() {
        let docs = doc_attrs(Some("values: [A, B]")).to_string();
        assert!(docs.contains(r"values: \\[A, B\\]"), "{docs}");
        assert!(doc_attrs(Some("  ")).is_empty());
        assert!(doc_attrs(None).is_empty());
    }
}

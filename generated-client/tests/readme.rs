//! The README's quick start is the crate's front page (`cargo doc -p dixa-client --open`),
//! where it is compiled as a doctest: the two must stay the same text.

const README: &str = include_str!("../../README.md");
const LIB: &str = include_str!("../src/lib.rs");

/// The text of the first fenced block after `after` whose info string starts with
/// `fence_info`.
fn code_block<'a>(text: &'a str, after: &str, fence_info: &str) -> &'a str {
    let section = &text[text.find(after).unwrap_or_else(|| panic!("no {after:?}"))..];
    let open = format!("```{fence_info}");
    let start = section
        .find(&open)
        .unwrap_or_else(|| panic!("no {open} block after {after:?}"));
    let body = &section[start..];
    let body = &body[body.find('\n').expect("a fence line") + 1..];
    &body[..body.find("```").expect("a closing fence")]
}

/// The crate-level doc comment (`//!` lines) of lib.rs, as rustdoc reads it.
fn crate_doc() -> String {
    LIB.lines()
        .filter_map(|line| line.strip_prefix("//!"))
        .map(|line| line.strip_prefix(' ').unwrap_or(line))
        .map(|line| format!("{line}\n"))
        .collect()
}

#[test]
fn the_readme_quick_start_is_the_crate_doc_quick_start() {
    let doc = crate_doc();
    let in_docs = code_block(&doc, "# Quick start", "no_run");
    let in_readme = code_block(README, "## Using `dixa-client`", "rust");
    assert!(
        in_docs.contains("client.v1().agents()"),
        "the crate doc's quick start is not the expected block:\n{in_docs}"
    );
    assert_eq!(
        in_readme, in_docs,
        "README.md's quick start (under \"Using `dixa-client`\") and the one in \
         generated-client/src/lib.rs differ: change both"
    );
}

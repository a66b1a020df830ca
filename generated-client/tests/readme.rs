//! The crate README's code is compiled where it also lives, as doctests: its quick start is
//! the crate's front page (`cargo doc -p dixa-client --open`), its search with filters the
//! beta module's example, its test example the `testing` module's. Each pair must stay the
//! same text.

const README: &str = include_str!("../README.md");
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
    let in_readme = code_block(README, "## Quick start", "rust");
    assert!(
        in_docs.contains("client.v1().agents()"),
        "the crate doc's quick start is not the expected block:\n{in_docs}"
    );
    assert_eq!(
        in_readme, in_docs,
        "generated-client/README.md's quick start and the one in \
         generated-client/src/lib.rs differ: change both"
    );
}

/// The lines of a fenced block as rustdoc shows them: hidden `# ` lines dropped.
fn shown_lines(block: &str) -> String {
    block
        .trim_end()
        .lines()
        .filter(|line| *line != "#" && !line.starts_with("# "))
        .map(|line| format!("{line}\n"))
        .collect()
}

/// A block of a Markdown list item, without the item's indentation.
fn dedent(block: &str) -> String {
    let indent = block
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start().len())
        .min()
        .unwrap_or(0);
    block
        .trim_end()
        .lines()
        .map(|line| format!("{}\n", line.get(indent..).unwrap_or("")))
        .collect()
}

/// A module's documentation (its `//!` lines), as rustdoc reads it.
fn module_doc(source: &str) -> String {
    source
        .lines()
        .filter_map(|line| line.strip_prefix("//!"))
        .map(|line| line.strip_prefix(' ').unwrap_or(line))
        .map(|line| format!("{line}\n"))
        .collect()
}

/// The README's search with filters is compiled as a doctest of `dixa_client::beta`
/// (where it is also the module page's example): the two must stay the same text.
#[test]
fn the_readme_search_with_filters_is_the_beta_doc_example() {
    let doc = module_doc(include_str!("../src/beta.rs"));
    let in_docs = shown_lines(code_block(&doc, "# Search with filters", "no_run"));
    let in_readme = dedent(code_block(README, "**Search with filters**", "rust"));
    assert!(
        in_docs.contains("Filters::all(["),
        "the beta module's search example is not the expected block:\n{in_docs}"
    );
    assert_eq!(
        in_readme, in_docs,
        "generated-client/README.md's search with filters and the one in \
         generated-client/src/beta.rs differ: change both"
    );
}

/// The README's test example is the `testing` module's doctest, without its hidden lines.
#[test]
fn the_readme_test_example_is_the_testing_doc_example() {
    let doc = module_doc(include_str!("../src/runtime/testing.rs"));
    // The doctest's fence has no info string: find it by its first line.
    let first_line = "use dixa_client::testing::";
    let start = doc
        .find(&format!("```\n{first_line}"))
        .expect("the testing module's doctest")
        + "```\n".len();
    let block = &doc[start..];
    let in_docs = shown_lines(&block[..block.find("```").expect("a closing fence")]);
    let in_readme = shown_lines(code_block(README, "## Testing your code", "rust"));
    assert!(
        in_docs.contains("dixa.answer(agents::List::OPERATION"),
        "the testing module's example is not the expected block:\n{in_docs}"
    );
    assert_eq!(
        in_readme, in_docs,
        "generated-client/README.md's test example and the one in \
         generated-client/src/runtime/testing.rs differ: change both"
    );
}

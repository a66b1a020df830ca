//! `spec/<version>/source.toml`: where a version's description comes from and what it
//! must hash to.

use std::path::Path;

use serde::Deserialize;
use toml_edit::{DocumentMut, Item, Value};

use crate::Error;

/// The pinned source of the description.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecSource {
    /// Tried first.
    pub url: String,
    /// Lowercase hex SHA-256 of the expected bytes.
    pub sha256: String,
    /// Tried in order after `url`, relative to the workspace root.
    #[serde(default)]
    pub mirrors: Vec<String>,
}

impl SpecSource {
    /// The source described by the text of a `source.toml`.
    pub fn parse(text: &str) -> Result<SpecSource, String> {
        let source: SpecSource = toml::from_str(text).map_err(|e| e.to_string())?;
        if !is_sha256_hex(&source.sha256) {
            return Err(format!(
                "`sha256` must be 64 lowercase hex digits, got {:?}",
                source.sha256
            ));
        }
        Ok(source)
    }

    /// The source pinned in the file at `path`.
    pub fn load(path: &Path) -> Result<SpecSource, Error> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::other(format!("cannot read {}: {e}", path.display())))?;
        SpecSource::parse(&text)
            .map_err(|e| Error::other(format!("{} is malformed: {e}", path.display())))
    }
}

pub fn is_sha256_hex(text: &str) -> bool {
    text.len() == 64
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The text of a `source.toml` with a new `sha256` (and `url`, if given), every comment
/// and every other line kept as it was.
pub fn pin_rewritten(text: &str, sha256: &str, url: Option<&str>) -> Result<String, String> {
    let mut doc: DocumentMut = text.parse().map_err(|e| format!("{e}"))?;
    replace_string_keeping_decor(&mut doc, "sha256", sha256)?;
    if let Some(url) = url {
        replace_string_keeping_decor(&mut doc, "url", url)?;
    }
    let rewritten = doc.to_string();
    // Refuse to write a file the next run could not read.
    SpecSource::parse(&rewritten)?;
    Ok(rewritten)
}

/// Sets `key = "value"` at the top level; the comments around the old value stay.
fn replace_string_keeping_decor(
    doc: &mut DocumentMut,
    key: &str,
    value: &str,
) -> Result<(), String> {
    let Some(Item::Value(old)) = doc.get_mut(key) else {
        return Err(format!("no top-level `{key} = \"...\"` to update"));
    };
    let decor = old.decor().clone();
    let mut new = Value::from(value);
    *new.decor_mut() = decor;
    *old = new;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A well-formed sha256 (any would do).
    const SOME_SHA256: &str = "4ce69e044044e69d297c4bc7580d70631c0e676a428e90eeb79b570f9358ba1b";

    /// Each committed pin parses (its hash is whatever the last `--update-pin` wrote: an
    /// update edits nothing here).
    #[test]
    fn the_committed_source_tomls_parse() {
        let beta = SpecSource::parse(include_str!("../../spec/beta/source.toml"))
            .expect("spec/beta/source.toml parses");
        assert!(beta.url.starts_with("https://"));
        assert_eq!(beta.mirrors, ["../shared/dixa-spec/dixa-api.beta.yaml"]);

        let v1 = SpecSource::parse(include_str!("../../spec/v1/source.toml"))
            .expect("spec/v1/source.toml parses");
        assert!(v1.url.starts_with("https://"));
        assert_eq!(v1.mirrors, ["../shared/dixa-spec/dixa-api.v1.json"]);
    }

    #[test]
    fn a_malformed_hash_is_rejected() {
        let err = SpecSource::parse("url = \"x\"\nsha256 = \"ABC\"\n").unwrap_err();
        assert!(err.contains("64 lowercase hex digits"), "{err}");
    }

    #[test]
    fn an_unknown_key_is_rejected() {
        let text = format!("url = \"x\"\nsha256 = \"{SOME_SHA256}\"\nmirror = []\n");
        let err = SpecSource::parse(&text).unwrap_err();
        assert!(err.contains("mirror"), "{err}");
    }

    #[test]
    fn rewriting_the_pin_keeps_comments_and_other_keys() {
        let text = include_str!("../../spec/beta/source.toml");
        let new_hash = "a".repeat(64);
        let rewritten = pin_rewritten(text, &new_hash, Some("https://example.test/new.yaml"))
            .expect("rewrites");

        let source = SpecSource::parse(&rewritten).unwrap();
        assert_eq!(source.sha256, new_hash);
        assert_eq!(source.url, "https://example.test/new.yaml");
        assert_eq!(source.mirrors, ["../shared/dixa-spec/dixa-api.beta.yaml"]);
        // Only the two value lines changed.
        let changed: Vec<_> = text
            .lines()
            .zip(rewritten.lines())
            .filter(|(a, b)| a != b)
            .collect();
        assert_eq!(changed.len(), 2, "{changed:#?}");
        assert_eq!(text.lines().count(), rewritten.lines().count());
    }

    #[test]
    fn rewriting_without_a_url_keeps_the_url() {
        let text =
            format!("url = \"https://a.test/x\" # the portal\nsha256 = \"{SOME_SHA256}\" # pin\n");
        let rewritten = pin_rewritten(&text, &"b".repeat(64), None).unwrap();
        assert_eq!(
            rewritten,
            format!(
                "url = \"https://a.test/x\" # the portal\nsha256 = \"{}\" # pin\n",
                "b".repeat(64)
            )
        );
    }
}

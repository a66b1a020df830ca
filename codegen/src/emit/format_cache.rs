//! Formatting answers kept between runs: a warm `cargo xtask codegen` whose output did not
//! change skips prettyplease and the rustfmt processes, most of its time.
//!
//! One entry per key (a file piece for prettyplease, an output file for rustfmt): the
//! exact text the formatter was given, with the formatter's identity (rustfmt: its path,
//! size and modification time; prettyplease: the generator binary's, which contains it),
//! and what it answered. An entry is used only when the whole input is equal, so a hit
//! gives the bytes the formatter would give; anything unreadable is a miss. Writing is best
//! effort: a cache that cannot be written only costs time.

use std::path::{Path, PathBuf};

pub struct FormatCache {
    dir: PathBuf,
    /// Which formatter, with which options: part of every entry's input.
    formatter: String,
}

impl FormatCache {
    pub fn new(dir: &Path, formatter: String) -> FormatCache {
        FormatCache {
            dir: dir.to_path_buf(),
            formatter,
        }
    }

    /// The formatter's answer for `source`, if this cache holds it for `path`.
    pub fn get(&self, path: &str, source: &str) -> Option<String> {
        let (input, output) = self.files(path);
        let kept = std::fs::read_to_string(input).ok()?;
        let same = kept
            .strip_prefix(self.formatter.as_str())
            .and_then(|rest| rest.strip_prefix('\n'))
            == Some(source);
        if !same {
            return None;
        }
        std::fs::read_to_string(output).ok()
    }

    /// Keeps the formatter's answer for `source`. The answer is written first, so an entry
    /// whose input file is complete has its answer.
    pub fn put(&self, path: &str, source: &str, formatted: &str) {
        let (input, output) = self.files(path);
        let _ = std::fs::create_dir_all(&self.dir);
        let _ = std::fs::remove_file(&input);
        if std::fs::write(&output, formatted).is_ok() {
            let _ = std::fs::write(&input, format!("{}\n{source}", self.formatter));
        }
    }

    fn files(&self, path: &str) -> (PathBuf, PathBuf) {
        let name = file_name(path);
        (
            self.dir.join(format!("{name}.in")),
            self.dir.join(format!("{name}.out")),
        )
    }
}

/// Forgets every answer kept in `dir` for the output files `paths` (each file's rustfmt
/// answer and its pieces' prettyplease answers): what a change of the description they
/// come from costs the next run.
pub fn forget(dir: &Path, paths: &[String]) {
    let stems: Vec<String> = paths.iter().map(|p| file_name(p)).collect();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if stems.iter().any(|stem| name.starts_with(stem.as_str())) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A key as a file name in the cache directory.
fn file_name(path: &str) -> String {
    path.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_answers_only_its_exact_input_and_rustfmt() {
        let dir = std::env::temp_dir().join(format!("dixa-format-cache-{}", std::process::id()));
        let cache = FormatCache::new(&dir, "rustfmt 1".into());
        assert_eq!(cache.get("src/a.rs", "fn a(){}"), None);
        cache.put("src/a.rs", "fn a(){}", "fn a() {}\n");
        assert_eq!(
            cache.get("src/a.rs", "fn a(){}").as_deref(),
            Some("fn a() {}\n")
        );
        assert_eq!(cache.get("src/a.rs", "fn a(){} "), None);
        assert_eq!(cache.get("src/b.rs", "fn a(){}"), None);
        let other_rustfmt = FormatCache::new(&dir, "rustfmt 2".into());
        assert_eq!(other_rustfmt.get("src/a.rs", "fn a(){}"), None);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn forgetting_a_file_forgets_its_pieces_and_nothing_else() {
        let dir = std::env::temp_dir().join(format!("dixa-format-forget-{}", std::process::id()));
        let cache = FormatCache::new(&dir, "rustfmt 1".into());
        cache.put("gen/beta/models.rs", "a", "A");
        cache.put("gen/beta/models.rs.0.pretty", "b", "B");
        cache.put("gen/v1/models.rs", "a", "A");
        forget(&dir, &["gen/beta/models.rs".to_string()]);
        assert_eq!(cache.get("gen/beta/models.rs", "a"), None);
        assert_eq!(cache.get("gen/beta/models.rs.0.pretty", "b"), None);
        assert_eq!(cache.get("gen/v1/models.rs", "a").as_deref(), Some("A"));
        let _ = std::fs::remove_dir_all(dir);
    }
}

//! rustfmt, as the generator runs it: a process of the active toolchain per piece of a
//! file, given only the text it would change.
//!
//! rustfmt leaves the inside of a top-level `{}` macro call as it is (it trims trailing
//! whitespace and closes up an empty one, nothing more), and most of `models.rs` is such calls
//! (`crate::model_struct! { ... }`, see [`super::declarations`]). Those calls go to
//! rustfmt as one-line stand-ins and are put back afterwards, so rustfmt parses and
//! formats the rest only, and a piece made of nothing but such calls needs no process.
//! The answer is the one rustfmt gives for the whole text: the tests below hold rustfmt
//! to that on the cases it rests on, and `cargo fmt --check` in CI on every committed file.

use std::ffi::OsString;
use std::path::Path;

/// `source` as rustfmt formats it (edition 2024, Unix newlines).
pub(super) fn format(source: &str) -> Result<String, String> {
    let set_aside = SetAside::new(source);
    if set_aside.kept.is_empty() {
        return run(source);
    }
    let formatted = if set_aside.is_only_stand_ins() {
        set_aside.text.clone()
    } else {
        run(&set_aside.text)?
    };
    match set_aside.put_back(&formatted) {
        Some(text) => Ok(text),
        // A stand-in rustfmt moved or changed: ask it about the whole text instead.
        None => run(source),
    }
}

/// A text with each top-level `{}` macro call replaced by a one-line stand-in.
struct SetAside {
    /// The text rustfmt is given.
    text: String,
    /// The calls, in order, each as rustfmt would leave it.
    kept: Vec<String>,
}

impl SetAside {
    fn new(source: &str) -> SetAside {
        let mut text = String::with_capacity(source.len() / 4);
        let mut kept = Vec::new();
        let mut call: Option<String> = None;
        for line in source.lines() {
            if let Some(body) = call.as_mut() {
                body.push_str(line.trim_end());
                body.push('\n');
                if line == "}" {
                    let body = call.take().unwrap_or_default();
                    if body.lines().filter(|l| !l.is_empty()).count() > 2 {
                        text.push_str(&stand_in(kept.len()));
                        text.push('\n');
                        kept.push(body);
                    } else {
                        // An empty call: rustfmt closes it up (`name! {}`).
                        text.push_str(&body);
                    }
                }
                continue;
            }
            if is_call_opening(line) {
                call = Some(format!("{}\n", line.trim_end()));
                continue;
            }
            text.push_str(line);
            text.push('\n');
        }
        if let Some(unclosed) = call {
            // Not a call this module understands: rustfmt sees it as it is.
            text.push_str(&unclosed);
        }
        SetAside { text, kept }
    }

    /// Nothing but stand-ins, each on its line and one blank line apart: rustfmt's answer
    /// is the text itself.
    fn is_only_stand_ins(&self) -> bool {
        let mut lines = self.text.lines();
        let mut expected = 0;
        loop {
            if lines.next() != Some(stand_in(expected).as_str()) {
                return false;
            }
            expected += 1;
            match lines.next() {
                None => return expected == self.kept.len(),
                Some("") => {}
                Some(_) => return false,
            }
        }
    }

    /// `formatted` with the calls back in place of their stand-ins; `None` unless every
    /// stand-in is found once, in order, on a line of its own.
    fn put_back(&self, formatted: &str) -> Option<String> {
        let kept_len: usize = self.kept.iter().map(String::len).sum();
        let mut out = String::with_capacity(formatted.len() + kept_len);
        let mut next = 0;
        for line in formatted.lines() {
            if line.starts_with(STAND_IN) {
                if line != stand_in(next) {
                    return None;
                }
                out.push_str(self.kept.get(next)?);
                next += 1;
            } else {
                out.push_str(line);
                out.push('\n');
            }
        }
        (next == self.kept.len()).then_some(out)
    }
}

const STAND_IN: &str = "crate::dixa_codegen_set_aside_";

fn stand_in(index: usize) -> String {
    format!("{STAND_IN}{index}! {{}}")
}

/// `crate::model_struct! {` at the start of a line: a top-level call whose body ends at
/// the next line that is `}` alone.
fn is_call_opening(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("crate::") else {
        return false;
    };
    let Some(name) = rest.trim_end().strip_suffix("! {") else {
        return false;
    };
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `$RUSTFMT`, else the `rustfmt` beside the cargo that runs us (`$CARGO`, set by
/// `cargo run`, `cargo test` and `cargo bench`): the toolchain's own binary, which skips
/// rustup's proxy (about 10 ms per call), else `rustfmt` from `PATH`.
fn program() -> OsString {
    if let Some(rustfmt) = std::env::var_os("RUSTFMT") {
        return rustfmt;
    }
    let beside_cargo = std::env::var_os("CARGO").map(|cargo| {
        Path::new(&cargo).with_file_name(format!("rustfmt{}", std::env::consts::EXE_SUFFIX))
    });
    match beside_cargo {
        Some(path) if path.is_file() => path.into_os_string(),
        _ => "rustfmt".into(),
    }
}

/// Which rustfmt runs, as a cache key: the program, its options, and (when it can be
/// found) its file's size and modification time, which change with a new toolchain.
pub(super) fn identity() -> String {
    let program = program();
    let file = Path::new(&program);
    let found = if file.is_file() {
        Some(file.to_path_buf())
    } else {
        std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join(&program))
                .find(|candidate| candidate.is_file())
        })
    };
    let stamp = found
        .as_deref()
        .and_then(super::file_stamp)
        .unwrap_or_default();
    format!("{} {ARGS:?} {stamp}", program.to_string_lossy())
}

const ARGS: [&str; 4] = ["--edition", "2024", "--config", "newline_style=Unix"];

/// One rustfmt process over `source`.
fn run(source: &str) -> Result<String, String> {
    use std::io::Write;
    use std::process::{Command, Stdio};

    let mut child = Command::new(program())
        .args(ARGS)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            format!("cannot run rustfmt ({e}); install it with `rustup component add rustfmt`")
        })?;
    let mut stdin = child.stdin.take().ok_or("rustfmt has no stdin")?;
    // Write from another thread: rustfmt may fill its stdout pipe before reading all input.
    let input = source.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().map_err(|e| e.to_string())?;
    writer
        .join()
        .map_err(|_| "rustfmt input thread panicked".to_string())?
        .map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(format!(
            "rustfmt failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    String::from_utf8(output.stdout).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Calls rustfmt would leave alone beside items it reformats, with what it trims
    /// (trailing spaces), what it keeps inside a call (blank lines, odd indentation,
    /// unformatted code) and blank lines between items it collapses.
    const MIXED: &str = "use std::fmt;\n\
        crate::model_struct! {   \n    /// A type.   \n   pub struct   X {a:u8,}\n\n\n        y: u8,\n}\n\n\n\n\
        crate::string_enum! {\n    pub enum E { A = \"a\" }\n}\n\
        impl  X { fn  f( ) {} }\n\
        #[deprecated]\n\
        crate::tagged_union! {\n}\n";

    #[test]
    fn setting_calls_aside_gives_rustfmts_answer_for_the_whole_text() {
        let whole = run(MIXED).expect("rustfmt runs");
        assert_eq!(format(MIXED).expect("rustfmt runs"), whole);
        assert_eq!(
            SetAside::new(MIXED).kept.len(),
            2,
            "the empty call goes to rustfmt"
        );
    }

    #[test]
    fn a_text_of_calls_alone_is_its_own_answer_without_a_process() {
        let calls = "crate::model_struct! {\n    pub struct X {}\n}\n\n\
            crate::string_enum! {\n    pub enum E {}\n}\n";
        let set_aside = SetAside::new(calls);
        assert!(set_aside.is_only_stand_ins());
        assert_eq!(set_aside.put_back(&set_aside.text).as_deref(), Some(calls));
        assert_eq!(run(calls).expect("rustfmt runs"), calls);
        // Two blank lines between them: rustfmt would take one away.
        let spaced = calls.replacen("}\n\n", "}\n\n\n", 1);
        assert!(!SetAside::new(&spaced).is_only_stand_ins());
        assert_eq!(format(&spaced).expect("rustfmt runs"), calls);
    }

    #[test]
    fn a_stand_in_that_does_not_come_back_is_not_guessed() {
        let set_aside = SetAside::new("crate::a! {\n}\n\ncrate::b! {\n}\n");
        let swapped = format!("{}\n\n{}\n", stand_in(1), stand_in(0));
        assert_eq!(set_aside.put_back(&swapped), None);
        assert_eq!(set_aside.put_back(&format!("{}\n", stand_in(0))), None);
    }

    #[test]
    fn only_top_level_calls_in_braces_are_set_aside() {
        assert!(is_call_opening("crate::model_struct! {"));
        assert!(!is_call_opening("    crate::model_struct! {"));
        assert!(!is_call_opening("crate::model_struct!("));
        assert!(!is_call_opening("crate::a::b! {"));
        assert!(!is_call_opening("crate::! {"));
    }
}

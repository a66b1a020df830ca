//! Stage 4: [`Model`] -> Rust source, with `quote!` and `prettyplease`.
//!
//! One function per kind of item; the output order is the model's (`BTreeMap` of
//! types by name, operations by group and name), so the same description gives the
//! same bytes and a new type or field changes only the lines that describe it.

mod declarations;
mod docs;
pub mod format_cache;
mod models;
mod operations;
mod prism_calls;
mod roundtrip;
mod rustfmt;
mod struct_api;
mod types;
mod union_api;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::ir::Model;
use crate::outputs::{OutputFile, paths};
use format_cache::FormatCache;
use proc_macro2::TokenStream;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

pub use docs::doc_attrs;

/// One example per type name, for its rustdoc (see [`crate::examples::TypeExample`]).
pub type TypeExamples = std::collections::BTreeMap<String, crate::examples::TypeExample>;

/// One piece of one generated file. Pieces are built and pretty-printed by a few worker
/// threads (token streams cannot cross threads; the text can), formatted by a rustfmt
/// process each, and a file's pieces are joined in order: prettyplease and rustfmt treat
/// top-level items one after another, so the joined text is what one call over the whole
/// file gives. `models.rs`, most of the output, is cut into [`MODEL_PARTS`] pieces by
/// type, so that a change to one type formats a part of it again, not all of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    Models { part: usize },
    Operations,
    PrismCalls,
    RoundtripTable,
}

const MODEL_PARTS: usize = 3;

/// The order the workers take pieces in: `operations.rs` first, so that its rustfmt, the
/// longest (rustfmt sees little of `models.rs`: [`rustfmt`]), runs while the rest is
/// printed.
const WORK_ORDER: [Piece; MODEL_PARTS + 3] = [
    Piece::Operations,
    Piece::PrismCalls,
    Piece::Models { part: 0 },
    Piece::Models { part: 1 },
    Piece::Models { part: 2 },
    Piece::RoundtripTable,
];

impl Piece {
    fn path(self, version: &str) -> String {
        match self {
            Piece::RoundtripTable => paths::roundtrip_table(version),
            Piece::Models { .. } => paths::models(version),
            Piece::Operations => paths::operations(version),
            Piece::PrismCalls => paths::prism_calls(version),
        }
    }

    /// The key of rustfmt's answer for this piece in the format cache.
    fn format_key(self, version: &str) -> String {
        match self {
            Piece::Models { part } => format!("{}.{part}", self.path(version)),
            _ => self.path(version),
        }
    }

    /// The piece's tokens; `None` for a file this model has no use for.
    fn tokens(self, model: &Model, examples: &TypeExamples, version: &str) -> Option<TokenStream> {
        match self {
            Piece::RoundtripTable => Some(roundtrip::emit_roundtrip_table(model, version)),
            Piece::Models { part } => Some(models::emit_models(
                model,
                examples,
                models::Part {
                    index: part,
                    of: MODEL_PARTS,
                },
            )),
            Piece::Operations => operations::emit_operations(model, version),
            Piece::PrismCalls => (!model.operations.is_empty())
                .then(|| prism_calls::emit_prism_calls(model, version)),
        }
    }

    /// Built, parsed back and pretty-printed; `None` for a file this model has no use for.
    /// prettyplease's answer comes from `cache` when it holds it for the same tokens.
    fn print(
        self,
        model: &Model,
        examples: &TypeExamples,
        version: &str,
        cache: Option<&FormatCache>,
    ) -> Result<Option<String>, Diagnostic> {
        let Some(tokens) = self.tokens(model, examples, version) else {
            return Ok(None);
        };
        let path = self.path(version);
        let Some(cache) = cache else {
            return pretty_print(&path, tokens).map(Some);
        };
        let key = match self {
            Piece::Models { part } => format!("{path}.{part}.pretty"),
            _ => format!("{path}.pretty"),
        };
        let text = tokens.to_string();
        if let Some(hit) = cache.get(&key, &text) {
            return Ok(Some(hit));
        }
        let pretty = pretty_print(&path, tokens)?;
        cache.put(&key, &text, &pretty);
        Ok(Some(pretty))
    }
}

/// The files of one API version (`version` names their paths and the generated module,
/// `dixa_client::<version>`), pretty-printed with prettyplease, normalised with rustfmt so
/// the committed files pass `cargo fmt --check` like hand-written code, and headed with
/// the `@generated` line. rustfmt's answers come from `cache` when it holds them.
///
/// The output is the same whatever the threads do: each file is its pieces joined in
/// their order, and the items follow the model's order (`BTreeMap` of types by name,
/// operations by group and name), so the same description gives the same bytes.
pub fn emit(
    model: &Model,
    examples: &TypeExamples,
    version: &str,
    cache: Option<&Path>,
) -> Result<Vec<OutputFile>, Diagnostics> {
    // Two caches in one directory: prettyplease's answers for each piece's tokens (this
    // generator's binary decides them), and rustfmt's for each file (rustfmt decides).
    let pretty_cache = cache.map(|dir| FormatCache::new(dir, generator_identity()));
    let pretty_cache = pretty_cache.as_ref();
    let cache = cache.map(|dir| FormatCache::new(dir, rustfmt::identity()));
    let cache = cache.as_ref();
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, WORK_ORDER.len());
    let next = AtomicUsize::new(0);
    let (done, printed) = mpsc::channel();
    std::thread::scope(|scope| {
        let next = &next;
        let printers: Vec<_> = (0..workers)
            .map(|_| {
                let done = done.clone();
                scope.spawn(move || {
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(&piece) = WORK_ORDER.get(index) else {
                            break;
                        };
                        let text = piece.print(model, examples, version, pretty_cache);
                        if done.send((index, piece, text)).is_err() {
                            break;
                        }
                    }
                })
            })
            .collect();
        drop(done);

        // Each piece goes to rustfmt as soon as it is printed (its own process, its own
        // answer in the cache): rustfmt formats top-level items one by one, so the pieces
        // formatted apart and joined are the file formatted whole, and `models.rs`, the
        // longest, is formatted on as many cores as there are while it is printed.
        let mut formatting = Vec::new();
        for (index, piece, text) in printed {
            let Some(text) = text? else {
                continue; // a file this model has no use for
            };
            let path = piece.path(version);
            let first_of_file = WORK_ORDER[..index]
                .iter()
                .all(|earlier| earlier.path(version) != path);
            let body = separate_items(&text);
            let edges = (
                body.lines().next().unwrap_or_default().to_string(),
                body.lines().last().unwrap_or_default().to_string(),
            );
            let source = if first_of_file {
                format!("{HEADER}{body}")
            } else {
                body
            };
            let key = piece.format_key(version);
            let thread = scope.spawn(move || match cache {
                Some(cache) => match cache.get(&key, &source) {
                    Some(hit) => Ok(hit),
                    None => rustfmt::format(&source).inspect(|out| cache.put(&key, &source, out)),
                },
                None => rustfmt::format(&source),
            });
            formatting.push((index, path, edges, thread));
        }
        // Joined here, so that a panic is an error, not a panic of `scope`.
        if printers.into_iter().any(|p| p.join().is_err()) {
            return Err(internal("generated code", "a printing thread panicked").into());
        }
        formatting.sort_by_key(|(index, ..)| *index);
        let mut files: Vec<OutputFile> = Vec::new();
        let mut last_edge = String::new();
        for (_, path, (first_line, last_line), thread) in formatting {
            let formatted = thread
                .join()
                .unwrap_or_else(|_| Err("the rustfmt thread panicked".to_string()))
                .map_err(|message| internal(&path, &format!("formatting: {message}")))?;
            match files.last_mut() {
                Some(file) if file.path == path => {
                    // The blank line `separate_items` puts between the two pieces' items
                    // when they are printed as one text.
                    if separate_items(&format!("{last_edge}\n{first_line}\n")).contains("\n\n") {
                        file.contents.push('\n');
                    }
                    file.contents.push_str(&formatted);
                }
                _ => files.push(OutputFile {
                    contents: formatted,
                    path,
                }),
            }
            last_edge = last_line;
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    })
}

fn pretty_print(path: &str, tokens: TokenStream) -> Result<String, Diagnostic> {
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| internal(path, &format!("generated code does not parse: {e}")))?;
    Ok(declarations::wrap_declarations(&prettyplease::unparse(
        &file,
    )))
}

fn internal(path: &str, message: &str) -> Diagnostic {
    Diagnostic {
        pointer: "#".into(),
        message: format!("internal error in {path}: {message}"),
    }
}

const HEADER: &str = "// @generated by dixa-codegen from Dixa's OpenAPI description.\n\
// Do not edit by hand: change the generator or spec/overrides.yaml and run `cargo xtask codegen`.\n\n";

/// Puts a blank line between sibling items (prettyplease packs them), so a reviewer's
/// diff shows one type or operation as one block.
fn separate_items(source: &str) -> String {
    const ITEM_STARTS: &[&str] = &[
        "#[", "///", "pub ", "impl", "fn ", "mod ", "struct ", "enum ", "type ", "crate::", "use ",
    ];
    let mut out = String::with_capacity(source.len() + source.len() / 16);
    let mut lines = source.lines().peekable();
    while let Some(line) = lines.next() {
        out.push_str(line);
        out.push('\n');
        let trimmed = line.trim();
        let is_use = trimmed.starts_with("use ");
        let is_comment = trimmed.starts_with("//");
        let ends_item = !is_comment && (trimmed == "}" || trimmed.ends_with(" {}"))
            || trimmed.starts_with("#![")
            || (!is_comment && trimmed.ends_with(';') && !is_use)
            || (is_use
                && lines
                    .peek()
                    .is_some_and(|n| !n.trim_start().starts_with("use ")));
        if let Some(next) = lines.peek() {
            let indent = |l: &str| l.len() - l.trim_start().len();
            let next_trimmed = next.trim_start();
            if ends_item
                && indent(line) == indent(next)
                && ITEM_STARTS.iter().any(|s| next_trimmed.starts_with(s))
            {
                out.push('\n');
            }
        }
    }
    out
}

/// Which generator prints, as a cache key for prettyplease's answers: the running
/// program (this code, prettyplease and `separate_items` are compiled into it) by path,
/// size and modification time, which change with every rebuild. Without it, no key that
/// could match: the text is printed again.
fn generator_identity() -> String {
    let stamp = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(format!("{} {}", exe.display(), file_stamp(&exe)?)));
    match stamp {
        Some(stamp) => format!("prettyplease printed by {stamp}"),
        None => format!("unknown generator {:?}", std::time::SystemTime::now()),
    }
}

/// A file's size and modification time: what changes when a binary is rebuilt or updated.
fn file_stamp(path: &std::path::Path) -> Option<String> {
    let metadata = std::fs::metadata(path).ok()?;
    Some(format!("{} {:?}", metadata.len(), metadata.modified().ok()))
}

//! `cargo xtask codegen` as a user runs it: the whole process, timed from outside (cargo
//! checking that the xtask is built, the debug xtask starting, checking the pinned
//! description, generating, formatting, deriving the corrected description, comparing and
//! writing the files), warm (one untimed run first). Each run is followed by one run of
//! the `cargo-progenitor` process on its copy of the description, so both see the same
//! load on a shared machine.
//!
//! Measured twice: with rustfmt's answers kept from the previous run (a re-run with
//! nothing changed), and with them cleared before every run (the first run after Dixa
//! changed the description: every file's rustfmt runs).

use std::path::Path;
use std::process::Stdio;
use std::time::Instant;

use super::progenitor;
use super::results::Measurement;
use crate::{Error, Workspace};

/// The progenitor process to interleave with ours: its binary and its description.
pub struct Baseline<'a> {
    pub binary: &'a Path,
    pub spec: &'a Path,
    /// Where it writes its crate (replaced on every run).
    pub out: &'a Path,
}

/// Whether a run finds rustfmt's answers of the run before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatCache {
    Kept,
    Cleared,
}

/// `runs` timed runs of `cargo xtask codegen` (after one warm-up), each followed by one
/// of the baseline if there is one.
pub fn measure(
    ws: &Workspace,
    runs: usize,
    cache: FormatCache,
    baseline: Option<&Baseline<'_>>,
) -> Result<(Measurement, Option<Measurement>), Error> {
    let suffix = match cache {
        FormatCache::Kept => "",
        FormatCache::Cleared => "_no_format_cache",
    };
    let mut ours = Measurement {
        name: format!("codegen/user_run{suffix}"),
        ..Measurement::default()
    };
    let mut theirs = baseline.as_ref().map(|_| Measurement {
        name: format!("progenitor/user_run{suffix}"),
        ..Measurement::default()
    });
    for run in 0..=runs {
        if cache == FormatCache::Cleared {
            // What a new description of that version costs: its files formatted again.
            dixa_codegen::flow::forget_format_answers(ws.root(), super::BASELINE_VERSION);
        }
        let seconds = cargo_xtask_codegen(ws)?;
        let baseline_seconds = match baseline {
            Some(b) => Some(progenitor::generate(b.binary, b.spec, b.out)?),
            None => None,
        };
        if run == 0 {
            continue; // warm-up
        }
        ours.seconds.push(seconds);
        if let (Some(theirs), Some(s)) = (theirs.as_mut(), baseline_seconds) {
            theirs.seconds.push(s);
        }
    }
    Ok((ours, theirs))
}

/// One `cargo xtask codegen` from the workspace root, as typed in a shell; its wall time.
/// In a checkout whose generated files are fresh it writes nothing but an unchanged
/// corrected description (it compares first).
fn cargo_xtask_codegen(ws: &Workspace) -> Result<f64, Error> {
    let t = Instant::now();
    let output = crate::cargo_env::cargo()
        .current_dir(ws.root())
        .args(["xtask", "codegen", "--version", super::BASELINE_VERSION])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| Error::other(format!("cannot run cargo xtask codegen: {e}")))?;
    let seconds = t.elapsed().as_secs_f64();
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(Error::other(format!(
            "`cargo xtask codegen` failed: {}",
            stderr.lines().last().unwrap_or("no message")
        )));
    }
    Ok(seconds)
}

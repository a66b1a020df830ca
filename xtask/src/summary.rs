//! How much `cargo xtask codegen` prints: one line when there is nothing to look at, each
//! version's full report (examples, conventions, overrides, the API change report,
//! timings) when there is, or when asked for with `--verbose`.
//!
//! Plain data in, text out: the rules are tested here without running the generator.

use std::time::Duration;

use dixa_codegen::Timings;

/// What one version's run did, as far as deciding what to print goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionOutcome {
    /// The API version (`v1`, `beta`).
    pub version: String,
    /// Generated files written; with `--check`, generated files found missing or stale.
    pub files_changed: usize,
    /// Derived files written (the corrected description, git-ignored): on the first run
    /// after a fetch. Not a change to look at: it follows the description, and a new
    /// description changes generated files too.
    pub derived_written: usize,
    /// Whether the generated API differs from the committed surface.
    pub api_changed: bool,
    /// Examples in the description.
    pub examples: usize,
    /// Examples that agree with the model (one skipped by an override does not).
    pub examples_agree: usize,
}

impl VersionOutcome {
    /// Whether a generated file or the API changed, or an example does not agree: then
    /// the version's full report is shown without `--verbose`.
    pub fn needs_full_report(&self) -> bool {
        self.files_changed > 0 || self.api_changed || self.examples_agree != self.examples
    }

    /// `386/386`.
    fn examples_ratio(&self) -> String {
        format!("{}/{}", self.examples_agree, self.examples)
    }

    /// One line for a version with nothing to look at, among others that have something:
    /// `v1: unchanged (386/386 examples agree)`.
    pub fn quiet_line(&self, check: bool) -> String {
        format!(
            "{}: {} ({} examples agree)",
            self.version,
            state(check),
            self.examples_ratio()
        )
    }
}

/// `unchanged`, or with `--check` (which writes nothing) `up to date`.
fn state(check: bool) -> &'static str {
    if check { "up to date" } else { "unchanged" }
}

/// The run's only line when no version needs its full report, e.g.
/// `codegen: v1, beta unchanged (386/386, 485/485 examples agree) in 0.8 s`; `None` when
/// one does (or there is no version).
pub fn summary_line(outcomes: &[VersionOutcome], check: bool, elapsed: Duration) -> Option<String> {
    if outcomes.is_empty() || outcomes.iter().any(VersionOutcome::needs_full_report) {
        return None;
    }
    let versions: Vec<&str> = outcomes.iter().map(|o| o.version.as_str()).collect();
    let ratios: Vec<String> = outcomes
        .iter()
        .map(VersionOutcome::examples_ratio)
        .collect();
    let command = if check { "codegen --check" } else { "codegen" };
    Some(format!(
        "{command}: {} {} ({} examples agree) in {:.1} s",
        versions.join(", "),
        state(check),
        ratios.join(", "),
        elapsed.as_secs_f64()
    ))
}

/// One line: the wall time of each phase of a run.
pub fn timings_line(timings: &Timings) -> String {
    let phases = [
        ("load", timings.load),
        ("model", timings.model),
        ("check", timings.check),
        ("emit", timings.emit),
        ("derive", timings.derive),
    ];
    let parts: Vec<String> = phases
        .iter()
        .map(|(name, d)| format!("{name} {}", millis(*d)))
        .collect();
    format!(
        "timings: {} (total {}; emit is quote!, prettyplease and rustfmt on parallel threads; \
         derive runs during check and emit)",
        parts.join(", "),
        millis(timings.total)
    )
}

fn millis(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A version whose run changed nothing and whose examples all agree.
    fn unchanged(version: &str, examples: usize) -> VersionOutcome {
        VersionOutcome {
            version: version.into(),
            files_changed: 0,
            derived_written: 0,
            api_changed: false,
            examples,
            examples_agree: examples,
        }
    }

    const RUN: Duration = Duration::from_millis(840);

    #[test]
    fn nothing_changed_and_every_example_agrees_is_one_line_for_the_run() {
        let run = [unchanged("v1", 386), unchanged("beta", 485)];
        assert_eq!(
            summary_line(&run, false, RUN).as_deref(),
            Some("codegen: v1, beta unchanged (386/386, 485/485 examples agree) in 0.8 s")
        );
    }

    #[test]
    fn with_check_the_line_says_up_to_date() {
        assert_eq!(
            summary_line(&[unchanged("v1", 386)], true, RUN).as_deref(),
            Some("codegen --check: v1 up to date (386/386 examples agree) in 0.8 s")
        );
    }

    #[test]
    fn a_written_file_in_any_version_shows_the_full_reports() {
        let changed = VersionOutcome {
            files_changed: 2,
            ..unchanged("beta", 485)
        };
        assert!(changed.needs_full_report());
        assert_eq!(
            summary_line(&[unchanged("v1", 386), changed], false, RUN),
            None
        );
    }

    #[test]
    fn a_rewritten_corrected_description_alone_is_still_one_line() {
        // The first run on a fresh clone: the fetch said where the description came from.
        let first_run = VersionOutcome {
            derived_written: 1,
            ..unchanged("v1", 386)
        };
        assert!(!first_run.needs_full_report());
        assert_eq!(
            summary_line(&[first_run], false, RUN).as_deref(),
            Some("codegen: v1 unchanged (386/386 examples agree) in 0.8 s")
        );
    }

    #[test]
    fn an_api_change_shows_the_full_report_with_its_change_report() {
        let api = VersionOutcome {
            api_changed: true,
            ..unchanged("v1", 386)
        };
        assert!(api.needs_full_report());
        assert_eq!(summary_line(&[api], false, RUN), None);
    }

    #[test]
    fn an_example_that_does_not_agree_shows_the_full_report() {
        // Also one an override skips: the report says which and why.
        let skipped = VersionOutcome {
            examples_agree: 385,
            ..unchanged("v1", 386)
        };
        assert!(skipped.needs_full_report());
        assert_eq!(summary_line(&[skipped], false, RUN), None);
    }

    #[test]
    fn stale_files_found_by_check_show_the_full_report() {
        let stale = VersionOutcome {
            files_changed: 1,
            ..unchanged("v1", 386)
        };
        assert_eq!(summary_line(&[stale], true, RUN), None);
    }

    #[test]
    fn a_quiet_version_among_changed_ones_gets_one_line() {
        assert_eq!(
            unchanged("beta", 485).quiet_line(false),
            "beta: unchanged (485/485 examples agree)"
        );
        assert_eq!(
            unchanged("beta", 485).quiet_line(true),
            "beta: up to date (485/485 examples agree)"
        );
    }

    #[test]
    fn no_version_is_no_summary() {
        assert_eq!(summary_line(&[], false, RUN), None);
    }
}

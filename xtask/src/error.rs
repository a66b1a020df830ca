//! The xtask's one error type: every variant renders as a message a user can act on.

use std::fmt;

#[derive(Debug)]
pub enum Error {
    /// A description was read but does not hash to the pinned value.
    HashMismatch {
        /// The API version whose pin it is (`v1`).
        version: String,
        origin: String,
        expected: String,
        actual: String,
    },
    /// Every source of the description was tried and none gave the pinned file.
    NoSourceWorked {
        version: String,
        failures: Vec<SourceFailure>,
    },
    /// The generator rejected the description or the overrides (its own rendering).
    Diagnostics(String),
    /// Anything else: I/O, a malformed `spec/<version>/source.toml`, a bad command line.
    Other(String),
}

/// Why one source of the description was not used.
#[derive(Debug)]
pub struct SourceFailure {
    pub origin: String,
    pub error: Error,
}

impl fmt::Display for SourceFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.error {
            // The long hint is printed once after the list, not per source.
            Error::HashMismatch {
                expected, actual, ..
            } => write!(
                f,
                "{}: sha256 mismatch (expected {expected}, got {actual})",
                self.origin
            ),
            other => write!(f, "{}: {other}", self.origin),
        }
    }
}

impl Error {
    pub fn other(message: impl Into<String>) -> Error {
        Error::Other(message.into())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::HashMismatch {
                version,
                origin,
                expected,
                actual,
            } => {
                let pin = format!("spec/{version}/source.toml");
                writeln!(f, "sha256 mismatch for {origin} ({version})")?;
                writeln!(f, "  expected ({pin}): {expected}")?;
                writeln!(f, "  actual:{:width$}{actual}", "", width = pin.len() + 6)?;
                write!(f, "{}", update_pin_hint(version, Some(origin)))
            }
            Error::NoSourceWorked { version, failures } => {
                writeln!(
                    f,
                    "could not get the pinned {version} description from any source:"
                )?;
                for failure in failures {
                    writeln!(f, "  - {failure}")?;
                }
                let mismatched = failures
                    .iter()
                    .any(|s| matches!(s.error, Error::HashMismatch { .. }));
                if mismatched {
                    write!(f, "{}", update_pin_hint(version, None))?;
                }
                Ok(())
            }
            Error::Diagnostics(text) | Error::Other(text) => f.write_str(text.trim_end()),
        }
    }
}

impl std::error::Error for Error {}

impl From<dixa_codegen::flow::FlowError> for Error {
    fn from(e: dixa_codegen::flow::FlowError) -> Error {
        match e {
            dixa_codegen::flow::FlowError::Rejected(text) => Error::Diagnostics(text),
            dixa_codegen::flow::FlowError::Files(text) => Error::Other(text),
        }
    }
}

/// What to do when a source now serves a different description on purpose.
fn update_pin_hint(version: &str, origin: Option<&str>) -> String {
    let from = origin.unwrap_or("URL_OR_PATH");
    format!(
        "If this is a new description you want, accept it with\n  \
         cargo xtask fetch-spec --version {version} --from {from} --update-pin\n\
         then run `cargo xtask codegen` and review the diffs."
    )
}

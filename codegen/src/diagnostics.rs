//! Errors about the input: each names the JSON pointer it is about and the reason.

use std::fmt;

/// One problem in the description or the overrides.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// JSON pointer into the description (`#/components/schemas/Foo/properties/bar`),
    /// or into the overrides file (`overrides.yaml#/...`).
    pub pointer: String,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pointer, self.message)
    }
}

/// All problems found by a phase; phases stop at the first non-empty set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.0.push(Diagnostic {
            pointer: pointer.into(),
            message: message.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Err(self)` if anything was reported, so phases can be chained with `?`.
    pub fn into_result(mut self) -> Result<(), Diagnostics> {
        if self.0.is_empty() {
            Ok(())
        } else {
            self.0.sort();
            self.0.dedup();
            Err(self)
        }
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} problem(s) in the description:", self.0.len())?;
        for d in &self.0 {
            writeln!(f, "  - {d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

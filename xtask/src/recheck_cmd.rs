//! `cargo xtask recheck`: recorded answers against freshly generated models
//! (`dixa_codegen::recheck` does the work).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dixa_codegen::recheck::{Report, recheck_dirs};

use crate::codegen_cmd::generated_for;
use crate::{Error, Workspace};

/// Where users keep recorded answers: directories separated like `PATH`. When set,
/// `cargo xtask codegen` re-checks them after generating.
pub const RECORDINGS_VARIABLE: &str = "DIXA_RECORDINGS";

/// The directories of [`RECORDINGS_VARIABLE`], none when it is not set.
pub fn configured_dirs() -> Vec<PathBuf> {
    std::env::var_os(RECORDINGS_VARIABLE)
        .map(|dirs| {
            std::env::split_paths(&dirs)
                .filter(|d| !d.as_os_str().is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// Generates each of `versions` (from `spec` instead of its fetched description, when
/// given) and re-checks the answers in `dirs` against their models.
pub fn recheck(
    ws: &Workspace,
    versions: &[String],
    spec: Option<&Path>,
    dirs: &[PathBuf],
) -> Result<Report, Error> {
    let generated = versions
        .iter()
        .map(|version| Ok((version.clone(), generated_for(ws, version, spec)?)))
        .collect::<Result<Vec<_>, Error>>()?;
    let models: BTreeMap<String, _> = generated
        .iter()
        .map(|(version, generated)| (version.clone(), &generated.model))
        .collect();
    recheck_dirs(&models, dirs).map_err(Error::Other)
}

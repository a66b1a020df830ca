//! Where `cargo xtask recheck` finds recorded answers when none are named
//! (`dixa_codegen::flow::recheck_versions` does the work).

use std::path::PathBuf;

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

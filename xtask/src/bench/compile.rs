//! Build times of one crate with its dependencies already built: touch its root
//! file, run `cargo build`, time the whole command (what a user waits for).

use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

use crate::Error;

/// One crate to build: either a package of this workspace or a standalone manifest.
#[derive(Debug, Clone)]
pub struct Build {
    /// `cargo build` runs here.
    pub dir: PathBuf,
    /// `-p NAME`, for a workspace package.
    pub package: Option<String>,
    /// `--no-default-features --features F` (comma-separated): the API versions of
    /// `dixa-client` to build; `None` builds the default features.
    pub features: Option<String>,
    /// Touched before each build, so only this crate is rebuilt.
    pub root_file: PathBuf,
    /// `CARGO_TARGET_DIR` for the builds; `None` keeps the caller's.
    pub target_dir: Option<PathBuf>,
    pub release: bool,
    /// `false` sets `CARGO_INCREMENTAL=0`: the crate is compiled from scratch each time
    /// (what CI, a fresh checkout or a dependent crate sees). `true` is the dev-loop
    /// case: nothing changed but the timestamp.
    pub incremental: bool,
}

/// The wall time of `runs` builds after one untimed build.
pub fn time_builds(build: &Build, runs: usize) -> Result<Vec<f64>, Error> {
    run_build(build)?;
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        touch(&build.root_file)?;
        let t = Instant::now();
        run_build(build)?;
        samples.push(t.elapsed().as_secs_f64());
    }
    Ok(samples)
}

fn run_build(build: &Build) -> Result<(), Error> {
    let mut command = crate::cargo_env::cargo();
    command.current_dir(&build.dir).args(["build", "--quiet"]);
    if let Some(package) = &build.package {
        command.args(["-p", package]);
    }
    if let Some(features) = &build.features {
        command.args(["--no-default-features", "--features", features]);
    }
    if build.release {
        command.arg("--release");
    }
    if let Some(dir) = &build.target_dir {
        command.env("CARGO_TARGET_DIR", dir);
    }
    command.env(
        "CARGO_INCREMENTAL",
        if build.incremental { "1" } else { "0" },
    );
    let output = command
        .output()
        .map_err(|e| Error::other(format!("cannot run cargo: {e}")))?;
    if !output.status.success() {
        return Err(Error::other(format!(
            "`cargo build` in {} failed:\n{}",
            build.dir.display(),
            String::from_utf8_lossy(&output.stderr).trim_end()
        )));
    }
    Ok(())
}

/// Sets the file's modification time to now.
pub fn touch(path: &Path) -> Result<(), Error> {
    std::fs::File::options()
        .append(true)
        .open(path)
        .and_then(|f| f.set_modified(SystemTime::now()))
        .map_err(|e| Error::other(format!("cannot touch {}: {e}", path.display())))
}

/// Lines of the `.rs` files under `dir`, recursively.
pub fn rust_lines(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| e.path())
        .map(|path| {
            if path.is_dir() {
                rust_lines(&path)
            } else if path.extension().is_some_and(|x| x == "rs") {
                std::fs::read_to_string(&path).map_or(0, |t| t.lines().count() as u64)
            } else {
                0
            }
        })
        .sum()
}

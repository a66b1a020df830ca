//! A `cargo` run from inside a program cargo started (`cargo xtask ...` is `cargo run`, a
//! test is run by `cargo test`) must not inherit what cargo set for that program.
//!
//! `cargo run` and `cargo test` give the program they start the variables that describe
//! its package (`CARGO_MANIFEST_DIR`, `CARGO_PKG_NAME`, ...). A nested cargo passes them
//! on to the build scripts it runs, and build scripts that watch them (ring's, for one,
//! prints `cargo:rerun-if-env-changed=CARGO_PKG_NAME` and others) see a change against
//! the last build from a shell: their crate is built again, then everything above it,
//! and the next build from a shell builds them once more.
//!
//! Only those package variables are removed: the user's own settings (`CARGO_HOME`,
//! `CARGO_TARGET_DIR`, `RUSTFLAGS`, `RUSTC_WRAPPER`, ...) are the same for a shell's cargo
//! and are kept, and so is `CARGO`, the path of the cargo that started us.
//!
//! This file uses nothing but `std`, so the tests of other crates include it as a module
//! of their own (`#[path = ".../xtask/src/cargo_env.rs"]`) instead of depending on xtask.

use std::ffi::OsString;
use std::process::Command;

/// The variables cargo sets for one package (see "Environment variables Cargo sets for
/// crates" in the Cargo book: also set when `cargo run` or `cargo test` runs a program),
/// apart from the prefixes in [`PACKAGE_PREFIXES`].
const PACKAGE_VARIABLES: &[&str] = &[
    "CARGO_MANIFEST_DIR",
    "CARGO_MANIFEST_PATH",
    "CARGO_MANIFEST_LINKS",
    "CARGO_CRATE_NAME",
    "CARGO_BIN_NAME",
    "CARGO_PRIMARY_PACKAGE",
    "CARGO_TARGET_TMPDIR",
    "CARGO_RUSTC_CURRENT_DIR",
    "OUT_DIR",
];

/// `CARGO_PKG_NAME`, `CARGO_PKG_VERSION`, ...; `CARGO_BIN_EXE_<name>` of a test's binaries.
const PACKAGE_PREFIXES: &[&str] = &["CARGO_PKG_", "CARGO_BIN_EXE_"];

/// Whether `name` is a variable cargo set for the package whose program is running,
/// rather than a setting of the user's.
pub fn is_set_by_cargo_for_a_package(name: &str) -> bool {
    PACKAGE_VARIABLES.contains(&name) || PACKAGE_PREFIXES.iter().any(|p| name.starts_with(p))
}

/// Of the variables named in `names`, those a nested cargo must not inherit.
pub fn package_variables<I, S>(names: I) -> Vec<String>
where
    I: IntoIterator<Item = S>,
    S: Into<OsString>,
{
    names
        .into_iter()
        .filter_map(|name| name.into().into_string().ok())
        .filter(|name| is_set_by_cargo_for_a_package(name))
        .collect()
}

/// Removes from `command`'s environment the package variables this process has.
pub fn without_package_variables(command: &mut Command) -> &mut Command {
    let names = std::env::vars_os().map(|(name, _)| name);
    for name in package_variables(names) {
        command.env_remove(name);
    }
    command
}

/// The cargo that started us (`CARGO`), or the one on the `PATH`.
pub fn cargo_program() -> OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// A `cargo` command that builds as if typed in a shell: [`cargo_program`] without the
/// package variables ([`without_package_variables`]).
pub fn cargo() -> Command {
    let mut command = Command::new(cargo_program());
    without_package_variables(&mut command);
    command
}

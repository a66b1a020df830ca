//! A cargo started by the xtask (`cargo xtask test` runs `cargo test --workspace`) builds
//! as if typed in a shell: it does not inherit the variables `cargo run` set for the
//! xtask, which would make a build script that watches them (ring's does) run again, and
//! everything built on its crate, on every `cargo xtask test` (see `xtask::cargo_env`).

use std::collections::BTreeSet;

use xtask::cargo_env::{cargo, package_variables};

#[test]
fn the_package_s_variables_are_dropped_and_the_user_s_settings_kept() {
    let environment = [
        // Set by `cargo run` / `cargo test` for the program it starts: dropped.
        "CARGO_MANIFEST_DIR",
        "CARGO_MANIFEST_PATH",
        "CARGO_PKG_NAME",
        "CARGO_PKG_VERSION_MAJOR",
        "CARGO_PRIMARY_PACKAGE",
        "CARGO_CRATE_NAME",
        "CARGO_TARGET_TMPDIR",
        "CARGO_BIN_EXE_xtask",
        "OUT_DIR",
        // The user's settings, the same in a shell: kept.
        "CARGO",
        "CARGO_HOME",
        "CARGO_TARGET_DIR",
        "CARGO_TERM_COLOR",
        "RUSTFLAGS",
        "RUSTC_WRAPPER",
        "RUSTUP_TOOLCHAIN",
        "PATH",
    ];
    assert_eq!(
        package_variables(environment),
        [
            "CARGO_MANIFEST_DIR",
            "CARGO_MANIFEST_PATH",
            "CARGO_PKG_NAME",
            "CARGO_PKG_VERSION_MAJOR",
            "CARGO_PRIMARY_PACKAGE",
            "CARGO_CRATE_NAME",
            "CARGO_TARGET_TMPDIR",
            "CARGO_BIN_EXE_xtask",
            "OUT_DIR",
        ]
    );
}

#[test]
fn a_cargo_started_from_this_test_does_not_inherit_what_cargo_test_set_for_it() {
    // `cargo test` set these for this very process, as `cargo run` does for the xtask.
    for name in ["CARGO_MANIFEST_DIR", "CARGO_PKG_NAME"] {
        assert!(std::env::var_os(name).is_some(), "{name} is not set here");
    }
    let command = cargo();
    let removed: BTreeSet<String> = command
        .get_envs()
        .filter(|(_, value)| value.is_none())
        .map(|(name, _)| name.to_string_lossy().into_owned())
        .collect();
    assert!(removed.contains("CARGO_MANIFEST_DIR"), "{removed:?}");
    assert!(removed.contains("CARGO_PKG_NAME"), "{removed:?}");
    assert!(!removed.contains("CARGO"), "{removed:?}");
    assert!(
        command.get_envs().all(|(_, value)| value.is_none()),
        "nothing is added or changed, only removed"
    );
}

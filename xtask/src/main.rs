//! `cargo xtask`: see `cargo xtask help`.

use std::path::{Path, PathBuf};
use std::process::{self, ExitCode};

use dixa_codegen::Generated;
use xtask::bench::{self, BenchOptions};
use xtask::cli::{self, Command};
use xtask::codegen_cmd::{
    api_changes, api_changes_file, generated_from_files, report_text, shortened, timings_text,
};
use xtask::fetch::{FetchRequest, Fetched, fetch_spec};
use xtask::outputs::{Staleness, check_outputs, stale_files_message, write_outputs};
use xtask::{Error, Workspace, prism};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match cli::parse(&args) {
        Ok(command) => command,
        Err(e) => {
            eprintln!("error: {e}\n\n{}", cli::USAGE);
            return ExitCode::from(2);
        }
    };
    let ws = Workspace::of_this_crate();
    let result = match command {
        Command::FetchSpec(request) => run_fetch_spec(&ws, &request),
        Command::Codegen { spec, check } => run_codegen(&ws, spec.as_deref(), check),
        Command::Test { cargo_test_args } => run_tests(&ws, &cargo_test_args),
        Command::Bench(options) => run_bench(&ws, &options),
        Command::Semver => run_semver(&ws),
        Command::Help => {
            print!("{}", cli::USAGE);
            Ok(ExitCode::SUCCESS)
        }
    };
    result.unwrap_or_else(|e| {
        eprintln!("error: {e}");
        ExitCode::FAILURE
    })
}

fn run_fetch_spec(ws: &Workspace, request: &FetchRequest) -> Result<ExitCode, Error> {
    let fetched = fetch_spec(ws, &current_dir()?, request)?;
    print_fetched(ws, &fetched);
    Ok(ExitCode::SUCCESS)
}

fn print_fetched(ws: &Workspace, fetched: &Fetched) {
    let dest = ws.display_path(&ws.fetched_spec());
    match fetched {
        Fetched::AlreadyPresent => {
            println!("{dest} is already there and matches the pinned sha256; nothing to do")
        }
        Fetched::Stored { origin, skipped } => {
            for failure in skipped {
                eprintln!("warning: skipped {failure}");
            }
            println!("fetched {origin}\n  verified against the pinned sha256, stored at {dest}");
        }
        Fetched::Repinned {
            origin,
            old_sha256,
            new_sha256,
            url_changed,
        } => {
            println!("fetched {origin}, stored at {dest}");
            if old_sha256 == new_sha256 {
                println!("  its sha256 is already the pinned one; spec/source.toml unchanged");
            } else {
                let url = if *url_changed { " and url" } else { "" };
                println!("  pinned it in spec/source.toml: sha256{url} updated");
                println!("  sha256 {old_sha256} -> {new_sha256}");
                println!(
                    "next: `cargo xtask codegen`, then review the diffs of \
                     generated-client/src/generated/ and the snapshots"
                );
            }
        }
    }
}

/// Makes sure `spec/fetched/` holds the pinned description, fetching it like
/// `cargo xtask fetch-spec` would; says so when it had to.
fn ensure_spec_fetched(ws: &Workspace) -> Result<(), Error> {
    let dest = ws.display_path(&ws.fetched_spec());
    let fetched = fetch_spec(ws, ws.root(), &FetchRequest::default())?;
    if !matches!(fetched, Fetched::AlreadyPresent) {
        println!("{dest} was missing or did not match the pin; ran `cargo xtask fetch-spec`:");
        print_fetched(ws, &fetched);
    }
    Ok(())
}

fn run_codegen(ws: &Workspace, spec: Option<&Path>, check: bool) -> Result<ExitCode, Error> {
    let spec = match spec {
        Some(spec) => current_dir()?.join(spec),
        None => {
            ensure_spec_fetched(ws)?;
            ws.fetched_spec()
        }
    };
    let generated = generated_from_files(&spec, &ws.overrides())?;
    // Against the committed surface, so read before anything is written.
    let (api_report, api_changed) = api_changes(ws.root(), &generated)?;
    let files = &generated.files;
    let verdict = if check {
        let stale = check_outputs(ws.root(), files);
        if stale.is_empty() {
            Ok(format!(
                "all {} generated files are up to date",
                files.len()
            ))
        } else {
            Err(stale_files_message(&stale))
        }
    } else {
        let written = write_outputs(ws.root(), files)?;
        for file in &written {
            let how = match file.staleness {
                Staleness::Missing => "created",
                _ => "updated",
            };
            println!("{how} {}", file.path);
        }
        for file in write_derived(ws, &generated)? {
            println!("{file}");
        }
        if api_changed {
            let path = ws.root().join(dixa_codegen::paths::API_CHANGES);
            std::fs::write(&path, api_changes_file(std::slice::from_ref(&api_report)))
                .map_err(|e| Error::other(format!("cannot write {}: {e}", path.display())))?;
            println!(
                "wrote {} (the API changes below)",
                dixa_codegen::paths::API_CHANGES
            );
        }
        Ok(format!(
            "{} of {} generated files changed",
            written.len(),
            files.len()
        ))
    };
    println!("{}", report_text(&generated));
    println!("{}", shortened(&api_report, 30));
    println!("{}", timings_text(&generated.timings));
    match verdict {
        Ok(summary) => {
            println!("{summary}");
            Ok(ExitCode::SUCCESS)
        }
        Err(stale) => {
            eprintln!("error: {stale}");
            Ok(ExitCode::FAILURE)
        }
    }
}

fn run_semver(ws: &Workspace) -> Result<ExitCode, Error> {
    if xtask::semver::run(ws)? {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("error: the report or cargo-semver-checks disagrees with the catalogue");
        Ok(ExitCode::FAILURE)
    }
}

fn run_bench(ws: &Workspace, options: &BenchOptions) -> Result<ExitCode, Error> {
    ensure_spec_fetched(ws)?;
    let report = bench::run(ws, options)?;
    println!("{report}");
    Ok(ExitCode::SUCCESS)
}

/// Writes the derived files (git-ignored, never checked) that changed; one line each
/// saying what was written.
fn write_derived(ws: &Workspace, generated: &Generated) -> Result<Vec<String>, Error> {
    let written = write_outputs(ws.root(), &generated.derived)?;
    Ok(generated
        .derived
        .iter()
        .map(|file| {
            let how = if written.iter().any(|w| w.path == file.path) {
                "wrote"
            } else {
                "unchanged:"
            };
            format!(
                "{how} {} (derived: the description with Dixa's conventions made explicit, \
                 for the Prism mock server; git-ignored)",
                file.path
            )
        })
        .collect())
}

/// `cargo test --workspace` with the caller's arguments, with the Prism mock server
/// running for the end-to-end test; cargo's exit code becomes ours. Prism is stopped
/// whatever happens (see `xtask::prism`).
fn run_tests(ws: &Workspace, cargo_test_args: &[String]) -> Result<ExitCode, Error> {
    ensure_spec_fetched(ws)?;
    let mock = start_mock_server(ws)?;
    // `cargo xtask` runs us under cargo, which says which cargo it is.
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = process::Command::new(&cargo);
    command
        .args(["test", "--workspace"])
        .args(cargo_test_args)
        .current_dir(ws.root());
    match &mock {
        MockServer::Started(prism) => {
            command.env(prism::URL_VAR, prism.url());
        }
        MockServer::Skipped(reason) => {
            command.env(prism::SKIP_VAR, reason);
        }
        MockServer::Given => {}
    }
    let status = command.status().map_err(|e| {
        Error::other(format!(
            "cannot run {}: {e}",
            PathBuf::from(&cargo).display()
        ))
    });
    match mock {
        MockServer::Started(prism) => {
            let pid = prism.pid();
            prism.stop();
            println!("prism: stopped (pid {pid})");
        }
        MockServer::Skipped(reason) => {
            eprintln!("warning: the end-to-end test against Prism was skipped: {reason}");
        }
        MockServer::Given => {}
    }
    // A signal has no exit code: report a plain failure.
    let code = status?.code().unwrap_or(1);
    Ok(ExitCode::from(u8::try_from(code).unwrap_or(1)))
}

/// The mock server the end-to-end test talks to.
enum MockServer {
    /// Started here; stopped when dropped.
    Started(prism::RunningPrism),
    /// `DIXA_PRISM_URL` was set by the caller: that server is used, none is started.
    Given,
    /// Prism cannot be had (no npm) and this is not CI: the test is told why it is skipped.
    Skipped(String),
}

/// Installs Prism if needed, writes the corrected description and starts Prism on it.
fn start_mock_server(ws: &Workspace) -> Result<MockServer, Error> {
    if let Some(url) = std::env::var(prism::URL_VAR)
        .ok()
        .filter(|u| !u.trim().is_empty())
    {
        println!(
            "prism: using {url} ({} is set); starting none",
            prism::URL_VAR
        );
        return Ok(MockServer::Given);
    }
    let installed = match prism::ensure_installed(ws)? {
        prism::Install::Ready(installed) => installed,
        prism::Install::NoNpm(reason) if prism::in_ci() => {
            return Err(Error::other(format!(
                "CI=true, and Prism cannot be installed: {reason}"
            )));
        }
        prism::Install::NoNpm(reason) => {
            eprintln!(
                "warning: {reason}\n  the end-to-end test against Prism \
                 (generated-client/tests/prism.rs) will be skipped; in CI this is an error"
            );
            return Ok(MockServer::Skipped(reason));
        }
    };
    let package = format!("{}@{}", prism::PACKAGE, prism::VERSION);
    match installed.install_time {
        Some(t) => println!(
            "prism: installed {package} into {} in {:.1} s",
            prism::INSTALL_DIR,
            t.as_secs_f64()
        ),
        None => println!("prism: {package} is installed in {}", prism::INSTALL_DIR),
    }
    let generated = generated_from_files(&ws.fetched_spec(), &ws.overrides())?;
    for line in write_derived(ws, &generated)? {
        println!("prism: {line}");
    }
    let corrected = ws.root().join(dixa_codegen::paths::CORRECTED_DESCRIPTION);
    let log = ws.root().join(prism::INSTALL_DIR).join("prism.log");
    let running =
        prism::RunningPrism::start(&installed.bin, &corrected, &log, prism::START_TIMEOUT)?;
    println!(
        "prism: serving {} at {} after {:.1} s (pid {}, log {})",
        ws.display_path(&corrected),
        running.url(),
        running.startup().as_secs_f64(),
        running.pid(),
        ws.display_path(running.log())
    );
    Ok(MockServer::Started(running))
}

fn current_dir() -> Result<PathBuf, Error> {
    std::env::current_dir()
        .map_err(|e| Error::other(format!("cannot read the current directory: {e}")))
}

//! `cargo xtask`: see `cargo xtask help`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use dixa_codegen::Generated;
use dixa_codegen::flow::{self, ApiChanges};
use dixa_codegen::outputs::{Staleness, stale_files_message};
use xtask::bench::{self, BenchOptions};
use xtask::cargo_env;
use xtask::cli::{self, Command};
use xtask::fetch::{self, FetchRequest, Fetched, fetch_spec};
use xtask::summary::{self, VersionOutcome};
use xtask::{Error, Workspace, prism, recheck_cmd, redis, snapshots};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
        Command::FetchSpec {
            version,
            request,
            verbose,
        } => run_fetch_spec(&ws, version.as_deref(), &request, verbose),
        Command::Codegen {
            version,
            spec,
            check,
            verbose,
        } => run_codegen(
            &ws,
            &CodegenOptions {
                version: version.as_deref(),
                spec: spec.as_deref(),
                check,
                verbose,
            },
        ),
        Command::Recheck {
            version,
            spec,
            dirs,
        } => run_recheck(&ws, version.as_deref(), spec.as_deref(), dirs),
        Command::Test { cargo_test_args } => run_tests(&ws, &cargo_test_args),
        Command::Bench(options) => run_bench(&ws, &options),
        Command::Release { version } => run_release(&ws, version.as_deref()),
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

/// Every selected version is tried, and each one's failure reported, before failing.
fn run_fetch_spec(
    ws: &Workspace,
    version: Option<&str>,
    request: &FetchRequest,
    verbose: bool,
) -> Result<ExitCode, Error> {
    let cwd = current_dir()?;
    let mut failed = false;
    for version in ws.selected_versions(version)? {
        match fetch_spec(ws, &version, &cwd, request) {
            Ok(fetched) => print_fetched(ws, &version, &fetched, verbose),
            Err(e) => {
                eprintln!("error: {version}: {e}");
                failed = true;
            }
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Prints what a fetch did (`xtask::fetch::messages`).
fn print_fetched(ws: &Workspace, version: &str, fetched: &Fetched, verbose: bool) {
    let dest = ws.display_path(&ws.fetched_spec(version));
    let messages = fetch::messages(fetched, version, &dest, verbose);
    for warning in &messages.warnings {
        eprintln!("warning: {warning}");
    }
    for note in &messages.notes {
        println!("{note}");
    }
}

/// Makes sure `spec/fetched/` holds the pinned description of each of `versions`,
/// fetching it like `cargo xtask fetch-spec` would; says so (one line) when it had to.
fn ensure_spec_fetched(ws: &Workspace, versions: &[String], verbose: bool) -> Result<(), Error> {
    for version in versions {
        let fetched = fetch_spec(ws, version, ws.root(), &FetchRequest::default())?;
        if !matches!(fetched, Fetched::AlreadyPresent) {
            print_fetched(ws, version, &fetched, verbose);
        }
    }
    Ok(())
}

/// Generates every selected version at once, then writes (or checks) each in turn; a
/// failing version does not hide the next one's report. When nothing changed and every
/// example agrees, the run prints one line (`xtask::summary`); otherwise, or with
/// `--verbose`, each version's report, timings and verdict.
fn run_codegen(ws: &Workspace, options: &CodegenOptions<'_>) -> Result<ExitCode, Error> {
    let started = Instant::now();
    let versions = ws.selected_versions(options.version)?;
    let spec = match options.spec {
        Some(spec) => Some(current_dir()?.join(spec)),
        None => {
            ensure_spec_fetched(ws, &versions, options.verbose)?;
            None
        }
    };
    let generated = flow::generate_versions(ws.root(), &versions, spec.as_deref());
    let runs: Vec<(String, Result<VersionRun, Error>)> = versions
        .iter()
        .zip(generated)
        .map(|(version, generated)| {
            let run = generated
                .map_err(Error::from)
                .and_then(|generated| codegen_one(ws, version, generated, options.check));
            (version.clone(), run)
        })
        .collect();
    let outcomes: Option<Vec<VersionOutcome>> = runs
        .iter()
        .map(|(_, run)| run.as_ref().ok().map(|run| run.outcome.clone()))
        .collect();
    if !options.verbose {
        let line = outcomes.and_then(|outcomes| {
            summary::summary_line(&outcomes, options.check, started.elapsed())
        });
        if let Some(line) = line {
            println!("{line}");
            return Ok(ExitCode::SUCCESS);
        }
    }
    let mut failed = false;
    // The user's recorded answers, re-checked against what was just generated.
    let recordings = recheck_cmd::configured_dirs();
    if !recordings.is_empty() && !options.check {
        let checked = run_recheck(ws, options.version, options.spec, recordings)?;
        failed |= checked != ExitCode::SUCCESS;
    }
    for (version, run) in runs {
        match run {
            Ok(run) if !options.verbose && !run.outcome.needs_full_report() => {
                println!("== {}", run.outcome.quiet_line(options.check));
            }
            Ok(run) => {
                println!("== {version}");
                print!("{}", run.report);
                match run.verdict {
                    Ok(summary) => println!("{summary}"),
                    Err(stale) => {
                        eprintln!("error: {version}: {stale}");
                        failed = true;
                    }
                }
            }
            Err(e) => {
                println!("== {version}");
                eprintln!("error: {e}");
                failed = true;
            }
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// `cargo xtask recheck`: each selected version's model against the recorded answers of
/// `dirs` (default: `DIXA_RECORDINGS`); the report per file, failing if one fails.
fn run_recheck(
    ws: &Workspace,
    version: Option<&str>,
    spec: Option<&Path>,
    dirs: Vec<PathBuf>,
) -> Result<ExitCode, Error> {
    let dirs = if dirs.is_empty() {
        recheck_cmd::configured_dirs()
    } else {
        dirs
    };
    if dirs.is_empty() {
        return Err(Error::other(format!(
            "recheck: name the directories of recorded answers, or set {}",
            recheck_cmd::RECORDINGS_VARIABLE
        )));
    }
    let versions = ws.selected_versions(version)?;
    let spec = match spec {
        Some(spec) => Some(current_dir()?.join(spec)),
        None => {
            ensure_spec_fetched(ws, &versions, false)?;
            None
        }
    };
    let cwd = current_dir()?;
    let dirs: Vec<PathBuf> = dirs.iter().map(|dir| cwd.join(dir)).collect();
    let report = flow::recheck_versions(ws.root(), &versions, spec.as_deref(), &dirs)?;
    println!("{report}");
    Ok(if report.failed() == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// `cargo xtask codegen`'s options.
struct CodegenOptions<'a> {
    version: Option<&'a str>,
    spec: Option<&'a Path>,
    check: bool,
    verbose: bool,
}

/// One version's run of `cargo xtask codegen`, to print once every version has run.
struct VersionRun {
    outcome: VersionOutcome,
    /// What was written, the example report, the API change report and the timings.
    report: String,
    /// The closing line, or (`--check`) the stale files.
    verdict: Result<String, String>,
}

/// How many API changes a version's report lists on the terminal (the changelog lists
/// them all).
const CHANGES_SHOWN: usize = 30;

/// One version of `cargo xtask codegen`, once generated: writes the files that changed
/// (or, with `check`, lists the stale ones).
fn codegen_one(
    ws: &Workspace,
    version: &str,
    generated: Generated,
    check: bool,
) -> Result<VersionRun, Error> {
    let files = &generated.files;
    let mut report = String::new();
    let mut line = |text: &str| {
        report.push_str(text);
        report.push('\n');
    };
    let (files_changed, derived_written, verdict, api) = if check {
        let checked = flow::check_version(ws.root(), version, &generated)?;
        let verdict = if checked.stale.is_empty() {
            Ok(format!(
                "{version}: all {} generated files are up to date",
                files.len()
            ))
        } else {
            Err(stale_files_message(&checked.stale))
        };
        (checked.stale.len(), 0, verdict, checked.api)
    } else {
        let written = flow::write_version(ws.root(), version, &generated)?;
        for file in &written.written {
            let how = match file.staleness {
                Staleness::Missing => "created",
                _ => "updated",
            };
            line(&format!("{how} {}", file.path));
        }
        let (derived_lines, derived_written) = write_derived(ws, &generated)?;
        for text in derived_lines {
            line(&text);
        }
        if written.api.changed() {
            line(&format!(
                "added the API changes below to {} under \"Unreleased\"",
                dixa_codegen::paths::CHANGELOG
            ));
        }
        let verdict = Ok(format!(
            "{version}: {} of {} generated files changed",
            written.written.len(),
            files.len()
        ));
        (written.written.len(), derived_written, verdict, written.api)
    };
    line(&generated.report.to_string());
    line(&api.report(Some(CHANGES_SHOWN)));
    line(&summary::timings_line(&generated.timings));
    let outcome = outcome(version, &generated, &api, files_changed, derived_written);
    Ok(VersionRun {
        outcome,
        report,
        verdict,
    })
}

/// What [`codegen_one`] did, for deciding what to print.
fn outcome(
    version: &str,
    generated: &Generated,
    api: &ApiChanges,
    files_changed: usize,
    derived_written: usize,
) -> VersionOutcome {
    VersionOutcome {
        version: version.to_string(),
        files_changed,
        derived_written,
        api_changed: api.changed(),
        examples: generated.report.examples,
        examples_agree: generated.report.examples_passed,
    }
}

fn run_release(ws: &Workspace, version: Option<&str>) -> Result<ExitCode, Error> {
    let today = jiff::Timestamp::now().strftime("%Y-%m-%d").to_string();
    let released = flow::release(ws.root(), version, &today)?;
    println!(
        "released dixa-client {} (was {}; the {} entries under \"Unreleased\" required {} at \
         least): {} and {} updated",
        released.version,
        released.previous,
        released.entries,
        released.required,
        dixa_codegen::paths::CHANGELOG,
        dixa_codegen::paths::CLIENT_MANIFEST,
    );
    // The lock file records the workspace's own versions: update that entry only.
    let status = cargo_env::cargo()
        .args(["update", "--workspace", "--offline"])
        .current_dir(ws.root())
        .status()
        .map_err(|e| Error::other(format!("cannot run cargo update: {e}")))?;
    if !status.success() {
        return Err(Error::other(
            "`cargo update --workspace --offline` failed: run `cargo update --workspace` to \
             record the new version in Cargo.lock",
        ));
    }
    Ok(ExitCode::SUCCESS)
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
    ensure_spec_fetched(ws, &ws.versions()?, false)?;
    let report = bench::run(ws, options)?;
    println!("{report}");
    Ok(ExitCode::SUCCESS)
}

/// Writes the derived files (git-ignored, never checked) that changed: one line each
/// saying what was written, and how many were.
fn write_derived(ws: &Workspace, generated: &Generated) -> Result<(Vec<String>, usize), Error> {
    let written = flow::write_derived(ws.root(), generated)?;
    let lines = generated
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
        .collect();
    Ok((lines, written.len()))
}

/// `cargo test --workspace` with the caller's arguments, with one Prism mock server per
/// API version running for the end-to-end tests; cargo's exit code becomes ours. The
/// servers are stopped whatever happens (see `xtask::prism`).
fn run_tests(ws: &Workspace, cargo_test_args: &[String]) -> Result<ExitCode, Error> {
    let versions = ws.versions()?;
    ensure_spec_fetched(ws, &versions, false)?;
    let mocks = start_mock_servers(ws, &versions)?;
    let redis = start_redis()?;
    // The cargo that runs us, without what it set for us (`xtask::cargo_env`): a second
    // `cargo xtask test` in a row then builds nothing.
    let cargo = cargo_env::cargo_program();
    let mut command = cargo_env::cargo();
    command.args(["test", "--workspace"]);
    // Every test runs, and every differing snapshot is recorded, not just the first
    // (`xtask::snapshots`); the list comes after the run.
    let collect_snapshots = std::env::var_os("INSTA_UPDATE").is_none()
        && std::env::var_os("INSTA_FORCE_PASS").is_none();
    if collect_snapshots {
        snapshots::clear_pending(ws.root())
            .map_err(|e| Error::other(format!("cannot remove old pending snapshots: {e}")))?;
        command.envs(snapshots::COLLECT_ENV);
        if !cargo_test_args.iter().any(|a| a == "--no-fail-fast") {
            command.arg("--no-fail-fast");
        }
    }
    command.args(cargo_test_args).current_dir(ws.root());
    for (version, mock) in &mocks {
        match mock {
            MockServer::Started(prism) => {
                command.env(prism::url_var(version), prism.url());
            }
            MockServer::Skipped(reason) => {
                command.env(prism::SKIP_VAR, reason);
            }
            MockServer::Given => {}
        }
    }
    match &redis {
        TestRedis::Started(running, program) => {
            command.env(redis::URL_VAR, running.url());
            command.env(redis::SERVER_VAR, program);
        }
        TestRedis::Skipped(reason) => {
            command.env(redis::SKIP_VAR, reason);
        }
        TestRedis::Given => {}
    }
    let status = command.status().map_err(|e| {
        Error::other(format!(
            "cannot run {}: {e}",
            PathBuf::from(&cargo).display()
        ))
    });
    for (version, mock) in mocks {
        match mock {
            MockServer::Started(prism) => {
                let pid = prism.pid();
                prism.stop();
                println!("prism: {version}: stopped (pid {pid})");
            }
            MockServer::Skipped(reason) => {
                eprintln!(
                    "warning: the {version} end-to-end test against Prism was skipped: {reason}"
                );
            }
            MockServer::Given => {}
        }
    }
    match redis {
        TestRedis::Started(running, _) => {
            let pid = running.pid();
            running.stop();
            println!("redis: stopped (pid {pid})");
        }
        TestRedis::Skipped(reason) => {
            eprintln!("warning: the Redis rate limiter tests were skipped: {reason}");
        }
        TestRedis::Given => {}
    }
    let pending = snapshots::pending(ws.root());
    let review = collect_snapshots
        .then(|| snapshots::review_message(ws.root(), &pending))
        .flatten();
    if let Some(message) = &review {
        eprintln!("error: {message}");
    }
    // A signal has no exit code: report a plain failure.
    let code = status?.code().unwrap_or(1);
    if code == 0 && review.is_some() {
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::from(u8::try_from(code).unwrap_or(1)))
}

/// The Redis of the shared rate limiter's tests.
enum TestRedis {
    /// Started here (and the program, for the test that restarts its own); stopped when
    /// dropped.
    Started(redis::RunningRedis, PathBuf),
    /// `DIXA_TEST_REDIS_URL` was set by the caller: that server is used, none is started.
    Given,
    /// No redis-server, and this is not CI: the tests are told why they are skipped.
    Skipped(String),
}

/// Starts a redis-server on a free loopback port, unless the caller gave one; without
/// one, an error in CI and a skip elsewhere.
fn start_redis() -> Result<TestRedis, Error> {
    if std::env::var(redis::URL_VAR).is_ok_and(|u| !u.trim().is_empty()) {
        println!(
            "redis: using ${} ({} is set); starting none",
            redis::URL_VAR,
            redis::URL_VAR
        );
        return Ok(TestRedis::Given);
    }
    match redis::find_server() {
        Ok(program) => {
            let running = redis::RunningRedis::start(&program)?;
            println!(
                "redis: serving at {} (pid {})",
                running.url(),
                running.pid()
            );
            Ok(TestRedis::Started(running, program))
        }
        Err(reason) if prism::in_ci() => Err(Error::other(format!(
            "CI=true, and the Redis rate limiter tests need a redis-server: {reason}"
        ))),
        Err(reason) => {
            eprintln!(
                "warning: {reason}
  the Redis rate limiter tests will be skipped; in CI this is an error"
            );
            Ok(TestRedis::Skipped(reason))
        }
    }
}

/// The mock server one version's end-to-end test talks to.
enum MockServer {
    /// Started here; stopped when dropped.
    Started(prism::RunningPrism),
    /// `DIXA_PRISM_URL_<V>` was set by the caller: that server is used, none is started.
    Given,
    /// Prism cannot be had (no npm) and this is not CI: the test is told why it is skipped.
    Skipped(String),
}

/// Installs Prism if needed, then for each version writes the corrected description and
/// starts a Prism on it (one after the other, each on its own free port). A server that
/// fails to start stops those already started (they are dropped).
fn start_mock_servers(
    ws: &Workspace,
    versions: &[String],
) -> Result<Vec<(String, MockServer)>, Error> {
    let given = |version: &str| {
        std::env::var(prism::url_var(version))
            .ok()
            .filter(|u| !u.trim().is_empty())
    };
    let mut servers = Vec::new();
    let mut installed = None;
    for version in versions {
        if let Some(url) = given(version) {
            println!(
                "prism: {version}: using {url} ({} is set); starting none",
                prism::url_var(version)
            );
            servers.push((version.clone(), MockServer::Given));
            continue;
        }
        let bin = match &installed {
            Some(bin) => bin,
            None => match install_prism(ws)? {
                Ok(bin) => installed.insert(bin),
                Err(reason) => {
                    servers.push((version.clone(), MockServer::Skipped(reason)));
                    continue;
                }
            },
        };
        let running = start_mock_server(ws, version, bin)?;
        servers.push((version.clone(), MockServer::Started(running)));
    }
    Ok(servers)
}

/// The installed Prism binary, or (outside CI, without npm) why the tests are skipped.
fn install_prism(ws: &Workspace) -> Result<Result<PathBuf, String>, Error> {
    let installed = match prism::ensure_installed(ws)? {
        prism::Install::Ready(installed) => installed,
        prism::Install::NoNpm(reason) if prism::in_ci() => {
            return Err(Error::other(format!(
                "CI=true, and Prism cannot be installed: {reason}"
            )));
        }
        prism::Install::NoNpm(reason) => {
            eprintln!(
                "warning: {reason}\n  the end-to-end tests against Prism \
                 (generated-client/tests/prism_*.rs) will be skipped; in CI this is an error"
            );
            return Ok(Err(reason));
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
    Ok(Ok(installed.bin))
}

/// Writes the corrected description of `version` and starts Prism on it.
fn start_mock_server(
    ws: &Workspace,
    version: &str,
    bin: &Path,
) -> Result<prism::RunningPrism, Error> {
    let generated = flow::generate_version(ws.root(), version, None)?;
    for line in write_derived(ws, &generated)?.0 {
        println!("prism: {version}: {line}");
    }
    let corrected = ws
        .root()
        .join(dixa_codegen::paths::corrected_description(version));
    let log = ws
        .root()
        .join(prism::INSTALL_DIR)
        .join(format!("prism-{version}.log"));
    let running = prism::RunningPrism::start(bin, &corrected, &log, prism::START_TIMEOUT)?;
    println!(
        "prism: {version}: serving {} at {} after {:.1} s (pid {}, log {})",
        ws.display_path(&corrected),
        running.url(),
        running.startup().as_secs_f64(),
        running.pid(),
        ws.display_path(running.log())
    );
    Ok(running)
}

fn current_dir() -> Result<PathBuf, Error> {
    std::env::current_dir()
        .map_err(|e| Error::other(format!("cannot read the current directory: {e}")))
}

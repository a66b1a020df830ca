//! The Prism mock server behind `cargo xtask test`: install the pinned version with npm
//! (into `target/prism`, once), start it on a free loopback port with the corrected
//! description, wait until it answers, and stop it by its PID when the tests are done.
//!
//! Stopping: [`RunningPrism`] kills the process on drop, so an error or a panic in the
//! xtask stops it too. Ctrl-C reaches Prism directly (it runs in the terminal's foreground
//! process group, like cargo and the tests), so it stops with everything else.

use std::fs::{self, File};
use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::child::{OwnedChild, free_loopback_port};
use crate::{Error, Workspace};

/// The npm package and the pinned version (5.16 needs a newer Node than the project's
/// machines have; NOTES.md section 7).
pub const PACKAGE: &str = "@stoplight/prism-cli";
pub const VERSION: &str = "5.14.2";
/// Where it is installed, relative to the workspace root.
pub const INSTALL_DIR: &str = "target/prism";
/// How long Prism may take to load the description and listen.
pub const START_TIMEOUT: Duration = Duration::from_secs(60);
/// The environment variable that gives the tests the URL of the server of one API
/// version: `DIXA_PRISM_URL_V1`, `DIXA_PRISM_URL_BETA`.
pub fn url_var(version: &str) -> String {
    format!("DIXA_PRISM_URL_{}", version.to_ascii_uppercase())
}
/// Set instead of [`url_var`] when Prism could not be had outside CI: the reason.
pub const SKIP_VAR: &str = "DIXA_PRISM_SKIP";

/// Whether this run is CI (`CI=true`, as CI services set it): there, a missing Prism is an
/// error instead of a skipped test.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// An installed Prism.
#[derive(Debug, Clone)]
pub struct Installed {
    pub bin: PathBuf,
    /// How long `npm install` took; `None` if it was installed already.
    pub install_time: Option<Duration>,
}

/// Why Prism is not installed and cannot be: no npm. Other failures are errors.
#[derive(Debug)]
pub enum Install {
    Ready(Installed),
    NoNpm(String),
}

/// Installs the pinned Prism into `target/prism` unless it is there already.
pub fn ensure_installed(ws: &Workspace) -> Result<Install, Error> {
    let dir = ws.root().join(INSTALL_DIR);
    let bin = dir.join("node_modules/.bin/prism");
    if bin.exists() && installed_version(&dir).as_deref() == Some(VERSION) {
        return Ok(Install::Ready(Installed {
            bin,
            install_time: None,
        }));
    }
    let npm = std::env::var_os("NPM").unwrap_or_else(|| "npm".into());
    if let Err(e) = Command::new(&npm).arg("--version").output() {
        return Ok(Install::NoNpm(format!(
            "cannot run `{}` ({e}): install Node.js 20 and npm to run the end-to-end test against Prism",
            Path::new(&npm).display()
        )));
    }
    fs::create_dir_all(&dir)
        .map_err(|e| Error::other(format!("cannot create {}: {e}", dir.display())))?;
    let started = Instant::now();
    let output = Command::new(&npm)
        .arg("install")
        .arg("--prefix")
        .arg(&dir)
        .args(["--no-audit", "--no-fund", "--ignore-scripts"])
        .arg(format!("{PACKAGE}@{VERSION}"))
        .stdin(Stdio::null())
        .output()
        .map_err(|e| Error::other(format!("cannot run npm: {e}")))?;
    if !output.status.success() {
        let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
        text.push_str(&String::from_utf8_lossy(&output.stderr));
        return Err(Error::other(format!(
            "`npm install {PACKAGE}@{VERSION}` into {INSTALL_DIR} failed ({}):\n{}",
            output.status,
            tail(&text, 20)
        )));
    }
    match installed_version(&dir) {
        Some(v) if v == VERSION && bin.exists() => Ok(Install::Ready(Installed {
            bin,
            install_time: Some(started.elapsed()),
        })),
        other => Err(Error::other(format!(
            "npm reported success, but {INSTALL_DIR} holds {PACKAGE} {} and {} {}",
            other.as_deref().unwrap_or("(none)"),
            bin.display(),
            if bin.exists() { "exists" } else { "is missing" }
        ))),
    }
}

/// The version in `node_modules/@stoplight/prism-cli/package.json` under `dir`.
fn installed_version(dir: &Path) -> Option<String> {
    let text =
        fs::read_to_string(dir.join("node_modules").join(PACKAGE).join("package.json")).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json.get("version")?.as_str().map(str::to_string)
}

/// A Prism process serving a description on loopback; killed (by its PID) on drop.
#[derive(Debug)]
pub struct RunningPrism {
    child: OwnedChild,
    url: String,
    log: PathBuf,
    startup: Duration,
}

impl RunningPrism {
    /// Starts `bin mock <spec> -h 127.0.0.1 -p <free port>`, output to `log`, and waits
    /// until it answers HTTP (at most `timeout`). On failure the error holds the end of
    /// the log and the process is stopped.
    pub fn start(
        bin: &Path,
        spec: &Path,
        log: &Path,
        timeout: Duration,
    ) -> Result<RunningPrism, Error> {
        let port = free_loopback_port()?;
        let out = File::create(log)
            .map_err(|e| Error::other(format!("cannot create {}: {e}", log.display())))?;
        let err = out
            .try_clone()
            .map_err(|e| Error::other(format!("cannot share {}: {e}", log.display())))?;
        let started = Instant::now();
        let child = Command::new(bin)
            .arg("mock")
            .arg(spec)
            .args(["-h", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .map_err(|e| Error::other(format!("cannot start {}: {e}", bin.display())))?;
        let mut prism = RunningPrism {
            child: OwnedChild::new(child),
            url: format!("http://127.0.0.1:{port}"),
            log: log.to_path_buf(),
            startup: Duration::ZERO,
        };
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let child = &mut prism.child;
        let waited = wait_until_answering(addr, timeout, || {
            child.try_wait().ok().flatten().map(|s| s.to_string())
        });
        if let Err(why) = waited {
            let log_tail = fs::read_to_string(log).unwrap_or_default();
            return Err(Error::other(format!(
                "Prism did not start: {why}\nlast lines of {}:\n{}",
                log.display(),
                tail(&log_tail, 30)
            )));
        }
        prism.startup = started.elapsed();
        Ok(prism)
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn log(&self) -> &Path {
        &self.log
    }

    /// From spawning to the first HTTP answer.
    pub fn startup(&self) -> Duration {
        self.startup
    }

    /// Stops the process (by its PID) and waits for it.
    pub fn stop(self) {
        drop(self);
    }
}

/// Polls `addr` with an HTTP request until something answers with a status line; fails
/// early when `exited` reports that the process is gone, or after `timeout`.
pub fn wait_until_answering(
    addr: SocketAddr,
    timeout: Duration,
    mut exited: impl FnMut() -> Option<String>,
) -> Result<(), String> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(status) = exited() {
            return Err(format!("the process exited ({status}) before answering"));
        }
        if answers_http(addr) {
            return Ok(());
        }
        if Instant::now() >= deadline {
            return Err(format!(
                "nothing answered on http://{addr} within {} s",
                timeout.as_secs()
            ));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn answers_http(addr: SocketAddr) -> bool {
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(500)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = format!("GET / HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0u8; 12];
    let mut read = 0;
    while read < head.len() {
        match stream.read(&mut head[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(_) => break,
        }
    }
    head[..read].starts_with(b"HTTP/1.")
}

/// The last `lines` lines of `text`.
pub fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    let start = all.len().saturating_sub(lines);
    let mut out = all[start..].join("\n");
    if out.is_empty() {
        out.push_str("(empty)");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    #[test]
    fn an_http_answer_ends_the_wait() {
        let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let addr = listener.local_addr().unwrap();
        let server = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let mut buf = [0u8; 256];
            let _ = stream.read(&mut buf);
            stream
                .write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
                .unwrap();
        });
        assert_eq!(
            wait_until_answering(addr, Duration::from_secs(10), || None),
            Ok(())
        );
        server.join().unwrap();
    }

    #[test]
    fn an_exited_process_or_silence_is_an_error() {
        let addr = SocketAddr::from(([127, 0, 0, 1], free_loopback_port().unwrap()));
        let err = wait_until_answering(addr, Duration::from_secs(10), || {
            Some("exit status: 1".into())
        })
        .unwrap_err();
        assert!(err.contains("exited (exit status: 1)"), "{err}");
        let err = wait_until_answering(addr, Duration::from_millis(300), || None).unwrap_err();
        assert!(err.contains("within 0 s"), "{err}");
    }

    /// `sh mock <spec> -h ...` fails at once (there is no script `mock`), like a Prism
    /// that cannot load its description: the error says so and shows the log.
    #[cfg(unix)]
    #[test]
    fn a_server_that_dies_at_start_is_reported_with_its_log() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("prism.log");
        let err = RunningPrism::start(Path::new("sh"), Path::new("spec.json"), &log, START_TIMEOUT)
            .unwrap_err()
            .to_string();
        assert!(err.contains("exited"), "{err}");
        assert!(err.contains("mock"), "the log tail is missing: {err}");
    }

    #[test]
    fn tails_are_short() {
        assert_eq!(tail("a\nb\nc\n", 2), "b\nc");
        assert_eq!(tail("", 2), "(empty)");
    }
}

//! `cargo xtask fetch-spec`: get the description, verify it against the pin, store it.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::error::SourceFailure;
use crate::source::{SpecSource, pin_rewritten};
use crate::{Error, Workspace};

/// Generous: the description is about 0.5 MB, but a slow proxy should not fail the build.
/// The connect timeout applies to the name lookup and to the connection each, so a
/// machine without internet falls back to the mirrors quickly.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(20);
const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(120);
/// Far above the real size; stops an endless or wrong response early.
const MAX_DESCRIPTION_BYTES: u64 = 64 * 1024 * 1024;

/// What the command line asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FetchRequest {
    /// A path (relative to the current directory) or an `http(s)://` URL to use instead
    /// of the pinned source.
    pub from: Option<String>,
    /// Accept whatever the source serves and pin its hash.
    pub update_pin: bool,
}

/// What a fetch did.
#[derive(Debug)]
pub enum Fetched {
    /// The stored file already had the pinned hash: nothing was read or written.
    AlreadyPresent,
    /// The description was read from `origin`, verified and stored. `skipped` lists
    /// the sources tried before it, and why they were not used.
    Stored {
        origin: String,
        skipped: Vec<SourceFailure>,
    },
    /// `--update-pin`: the description from `origin` was stored and pinned.
    Repinned {
        origin: String,
        old_sha256: String,
        new_sha256: String,
        url_changed: bool,
    },
}

/// What to tell the user about a fetch.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Messages {
    /// For stdout: what was done.
    pub notes: Vec<String>,
    /// For stderr, each after `warning: `.
    pub warnings: Vec<String>,
}

/// What `fetched` (the fetch of `version`'s description into `dest`) tells the user.
///
/// A mirror that works is the normal case on a machine without internet access: one line
/// says where the description came from, and why the locations before it failed is only
/// shown with `verbose` (when every location fails, the error lists them all).
pub fn messages(fetched: &Fetched, version: &str, dest: &str, verbose: bool) -> Messages {
    let mut messages = Messages::default();
    let pin = format!("spec/{version}/source.toml");
    match fetched {
        Fetched::AlreadyPresent => messages.notes.push(format!(
            "{dest} is already there and matches the pinned sha256; nothing to do"
        )),
        Fetched::Stored { origin, skipped } if skipped.is_empty() => messages
            .notes
            .push(format!("fetched {dest} from {origin} (sha256 verified)")),
        Fetched::Stored { origin, skipped } => {
            let why = if verbose {
                messages.warnings = skipped.iter().map(|f| format!("skipped {f}")).collect();
                ""
            } else {
                "; --verbose says why the pinned URL was not used"
            };
            messages.notes.push(format!(
                "fetched {dest} from the mirror {origin} (sha256 verified{why})"
            ));
        }
        Fetched::Repinned {
            origin,
            old_sha256,
            new_sha256,
            url_changed,
        } => {
            messages
                .notes
                .push(format!("fetched {origin}, stored at {dest}"));
            if old_sha256 == new_sha256 {
                messages.notes.push(format!(
                    "  its sha256 is already the pinned one; {pin} unchanged"
                ));
            } else {
                let url = if *url_changed { " and url" } else { "" };
                messages.notes.extend([
                    format!("  pinned it in {pin}: sha256{url} updated"),
                    format!("  sha256 {old_sha256} -> {new_sha256}"),
                    format!(
                        "next: `cargo xtask codegen --version {version}`, then review the \
                         diffs of generated-client/ (the code, the API surface, the example \
                         table and CHANGELOG.md)"
                    ),
                ]);
            }
        }
    }
    messages
}

/// Where a description can be read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    File(PathBuf),
    Url(String),
}

impl Location {
    /// A URL if `text` starts with `http://` or `https://`, else a path relative to `base`.
    pub fn parse(text: &str, base: &Path) -> Location {
        if text.starts_with("http://") || text.starts_with("https://") {
            return Location::Url(text.to_owned());
        }
        let path = base.join(text);
        // Absolute and without `..`, so the path in a message works from any directory.
        Location::File(path.canonicalize().unwrap_or(path))
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File(path) => write!(f, "{}", path.display()),
            Location::Url(url) => f.write_str(url),
        }
    }
}

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether `path` exists and hashes to `sha256`.
pub fn file_has_hash(path: &Path, sha256: &str) -> bool {
    fs::read(path).is_ok_and(|bytes| sha256_hex(&bytes) == sha256)
}

/// Runs `cargo xtask fetch-spec` for one API version; `cwd` resolves a relative `--from`
/// path.
pub fn fetch_spec(
    ws: &Workspace,
    version: &str,
    cwd: &Path,
    request: &FetchRequest,
) -> Result<Fetched, Error> {
    let source = SpecSource::load(&ws.source_toml(version))?;
    let dest = ws.fetched_spec(version);
    if request.update_pin {
        return repinned(ws, version, cwd, &source, request.from.as_deref());
    }
    match &request.from {
        Some(from) => {
            // The file asked for is checked whatever `spec/fetched/` holds: a newer
            // description must not pass for the pinned one because an older copy is there.
            let location = Location::parse(from, cwd);
            let bytes = verified_bytes(version, &location, &source.sha256)?;
            if file_has_hash(&dest, &source.sha256) {
                return Ok(Fetched::AlreadyPresent);
            }
            store(&dest, &bytes)?;
            Ok(Fetched::Stored {
                origin: location.to_string(),
                skipped: Vec::new(),
            })
        }
        None if file_has_hash(&dest, &source.sha256) => Ok(Fetched::AlreadyPresent),
        None => fetched_from_pinned_sources(ws, version, &source, &dest),
    }
}

/// The pinned URL, then each mirror (relative to the workspace root).
pub fn pinned_locations(ws: &Workspace, source: &SpecSource) -> Vec<Location> {
    std::iter::once(Location::Url(source.url.clone()))
        .chain(source.mirrors.iter().map(|m| Location::parse(m, ws.root())))
        .collect()
}

/// Tries every pinned source in order; the first with the right hash is stored.
fn fetched_from_pinned_sources(
    ws: &Workspace,
    version: &str,
    source: &SpecSource,
    dest: &Path,
) -> Result<Fetched, Error> {
    let mut failures = Vec::new();
    for location in pinned_locations(ws, source) {
        match verified_bytes(version, &location, &source.sha256) {
            Ok(bytes) => {
                store(dest, &bytes)?;
                return Ok(Fetched::Stored {
                    origin: location.to_string(),
                    skipped: failures,
                });
            }
            Err(error) => failures.push(SourceFailure {
                origin: location.to_string(),
                error,
            }),
        }
    }
    Err(Error::NoSourceWorked {
        version: version.to_string(),
        failures,
    })
}

/// `--update-pin`: reads `from` (or the pinned URL only: a mirror is an old copy, not
/// an update), stores it and pins its hash.
fn repinned(
    ws: &Workspace,
    version: &str,
    cwd: &Path,
    source: &SpecSource,
    from: Option<&str>,
) -> Result<Fetched, Error> {
    let location = match from {
        Some(from) => Location::parse(from, cwd),
        None => Location::Url(source.url.clone()),
    };
    let bytes = bytes_at(&location).map_err(|e| Error::other(format!("{location}: {e}")))?;
    if !looks_like_openapi(&bytes) {
        return Err(Error::other(format!(
            "{location} does not look like an OpenAPI description (no `openapi` key near \
             the start); not pinning it"
        )));
    }
    let new_sha256 = sha256_hex(&bytes);
    let new_url = match &location {
        Location::Url(url) if from.is_some() && *url != source.url => Some(url.as_str()),
        _ => None,
    };
    store(&ws.fetched_spec(version), &bytes)?;
    let toml_path = ws.source_toml(version);
    let text = fs::read_to_string(&toml_path)
        .map_err(|e| Error::other(format!("cannot read {}: {e}", toml_path.display())))?;
    let rewritten = pin_rewritten(&text, &new_sha256, new_url)
        .map_err(|e| Error::other(format!("cannot update {}: {e}", toml_path.display())))?;
    if rewritten != text {
        write_atomically(&toml_path, rewritten.as_bytes())?;
    }
    Ok(Fetched::Repinned {
        origin: location.to_string(),
        old_sha256: source.sha256.clone(),
        new_sha256,
        url_changed: new_url.is_some(),
    })
}

/// The bytes at `location` if they hash to `sha256`.
fn verified_bytes(version: &str, location: &Location, sha256: &str) -> Result<Vec<u8>, Error> {
    let bytes = bytes_at(location).map_err(Error::Other)?;
    let actual = sha256_hex(&bytes);
    if actual != sha256 {
        return Err(Error::HashMismatch {
            version: version.to_string(),
            origin: location.to_string(),
            expected: sha256.to_owned(),
            actual,
        });
    }
    Ok(bytes)
}

/// The raw bytes at `location`.
pub fn bytes_at(location: &Location) -> Result<Vec<u8>, String> {
    match location {
        Location::File(path) => fs::read(path).map_err(|e| format!("cannot read: {e}")),
        Location::Url(url) => downloaded(url),
    }
}

/// The body of a successful GET of `url`; redirects are followed, other statuses fail.
fn downloaded(url: &str) -> Result<Vec<u8>, String> {
    // rustls on aws-lc-rs (see xtask's Cargo.toml), with the webpki roots.
    let tls = ureq::tls::TlsConfig::builder()
        .provider(ureq::tls::TlsProvider::Rustls)
        .unversioned_rustls_crypto_provider(Arc::new(rustls::crypto::aws_lc_rs::default_provider()))
        .build();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .tls_config(tls)
        .timeout_resolve(Some(CONNECT_TIMEOUT))
        .timeout_connect(Some(CONNECT_TIMEOUT))
        .timeout_global(Some(DOWNLOAD_TIMEOUT))
        .build()
        .into();
    let mut response = agent
        .get(url)
        .call()
        .map_err(|e| format!("download failed: {e}"))?;
    response
        .body_mut()
        .with_config()
        .limit(MAX_DESCRIPTION_BYTES)
        .read_to_vec()
        .map_err(|e| format!("download failed while reading the body: {e}"))
}

/// A cheap guard against pinning an HTML error page or an empty file.
fn looks_like_openapi(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    String::from_utf8_lossy(head).contains("openapi")
}

/// Writes `bytes` to `path` (creating its directory) so that a reader never sees half a file.
fn store(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)
            .map_err(|e| Error::other(format!("cannot create {}: {e}", dir.display())))?;
    }
    write_atomically(path, bytes)
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let partial = path.with_extension("partial");
    fs::write(&partial, bytes)
        .and_then(|()| fs::rename(&partial, path))
        .map_err(|e| Error::other(format!("cannot write {}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use std::net::TcpListener;
    use std::thread::{self, JoinHandle};
    use std::time::Instant;

    use super::*;

    const DESCRIPTION: &[u8] = b"openapi: 3.0.3\ninfo:\n  title: test\n  version: '1'\npaths: {}\n";

    /// A loopback URL nobody listens on: the port was free a moment ago.
    fn unreachable_url() -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/gone.yaml", listener.local_addr().unwrap())
    }

    /// The version the tests configure.
    const V: &str = "v1";

    /// A workspace in a temporary directory with a `spec/v1/source.toml` of its own.
    fn temp_workspace(url: &str, sha256: &str, mirrors: &[&str]) -> (tempfile::TempDir, Workspace) {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::at(dir.path());
        fs::create_dir_all(dir.path().join("spec").join(V)).unwrap();
        let mirrors = mirrors
            .iter()
            .map(|m| format!("{m:?}"))
            .collect::<Vec<_>>()
            .join(", ");
        let text = format!(
            "# the url\nurl = \"{url}\"\n# the pin\nsha256 = \"{sha256}\"\nmirrors = [{mirrors}]\n"
        );
        fs::write(ws.source_toml(V), text).unwrap();
        (dir, ws)
    }

    fn write_file(ws: &Workspace, name: &str, bytes: &[u8]) -> PathBuf {
        let path = ws.root().join(name);
        fs::write(&path, bytes).unwrap();
        path
    }

    fn request_from(path: &Path) -> FetchRequest {
        FetchRequest {
            from: Some(path.display().to_string()),
            update_pin: false,
        }
    }

    /// Answers one request on a loopback port with `status` and `body`, then stops; gives
    /// up after 10 s if nobody connects, so a broken test cannot hang.
    fn serve_once(status: &'static str, body: &'static [u8]) -> (String, JoinHandle<()>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/openapi.yaml", listener.local_addr().unwrap());
        listener.set_nonblocking(true).unwrap();
        let server = thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(10);
            let mut stream = loop {
                match listener.accept() {
                    Ok((stream, _)) => break stream,
                    Err(_) if Instant::now() < deadline => thread::sleep(Duration::from_millis(10)),
                    Err(e) => panic!("no request within 10 s: {e}"),
                }
            };
            stream.set_nonblocking(false).unwrap();
            stream
                .set_read_timeout(Some(Duration::from_secs(10)))
                .unwrap();
            let mut request = Vec::new();
            let mut buf = [0u8; 1024];
            while !request.ends_with(b"\r\n\r\n") && request.len() < 64 * 1024 {
                let n = stream.read(&mut buf).unwrap();
                if n == 0 {
                    break;
                }
                request.extend_from_slice(&buf[..n]);
            }
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            stream.write_all(head.as_bytes()).unwrap();
            stream.write_all(body).unwrap();
        });
        (url, server)
    }

    #[test]
    fn a_local_file_with_the_pinned_hash_is_stored_once() {
        let (_dir, ws) = temp_workspace(&unreachable_url(), &sha256_hex(DESCRIPTION), &[]);
        let file = write_file(&ws, "copy.yaml", DESCRIPTION);

        let fetched = fetch_spec(&ws, V, ws.root(), &request_from(&file)).unwrap();
        assert!(matches!(fetched, Fetched::Stored { .. }), "{fetched:?}");
        assert_eq!(fs::read(ws.fetched_spec(V)).unwrap(), DESCRIPTION);

        let again = fetch_spec(&ws, V, ws.root(), &FetchRequest::default()).unwrap();
        assert!(matches!(again, Fetched::AlreadyPresent), "{again:?}");
    }

    #[test]
    fn a_relative_from_path_is_resolved_against_the_current_directory() {
        let (_dir, ws) = temp_workspace(&unreachable_url(), &sha256_hex(DESCRIPTION), &[]);
        write_file(&ws, "copy.yaml", DESCRIPTION);
        let request = FetchRequest {
            from: Some("../copy.yaml".into()),
            update_pin: false,
        };
        fetch_spec(&ws, V, &ws.root().join("spec"), &request).unwrap();
        assert_eq!(fs::read(ws.fetched_spec(V)).unwrap(), DESCRIPTION);
    }

    #[test]
    fn a_hash_mismatch_names_both_hashes_and_the_update_pin_flag() {
        let pinned = sha256_hex(b"the old description");
        let (_dir, ws) = temp_workspace(&unreachable_url(), &pinned, &[]);
        let file = write_file(&ws, "new.yaml", DESCRIPTION);

        let err = fetch_spec(&ws, V, ws.root(), &request_from(&file)).unwrap_err();
        let message = err.to_string();
        assert!(matches!(err, Error::HashMismatch { .. }), "{err:?}");
        assert!(message.contains("sha256 mismatch"), "{message}");
        assert!(
            message.contains(&format!("expected (spec/v1/source.toml): {pinned}")),
            "{message}"
        );
        assert!(
            message.contains(&format!(
                "actual:                         {}",
                sha256_hex(DESCRIPTION)
            )),
            "{message}"
        );
        assert!(message.contains("--update-pin"), "{message}");
        assert!(message.contains(&file.display().to_string()), "{message}");
        assert!(
            !ws.fetched_spec(V).exists(),
            "a mismatching file must not be stored"
        );
    }

    #[test]
    fn a_file_that_differs_from_the_pin_is_refused_even_when_the_pinned_copy_is_there() {
        let pinned = sha256_hex(DESCRIPTION);
        let (_dir, ws) = temp_workspace(&unreachable_url(), &pinned, &[]);
        let file = write_file(&ws, "copy.yaml", DESCRIPTION);
        fetch_spec(&ws, V, ws.root(), &request_from(&file)).unwrap();

        let newer = write_file(&ws, "newer.yaml", b"openapi: 3.0.3 # a newer description");
        let err = fetch_spec(&ws, V, ws.root(), &request_from(&newer)).unwrap_err();
        let message = err.to_string();
        assert!(matches!(err, Error::HashMismatch { .. }), "{err:?}");
        assert!(message.contains(&pinned), "{message}");
        assert!(
            message.contains(&sha256_hex(b"openapi: 3.0.3 # a newer description")),
            "{message}"
        );
        assert_eq!(
            fs::read(ws.fetched_spec(V)).unwrap(),
            DESCRIPTION,
            "the pinned copy stays"
        );
    }

    #[test]
    fn the_pinned_url_is_downloaded_over_http() {
        let (url, server) = serve_once("200 OK", DESCRIPTION);
        let (_dir, ws) = temp_workspace(&url, &sha256_hex(DESCRIPTION), &[]);

        let fetched = fetch_spec(&ws, V, ws.root(), &FetchRequest::default()).unwrap();
        server.join().unwrap();
        match &fetched {
            Fetched::Stored { origin, skipped } => {
                assert_eq!(*origin, url);
                assert!(skipped.is_empty(), "{skipped:?}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(fs::read(ws.fetched_spec(V)).unwrap(), DESCRIPTION);
        assert_eq!(
            messages(&fetched, V, "spec/fetched/dixa-api.v1.yaml", false),
            Messages {
                notes: vec![format!(
                    "fetched spec/fetched/dixa-api.v1.yaml from {url} (sha256 verified)"
                )],
                warnings: vec![],
            }
        );
    }

    #[test]
    fn an_unreachable_url_falls_back_to_a_mirror_and_is_reported() {
        let url = unreachable_url();
        let (_dir, ws) = temp_workspace(&url, &sha256_hex(DESCRIPTION), &["mirror.yaml"]);
        write_file(&ws, "mirror.yaml", DESCRIPTION);

        let fetched = fetch_spec(&ws, V, ws.root(), &FetchRequest::default()).unwrap();
        match &fetched {
            Fetched::Stored { origin, skipped } => {
                assert!(origin.ends_with("mirror.yaml"), "{origin}");
                assert_eq!(skipped.len(), 1);
                assert_eq!(skipped[0].origin, url);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(fs::read(ws.fetched_spec(V)).unwrap(), DESCRIPTION);

        // Said in one line, without a warning: the mirror is there for this.
        let quiet = messages(&fetched, V, "spec/fetched/dixa-api.v1.yaml", false);
        assert_eq!(quiet.warnings, Vec::<String>::new());
        let [note] = quiet.notes.as_slice() else {
            panic!("not one line: {quiet:?}");
        };
        assert!(
            note.starts_with("fetched spec/fetched/dixa-api.v1.yaml from the mirror /")
                && note.contains("mirror.yaml (sha256 verified; --verbose says why the pinned URL"),
            "{note}"
        );
        // `--verbose` says why the pinned URL was not used.
        let verbose = messages(&fetched, V, "spec/fetched/dixa-api.v1.yaml", true);
        let [warning] = verbose.warnings.as_slice() else {
            panic!("not one warning: {verbose:?}");
        };
        assert!(
            warning.starts_with(&format!("skipped {url}: download failed")),
            "{warning}"
        );
        assert_eq!(verbose.notes.len(), 1, "{verbose:?}");
    }

    #[test]
    fn when_every_source_fails_each_failure_is_listed() {
        let (url, server) = serve_once("404 Not Found", b"no such file");
        let pinned = sha256_hex(DESCRIPTION);
        let (_dir, ws) = temp_workspace(&url, &pinned, &["stale.yaml", "absent.yaml"]);
        write_file(&ws, "stale.yaml", b"openapi: an older one\n");

        let err = fetch_spec(&ws, V, ws.root(), &FetchRequest::default()).unwrap_err();
        server.join().unwrap();
        let message = err.to_string();
        assert!(
            message.contains(&format!("{url}: download failed")),
            "{message}"
        );
        assert!(message.contains("404"), "{message}");
        assert!(message.contains("stale.yaml: sha256 mismatch"), "{message}");
        assert!(message.contains("absent.yaml: cannot read"), "{message}");
        assert!(message.contains("--update-pin"), "{message}");
        assert!(!ws.fetched_spec(V).exists());
    }

    #[test]
    fn update_pin_from_a_file_rewrites_only_the_hash() {
        let (_dir, ws) = temp_workspace(&unreachable_url(), &"0".repeat(64), &[]);
        let committed = include_str!("../../spec/beta/source.toml");
        fs::write(ws.source_toml(V), committed).unwrap();
        let file = write_file(&ws, "new.yaml", DESCRIPTION);
        let request = FetchRequest {
            update_pin: true,
            ..request_from(&file)
        };

        let fetched = fetch_spec(&ws, V, ws.root(), &request).unwrap();
        assert!(
            matches!(&fetched, Fetched::Repinned { url_changed: false, new_sha256, .. } if *new_sha256 == sha256_hex(DESCRIPTION)),
            "{fetched:?}"
        );
        let rewritten = fs::read_to_string(ws.source_toml(V)).unwrap();
        let expected = committed.replace(
            "4ce69e044044e69d297c4bc7580d70631c0e676a428e90eeb79b570f9358ba1b",
            &sha256_hex(DESCRIPTION),
        );
        assert_eq!(rewritten, expected);
        assert_eq!(fs::read(ws.fetched_spec(V)).unwrap(), DESCRIPTION);
        // And the new pin is now satisfied.
        let again = fetch_spec(&ws, V, ws.root(), &FetchRequest::default()).unwrap();
        assert!(matches!(again, Fetched::AlreadyPresent), "{again:?}");
    }

    #[test]
    fn update_pin_from_a_url_rewrites_the_url_too() {
        let (url, server) = serve_once("200 OK", DESCRIPTION);
        let (_dir, ws) = temp_workspace(&unreachable_url(), &"0".repeat(64), &["m.yaml"]);
        let request = FetchRequest {
            from: Some(url.clone()),
            update_pin: true,
        };

        let fetched = fetch_spec(&ws, V, ws.root(), &request).unwrap();
        server.join().unwrap();
        assert!(
            matches!(
                fetched,
                Fetched::Repinned {
                    url_changed: true,
                    ..
                }
            ),
            "{fetched:?}"
        );
        let source = SpecSource::load(&ws.source_toml(V)).unwrap();
        assert_eq!(source.url, url);
        assert_eq!(source.sha256, sha256_hex(DESCRIPTION));
        assert_eq!(source.mirrors, ["m.yaml"]);
        let text = fs::read_to_string(ws.source_toml(V)).unwrap();
        assert!(
            text.starts_with("# the url\n") && text.contains("# the pin\n"),
            "{text}"
        );
    }

    #[test]
    fn update_pin_refuses_something_that_is_not_a_description() {
        let (_dir, ws) = temp_workspace(&unreachable_url(), &"0".repeat(64), &[]);
        let file = write_file(&ws, "page.html", b"<html>Sign in</html>");
        let request = FetchRequest {
            update_pin: true,
            ..request_from(&file)
        };
        let before = fs::read_to_string(ws.source_toml(V)).unwrap();

        let err = fetch_spec(&ws, V, ws.root(), &request).unwrap_err();
        assert!(
            err.to_string()
                .contains("does not look like an OpenAPI description"),
            "{err}"
        );
        assert_eq!(fs::read_to_string(ws.source_toml(V)).unwrap(), before);
        assert!(!ws.fetched_spec(V).exists());
    }
}

//! Recording real exchanges of your own client (feature `record`), to replay them in tests
//! ([`TestTransport::replay_dir`](crate::testing::TestTransport::replay_dir), feature
//! `testing`) and to re-check them against every regenerated client
//! (`cargo xtask recheck`).
//!
//! [`RecordingTransport`] wraps the transport a client sends through and writes one JSON
//! file per answer it receives: the operation's `operationId`, API version, method and
//! path template, the status, the response headers that matter to the client and the
//! body. What is never written: request headers (so never `Authorization`), URLs (query
//! values, ids), request bodies, and response headers outside [`RECORDED_HEADERS`]. Keys
//! you name with [`RecordingTransport::redact`] (e-mails, names) have their string values
//! replaced by [`REDACTED`] wherever they appear in a body. Bodies over
//! [`RecordingTransport::max_body_size`] and answers beyond
//! [`RecordingTransport::max_files`] files in the directory are not written.
//!
//! ```no_run
//! use dixa_client::recording::RecordingTransport;
//! use dixa_client::runtime::ReqwestTransport;
//!
//! # fn build() -> Result<dixa_client::Client, dixa_client::Error> {
//! let http = dixa_client::reqwest::Client::new();
//! let recorder = RecordingTransport::new(ReqwestTransport::new(http), "recordings/")
//!     .redact(["email", "displayName", "name", "phoneNumber"]);
//! let client = dixa_client::Client::builder(std::env::var("DIXA_API_KEY").unwrap_or_default())
//!     .transport(recorder)
//!     .build()?;
//! # Ok(client) }
//! ```
//!
//! A file, `recordings/00003-getAgentsAgentid-200.json`:
//!
//! ```json
//! {
//!   "operation": "getAgentsAgentid",
//!   "api_version": "v1",
//!   "method": "GET",
//!   "path": "/v1/agents/{agentId}",
//!   "status": 200,
//!   "headers": { "content-type": "application/json" },
//!   "body": { "data": { "id": "...", "displayName": "<redacted>", "email": "<redacted>" } }
//! }
//! ```
//!
//! Writing is synchronous and small (one file per answer, after the answer is in): meant
//! for recording sessions, not for every call of a busy service.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

#[cfg(feature = "record")]
use super::transport::{HttpRequest, Transport, TransportFuture};
#[cfg(feature = "record")]
use std::collections::BTreeSet;
#[cfg(feature = "record")]
use std::fmt;
#[cfg(feature = "record")]
use std::sync::atomic::{AtomicUsize, Ordering};
#[cfg(feature = "record")]
use std::sync::{Arc, Mutex};

/// The response headers a recording keeps (lowercase): what the client reads from an
/// answer. Every other header is left out.
pub const RECORDED_HEADERS: &[&str] = &[
    "content-type",
    "retry-after",
    "link",
    "x-request-id",
    "request-id",
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
    "ratelimit",
    "ratelimit-policy",
];

/// What a redacted string value becomes.
pub const REDACTED: &str = "<redacted>";

/// The default of [`RecordingTransport::max_body_size`]: 1 MiB.
pub const DEFAULT_MAX_RECORDED_BODY: usize = 1024 * 1024;

/// The default of [`RecordingTransport::max_files`].
pub const DEFAULT_MAX_RECORDINGS: usize = 1000;

/// One recorded exchange: what a recording file holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Recording {
    /// The operation's `operationId` (`getAgentsAgentid`).
    pub operation: String,
    /// The API version (`v1`, `beta`): the first segment of the path.
    pub api_version: String,
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path template, ids left as `{agentId}`.
    pub path: String,
    /// The answer's status.
    pub status: u16,
    /// The answer's headers among [`RECORDED_HEADERS`].
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// The body as JSON (redacted), when it is JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    /// The body as text, when it is not empty and not JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_text: Option<String>,
}

impl Recording {
    /// Reads one recording file.
    pub fn read(path: impl AsRef<Path>) -> Result<Recording, RecordingError> {
        let path = path.as_ref();
        let text = std::fs::read(path).map_err(|error| RecordingError::Io {
            path: path.to_owned(),
            message: error.to_string(),
        })?;
        serde_json::from_slice(&text).map_err(|error| RecordingError::Invalid {
            path: path.to_owned(),
            message: error.to_string(),
        })
    }

    /// The recording files of `dir` (`*.json`), in name order, which is the order they
    /// were recorded in.
    pub fn files_in(dir: impl AsRef<Path>) -> Result<Vec<PathBuf>, RecordingError> {
        let dir = dir.as_ref();
        let io = |error: std::io::Error| RecordingError::Io {
            path: dir.to_owned(),
            message: error.to_string(),
        };
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(io)? {
            let path = entry.map_err(io)?.path();
            if path.is_file() && path.extension().is_some_and(|e| e == "json") {
                files.push(path);
            }
        }
        files.sort();
        Ok(files)
    }

    /// The body as bytes, as it came (JSON re-encoded, without redacted values restored).
    pub fn body_bytes(&self) -> Vec<u8> {
        match (&self.body, &self.body_text) {
            (Some(json), _) => json.to_string().into_bytes(),
            (None, Some(text)) => text.clone().into_bytes(),
            (None, None) => Vec::new(),
        }
    }
}

/// A recording that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RecordingError {
    /// The file or directory could not be read.
    #[error("cannot read {}: {message}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The operating system's message.
        message: String,
    },
    /// The file is not a recording.
    #[error("{} is not a recording: {message}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// serde's message, with the line and column.
        message: String,
    },
}

#[cfg(feature = "record")]
/// Replaces the string values of the keys in `keys`, at any depth, with [`REDACTED`].
fn redact(value: &mut Value, keys: &BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                if keys.contains(key) {
                    redact_strings(value);
                } else {
                    redact(value, keys);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| redact(item, keys)),
        _ => {}
    }
}

#[cfg(feature = "record")]
fn redact_strings(value: &mut Value) {
    match value {
        Value::String(text) => *text = REDACTED.to_owned(),
        Value::Array(items) => items.iter_mut().for_each(redact_strings),
        Value::Object(map) => map.values_mut().for_each(redact_strings),
        _ => {}
    }
}

/// A [`Transport`] that records each answer of the transport it wraps into a directory
/// (see the [module documentation](self)). Clones share the directory, the count and the
/// settings.
#[cfg(feature = "record")]
#[derive(Clone)]
pub struct RecordingTransport<T> {
    inner: T,
    recorder: Arc<Recorder>,
}

#[cfg(feature = "record")]
struct Recorder {
    dir: PathBuf,
    redact: BTreeSet<String>,
    max_body_size: usize,
    max_files: usize,
    /// Files in the directory: those found at start, then those written.
    files: AtomicUsize,
    last_error: Mutex<Option<String>>,
}

#[cfg(feature = "record")]
impl<T: Transport> RecordingTransport<T> {
    /// Records the answers `inner` receives into `dir` (created when missing), numbering
    /// new files after the `*.json` files already there.
    pub fn new(inner: T, dir: impl Into<PathBuf>) -> Self {
        let dir = dir.into();
        let existing = Recording::files_in(&dir).map(|f| f.len()).unwrap_or(0);
        RecordingTransport {
            inner,
            recorder: Arc::new(Recorder {
                dir,
                redact: BTreeSet::new(),
                max_body_size: DEFAULT_MAX_RECORDED_BODY,
                max_files: DEFAULT_MAX_RECORDINGS,
                files: AtomicUsize::new(existing),
                last_error: Mutex::new(None),
            }),
        }
    }

    /// JSON keys whose string values are replaced by [`REDACTED`] wherever they appear in
    /// a body (`"email"`, `"displayName"`, ...). Call it before cloning the transport.
    pub fn redact<K: Into<String>>(mut self, keys: impl IntoIterator<Item = K>) -> Self {
        self.settings()
            .redact
            .extend(keys.into_iter().map(Into::into));
        self
    }

    /// Answers with a longer body are not recorded (default
    /// [`DEFAULT_MAX_RECORDED_BODY`]).
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.settings().max_body_size = bytes;
        self
    }

    /// No file is written once the directory holds this many recordings (default
    /// [`DEFAULT_MAX_RECORDINGS`]).
    pub fn max_files(mut self, files: usize) -> Self {
        self.settings().max_files = files;
        self
    }

    /// How many recordings the directory holds (found at start plus written).
    pub fn recordings(&self) -> usize {
        self.recorder.files.load(Ordering::Relaxed)
    }

    /// Why the last recording could not be written, if one could not: recording never
    /// fails a call.
    pub fn last_error(&self) -> Option<String> {
        self.recorder
            .last_error
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn settings(&mut self) -> &mut Recorder {
        Arc::get_mut(&mut self.recorder)
            .unwrap_or_else(|| panic!("configure a RecordingTransport before cloning it"))
    }
}

#[cfg(feature = "record")]
impl<T: Transport> Transport for RecordingTransport<T> {
    fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
        Box::pin(async move {
            let operation = request.operation;
            let answer = self.inner.send(request).await;
            if let Ok(response) = &answer {
                if let Err(error) = self.recorder.record(operation, response) {
                    *self
                        .recorder
                        .last_error
                        .lock()
                        .unwrap_or_else(|e| e.into_inner()) = Some(error);
                }
            }
            answer
        })
    }
}

#[cfg(feature = "record")]
impl Recorder {
    fn record(
        &self,
        operation: &super::Operation,
        response: &super::HttpResponse,
    ) -> Result<(), String> {
        if response.body.len() > self.max_body_size {
            return Err(format!(
                "{}: a body of {} bytes is over the {} recorded",
                operation.id,
                response.body.len(),
                self.max_body_size
            ));
        }
        // Reserve a number first, so that concurrent calls never pass the bound.
        let number = self.files.fetch_add(1, Ordering::Relaxed);
        if number >= self.max_files {
            self.files.fetch_sub(1, Ordering::Relaxed);
            return Err(format!(
                "{}: the directory holds {} recordings already",
                operation.id, self.max_files
            ));
        }
        let headers = response
            .headers
            .iter()
            .filter(|(name, _)| RECORDED_HEADERS.contains(&name.as_str()))
            .filter_map(|(name, value)| {
                Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned()))
            })
            .collect();
        let (body, body_text) = match serde_json::from_slice::<Value>(&response.body) {
            Ok(mut json) => {
                redact(&mut json, &self.redact);
                (Some(json), None)
            }
            Err(_) if response.body.is_empty() => (None, None),
            Err(_) => (
                None,
                Some(String::from_utf8_lossy(&response.body).into_owned()),
            ),
        };
        let recording = Recording {
            operation: operation.id.to_owned(),
            api_version: api_version(operation.path).to_owned(),
            method: operation.method.as_str().to_owned(),
            path: operation.path.to_owned(),
            status: response.status.as_u16(),
            headers,
            body,
            body_text,
        };
        let file = self.dir.join(format!(
            "{number:05}-{}-{}.json",
            operation.id,
            response.status.as_u16()
        ));
        let write = || -> std::io::Result<()> {
            std::fs::create_dir_all(&self.dir)?;
            let mut text = serde_json::to_vec_pretty(&recording)?;
            text.push(b'\n');
            std::fs::write(&file, text)
        };
        write().map_err(|error| format!("cannot write {}: {error}", file.display()))
    }
}

#[cfg(feature = "record")]
/// `v1` for `/v1/agents`: the first segment of a path template.
fn api_version(path: &str) -> &str {
    path.trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or_default()
}

#[cfg(feature = "record")]
impl<T> fmt::Debug for RecordingTransport<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecordingTransport")
            .field("dir", &self.recorder.dir)
            .field("recordings", &self.recorder.files.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

#[cfg(all(test, feature = "record"))]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn redaction_reaches_every_depth_and_keeps_the_shape() {
        let keys: BTreeSet<String> = ["email", "name"].map(String::from).into();
        let mut body = json!({"data": [{"id": "a1", "email": "ada@example.com",
            "names": {"name": "Ada"}, "emails": ["x"], "name": ["Ada", "Lovelace"], "age": 3}]});
        redact(&mut body, &keys);
        assert_eq!(
            body,
            json!({"data": [{"id": "a1", "email": REDACTED, "names": {"name": REDACTED},
                "emails": ["x"], "name": [REDACTED, REDACTED], "age": 3}]})
        );
    }

    #[test]
    fn the_api_version_is_the_first_segment() {
        assert_eq!(api_version("/v1/agents/{agentId}"), "v1");
        assert_eq!(api_version("/beta/agents"), "beta");
    }
}

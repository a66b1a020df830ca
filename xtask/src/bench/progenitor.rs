//! The progenitor baseline: the same description through `cargo-progenitor`, timed, and
//! its generated crate compiled like ours.
//!
//! progenitor 0.15.1 cannot take Dixa's description as it is: it rejects the one
//! `multipart/form-data` body and panics on an operation whose error responses have
//! more than one type (most of Dixa's operations). The bench feeds it a derived copy
//! (in `target/bench/`, never committed) without that one operation and with the
//! bodies of non-2xx responses removed; every component schema stays. The table says so.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde_yaml::Value as Yaml;

use crate::{Error, Workspace};

pub const VERSION: &str = "0.15.1";

/// The description as progenitor can take it, under `target/bench/progenitor/`.
pub const DERIVED_SPEC_FILE: &str = "dixa-api.for-progenitor.yaml";

/// Figures from the issue, printed when progenitor is not installed or fails.
pub mod reference {
    pub const CODEGEN_SECONDS: f64 = 0.24;
    pub const COMPILE_DEBUG_SECONDS: f64 = 10.3;
    pub const COMPILE_RELEASE_SECONDS: f64 = 8.1;
    pub const OPENAPI_GENERATOR: &str = "openapi-generator 7.26: codegen 3.3 s, crate 17.8 s debug";
}

/// Where `cargo install --root target/bench-tools` puts the binary.
pub fn binary(ws: &Workspace) -> PathBuf {
    ws.root().join("target/bench-tools/bin/cargo-progenitor")
}

/// `cargo install --locked --root target/bench-tools cargo-progenitor@0.15.1` (minutes).
pub fn install(ws: &Workspace) -> Result<(), Error> {
    let root = ws.root().join("target/bench-tools");
    let status = crate::cargo_env::cargo()
        .args(["install", "--locked", "--root"])
        .arg(&root)
        .arg(format!("cargo-progenitor@{VERSION}"))
        // Its own target dir: it must not evict this workspace's artefacts.
        .env("CARGO_TARGET_DIR", root.join("build"))
        .status()
        .map_err(|e| Error::other(format!("cannot run cargo install: {e}")))?;
    if !status.success() {
        return Err(Error::other("cargo install cargo-progenitor failed"));
    }
    Ok(())
}

/// The description as progenitor can take it (see the module docs), and how many
/// operations and error bodies were dropped.
pub fn derived_description(spec_text: &str) -> Result<(String, usize, usize), Error> {
    let mut doc: Yaml = serde_yaml::from_str(spec_text)
        .map_err(|e| Error::other(format!("the description is not YAML: {e}")))?;
    let (mut dropped_ops, mut dropped_bodies) = (0, 0);
    if let Some(Yaml::Mapping(paths)) = doc.get_mut("paths") {
        for (_, item) in paths.iter_mut() {
            let Yaml::Mapping(item) = item else { continue };
            item.retain(|_, op| {
                let multipart = op
                    .get("requestBody")
                    .and_then(|b| b.get("content"))
                    .and_then(|c| c.get("multipart/form-data"))
                    .is_some();
                dropped_ops += usize::from(multipart);
                !multipart
            });
            for (_, op) in item.iter_mut() {
                let Some(Yaml::Mapping(responses)) = op.get_mut("responses") else {
                    continue;
                };
                for (status, response) in responses.iter_mut() {
                    let success = match status {
                        Yaml::Number(n) => n.to_string().starts_with('2'),
                        Yaml::String(s) => s.starts_with('2'),
                        _ => false,
                    };
                    if let (false, Yaml::Mapping(response)) = (success, response) {
                        dropped_bodies += usize::from(response.remove("content").is_some());
                    }
                }
            }
        }
        paths.retain(|_, item| item.as_mapping().is_some_and(|m| !m.is_empty()));
    }
    let text = serde_yaml::to_string(&doc).map_err(|e| Error::other(e.to_string()))?;
    Ok((text, dropped_ops, dropped_bodies))
}

/// Runs progenitor once, writing a crate into `out` (replaced); the wall time of the
/// whole process.
pub fn generate(binary: &Path, spec: &Path, out: &Path) -> Result<f64, Error> {
    let _ = std::fs::remove_dir_all(out);
    let t = Instant::now();
    let output = Command::new(binary)
        .args(["progenitor", "-i"])
        .arg(spec)
        .arg("-o")
        .arg(out)
        .args(["-n", "dixa-progenitor", "-v", "0.0.0"])
        .output()
        .map_err(|e| Error::other(format!("cannot run {}: {e}", binary.display())))?;
    let elapsed = t.elapsed().as_secs_f64();
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first = stderr
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("no message");
        return Err(Error::other(format!("progenitor failed: {first}")));
    }
    // A standalone crate under this workspace's directory: say it is its own workspace.
    let manifest = out.join("Cargo.toml");
    let mut text = std::fs::read_to_string(&manifest)
        .map_err(|e| Error::other(format!("cannot read {}: {e}", manifest.display())))?;
    text.push_str("\n[workspace]\n");
    std::fs::write(&manifest, text)
        .map_err(|e| Error::other(format!("cannot write {}: {e}", manifest.display())))?;
    Ok(elapsed)
}

/// Types (`pub struct` / `pub enum` lines) and operations (`pub async fn`) in
/// progenitor's output: a rough count, for scale.
pub fn item_counts(crate_dir: &Path) -> (u64, u64) {
    let text = std::fs::read_to_string(crate_dir.join("src/lib.rs")).unwrap_or_default();
    let count = |needles: &[&str]| {
        text.lines()
            .filter(|l| needles.iter().any(|n| l.trim_start().starts_with(n)))
            .count() as u64
    };
    (
        count(&["pub struct ", "pub enum "]),
        count(&["pub async fn "]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_multipart_operations_and_error_bodies_only() {
        let spec = "\
paths:
  /a:
    post:
      requestBody: {content: {multipart/form-data: {schema: {type: object}}}}
      responses: {200: {description: ok}}
  /b:
    get:
      responses:
        200: {description: ok, content: {application/json: {schema: {type: string}}}}
        '404': {description: no, content: {application/json: {schema: {type: string}}}}
";
        let (text, ops, bodies) = derived_description(spec).unwrap();
        assert_eq!((ops, bodies), (1, 1));
        let doc: Yaml = serde_yaml::from_str(&text).unwrap();
        assert!(doc["paths"].get("/a").is_none());
        let b = &doc["paths"]["/b"]["get"]["responses"];
        assert!(b[200].get("content").is_some());
        assert!(b["404"].get("content").is_none());
    }
}

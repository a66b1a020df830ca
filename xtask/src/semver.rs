//! `cargo xtask semver`: the mutation catalogue (`dixa_codegen::evolution::catalogue`)
//! checked with the ecosystem's own tool. For the base description and each mutation it
//! generates a copy of the `dixa-client` crate (the hand-written runtime plus the
//! generated code) under `target/semver/`, runs `cargo-semver-checks` on each mutated
//! crate against the base one as a minor release, and prints one table: the report's
//! classification next to the tool's verdict. Additive and wire-only mutations must
//! pass, breaking ones must be caught.
//!
//! cargo-semver-checks is installed from crates.io at a pinned version into
//! `target/tools` the first time (a long build: several minutes on two cores).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use dixa_codegen::evolution::catalogue;
use dixa_codegen::evolution::{Impact, Surface, compare};
use toml::{Table, Value};

use crate::{Error, Workspace};

/// The pinned cargo-semver-checks (its rustdoc JSON support must match the toolchain).
pub const SEMVER_CHECKS_VERSION: &str = "0.51.0";

/// One row of the table.
pub struct Row {
    pub mutation: &'static str,
    pub expected: Impact,
    /// The report's overall impact (the most severe change it lists).
    pub reported: Option<Impact>,
    /// Whether cargo-semver-checks found a breaking change (for a minor release).
    pub tool_breaks: bool,
    /// The lints it reported, for the table.
    pub tool_lints: Vec<String>,
}

/// Breaking changes cargo-semver-checks cannot see yet: it has no lint that compares
/// types (a field's, an argument's), only that items exist with the same arity
/// (obi1kenobi/cargo-semver-checks#148, blocked on #149). For these the API change
/// report is the only check; the table says so instead of calling the tool wrong.
pub const TOOL_BLIND: &[&str] = &["field type changed"];

impl Row {
    /// Whether cargo-semver-checks cannot see this mutation ([`TOOL_BLIND`]).
    pub fn tool_blind(&self) -> bool {
        TOOL_BLIND.contains(&self.mutation)
    }

    /// Report and tool agree with what the mutation must mean (for a mutation the tool
    /// cannot see, the report alone).
    pub fn agrees(&self) -> bool {
        let must_break = self.expected == Impact::Breaking;
        let tool_agrees = self.tool_breaks == must_break || self.tool_blind();
        self.reported == Some(self.expected) && tool_agrees
    }
}

/// Runs the whole check; `Ok(false)` when a row disagrees.
pub fn run(ws: &Workspace) -> Result<bool, Error> {
    let started = Instant::now();
    let tool = ensure_tool(ws)?;
    let dir = ws.root().join("target/semver");
    let base = write_crate(ws, &dir.join("base"), catalogue::BASE)?;
    let base_surface = surface(catalogue::BASE)?;

    let mut rows = Vec::new();
    for (i, mutation) in catalogue::catalogue().into_iter().enumerate() {
        let text = catalogue::mutated(&mutation);
        let krate = write_crate(ws, &dir.join(format!("m{i:02}")), &text)?;
        let changes = compare(&base_surface, &surface(&text)?);
        let (tool_breaks, tool_lints) = semver_checks(&tool, &base, &krate, &dir)?;
        let row = Row {
            mutation: mutation.name,
            expected: mutation.expected,
            reported: changes.iter().map(|c| c.impact).min(),
            tool_breaks,
            tool_lints,
        };
        eprintln!(
            "semver: {} -> {}",
            mutation.name,
            if row.agrees() { "agrees" } else { "DISAGREES" }
        );
        rows.push(row);
    }
    println!("{}", table(&rows));
    println!(
        "cargo-semver-checks {SEMVER_CHECKS_VERSION}: {} mutations in {:.0} s",
        rows.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(rows.iter().all(Row::agrees))
}

/// The Markdown table `cargo xtask semver` prints.
pub fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| mutation | expected | API change report | cargo-semver-checks (minor release) | agree |\n\
         | --- | --- | --- | --- | --- |\n",
    );
    for row in rows {
        let tool = if row.tool_breaks {
            format!("breaks: {}", row.tool_lints.join(", "))
        } else if row.tool_blind() {
            "no break (no lint compares types yet: cargo-semver-checks#148)".to_string()
        } else {
            "no break".to_string()
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            row.mutation,
            row.expected.as_str(),
            row.reported.map_or("no change", Impact::as_str),
            tool,
            if row.agrees() { "yes" } else { "**no**" }
        ));
    }
    out
}

fn surface(description: &str) -> Result<Surface, Error> {
    let generated = dixa_codegen::generate(catalogue::VERSION, description, &[])
        .map_err(|e| Error::Diagnostics(format!("a catalogue description:\n{e}")))?;
    let file = generated
        .files
        .iter()
        .find(|f| f.path == dixa_codegen::paths::api_surface(catalogue::VERSION))
        .ok_or_else(|| Error::other("the generator wrote no API surface"))?;
    Surface::from_json_lines(&file.contents).map_err(Error::other)
}

/// `target/tools/bin/cargo-semver-checks`, installed at the pinned version if missing.
fn ensure_tool(ws: &Workspace) -> Result<PathBuf, Error> {
    let root = ws.root().join("target/tools");
    let bin = root.join("bin/cargo-semver-checks");
    let installed = Command::new(&bin)
        .args(["semver-checks", "--version"])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains(SEMVER_CHECKS_VERSION));
    if installed {
        return Ok(bin);
    }
    eprintln!(
        "installing cargo-semver-checks {SEMVER_CHECKS_VERSION} into {} (a long build, once)",
        root.display()
    );
    let status = crate::cargo_env::cargo()
        .args(["install", "--locked", "--root"])
        .arg(&root)
        .args(["cargo-semver-checks", "--version", SEMVER_CHECKS_VERSION])
        .status()
        .map_err(|e| Error::other(format!("cannot run cargo install: {e}")))?;
    if !status.success() {
        return Err(Error::other(format!(
            "cargo install cargo-semver-checks {SEMVER_CHECKS_VERSION} failed ({status})"
        )));
    }
    Ok(bin)
}

/// A standalone copy of `dixa-client` generated from `description`: its runtime and
/// `lib.rs`, the generated models and operations, a manifest without the workspace's
/// inheritance, and the workspace's `Cargo.lock` (nothing new to resolve).
fn write_crate(ws: &Workspace, dir: &Path, description: &str) -> Result<PathBuf, Error> {
    let client = ws.root().join("generated-client");
    let generated = dixa_codegen::generate(catalogue::VERSION, description, &[])
        .map_err(|e| Error::Diagnostics(format!("a catalogue description:\n{e}")))?;
    let io = |what: &str, e: std::io::Error| Error::other(format!("{what}: {e}"));
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| io(&dir.display().to_string(), e))?;
    }
    copy_dir(&client.join("src/runtime"), &dir.join("src/runtime"))?;
    // The catalogue is the crate's default version; the other modules are behind
    // features the copy does not declare.
    for file in ["lib.rs", &format!("{}.rs", catalogue::VERSION)] {
        std::fs::copy(client.join("src").join(file), dir.join("src").join(file))
            .map_err(|e| io(&format!("copy {file}"), e))?;
    }
    for file in &generated.files {
        let Some(name) = file.path.strip_prefix("generated-client/src/") else {
            continue;
        };
        let path = dir.join("src").join(name);
        std::fs::create_dir_all(path.parent().expect("a file in src/"))
            .map_err(|e| io("create src/generated", e))?;
        std::fs::write(&path, &file.contents).map_err(|e| io(name, e))?;
    }
    std::fs::write(dir.join("Cargo.toml"), manifest(ws)?).map_err(|e| io("Cargo.toml", e))?;
    std::fs::copy(ws.root().join("Cargo.lock"), dir.join("Cargo.lock"))
        .map_err(|e| io("copy Cargo.lock", e))?;
    Ok(dir.to_path_buf())
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), Error> {
    std::fs::create_dir_all(to).map_err(|e| Error::other(format!("{}: {e}", to.display())))?;
    let entries =
        std::fs::read_dir(from).map_err(|e| Error::other(format!("{}: {e}", from.display())))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::other(format!("{}: {e}", from.display())))?;
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()))?;
        } else {
            std::fs::copy(&path, to.join(entry.file_name()))
                .map_err(|e| Error::other(format!("{}: {e}", path.display())))?;
        }
    }
    Ok(())
}

/// `generated-client/Cargo.toml`'s package and dependencies with `workspace = true`
/// resolved from the root manifest; no dev-dependencies, benches or workspace.
fn manifest(ws: &Workspace) -> Result<String, Error> {
    let read = |path: PathBuf| -> Result<Table, Error> {
        let text = std::fs::read_to_string(&path)
            .map_err(|e| Error::other(format!("{}: {e}", path.display())))?;
        text.parse::<Table>()
            .map_err(|e| Error::other(format!("{}: {e}", path.display())))
    };
    let root = read(ws.root().join("Cargo.toml"))?;
    let client = read(ws.root().join("generated-client/Cargo.toml"))?;
    let workspace = |key: &str| root.get("workspace").and_then(|w| w.get(key));
    let package = workspace("package").and_then(Value::as_table);
    let shared = workspace("dependencies").and_then(Value::as_table);

    let mut out = String::from("[package]\nname = \"dixa-client\"\nversion = \"0.1.0\"\n");
    let edition = package
        .and_then(|p| p.get("edition"))
        .and_then(Value::as_str)
        .unwrap_or("2024");
    out.push_str(&format!("edition = \"{edition}\"\npublish = false\n\n"));
    out.push_str("[lib]\nname = \"dixa_client\"\n\n[dependencies]\n");
    let dependencies = client.get("dependencies").and_then(Value::as_table);
    for (name, spec) in dependencies.into_iter().flatten() {
        let mut spec = match spec {
            Value::String(version) => {
                Table::from_iter([("version".into(), version.clone().into())])
            }
            Value::Table(t) => t.clone(),
            other => return Err(Error::other(format!("dependency {name}: {other:?}"))),
        };
        if spec.remove("workspace").is_some() {
            let inherited = match shared.and_then(|s| s.get(name)) {
                Some(Value::String(version)) => {
                    Table::from_iter([("version".into(), version.clone().into())])
                }
                Some(Value::Table(t)) => t.clone(),
                _ => {
                    return Err(Error::other(format!(
                        "dependency {name}: not in the workspace"
                    )));
                }
            };
            let mut features: Vec<Value> = inherited
                .get("features")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            features.extend(
                spec.get("features")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default(),
            );
            let mut merged = inherited;
            merged.extend(spec);
            if !features.is_empty() {
                merged.insert("features".into(), Value::Array(features));
            }
            spec = merged;
        }
        out.push_str(&format!("{name} = {}\n", inline(&Value::Table(spec))));
    }
    // The default features only (the HTTP client and the catalogue's version): the copy
    // holds no other version's or the webhooks' files.
    out.push_str("\n[features]\n");
    let features = client.get("features").and_then(Value::as_table);
    for name in ["default", "client", catalogue::VERSION] {
        let enables = features
            .and_then(|f| f.get(name))
            .ok_or_else(|| Error::other(format!("no feature `{name}` in dixa-client")))?;
        out.push_str(&format!("{name} = {}\n", inline(enables)));
    }
    out.push_str(
        "\n# Not a member of any workspace, wherever the target directory is.\n[workspace]\n",
    );
    Ok(out)
}

/// A TOML value on one line (strings, booleans, arrays, inline tables).
fn inline(value: &Value) -> String {
    match value {
        Value::String(s) => format!("{s:?}"),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(inline).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Table(t) => {
            let entries: Vec<String> = t
                .iter()
                .map(|(k, v)| format!("{k} = {}", inline(v)))
                .collect();
            format!("{{ {} }}", entries.join(", "))
        }
        Value::Boolean(b) => b.to_string(),
        Value::Integer(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Datetime(d) => format!("{d:?}"),
    }
}

/// Runs the tool on `current` against `baseline` as a minor release: (breaks?, lints).
fn semver_checks(
    tool: &Path,
    baseline: &Path,
    current: &Path,
    dir: &Path,
) -> Result<(bool, Vec<String>), Error> {
    // It runs cargo itself: without our package variables, as from a shell.
    let output = crate::cargo_env::without_package_variables(&mut Command::new(tool))
        .arg("semver-checks")
        .arg("--manifest-path")
        .arg(current.join("Cargo.toml"))
        .arg("--baseline-root")
        .arg(baseline)
        .args(["--release-type", "minor"])
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .output()
        .map_err(|e| Error::other(format!("cannot run {}: {e}", tool.display())))?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let lints: Vec<String> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("--- failure "))
        .map(|l| l.split(':').next().unwrap_or(l).trim().to_string())
        .collect();
    if !output.status.success() && lints.is_empty() {
        return Err(Error::other(format!(
            "cargo-semver-checks failed without a lint ({}):\n{text}",
            output.status
        )));
    }
    Ok((!output.status.success(), lints))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(mutation: &'static str, reported: Impact, tool_breaks: bool) -> Row {
        Row {
            mutation,
            expected: Impact::Breaking,
            reported: Some(reported),
            tool_breaks,
            tool_lints: Vec::new(),
        }
    }

    #[test]
    fn a_break_the_tool_cannot_see_rests_on_the_report_alone() {
        assert!(row("field type changed", Impact::Breaking, false).agrees());
        assert!(!row("field type changed", Impact::Additive, false).agrees());
        // Any other breaking mutation must be caught by both.
        assert!(!row("field removed", Impact::Breaking, false).agrees());
        assert!(row("field removed", Impact::Breaking, true).agrees());
    }

    #[test]
    fn the_generated_crate_copy_is_standalone() {
        let ws = Workspace::of_this_crate();
        let dir = tempfile::tempdir().expect("a temporary directory");
        let krate = write_crate(&ws, &dir.path().join("base"), catalogue::BASE).expect("written");
        let manifest = std::fs::read_to_string(krate.join("Cargo.toml")).expect("a manifest");
        assert!(!manifest.contains("workspace = true"), "{manifest}");
        assert!(manifest.contains("serde_json = { "), "{manifest}");
        assert!(manifest.contains("\"raw_value\""), "{manifest}");
        for file in [
            "src/lib.rs",
            "src/runtime/mod.rs",
            "src/v1.rs",
            "src/generated/v1/models.rs",
        ] {
            assert!(krate.join(file).is_file(), "{file} is missing");
        }
        let models = std::fs::read_to_string(krate.join("src/generated/v1/models.rs")).unwrap();
        assert!(models.contains("pub struct CreateThingInput"));
    }
}

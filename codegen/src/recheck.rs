//! Re-checking recorded answers against a newly generated model: every answer in the
//! directories a user keeps (files written by `dixa_client::recording::RecordingTransport`,
//! and `cases.json` lists of answers) is checked the way the regenerated types would decode
//! it ([`crate::examples::answers::check_answer`]), and the report says per file whether it
//! decodes or where it fails: the operation, the JSON path, an excerpt of the value there
//! and the description pointer of the type that refused it. An update of the description
//! that would break on real traffic shows up in review, before it ships.

use crate::examples::answers::{AnswerCheck, check_answer, value_at};
use crate::model::ir::Model;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// One recorded answer: which operation, version and status, and its body.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedAnswer {
    /// The file, and for a `cases.json` the case's name after `#`.
    pub source: String,
    pub version: String,
    pub operation: String,
    pub status: u16,
    pub body: Option<Value>,
}

/// The recorded answers under `dir` (its `*.json` files, and those of its folders, in
/// name order), and the JSON files that are not recordings.
pub fn read_dir(dir: &Path) -> Result<(Vec<RecordedAnswer>, Vec<PathBuf>), String> {
    let mut files = Vec::new();
    collect_json_files(dir, 0, &mut files)?;
    files.sort();
    let (mut answers, mut other) = (Vec::new(), Vec::new());
    for file in files {
        let text = std::fs::read_to_string(&file)
            .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        // Named from `dir`, as the user wrote it.
        let name = file.strip_prefix(dir).unwrap_or(&file).to_path_buf();
        let Ok(json) = serde_json::from_str::<Value>(&text) else {
            other.push(name);
            continue;
        };
        let before = answers.len();
        let name = name.as_path();
        match &json {
            Value::Array(cases) => {
                for case in cases {
                    answers.extend(from_case(name, case));
                }
            }
            recording => answers.extend(from_recording(name, recording)),
        }
        if answers.len() == before {
            other.push(name.to_path_buf());
        }
    }
    Ok((answers, other))
}

fn collect_json_files(dir: &Path, depth: usize, files: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
            .path();
        if path.is_dir() && depth < 4 {
            collect_json_files(&path, depth + 1, files)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            files.push(path);
        }
    }
    Ok(())
}

/// A file written by `RecordingTransport`.
fn from_recording(file: &Path, json: &Value) -> Option<RecordedAnswer> {
    Some(RecordedAnswer {
        source: file.display().to_string(),
        version: json.get("api_version")?.as_str()?.to_string(),
        operation: json.get("operation")?.as_str()?.to_string(),
        status: u16::try_from(json.get("status")?.as_u64()?).ok()?,
        body: json.get("body").cloned(),
    })
}

/// One entry of a `cases.json`: `{operationId, status, version, value, name}`; entries
/// that expect a refusal (`"expect"` other than `"decode"`) are not answers to re-check.
fn from_case(file: &Path, case: &Value) -> Option<RecordedAnswer> {
    if case
        .get("expect")
        .and_then(Value::as_str)
        .is_some_and(|e| e != "decode")
    {
        return None;
    }
    let name = case.get("name").and_then(Value::as_str).unwrap_or("?");
    // A case's name starts with its folder, as the file's path does.
    let name = name.rsplit('/').next().unwrap_or(name);
    Some(RecordedAnswer {
        source: format!("{}#{name}", file.display()),
        version: case.get("version")?.as_str()?.to_string(),
        operation: case.get("operationId")?.as_str()?.to_string(),
        status: u16::try_from(case.get("status")?.as_u64()?).ok()?,
        body: case.get("value").cloned(),
    })
}

/// The outcome of one recorded answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    pub answer: RecordedAnswer,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Decodes; how many values the types accept without knowing them.
    Decoded { drift: usize },
    /// Refused at `path`: what was wrong, an excerpt of the value there, and the type
    /// that refused it with its description pointer.
    Failed {
        path: String,
        message: String,
        excerpt: String,
        refused_by: Option<(String, String)>,
    },
    /// Not checked, and why (no model for its version, no such operation in it, or no
    /// JSON answer documented for its status).
    Skipped(String),
}

/// The report of one re-check, per file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    pub checked: Vec<Checked>,
    /// JSON files that are not recordings.
    pub other_files: Vec<PathBuf>,
}

impl Report {
    pub fn decoded(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Decoded { .. }))
    }

    pub fn failed(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Failed { .. }))
    }

    fn count(&self, which: impl Fn(&Outcome) -> bool) -> usize {
        self.checked.iter().filter(|c| which(&c.outcome)).count()
    }
}

/// Checks each answer against the model of its version (`models`: version -> model).
pub fn recheck(models: &BTreeMap<String, &Model>, answers: Vec<RecordedAnswer>) -> Report {
    let checked = answers
        .into_iter()
        .map(|answer| {
            let outcome = outcome_of(models, &answer);
            Checked { answer, outcome }
        })
        .collect();
    Report {
        checked,
        other_files: Vec::new(),
    }
}

fn outcome_of(models: &BTreeMap<String, &Model>, answer: &RecordedAnswer) -> Outcome {
    let Some(model) = models.get(&answer.version) else {
        return Outcome::Skipped(format!("no model for API version `{}`", answer.version));
    };
    match check_answer(
        model,
        &answer.operation,
        answer.status,
        answer.body.as_ref(),
    ) {
        AnswerCheck::Decoded { drift } => Outcome::Decoded { drift: drift.len() },
        AnswerCheck::Refused(refusals) => {
            let first = &refusals[0];
            let excerpt = answer
                .body
                .as_ref()
                .and_then(|body| value_at(body, &first.path))
                .map_or_else(|| "(absent)".to_string(), excerpt);
            Outcome::Failed {
                path: first.path.clone(),
                message: first.message.clone(),
                excerpt,
                refused_by: first.type_name.clone().zip(first.pointer.clone()),
            }
        }
        AnswerCheck::UnknownOperation => Outcome::Skipped(format!(
            "the {} description has no operation `{}`",
            answer.version, answer.operation
        )),
        AnswerCheck::NotDecoded => Outcome::Skipped(format!(
            "`{}` documents no JSON answer for {}",
            answer.operation, answer.status
        )),
    }
}

/// The value as JSON, at most 80 characters.
fn excerpt(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(80) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text,
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for checked in &self.checked {
            let a = &checked.answer;
            let what = format!("{} {} {}", a.version, a.operation, a.status);
            match &checked.outcome {
                Outcome::Decoded { drift: 0 } => writeln!(f, "decoded  {}: {what}", a.source)?,
                Outcome::Decoded { drift } => writeln!(
                    f,
                    "decoded  {}: {what} ({drift} value(s) the types keep without knowing them)",
                    a.source
                )?,
                Outcome::Failed {
                    path,
                    message,
                    excerpt,
                    refused_by,
                } => {
                    let at = if path.is_empty() { "(the body)" } else { path };
                    writeln!(f, "FAILED   {}: {what}", a.source)?;
                    writeln!(f, "         at {at}: {message}")?;
                    writeln!(f, "         value: {excerpt}")?;
                    if let Some((name, pointer)) = refused_by {
                        writeln!(f, "         refused by `{name}` ({pointer})")?;
                    }
                }
                Outcome::Skipped(why) => writeln!(f, "skipped  {}: {what}: {why}", a.source)?,
            }
        }
        for file in &self.other_files {
            writeln!(f, "skipped  {}: not a recording", file.display())?;
        }
        write!(
            f,
            "recorded answers: {} checked, {} decoded, {} failed",
            self.checked.len(),
            self.decoded(),
            self.failed()
        )
    }
}

/// Reads every directory of `dirs` ([`read_dir`]) and re-checks its answers ([`recheck`]).
pub fn recheck_dirs(models: &BTreeMap<String, &Model>, dirs: &[PathBuf]) -> Result<Report, String> {
    let (mut answers, mut other_files) = (Vec::new(), Vec::new());
    for dir in dirs {
        let (found, other) = read_dir(dir)?;
        answers.extend(found);
        other_files.extend(other);
    }
    let mut report = recheck(models, answers);
    report.other_files = other_files;
    Ok(report)
}

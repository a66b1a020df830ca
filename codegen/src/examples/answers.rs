//! Recorded answers checked against the model the way the generated types decode them
//! ([`check_answer`]): a value Dixa added later (an enum value or union tag the model does
//! not list, an undeclared key) decodes, and is counted as drift; anything the types
//! refuse is reported with its JSON path and the type that refused it.

use super::checker::Checker;
use crate::model::ir::*;
use serde_json::Value;
use std::collections::BTreeSet;

/// What the model says about one answer body.
#[derive(Debug, Clone, PartialEq)]
pub enum AnswerCheck {
    /// The generated types decode it; `drift` lists what they accept without knowing it
    /// (JSON path, what).
    Decoded { drift: Vec<(String, String)> },
    /// The generated types refuse it, first refusal first.
    Refused(Vec<Refusal>),
    /// The model has no operation with this `operationId`.
    UnknownOperation,
    /// The operation documents no JSON answer for this status (nothing is decoded).
    NotDecoded,
}

/// One place of an answer the generated types refuse.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    /// The JSON path, `data.aggregates[1].value` (empty for the body itself).
    pub path: String,
    pub message: String,
    /// The innermost named type at that path and its description pointer.
    pub type_name: Option<String>,
    pub pointer: Option<String>,
}

/// Checks `body`, the answer of `operation_id` with `status`, against the type the
/// operation decodes that status into (`default` when the status is not listed).
pub fn check_answer(
    model: &Model,
    operation_id: &str,
    status: u16,
    body: Option<&Value>,
) -> AnswerCheck {
    let Some(operation) = model.operations.iter().find(|op| op.id == operation_id) else {
        return AnswerCheck::UnknownOperation;
    };
    let response = operation
        .responses
        .iter()
        .find(|r| r.status == Some(status))
        .or_else(|| operation.responses.iter().find(|r| r.status.is_none()));
    let Some(ty) = response.and_then(|r| r.ty.as_ref()) else {
        return AnswerCheck::NotDecoded;
    };
    let null = Value::Null;
    let mut seen_tags = BTreeSet::new();
    let mut checker = Checker::new(model, &mut seen_tags).lenient();
    let problems = checker.check_typed(body.unwrap_or(&null), ty);
    if problems.is_empty() {
        let drift = checker
            .drift
            .iter()
            .map(|(path, what)| (clean_path(path), what.clone()))
            .collect();
        return AnswerCheck::Decoded { drift };
    }
    AnswerCheck::Refused(
        problems
            .into_iter()
            .map(|(path, message, type_name)| Refusal {
                path: clean_path(&path),
                message,
                pointer: type_name
                    .as_ref()
                    .and_then(|name| model.types.get(name))
                    .map(|def| def.pointer.clone()),
                type_name,
            })
            .collect(),
    )
}

/// `data.id` for the checker's `.data.id`.
fn clean_path(path: &str) -> String {
    path.strip_prefix('.').unwrap_or(path).to_string()
}

/// The value at `path` (as [`Refusal::path`] writes it) inside `value`, if it is there.
pub fn value_at<'v>(value: &'v Value, path: &str) -> Option<&'v Value> {
    let mut current = value;
    for segment in path.split('.').filter(|s| !s.is_empty()) {
        let (key, indexes) = match segment.find('[') {
            Some(at) => segment.split_at(at),
            None => (segment, ""),
        };
        if !key.is_empty() {
            current = current.get(key)?;
        }
        for index in indexes.split('[').filter(|s| !s.is_empty()) {
            current = current.get(index.trim_end_matches(']').parse::<usize>().ok()?)?;
        }
    }
    Some(current)
}

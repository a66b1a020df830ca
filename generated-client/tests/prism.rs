//! End to end against a real mock server, for each API version: every operation of the
//! generated client, called once through its public builder API (`client.v1()...`,
//! `client.beta()...`), against Stoplight Prism serving that version's corrected
//! description (`spec/fetched/dixa-api.<version>.corrected.json`, written by
//! `cargo xtask codegen`).
//!
//! Prism checks each request against the schemas and its own answer too (violations come
//! back in an `sl-violations` header, or as a 4xx), answers with the description's own
//! examples, and with `Prefer: code=<status>, example=<name>` answers a documented status
//! with a named example. Three passes:
//!
//! 1. every operation once, with sample arguments and the first request-body example: a
//!    documented 2xx, a decoded body, no violations;
//! 2. every documented error status: an `Error` with that status and, where the
//!    description shows an error body, its `message`;
//! 3. every example of the description (v1: 386, beta: 485): request bodies sent through
//!    the client,
//!    response examples asked for by name and decoded. Prism validating both directions
//!    makes this the check that each example agrees with the corrected description.
//!
//! `cargo xtask test` starts one Prism per version and sets `DIXA_PRISM_URL_V1` and
//! `DIXA_PRISM_URL_BETA`; without them the tests fail (no silent skip). Outside CI only,
//! `cargo xtask test` may set `DIXA_PRISM_SKIP=<reason>` when it could not start Prism (no
//! npm): the tests then say so and pass.

#[path = "generated/beta/prism_calls.rs"]
mod beta_calls;
#[path = "generated/v1/prism_calls.rs"]
mod v1_calls;

use dixa_client::Client;
use dixa_client::runtime::{FilePart, HeaderMap, ResponseFuture, StatusCode};
use dixa_codegen::examples::ExampleCase;
use dixa_codegen::inputs::VersionInputs;
use dixa_codegen::model::ir::{Model, Operation, TypeKind, TypeRef};
use openapiv3::{OpenAPI, ReferenceOr};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

#[tokio::test]
async fn every_v1_operation_against_prism() {
    every_operation_against_prism(ApiVersion::V1).await;
}

#[tokio::test]
async fn every_beta_operation_against_prism() {
    every_operation_against_prism(ApiVersion::Beta).await;
}

/// The API versions and their generated calls (`tests/generated/<version>/prism_calls.rs`).
#[derive(Debug, Clone, Copy)]
enum ApiVersion {
    V1,
    Beta,
}

/// What each version's generated calls take their values from: both `Samples` traits.
trait Samples: v1_calls::Samples + beta_calls::Samples {}
impl<S: v1_calls::Samples + beta_calls::Samples> Samples for S {}

/// The status and headers of a successful answer (the same type in every version).
type Answer = ResponseFuture<(StatusCode, HeaderMap)>;

impl ApiVersion {
    fn name(self) -> &'static str {
        match self {
            ApiVersion::V1 => "v1",
            ApiVersion::Beta => "beta",
        }
    }

    fn operations(self) -> &'static [&'static str] {
        match self {
            ApiVersion::V1 => v1_calls::OPERATIONS,
            ApiVersion::Beta => beta_calls::OPERATIONS,
        }
    }

    /// The generated call of `operation` (`client.v1().agents().get(..)`), sent.
    fn call<S: Samples>(
        self,
        client: &Client,
        operation: &str,
        samples: &S,
    ) -> Option<Result<Answer, String>> {
        match self {
            ApiVersion::V1 => v1_calls::call(client, operation, samples),
            ApiVersion::Beta => beta_calls::call(client, operation, samples),
        }
    }

    /// The variable `cargo xtask test` sets to this version's Prism URL.
    fn url_var(self) -> String {
        format!("DIXA_PRISM_URL_{}", self.name().to_ascii_uppercase())
    }
}

/// Calls known not to pass: an `operationId` (success pass) or `"<operationId> <status>"`
/// (error pass), the text its failure must contain (any other failure still fails), and
/// why. The target is none.
const KNOWN_EXCEPTIONS: &[(&str, &str, &str)] = &[];

/// The header in which Prism lists what it found wrong with a request.
const VIOLATIONS: &str = "sl-violations";

async fn every_operation_against_prism(version: ApiVersion) {
    let Some(base_url) = prism_url(version) else {
        return;
    };
    let fixture = Fixture::load(version);
    assert_eq!(
        version.operations().len(),
        fixture.model.operations.len(),
        "tests/generated/{}/prism_calls.rs is stale: run `cargo xtask codegen`",
        version.name()
    );
    let started = Instant::now();
    let mut outcomes = Outcomes::default();

    // 1. Every operation once: a documented 2xx, its body decoded.
    let mut succeeded = 0;
    for op in &fixture.model.operations {
        let expect = Expect::success();
        let result = check_call(version, &base_url, op, &fixture, &expect).await;
        succeeded += outcomes.record(&op.id, result);
    }

    // 2. Every documented error status, asked for with `Prefer: code=<status>`.
    let (mut mapped, mut documented) = (0, 0);
    for op in &fixture.model.operations {
        for status in error_statuses(op) {
            documented += 1;
            let expect = Expect::status(status, None, fixture.error_message(op, status));
            let result = check_call(version, &base_url, op, &fixture, &expect).await;
            mapped += outcomes.record(&format!("{} {status}", op.id), result);
        }
    }

    // 3. Every example of the description against the corrected description: request
    //    bodies sent through the client, responses asked for by name and decoded. Prism
    //    validates both directions, so a violation here is an example the corrected
    //    description (or the client) gets wrong.
    let mut examples_ok = 0;
    for (pointer, value) in &fixture.examples {
        let result = match example_call(version, &base_url, &fixture, pointer, value) {
            Ok(call) => call.await,
            Err(e) => Err(e),
        };
        examples_ok += outcomes.record(pointer, result);
    }

    println!(
        "prism {}: {succeeded}/{} operations succeeded, {mapped}/{documented} error statuses mapped, \
         {examples_ok}/{} examples of the description accepted ({} known exceptions, {:.1} s)",
        version.name(),
        fixture.model.operations.len(),
        fixture.examples.len(),
        outcomes.excepted.len(),
        started.elapsed().as_secs_f64()
    );
    outcomes.assert_clean();
}

/// Failures and known exceptions, by call.
#[derive(Default)]
struct Outcomes {
    failures: Vec<String>,
    excepted: Vec<String>,
}

impl Outcomes {
    /// 1 if the call passed, else 0 (and the failure or known exception is noted).
    fn record(&mut self, key: &str, result: Result<(), String>) -> usize {
        let Err(reason) = result else {
            return 1;
        };
        let known = KNOWN_EXCEPTIONS
            .iter()
            .find(|(k, says, _)| *k == key && reason.contains(says));
        match known {
            Some((_, _, why)) => self.excepted.push(format!("{key}: {why}")),
            None => self.failures.push(format!("{key}: {reason}")),
        }
        0
    }

    fn assert_clean(&self) {
        for line in &self.excepted {
            println!("  known exception: {line}");
        }
        let stale: Vec<&str> = KNOWN_EXCEPTIONS
            .iter()
            .map(|(key, _, _)| *key)
            .filter(|key| {
                !self
                    .excepted
                    .iter()
                    .any(|line| line.starts_with(&format!("{key}:")))
            })
            .collect();
        assert!(
            self.failures.is_empty(),
            "{} calls against Prism failed:\n{}",
            self.failures.len(),
            self.failures.join("\n")
        );
        assert!(
            stale.is_empty(),
            "KNOWN_EXCEPTIONS entries that now pass (delete them): {stale:?}"
        );
    }
}

/// The URL of the version's mock server, or `None` when `cargo xtask test` decided to
/// skip (outside CI).
fn prism_url(version: ApiVersion) -> Option<String> {
    let set = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let var = version.url_var();
    if let Some(url) = set(&var) {
        return Some(url);
    }
    let in_ci = set("CI").is_some_and(|v| v.eq_ignore_ascii_case("true") || v == "1");
    if in_ci {
        panic!(
            "{var} is not set, and CI=true: the end-to-end test against Prism must run in CI. \
             Run the tests with `cargo xtask test`, which installs and starts Prism."
        );
    }
    if let Some(reason) = set("DIXA_PRISM_SKIP") {
        eprintln!(
            "prism {}: SKIPPED by `cargo xtask test`: {reason}",
            version.name()
        );
        return None;
    }
    panic!(
        "{var} is not set: run `cargo xtask test`, which installs and starts one Prism mock \
         server per version and sets it (or start `prism mock \
         spec/fetched/dixa-api.{}.corrected.json` yourself and set {var} to its URL)",
        version.name()
    );
}

/// A client for Prism: no retries (a 503 asked for must come back as it is), and any
/// extra header (`Prefer: code=404`).
fn client(base_url: &str, prefer: Option<String>) -> Client {
    let mut builder = Client::builder("prism-test-key")
        .base_url(base_url)
        .no_retries();
    if let Some(prefer) = prefer {
        builder = builder.default_header("Prefer", prefer);
    }
    builder.build().expect("client builds")
}

/// What a call asks Prism for and expects back.
struct Expect {
    /// `Prefer: code=<status>`; `None`: no preference, any documented 2xx.
    status: Option<u16>,
    /// `Prefer: example=<name>`: a named example of that status.
    example: Option<String>,
    /// For error statuses: the `message` the error must carry.
    message: ExpectedMessage,
}

impl Expect {
    fn success() -> Expect {
        Expect {
            status: None,
            example: None,
            message: ExpectedMessage::Unknown,
        }
    }

    fn status(status: u16, example: Option<String>, message: ExpectedMessage) -> Expect {
        Expect {
            status: Some(status),
            example,
            message,
        }
    }

    fn prefer(&self) -> Option<String> {
        let code = self.status?;
        Some(match &self.example {
            Some(name) => format!("code={code}, example=\"{name}\""),
            None => format!("code={code}"),
        })
    }
}

/// Sends the call of `op` built from `samples` and checks the answer against `expect`: the
/// status, no `sl-violations` (about the request or about Prism's own answer), a decoded
/// body for a success, and for an error status an `Error` with that status and message.
async fn check_call<S: Samples>(
    version: ApiVersion,
    base_url: &str,
    op: &Operation,
    samples: &S,
    expect: &Expect,
) -> Result<(), String> {
    let client = client(base_url, expect.prefer());
    let answer = version.call(&client, &op.id, samples).ok_or(
        "not in tests/generated/<version>/prism_calls.rs (stale? run `cargo xtask codegen`)",
    )??;
    let error = match answer.await {
        Ok((status, headers)) => {
            violations(&headers)?;
            let wanted = match expect.status {
                Some(status) => vec![status],
                None => success_statuses(op),
            };
            return if wanted.contains(&status.as_u16()) {
                Ok(())
            } else {
                Err(format!("status {status}, expected one of {wanted:?}"))
            };
        }
        Err(e) => e,
    };
    if let Some(headers) = error.headers() {
        violations(headers)?;
    }
    let Some(status) = expect.status.filter(|s| *s >= 400) else {
        return Err(error.to_string());
    };
    if error.status() != StatusCode::from_u16(status).ok() {
        return Err(format!("asked for {status}, got: {error}"));
    }
    match &expect.message {
        ExpectedMessage::Exactly(message) if error.message() != Some(message.as_str()) => Err(
            format!("expected the message {message:?} of the description's example, got: {error}"),
        ),
        ExpectedMessage::Present if error.message().is_none() => Err(format!(
            "expected a `message` in the error body, got: {error}"
        )),
        _ => Ok(()),
    }
}

/// The call that exercises one example: a request-body example is sent as the body; a
/// response example is asked for by status and name.
fn example_call<'f>(
    version: ApiVersion,
    base_url: &'f str,
    fixture: &'f Fixture,
    pointer: &'f str,
    value: &'f Value,
) -> Result<impl std::future::Future<Output = Result<(), String>> + 'f, String> {
    let op = fixture
        .model
        .operations
        .iter()
        .find(|op| pointer.starts_with(&format!("{}/", op.pointer)))
        .ok_or("no operation holds this example")?;
    let rest = &pointer[op.pointer.len() + 1..];
    let name = rest.split_once("/examples/").map(|(_, n)| {
        n.trim_end_matches("/value")
            .replace("~1", "/")
            .replace("~0", "~")
    });
    let (samples, expect) = if rest.starts_with("requestBody/") {
        let samples = WithBody {
            fixture,
            operation: &op.id,
            body: value.clone(),
        };
        (samples, Expect::success())
    } else {
        let status: u16 = rest
            .strip_prefix("responses/")
            .and_then(|r| r.split('/').next())
            .and_then(|s| s.parse().ok())
            .ok_or("not a request body or a response with a numeric status")?;
        let message = match value.get("message").and_then(Value::as_str) {
            Some(m) => ExpectedMessage::Exactly(m.to_string()),
            None => ExpectedMessage::Unknown,
        };
        let samples = WithBody {
            fixture,
            operation: "",
            body: Value::Null,
        };
        (samples, Expect::status(status, name, message))
    };
    Ok(async move { check_call(version, base_url, op, &samples, &expect).await })
}

/// The fixture's samples, with another request body for one operation.
struct WithBody<'f> {
    fixture: &'f Fixture,
    operation: &'f str,
    body: Value,
}

impl WithBody<'_> {
    fn param(&self, operation: &str, name: &str) -> Option<Value> {
        self.fixture.param(operation, name)
    }

    fn body(&self, operation: &str) -> Option<Value> {
        if operation == self.operation {
            Some(self.body.clone())
        } else {
            self.fixture.body(operation)
        }
    }

    fn file(&self, operation: &str, part: &str) -> FilePart {
        self.fixture.file(operation, part)
    }
}

fn violations(headers: &HeaderMap) -> Result<(), String> {
    match headers.get(VIOLATIONS) {
        None => Ok(()),
        Some(v) => Err(format!(
            "Prism reports violations ({VIOLATIONS}; `request` ones are the client's, `response` ones the description's): {}",
            String::from_utf8_lossy(v.as_bytes())
        )),
    }
}

fn success_statuses(op: &Operation) -> Vec<u16> {
    op.responses
        .iter()
        .filter_map(|r| r.status)
        .filter(|s| (200..300).contains(s))
        .collect()
}

fn error_statuses(op: &Operation) -> Vec<u16> {
    op.responses
        .iter()
        .filter_map(|r| r.status)
        .filter(|s| *s >= 400)
        .collect()
}

enum ExpectedMessage {
    /// The description's example for this status has this `message`.
    Exactly(String),
    /// No example, but the body schema has a `message` (Prism makes one up).
    Present,
    /// No `message` to expect.
    Unknown,
}

/// The description, its model, and the sample values the calls take.
struct Fixture {
    model: Model,
    /// (operationId, parameter wire name) -> value.
    params: BTreeMap<(String, String), Value>,
    /// operationId -> request body (the first example of its JSON request body).
    bodies: BTreeMap<String, Value>,
    /// (operationId, status) -> the `message` of the first example of that error answer.
    error_messages: BTreeMap<(String, u16), Option<String>>,
    /// Every example of a JSON body in the description (pointer, value), but those an
    /// override skips.
    examples: Vec<(String, Value)>,
}

impl Fixture {
    fn load(version: ApiVersion) -> Fixture {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("workspace root");
        let inputs = VersionInputs::read(root, version.name()).unwrap_or_else(|e| panic!("{e}"));
        let spec =
            dixa_codegen::load::parse_description(&inputs.description).expect("description parses");
        let overrides =
            dixa_codegen::load::overrides::Overrides::parse_files(&inputs.overrides_files())
                .expect("overrides parse");
        let model = dixa_codegen::model::build_model(&spec, &overrides).expect("model builds");
        let cases = dixa_codegen::examples::example_cases(&spec, &model, &overrides);

        let mut fixture = Fixture {
            params: BTreeMap::new(),
            bodies: BTreeMap::new(),
            error_messages: BTreeMap::new(),
            examples: cases
                .iter()
                .filter(|c| c.skipped.is_none())
                .map(|c| (c.pointer.clone(), c.value.clone()))
                .collect(),
            model: Model::default(),
        };
        for op in &model.operations {
            fixture.add_params(&spec.api, &model, op);
            let body_prefix = format!("{}/requestBody/content/application~1json/", op.pointer);
            if let Some(case) = first_example(&cases, &body_prefix) {
                fixture.bodies.insert(op.id.clone(), case.value.clone());
            }
            for status in error_statuses(op) {
                let prefix = format!(
                    "{}/responses/{status}/content/application~1json/",
                    op.pointer
                );
                if let Some(case) = first_example(&cases, &prefix) {
                    let message = case.value.get("message").and_then(Value::as_str);
                    fixture
                        .error_messages
                        .insert((op.id.clone(), status), message.map(str::to_string));
                }
            }
        }
        fixture.model = model;
        fixture
    }

    fn add_params(&mut self, spec: &OpenAPI, model: &Model, op: &Operation) {
        let declared = declared_parameters(spec, &op.pointer);
        for param in &op.params {
            let data = declared.iter().find(|d| d.name == param.wire_name);
            let value = data
                .and_then(parameter_example)
                .or_else(|| {
                    param
                        .default
                        .as_deref()
                        .and_then(|d| serde_json::from_str(d).ok())
                })
                .or_else(|| {
                    // `Possible values: [A, B]` in the parameter's own description.
                    let description = data.and_then(|d| d.description.as_deref())?;
                    let values =
                        dixa_codegen::conventions::enum_values_from_description(description)?;
                    Some(json!(values.first()?))
                })
                .unwrap_or_else(|| sample_of(model, &param.ty, &param.wire_name));
            self.params
                .insert((op.id.clone(), param.wire_name.clone()), value);
        }
    }

    fn error_message(&self, op: &Operation, status: u16) -> ExpectedMessage {
        match self.error_messages.get(&(op.id.clone(), status)) {
            Some(Some(message)) => ExpectedMessage::Exactly(message.clone()),
            Some(None) => ExpectedMessage::Unknown,
            None => {
                let has_message = op
                    .responses
                    .iter()
                    .find(|r| r.status == Some(status))
                    .and_then(|r| r.ty.as_ref())
                    .is_some_and(|ty| has_message_field(&self.model, ty));
                if has_message {
                    ExpectedMessage::Present
                } else {
                    ExpectedMessage::Unknown
                }
            }
        }
    }
}

impl Fixture {
    fn param(&self, operation: &str, name: &str) -> Option<Value> {
        self.params
            .get(&(operation.to_string(), name.to_string()))
            .cloned()
    }

    fn body(&self, operation: &str) -> Option<Value> {
        self.bodies.get(operation).cloned()
    }

    fn file(&self, _operation: &str, _part: &str) -> FilePart {
        FilePart::new("pixel.png", PIXEL_PNG).content_type("image/png")
    }
}

/// A 1x1 transparent PNG.
const PIXEL_PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
    0x42, 0x60, 0x82,
];

fn first_example<'c, 'a>(
    cases: &'c [ExampleCase<'a>],
    prefix: &str,
) -> Option<&'c ExampleCase<'a>> {
    cases
        .iter()
        .find(|c| c.pointer.starts_with(prefix) && c.skipped.is_none())
}

/// The parameters the description declares on the operation at `pointer` and on its path.
fn declared_parameters(spec: &OpenAPI, pointer: &str) -> Vec<openapiv3::ParameterData> {
    let mut out = Vec::new();
    for (path, item) in &spec.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        let base = format!(
            "#/paths/{}",
            dixa_codegen::load::escape_pointer_segment(path)
        );
        for (method, operation) in item.iter() {
            if format!("{base}/{method}") != pointer {
                continue;
            }
            for p in item.parameters.iter().chain(&operation.parameters) {
                if let ReferenceOr::Item(p) = p {
                    out.push(p.parameter_data_ref().clone());
                }
            }
        }
    }
    out
}

/// The parameter's own `example` (or first of `examples`), or its schema's.
fn parameter_example(data: &openapiv3::ParameterData) -> Option<Value> {
    if let Some(v) = &data.example {
        return Some(v.clone());
    }
    let named = data.examples.values().find_map(|e| match e {
        ReferenceOr::Item(e) => e.value.clone(),
        ReferenceOr::Reference { .. } => None,
    });
    if named.is_some() {
        return named;
    }
    match &data.format {
        openapiv3::ParameterSchemaOrContent::Schema(ReferenceOr::Item(s)) => {
            s.schema_data.example.clone()
        }
        _ => None,
    }
}

/// A realistic value of a parameter type, for parameters the description gives no value.
fn sample_of(model: &Model, ty: &TypeRef, name: &str) -> Value {
    match ty {
        TypeRef::Uuid => json!("93b885ad-fe0d-3089-8df6-34904fd59f71"),
        TypeRef::I32 => json!(10),
        TypeRef::I64 => json!(184472),
        TypeRef::F64 => json!(1.5),
        TypeRef::Bool => json!(true),
        TypeRef::DateTime => json!("2023-04-21T10:23:14.293Z"),
        TypeRef::List(item) => json!([sample_of(model, item, name)]),
        TypeRef::Nullable(inner) => sample_of(model, inner, name),
        TypeRef::Named(n) => match model.types.get(n).map(|d| &d.kind) {
            Some(TypeKind::StringEnum(e)) if !e.values.is_empty() => json!(e.values[0].wire),
            other => panic!("no sample for parameter `{name}` of type `{n}` ({other:?})"),
        },
        _ => json!(match name {
            "email" => "agent.0@example.org",
            "phone" => "+4512345678",
            "externalId" => "customer-1234",
            "language" | "languageId" => "en",
            "pageKey" => "eyJsaW1pdCI6MTAsIm9mZnNldCI6MTB9",
            _ => "example",
        }),
    }
}

fn has_message_field(model: &Model, ty: &TypeRef) -> bool {
    let TypeRef::Named(name) = ty else {
        return false;
    };
    match model.types.get(name).map(|d| &d.kind) {
        Some(TypeKind::Struct(s)) => s.fields.iter().any(|f| f.wire_name == "message"),
        _ => false,
    }
}

/// Both versions' `Samples` traits, for the fixture and for a fixture with another body
/// (each answers through its inherent methods above).
macro_rules! samples_of_every_version {
    ($($module:ident),*) => {$(
        impl $module::Samples for Fixture {
            fn param(&self, operation: &str, name: &str) -> Option<Value> {
                Fixture::param(self, operation, name)
            }
            fn body(&self, operation: &str) -> Option<Value> {
                Fixture::body(self, operation)
            }
            fn file(&self, operation: &str, part: &str) -> FilePart {
                Fixture::file(self, operation, part)
            }
        }

        impl $module::Samples for WithBody<'_> {
            fn param(&self, operation: &str, name: &str) -> Option<Value> {
                WithBody::param(self, operation, name)
            }
            fn body(&self, operation: &str) -> Option<Value> {
                WithBody::body(self, operation)
            }
            fn file(&self, operation: &str, part: &str) -> FilePart {
                WithBody::file(self, operation, part)
            }
        }
    )*};
}

samples_of_every_version!(v1_calls, beta_calls);

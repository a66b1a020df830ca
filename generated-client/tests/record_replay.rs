//! Record real exchanges, replay them in a test: a client recording through
//! `RecordingTransport` against a local server writes one file per answer (never a secret,
//! named keys redacted, bounded), and `TestTransport::replay_dir` answers the same calls
//! from those files without a network.

use dixa_client::Client;
use dixa_client::recording::{REDACTED, Recording, RecordingTransport};
use dixa_client::runtime::ReqwestTransport;
use dixa_client::testing::TestTransport;
use dixa_client::v1::operations::agents;
use serde_json::json;
use std::path::PathBuf;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const API_KEY: &str = "secret-api-key-7f3a";
const AGENT_ID: &str = "0b4d1a3c-5d6e-4f70-8a9b-0c1d2e3f4a5b";

/// A fresh directory under the target directory for one test.
fn empty_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn agent() -> serde_json::Value {
    json!({
        "id": AGENT_ID,
        "createdAt": "2024-01-02T03:04:05Z",
        "displayName": "Ada Lovelace",
        "email": "ada@example.com",
        "phoneNumber": "+4512345678"
    })
}

/// A server answering one agent and the list of agents, with a request id, a cookie and a
/// header of its own.
async fn dixa() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/agents/{AGENT_ID}")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "data": agent() }))
                .insert_header("x-request-id", "req-1")
                .insert_header("set-cookie", "session=do-not-record")
                .insert_header("x-internal-trace", "do-not-record"),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/agents"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "data": [agent()] })))
        .mount(&server)
        .await;
    server
}

fn recording_client(server: &MockServer, recorder: RecordingTransport<ReqwestTransport>) -> Client {
    Client::builder(API_KEY)
        .base_url(server.uri())
        .transport(recorder)
        .build()
        .unwrap()
}

fn recorder(dir: &PathBuf) -> RecordingTransport<ReqwestTransport> {
    RecordingTransport::new(
        ReqwestTransport::new(dixa_client::reqwest::Client::new()),
        dir,
    )
}

#[tokio::test]
async fn recorded_answers_replay_in_a_test_without_a_network() {
    let server = dixa().await;
    let dir = empty_dir("recorded_answers_replay");
    let recorder = recorder(&dir).redact(["email", "displayName", "phoneNumber"]);
    let client = recording_client(&server, recorder.clone());

    let live = client
        .v1()
        .agents()
        .get(AGENT_ID.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(live.data.display_name, "Ada Lovelace");
    client.v1().agents().list().await.unwrap();
    assert_eq!((recorder.recordings(), recorder.last_error()), (2, None));

    // One file per answer, named by order, operation and status.
    let files = Recording::files_in(&dir).unwrap();
    let names: Vec<_> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "00000-getAgentsAgentid-200.json",
            "00001-getAgents-200.json"
        ]
    );
    let first = Recording::read(&files[0]).unwrap();
    assert_eq!(first.operation, agents::Get::OPERATION.id);
    assert_eq!(first.api_version, "v1");
    assert_eq!(first.method, "GET");
    assert_eq!(first.path, "/v1/agents/{agentId}");
    assert_eq!(first.status, 200);
    assert_eq!(
        first.headers.get("x-request-id").map(String::as_str),
        Some("req-1")
    );
    assert_eq!(
        first.headers.get("content-type").map(String::as_str),
        Some("application/json")
    );
    assert_eq!(
        first.headers.len(),
        2,
        "only the headers that matter: {:?}",
        first.headers
    );
    let data = &first.body.as_ref().unwrap()["data"];
    assert_eq!(data["email"], REDACTED);
    assert_eq!(data["displayName"], REDACTED);
    assert_eq!(data["id"], AGENT_ID);

    // Nothing secret or personal reaches the disk.
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for secret in [
            API_KEY,
            "Bearer",
            "authorization",
            "do-not-record",
            "ada@example.com",
            "Ada Lovelace",
            "+4512345678",
        ] {
            assert!(
                !text.to_lowercase().contains(&secret.to_lowercase()),
                "{secret} in {}",
                file.display()
            );
        }
    }

    // Replay: the same calls, answered from the files.
    let replayed = TestTransport::new();
    assert_eq!(replayed.replay_dir(&dir).unwrap(), 2);
    let client = replayed.client();
    let agent = client
        .v1()
        .agents()
        .get(AGENT_ID.parse().unwrap())
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(agent.request_id(), Some("req-1"));
    assert_eq!(agent.body().data.display_name, REDACTED);
    let list = client.v1().agents().list().await.unwrap();
    assert_eq!(list.into_data().len(), 1);
    assert!(replayed.unused_answers().is_empty());
    assert_eq!(replayed.requests_for(agents::List::OPERATION).len(), 1);
}

#[tokio::test]
async fn recording_is_bounded_in_files_and_body_size() {
    let server = dixa().await;
    let dir = empty_dir("recording_bounded");
    let recorder = recorder(&dir).max_files(1);
    let client = recording_client(&server, recorder.clone());
    client.v1().agents().list().await.unwrap();
    client.v1().agents().list().await.unwrap();
    assert_eq!(Recording::files_in(&dir).unwrap().len(), 1);
    assert!(
        recorder
            .last_error()
            .unwrap()
            .contains("holds 1 recordings already"),
        "{:?}",
        recorder.last_error()
    );

    // A new recorder numbers after the files already there, and a long body is skipped.
    let recorder = self::recorder(&dir).max_body_size(16);
    let client = recording_client(&server, recorder.clone());
    client.v1().agents().list().await.unwrap();
    assert_eq!(recorder.recordings(), 1);
    assert!(
        recorder
            .last_error()
            .unwrap()
            .contains("bytes is over the 16 recorded"),
        "{:?}",
        recorder.last_error()
    );

    let recorder = self::recorder(&dir);
    let client = recording_client(&server, recorder.clone());
    client.v1().agents().list().await.unwrap();
    let names: Vec<_> = Recording::files_in(&dir)
        .unwrap()
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        ["00000-getAgents-200.json", "00001-getAgents-200.json"]
    );
}

#[test]
fn a_file_that_is_not_a_recording_is_named() {
    let dir = empty_dir("not_a_recording");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("00000-x.json"), "{\"operation\": 1}").unwrap();
    let error = TestTransport::new().replay_dir(&dir).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("00000-x.json is not a recording"),
        "{error}"
    );
}

/// A small description of the two agent operations, as Dixa's has them (hand-written);
/// `display_name_type` is `displayName`'s type.
fn agents_description(display_name_type: &str) -> String {
    format!(
        r##"
openapi: 3.0.3
info: {{title: agents, version: "1"}}
paths:
  /v1/agents/{{agentId}}:
    get:
      operationId: getAgentsAgentid
      tags: [Agents]
      parameters:
        - {{name: agentId, in: path, required: true, schema: {{type: string, format: uuid}}}}
      responses:
        "200":
          description: the agent
          content:
            application/json:
              schema: {{$ref: "#/components/schemas/AgentOutput"}}
  /v1/agents:
    get:
      operationId: getAgents
      tags: [Agents]
      responses:
        "200":
          description: the agents
          content:
            application/json:
              schema: {{$ref: "#/components/schemas/AgentsOutput"}}
components:
  schemas:
    AgentOutput:
      type: object
      required: [data]
      properties:
        data: {{$ref: "#/components/schemas/Agent"}}
    AgentsOutput:
      type: object
      properties:
        data: {{type: array, items: {{$ref: "#/components/schemas/Agent"}}}}
    Agent:
      type: object
      required: [id, displayName]
      properties:
        id: {{type: string, format: uuid}}
        createdAt: {{type: string, format: date-time}}
        displayName: {{type: {display_name_type}}}
        email: {{type: string}}
        phoneNumber: {{type: string}}
"##
    )
}

/// Re-checks the recordings in `dir` against the model generated from `description`.
fn recheck(dir: &std::path::Path, description: &str) -> dixa_codegen::recheck::Report {
    let generated =
        dixa_codegen::generate("v1", description, &[]).expect("the description generates");
    let models = [("v1".to_string(), &generated.model)].into_iter().collect();
    dixa_codegen::recheck::recheck_dirs(&models, &[dir.to_path_buf()]).unwrap()
}

#[tokio::test]
async fn record_replay_and_recheck_against_a_changed_description() {
    // Record from a local server.
    let server = dixa().await;
    let dir = empty_dir("record_replay_recheck");
    let client = recording_client(&server, recorder(&dir).redact(["email"]));
    client
        .v1()
        .agents()
        .get(AGENT_ID.parse().unwrap())
        .await
        .unwrap();
    client.v1().agents().list().await.unwrap();

    // Replay in a test.
    let replayed = TestTransport::new();
    replayed.replay_dir(&dir).unwrap();
    let agent = replayed
        .client()
        .v1()
        .agents()
        .get(AGENT_ID.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(agent.data.display_name, "Ada Lovelace");

    // Re-check: the description as it is decodes both answers...
    let report = recheck(&dir, &agents_description("string"));
    assert_eq!((report.decoded(), report.failed()), (2, 0), "{report}");

    // ...and one whose `displayName` became an integer fails on each, located.
    let report = recheck(&dir, &agents_description("integer"));
    assert_eq!((report.decoded(), report.failed()), (0, 2), "{report}");
    let text = report.to_string();
    let expected = [
        "FAILED   00000-getAgentsAgentid-200.json: v1 getAgentsAgentid 200",
        "         at data.displayName: expected a 64-bit integer, found a string",
        "         value: \"Ada Lovelace\"",
        "         refused by `Agent` (#/components/schemas/Agent)",
        "FAILED   00001-getAgents-200.json: v1 getAgents 200",
        "         at data[0].displayName: expected a 64-bit integer, found a string",
    ];
    for line in expected {
        assert!(text.contains(line), "missing {line:?} in:\n{text}");
    }
}

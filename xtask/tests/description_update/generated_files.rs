//! The generated test files of each version, used the way the project's own tests use
//! them (`tests/prism.rs`, `tests/conformance.rs`), so that clippy sees them as the project
//! does.

#[path = "generated/beta/prism_calls.rs"]
mod beta_calls;
#[path = "generated/beta/roundtrip_table.rs"]
mod beta_table;
#[path = "generated/v1/prism_calls.rs"]
mod v1_calls;
#[path = "generated/v1/roundtrip_table.rs"]
mod v1_table;

use dixa_client::Client;
use dixa_client::runtime::FilePart;
use serde_json::Value;

/// No samples at all: every call says what it misses.
struct NoSamples;

impl v1_calls::Samples for NoSamples {
    fn param(&self, _operation: &str, _name: &str) -> Option<Value> {
        None
    }
    fn body(&self, _operation: &str) -> Option<Value> {
        None
    }
    fn file(&self, _operation: &str, part: &str) -> FilePart {
        FilePart::new(part, Vec::new())
    }
}

impl beta_calls::Samples for NoSamples {
    fn param(&self, _operation: &str, _name: &str) -> Option<Value> {
        None
    }
    fn body(&self, _operation: &str) -> Option<Value> {
        None
    }
    fn file(&self, _operation: &str, part: &str) -> FilePart {
        FilePart::new(part, Vec::new())
    }
}

#[test]
fn every_generated_call_and_table_entry_is_reachable() {
    let client = Client::builder("key").build().expect("a client");
    for operation in v1_calls::OPERATIONS {
        assert!(v1_calls::call(&client, operation, &NoSamples).is_some());
    }
    for operation in beta_calls::OPERATIONS {
        assert!(beta_calls::call(&client, operation, &NoSamples).is_some());
    }
    assert!(v1_table::roundtrip_by_name("no such type", "{}").is_none());
    assert!(beta_table::roundtrip_by_name("no such type", "{}").is_none());
}

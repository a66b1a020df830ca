//! The code emitted for the fixtures, run: every example decodes and re-encodes to the
//! same JSON, and the generated calls put the expected bytes on the wire.

mod openapi31;
mod query_filters;
mod round_trip;
mod wire_forms;

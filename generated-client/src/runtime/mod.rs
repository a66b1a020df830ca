//! The hand-written part of the crate: generated code only calls into it.

pub mod wire;

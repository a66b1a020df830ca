//! The hand-written part of the crate: generated code only calls into it.

pub mod wire;

mod client;
mod error;
mod multipart;
mod pagination;
mod params;
mod rate_limit;
mod request;
mod retry;

pub use client::{Client, ClientBuilder, DEFAULT_BASE_URL};
pub use error::{Error, ErrorKind};
pub use multipart::{FilePart, Multipart};
pub use pagination::{Items, PAGE_KEY, Page, Pages, page_key_from_link};
pub use rate_limit::RateLimit;
pub use request::{Method, Operation, Request, Response};
pub use retry::RetryPolicy;

pub use reqwest::StatusCode;
pub use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

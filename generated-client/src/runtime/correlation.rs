//! Request ids: the one the client sends with every attempt of a call (made here, chosen
//! by `Request::new_request_id` in `request.rs`), and the one the server may send back
//! (found here, for `Response::request_id` and `Error::request_id`).

use reqwest::header::{HeaderMap, HeaderValue};

/// Response headers that may carry a server-side request id, in the order they are looked
/// for. Dixa's description documents none; these are the names common HTTP stacks and
/// gateways use (`x-request-id` may echo the client's own).
pub const RESPONSE_REQUEST_ID_HEADERS: [&str; 4] = [
    "x-request-id",
    "x-amzn-requestid",
    "x-amz-request-id",
    "x-correlation-id",
];

/// The first of [`RESPONSE_REQUEST_ID_HEADERS`] present in `headers` and readable as text.
pub fn request_id_from(headers: &HeaderMap) -> Option<&str> {
    RESPONSE_REQUEST_ID_HEADERS
        .iter()
        .find_map(|name| headers.get(*name)?.to_str().ok())
}

/// A version 4 UUID from `fastrand` (no OS randomness needed: ids correlate, they guard
/// nothing).
pub(super) fn random_request_id() -> HeaderValue {
    let id = uuid::Builder::from_random_bytes(fastrand::u128(..).to_le_bytes()).into_uuid();
    let mut text = [0u8; uuid::fmt::Hyphenated::LENGTH];
    let text = id.hyphenated().encode_lower(&mut text);
    HeaderValue::from_str(text).unwrap_or_else(|_| HeaderValue::from_static("invalid-request-id"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_are_uuids() {
        let a = random_request_id();
        let b = random_request_id();
        assert_ne!(a, b);
        let text = a.to_str().unwrap();
        assert_eq!(uuid::Uuid::parse_str(text).unwrap().get_version_num(), 4);
    }
}

//! Request ids: the one the client sends with every attempt of a call, and the one the
//! server may send back.

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::request::Request;
use super::send::Response;

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

impl<T> Response<T> {
    /// The request id the server sent back, if any: see [`request_id_from`].
    pub fn request_id(&self) -> Option<&str> {
        request_id_from(self.headers())
    }
}

impl Request {
    /// The id sent in the request id header on every attempt of this call: the caller's,
    /// else a new random UUID; `None` when the client sends none.
    pub(super) fn new_request_id(&self) -> Option<(HeaderName, HeaderValue)> {
        let name = self.client.inner.request_id_header.clone()?;
        // An id chosen for this call wins: the per-call option, else the operation's own
        // header parameter of that name (the description's, filled by the caller).
        let chosen = self.call_options().and_then(|o| o.request_id.clone());
        let from_parameter = || {
            self.headers
                .iter()
                .find(|(header, _)| *header == name)
                .map(|(_, value)| value.clone())
        };
        let value = chosen
            .or_else(from_parameter)
            .unwrap_or_else(random_request_id);
        Some((name, value))
    }
}

/// A version 4 UUID from `fastrand` (no OS randomness needed: ids correlate, they guard
/// nothing).
fn random_request_id() -> HeaderValue {
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

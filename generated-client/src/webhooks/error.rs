//! [`WebhookError`]: one variant per way a delivery can be refused.

use std::time::Duration;

/// Why a webhook delivery was refused, or a secret was not accepted.
///
/// No variant holds the secret or anything derived from it. Answer a delivery that fails
/// with any of these with a 4xx status (`400`/`401`): Dixa records it in the subscription's
/// delivery log.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The request has no `X-DIXA-SIGNATURE` header (or `None` was passed for it).
    #[error("the request has no X-DIXA-SIGNATURE header")]
    MissingSignature,
    /// The `X-DIXA-SIGNATURE` header is not `t=<epoch milliseconds>,v1=<64 hex digits>`.
    #[error("the X-DIXA-SIGNATURE header is malformed: {reason}")]
    MalformedSignature {
        /// What is wrong with it, e.g. "no `t=` part".
        reason: &'static str,
    },
    /// The subscription secret given to [`Secret::from_hex`](super::Secret::from_hex) is not
    /// hex. `reason` says where, never which characters.
    #[error("the webhook secret is not a hex-encoded key: {reason}")]
    InvalidSecret {
        /// What is wrong with it, e.g. "an odd number of hex digits".
        reason: String,
    },
    /// The signature matches, but was made longer ago than the tolerance: a replay, or
    /// a receiver whose clock is behind.
    #[error(
        "the webhook was signed at {signed_at}, {age:?} ago, more than the {tolerance:?} allowed \
         (a replayed delivery, or a clock out of sync)"
    )]
    StaleTimestamp {
        /// The `t` of the header.
        signed_at: jiff::Timestamp,
        /// How long before now.
        age: Duration,
        /// The allowed difference.
        tolerance: Duration,
    },
    /// The signature matches, but its `t` is further in the future than the tolerance:
    /// a clock out of sync, or a forged timestamp meant to outlive the replay window.
    #[error(
        "the webhook was signed at {signed_at}, {ahead:?} in the future, more than the \
         {tolerance:?} allowed (a clock out of sync?)"
    )]
    FutureTimestamp {
        /// The `t` of the header.
        signed_at: jiff::Timestamp,
        /// How far after now.
        ahead: Duration,
        /// The allowed difference.
        tolerance: Duration,
    },
    /// No `v1` signature of the header is the HMAC of this body with this secret: a wrong
    /// secret, a forged request, or a body that was changed (it must be the raw bytes as
    /// received, before any JSON parsing).
    #[error(
        "the X-DIXA-SIGNATURE does not match the body: a wrong secret, or a body that is not \
         the raw bytes Dixa sent"
    )]
    SignatureMismatch,
    /// The body is signed, but is not an event this crate can decode. `reason` names the
    /// JSON path and what was expected there.
    #[error("the webhook body does not decode: {reason}")]
    InvalidPayload {
        /// The JSON path and serde's message, e.g. "data.conversation.csid: invalid type: ...".
        reason: String,
    },
}

//! `X-DIXA-SIGNATURE: t=<epoch milliseconds>,v1=<hex>`: HMAC-SHA256 over `t`, `.` and the
//! raw body, keyed with the subscription's hex-decoded secret.
//!
//! HMAC-SHA256 comes from RustCrypto's `hmac` + `sha2` (pure Rust, no C build, unlike
//! `ring`, so the webhooks-only build stays small; `sha2` is already built for xtask), and
//! the comparison is `hmac`'s `verify_slice`, constant-time through `subtle`.

use super::WebhookError;
use hmac::{Hmac, KeyInit, Mac};
use jiff::Timestamp;
use sha2::Sha256;
use std::fmt;
use std::time::Duration;

type HmacSha256 = Hmac<Sha256>;

/// The header carrying the signature (lowercase: header names are case-insensitive).
pub const SIGNATURE_HEADER: &str = "x-dixa-signature";

/// The header naming the webhook subscription that sent the delivery.
pub const SUBSCRIPTION_ID_HEADER: &str = "x-dixa-subscription-id";

/// How far `t` may be from now, either way, unless [`Verifier::tolerance`] says otherwise:
/// five minutes, as Stripe and Svix do.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// The length of an HMAC-SHA256, in bytes.
const SIGNATURE_LEN: usize = 32;

/// A subscription's secret key (the hex string on the webhook's page in Dixa), decoded and
/// ready to key HMAC-SHA256. Its `Debug` prints `Secret(<redacted>)`.
#[derive(Clone)]
pub struct Secret {
    keyed: HmacSha256,
}

impl Secret {
    /// Decodes the hex-encoded secret; surrounding whitespace (a newline from a file or an
    /// environment variable) is ignored.
    pub fn from_hex(secret: &str) -> Result<Secret, WebhookError> {
        let invalid = |reason: String| WebhookError::InvalidSecret { reason };
        let key = hex::decode(secret.trim()).map_err(|error| {
            invalid(match error {
                hex::FromHexError::OddLength => "an odd number of hex digits".to_owned(),
                // The position only: the character would be part of the secret.
                hex::FromHexError::InvalidHexCharacter { index, .. } => {
                    format!("a character that is not a hex digit at position {index}")
                }
                hex::FromHexError::InvalidStringLength => "a wrong length".to_owned(),
            })
        })?;
        if key.is_empty() {
            return Err(invalid("it is empty".to_owned()));
        }
        let keyed = HmacSha256::new_from_slice(&key)
            .map_err(|_| invalid("a length HMAC-SHA256 refuses".to_owned()))?;
        Ok(Secret { keyed })
    }

    /// The `X-DIXA-SIGNATURE` value Dixa would send with `body` at `signed_at`, for
    /// testing a receiver: `t=<epoch milliseconds>,v1=<64 hex digits>`.
    pub fn sign(&self, body: &[u8], signed_at: Timestamp) -> String {
        let timestamp = signed_at.as_millisecond().to_string();
        let signature = self.mac(&timestamp, body).finalize().into_bytes();
        format!("t={timestamp},v1={}", hex::encode(signature))
    }

    /// HMAC-SHA256 over `timestamp`, `.`, `body`: the text of `t` exactly as sent.
    fn mac(&self, timestamp: &str, body: &[u8]) -> HmacSha256 {
        let mut mac = self.keyed.clone();
        mac.update(timestamp.as_bytes());
        mac.update(b".");
        mac.update(body);
        mac
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// Where a [`Verifier`] finds the `X-DIXA-SIGNATURE` value: the header's text (`&str`),
/// `Option<&str>` when the request may have none, or an [`http::HeaderMap`] (axum, hyper,
/// reqwest and tower use it). Any other framework: pass the header's text.
pub trait SignatureHeader {
    /// The header's value, `None` when the request has none.
    fn signature_header(&self) -> Result<Option<&str>, WebhookError>;
}

impl SignatureHeader for &str {
    fn signature_header(&self) -> Result<Option<&str>, WebhookError> {
        Ok(Some(self))
    }
}

impl SignatureHeader for &String {
    fn signature_header(&self) -> Result<Option<&str>, WebhookError> {
        Ok(Some(self.as_str()))
    }
}

impl SignatureHeader for Option<&str> {
    fn signature_header(&self) -> Result<Option<&str>, WebhookError> {
        Ok(*self)
    }
}

impl SignatureHeader for &http::HeaderMap {
    fn signature_header(&self) -> Result<Option<&str>, WebhookError> {
        let mut values = self.get_all(SIGNATURE_HEADER).iter();
        let Some(value) = values.next() else {
            return Ok(None);
        };
        if values.next().is_some() {
            return Err(malformed("the header is sent more than once"));
        }
        let value = value
            .to_str()
            .map_err(|_| malformed("the value is not visible ASCII"))?;
        Ok(Some(value))
    }
}

/// Checks deliveries against one subscription's secret: the signature, then the age of
/// its timestamp. `Clone` and cheap to share (put it in your server's state).
#[derive(Debug, Clone)]
pub struct Verifier {
    secret: Secret,
    tolerance: Duration,
}

impl Verifier {
    /// A verifier with the [`DEFAULT_TOLERANCE`] of five minutes.
    pub fn new(secret: Secret) -> Verifier {
        Verifier {
            secret,
            tolerance: DEFAULT_TOLERANCE,
        }
    }

    /// How far the signed timestamp may be from now, in the past (replays) or in the
    /// future (clock skew).
    pub fn tolerance(mut self, tolerance: Duration) -> Verifier {
        self.tolerance = tolerance;
        self
    }

    /// Checks that `body`, the raw request body, is signed with this secret less than the
    /// tolerance ago (or ahead), by the system clock.
    pub fn verify(&self, header: impl SignatureHeader, body: &[u8]) -> Result<(), WebhookError> {
        self.verify_at(header, body, Timestamp::now())
    }

    /// [`verify`](Self::verify) with the clock read as `now` (for tests, or a clock of
    /// your own).
    pub fn verify_at(
        &self,
        header: impl SignatureHeader,
        body: &[u8],
        now: Timestamp,
    ) -> Result<(), WebhookError> {
        let value = header
            .signature_header()?
            .ok_or(WebhookError::MissingSignature)?;
        let parsed = ParsedHeader::parse(value)?;
        // Authenticity first: a timestamp error then always means a genuine, badly timed
        // delivery, never a forgery.
        let genuine = parsed.signatures.iter().any(|signature| {
            self.secret
                .mac(parsed.timestamp_text, body)
                .verify_slice(signature)
                .is_ok()
        });
        if !genuine {
            return Err(WebhookError::SignatureMismatch);
        }
        self.check_freshness(parsed.signed_at, now)
    }

    /// [`verify`](Self::verify), then decodes the body as an [`Event`](super::Event).
    pub fn verify_event(
        &self,
        header: impl SignatureHeader,
        body: &[u8],
    ) -> Result<super::Event, WebhookError> {
        self.verify(header, body)?;
        super::Event::from_slice(body)
    }

    fn check_freshness(&self, signed_at: Timestamp, now: Timestamp) -> Result<(), WebhookError> {
        // Both are within jiff's range (about ±10,000 years), so the difference fits.
        let age_ms = now.as_millisecond() - signed_at.as_millisecond();
        let tolerance = self.tolerance;
        let tolerance_ms = i64::try_from(tolerance.as_millis()).unwrap_or(i64::MAX);
        if age_ms > tolerance_ms {
            return Err(WebhookError::StaleTimestamp {
                signed_at,
                age: Duration::from_millis(age_ms.unsigned_abs()),
                tolerance,
            });
        }
        if -age_ms > tolerance_ms {
            return Err(WebhookError::FutureTimestamp {
                signed_at,
                ahead: Duration::from_millis(age_ms.unsigned_abs()),
                tolerance,
            });
        }
        Ok(())
    }
}

/// The parts of an `X-DIXA-SIGNATURE` value.
struct ParsedHeader<'a> {
    /// `t` as sent: the signed text.
    timestamp_text: &'a str,
    signed_at: Timestamp,
    /// Every `v1` (more than one would let a sender rotate secrets).
    signatures: Vec<Vec<u8>>,
}

impl<'a> ParsedHeader<'a> {
    /// `t=<digits>,v1=<hex>` in any order, spaces around parts allowed; keys other than `t`
    /// and `v1` (a future `v2`) are ignored, as in Stripe's scheme, which Dixa's follows.
    fn parse(value: &'a str) -> Result<ParsedHeader<'a>, WebhookError> {
        if value.trim().is_empty() {
            return Err(malformed("the value is empty"));
        }
        let mut timestamp = None;
        let mut signatures = Vec::new();
        for part in value.split(',') {
            let Some((key, part_value)) = part.trim().split_once('=') else {
                return Err(malformed("a part is not `key=value`"));
            };
            match key {
                "t" if timestamp.is_some() => return Err(malformed("`t` is given twice")),
                "t" => timestamp = Some(parse_timestamp(part_value)?),
                "v1" => signatures.push(parse_signature(part_value)?),
                _ => {}
            }
        }
        let (timestamp_text, signed_at) = timestamp.ok_or(malformed("there is no `t=` part"))?;
        if signatures.is_empty() {
            return Err(malformed("there is no `v1=` part"));
        }
        Ok(ParsedHeader {
            timestamp_text,
            signed_at,
            signatures,
        })
    }
}

/// Epoch milliseconds: ASCII digits only (no sign, no spaces).
fn parse_timestamp(text: &str) -> Result<(&str, Timestamp), WebhookError> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed("`t` is not a number of milliseconds"));
    }
    let milliseconds: i64 = text.parse().map_err(|_| malformed("`t` is out of range"))?;
    let signed_at =
        Timestamp::from_millisecond(milliseconds).map_err(|_| malformed("`t` is out of range"))?;
    Ok((text, signed_at))
}

fn parse_signature(text: &str) -> Result<Vec<u8>, WebhookError> {
    let signature = hex::decode(text).map_err(|_| malformed("`v1` is not hex"))?;
    if signature.len() != SIGNATURE_LEN {
        return Err(malformed("`v1` is not 64 hex digits (an HMAC-SHA256)"));
    }
    Ok(signature)
}

fn malformed(reason: &'static str) -> WebhookError {
    WebhookError::MalformedSignature { reason }
}

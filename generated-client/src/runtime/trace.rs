//! Spans of every call (the `tracing` feature); without the feature, [`CallTrace`] is an
//! empty type whose methods do nothing, so the send path costs the same as before.
//!
//! The spans and their fields are listed in the runtime's documentation (`# Tracing`).
//!
//! A leaf of the runtime: it is given plain values (the `Operation`, the base URL's host, each
//! attempt's status, the call's outcome), never the call's `Request` or `Response`, so
//! `send.rs` calls it and it calls nothing above it.

#[cfg(feature = "tracing")]
pub(super) use enabled::CallTrace;

#[cfg(not(feature = "tracing"))]
pub(super) use disabled::CallTrace;

#[cfg(not(feature = "tracing"))]
mod disabled {
    use std::future::Future;
    use std::time::Duration;

    use reqwest::StatusCode;

    use super::super::error::Error;
    use super::super::operation::Operation;
    use super::super::transport::TransportError;

    /// Nothing to record without the `tracing` feature.
    pub(in super::super) struct CallTrace;

    impl CallTrace {
        #[inline(always)]
        pub(in super::super) fn start(_: &'static Operation, _: Option<&str>) -> Self {
            CallTrace
        }

        #[inline(always)]
        pub(in super::super) fn span(&self) -> CallSpan {
            CallSpan
        }

        /// The attempt itself (`start` makes its future): no wrapper, nothing added.
        #[inline(always)]
        pub(in super::super) fn attempt<R, F>(
            &mut self,
            _: u32,
            start: impl FnOnce() -> F,
            _: impl FnOnce(&R) -> StatusCode,
        ) -> F
        where
            F: Future<Output = Result<R, TransportError>>,
        {
            start()
        }

        #[inline(always)]
        pub(in super::super) fn rate_limit_wait<F: Future>(&mut self, wait: F) -> F {
            wait
        }

        #[inline(always)]
        pub(in super::super) fn retry_wait(&mut self, _: Duration) {}

        #[inline(always)]
        pub(in super::super) fn finish(&self, _: Result<StatusCode, &Error>) {}
    }

    pub(in super::super) struct CallSpan;

    impl CallSpan {
        #[inline(always)]
        pub(in super::super) fn run<F: Future>(self, call: F) -> F {
            call
        }
    }
}

#[cfg(feature = "tracing")]
mod enabled {
    use std::future::Future;
    use std::time::Duration;

    use futures_util::FutureExt;
    use reqwest::StatusCode;
    use tokio::time::Instant;
    use tracing::field::Empty;
    use tracing::{Instrument, Span};

    use super::super::error::{Error, ErrorKind};
    use super::super::operation::Operation;
    use super::super::transport::{TransportError, TransportErrorKind};

    /// The call span and what is summed up over its attempts.
    pub(in super::super) struct CallTrace {
        span: Span,
        method: &'static str,
        attempts: u32,
        retry_wait: Duration,
        rate_limit_wait: Duration,
    }

    impl CallTrace {
        /// Opens the call span of `op`, sent to the API at `host` (the base URL's).
        pub(in super::super) fn start(op: &'static Operation, host: Option<&str>) -> Self {
            let span = tracing::info_span!(
                "dixa.call",
                otel.name = %format_args!("{} {}", op.method, op.path),
                otel.kind = "client",
                otel.status_code = Empty,
                dixa.operation_id = op.id,
                http.request.method = op.method.as_str(),
                url.template = op.path,
                server.address = Empty,
                http.response.status_code = Empty,
                http.request.resend_count = Empty,
                dixa.attempts = Empty,
                dixa.retry_wait_ms = Empty,
                dixa.rate_limit_wait_ms = Empty,
                error.type = Empty,
            );
            if !span.is_disabled() {
                span.record("server.address", host);
            }
            CallTrace {
                span,
                method: op.method.as_str(),
                attempts: 0,
                retry_wait: Duration::ZERO,
                rate_limit_wait: Duration::ZERO,
            }
        }

        /// The call span, to run the call in.
        pub(in super::super) fn span(&self) -> CallSpan {
            CallSpan(self.span.clone())
        }

        /// Runs one attempt in its own span, started (`start` makes its future, which calls
        /// the transport) inside it, and records how it ended (`status_of` reads the status
        /// of its answer). Combinators rather than an `async` block, which would keep the
        /// attempt's future twice.
        pub(in super::super) fn attempt<R, F>(
            &mut self,
            number: u32,
            start: impl FnOnce() -> F,
            status_of: impl FnOnce(&R) -> StatusCode,
        ) -> impl Future<Output = Result<R, TransportError>>
        where
            F: Future<Output = Result<R, TransportError>>,
        {
            self.attempts = number;
            let span = tracing::debug_span!(
                parent: &self.span,
                "dixa.attempt",
                http.request.method = self.method,
                http.request.resend_count = number - 1,
                http.response.status_code = Empty,
                error.type = Empty,
            );
            let attempt = span.in_scope(start);
            attempt.instrument(span.clone()).map(move |answer| {
                match &answer {
                    Ok(response) => {
                        let status = status_of(response);
                        span.record("http.response.status_code", status.as_u16());
                        if !status.is_success() {
                            span.record("error.type", status.as_str());
                        }
                    }
                    Err(e) => {
                        span.record("error.type", transport_error_type(e.kind()));
                    }
                }
                answer
            })
        }

        pub(in super::super) fn rate_limit_wait<F: Future>(
            &mut self,
            wait: F,
        ) -> impl Future<Output = F::Output> {
            let started = Instant::now();
            wait.map(move |taken| {
                self.rate_limit_wait += started.elapsed();
                taken
            })
        }

        pub(in super::super) fn retry_wait(&mut self, delay: Duration) {
            self.retry_wait += delay;
        }

        /// Records how the call ended: the status of its answer, or its error.
        pub(in super::super) fn finish(&self, outcome: Result<StatusCode, &Error>) {
            let span = &self.span;
            if span.is_disabled() {
                return;
            }
            span.record("dixa.attempts", self.attempts);
            span.record("http.request.resend_count", self.attempts.saturating_sub(1));
            span.record("dixa.retry_wait_ms", millis(self.retry_wait));
            span.record("dixa.rate_limit_wait_ms", millis(self.rate_limit_wait));
            match outcome {
                Ok(status) => {
                    span.record("http.response.status_code", status.as_u16());
                }
                Err(error) => {
                    if let Some(status) = error.status() {
                        span.record("http.response.status_code", status.as_u16());
                    }
                    span.record("error.type", error_type(error));
                    span.record("otel.status_code", "ERROR");
                }
            }
        }
    }

    pub(in super::super) struct CallSpan(Span);

    impl CallSpan {
        pub(in super::super) fn run<F: Future>(
            self,
            call: F,
        ) -> tracing::instrument::Instrumented<F> {
            call.instrument(self.0)
        }
    }

    fn millis(d: Duration) -> u64 {
        u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
    }

    /// OpenTelemetry's `error.type`: the status code for an error answer, else a short
    /// name of what failed.
    fn error_type(error: &Error) -> String {
        match error.kind() {
            ErrorKind::Status { status, .. } => status.as_str().to_owned(),
            ErrorKind::Timeout { .. } => "timeout".to_owned(),
            ErrorKind::Connect { .. } => "connect".to_owned(),
            ErrorKind::Transport { .. } => "transport".to_owned(),
            ErrorKind::Decode { .. } => "decode".to_owned(),
            ErrorKind::BodyTooLarge { .. } => "body_too_large".to_owned(),
            ErrorKind::Pagination(_) => "pagination".to_owned(),
            ErrorKind::InvalidRequest(_) => "invalid_request".to_owned(),
            ErrorKind::Config(_) => "config".to_owned(),
            ErrorKind::RateLimiterUnavailable(_) => "rate_limiter_unavailable".to_owned(),
        }
    }

    fn transport_error_type(kind: TransportErrorKind) -> &'static str {
        match kind {
            TransportErrorKind::Timeout => "timeout",
            TransportErrorKind::Connect => "connect",
            TransportErrorKind::BodyTooLarge => "body_too_large",
            _ => "transport",
        }
    }
}

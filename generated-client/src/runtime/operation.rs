//! What the description says about an operation ([`Operation`], [`Method`]), and what
//! every generated request builder has in common: `send`, `send_with_response` and
//! `IntoFuture` (so `.await` sends), written once here by `operation_sends!` instead of
//! 123 times in the generated code.

use std::fmt;

/// The HTTP method of an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Head,
    Options,
}

impl Method {
    /// GET, PUT, DELETE, HEAD and OPTIONS (RFC 9110 §9.2.2).
    pub const fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post | Method::Patch)
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
        }
    }

    pub(super) fn to_reqwest(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
            Method::Head => reqwest::Method::HEAD,
            Method::Options => reqwest::Method::OPTIONS,
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the description says about one operation: its `operationId`, method, path
/// template and whether it is idempotent. A [`Transport`](super::Transport) sees it as
/// [`HttpRequest::operation`](super::HttpRequest::operation); errors name its `id`.
///
/// ```
/// # use dixa_client::runtime::{Method, Operation};
/// # static GET_AGENT: Operation =
/// #     Operation::new("getAgentsAgentid", Method::Get, "/v1/agents/{agentId}");
/// # let operation = &GET_AGENT;
/// // e.g. in a `Transport`: `let operation = request.operation;`
/// let label = format!("{} {} ({})", operation.method, operation.path, operation.id);
/// assert_eq!(label, "GET /v1/agents/{agentId} (getAgentsAgentid)");
/// assert!(operation.idempotent); // GET: retried after a 5xx or a timeout
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operation {
    /// The `operationId`: named in every error.
    pub id: &'static str,
    pub method: Method,
    /// The path template, `{name}` for each path parameter.
    pub path: &'static str,
    /// Whether sending it twice does no more than sending it once; decides retries.
    pub idempotent: bool,
}

impl Operation {
    /// An operation whose idempotency follows its method.
    ///
    /// Not part of the stable API: generator machinery (see `dixa_client::__private`); it may
    /// change in any release.
    #[doc(hidden)]
    pub const fn new(id: &'static str, method: Method, path: &'static str) -> Self {
        Operation {
            id,
            method,
            path,
            idempotent: method.is_idempotent(),
        }
    }

    /// Overrides the idempotency the method implies.
    ///
    /// Not part of the stable API: generator machinery (see `dixa_client::__private`); it may
    /// change in any release.
    #[doc(hidden)]
    pub const fn with_idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = idempotent;
        self
    }
}

/// Implements the sending side of a generated request builder that has a private
/// `fn request(self) -> Request`.
///
/// `json`: a 2xx answer with a body decoded as `$output`; `bytes`: the body as sent
/// (`Bytes`, for answers that are not JSON); `empty`: a bodiless answer (`()`).
///
/// The methods are `#[inline]`: the decoding of an answer type (a serde_json
/// instantiation of every type it reaches) is then compiled in the crate that calls the
/// operation, for the operations it calls, instead of for all of them in dixa-client.
///
/// Not part of the stable API: generator machinery (see `dixa_client::__private`); it may
/// change in any release.
#[macro_export]
#[doc(hidden)]
macro_rules! operation_sends {
    ($builder:ident => $output:ty, json) => {
        $crate::operation_sends!(@impl $builder, $output, send_json, send_json_with_response);
    };
    ($builder:ident => $output:ty, bytes) => {
        $crate::operation_sends!(@impl $builder, $output, send_bytes, send_bytes_with_response);
    };
    ($builder:ident => $output:ty, empty) => {
        $crate::operation_sends!(@impl $builder, $output, send_empty, send_empty_with_response);
    };
    (@impl $builder:ident, $output:ty, $send:ident, $send_with_response:ident) => {
        impl $builder {
            /// Per-call options for this call only: headers, timeout, retries, idempotency,
            /// request id (see [`CallOptions`]($crate::runtime::CallOptions)).
            #[inline]
            pub fn options(
                mut self,
                options: impl FnOnce($crate::runtime::CallOptions) -> $crate::runtime::CallOptions,
            ) -> Self {
                self.client = self.client.with_options(options);
                self
            }

            /// Sends the request and decodes the answer (the same as `.await` on the builder).
            #[inline]
            pub fn send(self) -> $crate::runtime::ResponseFuture<$output> {
                self.request().$send()
            }

            /// Sends the request; the answer comes with its status and headers.
            #[inline]
            pub fn send_with_response(
                self,
            ) -> $crate::runtime::ResponseFuture<$crate::runtime::Response<$output>> {
                self.request().$send_with_response()
            }
        }

        impl ::std::future::IntoFuture for $builder {
            type Output = ::std::result::Result<$output, $crate::Error>;
            type IntoFuture = $crate::runtime::ResponseFuture<$output>;

            #[inline]
            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_idempotency() {
        assert!(Operation::new("a", Method::Put, "/").idempotent);
        assert!(!Operation::new("a", Method::Post, "/").idempotent);
        assert!(
            Operation::new("a", Method::Post, "/")
                .with_idempotent(true)
                .idempotent
        );
    }
}

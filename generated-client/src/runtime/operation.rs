//! What every generated request builder has in common: `send`, `send_with_response` and
//! `IntoFuture` (so `.await` sends). Only the answer type and whether it has a body
//! differ, so they are written once here instead of 123 times in the generated code.

/// Implements the sending side of a generated request builder that has a private
/// `fn request(self) -> Request`.
///
/// `json`: a 2xx answer with a body decoded as `$output`; `bytes`: the body as sent
/// (`Bytes`, for answers that are not JSON); `empty`: a bodiless answer (`()`).
///
/// The methods are `#[inline]`: the decoding of an answer type (a serde_json
/// instantiation of every type it reaches) is then compiled in the crate that calls the
/// operation, for the operations it calls, instead of for all of them in dixa-client.
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

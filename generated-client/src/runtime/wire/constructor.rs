//! How users build the generated structs: [`struct_constructor!`](crate::struct_constructor).
//!
//! Every generated struct is `#[non_exhaustive]`, so a field Dixa adds to its description
//! is not a breaking change of this crate: code outside it cannot write a struct literal,
//! and builds values with `new` (the required fields) and one chainable method per
//! optional field instead:
//!
//! ```
//! use dixa_client::v1::models::CreateAgentInput;
//!
//! let agent = CreateAgentInput::new("Jane Doe", "jane@example.com")
//!     .phone_number("+4512345678")
//!     .additional_emails(["jane.doe@example.com".to_string()]);
//! assert_eq!(agent.first_name, None);
//! ```

/// The constructor and the optional fields' setters of a generated struct:
///
/// ```ignore
/// crate::struct_constructor!(
///     CreateAgentInput,
///     [(display_name, String), (email, String)],
///     [(phone_number, String), (additional_emails, Vec::<String>)],
/// );
/// ```
///
/// Types are written with turbofish generics so that the call is also an expression
/// that rustfmt formats.
///
/// - `new` takes the required fields in the description's order, each as `impl Into<T>`,
///   and leaves every optional field `None`;
/// - each optional field gets a method of its own name that sets it to `Some(value)`.
///
/// Not part of the stable API: generator machinery (see `dixa_client::__private`); it may
/// change in any release.
#[macro_export]
#[doc(hidden)]
macro_rules! struct_constructor {
    ($name:ident, [$(($required:ident, $required_ty:ty)),* $(,)?], [$(($optional:ident, $optional_ty:ty)),* $(,)?] $(,)?) => {
        #[allow(clippy::should_implement_trait)]
        impl $name {
            /// A value with the required fields given and every optional field `None`;
            /// set optional fields with the methods of the same name.
            #[allow(clippy::too_many_arguments, clippy::new_without_default)]
            pub fn new($($required: impl Into<$required_ty>),*) -> Self {
                Self {
                    $($required: $required.into(),)*
                    $($optional: None,)*
                }
            }

            $(
                #[doc = concat!("Sets `", stringify!($optional), "` (an optional field).")]
                #[must_use]
                pub fn $optional(mut self, value: impl Into<$optional_ty>) -> Self {
                    self.$optional = Some(value.into());
                    self
                }
            )*
        }
    };
}

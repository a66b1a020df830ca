//! A generated union's conveniences, derived from its one declaration
//! ([`tagged_union!`](crate::tagged_union), [`untagged_union!`](crate::untagged_union)) by
//! [`union_api!`](crate::union_api): a `From` impl per payload, the short constructors and
//! the shared-field accessors.

/// The conveniences of a generated union, from the facts its declaration states once:
///
/// ```ignore
/// crate::tagged_union! {
///     /// One of 3 kinds, ...
///     #[accessor(of(Email, Chat(optional)), subject = &str)]
///     #[accessor(of(Email(optional, nullable), Chat(nullable)), tags = &[Tag])]
///     #[accessor(of(Email(optional), Chat), conversation_id = i64, sender = &Sender)]
///     pub enum Channel {
///         Email(#[new(email(subject = String))] Email) = "Email",
///         Chat(Chat) = "Chat",
///         Forwarded(#[without_from] Email) = "Forwarded",
///     }
/// }
/// ```
///
/// - Each payload gets `impl From<Payload> for Union` unless it is marked
///   `#[without_from]` (a payload two variants share, or a type alias).
/// - A payload marked `#[new(method(argument = Type))]` (before `#[without_from]`) gets a
///   short constructor: `pub fn method(argument: impl Into<Type>) -> Self`, which is
///   `Self::Variant(Payload::new(argument))`. The payload's `new` takes that one argument.
/// - `#[accessor(of(Variant, ...), field = Answer, ...)]` on the enum: for each field,
///   `pub fn field(&self) -> Option<Answer>`, the payload's `field` for the variants
///   listed, `None` for the others and for `Unknown`. Each listed variant says how its
///   payload holds the fields of the row: bare when it is `T`, `(optional)` or
///   `(nullable)` when it is `Option<T>`, `(optional, nullable)` when it is
///   `Option<Option<T>>`; fields the same variants hold the same way share a row. The
///   answer says how it is lent: `&str` for a `String`, `&[Item]` for a `Vec<Item>`, `&T`
///   for any other type, and a type without `&` (numbers, flags, ids) by value.
///
/// The methods go in one `impl` block; the docs name the variants. The union macros call
/// this one with their variants and accessor table, each payload with its markers:
///
/// ```ignore
/// crate::union_api!(
///     Channel,
///     [[of(Email, Chat(optional)), subject = &str]],
///     [Email(#[new(email(subject = String))] Email), Chat(Chat), NoAuth],
/// );
/// ```
///
/// Not part of the stable API: generator machinery (see `dixa_client::__private`); it may
/// change in any release.
#[macro_export]
#[doc(hidden)]
macro_rules! union_api {
    (
        $name:ident,
        [$([$($accessor:tt)*]),* $(,)?],
        [$($variant:ident $(($(#[$($mark:tt)*])* $payload:ident))?),* $(,)?] $(,)?
    ) => {
        $($($crate::union_api!(@from $name $variant $payload $(#[$($mark)*])*);)?)*

        impl $name {
            $($($crate::union_api!(@new $name $variant $payload $(#[$($mark)*])*);)?)*
            $($crate::union_api!(@accessor $($accessor)*);)*
        }
    };

    (@from $name:ident $variant:ident $payload:ident $(#[new $new:tt])? #[without_from]) => {};
    (@from $name:ident $variant:ident $payload:ident $(#[new $new:tt])?) => {
        impl From<$payload> for $name {
            fn from(value: $payload) -> Self {
                Self::$variant(value)
            }
        }
    };

    (
        @new $name:ident $variant:ident $payload:ident
        #[new($method:ident($argument:ident = $ty:ty))] $(#[without_from])?
    ) => {
        #[doc = concat!(
            " `", stringify!($name), "::", stringify!($variant),
            "` from its one required field, `", stringify!($argument),
            "` (set the others on [`", stringify!($payload),
            "`] first and convert it with `.into()`)."
        )]
        pub fn $method($argument: impl Into<$ty>) -> Self {
            Self::$variant($payload::new($argument))
        }
    };
    (@new $name:ident $variant:ident $payload:ident $(#[without_from])?) => {};

    // A row of the table: the variants that hold the fields, then each field with its
    // answer, whose form chooses how each variant's field is lent.
    (@accessor of $holders:tt $(,)?) => {};
    (@accessor of $holders:tt, $field:ident = &str $(, $($rest:tt)*)?) => {
        $crate::union_api!(@getter $field, &str, [as_str], $holders);
        $crate::union_api!(@accessor of $holders $(, $($rest)*)?);
    };
    (@accessor of $holders:tt, $field:ident = &[$item:ty] $(, $($rest:tt)*)?) => {
        $crate::union_api!(@getter $field, &[$item], [as_slice], $holders);
        $crate::union_api!(@accessor of $holders $(, $($rest)*)?);
    };
    (@accessor of $holders:tt, $field:ident = &$answer:ty $(, $($rest:tt)*)?) => {
        $crate::union_api!(@getter $field, &$answer, by_ref, $holders);
        $crate::union_api!(@accessor of $holders $(, $($rest)*)?);
    };
    (@accessor of $holders:tt, $field:ident = $answer:ty $(, $($rest:tt)*)?) => {
        $crate::union_api!(@getter $field, $answer, by_value, $holders);
        $crate::union_api!(@accessor of $holders $(, $($rest)*)?);
    };
    (
        @getter $field:ident, $answer:ty, $lend:tt,
        ($($variant:ident $(($($held:ident),+))?),+ $(,)?)
    ) => {
        #[doc = concat!(
            " The `", stringify!($field), "` of ", $crate::union_api!(@list $($variant)+),
            "; `None` for the other variants and for `Unknown`."
        )]
        pub fn $field(&self) -> Option<$answer> {
            match self {
                $(Self::$variant(v) => $crate::union_api!(@read $lend v.$field $($($held)+)?),)+
                _ => None,
            }
        }
    };

    // `v.field` as `Option<answer>`, by how the field is held: `T`, `Option<T>` (optional
    // or nullable) or `Option<Option<T>>` (both).
    (@read by_ref $v:ident.$field:ident) => { Some(&$v.$field) };
    (@read by_ref $v:ident.$field:ident optional nullable) => {
        $v.$field.as_ref().and_then(Option::as_ref)
    };
    (@read by_ref $v:ident.$field:ident optional) => { $v.$field.as_ref() };
    (@read by_ref $v:ident.$field:ident nullable) => { $v.$field.as_ref() };
    (@read [$borrow:ident] $v:ident.$field:ident) => { Some($v.$field.$borrow()) };
    (@read [$borrow:ident] $v:ident.$field:ident optional nullable) => {
        $v.$field.as_ref().and_then(|f| f.as_deref())
    };
    (@read [$borrow:ident] $v:ident.$field:ident optional) => { $v.$field.as_deref() };
    (@read [$borrow:ident] $v:ident.$field:ident nullable) => { $v.$field.as_deref() };
    (@read by_value $v:ident.$field:ident) => { Some($v.$field) };
    (@read by_value $v:ident.$field:ident optional nullable) => { $v.$field.flatten() };
    (@read by_value $v:ident.$field:ident optional) => { $v.$field };
    (@read by_value $v:ident.$field:ident nullable) => { $v.$field };

    // `` `A`, `B`, `C` ``: the variants, for a doc.
    (@list $first:ident $($rest:ident)*) => {
        concat!("`", stringify!($first), "`" $(, ", `", stringify!($rest), "`")*)
    };
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    crate::model_struct! {
        pub struct Email {
            #[required = "subject"]
            pub subject: String,
            #[optional = "tags"]
            pub tags: Option<Option<Vec<String>>>,
            #[optional = "conversationId"]
            pub conversation_id: Option<i64>,
            #[optional = "sender"]
            pub sender: Option<Sender>,
        }
    }

    crate::model_struct! {
        pub struct Chat {
            #[optional = "subject"]
            pub subject: Option<String>,
            #[required = "tags"]
            pub tags: Option<Vec<String>>,
            #[required = "conversationId"]
            pub conversation_id: i64,
            #[required = "sender"]
            pub sender: Sender,
        }
    }

    crate::model_struct! {
        pub struct Sender {
            #[required = "name"]
            pub name: String,
        }
    }

    crate::tagged_union! {
        #[accessor(of(Email, Chat(optional)), subject = &str)]
        #[accessor(of(Email(optional, nullable), Chat(nullable)), tags = &[String])]
        #[accessor(of(Email(optional), Chat), conversation_id = i64, sender = &Sender)]
        pub enum Channel {
            Email(#[new(email(subject = String))] Email) = "Email",
            Chat(Chat) = "Chat",
            Forwarded(#[without_from] Email) = "Forwarded",
            NoAuth = "NoAuth",
        }
    }

    #[test]
    fn a_short_constructor_builds_the_variant_from_the_payloads_one_argument() {
        let email = Channel::email("Hi");
        assert_eq!(email, Channel::Email(Email::new("Hi")));
        assert_eq!(Channel::from(Email::new("Hi")), email);
    }

    #[test]
    fn accessors_lend_the_field_of_each_variant_that_holds_it_and_none_for_the_others() {
        let email = Channel::from(
            Email::new("Hi")
                .tags(Some(vec!["a".to_string()]))
                .conversation_id(7)
                .sender(Sender::new("Ann")),
        );
        assert_eq!(email.subject(), Some("Hi"));
        assert_eq!(email.tags(), Some(["a".to_string()].as_slice()));
        assert_eq!(email.conversation_id(), Some(7));
        assert_eq!(email.sender(), Some(&Sender::new("Ann")));

        let chat = Channel::from(Chat::new(None::<Vec<String>>, 8, Sender::new("Bo")));
        assert_eq!(chat.subject(), None);
        assert_eq!(chat.tags(), None);
        assert_eq!(chat.conversation_id(), Some(8));
        assert_eq!(chat.sender(), Some(&Sender::new("Bo")));
        let chat = Channel::from(Chat::new(Some(vec![]), 9, Sender::new("Cy")).subject("Yo"));
        assert_eq!(chat.subject(), Some("Yo"));
        assert_eq!(chat.tags(), Some([].as_slice()));

        let decoded: Channel = serde_json::from_value(json!({
            "_type": "Email", "subject": "Hi", "tags": null, "conversationId": 7
        }))
        .unwrap();
        assert_eq!(decoded.tags(), None);
        assert_eq!(decoded.sender(), None);

        for other in [
            Channel::NoAuth,
            Channel::Unknown(json!({"_type": "Pigeon"})),
        ] {
            assert_eq!(other.subject(), None);
            assert_eq!(other.conversation_id(), None);
        }
        // A variant not listed answers `None`, even with a payload that has the field.
        let forwarded = Channel::Forwarded(Email::new("Fwd"));
        assert_eq!(forwarded.subject(), None);
    }
}

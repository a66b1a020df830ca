//! Open string enums: [`string_enum!`](crate::string_enum) declares one from its values,
//! each written once with its wire form; the enum lists the known values plus
//! `Unknown(String)`, and gets `as_str`, `From<&str>` and the serde, `Display` and
//! `FromStr` impls that are the same for all of them ([`string_enum_impls!`](crate::string_enum_impls)).

/// An open string enum, declared once: the enum, `as_str`, `From<&str>`, and
/// [`string_enum_impls!`](crate::string_enum_impls)'s serde, `Display` and `FromStr`:
///
/// ```ignore
/// crate::string_enum! {
///     /// `open`, `on-hold` on the wire; ...
///     pub enum Status {
///         Open = "open",
///         /// `on-hold`
///         OnHold = "on-hold",
///     }
/// }
/// ```
///
/// Each value is `Variant = "wire form"`, with its attributes (docs). The enum gets
/// `#[derive(Debug, Clone, PartialEq, Eq, Hash)]`, `#[non_exhaustive]` and a last variant
/// `Unknown(String)`: any other text decodes into it and is encoded back unchanged. An
/// enum of a union's tags starts with `#[tags]`, which only changes `Unknown`'s doc.
///
/// One arm does the work, without recursion: a macro call per enum, whatever its size.
///
/// Not part of the stable API: generator machinery (see `dixa_client::__private`); it may
/// change in any release.
#[macro_export]
#[doc(hidden)]
macro_rules! string_enum {
    (#[tags] $($declaration:tt)*) => {
        $crate::string_enum!(
            @unknown " A tag this version of the crate does not know, as sent."
            $($declaration)*
        );
    };
    (
        @unknown $unknown_doc:literal
        $(#[$attr:meta])*
        pub enum $name:ident {
            $($(#[$value_attr:meta])* $value:ident = $wire:literal,)*
        }
    ) => {
        $(#[$attr])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$value_attr])* $value,)*
            #[doc = $unknown_doc]
            Unknown(String),
        }

        impl $name {
            /// The value as it goes on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$value => $wire,)*
                    Self::Unknown(other) => other,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$value,)*
                    other => Self::Unknown(other.to_string()),
                }
            }
        }

        $crate::string_enum_impls!($name);
    };
    ($($declaration:tt)*) => {
        $crate::string_enum!(
            @unknown " A value this version of the crate does not know, as sent."
            $($declaration)*
        );
    };
}

/// Implements `Serialize`, `Deserialize`, `Display` and `FromStr` for a generated
/// open string enum that has `fn as_str(&self) -> &str` and `From<&str>`.
///
/// Not part of the stable API: generator machinery (see `dixa_client::__private`); it may
/// change in any release.
#[macro_export]
#[doc(hidden)]
macro_rules! string_enum_impls {
    ($name:ident) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                match deserializer
                    .deserialize_str($crate::runtime::wire::StrVisitor::new(stringify!($name)))
                {
                    Ok($name::Unknown(value)) => {
                        $crate::runtime::wire::drift::unknown_enum_value(stringify!($name), &value);
                        Ok($name::Unknown(value))
                    }
                    other => other,
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(s))
            }
        }
    };
}

/// Visits a string into any `T: From<&str>`; unknown values are the enum's business.
pub struct StrVisitor<T> {
    name: &'static str,
    marker: std::marker::PhantomData<fn() -> T>,
}

impl<T> StrVisitor<T> {
    pub fn new(name: &'static str) -> Self {
        StrVisitor {
            name,
            marker: std::marker::PhantomData,
        }
    }
}

impl<T: for<'a> From<&'a str>> serde::de::Visitor<'_> for StrVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a string ({})", self.name)
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
        Ok(T::from(v))
    }
}

#[cfg(test)]
mod tests {
    crate::string_enum! {
        /// A status.
        pub enum Status {
            Open = "open",
            /// `on-hold`
            OnHold = "on-hold",
        }
    }

    crate::string_enum! {
        #[tags]
        pub enum Kind {
            Email = "Email",
        }
    }

    #[test]
    fn each_value_reads_and_writes_its_wire_form_and_others_are_kept() {
        for (value, wire) in [(Status::Open, "open"), (Status::OnHold, "on-hold")] {
            assert_eq!(value.as_str(), wire);
            assert_eq!(Status::from(wire), value);
            assert_eq!(
                serde_json::to_string(&value).unwrap(),
                format!("\"{wire}\"")
            );
        }
        let later: Status = serde_json::from_str("\"closed\"").unwrap();
        assert_eq!(later, Status::Unknown("closed".into()));
        assert_eq!(serde_json::to_string(&later).unwrap(), "\"closed\"");
        assert_eq!("Email".parse::<Kind>().unwrap(), Kind::Email);
        assert_eq!(Kind::from("Sms").to_string(), "Sms");
    }
}

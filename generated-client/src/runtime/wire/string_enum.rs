//! Open string enums: the generated enum lists the known values plus
//! `Unknown(String)`, and implements `as_str` / `From<&str>`; this macro adds the
//! serde, `Display` and `FromStr` impls that are the same for all of them.

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

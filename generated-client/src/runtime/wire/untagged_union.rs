//! The generated untagged unions: [`untagged_union!`](crate::untagged_union), one
//! declaration per union in which each variant and the key that picks it are written once.

/// A generated untagged union, declared once: the `enum` (encoded as its variant's payload,
/// without a tag), a `Deserialize` that picks the variant by a key only it has, and the
/// conveniences [`union_api!`](crate::union_api) derives from the same declaration
/// (`From<Payload>`, short constructors, accessors):
///
/// ```ignore
/// crate::untagged_union! {
///     /// One of 2 shapes, ...
///     #[accessor(of(ByCsid(optional), ByPeriod(optional)), aggregations = &[Aggregation])]
///     pub enum MetricInput {
///         ByCsid(CsidFilter) = "csidFilter",
///         ByPeriod(PeriodFilter) = "periodFilter",
///     }
/// }
/// ```
///
/// - `Variant(Payload) = "key"`: decoded as `Payload` when the object has `key`; the keys
///   are tried in the order written. The payload may carry `union_api!`'s markers
///   (`#[new(...)]`, `#[without_from]`).
///
/// The enum's attributes are its docs, `#[deprecated ...]` if it is, then the
/// `#[accessor(...)]` table. It gets `#[derive(Debug, Clone, PartialEq, Serialize)]`,
/// `#[serde(untagged)]`, `#[non_exhaustive]` and a last variant
/// `Unknown(serde_json::Value)`: a value with none of the keys decodes into it, as sent,
/// and is encoded back unchanged.
///
/// Not part of the stable API: generator machinery (see `dixa_client::__private`); it may
/// change in any release.
#[macro_export]
#[doc(hidden)]
macro_rules! untagged_union {
    (
        $(#[doc = $doc:literal])*
        $(#[deprecated $($deprecation:tt)*])?
        $(#[accessor($($accessor:tt)*)])*
        pub enum $name:ident {
            $(
                $(#[doc = $variant_doc:literal])*
                $variant:ident($(#[$($mark:tt)*])* $payload:ident $(,)?) = $key:literal,
            )*
        }
    ) => {
        $(#[doc = $doc])*
        $(#[deprecated $($deprecation)*])?
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
        #[non_exhaustive]
        #[serde(untagged)]
        pub enum $name {
            $($(#[doc = $variant_doc])* $variant($payload),)*
            /// A shape this version of the crate does not know: the value as sent.
            Unknown(serde_json::Value),
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                use ::serde::de::Error as _;
                let value = <serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                $(
                    if value.get($key).is_some() {
                        return serde_json::from_value(value)
                            .map(Self::$variant)
                            .map_err(D::Error::custom);
                    }
                )*
                Ok(Self::Unknown(value))
            }
        }

        $crate::union_api!(
            $name,
            [$([$($accessor)*]),*],
            [$($variant($(#[$($mark)*])* $payload)),*],
        );
    };
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    crate::model_struct! {
        pub struct ByCsid {
            #[required = "csidFilter"]
            pub csid_filter: String,
            #[optional = "limit"]
            pub limit: Option<i64>,
        }
    }

    crate::model_struct! {
        pub struct ByPeriod {
            #[required = "periodFilter"]
            pub period_filter: String,
            #[optional = "limit"]
            pub limit: Option<i64>,
        }
    }

    crate::untagged_union! {
        #[accessor(of(ByCsid(optional), ByPeriod(optional)), limit = i64)]
        pub enum MetricInput {
            ByCsid(#[new(by_csid(csid_filter = String))] ByCsid) = "csidFilter",
            ByPeriod(ByPeriod) = "periodFilter",
        }
    }

    #[test]
    fn the_key_only_one_variant_has_picks_it_and_encoding_writes_the_payload_alone() {
        let period = json!({"periodFilter": "week", "limit": 3});
        let decoded: MetricInput = serde_json::from_value(period.clone()).unwrap();
        assert_eq!(decoded, MetricInput::from(ByPeriod::new("week").limit(3)),);
        assert_eq!(decoded.limit(), Some(3));
        assert_eq!(serde_json::to_value(&decoded).unwrap(), period);
        assert_eq!(
            serde_json::to_value(MetricInput::by_csid("c1")).unwrap(),
            json!({"csidFilter": "c1"})
        );
        let csid = MetricInput::from(ByCsid::new("c1").limit(2));
        assert_eq!(csid.limit(), Some(2));
        assert_eq!(
            serde_json::to_value(&csid).unwrap(),
            json!({"csidFilter": "c1", "limit": 2})
        );
    }

    #[test]
    fn a_value_with_none_of_the_keys_is_kept_as_sent() {
        let odd = json!({"hourFilter": 2});
        let decoded: MetricInput = serde_json::from_value(odd.clone()).unwrap();
        assert_eq!(decoded, MetricInput::Unknown(odd.clone()));
        assert_eq!(serde_json::to_value(&decoded).unwrap(), odd);
    }

    #[test]
    fn a_payload_that_does_not_decode_is_an_error() {
        let err = serde_json::from_value::<MetricInput>(json!({"csidFilter": 1})).unwrap_err();
        assert!(err.to_string().contains("invalid type"), "{err}");
    }
}

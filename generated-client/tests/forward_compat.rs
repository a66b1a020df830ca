//! Wire shapes no example in the descriptions shows, but Dixa will send one day: new
//! union variants, new enum values, other zoned timestamps, `null`s, big ids. Each must
//! decode without failing and re-encode to what was received, in every API version (the
//! same cases, `tests/forward_compat/cases.rs`, against each version's models).

mod v1 {
    use dixa_client::v1::models;
    include!("forward_compat/cases.rs");
}

mod beta {
    use dixa_client::beta::models;
    include!("forward_compat/cases.rs");
}

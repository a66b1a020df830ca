//! Tagged unions: the runtime reads the tag key the generator decided on.

#[test]
fn the_runtime_and_the_generator_agree_on_the_tag_key() {
    assert_eq!(
        dixa_client::runtime::wire::TAG_KEY,
        dixa_codegen::conventions::TAG_KEY
    );
}

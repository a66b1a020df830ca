//! The code generated for `codegen/tests/fixtures/query_filters.yaml`: a query built
//! with the struct conveniences (a constructor per mode, rules from subjects, short value
//! enums) is the fixture's example body, byte for byte.

use dixa_fixture_models::query_filters::{
    PriorityOperator, PriorityValue, Rule, Subject, TeamOperator, TeamValue, TicketFilters,
    TicketQuery,
};

#[test]
fn a_query_built_like_it_reads_is_the_example_body() {
    let filters = TicketFilters::every([
        Subject::priority(PriorityOperator::any_of([PriorityValue::High])),
        Subject::team(TeamOperator::none_of([
            TeamValue::Billing,
            TeamValue::Sales,
        ])),
    ]);
    let query = TicketQuery::new().text("printer").filters(filters);
    let sent = serde_json::to_string(&query).expect("encodes");
    assert_eq!(
        sent,
        r#"{"text":"printer","filters":{"mode":"Every","rules":[{"subject":{"_type":"Priority","operator":{"_type":"AnyOf","values":["high"]}}},{"subject":{"_type":"Team","operator":{"_type":"NoneOf","values":["billing","sales"]}}}]}}"#
    );
}

#[test]
fn rules_convert_from_subjects_and_the_words_rule_names_still_compile() {
    let subject = Subject::priority(PriorityOperator::none_of([PriorityValue::Low]));
    let rule: Rule = subject.clone().into();
    assert_eq!(rule, Rule::new(subject));
    assert_eq!(
        TicketFilters::some(Vec::<Rule>::new()).rules,
        Some(Vec::new())
    );

    // The name the shared-enum words rule gave is the same enum, values and `use` too.
    use dixa_fixture_models::query_filters::PriorityOperatorOfValues::{self, High};
    let old: PriorityOperatorOfValues = High;
    assert_eq!(old, PriorityValue::High);
}

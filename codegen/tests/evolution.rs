//! The API change report classifies every kind of description change the way users of
//! the generated crate experience it: each mutation of the catalogue
//! (`dixa_codegen::evolution::catalogue`) is generated before and after, and the report
//! must name it with the expected impact. `cargo xtask semver` checks the same catalogue
//! with cargo-semver-checks.

use dixa_codegen::evolution::catalogue::{self, Mutation};
use dixa_codegen::evolution::{Change, Impact, Surface, compare};

fn surface_of(description: &str) -> Surface {
    let generated = dixa_codegen::generate(catalogue::VERSION, description, &[])
        .unwrap_or_else(|e| panic!("the generator rejected a catalogue description:\n{e}"));
    let file = generated
        .files
        .iter()
        .find(|f| f.path == dixa_codegen::paths::api_surface(catalogue::VERSION))
        .expect("the API surface is a generated file");
    Surface::from_json_lines(&file.contents).expect("the surface file reads back")
}

fn report_of(mutation: &Mutation) -> Vec<Change> {
    compare(
        &surface_of(catalogue::BASE),
        &surface_of(&catalogue::mutated(mutation)),
    )
}

fn overall(changes: &[Change]) -> Option<Impact> {
    changes.iter().map(|c| c.impact).min()
}

#[test]
fn every_mutation_is_reported_with_its_impact() {
    let mut wrong = Vec::new();
    for mutation in catalogue::catalogue() {
        let changes = report_of(&mutation);
        let named = changes
            .iter()
            .any(|c| c.impact == mutation.expected && c.what.contains(mutation.reported_as));
        if overall(&changes) != Some(mutation.expected) || !named {
            let lines: Vec<String> = changes
                .iter()
                .map(|c| format!("    {} {} ({})", c.impact.as_str(), c.what, c.pointer))
                .collect();
            wrong.push(format!(
                "{}: expected {} `{}`, reported:\n{}",
                mutation.name,
                mutation.expected.as_str(),
                mutation.reported_as,
                lines.join("\n")
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_catalogue_covers_every_kind_of_change_the_issue_names() {
    let names: Vec<&str> = catalogue::catalogue().iter().map(|m| m.name).collect();
    for kind in [
        "new optional field",
        "new union variant",
        "new enum value",
        "new operation",
        "new optional parameter",
        "new type",
        "variant tag renamed through its title",
        "field format changed",
        "field removed",
        "optional field made required",
        "field type changed",
        "union variant removed",
        "enum value removed",
        "operation removed",
        "path parameter added",
    ] {
        assert!(
            names.contains(&kind),
            "no mutation `{kind}` in the catalogue"
        );
    }
}

#[test]
fn an_unchanged_description_reports_nothing() {
    assert_eq!(
        compare(&surface_of(catalogue::BASE), &surface_of(catalogue::BASE)),
        vec![]
    );
}

#[test]
fn changes_are_named_by_their_description_pointer() {
    let removed = catalogue::catalogue()
        .into_iter()
        .find(|m| m.name == "field removed")
        .expect("the mutation");
    let changes = report_of(&removed);
    assert_eq!(
        changes[0].pointer,
        "#/components/schemas/CreateThingInput/properties/note"
    );
}

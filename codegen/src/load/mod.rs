//! Stage 1, load: the description's text, read once, into a [`Description`] (the typed
//! `openapiv3` form and the untyped JSON), with errors that name a JSON pointer.
//!
//! - this module: syntax, version and JSON-only checks, then the typed read;
//! - [`shape`]: where a description that does not fit OpenAPI 3.0 goes wrong;
//! - [`description`]: everything later stages read from it (pointers, `$ref`s, media
//!   types, examples, every schema);
//! - [`overrides`]: `spec/overrides.yaml`, the reviewed decisions the description cannot
//!   express.

mod description;
mod openapi31;
pub mod overrides;
mod shape;

pub use description::{
    Description, child, component_name, component_schemas, escape_pointer_segment, examples_of,
    for_each_schema, media_types, resolve, schema_pointer,
};
pub(crate) use shape::pointer_under;
pub use shape::shape_errors;

use crate::diagnostics::{Diagnostic, Diagnostics};
use openapiv3::OpenAPI;
use serde::Deserialize;
use serde_yaml::Value;

/// Parses a description given as YAML or JSON (JSON is read by the YAML parser too): the
/// only place the text is read.
pub fn parse_description(text: &str) -> Result<Description, Diagnostics> {
    // First as untyped YAML, so syntax errors and shape errors get different messages.
    let value: Value = serde_yaml::from_str(text).map_err(|e| Diagnostic {
        pointer: "#".into(),
        message: format!("the description is not valid YAML or JSON: {e}"),
    })?;
    if !value.is_mapping() {
        return Err(Diagnostic {
            pointer: "#".into(),
            message: "the description must be a YAML/JSON object (an OpenAPI document)".into(),
        }
        .into());
    }
    let mut value = value;
    if check_version(&value)? == Version::V31 {
        openapi31::lower_to_30(&mut value)?;
    }
    let mut not_json = Vec::new();
    find_non_json_values(&value, &mut Vec::new(), &mut not_json);
    if !not_json.is_empty() {
        return Err(Diagnostics(not_json));
    }
    // The typed and the untyped form are independent reads of the same tree: one each
    // on the two cores a run usually has.
    let (api, json) = std::thread::scope(|scope| {
        // The untyped form, for the stages that read what openapiv3 does not keep.
        let json = scope.spawn(|| serde_json::to_value(&value));
        // Plain serde first (the common case, and faster); the path of a problem is
        // worked out only for a document that does not fit.
        let api = OpenAPI::deserialize(&value);
        (api, json.join())
    });
    let api = api.map_err(|_| shape::errors_of_document(&value))?;
    let json = match json {
        Ok(Ok(json)) => json,
        Ok(Err(e)) => {
            return Err(Diagnostic {
                pointer: "#".into(),
                message: format!("the description cannot be represented as JSON: {e}"),
            }
            .into());
        }
        Err(_) => {
            return Err(Diagnostic {
                pointer: "#".into(),
                message: "internal error: converting the description to JSON panicked".into(),
            }
            .into());
        }
    };
    Ok(Description { api, json })
}

/// The OpenAPI versions read: 3.1 is lowered to 3.0 first ([`openapi31`]).
#[derive(Debug, PartialEq, Eq)]
enum Version {
    V30,
    V31,
}

fn check_version(document: &Value) -> Result<Version, Diagnostic> {
    let at = |message: String| Diagnostic {
        pointer: "#/openapi".into(),
        message,
    };
    match document.get("openapi") {
        Some(Value::String(v)) if v == "3.0" || v.starts_with("3.0.") => Ok(Version::V30),
        Some(Value::String(v)) if openapi31::is_31(v) => Ok(Version::V31),
        Some(Value::String(v)) => Err(at(format!(
            "OpenAPI version {v} is not supported (expected 3.0.x or 3.1.x)"
        ))),
        Some(Value::Number(n)) => Err(at(format!(
            "the version must be a string (`openapi: \"3.0.3\"`), not the number {n}"
        ))),
        Some(_) => Err(at("the version must be a string such as \"3.0.3\"".into())),
        None => Err(at(
            "missing `openapi` version field: this is not an OpenAPI 3.0 document".into(),
        )),
    }
}

/// Where [`find_non_json_values`] is: the pointer is spelled only for a value it reports.
enum Step<'a> {
    Index(usize),
    Key(&'a Value),
}

fn pointer_of(path: &[Step<'_>]) -> String {
    path.iter().fold("#".to_string(), |at, step| match step {
        Step::Index(i) => format!("{at}/{i}"),
        Step::Key(key) => child(&at, &shape::key_text(key)),
    })
}

/// YAML can say things JSON cannot (`.inf`, `.nan`, `!tags`); an OpenAPI document must
/// be JSON. Rejected up front: openapiv3 panics on a non-finite number where it expects
/// a schema ("somehow this parsed successfully the second time").
fn find_non_json_values<'a>(
    value: &'a Value,
    path: &mut Vec<Step<'a>>,
    found: &mut Vec<Diagnostic>,
) {
    match value {
        Value::Number(n) if n.is_nan() || n.is_infinite() => found.push(Diagnostic {
            pointer: pointer_of(path),
            message: format!("`{n}` is not a JSON number: a description must be valid as JSON"),
        }),
        Value::Tagged(t) => found.push(Diagnostic {
            pointer: pointer_of(path),
            message: format!(
                "YAML tag `{}` has no JSON equivalent: a description must be valid as JSON",
                t.tag
            ),
        }),
        Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Step::Index(i));
                find_non_json_values(item, path, found);
                path.pop();
            }
        }
        Value::Mapping(map) => {
            for (key, item) in map {
                path.push(Step::Key(key));
                find_non_json_values(item, path, found);
                path.pop();
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

    /// The one problem found in `HEAD` + `rest`, as (pointer, message).
    fn only_problem(rest: &str) -> (String, String) {
        let err = parse_description(&format!("{HEAD}{rest}")).unwrap_err();
        assert_eq!(err.0.len(), 1, "expected one problem: {err}");
        (err.0[0].pointer.clone(), err.0[0].message.clone())
    }

    #[test]
    fn not_yaml_is_a_clear_error() {
        let err = parse_description("openapi: [unclosed").unwrap_err();
        assert_eq!(err.0[0].pointer, "#");
        assert!(err.0[0].message.contains("not valid YAML or JSON"), "{err}");
    }

    #[test]
    fn wrong_shape_names_the_pointer() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 7\n";
        let err = parse_description(text).unwrap_err();
        assert_eq!(err.0[0].pointer, "#/paths/~1a/get/responses", "{err}");
    }

    #[test]
    fn openapi_31_is_read_and_later_versions_are_refused() {
        parse_description("openapi: 3.1.0\ninfo: {title: t, version: '1'}\n").unwrap();
        let err = parse_description("openapi: 3.2.0\ninfo: {title: t, version: '1'}\npaths: {}\n")
            .unwrap_err();
        assert_eq!(err.0[0].pointer, "#/openapi");
        assert!(err.0[0].message.contains("3.0.x or 3.1.x"), "{err}");
    }

    #[test]
    fn an_unquoted_version_is_explained() {
        let err = parse_description("openapi: 3.0\ninfo: {title: t, version: '1'}\npaths: {}\n")
            .unwrap_err();
        assert_eq!(err.0[0].pointer, "#/openapi");
        assert!(err.0[0].message.contains("must be a string"), "{err}");
    }

    #[test]
    fn top_level_fields_keep_their_place() {
        let (pointer, message) = only_problem("paths: {}\nservers: [{url: [1]}]\n");
        assert_eq!(pointer, "#/servers/0/url");
        assert!(message.contains("expected a string"), "{message}");
    }

    #[test]
    fn a_bad_response_names_its_status() {
        let (pointer, message) = only_problem(
            "paths:\n  /a:\n    get:\n      responses:\n        200: {description: [x]}\n",
        );
        assert_eq!(pointer, "#/paths/~1a/get/responses/200/description");
        assert!(message.contains("expected a string"), "{message}");
    }

    #[test]
    fn a_bad_parameter_names_its_index_and_field() {
        let (pointer, message) = only_problem(
            "paths:\n  /a/{id}:\n    get:\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n        - {in: query, schema: {type: string}}\n      responses: {}\n",
        );
        assert_eq!(pointer, "#/paths/~1a~1{id}/get/parameters/1");
        assert!(message.contains("missing field `name`"), "{message}");

        let (pointer, message) = only_problem(
            "paths:\n  /a:\n    parameters:\n      - {name: q, in: body, schema: {type: string}}\n",
        );
        assert_eq!(pointer, "#/paths/~1a/parameters/0/in");
        assert!(message.contains("unknown variant `body`"), "{message}");
    }

    #[test]
    fn a_bad_schema_inside_a_request_body_is_found() {
        let (pointer, message) = only_problem(
            "paths:\n  /a:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n              type: object\n              properties:\n                tags: {type: array, items: {type: string, maxLength: many}}\n      responses: {}\n",
        );
        assert_eq!(
            pointer,
            "#/paths/~1a/post/requestBody/content/application~1json/schema/properties/tags/items/maxLength"
        );
        assert!(message.contains("expected usize"), "{message}");
    }

    #[test]
    fn bad_component_schemas_name_the_keyword() {
        let (pointer, message) = only_problem(
            "paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      required: id\n",
        );
        assert_eq!(pointer, "#/components/schemas/A/required");
        assert!(message.contains("expected a sequence"), "{message}");

        let (pointer, _) = only_problem(
            "paths: {}\ncomponents:\n  schemas:\n    U:\n      oneOf:\n        - $ref: '#/components/schemas/A'\n        - {type: string, deprecated: sometimes}\n",
        );
        assert_eq!(pointer, "#/components/schemas/U/oneOf/1/deprecated");

        let (pointer, _) = only_problem(
            "paths: {}\ncomponents:\n  schemas:\n    M:\n      type: object\n      additionalProperties: {type: object, properties: {a: {nullable: 1}}}\n",
        );
        assert_eq!(
            pointer,
            "#/components/schemas/M/additionalProperties/properties/a/nullable"
        );
    }

    #[test]
    fn bad_top_level_fields_are_reported_with_bad_paths() {
        let err =
            parse_description(&format!("{HEAD}paths: []\ntags: [{{name: [n]}}]\n")).unwrap_err();
        let pointers: Vec<&str> = err.0.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(pointers, ["#/paths", "#/tags/0/name"], "{err}");
    }

    #[test]
    fn every_bad_piece_is_reported_paths_first() {
        let err = parse_description(&format!(
            "{HEAD}paths:\n  /a:\n    get: {{responses: 1}}\n  /b:\n    get: {{responses: 2}}\ncomponents:\n  schemas:\n    A: {{title: [t]}}\n"
        ))
        .unwrap_err();
        let pointers: Vec<&str> = err.0.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "#/paths/~1a/get/responses",
                "#/paths/~1b/get/responses",
                "#/components/schemas/A/title"
            ]
        );
    }

    #[test]
    fn yaml_only_values_are_errors_not_panics() {
        // openapiv3 itself panics on this one (`maximum: .inf` in a property schema).
        let (pointer, message) = only_problem(
            "paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        n: {type: number, maximum: .inf}\n",
        );
        assert_eq!(pointer, "#/components/schemas/A/properties/n/maximum");
        assert!(message.contains("not a JSON number"), "{message}");

        let (pointer, message) = only_problem("paths: {}\nx-thing: !custom 3\n");
        assert_eq!(pointer, "#/x-thing");
        assert!(message.contains("YAML tag"), "{message}");
    }

    #[test]
    fn pointer_segments_are_escaped() {
        let (pointer, _) = only_problem(
            "paths:\n  /a~b/{c}:\n    get: {responses: {default: {description: 1}}}\n",
        );
        // A number is accepted where a string is expected? Not by openapiv3: check the place.
        assert!(
            pointer.starts_with("#/paths/~1a~0b~1{c}/get/responses/default"),
            "{pointer}"
        );
    }
}

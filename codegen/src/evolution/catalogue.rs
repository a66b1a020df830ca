//! The catalogue of description changes: each kind of change Dixa can make, applied to
//! a small hand-written description ([`BASE`]), with what it must mean for users of the
//! generated crate. The report's classification is tested against it
//! (`codegen/tests/evolution.rs`), and `cargo xtask semver` checks the same catalogue
//! with `cargo-semver-checks` on the generated crate.

use super::changes::Impact;
use serde_json::{Value, json};

/// The description every mutation starts from.
pub const BASE: &str = include_str!("catalogue_base.yaml");

/// The API version the catalogue is generated as: the crate's default one, so a copy of
/// the crate with its default features compiles exactly the catalogue's code.
pub const VERSION: &str = "v1";

/// One change of the description.
pub struct Mutation {
    /// `new optional field`, `field removed`, ...
    pub name: &'static str,
    /// What it must mean for users: the report's overall impact.
    pub expected: Impact,
    /// A line of the report that must name it (a substring).
    pub reported_as: &'static str,
    pub apply: fn(&mut Value),
}

/// The base description as JSON (the generator reads JSON as YAML too).
pub fn base() -> Value {
    serde_yaml::from_str(BASE).expect("the catalogue's base description is valid YAML")
}

/// The base description with `mutation` applied, as text for the generator.
pub fn mutated(mutation: &Mutation) -> String {
    let mut description = base();
    (mutation.apply)(&mut description);
    serde_json::to_string_pretty(&description).expect("JSON values serialize")
}

fn schema<'a>(d: &'a mut Value, name: &str) -> &'a mut Value {
    &mut d["components"]["schemas"][name]
}

fn remove(value: &mut Value, key: &str) {
    value
        .as_object_mut()
        .expect("an object")
        .remove(key)
        .expect("the key to remove exists");
}

/// Every mutation: the additive kinds, the wire-only kinds, then the breaking kinds.
///
/// Long on purpose: it is one table, a row per kind of change with its expected impact
/// next to it, which reads best as one list.
pub fn catalogue() -> Vec<Mutation> {
    vec![
        Mutation {
            name: "new optional field",
            expected: Impact::Additive,
            reported_as: "added field CreateThingInput.size: optional",
            apply: |d| {
                schema(d, "CreateThingInput")["properties"]["size"] = json!({"type": "integer"});
            },
        },
        Mutation {
            name: "new union variant",
            expected: Impact::Additive,
            reported_as: "added variant Shape.Triangle",
            apply: |d| {
                *schema(d, "Triangle") = json!({
                    "title": "Triangle", "type": "object", "required": ["base"],
                    "properties": {"base": {"type": "number"}}
                });
                schema(d, "Shape")["oneOf"]
                    .as_array_mut()
                    .expect("oneOf")
                    .push(json!({"$ref": "#/components/schemas/Triangle"}));
            },
        },
        Mutation {
            name: "new enum value",
            expected: Impact::Additive,
            reported_as: "added value Colour.Blue",
            apply: |d| {
                schema(d, "Colour")["enum"]
                    .as_array_mut()
                    .expect("enum")
                    .push(json!("Blue"));
            },
        },
        Mutation {
            name: "new operation",
            expected: Impact::Additive,
            reported_as: "added operation things.list",
            apply: |d| {
                d["paths"]["/beta/things"]["get"] = json!({
                    "operationId": "ListThings", "tags": ["Things"],
                    "responses": {"200": {"description": "things", "content": {"application/json": {
                        "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}
                    }}}}
                });
            },
        },
        Mutation {
            name: "new optional parameter",
            expected: Impact::Additive,
            reported_as: "added param things.get.fields: method",
            apply: |d| {
                d["paths"]["/beta/things/{thingId}"]["get"]["parameters"]
                    .as_array_mut()
                    .expect("parameters")
                    .push(json!({"name": "fields", "in": "query", "schema": {"type": "string"}}));
            },
        },
        Mutation {
            name: "new type",
            expected: Impact::Additive,
            reported_as: "added type Owner",
            apply: |d| {
                *schema(d, "Owner") = json!({
                    "type": "object", "properties": {"email": {"type": "string"}}
                });
                schema(d, "Thing")["properties"]["owner"] =
                    json!({"$ref": "#/components/schemas/Owner"});
            },
        },
        Mutation {
            name: "new optional field of a wrapper",
            expected: Impact::Additive,
            reported_as: "added field ThingRef.label: optional",
            apply: |d| {
                schema(d, "ThingRef")["properties"]["label"] = json!({"type": "string"});
            },
        },
        Mutation {
            name: "new value of a mode with constructors",
            expected: Impact::Additive,
            reported_as: "added constructor ThingFilter.none",
            apply: |d| {
                schema(d, "ThingFilter")["properties"]["mode"]["enum"] =
                    json!(["All", "Any", "None"]);
            },
        },
        Mutation {
            name: "variant tag renamed through its title",
            expected: Impact::WireOnly,
            reported_as: "changed variant Shape.Circle on the wire: tag \"Circle\" -> tag \"circle\"",
            apply: |d| schema(d, "Circle")["title"] = json!("circle"),
        },
        Mutation {
            name: "field format changed",
            expected: Impact::WireOnly,
            reported_as: "changed field CreateThingInput.note on the wire",
            apply: |d| {
                schema(d, "CreateThingInput")["properties"]["note"]["format"] = json!("uri");
            },
        },
        Mutation {
            name: "field removed",
            expected: Impact::Breaking,
            reported_as: "removed field CreateThingInput.note",
            apply: |d| remove(&mut schema(d, "CreateThingInput")["properties"], "note"),
        },
        Mutation {
            name: "optional field made required",
            expected: Impact::Breaking,
            reported_as: "changed field CreateThingInput.note: optional Option<String> -> required String",
            apply: |d| {
                schema(d, "CreateThingInput")["required"] = json!(["name", "note"]);
            },
        },
        Mutation {
            name: "field type changed",
            expected: Impact::Breaking,
            reported_as: "changed field Thing.count: optional Option<i32> -> optional Option<String>",
            apply: |d| {
                schema(d, "Thing")["properties"]["count"] = json!({"type": "string"});
            },
        },
        Mutation {
            name: "union variant removed",
            expected: Impact::Breaking,
            reported_as: "removed variant Shape.Square",
            apply: |d| {
                schema(d, "Shape")["oneOf"]
                    .as_array_mut()
                    .expect("oneOf")
                    .pop();
            },
        },
        Mutation {
            name: "enum value removed",
            expected: Impact::Breaking,
            reported_as: "removed value Colour.Green",
            apply: |d| schema(d, "Colour")["enum"] = json!(["Red"]),
        },
        Mutation {
            name: "operation removed",
            expected: Impact::Breaking,
            reported_as: "removed operation things.delete",
            apply: |d| remove(&mut d["paths"]["/beta/things/{thingId}"], "delete"),
        },
        Mutation {
            name: "second list next to a mode's list",
            expected: Impact::Breaking,
            reported_as: "removed constructor ThingFilter.all",
            apply: |d| {
                schema(d, "ThingFilter")["properties"]["tags"] =
                    json!({"type": "array", "items": {"type": "string"}});
            },
        },
        Mutation {
            name: "path parameter added",
            expected: Impact::Breaking,
            reported_as: "added param things.create.region: argument 1",
            apply: |d| {
                let mut create = d["paths"]["/beta/things"].clone();
                create["post"]["parameters"] = json!([
                    {"name": "region", "in": "path", "required": true, "schema": {"type": "string"}}
                ]);
                remove(&mut d["paths"], "/beta/things");
                d["paths"]["/beta/{region}/things"] = create;
            },
        },
    ]
}

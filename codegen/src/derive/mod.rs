//! Stage 5, derive: the corrected description, i.e. the description with Dixa's implicit
//! wire conventions written into its schemas, for tools that only read schema keywords
//! (the Prism mock server behind `cargo xtask test`). It prints what the model says:
//! [`schema_rules`] one schema at a time, [`union_variants`] the demands of union
//! variants, [`prism`] a workaround for the mock server; [`edit`] holds the JSON edits.
//!
//! What the model decided becomes explicit:
//! - tagged unions: every variant requires `"_type"` with `enum: [<tag>]`, and the `oneOf`
//!   gets a `discriminator` mapping each tag to its variant. A variant schema that is also
//!   used outside tagged unions (where the wire carries no `_type`) is left alone and the
//!   union refers to a copy instead, `<Name>.variant` (`allOf` of the original and the tag);
//! - untagged unions (override) keep their `oneOf`, and each variant requires the key the
//!   model recognises it by, so that exactly one variant matches;
//! - unions of empty objects: `type: string` with an `enum` of the tags;
//! - `values: [...]` descriptions: string `enum`s (every string schema, as the converter does);
//! - plain objects with an implicit tag (`Struct.wire_tag`): a required `_type`;
//! - `format: date-time`: a `pattern` that also admits Java's zoned form (`...Z[GMT]`);
//! - override decisions: an unwrapped-values union is a `oneOf` of the bare value schemas, a
//!   lenient string a `oneOf` of its variants' kinds, a tagged unit enum a `oneOf` of
//!   `{_type}` objects, nullable map values `nullable: true`, an optional property
//!   (`optional: true`) left out of its object's `required`.
//!
//! One addition is for Prism alone: `multipart/form-data` bodies get `encoding: {<array
//! part>: {style: form, explode: true}}` (see [`prism`]).
//!
//! Everything else stays as it was. The enums here are closed, which
//! is right for a mock server that validates requests; the generated Rust types stay open.

mod edit;
mod prism;
mod schema_rules;
mod union_variants;

pub use schema_rules::DATE_TIME_PATTERN;
pub use union_variants::VARIANT_COPY_SUFFIX;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{Description, for_each_schema};
use crate::model::ir::*;
use crate::outputs::{OutputFile, paths};
use edit::at;
use schema_rules::{
    enum_from_description, is_unit_union, nullable, optional_properties, primitive_union,
    require_tag, string_enum, unit_variants, zoned_date_time,
};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use union_variants::{tagged_union, untagged_union};

/// `spec/fetched/dixa-api.<version>.corrected.json`: the corrected description as pretty JSON
/// (keys sorted, so the same input gives the same bytes).
pub fn corrected_file(
    version: &str,
    description: &Description,
    model: &Model,
) -> Result<OutputFile, Diagnostics> {
    let corrected = corrected_description(description.json.clone(), model)?;
    let mut contents = serde_json::to_string_pretty(&corrected).map_err(|e| Diagnostic {
        pointer: "#".into(),
        message: format!("internal error: the corrected description does not serialize: {e}"),
    })?;
    contents.push('\n');
    Ok(OutputFile {
        path: paths::corrected_description(version),
        contents,
    })
}

/// Applies every correction to `doc` (the description as JSON) following `model`.
pub fn corrected_description(mut doc: Value, model: &Model) -> Result<Value, Diagnostics> {
    let mut diags = Diagnostics::default();
    for_each_schema(&mut doc, &mut |schema| {
        enum_from_description(schema);
        zoned_date_time(schema);
    });

    // Shapes first: the schemas whose keywords the model replaces.
    for def in model.types.values() {
        let result = match &def.kind {
            TypeKind::StringEnum(e) => std::iter::once(&def.pointer)
                .chain(&e.also_at)
                .try_for_each(|pointer| at(&mut doc, pointer).map(|s| string_enum(s, e))),
            TypeKind::Struct(Struct {
                wire_tag: Some(tag),
                ..
            }) => at(&mut doc, &def.pointer).and_then(|s| require_tag(s, tag)),
            TypeKind::PrimitiveUnion(p) => primitive_union(&mut doc, def, p),
            TypeKind::Map(TypeRef::Nullable(_)) => {
                at(&mut doc, &format!("{}/additionalProperties", def.pointer)).and_then(nullable)
            }
            TypeKind::Union(u) if is_unit_union(u) => {
                at(&mut doc, &def.pointer).and_then(|s| unit_variants(s, u))
            }
            _ => Ok(()),
        };
        if let Err(message) = result {
            diags.push(&def.pointer, message);
        }
    }

    // Required lists follow the model (an `optional` override).
    for def in model.types.values() {
        if let TypeKind::Struct(fields) = &def.kind {
            if let Some(schema) = doc.pointer_mut(def.pointer.trim_start_matches('#')) {
                optional_properties(schema, fields);
            }
        }
    }

    // Then the unions of components, whose variants may need a copy.
    let by_component: BTreeMap<&str, &TypeDef> = model
        .types
        .values()
        .filter_map(|d| Some((d.component.as_deref()?, d)))
        .collect();
    let unions = model.types.values().filter_map(|d| match &d.kind {
        TypeKind::Union(u) if !is_unit_union(u) => Some((d, u)),
        _ => None,
    });
    for (def, u) in unions {
        let result = match &u.repr {
            UnionRepr::Tagged { key } => tagged_union(&mut doc, model, &by_component, def, u, key),
            UnionRepr::Untagged => untagged_union(&mut doc, &by_component, def, u),
        };
        if let Err(message) = result {
            diags.push(&def.pointer, message);
        }
    }
    diags.into_result()?;
    prism::multipart_array_encodings(&mut doc);

    if let Some(info) = doc.get_mut("info").and_then(Value::as_object_mut) {
        info.insert(
            "x-dixa-codegen".into(),
            json!("derived by dixa-codegen (codegen/src/derive/): Dixa's implicit wire conventions written into the schemas; not for committing"),
        );
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conventions::TAG_KEY;
    use crate::load::overrides::Overrides;

    /// The corrected form of a hand-written description, built through the real pipeline
    /// (load -> model -> correct).
    fn corrected(spec: &str, overrides: &str) -> Value {
        let parsed = crate::load::parse_description(spec).unwrap();
        let overrides = Overrides::parse(overrides).unwrap();
        let model = crate::model::build_model(&parsed, &overrides).unwrap();
        let file = corrected_file("beta", &parsed, &model).unwrap();
        assert_eq!(file.path, paths::corrected_description("beta"));
        serde_json::from_str(&file.contents).unwrap()
    }

    const HEADER: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

    fn spec(paths: &str, schemas: &str) -> String {
        format!("{HEADER}paths:\n{paths}components:\n  schemas:\n{schemas}")
    }

    const NO_PATHS: &str = "  {}\n";

    #[test]
    fn tagged_union_variants_require_their_tag_and_the_union_gets_a_discriminator() {
        let doc = corrected(
            &spec(
                NO_PATHS,
                r#"
    Event:
      oneOf:
        - $ref: '#/components/schemas/Created2'
        - $ref: '#/components/schemas/Closed'
    Created2:
      title: Created
      type: object
      required: [id]
      properties:
        id: {type: string}
    Closed:
      title: Closed
      type: object
"#,
            ),
            "",
        );
        let s = &doc["components"]["schemas"];
        assert_eq!(
            s["Event"]["discriminator"],
            json!({
                "propertyName": TAG_KEY,
                "mapping": {
                    "Created": "#/components/schemas/Created2",
                    "Closed": "#/components/schemas/Closed",
                }
            })
        );
        assert_eq!(
            s["Created2"]["properties"][TAG_KEY],
            json!({"type": "string", "enum": ["Created"]})
        );
        assert_eq!(s["Created2"]["required"], json!(["id", TAG_KEY]));
        assert_eq!(s["Closed"]["required"], json!([TAG_KEY]));
        assert_eq!(
            s["Closed"]["properties"][TAG_KEY]["enum"],
            json!(["Closed"])
        );
        assert_eq!(s["Created2"]["properties"]["id"], json!({"type": "string"}));
        assert!(doc["info"]["x-dixa-codegen"].is_string());
    }

    #[test]
    fn a_variant_also_used_elsewhere_gets_a_copy() {
        let doc = corrected(
            &spec(
                NO_PATHS,
                r#"
    Failure:
      oneOf:
        - $ref: '#/components/schemas/ErrorResponse'
        - $ref: '#/components/schemas/Timeout'
    ErrorResponse:
      type: object
      required: [message]
      properties:
        message: {type: string}
    Timeout:
      type: object
      properties:
        seconds: {type: integer}
    Outcome:
      type: object
      properties:
        error:
          $ref: '#/components/schemas/ErrorResponse'
"#,
            ),
            "",
        );
        let s = &doc["components"]["schemas"];
        assert_eq!(s["ErrorResponse"]["required"], json!(["message"]));
        assert!(s["ErrorResponse"]["properties"].get(TAG_KEY).is_none());
        assert_eq!(
            s["Failure"]["oneOf"][0]["$ref"],
            "#/components/schemas/ErrorResponse.variant"
        );
        assert_eq!(
            s["ErrorResponse.variant"]["allOf"],
            json!([
                {"$ref": "#/components/schemas/ErrorResponse"},
                {"type": "object", "required": [TAG_KEY], "properties": {TAG_KEY: {"type": "string", "enum": ["ErrorResponse"]}}},
            ])
        );
        assert_eq!(s["Timeout"]["required"], json!([TAG_KEY]));
    }

    #[test]
    fn unions_of_empty_objects_become_string_enums() {
        let doc = corrected(
            &spec(
                NO_PATHS,
                r#"
    Status:
      description: The status.
      oneOf:
        - $ref: '#/components/schemas/Open'
        - $ref: '#/components/schemas/Closed1'
    Open:
      type: object
    Closed1:
      title: Closed
      type: object
"#,
            ),
            "",
        );
        assert_eq!(
            doc["components"]["schemas"]["Status"],
            json!({"description": "The status.", "type": "string", "enum": ["Open", "Closed"]})
        );
        // Only the string union used them: they need no tag.
        assert_eq!(
            doc["components"]["schemas"]["Open"],
            json!({"type": "object"})
        );
    }

    #[test]
    fn values_descriptions_become_enums_everywhere() {
        let doc = corrected(
            &spec(
                r#"
  /things:
    get:
      operationId: getThings
      parameters:
        - name: direction
          in: query
          schema: {type: string, description: 'values: [Inbound, Outbound]'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  state: {type: string, description: 'The state. values: [open, closed]'}
              example:
                state: {type: string, description: 'values: [NotASchema]'}
"#,
                r#"
    Thing:
      type: object
      properties:
        channel: {type: string, description: 'values: [Email, Chat]'}
        note: {type: string, description: 'free text'}
        tags:
          type: array
          items: {type: string, description: 'values: [A, B]'}
"#,
            ),
            "",
        );
        let thing = &doc["components"]["schemas"]["Thing"]["properties"];
        assert_eq!(thing["channel"]["enum"], json!(["Email", "Chat"]));
        assert!(thing["note"].get("enum").is_none());
        assert_eq!(thing["tags"]["items"]["enum"], json!(["A", "B"]));
        let get = &doc["paths"]["/things"]["get"];
        assert_eq!(
            get["parameters"][0]["schema"]["enum"],
            json!(["Inbound", "Outbound"])
        );
        let response = &get["responses"]["200"]["content"]["application/json"];
        assert_eq!(
            response["schema"]["properties"]["state"]["enum"],
            json!(["open", "closed"])
        );
        assert!(response["example"]["state"].get("enum").is_none());
    }

    #[test]
    fn implicit_tags_and_override_decisions_are_written_out() {
        let doc = corrected(
            &spec(
                r#"
  /import:
    post:
      operationId: postImport
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Import'}
            example: {name: x, _type: Import}
      responses:
        '204': {description: done}
"#,
                r#"
    Import:
      type: object
      properties:
        name: {type: string}
    Phone:
      type: object
      properties:
        to: {type: string, description: 'the number'}
    Preset:
      type: object
      properties:
        value: {type: string, description: 'values: [PreviousWeek, ThisWeek]'}
    FormValue:
      oneOf:
        - $ref: '#/components/schemas/TextValue'
        - $ref: '#/components/schemas/ListValue'
    TextValue:
      type: object
      properties:
        value: {type: string}
    ListValue:
      type: object
      properties:
        value: {type: array, items: {type: string}}
    Map_UUID_Option_Value:
      type: object
      additionalProperties: {type: string}
"#,
            ),
            r#"
overrides:
  - at: '#/components/schemas/Phone/properties/to'
    field-type: lenient-string
    reason: r
  - at: '#/components/schemas/Preset/properties/value'
    field-type: tagged-unit-enum
    reason: r
  - at: '#/components/schemas/FormValue'
    union: unwrapped-values
    reason: r
"#,
        );
        let s = &doc["components"]["schemas"];
        assert_eq!(s["Import"]["required"], json!([TAG_KEY]));
        assert_eq!(
            s["Import"]["properties"][TAG_KEY]["enum"],
            json!(["Import"])
        );
        assert_eq!(
            s["Phone"]["properties"]["to"],
            json!({"description": "the number", "oneOf": [
                {"type": "string"}, {"type": "integer", "format": "int64"}
            ]})
        );
        let preset = &s["Preset"]["properties"]["value"];
        assert!(preset.get("type").is_none() && preset.get("enum").is_none());
        assert_eq!(
            preset["oneOf"],
            json!([
                {"type": "object", "required": [TAG_KEY], "properties": {TAG_KEY: {"type": "string", "enum": ["PreviousWeek"]}}},
                {"type": "object", "required": [TAG_KEY], "properties": {TAG_KEY: {"type": "string", "enum": ["ThisWeek"]}}},
            ])
        );
        assert_eq!(
            s["FormValue"],
            json!({"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]})
        );
        assert_eq!(
            s["Map_UUID_Option_Value"]["additionalProperties"],
            json!({"type": "string", "nullable": true})
        );
    }

    #[test]
    fn untagged_variants_require_the_key_that_identifies_them() {
        let doc = corrected(
            &spec(
                NO_PATHS,
                r#"
    Input:
      oneOf:
        - $ref: '#/components/schemas/ByCsid'
        - $ref: '#/components/schemas/ByPeriod'
    ByCsid:
      type: object
      required: [id]
      properties:
        id: {type: string}
        csidFilter: {type: array, items: {type: integer}}
    ByPeriod:
      type: object
      required: [id, periodFilter]
      properties:
        id: {type: string}
        periodFilter: {type: string}
"#,
            ),
            "overrides:\n  - at: '#/components/schemas/Input'\n    union: untagged\n    reason: r\n",
        );
        let s = &doc["components"]["schemas"];
        assert_eq!(s["ByCsid"]["required"], json!(["id", "csidFilter"]));
        assert_eq!(s["ByPeriod"]["required"], json!(["id", "periodFilter"]));
        assert!(s["Input"].get("discriminator").is_none());
    }

    #[test]
    fn multipart_array_parts_get_a_form_encoding_for_prism() {
        let doc = corrected(
            &spec(
                r#"
  /upload:
    post:
      operationId: postUpload
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema: {$ref: '#/components/schemas/Upload'}
      responses:
        '204': {description: done}
"#,
                "    Upload:\n      type: object\n      properties:\n        files: {type: array, items: {type: string, format: binary}}\n        note: {type: string}\n",
            ),
            "",
        );
        assert_eq!(
            doc["paths"]["/upload"]["post"]["requestBody"]["content"]["multipart/form-data"]["encoding"],
            json!({"files": {"style": "form", "explode": true}})
        );
    }

    #[test]
    fn date_times_admit_the_zoned_form() {
        let doc = corrected(
            &spec(
                NO_PATHS,
                "    Note:\n      type: object\n      properties:\n        createdAt: {type: string, format: date-time}\n",
            ),
            "",
        );
        assert_eq!(
            doc["components"]["schemas"]["Note"]["properties"]["createdAt"],
            json!({"type": "string", "pattern": DATE_TIME_PATTERN, "x-dixa-format": "date-time"})
        );
    }

    #[test]
    fn untagged_unions_and_plain_schemas_stay_as_they_were() {
        let schemas = r#"
    Input:
      oneOf:
        - $ref: '#/components/schemas/ByCsid'
        - $ref: '#/components/schemas/ByPeriod'
    ByCsid:
      type: object
      required: [csidFilter]
      properties:
        csidFilter: {type: integer}
    ByPeriod:
      type: object
      required: [periodFilter]
      properties:
        periodFilter: {type: string}
"#;
        let text = spec(NO_PATHS, schemas);
        let doc = corrected(
            &text,
            "overrides:\n  - at: '#/components/schemas/Input'\n    union: untagged\n    reason: r\n",
        );
        let mut original: Value =
            serde_json::to_value(serde_yaml::from_str::<serde_yaml::Value>(&text).unwrap())
                .unwrap();
        original["info"]["x-dixa-codegen"] = doc["info"]["x-dixa-codegen"].clone();
        assert_eq!(doc, original);
    }
}

//! The intermediate model: plain data between the description and the emitter.
//!
//! Everything Dixa leaves implicit (tags, string-encoded unions, enums hidden in
//! descriptions, nullable map values) is already decided here, so the emitter only
//! has to print. The model holds no `TokenStream`s; it is `Debug`-printable and
//! snapshot-tested on its own.

use std::collections::{BTreeMap, BTreeSet};

/// The whole API: named types (ordered by Rust name) and operations (ordered by id).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Model {
    pub types: BTreeMap<String, TypeDef>,
    pub operations: Vec<Operation>,
    /// Struct -> the list its published constructors named after enum values take
    /// (`Filters` -> `conditions`): they keep taking it when the struct gains another
    /// list ([`super::struct_api`], [`super::published`]).
    pub constructor_lists: BTreeMap<String, String>,
}

/// One named Rust type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Rust name (`UpperCamelCase`), unique in the model.
    pub name: String,
    /// The component schema name, for types that come from `#/components/schemas`.
    pub component: Option<String>,
    /// JSON pointer of the schema this type was built from.
    pub pointer: String,
    pub docs: Option<String>,
    pub deprecated: bool,
    pub kind: TypeKind,
    /// Every place of the description that refers to this type.
    pub uses: BTreeSet<Use>,
}

/// A place of the description that refers to a named type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Use {
    /// The schema at this JSON pointer has the type: a property, a list item, a map
    /// value, a parameter, a request body or a response.
    At(String),
    /// A variant of the union type of this (Rust) name; its `oneOf` entry names this type.
    Variant { union: String },
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    Union(Union),
    StringEnum(StringEnum),
    /// `additionalProperties` map: JSON object with arbitrary keys.
    Map(TypeRef),
    /// A named synonym of another type (e.g. an `array` component, or the old name of a
    /// renamed struct): `pub type Name = Target;`.
    Alias(TypeRef),
    /// The same item as the type of this (Rust) name, under a second name:
    /// `pub use self::Target as Name;`. Keeps the old name of a renamed enum: unlike a type
    /// alias, a re-export also keeps `use models::OldName::Variant` compiling (a `use`
    /// cannot go through an alias), at the price of no `#[deprecated]` warning (it has no
    /// effect on a `use`).
    Reexport(String),
    /// An untagged union of values of different JSON kinds (`string | array of string`).
    PrimitiveUnion(PrimitiveUnion),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// The implicit tag this object carries on the wire even outside a union
    /// (e.g. `GenericConversationImport`).
    pub wire_tag: Option<WireTag>,
}

/// A tag written into an object: `{"<key>": "<value>", ...}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireTag {
    pub key: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust field name (snake_case, raw identifier prefix not included).
    pub name: String,
    /// JSON key.
    pub wire_name: String,
    pub ty: TypeRef,
    pub required: bool,
    pub docs: Option<String>,
    pub deprecated: bool,
    /// Held in a `Box`: the field closes a cycle of types that contain each other by
    /// value, which would otherwise have infinite size (decided by `model::recursion`).
    pub boxed: bool,
}

#[cfg(test)]
impl Field {
    /// A field whose Rust name is its JSON key, undocumented, neither deprecated nor boxed.
    pub(crate) fn plain(name: &str, ty: TypeRef, required: bool) -> Field {
        Field {
            name: name.into(),
            wire_name: name.into(),
            ty,
            required,
            docs: None,
            deprecated: false,
            boxed: false,
        }
    }
}

/// A use of a type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    Named(String),
    String,
    Bool,
    I32,
    I64,
    F64,
    Uuid,
    /// `format: date-time`, kept as sent (RFC 3339 or Java zoned form).
    DateTime,
    /// `format: binary` (file upload parts).
    Binary,
    /// Any JSON value (schema without a type).
    Json,
    List(Box<TypeRef>),
    /// JSON object with string keys.
    Map(Box<TypeRef>),
    /// A value that may be `null` on the wire and must keep that `null`.
    Nullable(Box<TypeRef>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    pub repr: UnionRepr,
    pub variants: Vec<Variant>,
    pub decided_by: Decision,
}

/// How a union is told apart on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnionRepr {
    /// `{"<key>": "<tag>", ...fields}`; unknown tags decode into `Unknown`.
    Tagged { key: String },
    /// No tag on the wire: each variant is recognised by a key only it has.
    Untagged,
}

/// What decided a union's wire form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Dixa's conventions ([`crate::conventions`]) applied to the description.
    Convention,
    /// An entry of `spec/overrides.yaml`.
    Override(OverrideRule),
}

/// The override rules that decide a union's wire form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverrideRule {
    /// A `oneOf` sent without a tag: variants told apart by a key (`union: untagged`).
    Untagged,
    /// A `oneOf` of `{value: T}` objects sent as the bare values (`union: unwrapped-values`).
    UnwrappedValues,
    /// A `values: [...]` string sent as `{"<tag key>": "<value>"}` (`field-type: tagged-unit-enum`).
    TaggedUnitEnum,
    /// A string sent as a string or a number (`field-type: lenient-string`).
    LenientString,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Rust variant name.
    pub name: String,
    /// What on the wire selects this variant.
    pub selector: Selector,
    /// The payload type; `None` for a variant with no fields (`{"_type": "X"}`).
    pub payload: Option<String>,
    /// The component schema the variant's `oneOf` entry refers to; `None` for variants
    /// the description lists as values (override `tagged-unit-enum`).
    pub component: Option<String>,
    pub docs: Option<String>,
}

/// What selects a union variant on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    /// Tagged unions: the value of the union's tag key.
    Tag(String),
    /// Untagged unions: a JSON key whose presence selects this variant.
    Key(String),
}

impl Selector {
    /// The tag, for a variant of a tagged union.
    pub fn tag(&self) -> Option<&str> {
        match self {
            Selector::Tag(tag) => Some(tag),
            Selector::Key(_) => None,
        }
    }

    /// The discriminating key, for a variant of an untagged union.
    pub fn key(&self) -> Option<&str> {
        match self {
            Selector::Key(key) => Some(key),
            Selector::Tag(_) => None,
        }
    }
}

/// A closed-today, open-tomorrow set of strings; unknown values are preserved.
#[derive(Debug, Clone, PartialEq)]
pub struct StringEnum {
    pub values: Vec<EnumValue>,
    pub source: EnumSource,
    /// Pointers of the other schemas this type stands for (`model::shared_enums`
    /// merged them into the schema at the type's own pointer).
    pub also_at: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    /// Rust variant name.
    pub name: String,
    pub wire: String,
}

/// Which rule produced a string enum (shown in the model snapshot and the report).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumSource {
    /// An `enum` keyword.
    Keyword,
    /// A `values: [A, B]` description.
    Description,
    /// A `oneOf` whose variants are all empty objects: sent as a bare string.
    EmptyUnion,
}

/// Values of different JSON kinds, told apart by their kind.
#[derive(Debug, Clone, PartialEq)]
pub struct PrimitiveUnion {
    pub variants: Vec<PrimitiveVariant>,
    pub decided_by: Decision,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PrimitiveVariant {
    pub name: String,
    pub ty: TypeRef,
    /// For unwrapped values: the component whose `value` property this is.
    pub component: Option<String>,
}

/// One HTTP operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub id: String,
    pub pointer: String,
    pub method: HttpMethod,
    /// Path template as in the description, e.g. `/beta/agents/{agentId}`.
    pub path: String,
    pub tags: Vec<String>,
    /// Resource group (from the first tag), snake_case: `end_users`.
    pub group: String,
    /// Method name inside its group, snake_case: `list`, `get`, `list_messages`.
    pub fn_name: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub params: Vec<Param>,
    pub body: Option<RequestBody>,
    pub responses: Vec<Response>,
    /// The call's arguments, in order ([`Operation::argument_order`]); every other
    /// parameter (and an optional or multipart body) is a method of the request builder.
    pub arguments: Vec<Argument>,
    /// The statuses that are a success (the 2xx answers), in description order.
    pub successes: Vec<u16>,
    /// What a success decodes to: from the first of [`Operation::successes`].
    pub output: Output,
    /// Set for operations that take `pageKey`/`pageLimit` and answer with `meta.next`.
    pub pagination: Option<Pagination>,
}

/// One argument of an operation's method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Argument {
    /// `params[i]`.
    Param(usize),
    /// The required JSON body.
    Body,
}

/// What an operation answers on success.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// A JSON body, decoded as this type.
    Json(TypeRef),
    /// A body that is not JSON (a file, text), returned as bytes.
    Bytes,
    /// No body (or no 2xx answer described): `()`.
    Empty,
}

impl Operation {
    /// The argument order every consumer uses: path parameters in the order they appear
    /// in the path, required query and header parameters in description order, then a
    /// required JSON body.
    pub fn argument_order(
        path: &str,
        params: &[Param],
        body: Option<&RequestBody>,
    ) -> Vec<Argument> {
        let mut path_params: Vec<usize> = (0..params.len())
            .filter(|&i| params[i].location == ParamLocation::Path)
            .collect();
        path_params.sort_by_key(|&i| path.find(&format!("{{{}}}", params[i].wire_name)));
        let required = (0..params.len())
            .filter(|&i| params[i].location != ParamLocation::Path && params[i].required);
        let body = body
            .filter(|b| b.required && b.content == BodyContent::Json)
            .map(|_| Argument::Body);
        path_params
            .into_iter()
            .chain(required)
            .map(Argument::Param)
            .chain(body)
            .collect()
    }

    /// The success statuses of `responses` and what the first of them answers.
    pub fn success_of(responses: &[Response]) -> (Vec<u16>, Output) {
        let successes: Vec<u16> = responses
            .iter()
            .filter_map(|r| r.status.filter(|s| (200..300).contains(s)))
            .collect();
        let first = successes
            .first()
            .and_then(|&s| responses.iter().find(|r| r.status == Some(s)));
        let output = match first {
            Some(Response { ty: Some(ty), .. }) => Output::Json(ty.clone()),
            Some(Response { bytes: true, .. }) => Output::Bytes,
            _ => Output::Empty,
        };
        (successes, output)
    }

    /// The parameters that are arguments, in argument order.
    pub fn argument_params(&self) -> impl Iterator<Item = &Param> {
        self.arguments.iter().filter_map(|a| match a {
            Argument::Param(i) => self.params.get(*i),
            Argument::Body => None,
        })
    }

    /// Whether `params[index]` is an argument (else a builder method).
    pub fn is_argument(&self, index: usize) -> bool {
        self.arguments.contains(&Argument::Param(index))
    }

    /// Whether the body is an argument (required and JSON).
    pub fn body_is_argument(&self) -> bool {
        self.arguments.contains(&Argument::Body)
    }

    /// The success body's type, if it is JSON.
    pub fn output_type(&self) -> Option<&TypeRef> {
        match &self.output {
            Output::Json(ty) => Some(ty),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HttpMethod {
    Get,
    Put,
    Post,
    Patch,
    Delete,
}

impl HttpMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
        }
    }

    /// Idempotent per RFC 9110: safe to retry by default.
    pub fn is_idempotent(self) -> bool {
        matches!(self, HttpMethod::Get | HttpMethod::Put | HttpMethod::Delete)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Rust argument / builder method name.
    pub name: String,
    pub wire_name: String,
    pub location: ParamLocation,
    pub ty: TypeRef,
    pub required: bool,
    pub docs: Option<String>,
    /// `default` from the schema, as JSON text (documentation only: the server applies it).
    pub default: Option<String>,
    /// `explode: false` on a query list: one `name=a,b` instead of `name=a&name=b`.
    pub joined: bool,
    /// `deprecated: true`: the setter carries `#[deprecated]`, an argument a doc line.
    pub deprecated: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    pub ty: TypeRef,
    pub content: BodyContent,
    pub required: bool,
    pub docs: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum BodyContent {
    Json,
    /// `multipart/form-data`; the type's fields are the parts.
    Multipart,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// HTTP status (`200`) or `None` for `default`.
    pub status: Option<u16>,
    /// Decoded JSON body type; `None` when the response has no JSON body.
    pub ty: Option<TypeRef>,
    /// The body is not JSON (`application/octet-stream`, a file, text): returned as bytes.
    pub bytes: bool,
    pub docs: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The page: the success body's type, a struct.
    pub page: String,
    /// Type of the elements of the page's items array.
    pub item: TypeRef,
    /// Where the page's items are (`data`).
    pub items_at: Vec<FieldStep>,
    /// Where the link to the next page is (`meta.next`).
    pub next_at: Vec<FieldStep>,
}

/// One field on a path into a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldStep {
    /// Rust field name.
    pub name: String,
    /// JSON key.
    pub wire_name: String,
    /// `false` when the Rust field is an `Option`.
    pub required: bool,
}

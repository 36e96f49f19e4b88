//! The intermediate representation: plain data, exact integers, no tokens. Lowering fills
//! it from a spec; emitters read it.

use std::collections::BTreeMap;

/// One spec, lowered.
#[derive(Debug, Clone, PartialEq)]
pub struct Module {
    /// The spec path as shown in headers and errors, e.g. `specs/aws_lambda_create_function.yaml`.
    pub spec: String,
    /// The Rust module name.
    pub name: String,
    /// `info.title` and `info.description`.
    pub doc: Option<String>,
    /// Named types by Rust name (sorted, so output order never depends on the input order).
    pub types: BTreeMap<String, TypeDef>,
    /// Operations in document order.
    pub operations: Vec<Operation>,
    /// Patterns, numbered in order of first use.
    pub patterns: Vec<PatternIr>,
    /// Filter expression specs, numbered in order of first use.
    pub filters: Vec<Filter>,
    /// What the generator reads but does not enforce, which a reader could take for a
    /// constraint (formats it does not know), once each: `gen` prints them.
    pub notes: Vec<crate::error::Diagnostic>,
}

/// A pattern: the spec's ECMA-262 source and its `regex` translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternIr {
    /// As written in the spec.
    pub source: String,
    /// For the `regex` crate; with lookaround, the main pattern, each lookaround written as
    /// its placeholder (see `docspec_runtime::lookaround`).
    pub translated: String,
    /// Lookaround bodies, innermost first (empty for a plain pattern).
    pub looks: Vec<(crate::ecma::LookKind, String)>,
}

/// A compiled pattern's search: whether a string matches.
pub type Matcher = Box<dyn Fn(&str) -> bool>;

impl PatternIr {
    /// Whether `s` matches (search semantics), on the engine the runtime uses for it.
    pub fn matcher(&self) -> Result<Matcher, String> {
        if self.looks.is_empty() {
            let re = regex::Regex::new(&self.translated).map_err(|e| e.to_string())?;
            return Ok(Box::new(move |s| re.is_match(s)));
        }
        let looks: Vec<_> = self.looks.iter().map(|(k, b)| (*k, b.as_str())).collect();
        let l = docspec_runtime::lookaround::Lookaround::new(&self.translated, &looks)?;
        Ok(Box::new(move |s| l.is_match(s)))
    }
}

/// A named Rust type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Rust type name.
    pub name: String,
    /// Where it was defined.
    pub pointer: String,
    /// Rustdoc.
    pub doc: Option<String>,
    /// What it is.
    pub kind: TypeKind,
}

/// The kinds of named types.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(Struct),
    /// A string enum.
    Enum(Enum),
    /// The Rust enum of a one-of group.
    Group(Group),
    /// `oneOf` / `anyOf`: a Rust enum with one variant per subschema.
    Union(Union),
    /// A component schema that is not an object or enum: a type alias (its constraints are
    /// checked where it is used).
    Alias(Shape),
}

/// An object type.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Fields sorted by wire name (schemas are read from the document's JSON value, whose
    /// objects are sorted maps), parameters in document order; group members are not here
    /// but in their group.
    pub fields: Vec<Field>,
    /// One-of groups, each a field holding a [`Group`] enum.
    pub groups: Vec<GroupField>,
    /// Rules between fields.
    pub rules: Vec<Rule>,
    /// `additionalProperties: false`: wire names that are allowed, sorted.
    pub deny_unknown: Option<Vec<String>>,
    /// An `additionalProperties` schema beside `properties`: every undeclared member must
    /// be a value of it, checked when decoding (the Rust value keeps declared members only,
    /// as for any undeclared member).
    pub extra: Option<Box<Shape>>,
    /// `minProperties`: the least number of members, declared or not.
    pub min_props: Option<u64>,
    /// `maxProperties`: the most members, declared or not.
    pub max_props: Option<u64>,
    /// Member names compare ASCII case-insensitively: HTTP header fields (RFC 9110 section
    /// 5.1), which servers such as hyper hand over lower-cased.
    pub header_names: bool,
}

/// One field of a struct (or one member of a group).
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// JSON name.
    pub wire: String,
    /// Rust field name.
    pub rust: String,
    /// Rustdoc.
    pub doc: Option<String>,
    /// Type and constraints.
    pub shape: Shape,
    /// Where the property's (or parameter's) schema is in the spec.
    pub pointer: String,
    /// Required in every direction: listed in `required`, neither `readOnly` nor `writeOnly`.
    pub required: bool,
    /// `readOnly` or `writeOnly`: sent in one direction only.
    pub access: Option<Access>,
    /// Boxed to break a cycle.
    pub boxed: bool,
}

/// A member sent in one direction only (OpenAPI 3.0 `readOnly`, `writeOnly`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Access {
    /// `readOnly`: in responses only (else `writeOnly`: in requests only).
    pub read_only: bool,
    /// Listed in `required`: required in that direction.
    pub required: bool,
}

/// The struct field that holds a one-of group.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupField {
    /// Rust field name.
    pub rust: String,
    /// The group enum's type name.
    pub type_name: String,
    /// Exactly one (else at most one).
    pub exactly_one: bool,
    /// Wire names of the members, in order.
    pub members: Vec<String>,
}

/// A one-of group enum: one variant per member.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The members, as fields (variant name in `Field::rust` is the Pascal form).
    pub members: Vec<Variant>,
}

/// A group variant.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// JSON name of the member.
    pub wire: String,
    /// Rust variant name.
    pub rust: String,
    /// Rustdoc.
    pub doc: Option<String>,
    /// The member's type and constraints.
    pub shape: Shape,
    /// Where the member's schema is in the spec.
    pub pointer: String,
    /// Boxed to break a cycle.
    pub boxed: bool,
}

/// `oneOf` or `anyOf`: the variants (`Variant::wire` is the name used in messages: the
/// component's name, or the Rust variant's for an inline subschema).
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// `anyOf` (else `oneOf`).
    pub any: bool,
    /// One per subschema, in order.
    pub variants: Vec<Variant>,
    /// How a value's variant is found.
    pub dispatch: Dispatch,
    /// `not`: schemas that no value may match (checked when decoding, after the variant).
    pub not: Vec<Shape>,
}

/// How the variant of a union's value is found (see `docspec_runtime::Dispatch`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dispatch {
    /// Every variant is tried.
    Trial,
    /// `discriminator`: the member `property` names the variant (value, variant index).
    Tag {
        /// `propertyName`.
        property: String,
        /// Mapped values and their variants.
        values: Vec<(String, usize)>,
    },
    /// Variant `i` requires `members[i]`, which no other variant requires.
    Member(Vec<String>),
    /// The one variant is every value (a body type whose schema constrains the value itself).
    Single,
}

/// A string enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enum {
    /// (wire value, Rust variant) in spec order.
    pub values: Vec<(String, String)>,
    /// Keeps unknown values in an `Unknown_(String)` variant (used in a response; see
    /// [`crate::ident::UNKNOWN_VARIANT`]).
    pub tolerant: bool,
}

/// How an integer travels on the wire and which Rust type holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntRepr {
    /// `format: int32`: `i32`.
    I32,
    /// `format: int64` or no format: `i64`.
    I64,
    /// `x-int64-string`: `Int64`, a decimal string on the wire.
    Int64String,
}

/// Integer constraints, exact.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IntChecks {
    /// (bound, exclusive)
    pub minimum: Option<(i128, bool)>,
    /// (bound, exclusive)
    pub maximum: Option<(i128, bool)>,
    /// Positive.
    pub multiple_of: Option<i128>,
    /// `enum`: the values that can be valid, in spec order (empty: any).
    pub values: Vec<i128>,
}

/// Constraints of a `type: number`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct NumChecks {
    /// (bound, exclusive)
    pub minimum: Option<(f64, bool)>,
    /// (bound, exclusive)
    pub maximum: Option<(f64, bool)>,
    /// Positive, the exact decimal of the spec's number (never an `f64` divisor).
    pub multiple_of: Option<Decimal>,
}

/// Exact decimals: the runtime's own type.
pub use docspec_runtime::Decimal;

/// String constraints.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StrChecks {
    /// In code points.
    pub min_length: Option<u64>,
    /// In code points.
    pub max_length: Option<u64>,
    /// Indexes into [`Module::patterns`]; all must match.
    pub patterns: Vec<usize>,
    /// Enforced format.
    pub format: Option<Format>,
    /// Index into [`Module::filters`].
    pub filter: Option<usize>,
}

/// Formats that are enforced: the runtime's own list (one list of names and meanings).
pub use docspec_runtime::rules::Format;

/// A type with its constraints, as it appears at a use site.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// A string.
    String(StrChecks),
    /// An integer.
    Integer(IntRepr, IntChecks),
    /// A floating-point number.
    Number(NumChecks),
    /// A boolean.
    Boolean,
    /// An array.
    Array {
        /// Items.
        items: Box<Shape>,
        /// `minItems`.
        min_items: Option<u64>,
        /// `maxItems`.
        max_items: Option<u64>,
        /// `uniqueItems`.
        unique: bool,
    },
    /// A map with string keys.
    Map {
        /// Values.
        values: Box<Shape>,
        /// Key constraints (`x-property-names`).
        keys: StrChecks,
        /// `minProperties`.
        min_props: Option<u64>,
        /// `maxProperties`.
        max_props: Option<u64>,
        /// `required`: keys that must be present (in spec order).
        required: Vec<String>,
    },
    /// Any JSON value.
    Any,
    /// Any JSON object.
    FreeObject,
    /// A named struct or enum.
    Named(String),
    /// A schema without `type` whose keywords apply to one JSON type (never `Any`, `Untyped`
    /// or an enum): a value of that type is checked as the inner shape, a value of any other
    /// type is valid as it is (JSON Schema: keywords constrain only their own type).
    Untyped(Box<Shape>),
    /// `nullable: true`: null, or a value of the inner shape (never itself `Nullable`, `Any`
    /// or `Untyped`, which admit null already).
    Nullable(Box<Shape>),
}

/// The documented success response or request body of an operation, as its schema types it
/// (JSON, form or multipart media types; raw ones are in [`Operation::request_media`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// Its type.
    pub shape: Shape,
    /// Required (request bodies).
    pub required: bool,
}

/// One media type of a request or response body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Media {
    /// As written (`application/json`, `text/xml`).
    pub name: String,
    /// How a body of it is read.
    pub kind: MediaKind,
}

/// How a body of a media type is read and checked: the runtime's description, which the
/// emitted `REQUEST_MEDIA` lists spell out.
pub use docspec_runtime::MediaKind;

/// One operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// `operationId`.
    pub id: String,
    /// Rust name of the marker type.
    pub rust: String,
    /// Upper-case method.
    pub method: String,
    /// Path template.
    pub path: String,
    /// Summary and description.
    pub doc: Option<String>,
    /// Struct names of the path, query and header parameter types.
    pub path_params: Option<String>,
    /// Query parameters struct.
    pub query_params: Option<String>,
    /// Header parameters struct.
    pub header_params: Option<String>,
    /// The request body as its schema types it (JSON, form or multipart).
    pub body: Option<Body>,
    /// Every media type of the request body, in document order (empty without a body).
    pub request_media: Vec<Media>,
    /// Whether a request body is required (in any of its media types).
    pub body_required: bool,
    /// Members of a form or multipart body whose field holds JSON text: OpenAPI's `encoding`
    /// default for object values (and arrays of them), or an explicit
    /// `encoding/<member>/contentType` of JSON.
    pub form_json: Vec<String>,
    /// The success response body as its schema types it (JSON).
    pub response: Option<Body>,
    /// Every media type of the success response, in document order.
    pub response_media: Vec<Media>,
    /// Status code of the success response.
    pub response_status: Option<String>,
}

/// A rule between integer fields (`x-rules`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// The documented sentence.
    pub description: String,
    /// Applies only when this field is present and differs from the value.
    pub when: Option<(FieldPath, i128)>,
    /// What must then hold.
    pub asserts: Vec<Assert>,
}

/// One assertion of a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assert {
    /// The constrained field.
    pub field: FieldPath,
    /// Lower (true) or upper (false) bound.
    pub is_min: bool,
    /// The bound.
    pub bound: Bound,
}

/// A rule bound: a literal or a fraction of another field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bound {
    /// An exact integer.
    Literal(i128),
    /// `field * numerator / denominator`, compared without division.
    Fraction {
        /// The other field.
        field: FieldPath,
        /// Multiplier.
        numerator: i128,
        /// Positive divisor.
        denominator: i128,
    },
}

/// A path from a struct to an integer field inside it, resolved to Rust accessors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldPath {
    /// `resources/memory` as written.
    pub text: String,
    /// (wire name, Rust field, optional) per step.
    pub steps: Vec<(String, String, bool)>,
    /// Representation of the final integer.
    pub repr: IntRepr,
}

/// An `x-filter-expression`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// Allowed fields.
    pub fields: Vec<String>,
    /// Allowed operators.
    pub operators: Vec<String>,
    /// Value length limits.
    pub min_length: Option<u64>,
    /// Value length limits.
    pub max_length: Option<u64>,
    /// Value pattern index.
    pub pattern: Option<usize>,
}

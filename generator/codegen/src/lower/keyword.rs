//! The schema keywords the generator reads, as one typed registry: each keyword's spelling,
//! what kind it is, and which `type`s it constrains. Lowering branches on [`Keyword`]; a name
//! found in a document that is not one of them keeps its text for the diagnostic.

use std::fmt;

/// Declares [`Keyword`], [`Keyword::ALL`] and [`Keyword::name`] from one list, so that no
/// keyword can be left out of `ALL` or lack its spelling.
macro_rules! keywords {
    ($($(#[$doc:meta])* $variant:ident => $name:literal,)+) => {
        /// A schema keyword the generator reads. Each is enforced, an annotation (GUIDE rule 9), or
        /// refused where it cannot be enforced, with an error naming the spec file and pointer; the
        /// keyword fixture (`tests/fixtures/specs/keywords.yaml`) uses every one.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Keyword {
            $($(#[$doc])* $variant,)+
        }

        impl Keyword {
            /// Every keyword, by kind (structure, constraints, modifiers, extensions,
            /// annotations).
            pub const ALL: &'static [Keyword] = &[$(Keyword::$variant,)+];

            /// The keyword's spelling in a document.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Keyword::$variant => $name,)+
                }
            }
        }
    };
}

keywords! {
    /// `type`: enforced; decides the Rust type. One of [`SchemaType::ALL`], any other value is
    /// refused. Without it, the one type every constraint beside it applies to is taken (and
    /// values of other types pass), and constraints that apply to no single type are refused.
    Type => "type",
    /// `$ref`: a reference within the document. A component used by name is its named type;
    /// keywords beside it (other than annotations and [`KeywordKind::Modifier`]s) are merged
    /// in as `allOf` would. References outside the document, dangling ones and cycles through
    /// `$ref` and `allOf` are refused.
    Ref => "$ref",
    /// `allOf`: enforced by merging the members into one schema (every member holds);
    /// members that disagree in a way no single schema expresses (two types, two formats,
    /// `enum` lists with nothing in common) are refused.
    AllOf => "allOf",
    /// `oneOf`: enforced; a union of which exactly one variant matches. Beside `anyOf` in
    /// one schema it is refused.
    OneOf => "oneOf",
    /// `anyOf`: enforced; a union of which at least one variant matches.
    AnyOf => "anyOf",
    /// `discriminator`: enforced; its `propertyName` (and `mapping`) picks a union's
    /// variant. Refused unless every variant is a `$ref`.
    Discriminator => "discriminator",
    /// `not`: enforced; the value must not match the subschema.
    Not => "not",

    /// `minLength`: enforced on strings, in Unicode code points (GUIDE rule 5).
    MinLength => "minLength",
    /// `maxLength`: enforced on strings, in Unicode code points (GUIDE rule 5).
    MaxLength => "maxLength",
    /// `pattern`: enforced on strings with JSON Schema's search semantics, translated from
    /// ECMA-262 onto a linear-time engine (GUIDE rules 1 and 2); backreferences are refused.
    Pattern => "pattern",
    /// `format`: the string formats of [`crate::ir::Format`] are enforced; `int32`, `int64`,
    /// `float` and `double` choose the Rust type; `password` and `binary` are hints. Any
    /// other format falls back to its type, as OpenAPI says, and `gen` lists it.
    Format => "format",
    /// `enum`: enforced on strings and integers (a listed value that the other keywords
    /// exclude is noted and left out); refused on other types.
    Enum => "enum",
    /// `minimum`: enforced on integers (exactly, GUIDE rule 3) and numbers.
    Minimum => "minimum",
    /// `maximum`: enforced on integers (exactly, GUIDE rule 3) and numbers.
    Maximum => "maximum",
    /// `exclusiveMinimum`: enforced; OpenAPI 3.0's flag that makes `minimum` exclusive.
    /// Without `minimum` it is refused.
    ExclusiveMinimum => "exclusiveMinimum",
    /// `exclusiveMaximum`: enforced; OpenAPI 3.0's flag that makes `maximum` exclusive.
    /// Without `maximum` it is refused.
    ExclusiveMaximum => "exclusiveMaximum",
    /// `multipleOf`: enforced on integers and numbers, exactly (GUIDE rule 3: integers in
    /// integer arithmetic, numbers as exact decimals, see `docspec_runtime::Decimal`); must
    /// be positive.
    MultipleOf => "multipleOf",
    /// `items`: enforced; the schema of an array's items (any value without it).
    Items => "items",
    /// `minItems`: enforced on arrays.
    MinItems => "minItems",
    /// `maxItems`: enforced on arrays.
    MaxItems => "maxItems",
    /// `uniqueItems`: enforced on arrays.
    UniqueItems => "uniqueItems",
    /// `properties`: enforced; an object's members become a struct's fields.
    Properties => "properties",
    /// `required`: enforced; a member listed but not in `properties` is required with any
    /// value, and refused beside `additionalProperties: false`.
    Required => "required",
    /// `additionalProperties`: enforced; `false` closes an object, a schema types the other
    /// members (without `properties`: a map).
    AdditionalProperties => "additionalProperties",
    /// `minProperties`: enforced on objects and maps.
    MinProperties => "minProperties",
    /// `maxProperties`: enforced on objects and maps.
    MaxProperties => "maxProperties",

    /// `nullable`: OpenAPI 3.0's way to admit null, enforced where a type is given (without
    /// one, null is valid already).
    Nullable => "nullable",
    /// `readOnly`: enforced on properties: sent only in responses (elsewhere OpenAPI gives it
    /// no meaning). Beside `writeOnly` on one property it is refused.
    ReadOnly => "readOnly",
    /// `writeOnly`: enforced on properties: sent only in requests (elsewhere OpenAPI gives it
    /// no meaning).
    WriteOnly => "writeOnly",

    /// `x-int64-string`: enforced; an `int64` that the wire carries as a decimal string
    /// (GUIDE rule 4). Refused without `format: int64`.
    XInt64String => "x-int64-string",
    /// `x-filter-expression`: enforced; a string in a filter syntax, with its `fields`,
    /// `operators` and the `value`'s length and pattern. Unknown keys in it are refused.
    XFilterExpression => "x-filter-expression",
    /// `x-property-names`: enforced; the length and pattern of a map's keys. Refused beside
    /// `properties` (it needs a map).
    XPropertyNames => "x-property-names",
    /// `x-oneof`: enforced; protobuf oneof groups of an object's properties, exactly one or
    /// at most one present (GUIDE rule 6).
    XOneof => "x-oneof",
    /// `x-rules`: enforced; rules between an object's integer fields that prose states
    /// (GUIDE rule 9).
    XRules => "x-rules",

    /// `description`: annotation; it documents the Rust item.
    Description => "description",
    /// `x-source`: annotation; the importer's provenance (for each keyword, the page line or
    /// overlay entry that stated it).
    XSource => "x-source",
    /// `title`: annotation; it documents the Rust item (and names an inline union variant).
    Title => "title",
    /// `example`: annotation.
    Example => "example",
    /// `default`: annotation; documented but never applied (validators do not fill in values).
    Default => "default",
    /// `deprecated`: annotation.
    Deprecated => "deprecated",
    /// `externalDocs`: annotation.
    ExternalDocs => "externalDocs",
    /// `xml`: annotation; the XML form of a value, which a JSON body does not have.
    Xml => "xml",
}

/// What a [`Keyword`] is to the generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeywordKind {
    /// Says what the schema is made of: its `type`, references, compositions and unions.
    Structure,
    /// A JSON Schema or OpenAPI constraint on values of some types ([`SchemaType::keywords`]),
    /// enforced there.
    Constraint,
    /// Applies to a schema of any type and changes how it is used rather than which values of
    /// its type are valid: `nullable`, `readOnly`, `writeOnly`.
    Modifier,
    /// An `x-` extension the generator defines, enforced on values of some types (a constraint
    /// that only prose states elsewhere).
    Extension,
    /// Only annotates: nothing to enforce. (An `x-` extension the generator does not define is
    /// a vendor's annotation too, see [`is_annotation`].)
    Annotation,
}

impl Keyword {
    /// The keyword spelled `name` in a document (case-sensitive, as JSON Schema is).
    pub fn from_name(name: &str) -> Option<Keyword> {
        Keyword::ALL.iter().copied().find(|k| k.name() == name)
    }

    /// What the keyword is to the generator.
    pub const fn kind(self) -> KeywordKind {
        use Keyword::*;
        match self {
            Type | Ref | AllOf | OneOf | AnyOf | Discriminator | Not => KeywordKind::Structure,
            MinLength | MaxLength | Pattern | Format | Enum | Minimum | Maximum
            | ExclusiveMinimum | ExclusiveMaximum | MultipleOf | Items | MinItems | MaxItems
            | UniqueItems | Properties | Required | AdditionalProperties | MinProperties
            | MaxProperties => KeywordKind::Constraint,
            Nullable | ReadOnly | WriteOnly => KeywordKind::Modifier,
            XInt64String | XFilterExpression | XPropertyNames | XOneof | XRules => {
                KeywordKind::Extension
            }
            Description | XSource | Title | Example | Default | Deprecated | ExternalDocs | Xml => {
                KeywordKind::Annotation
            }
        }
    }

    /// Whether the keyword constrains values of type `ty` (JSON Schema: a type-specific
    /// keyword holds for every value of another type).
    pub fn applies_to(self, ty: SchemaType) -> bool {
        ty.keywords().contains(&self)
    }

    /// Whether the keyword constrains values of some type ([`KeywordKind::Constraint`] or
    /// [`KeywordKind::Extension`]).
    pub fn is_type_specific(self) -> bool {
        SchemaType::ALL.iter().any(|&t| self.applies_to(t))
    }
}

impl fmt::Display for Keyword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Whether the keyword spelled `k` only annotates: a documentation keyword
/// ([`KeywordKind::Annotation`]), or an `x-` extension the generator does not define (a
/// vendor's, GUIDE rule 9).
pub fn is_annotation(k: &str) -> bool {
    match Keyword::from_name(k) {
        Some(kw) => kw.kind() == KeywordKind::Annotation,
        None => k.starts_with("x-"),
    }
}

/// A value of `type` that the generator supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SchemaType {
    /// `string`.
    String,
    /// `integer`.
    Integer,
    /// `number`.
    Number,
    /// `boolean`.
    Boolean,
    /// `array`.
    Array,
    /// `object`.
    Object,
}

impl SchemaType {
    /// Every type, in the order diagnostics list them.
    pub const ALL: &'static [SchemaType] = &[
        SchemaType::String,
        SchemaType::Integer,
        SchemaType::Number,
        SchemaType::Boolean,
        SchemaType::Array,
        SchemaType::Object,
    ];

    /// The type's spelling in a document.
    pub const fn name(self) -> &'static str {
        match self {
            SchemaType::String => "string",
            SchemaType::Integer => "integer",
            SchemaType::Number => "number",
            SchemaType::Boolean => "boolean",
            SchemaType::Array => "array",
            SchemaType::Object => "object",
        }
    }

    /// The type spelled `name` in a document.
    pub fn from_name(name: &str) -> Option<SchemaType> {
        SchemaType::ALL.iter().copied().find(|t| t.name() == name)
    }

    /// The keywords a schema of this type may hold beside `type`, the
    /// [`KeywordKind::Modifier`]s and the annotations: those that constrain its values. A
    /// number has no `enum` here.
    pub const fn keywords(self) -> &'static [Keyword] {
        use Keyword::*;
        match self {
            SchemaType::String => &[
                MinLength,
                MaxLength,
                Pattern,
                Format,
                Enum,
                XFilterExpression,
            ],
            SchemaType::Integer => &[
                Enum,
                Format,
                Minimum,
                Maximum,
                ExclusiveMinimum,
                ExclusiveMaximum,
                MultipleOf,
                XInt64String,
            ],
            SchemaType::Number => &[
                Format,
                Minimum,
                Maximum,
                ExclusiveMinimum,
                ExclusiveMaximum,
                MultipleOf,
            ],
            SchemaType::Boolean => &[],
            SchemaType::Array => &[Items, MinItems, MaxItems, UniqueItems],
            SchemaType::Object => &[
                Properties,
                Required,
                AdditionalProperties,
                MinProperties,
                MaxProperties,
                XPropertyNames,
                XOneof,
                XRules,
            ],
        }
    }
}

impl fmt::Display for SchemaType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn names_round_trip_and_are_distinct() {
        let mut names = BTreeSet::new();
        for &k in Keyword::ALL {
            assert_eq!(Keyword::from_name(k.name()), Some(k), "{k:?}");
            assert!(names.insert(k.name()), "{} twice", k.name());
        }
        for &t in SchemaType::ALL {
            assert_eq!(SchemaType::from_name(t.name()), Some(t));
        }
        assert_eq!(Keyword::from_name("patternProperties"), None);
        assert_eq!(Keyword::from_name("MinLength"), None);
        assert_eq!(SchemaType::from_name("null"), None);
    }

    #[test]
    fn kinds_agree_with_spelling_and_types() {
        for &k in Keyword::ALL {
            let kind = k.kind();
            // Extensions are the generator's own `x-` keywords; `x-source` is an annotation.
            assert_eq!(
                k.name().starts_with("x-"),
                kind == KeywordKind::Extension || k == Keyword::XSource,
                "{k}"
            );
            // Exactly the constraints and extensions constrain values of some type.
            assert_eq!(
                k.is_type_specific(),
                matches!(kind, KeywordKind::Constraint | KeywordKind::Extension),
                "{k}"
            );
        }
    }

    #[test]
    fn annotations_are_documentation_keywords_and_vendor_extensions() {
        for (k, annotation) in [
            ("description", true),
            ("x-source", true),
            ("xml", true),
            ("x-vendor-thing", true),
            ("x-oneof", false),
            ("minLength", false),
            ("nullable", false),
            ("patternProperties", false),
        ] {
            assert_eq!(is_annotation(k), annotation, "{k}");
        }
    }
}

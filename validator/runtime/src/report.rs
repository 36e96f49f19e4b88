//! The violation report: a flat list of violations, each with a wire-name pointer, a stable
//! code, a message and the limit that was broken.

use serde::ser::{Serialize, SerializeMap, Serializer};
use std::fmt;

/// Stable machine-readable violation codes. Their string forms never change once released.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Code {
    /// The input is not JSON.
    Syntax,
    /// The value has the wrong JSON type or cannot be represented (e.g. int64 overflow).
    Type,
    /// A required member or parameter is missing.
    Required,
    /// A member is present that the schema forbids (`additionalProperties: false`, a body
    /// sent to an operation without one).
    UnknownField,
    /// Fewer characters than `minLength`.
    MinLength,
    /// More characters than `maxLength`.
    MaxLength,
    /// The value does not match `pattern`.
    Pattern,
    /// The value does not match its `format` (`date-time`, `byte`).
    Format,
    /// Below `minimum` (or not above an exclusive one).
    Minimum,
    /// Above `maximum` (or not below an exclusive one).
    Maximum,
    /// Not a multiple of `multipleOf`.
    MultipleOf,
    /// Not one of the values of `enum`.
    Enum,
    /// Fewer items than `minItems`.
    MinItems,
    /// More items than `maxItems`.
    MaxItems,
    /// Duplicate items under `uniqueItems`.
    UniqueItems,
    /// Fewer members than `minProperties`.
    MinProperties,
    /// More members than `maxProperties`.
    MaxProperties,
    /// A map key breaks `x-property-names`.
    PropertyName,
    /// Two or more members of a one-of group are present.
    OneOfConflict,
    /// No member of an exactly-one group is present.
    OneOfMissing,
    /// A rule between fields (`x-rules`) is broken.
    Rule,
    /// A filter expression (`x-filter-expression`) is malformed or breaks its value limits.
    Filter,
    /// A `readOnly` member sent in a request.
    ReadOnly,
    /// A `writeOnly` member sent in a response.
    WriteOnly,
    /// A body of a media type the operation does not document.
    MediaType,
    /// A value matches none, or more than one, of the schemas of a `oneOf`.
    OneOf,
    /// A value matches none of the schemas of an `anyOf`.
    AnyOf,
    /// A value matches the schema of a `not`.
    Not,
}

impl Code {
    /// The stable string form, e.g. `"max_length"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Code::Syntax => "syntax",
            Code::Type => "type",
            Code::Required => "required",
            Code::UnknownField => "unknown_field",
            Code::MinLength => "min_length",
            Code::MaxLength => "max_length",
            Code::Pattern => "pattern",
            Code::Format => "format",
            Code::Minimum => "minimum",
            Code::Maximum => "maximum",
            Code::MultipleOf => "multiple_of",
            Code::Enum => "enum",
            Code::MinItems => "min_items",
            Code::MaxItems => "max_items",
            Code::UniqueItems => "unique_items",
            Code::MinProperties => "min_properties",
            Code::MaxProperties => "max_properties",
            Code::PropertyName => "property_name",
            Code::OneOfConflict => "one_of_conflict",
            Code::OneOfMissing => "one_of_missing",
            Code::Rule => "rule",
            Code::Filter => "filter",
            Code::ReadOnly => "read_only",
            Code::WriteOnly => "write_only",
            Code::MediaType => "media_type",
            Code::OneOf => "one_of",
            Code::AnyOf => "any_of",
            Code::Not => "not",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The limit a violation broke, serialized as plain JSON (a number, a string or a list).
#[derive(Debug, Clone, PartialEq)]
pub enum Limit {
    /// An exact integer bound, multiple or length.
    Integer(i128),
    /// A floating-point bound (for `type: number`).
    Number(f64),
    /// An exact decimal (a number's `multipleOf`): a JSON number that reads back as exactly
    /// this decimal, or its text where no `u64` or `f64` does.
    Decimal(crate::Decimal),
    /// A pattern, format name, type name or rule text.
    Text(&'static str),
    /// Allowed values of an enum, or the members of a one-of group.
    List(&'static [&'static str]),
    /// Allowed values of an integer enum.
    Integers(Vec<i128>),
}

impl Serialize for Limit {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            // JSON consumers lose precision past 2^53 only if they parse numbers as doubles;
            // every limit in the documents fits in i64.
            Limit::Integer(n) => match i64::try_from(*n) {
                Ok(n) => s.serialize_i64(n),
                Err(_) => s.serialize_str(&n.to_string()),
            },
            Limit::Number(n) => s.serialize_f64(*n),
            Limit::Decimal(d) => match d.to_json_number() {
                Some(n) => n.serialize(s),
                None => s.serialize_str(&d.to_string()),
            },
            Limit::Text(t) => s.serialize_str(t),
            Limit::List(l) => l.serialize(s),
            Limit::Integers(l) => {
                use serde::ser::SerializeSeq;
                let mut seq = s.serialize_seq(Some(l.len()))?;
                for n in l {
                    // As `Integer`: a number when it fits in i64.
                    match i64::try_from(*n) {
                        Ok(n) => seq.serialize_element(&n)?,
                        Err(_) => seq.serialize_element(&n.to_string())?,
                    }
                }
                seq.end()
            }
        }
    }
}

/// One broken constraint.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// RFC 6901 pointer built from wire names, e.g. `/resources/memory`.
    pub pointer: String,
    /// Stable machine code.
    pub code: Code,
    /// Human-readable message, lower-case, no trailing period.
    pub message: String,
    /// The limit that was broken, where there is one.
    pub limit: Option<Limit>,
}

impl Violation {
    /// Builds a violation.
    pub fn new(pointer: String, code: Code, message: String, limit: Option<Limit>) -> Self {
        Violation {
            pointer,
            code,
            message,
            limit,
        }
    }
}

impl Serialize for Violation {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("pointer", &self.pointer)?;
        m.serialize_entry("code", &self.code)?;
        m.serialize_entry("message", &self.message)?;
        if let Some(limit) = &self.limit {
            m.serialize_entry("limit", limit)?;
        }
        m.end()
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.pointer.is_empty() {
            "(root)"
        } else {
            &self.pointer
        };
        write!(f, "{at}: {} [{}]", self.message, self.code)
    }
}

/// Every violation found in one pass, in document order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    violations: Vec<Violation>,
}

impl Report {
    /// Appends a violation.
    pub fn push(&mut self, v: Violation) {
        self.violations.push(v);
    }

    /// Puts a violation before the one at `index` (at the end when `index` is past it).
    pub(crate) fn insert(&mut self, index: usize, v: Violation) {
        self.violations.insert(index.min(self.violations.len()), v);
    }

    /// Records a violation at `at`; the pointer is rendered only now.
    pub fn add(&mut self, at: &crate::Path<'_>, code: Code, message: String, limit: Option<Limit>) {
        self.push(Violation::new(at.to_pointer(), code, message, limit));
    }

    /// True when nothing was violated.
    pub fn is_empty(&self) -> bool {
        self.violations.is_empty()
    }

    /// The violations, in the order they were found.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// Number of violations.
    pub fn len(&self) -> usize {
        self.violations.len()
    }

    /// Moves every violation of `other` into `self`, prefixing their pointers with `prefix`
    /// (an already escaped pointer such as `/body`).
    pub fn extend_prefixed(&mut self, prefix: &str, other: Report) {
        for mut v in other.violations {
            v.pointer.insert_str(0, prefix);
            self.violations.push(v);
        }
    }

    /// Moves every violation of `other` to the end of `self`.
    pub(crate) fn append(&mut self, mut other: Report) {
        self.violations.append(&mut other.violations);
    }

    /// Takes the violations from `at` on out of the report.
    pub(crate) fn split_off(&mut self, at: usize) -> Vec<Violation> {
        self.violations.split_off(at)
    }

    /// Drops the violations from `len` on.
    pub(crate) fn truncate(&mut self, len: usize) {
        self.violations.truncate(len);
    }

    /// `Ok(())` when empty, else `Err(self)`.
    #[inline]
    pub fn into_result(self) -> Result<(), Report> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }

    /// The machine-readable form: `{"valid": bool, "errors": [...]}` (also what
    /// `Serialize` writes, keys in this order).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }
}

impl Serialize for Report {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("valid", &self.is_empty())?;
        m.serialize_entry("errors", &self.violations)?;
        m.end()
    }
}

impl IntoIterator for Report {
    type Item = Violation;
    type IntoIter = std::vec::IntoIter<Violation>;
    fn into_iter(self) -> Self::IntoIter {
        self.violations.into_iter()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, v) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Report {}

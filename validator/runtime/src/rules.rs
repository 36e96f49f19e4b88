//! Constraint descriptions: one plain, `const`-constructible value per use site of a schema,
//! holding the keywords that apply there, and the one implementation of what each keyword
//! means.
//!
//! Generated code keeps these descriptions in `static`s and calls their methods; the IR
//! interpreter (`docspec_diff::interp`) builds the same descriptions from the IR (borrowing
//! from it, hence the lifetimes) and calls the same methods, so the semantics of a keyword (what it accepts, its violation's pointer,
//! code, message and limit, and the order of violations) are written here and nowhere else.
//! A new keyword is a new field of the description it belongs to and a line in its `check`.

use crate::filter::{self, FilterSpec};
use crate::{Code, Decimal, Limit, Path, Pattern, Report, check};

/// The keywords of a string value (`minLength`, `maxLength`, `pattern`, `format`,
/// `x-filter-expression`), or of a map key (`x-property-names`: lengths and patterns only).
#[derive(Debug)]
pub struct StrRules<'a> {
    /// `minLength`, in Unicode code points.
    pub min_length: Option<u64>,
    /// `maxLength`, in Unicode code points.
    pub max_length: Option<u64>,
    /// `pattern` (all must match; a schema has one, `allOf` members may add more).
    pub patterns: &'a [&'a Pattern],
    /// An enforced `format`.
    pub format: Option<Format>,
    /// `x-filter-expression`.
    pub filter: Option<&'a FilterSpec>,
}

impl StrRules<'_> {
    /// No keywords.
    pub const NONE: StrRules<'static> = StrRules {
        min_length: None,
        max_length: None,
        patterns: &[],
        format: None,
        filter: None,
    };

    /// Checks a string value: lengths, patterns, format, filter, in that order.
    ///
    /// Small enough to inline where the description is a constant: a string whose byte
    /// length settles both bounds (`n` bytes hold between `n/4` and `n` code points) of a
    /// description without patterns, format or filter costs two comparisons; anything else
    /// goes to `StrRules::check_all`.
    #[inline]
    pub fn check(&self, s: &str, at: &Path<'_>, r: &mut Report) {
        let n = s.len() as u64;
        let settled = self.min_length.is_none_or(|m| n >= m.saturating_mul(4))
            && self.max_length.is_none_or(|m| n <= m)
            && self.patterns.is_empty()
            && self.format.is_none()
            && self.filter.is_none();
        if !settled {
            self.check_all(s, at, r);
        }
    }

    /// [`StrRules::check`] of every keyword.
    #[inline(never)]
    fn check_all(&self, s: &str, at: &Path<'_>, r: &mut Report) {
        if let Some(n) = self.min_length {
            check::min_length(s, n, at, r);
        }
        if let Some(n) = self.max_length {
            check::max_length(s, n, at, r);
        }
        for p in self.patterns {
            check::pattern(s, p, at, r);
        }
        if let Some(f) = self.format {
            f.check(s, at, r);
        }
        if let Some(f) = self.filter {
            filter::check(s, f, at, r);
        }
    }

    /// Checks a map key (`at` points at its member): lengths, then patterns.
    #[inline]
    pub fn check_key(&self, k: &str, at: &Path<'_>, r: &mut Report) {
        if self.min_length.is_some() || self.max_length.is_some() {
            check::key_length(k, self.min_length, self.max_length, at, r);
        }
        for p in self.patterns {
            check::key_pattern(k, p, at, r);
        }
    }
}

/// String formats that are enforced. OpenAPI's own (`byte`, `date-time`, `date`, `int32` and
/// `int64` on strings) and JSON Schema's that real documents use; what each accepts is in
/// [`Format::holds`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// `date-time`: RFC 3339 section 5.6, with real calendar dates and leap seconds.
    DateTime,
    /// `date`: RFC 3339 `full-date`.
    Date,
    /// `time`: RFC 3339 `full-time` (with its offset).
    Time,
    /// `byte`: base64, standard or URL-safe alphabet, padding optional but correct.
    Byte,
    /// `email`: an RFC 5322 `addr-spec` (no display name).
    Email,
    /// `uuid`: RFC 4122's text form, `8-4-4-4-12` hex digits in either case.
    Uuid,
    /// `uri`: an RFC 3986 URI (with a scheme).
    Uri,
    /// `uri-reference`: an RFC 3986 URI or relative reference.
    UriReference,
    /// `hostname`: RFC 1123 host names (labels of letters, digits and inner hyphens).
    Hostname,
    /// `ipv4`: dotted-quad, no leading zeros.
    Ipv4,
    /// `ipv6`: RFC 4291 text forms.
    Ipv6,
    /// `int32` on a string: a decimal integer (as protobuf's JSON mapping writes it) in range.
    Int32,
    /// `int64` on a string: likewise.
    Int64,
}

impl Format {
    /// Every format, in declaration order.
    pub const ALL: &'static [Format] = &[
        Format::DateTime,
        Format::Date,
        Format::Time,
        Format::Byte,
        Format::Email,
        Format::Uuid,
        Format::Uri,
        Format::UriReference,
        Format::Hostname,
        Format::Ipv4,
        Format::Ipv6,
        Format::Int32,
        Format::Int64,
    ];

    /// The format's name in a spec.
    pub const fn name(self) -> &'static str {
        match self {
            Format::DateTime => "date-time",
            Format::Date => "date",
            Format::Time => "time",
            Format::Byte => "byte",
            Format::Email => "email",
            Format::Uuid => "uuid",
            Format::Uri => "uri",
            Format::UriReference => "uri-reference",
            Format::Hostname => "hostname",
            Format::Ipv4 => "ipv4",
            Format::Ipv6 => "ipv6",
            Format::Int32 => "int32",
            Format::Int64 => "int64",
        }
    }

    /// The format named `name` in a spec.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.iter().copied().find(|f| f.name() == name)
    }

    /// What a value must be, for the violation's message.
    pub const fn expected(self) -> &'static str {
        match self {
            Format::DateTime => "an RFC 3339 date-time such as 2024-01-31T12:00:00Z",
            Format::Date => "an RFC 3339 date such as 2024-01-31",
            Format::Time => "an RFC 3339 time such as 12:00:00Z",
            Format::Byte => "base64 (RFC 4648)",
            Format::Email => "an email address (RFC 5322 addr-spec)",
            Format::Uuid => "a UUID such as 123e4567-e89b-12d3-a456-426614174000",
            Format::Uri => "a URI with a scheme (RFC 3986)",
            Format::UriReference => "a URI or relative reference (RFC 3986)",
            Format::Hostname => "a host name (RFC 1123)",
            Format::Ipv4 => "an IPv4 address such as 192.0.2.1",
            Format::Ipv6 => "an IPv6 address such as 2001:db8::1",
            Format::Int32 => "a decimal int32 integer",
            Format::Int64 => "a decimal int64 integer",
        }
    }

    /// Whether `s` is in the format.
    #[inline]
    pub fn holds(self, s: &str) -> bool {
        crate::formats::holds(self, s)
    }

    /// Checks `s` against the format.
    #[inline]
    pub fn check(self, s: &str, at: &Path<'_>, r: &mut Report) {
        if !self.holds(s) {
            check::format(self, at, r);
        }
    }
}

/// The keywords of an integer, in exact arithmetic.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IntRules<'a> {
    /// `minimum`: (bound, `exclusiveMinimum`).
    pub minimum: Option<(i128, bool)>,
    /// `maximum`: (bound, `exclusiveMaximum`).
    pub maximum: Option<(i128, bool)>,
    /// `multipleOf`, positive.
    pub multiple_of: Option<i128>,
    /// `enum`: the values allowed (none listed: any).
    pub values: &'a [i128],
}

impl IntRules<'_> {
    /// Checks `n`: enum, minimum, maximum, multipleOf.
    #[inline]
    pub fn check(&self, n: i128, at: &Path<'_>, r: &mut Report) {
        if !self.values.is_empty() && !self.values.contains(&n) {
            check::int_enum(n, self.values, at, r);
        }
        if let Some((m, x)) = self.minimum {
            check::minimum(n, m, x, at, r);
        }
        if let Some((m, x)) = self.maximum {
            check::maximum(n, m, x, at, r);
        }
        if let Some(m) = self.multiple_of {
            check::multiple_of(n, m, at, r);
        }
    }
}

/// The keywords of a `type: number`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct NumRules {
    /// `minimum`: (bound, `exclusiveMinimum`).
    pub minimum: Option<(f64, bool)>,
    /// `maximum`: (bound, `exclusiveMaximum`).
    pub maximum: Option<(f64, bool)>,
    /// `multipleOf`, positive, as the exact decimal the spec writes (see [`Decimal`]).
    pub multiple_of: Option<Decimal>,
}

impl NumRules {
    /// Checks `x` (a number as generated types hold it: integers of the JSON text past
    /// 2^53 are already rounded to `f64`, as for the bounds): minimum, maximum, multipleOf.
    #[inline]
    pub fn check(&self, x: f64, at: &Path<'_>, r: &mut Report) {
        if let Some((m, e)) = self.minimum {
            check::number_minimum(x, m, e, at, r);
        }
        if let Some((m, e)) = self.maximum {
            check::number_maximum(x, m, e, at, r);
        }
        if let Some(m) = self.multiple_of {
            check::number_multiple_of(x, m, at, r);
        }
    }
}

/// The keywords of an array itself (its items have their own descriptions).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ArrayRules {
    /// `minItems`.
    pub min_items: Option<u64>,
    /// `maxItems`.
    pub max_items: Option<u64>,
    /// `uniqueItems: true`.
    pub unique: bool,
}

impl ArrayRules {
    /// Checks the items as a whole: minItems, maxItems, uniqueItems. `items` may be the typed
    /// items or, where they failed to decode, the raw JSON ones (so that items with type
    /// errors count too).
    #[inline]
    pub fn check<T: serde::Serialize>(&self, items: &[T], at: &Path<'_>, r: &mut Report) {
        if let Some(n) = self.min_items {
            check::min_items(items.len(), n, at, r);
        }
        if let Some(n) = self.max_items {
            check::max_items(items.len(), n, at, r);
        }
        if self.unique {
            check::unique_items(items, at, r);
        }
    }

    /// Whether any keyword is set.
    pub const fn any(&self) -> bool {
        self.min_items.is_some() || self.max_items.is_some() || self.unique
    }
}

/// The keywords of a map (an object with `additionalProperties` values) itself.
#[derive(Debug)]
pub struct MapRules<'a> {
    /// `minProperties`.
    pub min_properties: Option<u64>,
    /// `maxProperties`.
    pub max_properties: Option<u64>,
    /// `required`: keys that must be present, in spec order.
    pub required: &'a [&'a str],
    /// Key constraints (`x-property-names`).
    pub keys: StrRules<'a>,
}

impl MapRules<'_> {
    /// Checks the members as a whole: minProperties, maxProperties, required. `has` says
    /// whether a key is present; key constraints are checked per member with
    /// [`MapRules::check_key`].
    #[inline]
    pub fn check(&self, len: usize, has: impl Fn(&str) -> bool, at: &Path<'_>, r: &mut Report) {
        if let Some(n) = self.min_properties {
            check::min_properties(len, n, at, r);
        }
        if let Some(n) = self.max_properties {
            check::max_properties(len, n, at, r);
        }
        check::required_members(has, self.required, at, r);
    }

    /// Checks one key; `at` points at its member.
    #[inline]
    pub fn check_key(&self, k: &str, at: &Path<'_>, r: &mut Report) {
        self.keys.check_key(k, at, r);
    }
}

/// A rule between integer fields of one object (`x-rules`): when the field `when` reads is
/// present and differs from its value, every assertion must hold.
#[derive(Debug)]
pub struct RuleSpec<'a> {
    /// The documented sentence, quoted in every violation.
    pub description: &'a str,
    /// The field paths the rule reads; [`RuleSpec::check`] takes their values in this order.
    pub fields: &'a [FieldRef<'a>],
    /// (index into `fields`, the value it must differ from for the rule to apply).
    pub when: Option<(usize, i128)>,
    /// What must then hold.
    pub asserts: &'a [AssertSpec],
}

/// A path from an object to an integer field inside it.
#[derive(Debug)]
pub struct FieldRef<'a> {
    /// As the rule writes it, e.g. `resources/memory`.
    pub text: &'a str,
    /// Wire names, outermost first: where a violation about the field points.
    pub steps: &'a [&'a str],
}

/// One assertion of a rule.
#[derive(Debug)]
pub struct AssertSpec {
    /// Index into [`RuleSpec::fields`] of the constrained field.
    pub field: usize,
    /// A lower (true) or upper (false) bound.
    pub is_min: bool,
    /// The bound.
    pub bound: RuleBound,
}

/// The bound of an assertion.
#[derive(Debug, Clone, Copy)]
pub enum RuleBound {
    /// An exact integer.
    Literal(i128),
    /// The field `field` times `numerator / denominator`, compared without division.
    Fraction {
        /// Index into [`RuleSpec::fields`].
        field: usize,
        /// Multiplier.
        numerator: i128,
        /// Positive divisor.
        denominator: i128,
    },
}

/// What reading a rule's field found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Read {
    /// The field (or a step on the way to it) is absent.
    Absent,
    /// The field's first step is present on the wire but did not decode (its type error is
    /// reported already): the rule cannot be judged and is skipped.
    Undecodable,
    /// The field's value.
    Value(i128),
}

impl Read {
    fn value(self) -> Option<i128> {
        match self {
            Read::Value(n) => Some(n),
            _ => None,
        }
    }
}

impl RuleSpec<'_> {
    /// Checks the rule given the values of its `fields`, in order.
    pub fn check(&self, values: &[Read], at: &Path<'_>, r: &mut Report) {
        if values.contains(&Read::Undecodable) {
            return;
        }
        let read = |i: usize| values.get(i).copied().and_then(Read::value);
        if let Some((i, ne)) = self.when
            && read(i).is_none_or(|w| w == ne)
        {
            return;
        }
        for a in self.asserts {
            let Some(f) = self.fields.get(a.field) else {
                continue;
            };
            nested(at, f.steps, &mut |at| match a.bound {
                RuleBound::Literal(n) => {
                    rule_bound(read(a.field), a.is_min, n, f.text, self.description, at, r)
                }
                RuleBound::Fraction {
                    field,
                    numerator,
                    denominator,
                } => rule_fraction(
                    (read(a.field), read(field)),
                    a.is_min,
                    (numerator, denominator),
                    (f.text, self.fields.get(field).map_or("", |o| o.text)),
                    self.description,
                    at,
                    r,
                ),
            });
        }
    }
}

fn nested(at: &Path<'_>, steps: &[&str], f: &mut dyn FnMut(&Path<'_>)) {
    match steps.split_first() {
        None => f(at),
        Some((wire, rest)) => nested(&at.key(wire), rest, f),
    }
}

/// One assertion against a literal bound. An absent field breaks it: the rule applies, so
/// the field it constrains must be there.
fn rule_bound(
    value: Option<i128>,
    is_min: bool,
    bound: i128,
    field: &str,
    rule: &str,
    at: &Path<'_>,
    r: &mut Report,
) {
    let rel = if is_min { "at least" } else { "at most" };
    let msg = match value {
        Some(v) if (is_min && v >= bound) || (!is_min && v <= bound) => return,
        Some(v) => format!("`{field}` must be {rel} {bound}, got {v} (rule: {rule})"),
        None => format!("`{field}` must be present and {rel} {bound} (rule: {rule})"),
    };
    r.add(at, Code::Rule, msg, Some(Limit::Integer(bound)));
}

/// One assertion against `other * num / den`, compared exactly as `value * den` against
/// `other * num`. When `other` is absent there is no bound to check (a rule that needs it
/// present says so with its own assertion).
fn rule_fraction(
    (value, other): (Option<i128>, Option<i128>),
    is_min: bool,
    (num, den): (i128, i128),
    (field, other_field): (&str, &str),
    rule: &str,
    at: &Path<'_>,
    r: &mut Report,
) {
    let Some(o) = other else { return };
    let rel = if is_min { "at least" } else { "at most" };
    let shown = o.saturating_mul(num) / den.max(1);
    let msg = match value {
        Some(v) => {
            let (lhs, rhs) = (v.saturating_mul(den), o.saturating_mul(num));
            if (is_min && lhs >= rhs) || (!is_min && lhs <= rhs) {
                return;
            }
            format!(
                "`{field}` must be {rel} {num}/{den} of `{other_field}` ({shown}), got {v} (rule: {rule})"
            )
        }
        None => format!(
            "`{field}` must be present and {rel} {num}/{den} of `{other_field}` (rule: {rule})"
        ),
    };
    r.add(at, Code::Rule, msg, Some(Limit::Integer(shown)));
}

#[cfg(test)]
mod tests {
    use super::*;

    static RULE: RuleSpec = RuleSpec {
        description: "d",
        fields: &[
            FieldRef {
                text: "tmpfsSize",
                steps: &["tmpfsSize"],
            },
            FieldRef {
                text: "resources/memory",
                steps: &["resources", "memory"],
            },
        ],
        when: Some((0, 0)),
        asserts: &[
            AssertSpec {
                field: 1,
                is_min: true,
                bound: RuleBound::Literal(1024),
            },
            AssertSpec {
                field: 0,
                is_min: false,
                bound: RuleBound::Fraction {
                    field: 1,
                    numerator: 3,
                    denominator: 4,
                },
            },
        ],
    };

    fn run(values: &[Read]) -> Vec<(String, String)> {
        let mut r = Report::default();
        RULE.check(values, &Path::root(), &mut r);
        r.violations()
            .iter()
            .map(|v| (v.pointer.clone(), v.message.clone()))
            .collect()
    }

    #[test]
    fn rules_apply_only_when_their_condition_holds() {
        assert!(run(&[Read::Absent, Read::Value(1)]).is_empty());
        assert!(run(&[Read::Value(0), Read::Value(1)]).is_empty());
        assert!(run(&[Read::Value(600), Read::Undecodable]).is_empty());
        assert!(run(&[Read::Value(600), Read::Value(2048)]).is_empty());
        assert_eq!(
            run(&[Read::Value(900), Read::Value(1000)]),
            [
                (
                    "/resources/memory".to_owned(),
                    "`resources/memory` must be at least 1024, got 1000 (rule: d)".to_owned()
                ),
                (
                    "/tmpfsSize".to_owned(),
                    "`tmpfsSize` must be at most 3/4 of `resources/memory` (750), got 900 (rule: d)"
                        .to_owned()
                )
            ]
        );
        assert_eq!(
            run(&[Read::Value(900), Read::Absent]),
            [(
                "/resources/memory".to_owned(),
                "`resources/memory` must be present and at least 1024 (rule: d)".to_owned()
            )]
        );
    }

    #[test]
    fn number_multiples_are_exact_decimals() {
        let rules = |m: f64| NumRules {
            multiple_of: Decimal::from_f64(m),
            ..NumRules::default()
        };
        let run = |m: f64, x: f64| {
            let mut r = Report::default();
            rules(m).check(x, &Path::root().key("price"), &mut r);
            r.to_json()["errors"].clone()
        };
        for (m, x) in [
            (0.01, 0.15),
            (0.01, 1e300),
            (0.01, -0.15),
            (0.01, 7.0),
            (2.5, 7.5),
        ] {
            assert_eq!(run(m, x), serde_json::json!([]), "{x} of {m}");
        }
        assert_eq!(
            run(0.01, 0.015),
            serde_json::json!([{
                "pointer": "/price",
                "code": "multiple_of",
                "message": "must be a multiple of 0.01, got 0.015",
                "limit": 0.01
            }])
        );
        assert_eq!(
            run(0.1, 0.1 + 0.2)[0]["message"],
            "must be a multiple of 0.1, got 0.30000000000000004"
        );
        assert_eq!(
            run(2.5, -7.4)[0]["message"],
            "must be a multiple of 2.5, got -7.4"
        );
        assert_eq!(run(1e20, 3.0)[0]["limit"], serde_json::json!(1e20));
    }
}

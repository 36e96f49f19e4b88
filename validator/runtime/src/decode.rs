//! Decoding a `serde_json::Value` into generated types while recording type errors as
//! violations, so that a body with a wrong type still yields a full report.

use crate::read::{Got, Scalar};
use crate::{Code, Int64, Limit, Path, Report};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Which side of the wire a value comes from (GUIDE rule 8: requests strict, responses
/// tolerant). Enums that appear in responses keep unknown values only when decoding a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// A request: unknown enum values are violations.
    Request,
    /// A response: enums with an `Unknown` variant keep unknown values.
    Response,
}

/// Decoding context: where violations go, and how scalars are read.
#[derive(Debug)]
pub struct Cx<'r> {
    /// Collected violations.
    pub report: &'r mut Report,
    /// Request or response.
    pub direction: Direction,
    /// Path and query parameters arrive as strings: integers, numbers and booleans are then
    /// parsed from their string form.
    pub scalars_from_strings: bool,
}

impl<'r> Cx<'r> {
    /// The same context, recording into `report`.
    pub fn with<'x>(&self, report: &'x mut Report) -> Cx<'x> {
        Cx {
            report,
            direction: self.direction,
            scalars_from_strings: self.scalars_from_strings,
        }
    }

    /// A context for JSON bodies.
    pub fn new(report: &'r mut Report, direction: Direction) -> Self {
        Cx {
            report,
            direction,
            scalars_from_strings: false,
        }
    }

    /// Records that the value at `at` is not of the `expected` JSON type.
    pub fn type_error(&mut self, at: &Path<'_>, expected: &'static str, got: &Value) {
        self.report.add(
            at,
            Code::Type,
            format!("expected {expected}, got {}", describe(got)),
            Some(Limit::Text(expected)),
        );
    }
}

fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean {b}"),
        Value::Number(n) => format!("number {n}"),
        Value::String(s) if s.chars().count() <= 40 => format!("string {s:?}"),
        Value::String(_) => "a string".into(),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// A type that can be decoded from JSON, reporting every type error it meets.
///
/// Decoding failed when it recorded violations (the result is then `None`, or a partial array
/// or map); the caller must not use a value decoded with violations. Parts of a failed object
/// that did decode have been checked against their constraints already, so one pass reports
/// type errors and constraint violations together.
pub trait Decode: Sized {
    /// The JSON type this type is decoded from, when there is one ([`Untyped`] decodes
    /// values of other types as they are). `None` for types decoded from more than one (a
    /// JSON value, an int64 that may be a string).
    const TYPE: Option<JsonType> = None;

    /// Decodes `v`, found at `at`.
    fn decode(v: &Value, at: &Path<'_>, cx: &mut Cx<'_>) -> Option<Self>;

    /// Reads the value found at `at` straight from `d`, recording exactly what
    /// [`Decode::decode`] of the same JSON would, in the same order, and returning the same
    /// value (see [`crate::read`]). An error is the deserializer's own (a syntax error): what
    /// was recorded before it is then meaningless. The default reads a `Value` and decodes
    /// it; generated types and the runtime's own types read in one pass.
    fn record<'de, D: serde::Deserializer<'de>>(
        d: D,
        at: &Path<'_>,
        cx: &mut Cx<'_>,
    ) -> Result<Option<Self>, D::Error> {
        use serde::Deserialize as _;
        let v = Value::deserialize(d)?;
        Ok(Self::decode(&v, at, cx))
    }
}

/// `Decode::record` of a [`crate::read::Scalar`].
macro_rules! record_scalar {
    () => {
        #[inline]
        fn record<'de, D: serde::Deserializer<'de>>(
            d: D,
            at: &Path<'_>,
            cx: &mut Cx<'_>,
        ) -> Result<Option<Self>, D::Error> {
            crate::read::scalar(d, at, cx)
        }
    };
}

/// The JSON types of JSON Schema's `type` (`integer` is a kind of `number`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonType {
    /// `true` or `false`.
    Boolean,
    /// A number written without fraction or exponent (JSON Schema draft 4, which OpenAPI
    /// 3.0 follows: `1.0` is a number but not an integer).
    Integer,
    /// Any number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl JsonType {
    /// Whether `v` is of this type.
    pub fn holds(self, v: &Value) -> bool {
        match (self, v) {
            (JsonType::Boolean, Value::Bool(_))
            | (JsonType::Number, Value::Number(_))
            | (JsonType::String, Value::String(_))
            | (JsonType::Array, Value::Array(_))
            | (JsonType::Object, Value::Object(_)) => true,
            (JsonType::Integer, Value::Number(n)) => n.is_i64() || n.is_u64(),
            _ => false,
        }
    }
}

/// The value of a schema without `type` whose keywords apply to one JSON type (JSON Schema:
/// a keyword constrains only values of the type it applies to). A value of that type is
/// decoded and checked as `T`; a value of any other type is valid as it is.
#[derive(Debug, Clone, PartialEq)]
pub enum Untyped<T> {
    /// A value of the type the keywords apply to.
    Typed(T),
    /// A value of another JSON type, which the schema accepts unchecked.
    Other(Value),
}

impl<T> Untyped<T> {
    /// The value, when it is of the type the schema's keywords apply to.
    pub fn typed(&self) -> Option<&T> {
        match self {
            Untyped::Typed(t) => Some(t),
            Untyped::Other(_) => None,
        }
    }
}

impl<T: Decode> Decode for Untyped<T> {
    fn decode(v: &Value, at: &Path<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        match T::TYPE {
            Some(t) if !t.holds(v) => Some(Untyped::Other(v.clone())),
            _ => T::decode(v, at, cx).map(Untyped::Typed),
        }
    }
}

impl<T: crate::Validate> crate::Validate for Untyped<T> {
    fn validate_at(&self, at: &Path<'_>, report: &mut Report) {
        if let Untyped::Typed(t) = self {
            t.validate_at(at, report);
        }
    }
}

impl<T: serde::Serialize> serde::Serialize for Untyped<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Untyped::Typed(t) => t.serialize(s),
            Untyped::Other(v) => v.serialize(s),
        }
    }
}

impl<'de, T: Decode> serde::Deserialize<'de> for Untyped<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::read::strict(d, Direction::Response)
    }
}

impl Scalar for String {
    #[inline]
    fn accept(got: Got<'_>) -> Option<Self> {
        match got {
            Got::Str(s) => Some(s.to_owned()),
            _ => None,
        }
    }
}

impl Decode for String {
    const TYPE: Option<JsonType> = Some(JsonType::String);
    record_scalar!();

    fn decode(v: &Value, at: &Path<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        match v {
            Value::String(s) => Some(s.clone()),
            _ => {
                cx.type_error(at, "a string", v);
                None
            }
        }
    }
}

impl Scalar for bool {
    #[inline]
    fn accept(got: Got<'_>) -> Option<Self> {
        match got {
            Got::Bool(b) => Some(b),
            _ => None,
        }
    }
}

impl Decode for bool {
    const TYPE: Option<JsonType> = Some(JsonType::Boolean);
    record_scalar!();

    fn decode(v: &Value, at: &Path<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        match v {
            Value::Bool(b) => return Some(*b),
            Value::String(s) if cx.scalars_from_strings => match s.as_str() {
                "true" => return Some(true),
                "false" => return Some(false),
                _ => {}
            },
            _ => {}
        }
        cx.type_error(at, "a boolean", v);
        None
    }
}

/// Parses a decimal integer the way protobuf's JSON mapping writes it: an optional `-` and
/// ASCII digits only (no `+`, no spaces, no other digit scripts).
pub(crate) fn parse_decimal(s: &str) -> Result<i128, &'static str> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err("not a decimal integer");
    }
    // 40 digits already exceed i128; anything longer is out of range for every target type.
    if digits.len() > 38 {
        return Err("out of range");
    }
    s.parse::<i128>().map_err(|_| "not a decimal integer")
}

/// Reads an integer from a JSON number (or, where allowed, a decimal string) into `i128`,
/// then narrows it to the target range `[min, max]` named `what`.
pub(crate) fn decode_integer(
    v: &Value,
    at: &Path<'_>,
    cx: &mut Cx<'_>,
    from_string: bool,
    what: &'static str,
    (min, max): (i128, i128),
) -> Option<i128> {
    let n = match v {
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i128::from(i)
            } else if let Some(u) = n.as_u64() {
                i128::from(u)
            } else {
                cx.type_error(at, what, v);
                return None;
            }
        }
        Value::String(s) if from_string => match parse_decimal(s) {
            Ok(n) => n,
            Err("out of range") => {
                out_of_range(at, cx, what, s);
                return None;
            }
            Err(_) => {
                cx.type_error(at, what, v);
                return None;
            }
        },
        _ => {
            cx.type_error(at, what, v);
            return None;
        }
    };
    if n < min || n > max {
        out_of_range(at, cx, what, &n.to_string());
        return None;
    }
    Some(n)
}

fn out_of_range(at: &Path<'_>, cx: &mut Cx<'_>, what: &'static str, shown: &str) {
    cx.report.add(
        at,
        Code::Type,
        format!("{shown} is out of range for {what}"),
        Some(Limit::Text(what)),
    );
}

impl Scalar for i32 {
    #[inline]
    fn accept(got: Got<'_>) -> Option<Self> {
        match got {
            Got::I64(n) => i32::try_from(n).ok(),
            Got::U64(n) => i32::try_from(n).ok(),
            _ => None,
        }
    }
}

impl Decode for i32 {
    const TYPE: Option<JsonType> = Some(JsonType::Integer);
    record_scalar!();

    fn decode(v: &Value, at: &Path<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        let range = (i32::MIN.into(), i32::MAX.into());
        let n = decode_integer(
            v,
            at,
            cx,
            cx.scalars_from_strings,
            "an int32 integer",
            range,
        )?;
        i32::try_from(n).ok()
    }
}

impl Scalar for i64 {
    #[inline]
    fn accept(got: Got<'_>) -> Option<Self> {
        match got {
            Got::I64(n) => Some(n),
            Got::U64(n) => i64::try_from(n).ok(),
            _ => None,
        }
    }
}

impl Decode for i64 {
    const TYPE: Option<JsonType> = Some(JsonType::Integer);
    record_scalar!();

    fn decode(v: &Value, at: &Path<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        let range = (i64::MIN.into(), i64::MAX.into());
        let n = decode_integer(
            v,
            at,
            cx,
            cx.scalars_from_strings,
            "an int64 integer",
            range,
        )?;
        i64::try_from(n).ok()
    }
}

impl Scalar for Int64 {
    #[inline]
    fn accept(got: Got<'_>) -> Option<Self> {
        match got {
            Got::I64(n) => Some(Int64(n)),
            Got::U64(n) => i64::try_from(n).ok().map(Int64),
            Got::Str(s) => parse_decimal(s)
                .ok()
                .and_then(|n| i64::try_from(n).ok())
                .map(Int64),
            _ => None,
        }
    }
}

impl Decode for Int64 {
    record_scalar!();

    fn decode(v: &Value, at: &Path<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        let range = (i64::MIN.into(), i64::MAX.into());
        let what = "an int64 (a decimal string or an integer)";
        let n = decode_integer(v, at, cx, true, what, range)?;
        i64::try_from(n).ok().map(Int64)
    }
}

impl Scalar for f64 {
    #[inline]
    fn accept(got: Got<'_>) -> Option<Self> {
        // As `Number::as_f64` reads integers.
        match got {
            Got::F64(x) => Some(x),
            Got::I64(n) => Some(n as f64),
            Got::U64(n) => Some(n as f64),
            _ => None,
        }
    }
}

impl Decode for f64 {
    const TYPE: Option<JsonType> = Some(JsonType::Number);
    record_scalar!();

    fn decode(v: &Value, at: &Path<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        match v {
            Value::Number(n) => {
                if let Some(f) = n.as_f64() {
                    return Some(f);
                }
            }
            Value::String(s) if cx.scalars_from_strings => {
                if let Ok(f) = s.parse::<f64>()
                    && f.is_finite()
                {
                    return Some(f);
                }
            }
            _ => {}
        }
        cx.type_error(at, "a number", v);
        None
    }
}

impl Decode for Value {
    fn decode(v: &Value, _: &Path<'_>, _: &mut Cx<'_>) -> Option<Self> {
        Some(v.clone())
    }
}

impl Decode for Map<String, Value> {
    const TYPE: Option<JsonType> = Some(JsonType::Object);

    fn decode(v: &Value, at: &Path<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        match v {
            Value::Object(m) => Some(m.clone()),
            _ => {
                cx.type_error(at, "an object", v);
                None
            }
        }
    }
}

impl<T: Decode> Decode for Box<T> {
    const TYPE: Option<JsonType> = T::TYPE;

    #[inline]
    fn record<'de, D: serde::Deserializer<'de>>(
        d: D,
        at: &Path<'_>,
        cx: &mut Cx<'_>,
    ) -> Result<Option<Self>, D::Error> {
        Ok(T::record(d, at, cx)?.map(Box::new))
    }

    fn decode(v: &Value, at: &Path<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        T::decode(v, at, cx).map(Box::new)
    }
}

/// `nullable: true`: JSON null is `None`. A struct's optional nullable member is then an
/// `Option<Option<T>>`: absent, null, or a value (PATCH bodies tell the first two apart).
impl<T: Decode> Decode for Option<T> {
    fn record<'de, D: serde::Deserializer<'de>>(
        d: D,
        at: &Path<'_>,
        cx: &mut Cx<'_>,
    ) -> Result<Option<Self>, D::Error> {
        d.deserialize_option(crate::read::Nullable::<T>::new(at, cx))
    }

    fn decode(v: &Value, at: &Path<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        match v {
            Value::Null => Some(None),
            _ => T::decode(v, at, cx).map(Some),
        }
    }
}

/// The value of a nullable member when it is not null (a function, so that a boxed member
/// derefs to its `Option` at the call).
#[inline]
pub fn non_null<T>(v: &Option<T>) -> Option<&T> {
    v.as_ref()
}

impl<T: Decode + crate::Validate> Decode for Vec<T> {
    const TYPE: Option<JsonType> = Some(JsonType::Array);

    fn record<'de, D: serde::Deserializer<'de>>(
        d: D,
        at: &Path<'_>,
        cx: &mut Cx<'_>,
    ) -> Result<Option<Self>, D::Error> {
        crate::read::vec(d, at, cx, None)
    }

    /// Decodes every item (so every type error is reported) and returns the items before the
    /// first one that failed: the caller still checks their constraints, and their indexes in
    /// the returned vector are their indexes on the wire, so no later pointer is shifted. An
    /// item after a failed one that decodes is checked here, at its own index (its own
    /// constraints: a struct's members; a scalar's belong to the field that holds the list).
    fn decode(v: &Value, at: &Path<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        let Value::Array(items) = v else {
            cx.type_error(at, "an array", v);
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        let mut whole = true;
        for (i, item) in items.iter().enumerate() {
            let at = at.index(i);
            match T::decode(item, &at, cx) {
                Some(x) if whole => out.push(x),
                Some(x) => crate::Validate::validate_at(&x, &at, cx.report),
                None => whole = false,
            }
        }
        Some(out)
    }
}

impl<T: Decode> Decode for BTreeMap<String, T> {
    const TYPE: Option<JsonType> = Some(JsonType::Object);

    fn record<'de, D: serde::Deserializer<'de>>(
        d: D,
        at: &Path<'_>,
        cx: &mut Cx<'_>,
    ) -> Result<Option<Self>, D::Error> {
        crate::read::map(d, at, cx, None)
    }

    /// Like `Vec`, returns the members that decoded.
    fn decode(v: &Value, at: &Path<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        let Value::Object(members) = v else {
            cx.type_error(at, "an object", v);
            return None;
        };
        Some(
            members
                .iter()
                .filter_map(|(k, item)| Some((k.clone(), T::decode(item, &at.key(k), cx)?)))
                .collect(),
        )
    }
}

/// Returns the members of `v`, or records a type error.
pub fn expect_object<'v>(
    v: &'v Value,
    at: &Path<'_>,
    cx: &mut Cx<'_>,
) -> Option<&'v Map<String, Value>> {
    match v {
        Value::Object(m) => Some(m),
        _ => {
            cx.type_error(at, "an object", v);
            None
        }
    }
}

/// Header fields under the names the spec documents. HTTP field names are case-insensitive
/// (RFC 9110 section 5.1) and servers hand them over in their own case (hyper: lower case), so
/// a member that matches a documented name but for ASCII case is renamed to it; a name that
/// matches exactly wins over one that differs in case. Borrows when nothing needs renaming.
pub fn header_fields<'v>(
    obj: &'v Map<String, Value>,
    documented: &[&str],
) -> std::borrow::Cow<'v, Map<String, Value>> {
    let variant = |k: &str| {
        documented
            .iter()
            .any(|d| *d != k && d.eq_ignore_ascii_case(k))
    };
    if !obj.keys().any(|k| variant(k)) {
        return std::borrow::Cow::Borrowed(obj);
    }
    let mut out: Map<String, Value> = obj
        .iter()
        .filter(|(k, _)| !variant(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for d in documented {
        if let Some(v) = header_member(obj, d) {
            out.insert((*d).to_owned(), v.clone());
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The header field `name` of `obj`: the member of exactly that name, else the first that
/// differs from it only in ASCII case (what [`header_fields`] files under `name`).
pub fn header_member<'v>(obj: &'v Map<String, Value>, name: &str) -> Option<&'v Value> {
    obj.get(name).or_else(|| {
        obj.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    })
}

/// Decodes the member `name` of `obj`. Absent members give `None`; an absent required member
/// is recorded as a violation. Callers detect failure by the report growing, not by `None`:
/// arrays and maps decode partially so that their good items can still be checked.
pub fn decode_field<T: Decode>(
    obj: &Map<String, Value>,
    name: &'static str,
    required: bool,
    at: &Path<'_>,
    cx: &mut Cx<'_>,
) -> Option<T> {
    match obj.get(name) {
        Some(v) => T::decode(v, &at.key(name), cx),
        None => {
            if required {
                crate::check::missing(name, at, cx.report);
            }
            None
        }
    }
}

/// Checks a one-of group by presence of its members in `obj` (whatever their types):
/// two or more present is one violation naming them all; none present is a violation when the
/// group is exactly-one. Returns false when the group is violated.
pub fn one_of(
    obj: &Map<String, Value>,
    members: &'static [&'static str],
    exactly_one: bool,
    at: &Path<'_>,
    cx: &mut Cx<'_>,
) -> bool {
    let present: Vec<bool> = members.iter().map(|m| obj.contains_key(*m)).collect();
    one_of_present(&present, members, exactly_one, at, cx)
}

/// [`one_of`] given which members are present (`present[i]` for `members[i]`).
pub fn one_of_present(
    present: &[bool],
    members: &'static [&'static str],
    exactly_one: bool,
    at: &Path<'_>,
    cx: &mut Cx<'_>,
) -> bool {
    match present.iter().filter(|p| **p).count() {
        0 if exactly_one => {
            cx.report.add(
                at,
                Code::OneOfMissing,
                format!("exactly one of {} is required", list(members)),
                Some(Limit::List(members)),
            );
            false
        }
        0 | 1 => true,
        _ => {
            let kind = if exactly_one { "exactly" } else { "at most" };
            let present: Vec<&str> = members
                .iter()
                .zip(present)
                .filter(|(_, p)| **p)
                .map(|(m, _)| *m)
                .collect();
            cx.report.add(
                at,
                Code::OneOfConflict,
                format!(
                    "{} are mutually exclusive: {kind} one of {} may be set",
                    list(&present),
                    list(members)
                ),
                Some(Limit::List(members)),
            );
            false
        }
    }
}

fn list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A `readOnly` or `writeOnly` member of an object (OpenAPI 3.0: a read-only member is
/// sent only in responses, a write-only one only in requests).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Access {
    /// Wire name.
    pub name: &'static str,
    /// `readOnly` (else `writeOnly`).
    pub read_only: bool,
    /// Listed in `required`: then required in the direction it is sent in.
    pub required: bool,
}

/// Checks the `readOnly` and `writeOnly` members `members` of an object given which are
/// present (`present[i]` for `members[i]`): one sent in the other direction is a violation,
/// and a required one missing in its own direction is.
pub fn access(present: &[bool], members: &'static [Access], at: &Path<'_>, cx: &mut Cx<'_>) {
    let requests = cx.direction == Direction::Request;
    for (m, &here) in members.iter().zip(present) {
        let sent_here = m.read_only != requests;
        if here && !sent_here {
            let (code, kind, side) = if m.read_only {
                (Code::ReadOnly, "read-only", "request")
            } else {
                (Code::WriteOnly, "write-only", "response")
            };
            cx.report.add(
                &at.key(m.name),
                code,
                format!("`{}` is {kind}: it is not sent in a {side}", m.name),
                None,
            );
        } else if !here && sent_here && m.required {
            crate::check::missing(m.name, at, cx.report);
        }
    }
}

/// Records every member of `obj` not in `known` (for `additionalProperties: false`). `known`
/// is sorted (as `str` orders), so a body of many members costs a binary search each.
pub fn deny_unknown(
    obj: &Map<String, Value>,
    known: &'static [&'static str],
    at: &Path<'_>,
    cx: &mut Cx<'_>,
) {
    debug_assert!(known.is_sorted(), "deny_unknown needs a sorted list");
    for k in obj.keys() {
        if known.binary_search(&k.as_str()).is_err() {
            unknown_field(k, known, at, cx);
        }
    }
}

/// Records the member `k` of the object at `at`, which `known` does not declare.
pub(crate) fn unknown_field(
    k: &str,
    known: &'static [&'static str],
    at: &Path<'_>,
    cx: &mut Cx<'_>,
) {
    cx.report.add(
        &at.key(k),
        Code::UnknownField,
        format!("unknown field `{k}`"),
        Some(Limit::List(known)),
    );
}

/// Decodes a string enum. Returns `Some(Ok(index))` for a known value, `Some(Err(value))` for
/// an unknown one that the type keeps (`tolerant` and decoding a response), and `None` after
/// recording a violation otherwise.
pub fn decode_enum(
    v: &Value,
    values: &'static [&'static str],
    tolerant: bool,
    at: &Path<'_>,
    cx: &mut Cx<'_>,
) -> Option<Result<usize, String>> {
    let Value::String(s) = v else {
        cx.type_error(at, "a string", v);
        return None;
    };
    if let Some(i) = values.iter().position(|x| x == s) {
        return Some(Ok(i));
    }
    if tolerant && cx.direction == Direction::Response {
        return Some(Err(s.clone()));
    }
    cx.report.add(
        at,
        Code::Enum,
        format!("{s:?} is not one of {}", list(values)),
        Some(Limit::List(values)),
    );
    None
}

/// `serde::Deserialize` for generated types ([`crate::read::strict`]), so serde and
/// [`crate::from_slice`] accept exactly the same inputs.
/// Constraints are not checked here (call [`crate::Validate::validate`]); unknown enum values
/// are kept where the type allows it.
pub fn deserialize_via_decode<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Decode,
{
    crate::read::strict(d, Direction::Response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run<T: Decode>(v: Value) -> (Option<T>, Report) {
        let mut r = Report::default();
        let out = T::decode(&v, &Path::root(), &mut Cx::new(&mut r, Direction::Request));
        (out, r)
    }

    #[test]
    fn header_fields_match_documented_names_whatever_their_case() {
        let doc = ["X-Request-Id", "X-Count"];
        let obj = |v: Value| v.as_object().unwrap().clone();
        let same = obj(json!({"X-Request-Id": "a", "accept": "b"}));
        assert!(matches!(
            header_fields(&same, &doc),
            std::borrow::Cow::Borrowed(_)
        ));
        let lower = obj(json!({"x-request-id": "a", "X-COUNT": "2", "accept": "b"}));
        assert_eq!(
            Value::Object(header_fields(&lower, &doc).into_owned()),
            json!({"X-Request-Id": "a", "X-Count": "2", "accept": "b"})
        );
        let both = obj(json!({"x-request-id": "lower", "X-Request-Id": "exact"}));
        assert_eq!(
            Value::Object(header_fields(&both, &doc).into_owned()),
            json!({"X-Request-Id": "exact"})
        );
    }

    #[test]
    fn int64_accepts_strings_and_numbers_only_in_decimal_ascii() {
        assert_eq!(run::<Int64>(json!("134217728")).0, Some(Int64(134217728)));
        assert_eq!(run::<Int64>(json!(-5)).0, Some(Int64(-5)));
        for bad in [
            json!("+5"),
            json!(" 5"),
            json!("١٢٣"),
            json!("5.0"),
            json!(5.5),
            json!(""),
        ] {
            let (out, r) = run::<Int64>(bad.clone());
            assert_eq!(out, None, "{bad}");
            assert_eq!(r.violations()[0].code, Code::Type);
        }
        let (out, r) = run::<Int64>(json!("9223372036854775808"));
        assert_eq!(out, None);
        assert!(r.violations()[0].message.contains("out of range"), "{r}");
        let (out, _) = run::<Int64>(json!("99999999999999999999999999999999999999999999"));
        assert_eq!(out, None);
    }

    #[test]
    fn int32_rejects_overflow_and_strings_in_bodies() {
        assert_eq!(run::<i32>(json!(2147483648u64)).0, None);
        assert_eq!(run::<i32>(json!("5")).0, None);
        assert_eq!(run::<i32>(json!(5)).0, Some(5));
    }

    #[test]
    fn arrays_report_every_bad_item_and_keep_the_items_before_the_first() {
        // "b" is not kept: at index 1 of the result it would be checked, and reported, as
        // the wire's item 1 (the number).
        let (out, r) = run::<Vec<String>>(json!(["a", 1, "b", true]));
        assert_eq!(out, Some(vec!["a".to_owned()]));
        let ptrs: Vec<_> = r.violations().iter().map(|v| v.pointer.as_str()).collect();
        assert_eq!(ptrs, ["/1", "/3"]);
    }
}

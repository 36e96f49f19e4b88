//! One pass from bytes: recording readers that fill generated types straight from a serde
//! deserializer.
//!
//! [`Decode::record`] reads the JSON text once into the Rust value (strings copied out of the
//! input once, as serde's own derive does, not out of a `serde_json::Value`) and records every
//! type error, missing member, one-of conflict, unknown member and bad enum value as it goes,
//! then keeps reading. Its contract, checked by the fuzz test: for any JSON text, `record`
//! gives the same value and the same violations, in the same order, as parsing the text into
//! a `Value` and calling [`Decode::decode`]. So [`crate::from_slice`] reads a body once,
//! whatever is wrong with it, and its report does not depend on which reader made it.
//!
//! Two things make the orders agree. A `Value` object holds its members sorted by name, one
//! per name (the last occurrence wins), and decoding visits a struct's members in declaration
//! order; the text has them in any order, repeated. So a struct's reader keeps each member's
//! violations apart ([`Members`]) and appends them in declaration order once the object is
//! read, dropping those of an occurrence that a later one replaced; a map's reader keeps them
//! by key. And where a struct whose decoding failed checks a collection member on its raw
//! JSON (counts, uniqueness and keys must see the items that did not decode), that member is
//! read into a `Value` first and decoded from it, exactly as `decode` does.
//!
//! (With serde_json's `preserve_order` feature a `Value` keeps members in text order instead,
//! and `decode` then lists the violations of map entries and unknown members in that order;
//! `record` keeps sorted order either way.)

use crate::{Cx, Decode, Direction, Path, Report};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// A [`DeserializeSeed`] that records a `T` at `at` ([`Decode::record`]).
pub struct Record<'a, 'b, T> {
    at: &'a Path<'a>,
    cx: &'a mut Cx<'b>,
    t: PhantomData<fn() -> T>,
}

impl<'a, 'b, T> Record<'a, 'b, T> {
    /// Records the value found at `at` into `cx`.
    pub fn new(at: &'a Path<'a>, cx: &'a mut Cx<'b>) -> Self {
        Record {
            at,
            cx,
            t: PhantomData,
        }
    }
}

impl<'de, T: Decode> DeserializeSeed<'de> for Record<'_, '_, T> {
    type Value = Option<T>;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        T::record(d, self.at, self.cx)
    }
}

/// Reads a `T` and fails at the first violation that decoding records (constraints are not
/// checked): `serde::Deserialize` of generated types, so serde and [`crate::from_slice`]
/// accept the same values.
pub fn strict<'de, D: Deserializer<'de>, T: Decode>(
    d: D,
    direction: Direction,
) -> Result<T, D::Error> {
    let mut report = Report::default();
    let out = T::record(d, &Path::root(), &mut Cx::new(&mut report, direction))?;
    match out {
        Some(t) if report.is_empty() => Ok(t),
        _ => Err(de::Error::custom(report)),
    }
}

/// Records `T` from the whole of `bytes` at `at`; an error is the text's syntax error (what
/// was recorded before it then says nothing and the caller drops it).
pub(crate) fn record_bytes<T: Decode>(
    bytes: &[u8],
    at: &Path<'_>,
    cx: &mut Cx<'_>,
) -> Result<Option<T>, serde_json::Error> {
    // UTF-8 is checked once, for the whole text (std's check runs at memory speed), instead of
    // string by string; text that is not UTF-8 is read as bytes, which finds the bad string.
    match std::str::from_utf8(bytes) {
        Ok(text) => record_all(serde_json::Deserializer::from_str(text), at, cx),
        Err(_) => record_all(serde_json::Deserializer::from_slice(bytes), at, cx),
    }
}

/// Records `T` from `de`, which must hold nothing after it.
fn record_all<'de, R: serde_json::de::Read<'de>, T: Decode>(
    mut de: serde_json::Deserializer<R>,
    at: &Path<'_>,
    cx: &mut Cx<'_>,
) -> Result<Option<T>, serde_json::Error> {
    let out = T::record(&mut de, at, cx)?;
    de.end()?;
    Ok(out)
}

/// A JSON scalar as the deserializer hands it over.
#[derive(Debug, Clone, Copy)]
pub enum Got<'s> {
    /// `true` or `false`.
    Bool(bool),
    /// A negative integer.
    I64(i64),
    /// A non-negative integer.
    U64(u64),
    /// Any other number.
    F64(f64),
    /// A string.
    Str(&'s str),
}

impl Got<'_> {
    /// The scalar as a `Value`, as a `Value` parse of the same text holds it.
    fn value(self) -> Value {
        match self {
            Got::Bool(b) => Value::Bool(b),
            Got::I64(n) => Value::from(n),
            Got::U64(n) => Value::from(n),
            Got::F64(x) => serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number),
            Got::Str(s) => Value::String(s.to_owned()),
        }
    }
}

/// Types read from one JSON scalar (strings, numbers, booleans, string enums). `accept` takes
/// the scalars the type holds without building a `Value`; for anything else (a scalar it
/// does not take, `null`, an array, an object) [`scalar`] builds the `Value` and calls
/// [`Decode::decode`], which records why, so there is one definition of what is accepted
/// and of every message.
pub trait Scalar: Decode {
    /// The value of `got`, when `decode` would give one without recording anything.
    fn accept(got: Got<'_>) -> Option<Self>;
}

/// The visits of a collection's or struct's recording visitor for values of JSON types it
/// does not read: each value goes, as a `Value`, to the visitor's `other` method (arrays or
/// objects as empty ones, after reading them strictly: decoding a type of another kind only
/// names their kind). `seq` and `map` add those visits, for the collections the visitor does
/// not read itself.
macro_rules! other_visits {
    ($($collection:ident)*) => {
        fn visit_bool<E: de::Error>(self, b: bool) -> Result<Self::Value, E> {
            Ok(self.other(Value::Bool(b)))
        }
        fn visit_i64<E: de::Error>(self, n: i64) -> Result<Self::Value, E> {
            Ok(self.other(Got::I64(n).value()))
        }
        fn visit_u64<E: de::Error>(self, n: u64) -> Result<Self::Value, E> {
            Ok(self.other(Got::U64(n).value()))
        }
        fn visit_f64<E: de::Error>(self, x: f64) -> Result<Self::Value, E> {
            Ok(self.other(Got::F64(x).value()))
        }
        fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
            Ok(self.other(Got::Str(s).value()))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(self.other(Value::Null))
        }
        $(other_visits!(@ $collection);)*
    };
    (@ seq) => {
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            Skip.visit_seq(seq)?;
            Ok(self.other(Value::Array(Vec::new())))
        }
    };
    (@ map) => {
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            Skip.visit_map(map)?;
            Ok(self.other(Value::Object(Map::new())))
        }
    };
}

/// The recording visitor of a nullable value (`Option<T>`): null is `None`, anything else
/// is recorded as `T`.
pub struct Nullable<'a, 'p, 'c, T>(&'a Path<'p>, &'a mut Cx<'c>, PhantomData<fn() -> T>);

impl<'a, 'p, 'c, T> Nullable<'a, 'p, 'c, T> {
    pub(crate) fn new(at: &'a Path<'p>, cx: &'a mut Cx<'c>) -> Self {
        Nullable(at, cx, PhantomData)
    }
}

impl<'de, T: Decode> Visitor<'de> for Nullable<'_, '_, '_, T> {
    type Value = Option<Option<T>>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("null or a value")
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Some(None))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Some(None))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        Ok(T::record(d, self.0, self.1)?.map(Some))
    }
}

/// [`Decode::record`] of a [`Scalar`].
#[inline]
pub fn scalar<'de, D: Deserializer<'de>, T: Scalar>(
    d: D,
    at: &Path<'_>,
    cx: &mut Cx<'_>,
) -> Result<Option<T>, D::Error> {
    d.deserialize_any(ScalarVisitor::<T>(at, cx, PhantomData))
}

struct ScalarVisitor<'a, 'p, 'c, T>(&'a Path<'p>, &'a mut Cx<'c>, PhantomData<fn() -> T>);

impl<T: Scalar> ScalarVisitor<'_, '_, '_, T> {
    #[inline]
    fn got(self, g: Got<'_>) -> Option<T> {
        match T::accept(g) {
            Some(t) => Some(t),
            None => self.other(g.value()),
        }
    }

    #[cold]
    fn other(self, v: Value) -> Option<T> {
        T::decode(&v, self.0, self.1)
    }
}

impl<'de, T: Scalar> Visitor<'de> for ScalarVisitor<'_, '_, '_, T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Option<T>, E> {
        Ok(self.got(Got::Bool(b)))
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Option<T>, E> {
        Ok(self.got(Got::I64(n)))
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Option<T>, E> {
        Ok(self.got(Got::U64(n)))
    }
    fn visit_f64<E: de::Error>(self, x: f64) -> Result<Option<T>, E> {
        Ok(self.got(Got::F64(x)))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Option<T>, E> {
        Ok(self.got(Got::Str(s)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(self.other(Value::Null))
    }
    other_visits!(@ seq);
    other_visits!(@ map);
}

/// A member the schema does not declare, read (into nothing) with the same strictness as
/// a `Value` would be: serde's `IgnoredAny` skips strings without checking their escapes
/// (`"\ud800"`), which `from_slice` into a `Value` refuses.
pub struct Skip;

impl<'de> DeserializeSeed<'de> for Skip {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Skip {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Skip)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_entry_seed(Skip, Skip)?.is_some() {}
        Ok(())
    }
}

/// Generated structs: the members of an object, read by [`object`] (which handles values
/// that are not objects).
pub trait Object: Decode {
    /// What [`Object::members`] returns: `Self`, or a box of it for structs of very many
    /// members, which serde's generic frames would otherwise each hold a copy of.
    type Out;

    /// Reads every member of the object and records what decoding would.
    fn members<'de, A: MapAccess<'de>>(
        map: A,
        at: &Path<'_>,
        cx: &mut Cx<'_>,
    ) -> Result<Option<Self::Out>, A::Error>;

    /// The value out of [`Object::Out`].
    fn unbox(out: Self::Out) -> Self;

    /// The value into [`Object::Out`].
    fn wrap(value: Self) -> Self::Out;
}

/// [`Decode::record`] of a generated struct.
#[inline]
pub fn object<'de, D: Deserializer<'de>, T: Object>(
    d: D,
    at: &Path<'_>,
    cx: &mut Cx<'_>,
) -> Result<Option<T>, D::Error> {
    struct V<'a, 'p, 'c, T>(&'a Path<'p>, &'a mut Cx<'c>, PhantomData<fn() -> T>);

    impl<T: Object> V<'_, '_, '_, T> {
        /// Not an object: what the struct's `decode` records first (and all it records).
        #[cold]
        fn other(self, v: Value) -> Option<T::Out> {
            crate::decode::expect_object(&v, self.0, self.1);
            None
        }
    }

    impl<'de, T: Object> Visitor<'de> for V<'_, '_, '_, T> {
        type Value = Option<T::Out>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            T::members(map, self.0, self.1)
        }
        other_visits!(seq);
    }

    let out = d.deserialize_any(V::<T>(at, cx, PhantomData))?;
    Ok(out.map(T::unbox))
}

/// What the failure path of a struct checks on the raw JSON of a collection member (item
/// counts, member names), kept while the member is read into its type: the checks must see
/// the items and members that did not decode, which the partly decoded value has dropped.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    /// The JSON type read, when it was an array or an object.
    kind: Option<crate::JsonType>,
    /// The number of items of an array.
    len: usize,
    /// The names of an object's members whose (last) value did not decode.
    failed: Vec<String>,
}

impl Facts {
    /// Nothing read yet.
    pub const NONE: Facts = Facts {
        kind: None,
        len: 0,
        failed: Vec::new(),
    };
}

/// Collections whose reading keeps [`Facts`] (`Vec<T>`, `BTreeMap<String, T>`).
pub trait Collection: Decode {
    /// [`Decode::record`], keeping the facts of the raw JSON in `facts`.
    fn record_facts<'de, D: Deserializer<'de>>(
        d: D,
        at: &Path<'_>,
        cx: &mut Cx<'_>,
        facts: &mut Facts,
    ) -> Result<Option<Self>, D::Error>;

    /// The raw JSON as far as the failure path's checks look at it: an array of as many
    /// items (`null`s), an object of the same member names (`null` values); `None` when
    /// the value was of another JSON type (the checks then do nothing).
    fn skeleton(value: Option<&Self>, facts: &Facts) -> Option<Value>;
}

impl<T: Decode + crate::Validate> Collection for Vec<T> {
    fn record_facts<'de, D: Deserializer<'de>>(
        d: D,
        at: &Path<'_>,
        cx: &mut Cx<'_>,
        facts: &mut Facts,
    ) -> Result<Option<Self>, D::Error> {
        vec(d, at, cx, Some(facts))
    }

    fn skeleton(_: Option<&Self>, facts: &Facts) -> Option<Value> {
        (facts.kind == Some(crate::JsonType::Array))
            .then(|| Value::Array(vec![Value::Null; facts.len]))
    }
}

impl<T: Decode> Collection for BTreeMap<String, T> {
    fn record_facts<'de, D: Deserializer<'de>>(
        d: D,
        at: &Path<'_>,
        cx: &mut Cx<'_>,
        facts: &mut Facts,
    ) -> Result<Option<Self>, D::Error> {
        map(d, at, cx, Some(facts))
    }

    fn skeleton(value: Option<&Self>, facts: &Facts) -> Option<Value> {
        if facts.kind != Some(crate::JsonType::Object) {
            return None;
        }
        let decoded = value.into_iter().flat_map(|m| m.keys());
        let names = decoded.chain(&facts.failed);
        Some(Value::Object(
            names.map(|k| (k.clone(), Value::Null)).collect(),
        ))
    }
}

struct FactsSeed<'a, 'p, 'c, T>(
    &'a Path<'p>,
    &'a mut Cx<'c>,
    &'a mut Facts,
    PhantomData<fn() -> T>,
);

impl<'de, T: Collection> DeserializeSeed<'de> for FactsSeed<'_, '_, '_, T> {
    type Value = Option<T>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        T::record_facts(d, self.0, self.1, self.2)
    }
}

/// The members of one object as a struct's reader reads them: which were present, and where
/// each one's violations are. Members record straight into the report, in text order; the
/// first [`Members::field`] call (the struct makes one per member, in declaration order)
/// then moves them into declaration order, dropping those of an occurrence that a later one
/// replaced. A valid object costs a flag per member.
pub struct Members<'s> {
    /// The struct's member names, sorted as `str` orders.
    keys: &'static [&'static str],
    /// Per name in `keys`: whether the object has that member.
    seen: &'s mut [bool],
    /// Where in the report the first violation recorded while reading a member is.
    first: Option<usize>,
    /// The violations of the last occurrence of each member that has some: its position in
    /// `keys` and their range in the report.
    pending: Vec<(usize, std::ops::Range<usize>)>,
    /// The report from `first` on, once it is being put in declaration order.
    tail: Vec<Option<crate::Violation>>,
    /// Names of undeclared members (kept only under `additionalProperties: false`).
    unknown: Option<Vec<String>>,
    /// The position of a name in `keys` (generated: a match by length, then by name), or
    /// `None` for a binary search of `keys`.
    slot: Option<fn(&str) -> Option<usize>>,
}

impl<'s> Members<'s> {
    /// Reads the members named in `keys` (sorted), with a flag per name in `seen`; `deny`
    /// keeps the names of other members for [`Members::deny_unknown`].
    #[inline]
    pub fn new(keys: &'static [&'static str], seen: &'s mut [bool], deny: bool) -> Self {
        debug_assert!(keys.is_sorted() && keys.len() == seen.len());
        Members {
            keys,
            seen,
            first: None,
            pending: Vec::new(),
            tail: Vec::new(),
            unknown: deny.then(Vec::new),
            slot: None,
        }
    }

    /// Finds member names with `slot` (which must give each name's position in `keys`)
    /// instead of a binary search: a generated `match` compares a name against the few
    /// names of its length, where the search calls `memcmp` at every step.
    #[inline]
    pub fn by(mut self, slot: fn(&str) -> Option<usize>) -> Self {
        debug_assert!(
            self.keys
                .iter()
                .enumerate()
                .all(|(i, k)| slot(k) == Some(i))
        );
        self.slot = Some(slot);
        self
    }

    /// The seed of the next member name: its position in the sorted names, `None` for an
    /// undeclared one.
    pub fn key(&mut self) -> MemberKey<'_, 's> {
        MemberKey(self)
    }

    /// Whether the member at position `i` of the names was present (whatever its type).
    #[inline]
    pub fn has(&self, i: usize) -> bool {
        self.seen[i]
    }

    /// Notes that the member at position `i` was read, its violations at `before..` of the
    /// report.
    #[inline]
    fn read(&mut self, i: usize, before: usize, cx: &Cx<'_>) {
        self.seen[i] = true;
        let after = cx.report.len();
        if after != before || !self.pending.is_empty() {
            self.replace(i, before..after);
        }
    }

    /// A repeated member replaces the earlier occurrence, violations included (a `Value`
    /// keeps the last).
    #[cold]
    fn replace(&mut self, i: usize, range: std::ops::Range<usize>) {
        self.pending.retain(|(j, _)| *j != i);
        if !range.is_empty() {
            self.first.get_or_insert(range.start);
            self.pending.push((i, range));
        }
    }

    /// Reads the value of the member at position `i` into `slot`, recording its violations.
    /// Not inlined: the reader of an object of thousands of members then makes one call per
    /// member (one instance per value type) instead of holding thousands of inlined copies
    /// of serde's parsing, which optimizing builds choke on.
    #[inline(never)]
    pub fn value<'de, A: MapAccess<'de>, T: Decode>(
        &mut self,
        map: &mut A,
        i: usize,
        slot: &mut Option<T>,
        at: &Path<'_>,
        cx: &mut Cx<'_>,
    ) -> Result<(), A::Error> {
        let before = cx.report.len();
        let at = at.key(self.keys[i]);
        *slot = map.next_value_seed(Record::<T>::new(&at, cx))?;
        self.read(i, before, cx);
        Ok(())
    }

    /// [`Members::value`] for a member whose raw JSON the failure path of its struct checks:
    /// read into `raw`, then decoded from it.
    #[inline(never)]
    pub fn raw_value<'de, A: MapAccess<'de>, T: Decode>(
        &mut self,
        map: &mut A,
        i: usize,
        slot: &mut Option<T>,
        raw: &mut Option<Value>,
        at: &Path<'_>,
        cx: &mut Cx<'_>,
    ) -> Result<(), A::Error> {
        let before = cx.report.len();
        let at = at.key(self.keys[i]);
        let v: Value = map.next_value()?;
        *slot = T::decode(&v, &at, cx);
        *raw = Some(v);
        self.read(i, before, cx);
        Ok(())
    }

    /// [`Members::value`] for a collection member whose counts or keys the failure path of
    /// its struct checks: what those checks need of its raw JSON is kept in `facts`.
    #[inline(never)]
    pub fn collection<'de, A: MapAccess<'de>, T: Collection>(
        &mut self,
        map: &mut A,
        i: usize,
        slot: &mut Option<T>,
        facts: &mut Facts,
        at: &Path<'_>,
        cx: &mut Cx<'_>,
    ) -> Result<(), A::Error> {
        let before = cx.report.len();
        let at = at.key(self.keys[i]);
        *facts = Facts::NONE;
        *slot = map.next_value_seed(FactsSeed::<T>(&at, cx, facts, PhantomData))?;
        self.read(i, before, cx);
        Ok(())
    }

    /// Reads (into nothing) the value of a member that is not declared.
    pub fn skip<'de, A: MapAccess<'de>>(&mut self, map: &mut A) -> Result<(), A::Error> {
        map.next_value_seed(Skip)
    }

    /// What decoding the member at position `i` recorded, in declaration order: its
    /// violations when it was present, a missing-member violation when it is `required` and
    /// absent.
    #[inline]
    pub fn field(&mut self, i: usize, required: bool, at: &Path<'_>, cx: &mut Cx<'_>) {
        if let Some(first) = self.first {
            self.reorder(first, i, cx);
        }
        if required && !self.seen[i] {
            crate::check::missing(self.keys[i], at, cx.report);
        }
    }

    /// Moves the violations of the member at `i` to the end of the report, taking the
    /// report from `first` on aside at the first call.
    #[cold]
    fn reorder(&mut self, first: usize, i: usize, cx: &mut Cx<'_>) {
        if self.tail.is_empty() {
            self.tail = cx.report.split_off(first).into_iter().map(Some).collect();
        }
        if let Some(k) = self.pending.iter().position(|(j, _)| *j == i) {
            let (_, range) = self.pending.swap_remove(k);
            for v in &mut self.tail[range.start - first..range.end - first] {
                if let Some(v) = v.take() {
                    cx.report.push(v);
                }
            }
        }
    }

    /// Records every undeclared member (`additionalProperties: false`), in name order, each
    /// once, as [`crate::deny_unknown`] does for a `Value`.
    pub fn deny_unknown(&mut self, known: &'static [&'static str], at: &Path<'_>, cx: &mut Cx<'_>) {
        let Some(mut names) = self.unknown.take() else {
            return;
        };
        names.sort_unstable();
        names.dedup();
        for k in names {
            crate::decode::unknown_field(&k, known, at, cx);
        }
    }
}

/// The seed of a member name ([`Members::key`]).
pub struct MemberKey<'m, 's>(&'m mut Members<'s>);

impl<'de> DeserializeSeed<'de> for MemberKey<'_, '_> {
    type Value = Option<usize>;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<usize>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for MemberKey<'_, '_> {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    #[inline]
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Option<usize>, E> {
        let found = match self.0.slot {
            Some(slot) => slot(s),
            None => self.0.keys.binary_search(&s).ok(),
        };
        match found {
            Some(i) => Ok(Some(i)),
            None => {
                if let Some(unknown) = &mut self.0.unknown {
                    unknown.push(s.to_owned());
                }
                Ok(None)
            }
        }
    }
}

/// [`Decode::record`] of `Vec<T>`: the same items, and the same violations, as its `decode`.
pub(crate) fn vec<'de, D: Deserializer<'de>, T: Decode + crate::Validate>(
    d: D,
    at: &Path<'_>,
    cx: &mut Cx<'_>,
    facts: Option<&mut Facts>,
) -> Result<Option<Vec<T>>, D::Error> {
    struct V<'a, 'p, 'c, T>(
        &'a Path<'p>,
        &'a mut Cx<'c>,
        Option<&'a mut Facts>,
        PhantomData<fn() -> T>,
    );

    impl<T: Decode + crate::Validate> V<'_, '_, '_, T> {
        #[cold]
        fn other(self, v: Value) -> Option<Vec<T>> {
            Vec::<T>::decode(&v, self.0, self.1)
        }
    }

    impl<'de, T: Decode + crate::Validate> Visitor<'de> for V<'_, '_, '_, T> {
        type Value = Option<Vec<T>>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an array")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let V(at, cx, facts, _) = self;
            // As serde's own `Vec` impl: the size hint is capped, so a hostile hint costs
            // nothing.
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
            let mut whole = true;
            let mut len = 0;
            loop {
                let at = at.index(len);
                match seq.next_element_seed(Record::<T>::new(&at, cx))? {
                    None => break,
                    Some(Some(x)) if whole => out.push(x),
                    // As `decode`: an item after a failed one is checked at its own index.
                    Some(Some(x)) => crate::Validate::validate_at(&x, &at, cx.report),
                    Some(None) => whole = false,
                }
                len += 1;
            }
            if let Some(f) = facts {
                f.kind = Some(crate::JsonType::Array);
                f.len = len;
            }
            Ok(Some(out))
        }
        other_visits!(map);
    }

    d.deserialize_any(V(at, cx, facts, PhantomData))
}

/// [`Decode::record`] of `BTreeMap<String, T>`: the members that decode, and every
/// member's violations in key order, each key once (the last occurrence wins).
pub(crate) fn map<'de, D: Deserializer<'de>, T: Decode>(
    d: D,
    at: &Path<'_>,
    cx: &mut Cx<'_>,
    facts: Option<&mut Facts>,
) -> Result<Option<BTreeMap<String, T>>, D::Error> {
    struct V<'a, 'p, 'c, T>(
        &'a Path<'p>,
        &'a mut Cx<'c>,
        Option<&'a mut Facts>,
        PhantomData<fn() -> T>,
    );

    impl<T: Decode> V<'_, '_, '_, T> {
        #[cold]
        fn other(self, v: Value) -> Option<BTreeMap<String, T>> {
            BTreeMap::<String, T>::decode(&v, self.0, self.1)
        }
    }

    impl<'de, T: Decode> Visitor<'de> for V<'_, '_, '_, T> {
        type Value = Option<BTreeMap<String, T>>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let V(at, cx, mut facts, _) = self;
            let mut out = BTreeMap::new();
            // Violations by key, for the members that have some.
            let mut pending: BTreeMap<String, Report> = BTreeMap::new();
            while let Some(k) = map.next_key::<String>()? {
                let mut report = Report::default();
                let v = {
                    let at = at.key(&k);
                    map.next_value_seed(Record::<T>::new(&at, &mut cx.with(&mut report)))?
                };
                if !report.is_empty() {
                    pending.insert(k.clone(), report);
                } else if !pending.is_empty() {
                    pending.remove(&k);
                }
                match (v, facts.as_deref_mut()) {
                    (Some(x), f) => {
                        if let Some(f) = f.filter(|f| !f.failed.is_empty()) {
                            f.failed.retain(|n| *n != k);
                        }
                        out.insert(k, x);
                    }
                    (None, f) => {
                        out.remove(&k);
                        if let Some(f) = f.filter(|f| !f.failed.contains(&k)) {
                            f.failed.push(k);
                        }
                    }
                }
            }
            if let Some(f) = facts {
                f.kind = Some(crate::JsonType::Object);
            }
            for (_, report) in pending {
                cx.report.append(report);
            }
            Ok(Some(out))
        }
        other_visits!(seq);
    }

    d.deserialize_any(V(at, cx, facts, PhantomData))
}

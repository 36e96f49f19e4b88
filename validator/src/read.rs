//! One pass from bytes: reading generated types straight from a serde deserializer.
//!
//! [`Decode::read`] is the fast path. It reads the JSON text once into the Rust value, moving
//! strings out of the input instead of copying them out of a `serde_json::Value`, and it
//! stops at the first thing that [`Decode::decode`] would report (a type error, a missing
//! required member, a one-of conflict, an unknown member under `additionalProperties: false`,
//! an unknown enum value in a request). [`crate::from_slice`] then checks the constraints of
//! the value it read; only when reading stopped does it parse the bytes again into a `Value`
//! and decode that, which reports everything. So the report of a body is the same whichever
//! path produced it, and a body without type errors (valid, or breaking only constraints) is
//! read once.
//!
//! The contract every implementation keeps, checked by the fuzz test: `read` succeeds exactly
//! when `decode` of the same JSON records no violation, and then both give equal values.
//! Duplicate members are read in order, so the last one wins, as it does in a `Value`.

use crate::{Cx, Decode, Direction, Path, Report};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// A [`DeserializeSeed`] that reads a `T` with [`Decode::read`] in a direction.
pub struct Seed<T>(Direction, PhantomData<fn() -> T>);

impl<T> Seed<T> {
    /// Reads a `T` as a request or response value.
    pub fn new(direction: Direction) -> Self {
        Seed(direction, PhantomData)
    }
}

impl<'de, T: Decode> DeserializeSeed<'de> for Seed<T> {
    type Value = T;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        T::read(d, self.0)
    }
}

/// Reads an object member's name and finds it in `names` (sorted as `str` orders): the
/// position of a known name, `None` for any other.
pub struct Key(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Option<usize>;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<usize>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    #[inline]
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Option<usize>, E> {
        Ok(self.0.binary_search(&s).ok())
    }
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

/// A one-of group, by which of its members were read: two or more, or none of an
/// exactly-one group, is the message of the error that stops reading.
pub fn one_of(
    present: &[bool],
    members: &'static [&'static str],
    exactly_one: bool,
) -> Result<(), String> {
    match present.iter().filter(|p| **p).count() {
        0 if exactly_one => Err(format!("exactly one of {members:?} is required")),
        0 | 1 => Ok(()),
        _ => Err(format!("at most one of {members:?} may be set")),
    }
}

/// The error that stops reading at a member that `additionalProperties: false` forbids.
pub fn unknown_member<E: de::Error>() -> E {
    E::custom("a member that the schema does not allow (additionalProperties: false)")
}

/// Reads the value of the member just read into its slot (the last occurrence of a member
/// wins, as in a `Value`). A function rather than inline code in generated readers, and
/// never inlined: the reader of an object of thousands of members then keeps a small stack
/// frame in debug builds, and one call per member (with one instance per value type) instead
/// of thousands of inlined copies of serde's parsing, which optimizing builds choke on.
#[inline(never)]
pub fn value_into<'de, A: MapAccess<'de>, T: Decode>(
    map: &mut A,
    slot: &mut Option<T>,
    direction: Direction,
) -> Result<(), A::Error> {
    *slot = Some(map.next_value_seed(Seed::<T>::new(direction))?);
    Ok(())
}

/// The value of a required member, or the error that stops reading where it is absent.
#[inline]
pub fn required<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// The default [`Decode::read`]: any value, decoded as a `Value` is, failing on the first
/// violation that decoding records (unknown enum values kept where the type allows it and
/// `direction` is a response).
pub fn via_value<'de, D, T>(d: D, direction: Direction) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Decode,
{
    use serde::Deserialize as _;
    let v = serde_json::Value::deserialize(d)?;
    let mut report = Report::default();
    let out = T::decode(&v, &Path::root(), &mut Cx::new(&mut report, direction));
    match out {
        Some(t) if report.is_empty() => Ok(t),
        _ => Err(de::Error::custom(report)),
    }
}

pub(crate) struct VecVisitor<T>(pub(crate) Direction, pub(crate) PhantomData<fn() -> T>);

impl<'de, T: Decode> Visitor<'de> for VecVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        // As serde's own `Vec` impl: the size hint is capped, so a hostile hint costs nothing.
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(x) = seq.next_element_seed(Seed::<T>::new(self.0))? {
            out.push(x);
        }
        Ok(out)
    }
}

pub(crate) struct MapVisitor<T>(pub(crate) Direction, pub(crate) PhantomData<fn() -> T>);

impl<'de, T: Decode> Visitor<'de> for MapVisitor<T> {
    type Value = std::collections::BTreeMap<String, T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = std::collections::BTreeMap::new();
        while let Some((k, v)) =
            map.next_entry_seed(PhantomData::<String>, Seed::<T>::new(self.0))?
        {
            out.insert(k, v);
        }
        Ok(out)
    }
}

/// An int64 that may be a decimal string: the same rules as its [`Decode`].
pub(crate) struct Int64Visitor;

impl Visitor<'_> for Int64Visitor {
    type Value = crate::Int64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an int64 (a decimal string or an integer)")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(crate::Int64(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        i64::try_from(v)
            .map(crate::Int64)
            .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        crate::decode::parse_decimal(s)
            .ok()
            .and_then(|n| i64::try_from(n).ok())
            .map(crate::Int64)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Str(s), &self))
    }
}

//! A canonical byte encoding of serializable values, for `uniqueItems`: two values of one type
//! encode to the same bytes exactly when they are equal as JSON (numbers by value, so `1` and
//! `1.0` are one number; object members in any order). Each encoding is prefix-free (tagged,
//! lengths up front), so the encodings of a sequence's items can be concatenated and compared
//! as byte strings, or hashed.

use serde::ser::{self, Serialize};
use std::fmt;

const NULL: u8 = 0;
const FALSE: u8 = 1;
const TRUE: u8 = 2;
const INT: u8 = 3;
const FLOAT: u8 = 4;
const STR: u8 = 5;
const SEQ: u8 = 6;
const MAP: u8 = 7;
const VARIANT: u8 = 8;

/// Appends the canonical encoding of `v` to `out`; `false` when `v` could not be serialized
/// (no type of this crate or of generated code fails to).
pub fn encode<T: Serialize + ?Sized>(v: &T, out: &mut Vec<u8>) -> bool {
    v.serialize(Canon(out)).is_ok()
}

/// The serializer, writing into the buffer it borrows.
struct Canon<'a>(&'a mut Vec<u8>);

/// Serialization failed (only a custom `Serialize` can make it).
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

fn len(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(&(n as u64).to_le_bytes());
}

fn int(out: &mut Vec<u8>, n: i128) {
    out.push(INT);
    out.extend_from_slice(&n.to_le_bytes());
}

fn string(out: &mut Vec<u8>, s: &str) {
    out.push(STR);
    len(out, s.len());
    out.extend_from_slice(s.as_bytes());
}

fn float(out: &mut Vec<u8>, x: f64) {
    // An integral float is the integer it equals (`1.0` is `1`, `-0.0` is `0`).
    if x.fract() == 0.0 && x.abs() < 1e38 {
        int(out, x as i128);
    } else {
        out.push(FLOAT);
        out.extend_from_slice(&x.to_bits().to_le_bytes());
    }
}

/// A sequence, or a map or struct whose members are sorted by key before they are written.
struct Compound<'a> {
    out: &'a mut Vec<u8>,
    /// Items written so far (sequences), or encoded `(key, value)` members (maps).
    count: usize,
    items: Vec<u8>,
    members: Vec<(Vec<u8>, Vec<u8>)>,
    key: Vec<u8>,
}

impl<'a> Compound<'a> {
    fn new(out: &'a mut Vec<u8>) -> Self {
        Compound {
            out,
            count: 0,
            items: Vec::new(),
            members: Vec::new(),
            key: Vec::new(),
        }
    }

    fn item<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
        self.count += 1;
        v.serialize(Canon(&mut self.items))
    }

    fn end_seq(self) {
        self.out.push(SEQ);
        len(self.out, self.count);
        self.out.extend_from_slice(&self.items);
    }

    fn member<T: Serialize + ?Sized>(&mut self, key: &str, v: &T) -> Result<(), Error> {
        let mut k = Vec::new();
        string(&mut k, key);
        let mut val = Vec::new();
        v.serialize(Canon(&mut val))?;
        self.members.push((k, val));
        Ok(())
    }

    fn end_map(mut self) {
        self.members.sort();
        self.out.push(MAP);
        len(self.out, self.members.len());
        for (k, v) in &self.members {
            self.out.extend_from_slice(k);
            self.out.extend_from_slice(v);
        }
    }
}

/// Serializer methods for integer types: every integer is the same number whatever its type.
macro_rules! integers {
    ($($method:ident: $t:ty),*) => {$(
        fn $method(self, v: $t) -> Result<(), Error> {
            int(self.0, v.into());
            Ok(())
        }
    )*};
}

impl<'a> ser::Serializer for Canon<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.0.push(if v { TRUE } else { FALSE });
        Ok(())
    }
    integers!(
        serialize_i8: i8,
        serialize_i16: i16,
        serialize_i32: i32,
        serialize_i64: i64,
        serialize_i128: i128,
        serialize_u8: u8,
        serialize_u16: u16,
        serialize_u32: u32,
        serialize_u64: u64
    );
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        float(self.0, v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        string(self.0, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        string(self.0, v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        let mut seq = Compound::new(self.0);
        for b in v {
            ser::SerializeSeq::serialize_element(&mut seq, b)?;
        }
        seq.end_seq();
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), Error> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.0.push(NULL);
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<(), Error> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<(), Error> {
        self.0.push(VARIANT);
        string(self.0, variant);
        v.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(Compound::new(self.0))
    }
    fn serialize_tuple(self, _: usize) -> Result<Compound<'a>, Error> {
        Ok(Compound::new(self.0))
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, Error> {
        Ok(Compound::new(self.0))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, Error> {
        self.0.push(VARIANT);
        string(self.0, variant);
        Ok(Compound::new(self.0))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(Compound::new(self.0))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, Error> {
        Ok(Compound::new(self.0))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, Error> {
        self.0.push(VARIANT);
        string(self.0, variant);
        Ok(Compound::new(self.0))
    }
}

macro_rules! seq_like {
    ($($tr:ident :: $method:ident),*) => {$(
        impl ser::$tr for Compound<'_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
                self.item(v)
            }
            fn end(self) -> Result<(), Error> {
                self.end_seq();
                Ok(())
            }
        }
    )*};
}
seq_like!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

macro_rules! struct_like {
    ($($tr:ident),*) => {$(
        impl ser::$tr for Compound<'_> {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                v: &T,
            ) -> Result<(), Error> {
                self.member(key, v)
            }
            fn end(self) -> Result<(), Error> {
                self.end_map();
                Ok(())
            }
        }
    )*};
}
struct_like!(SerializeStruct, SerializeStructVariant);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.key.clear();
        key.serialize(Canon(&mut self.key))
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
        let mut val = Vec::new();
        v.serialize(Canon(&mut val))?;
        self.members.push((std::mem::take(&mut self.key), val));
        Ok(())
    }
    fn end(self) -> Result<(), Error> {
        self.end_map();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::encode;
    use serde_json::{Value, json};
    use std::collections::BTreeMap;

    fn bytes<T: serde::Serialize>(v: &T) -> Vec<u8> {
        let mut out = Vec::new();
        assert!(encode(v, &mut out));
        out
    }

    #[test]
    fn json_equality() {
        let same = [
            (json!(1), json!(1.0)),
            (json!(0), json!(-0.0)),
            (
                json!({"a": 1, "b": [true, null]}),
                json!({"b": [true, null], "a": 1.0}),
            ),
            (json!("x"), json!("x")),
        ];
        for (a, b) in same {
            assert_eq!(bytes(&a), bytes(&b), "{a} {b}");
        }
        let differ = [
            (json!(1), json!("1")),
            (json!(1), json!(1.5)),
            (json!([1, 2]), json!([2, 1])),
            (json!({"a": 1}), json!({"a": 1, "b": 1})),
            (json!(["ab", "c"]), json!(["a", "bc"])),
            (json!(null), json!(false)),
            (json!({}), json!([])),
            (json!(""), json!([])),
        ];
        for (a, b) in differ {
            assert_ne!(bytes(&a), bytes(&b), "{a} {b}");
        }
    }

    #[test]
    fn maps_in_any_order_and_typed_values() {
        let mut m = BTreeMap::new();
        m.insert("b".to_owned(), 2u8);
        m.insert("a".to_owned(), 1u8);
        assert_eq!(bytes(&m), bytes(&json!({"a": 1, "b": 2})));
        assert_eq!(bytes(&Some(5i32)), bytes(&Value::from(5)));
        assert_eq!(bytes(&crate::Int64(7)), bytes(&json!("7")));
    }
}

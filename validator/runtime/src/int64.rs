//! The int64 wire type of the protobuf JSON mapping: a decimal string on the wire, accepted
//! as a string or a number, always written back as a string.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A 64-bit integer that the protobuf JSON mapping writes as a decimal string
/// (`"134217728"`). Deserialization accepts a string or a number; serialization writes a
/// string. Range and multiple checks apply to the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Int64(pub i64);

impl From<i64> for Int64 {
    fn from(v: i64) -> Self {
        Int64(v)
    }
}

impl From<Int64> for i64 {
    fn from(v: Int64) -> Self {
        v.0
    }
}

impl fmt::Display for Int64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl Serialize for Int64 {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Int64 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::read::strict(d, crate::Direction::Request)
    }
}

#[cfg(test)]
mod tests {
    use super::Int64;

    #[test]
    fn round_trips_as_a_string() {
        let v: Int64 = serde_json::from_str("\"4294967296\"").unwrap();
        assert_eq!(v, Int64(4294967296));
        assert_eq!(serde_json::to_string(&v).unwrap(), "\"4294967296\"");
        let n: Int64 = serde_json::from_str("128").unwrap();
        assert_eq!(n, Int64(128));
        assert!(serde_json::from_str::<Int64>("\"12a\"").is_err());
    }
}

//! Constraint checks that generated validators call. Each records at most one violation at
//! `at` and never panics.

use crate::{Code, Limit, Path, Pattern, Report};
use std::fmt;

/// Records a violation of a check whose test the caller inlines: out of line and cold, so
/// the message is formatted only here and the passing path stays a comparison.
#[cold]
#[inline(never)]
fn violation(
    r: &mut Report,
    at: &Path<'_>,
    code: Code,
    message: fmt::Arguments<'_>,
    limit: Option<Limit>,
) {
    r.add(at, code, message.to_string(), limit);
}

fn chars_at_most(s: &str, max: u64) -> Option<u64> {
    // A string of n bytes has at most n characters: most values skip the count entirely.
    if (s.len() as u64) <= max {
        return None;
    }
    let n = if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    } as u64;
    (n > max).then_some(n)
}

#[inline]
fn length_checks(
    s: &str,
    min: Option<u64>,
    max: Option<u64>,
    key: bool,
    at: &Path<'_>,
    r: &mut Report,
) {
    let what = if key { "key" } else { "value" };
    // A string of n bytes has between n/4 and n characters: most values settle a minimum
    // without counting, and an ASCII string's length is its byte length.
    if let Some(min) = min
        && (s.len() as u64) < min.saturating_mul(4)
    {
        let n = if s.is_ascii() {
            s.len() as u64
        } else {
            s.chars().take(min as usize).count() as u64
        };
        if n < min {
            let code = if key {
                Code::PropertyName
            } else {
                Code::MinLength
            };
            let n = s.chars().count();
            r.add(
                at,
                code,
                format!("{what} must be at least {min} characters long, got {n}"),
                Some(Limit::Integer(min.into())),
            );
        }
    }
    if let Some(max) = max
        && let Some(n) = chars_at_most(s, max)
    {
        let code = if key {
            Code::PropertyName
        } else {
            Code::MaxLength
        };
        r.add(
            at,
            code,
            format!("{what} must be at most {max} characters long, got {n}"),
            Some(Limit::Integer(max.into())),
        );
    }
}

/// `minLength`: at least `min` Unicode code points.
#[inline]
pub fn min_length(s: &str, min: u64, at: &Path<'_>, r: &mut Report) {
    length_checks(s, Some(min), None, false, at, r);
}

/// `maxLength`: at most `max` Unicode code points.
#[inline]
pub fn max_length(s: &str, max: u64, at: &Path<'_>, r: &mut Report) {
    length_checks(s, None, Some(max), false, at, r);
}

fn pattern_check(s: &str, p: &Pattern, key: bool, at: &Path<'_>, r: &mut Report) {
    let (code, what) = if key {
        (Code::PropertyName, "key")
    } else {
        (Code::Pattern, "value")
    };
    match p.is_match(s) {
        Some(true) => {}
        Some(false) => r.add(
            at,
            code,
            format!("{what} must match the pattern `{}`", p.source()),
            Some(Limit::Text(p.source())),
        ),
        None => r.add(
            at,
            code,
            format!("the pattern `{}` could not be compiled", p.source()),
            Some(Limit::Text(p.source())),
        ),
    }
}

/// `pattern`: a search, as in JSON Schema (spec patterns carry their own anchors).
pub fn pattern(s: &str, p: &Pattern, at: &Path<'_>, r: &mut Report) {
    pattern_check(s, p, false, at, r);
}

/// `x-property-names` `minLength`/`maxLength` on a map key; `at` points at the member.
pub fn key_length(k: &str, min: Option<u64>, max: Option<u64>, at: &Path<'_>, r: &mut Report) {
    length_checks(k, min, max, true, at, r);
}

/// `x-property-names` `pattern` on a map key; `at` points at the member.
pub fn key_pattern(k: &str, p: &Pattern, at: &Path<'_>, r: &mut Report) {
    pattern_check(k, p, true, at, r);
}

/// `minimum` (`exclusive` for `exclusiveMinimum: true`), in exact integer arithmetic.
#[inline]
pub fn minimum(v: i128, min: i128, exclusive: bool, at: &Path<'_>, r: &mut Report) {
    if v < min || (exclusive && v == min) {
        let rel = if exclusive {
            "greater than"
        } else {
            "at least"
        };
        violation(
            r,
            at,
            Code::Minimum,
            format_args!("must be {rel} {min}, got {v}"),
            Some(Limit::Integer(min)),
        );
    }
}

/// `maximum` (`exclusive` for `exclusiveMaximum: true`), in exact integer arithmetic.
#[inline]
pub fn maximum(v: i128, max: i128, exclusive: bool, at: &Path<'_>, r: &mut Report) {
    if v > max || (exclusive && v == max) {
        let rel = if exclusive { "less than" } else { "at most" };
        violation(
            r,
            at,
            Code::Maximum,
            format_args!("must be {rel} {max}, got {v}"),
            Some(Limit::Integer(max)),
        );
    }
}

/// `multipleOf` in exact integer arithmetic; `m` is positive (the generator checks).
pub fn multiple_of(v: i128, m: i128, at: &Path<'_>, r: &mut Report) {
    if m != 0 && v % m != 0 {
        r.add(
            at,
            Code::MultipleOf,
            format!("must be a multiple of {m}, got {v}"),
            Some(Limit::Integer(m)),
        );
    }
}

/// `enum` of an integer: `v` is none of `values`.
#[cold]
pub fn int_enum(v: i128, values: &[i128], at: &Path<'_>, r: &mut Report) {
    let list: Vec<String> = values.iter().map(i128::to_string).collect();
    r.add(
        at,
        Code::Enum,
        format!("{v} is not one of {}", list.join(", ")),
        Some(Limit::Integers(values.to_vec())),
    );
}

/// `minimum` for `type: number`.
#[inline]
pub fn number_minimum(v: f64, min: f64, exclusive: bool, at: &Path<'_>, r: &mut Report) {
    if v < min || (exclusive && v == min) {
        let rel = if exclusive {
            "greater than"
        } else {
            "at least"
        };
        violation(
            r,
            at,
            Code::Minimum,
            format_args!("must be {rel} {min}, got {v}"),
            Some(Limit::Number(min)),
        );
    }
}

/// `maximum` for `type: number`.
#[inline]
pub fn number_maximum(v: f64, max: f64, exclusive: bool, at: &Path<'_>, r: &mut Report) {
    if v > max || (exclusive && v == max) {
        let rel = if exclusive { "less than" } else { "at most" };
        violation(
            r,
            at,
            Code::Maximum,
            format_args!("must be {rel} {max}, got {v}"),
            Some(Limit::Number(max)),
        );
    }
}

/// `multipleOf` for `type: number`, exactly in decimal ([`crate::Decimal::is_multiple_of`]):
/// `x` is read as the shortest decimal that reads back as it, so `0.15` is a multiple of
/// `0.01` and `0.1 + 0.2` (`0.30000000000000004`) is not one of `0.1`. The message shows the
/// divisor as the spec writes it; `m` is positive (the generator checks).
#[inline]
pub fn number_multiple_of(x: f64, m: crate::Decimal, at: &Path<'_>, r: &mut Report) {
    let Some(v) = crate::Decimal::from_f64(x) else {
        return;
    };
    if !v.is_multiple_of(m) {
        let sign = if x < 0.0 { "-" } else { "" };
        violation(
            r,
            at,
            Code::MultipleOf,
            format_args!("must be a multiple of {m}, got {sign}{v}"),
            Some(Limit::Decimal(m)),
        );
    }
}

/// `minItems`.
#[inline]
pub fn min_items(len: usize, min: u64, at: &Path<'_>, r: &mut Report) {
    if (len as u64) < min {
        violation(
            r,
            at,
            Code::MinItems,
            format_args!("must have at least {min} items, got {len}"),
            Some(Limit::Integer(min.into())),
        );
    }
}

/// `maxItems`.
#[inline]
pub fn max_items(len: usize, max: u64, at: &Path<'_>, r: &mut Report) {
    if (len as u64) > max {
        violation(
            r,
            at,
            Code::MaxItems,
            format_args!("must have at most {max} items, got {len}"),
            Some(Limit::Integer(max.into())),
        );
    }
}

/// `minProperties` of a map.
#[inline]
pub fn min_properties(len: usize, min: u64, at: &Path<'_>, r: &mut Report) {
    if (len as u64) < min {
        violation(
            r,
            at,
            Code::MinProperties,
            format_args!("must have at least {min} members, got {len}"),
            Some(Limit::Integer(min.into())),
        );
    }
}

/// `maxProperties` of a map.
#[inline]
pub fn max_properties(len: usize, max: u64, at: &Path<'_>, r: &mut Report) {
    if (len as u64) > max {
        violation(
            r,
            at,
            Code::MaxProperties,
            format_args!("must have at most {max} members, got {len}"),
            Some(Limit::Integer(max.into())),
        );
    }
}

/// `required`: one violation for each of `names` that `has` says is absent, at the pointer
/// the member would have.
pub fn required_members(has: impl Fn(&str) -> bool, names: &[&str], at: &Path<'_>, r: &mut Report) {
    for name in names {
        if !has(name) {
            missing(name, at, r);
        }
    }
}

/// The required member `name` of the object at `at` is absent.
pub fn missing(name: &str, at: &Path<'_>, r: &mut Report) {
    r.add(
        &at.key(name),
        Code::Required,
        format!("`{name}` is required"),
        None,
    );
}

/// Arrays up to this many items are compared pairwise; longer ones through a hash set.
const UNIQUE_PAIRWISE_MAX: usize = 16;

/// `uniqueItems: true`: reports the first item equal to an earlier one, pointing at it.
///
/// Items are equal when they are equal as JSON (numbers by value, members in any order),
/// decided on their canonical encodings: pairwise for short arrays, through a hash set (with
/// std's randomly keyed hasher) above 16 items, so that an array of 10⁵
/// items costs linear time, not 10¹⁰ comparisons. An item whose `Serialize` fails (no type of
/// this crate or of generated code does) counts as distinct from every other.
pub fn unique_items<T: serde::Serialize>(items: &[T], at: &Path<'_>, r: &mut Report) {
    if items.len() < 2 {
        return;
    }
    let mut buf = Vec::new();
    let mut spans = Vec::with_capacity(items.len());
    for item in items {
        let start = buf.len();
        let encoded = crate::canon::encode(item, &mut buf);
        spans.push(encoded.then_some(start..buf.len()));
    }
    let key = |i: usize| spans[i].clone().map(|s| &buf[s]);
    let repeat = if items.len() <= UNIQUE_PAIRWISE_MAX {
        (1..items.len()).find_map(|i| {
            let k = key(i)?;
            (0..i).find(|&j| key(j) == Some(k)).map(|j| (i, j))
        })
    } else {
        let mut first = std::collections::HashMap::with_capacity(items.len());
        (0..items.len()).find_map(|i| match first.entry(key(i)?) {
            std::collections::hash_map::Entry::Occupied(e) => Some((i, *e.get())),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(i);
                None
            }
        })
    };
    if let Some((i, j)) = repeat {
        r.add(
            &at.index(i),
            Code::UniqueItems,
            format!("duplicates item {j}"),
            None,
        );
    }
}

/// A string not in its `format`.
#[cold]
pub fn format(f: crate::rules::Format, at: &Path<'_>, r: &mut Report) {
    r.add(
        at,
        Code::Format,
        format!("must be {}", f.expected()),
        Some(Limit::Text(f.name())),
    );
}

/// `format: date-time`: RFC 3339 section 5.6.
pub(crate) fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() > 11 && is_full_date(&b[..10]) && matches!(b[10], b'T' | b't') && is_full_time(&b[11..])
}

/// The value of the ASCII digits `b[from..from + len]`.
fn digits(b: &[u8], from: usize, len: usize) -> Option<u32> {
    let part = b.get(from..from + len)?;
    part.iter()
        .all(u8::is_ascii_digit)
        .then(|| part.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
}

/// RFC 3339 `full-date`: `YYYY-MM-DD`, a day that exists.
pub(crate) fn is_full_date(b: &[u8]) -> bool {
    let (Some(y), Some(mo), Some(d)) = (digits(b, 0, 4), digits(b, 5, 2), digits(b, 8, 2)) else {
        return false;
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match mo {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    d != 0 && d <= days
}

/// RFC 3339 `full-time`: `HH:MM:SS`, optional fraction, and the offset; second 60 only where
/// it ends a UTC day (section 5.7: 23:59:60Z, or the same instant in another offset, such as
/// 15:59:60-08:00).
pub(crate) fn is_full_time(b: &[u8]) -> bool {
    let (Some(h), Some(mi), Some(sec)) = (digits(b, 0, 2), digits(b, 3, 2), digits(b, 6, 2)) else {
        return false;
    };
    if b.len() < 9 || b[2] != b':' || b[5] != b':' || h > 23 || mi > 59 || sec > 60 {
        return false;
    }
    let mut i = 8;
    if b[i] == b'.' {
        let start = i + 1;
        i = start;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    // The offset from UTC, in minutes.
    let offset: i64 = match b.get(i) {
        Some(b'Z' | b'z') if i + 1 == b.len() => 0,
        Some(&sign @ (b'+' | b'-')) if i + 6 == b.len() => {
            match (digits(b, i + 1, 2), b.get(i + 3), digits(b, i + 4, 2)) {
                (Some(oh), Some(b':'), Some(om)) if oh <= 23 && om <= 59 => {
                    let m = i64::from(oh * 60 + om);
                    if sign == b'-' { -m } else { m }
                }
                _ => return false,
            }
        }
        _ => return false,
    };
    sec < 60 || (i64::from(h * 60 + mi) - offset).rem_euclid(24 * 60) == 23 * 60 + 59
}

/// `format: byte` is base64 as protobuf's JSON mapping accepts it (RFC 4648 standard or
/// URL-safe alphabet, padding optional but correct when present).
///
/// Whether `s` is base64 as `format: byte` accepts it.
pub fn is_base64(s: &str) -> bool {
    let b = s.as_bytes();
    let body = match b {
        [rest @ .., b'=', b'='] | [rest @ .., b'='] => rest,
        _ => b,
    };
    let pad = b.len() - body.len();
    body.len() % 4 != 1 && (pad == 0 || b.len() % 4 == 0) && in_alphabet(body)
}

/// Whether every byte is in the union of the standard and URL-safe base64 alphabets.
///
/// Chunks of 32 bytes are classified without branches or table look-ups, so that the
/// compiler vectorizes the loop: a `content` of megabytes is checked at memory speed rather
/// than a byte and a branch at a time (`benches/formats.rs` measures both).
fn in_alphabet(b: &[u8]) -> bool {
    #[cfg(target_arch = "x86_64")]
    if b.len() >= 256 && std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has just been found to support AVX2.
        return unsafe { in_alphabet_avx2(b) };
    }
    in_alphabet_portable(b)
}

/// [`in_alphabet_portable`] compiled for AVX2, which classifies 32 bytes per instruction
/// where the x86-64 baseline (SSE2) does 16.
///
/// # Safety
///
/// The CPU must support AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn in_alphabet_avx2(b: &[u8]) -> bool {
    in_alphabet_portable(b)
}

#[inline(always)]
fn in_alphabet_portable(b: &[u8]) -> bool {
    #[inline(always)]
    fn bad(c: u8) -> u8 {
        // Setting bit 5 folds A-Z onto a-z and moves nothing else into a-z.
        let letter = (c | 0x20).wrapping_sub(b'a') < 26;
        let digit = c.wrapping_sub(b'0') < 10;
        let symbol = (c == b'+') | (c == b'/') | (c == b'-') | (c == b'_');
        u8::from(!(letter | digit | symbol))
    }
    let mut chunks = b.chunks_exact(32);
    for chunk in &mut chunks {
        let mut acc = 0u8;
        for &c in chunk {
            acc |= bad(c);
        }
        if acc != 0 {
            return false;
        }
    }
    chunks.remainder().iter().all(|&c| bad(c) == 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn codes(f: impl FnOnce(&Path<'_>, &mut Report)) -> Vec<Code> {
        let mut r = Report::default();
        f(&Path::root(), &mut r);
        r.violations().iter().map(|v| v.code).collect()
    }

    #[test]
    fn lengths_count_code_points() {
        let cyr = "ж".repeat(256);
        assert!(codes(|at, r| max_length(&cyr, 256, at, r)).is_empty());
        assert_eq!(
            codes(|at, r| max_length(&format!("{cyr}ж"), 256, at, r)),
            [Code::MaxLength]
        );
        assert_eq!(codes(|at, r| min_length("жж", 3, at, r)), [Code::MinLength]);
        assert!(codes(|at, r| min_length("жжж", 3, at, r)).is_empty());
    }

    #[test]
    fn integer_bounds_are_exact() {
        assert!(codes(|at, r| maximum(4294967296, 4294967296, false, at, r)).is_empty());
        assert_eq!(
            codes(|at, r| maximum(4294967297, 4294967296, false, at, r)),
            [Code::Maximum]
        );
        assert_eq!(codes(|at, r| minimum(5, 5, true, at, r)), [Code::Minimum]);
        assert_eq!(
            codes(|at, r| multiple_of(134217728 * 3 + 1, 134217728, at, r)),
            [Code::MultipleOf]
        );
        assert!(codes(|at, r| multiple_of(-128, 64, at, r)).is_empty());
    }

    #[test]
    fn unique_items_as_json_short_and_long() {
        let first = |items: &[serde_json::Value]| {
            let mut r = Report::default();
            unique_items(items, &Path::root(), &mut r);
            r.violations()
                .first()
                .map(|v| (v.pointer.clone(), v.message.clone()))
        };
        let short = [json!(1), json!("1"), json!({"a": [1]}), json!({"a": [1.0]})];
        assert_eq!(
            first(&short),
            Some(("/3".into(), "duplicates item 2".into()))
        );
        let mut long: Vec<_> = (0..100_000).map(|i| json!(i)).collect();
        assert_eq!(first(&long), None);
        long.push(json!(99_999.0));
        long.push(json!(3));
        assert_eq!(
            first(&long),
            Some(("/100000".into(), "duplicates item 99999".into()))
        );
        assert_eq!(
            first(&[json!(1.5), json!(1.5)]),
            Some(("/1".into(), "duplicates item 0".into()))
        );
        assert_eq!(first(&[]), None);
    }

    #[test]
    fn rfc3339() {
        for ok in [
            "2024-02-29T00:00:00Z",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z",
            "2024-01-01t10:00:00+03:00",
            "1990-12-31T23:59:60Z",
            "1990-12-31T15:59:60-08:00",
            "1991-01-01T00:29:60+00:30",
            "2016-12-31T23:59:60.5+00:00",
        ] {
            assert!(is_rfc3339(ok), "{ok}");
        }
        for bad in [
            "2023-02-29T00:00:00Z",
            "2024-01-01",
            "2024-01-01T24:00:00Z",
            "2024-01-01T10:00:00",
            "2024-01-01T10:00:00.Z",
            "2024-13-01T00:00:00Z",
            "2024-01-01T10:00:00+0300",
            "２０２４-01-01T00:00:00Z",
            "2024-01-01T23:58:60Z",
            "1990-12-31T23:59:60+01:00",
            "1990-12-31T15:59:60-07:00",
            "2024-01-01T00:00:60Z",
            "2024-01-01T10:00:00Z ",
            "2024-01-01T10:00:00+03:00:00",
        ] {
            assert!(!is_rfc3339(bad), "{bad}");
        }
    }

    #[test]
    fn base64_forms() {
        for ok in ["", "QQ==", "QQ", "QUJD", "-_-_", "a+/="] {
            assert!(is_base64(ok), "{ok}");
        }
        for bad in ["Q", "QQ=", "Q===", "QU JD", "QQ==QQ==", "é"] {
            assert!(!is_base64(bad), "{bad}");
        }
    }

    /// The chunked check agrees with a byte-at-a-time reading of the same rules on every
    /// byte value at every position of strings around the 32-byte chunk size.
    #[test]
    fn base64_chunks_agree_with_bytewise() {
        fn bytewise(s: &[u8]) -> bool {
            let body_len = s.len() - s.iter().rev().take_while(|&&c| c == b'=').count();
            let pad = s.len() - body_len;
            let alphabet =
                |c: &u8| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'-' | b'_');
            s[..body_len].iter().all(alphabet)
                && pad <= 2
                && body_len % 4 != 1
                && (pad == 0 || s.len() % 4 == 0)
        }
        // 256 and up take the AVX2 loop where the CPU has it.
        for len in [0, 1, 2, 3, 4, 31, 32, 33, 63, 64, 65, 100, 256, 300] {
            for at in 0..len {
                for c in 0..=255u8 {
                    let mut s = vec![b'Q'; len];
                    s[at] = c;
                    if let Ok(text) = std::str::from_utf8(&s) {
                        assert_eq!(is_base64(text), bytewise(&s), "{text:?}");
                    }
                }
            }
        }
    }
}

//! Exact decimals, for `multipleOf` on `type: number` (GUIDE rule 3: never f64 division or `%`).
//!
//! A spec's divisor and a request's value are both read as decimals `mantissa · 10^exponent`;
//! whether one is a multiple of the other is then integer arithmetic on the mantissas.

use std::fmt;

/// A non-negative decimal `mantissa · 10^exponent`, kept normalized (no trailing zero in the
/// mantissa; zero is `0 · 10^0`), so that equal values are equal [`Decimal`]s.
///
/// Where the numbers come from decides the representation:
///
/// - An integer of the JSON text (serde_json's `i64` or `u64`) is its own mantissa, exactly.
/// - A JSON number with a fraction or an exponent reaches Rust as the nearest `f64`; its
///   decimal is the shortest one that reads back as that `f64` (Rust's `{:e}` formatting
///   writes it). For a literal of up to 17 significant digits this is the literal itself
///   (`0.01` is `1 · 10^-2`, not the binary fraction 0.01000000000000000020816...), which is
///   what a spec author and a client mean; its mantissa has at most 17 digits, so `u64`
///   holds every mantissa, and `u128` holds the product of two.
///
/// The divisor of a schema is built from the spec's JSON number this way when the generator
/// lowers it, and a value from the JSON number the runtime decoded, the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Decimal {
    mantissa: u64,
    exponent: i32,
}

impl Decimal {
    /// `mantissa · 10^exponent`, normalized.
    pub const fn new(mantissa: u64, exponent: i32) -> Decimal {
        if mantissa == 0 {
            return Decimal {
                mantissa: 0,
                exponent: 0,
            };
        }
        let (mut m, mut e) = (mantissa, exponent);
        while m % 10 == 0 {
            m /= 10;
            e = e.saturating_add(1);
        }
        Decimal {
            mantissa: m,
            exponent: e,
        }
    }

    /// The mantissa (no trailing zero unless it is zero).
    pub const fn mantissa(self) -> u64 {
        self.mantissa
    }

    /// The power of ten.
    pub const fn exponent(self) -> i32 {
        self.exponent
    }

    /// Whether the value is zero.
    pub const fn is_zero(self) -> bool {
        self.mantissa == 0
    }

    /// `|n|`, exactly.
    pub const fn from_u64(n: u64) -> Decimal {
        Decimal::new(n, 0)
    }

    /// `|n|`, exactly.
    pub const fn from_i64(n: i64) -> Decimal {
        Decimal::new(n.unsigned_abs(), 0)
    }

    /// `|x|` as the shortest decimal that reads back as `x`; `None` for infinities and NaN
    /// (which JSON cannot hold).
    pub fn from_f64(x: f64) -> Option<Decimal> {
        if !x.is_finite() {
            return None;
        }
        let mut buf = Buf::default();
        // `{:e}` writes the shortest round-trip digits: `1e-2`, `1.5e300`, `3.0000000000000004e-1`.
        fmt::write(&mut buf, format_args!("{:e}", x.abs())).ok()?;
        let text = buf.as_str();
        let (digits, exp) = text.split_once('e')?;
        let exp: i32 = exp.parse().ok()?;
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let mut mantissa: u64 = 0;
        for d in int.bytes().chain(frac.bytes()) {
            mantissa = mantissa
                .checked_mul(10)?
                .checked_add(u64::from(d.checked_sub(b'0')?))?;
        }
        let frac_len = i32::try_from(frac.len()).ok()?;
        Some(Decimal::new(mantissa, exp - frac_len))
    }

    /// `|n|` of a JSON number as serde_json holds it: an `i64` or `u64` exactly, an `f64` as
    /// [`Decimal::from_f64`] reads it.
    pub fn from_number(n: &serde_json::Number) -> Option<Decimal> {
        if let Some(u) = n.as_u64() {
            Some(Decimal::from_u64(u))
        } else if let Some(i) = n.as_i64() {
            Some(Decimal::from_i64(i))
        } else {
            Decimal::from_f64(n.as_f64()?)
        }
    }

    /// Whether `self` is an integer multiple of `divisor`, exactly. Zero is a multiple of
    /// everything; a zero divisor constrains nothing (the generator refuses it).
    ///
    /// With `self = a · 10^p` and `divisor = b · 10^q`: for `p >= q` the quotient is
    /// `a · 10^(p-q) / b`, an integer when `a · 10^(p-q) ≡ 0 (mod b)`, with the power of ten
    /// taken modulo `b` (every product of two residues fits in `u128`, whatever the
    /// exponent); for `p < q` it is `a / (b · 10^(q-p))`, an integer only when that divisor
    /// does not exceed `a` and divides it.
    pub fn is_multiple_of(self, divisor: Decimal) -> bool {
        let (a, p) = (u128::from(self.mantissa), i64::from(self.exponent));
        let (b, q) = (u128::from(divisor.mantissa), i64::from(divisor.exponent));
        if a == 0 || b == 0 {
            return true;
        }
        if p >= q {
            (a % b) * pow10_mod(p.abs_diff(q), b) % b == 0
        } else {
            let mut m = b;
            for _ in 0..q.abs_diff(p) {
                m *= 10;
                if m > a {
                    return false;
                }
            }
            a % m == 0
        }
    }

    /// The value as a JSON number where one holds it exactly: an integer that fits `u64`, or
    /// an `f64` whose shortest decimal is this decimal (every decimal read from an `f64`).
    pub fn to_json_number(self) -> Option<serde_json::Number> {
        if self.exponent >= 0 {
            let mut n = self.mantissa;
            for _ in 0..self.exponent {
                match n.checked_mul(10) {
                    Some(x) => n = x,
                    None => return self.to_f64_number(),
                }
            }
            return Some(n.into());
        }
        self.to_f64_number()
    }

    fn to_f64_number(self) -> Option<serde_json::Number> {
        let x: f64 = format!("{}e{}", self.mantissa, self.exponent)
            .parse()
            .ok()?;
        (Decimal::from_f64(x) == Some(self))
            .then(|| serde_json::Number::from_f64(x))
            .flatten()
    }
}

/// `10^e mod m` (`m > 0`), by squaring; every product of two residues is below `m² < 2^128`.
fn pow10_mod(mut e: u64, m: u128) -> u128 {
    let mut result = 1 % m;
    let mut base = 10 % m;
    while e > 0 {
        if e & 1 == 1 {
            result = result * base % m;
        }
        base = base * base % m;
        e >>= 1;
    }
    result
}

/// Decimal notation for moderate magnitudes (`0.01`, `2.5`, `128`) and for integer mantissas,
/// scientific beyond them
/// (`1e20`, `1e-9`, `1.5e300`), as JavaScript and most spec authors write numbers.
impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.mantissa.to_string();
        let n = digits.len() as i64;
        let e = i64::from(self.exponent);
        // The position of the decimal point counted from the first digit.
        let point = n + e;
        if e >= 0 && (e == 0 || point <= 17) {
            write!(f, "{digits}{}", "0".repeat(e as usize))
        } else if e < 0 && point > 0 {
            let (int, frac) = digits.split_at(point as usize);
            write!(f, "{int}.{frac}")
        } else if e < 0 && point > -6 {
            write!(f, "0.{}{digits}", "0".repeat((-point) as usize))
        } else {
            let (first, rest) = digits.split_at(1);
            let sep = if rest.is_empty() { "" } else { "." };
            write!(f, "{first}{sep}{rest}e{}", point - 1)
        }
    }
}

/// A stack buffer for formatting one `f64` (at most 24 bytes in `{:e}` form).
#[derive(Default)]
struct Buf {
    bytes: [u8; 32],
    len: usize,
}

impl Buf {
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or("")
    }
}

impl fmt::Write for Buf {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        let slot = self.bytes.get_mut(self.len..end).ok_or(fmt::Error)?;
        slot.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(x: f64) -> Decimal {
        Decimal::from_f64(x).unwrap()
    }

    #[test]
    fn floats_read_as_their_shortest_decimal() {
        assert_eq!(d(0.01), Decimal::new(1, -2));
        assert_eq!(d(-0.015), Decimal::new(15, -3));
        assert_eq!(d(2.5), Decimal::new(25, -1));
        assert_eq!(d(100.0), Decimal::new(1, 2));
        assert_eq!(d(1e300), Decimal::new(1, 300));
        assert_eq!(d(1e20), Decimal::new(1, 20));
        assert_eq!(d(0.1 + 0.2), Decimal::new(30000000000000004, -17));
        assert_eq!(d(5e-324), Decimal::new(5, -324));
        assert_eq!(d(f64::MAX), Decimal::new(17976931348623157, 292));
        assert_eq!(d(0.0), Decimal::new(0, 0));
        assert_eq!(d(-0.0), Decimal::new(0, 0));
        assert_eq!(Decimal::from_f64(f64::NAN), None);
        assert_eq!(Decimal::from_f64(f64::INFINITY), None);
        assert_eq!(Decimal::new(1200, -4), Decimal::new(12, -2));
    }

    #[test]
    fn integers_read_exactly() {
        assert_eq!(Decimal::from_u64(u64::MAX), Decimal::new(u64::MAX, 0));
        assert_eq!(
            Decimal::from_i64(i64::MIN),
            Decimal::new(9223372036854775808, 0)
        );
        assert_eq!(Decimal::from_i64(-300), Decimal::new(3, 2));
        let n = |s: &str| Decimal::from_number(&serde_json::from_str(s).unwrap()).unwrap();
        assert_eq!(n("18446744073709551615"), Decimal::new(u64::MAX, 0));
        assert_eq!(n("-7"), Decimal::new(7, 0));
        assert_eq!(n("0.015"), Decimal::new(15, -3));
        assert_eq!(n("1e300"), Decimal::new(1, 300));
    }

    #[test]
    fn multiples_are_decided_exactly() {
        let cent = d(0.01);
        for (x, ok) in [
            (0.15, true),
            (0.015, false),
            (-0.15, true),
            (-0.015, false),
            (1e300, true),
            (1e-300, false),
            (0.0, true),
            (7.0, true),
            (123456.78, true),
            (123456.789, false),
            // 0.1 + 0.2: binary rounding leaves 17 significant digits, not 0.3.
            (0.1 + 0.2, false),
            (f64::MAX, true),
            (5e-324, false),
        ] {
            assert_eq!(d(x).is_multiple_of(cent), ok, "{x} of 0.01");
        }
        let tenth = d(0.1);
        assert!(d(0.3).is_multiple_of(tenth));
        assert!(!d(0.30000000000000004).is_multiple_of(tenth));
        let step = d(2.5);
        assert!(d(7.5).is_multiple_of(step));
        assert!(!d(7.4).is_multiple_of(step));
        assert!(d(-10.0).is_multiple_of(step));
        assert!(!d(1.25).is_multiple_of(step));
        // A divisor far above the value: only zero is a multiple.
        let huge = d(1e20);
        assert!(!d(3.0).is_multiple_of(huge));
        assert!(!d(0.5).is_multiple_of(huge));
        assert!(d(0.0).is_multiple_of(huge));
        assert!(d(3e20).is_multiple_of(huge));
        assert!(!d(1.5e20).is_multiple_of(huge));
        assert!(Decimal::from_u64(u64::MAX).is_multiple_of(Decimal::from_u64(u64::MAX)));
        assert!(!Decimal::from_u64(u64::MAX - 1).is_multiple_of(Decimal::from_u64(u64::MAX)));
        // Exponents far apart: 10^400 mod 3 = 1, 10^400 mod 7 = 4.
        assert!(Decimal::new(3, 400).is_multiple_of(Decimal::new(3, -400)));
        assert!(Decimal::new(1, 400).is_multiple_of(Decimal::new(1, -400)));
        assert!(!Decimal::new(1, 400).is_multiple_of(Decimal::new(3, 0)));
        assert!(!Decimal::new(1, 400).is_multiple_of(Decimal::new(7, -10)));
        assert!(Decimal::new(7, 400).is_multiple_of(Decimal::new(7, -10)));
        assert!(!Decimal::new(1, -400).is_multiple_of(Decimal::new(1, 400)));
        // An odd divisor of a power of ten's neighbour: 999 999 999 999 999 999 = 10^18 - 1.
        let nines = Decimal::from_u64(999_999_999_999_999_999);
        assert!(!Decimal::new(1, 18).is_multiple_of(nines));
        assert!(Decimal::new(0, 0).is_multiple_of(nines));
        // A mantissa near u64::MAX times a residue near u64::MAX stays in u128.
        assert!(Decimal::new(u64::MAX, 5).is_multiple_of(Decimal::from_u64(u64::MAX)));
        assert!(!Decimal::new(u64::MAX - 2, 7).is_multiple_of(Decimal::from_u64(u64::MAX - 1)));
    }

    #[test]
    fn display_is_the_spec_literal() {
        for (x, s) in [
            (0.01, "0.01"),
            (0.015, "0.015"),
            (2.5, "2.5"),
            (128.0, "128"),
            (1e20, "1e20"),
            (1.5e300, "1.5e300"),
            (1e-9, "1e-9"),
            (0.000001, "0.000001"),
            (0.30000000000000004, "0.30000000000000004"),
            (123456.78, "123456.78"),
            (0.0, "0"),
        ] {
            assert_eq!(d(x).to_string(), s);
        }
        assert_eq!(
            Decimal::from_u64(u64::MAX).to_string(),
            "18446744073709551615"
        );
        assert_eq!(Decimal::new(123, 16).to_string(), "1.23e18");
    }

    #[test]
    fn json_numbers_are_exact() {
        let j = |x: Decimal| x.to_json_number().map(|n| n.to_string());
        assert_eq!(j(d(0.01)).as_deref(), Some("0.01"));
        assert_eq!(j(d(128.0)).as_deref(), Some("128"));
        assert_eq!(j(d(1e20)).as_deref(), Some("1e+20"));
        assert_eq!(
            j(Decimal::from_u64(u64::MAX)).as_deref(),
            Some("18446744073709551615")
        );
        // 20 significant digits: no f64 reads back as it.
        assert_eq!(j(Decimal::new(u64::MAX, -3)), None);
    }
}

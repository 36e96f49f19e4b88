//! The verdict of every string format (`date-time`, `date`, `time` and `byte` are in
//! `check.rs`, beside their fast paths). Each follows the RFC its [`Format`] names; URIs and email
//! addresses are parsed by crates made for them.

use crate::rules::Format;

/// Whether `s` is in format `f`.
#[inline]
pub(crate) fn holds(f: Format, s: &str) -> bool {
    match f {
        Format::DateTime => crate::check::is_rfc3339(s),
        Format::Byte => crate::check::is_base64(s),
        Format::Date => crate::check::is_full_date(s.as_bytes()),
        Format::Time => crate::check::is_full_time(s.as_bytes()),
        Format::Email => email_address::EmailAddress::parse_with_options(
            s,
            email_address::Options::default().without_display_text(),
        )
        .is_ok(),
        Format::Uuid => is_uuid(s),
        Format::Uri => fluent_uri::Uri::parse(s).is_ok(),
        Format::UriReference => fluent_uri::UriRef::parse(s).is_ok(),
        Format::Hostname => is_hostname(s),
        // std's parsers refuse leading zeros (`01.2.3.4`), zone indexes and brackets.
        Format::Ipv4 => s.parse::<std::net::Ipv4Addr>().is_ok(),
        Format::Ipv6 => s.parse::<std::net::Ipv6Addr>().is_ok(),
        Format::Int32 => in_range(s, i32::MIN.into(), i32::MAX.into()),
        Format::Int64 => in_range(s, i64::MIN.into(), i64::MAX.into()),
    }
}

fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// RFC 1123 section 2.1 (RFC 952 with a leading digit allowed): dot-separated labels of 1
/// to 63 letters, digits and hyphens, not starting or ending with a hyphen, 253 characters
/// in all.
fn is_hostname(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')
        })
}

fn in_range(s: &str, min: i128, max: i128) -> bool {
    crate::decode::parse_decimal(s).is_ok_and(|n| (min..=max).contains(&n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_format_at_its_edges() {
        let cases: &[(Format, &[&str], &[&str])] = &[
            (
                Format::Date,
                &["2024-02-29", "0001-01-01"],
                &["2023-02-29", "2024-1-01", "2024-01-01T00:00:00Z", ""],
            ),
            (
                Format::Time,
                &["23:59:60Z", "15:59:60-08:00", "12:00:00.5+01:00"],
                &["12:00:00", "24:00:00Z", "12:00:60Z", "12:00Z"],
            ),
            (
                Format::Email,
                &["a@example.com", "first.last@sub.example.org"],
                &["Joe <a@example.com>", "a@", "@b.com", "a b@c.com"],
            ),
            (
                Format::Uuid,
                &[
                    "123e4567-e89b-12d3-a456-426614174000",
                    "123E4567-E89B-12D3-A456-426614174000",
                ],
                &[
                    "123e4567e89b12d3a456426614174000",
                    "{123e4567-e89b-12d3-a456-426614174000}",
                    "123e4567-e89b-12d3-a456-42661417400g",
                ],
            ),
            (
                Format::Uri,
                &[
                    "https://example.com/a?b#c",
                    "urn:isbn:0451450523",
                    "mailto:a@b.c",
                ],
                &[
                    "/relative/path",
                    "//example.com",
                    "http://exa mple.com",
                    "http://[::1",
                ],
            ),
            (
                Format::UriReference,
                &["/relative/path", "a/b?c", "", "https://example.com"],
                &["http://exa mple.com", "\\\\x"],
            ),
            (
                Format::Hostname,
                &["example.com", "a-b.c1", "1host"],
                &["-a.com", "a-.com", "a..b", "ex_ample.com", ""],
            ),
            (
                Format::Ipv4,
                &["192.0.2.1", "0.0.0.0"],
                &["192.0.2", "256.0.0.1", "01.2.3.4", " 1.2.3.4"],
            ),
            (
                Format::Ipv6,
                &["2001:db8::1", "::", "::ffff:192.0.2.1"],
                &["2001:db8:::1", "fe80::1%eth0", "[::1]", "12345::"],
            ),
            (
                Format::Int32,
                &["-2147483648", "2147483647", "0"],
                &["2147483648", "+1", "1.0", "", "١"],
            ),
            (
                Format::Int64,
                &["-9223372036854775808", "9223372036854775807"],
                &["9223372036854775808", " 1"],
            ),
        ];
        for (f, good, bad) in cases {
            for s in *good {
                assert!(f.holds(s), "{} refuses {s:?}", f.name());
            }
            for s in *bad {
                assert!(!f.holds(s), "{} accepts {s:?}", f.name());
            }
        }
    }

    #[test]
    fn names_round_trip() {
        for f in Format::ALL {
            assert_eq!(Format::from_name(f.name()), Some(*f));
        }
    }
}

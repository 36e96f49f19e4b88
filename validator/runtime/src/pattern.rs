//! Regular expressions compiled once per process, on first use.
//!
//! Most spec patterns are a run of character classes anchored at both ends (`^[a-z][-a-z0-9]*$`,
//! `^[^\s]+$`). Those are matched by [`Classes`], a loop over the string's bytes (or chars)
//! against the classes, without the regex engine's per-call set-up; every other pattern goes
//! to `regex`. `benches/formats.rs` measures the two on the same patterns, and a unit test
//! holds their verdicts equal.

use crate::lookaround::{LookKind, Lookaround};
use regex::Regex;
use regex_syntax::hir::{Class, Hir, HirKind, Look};
use std::sync::OnceLock;

/// A spec pattern: the ECMA-262 source as written in the spec (reported as the limit) and its
/// translation for the `regex` crate, compiled lazily once per process.
#[derive(Debug)]
pub struct Pattern {
    source: &'static str,
    translated: &'static str,
    /// Lookaround bodies, innermost first (`translated` holds their placeholders).
    looks: &'static [(LookKind, &'static str)],
    compiled: OnceLock<Option<Matcher>>,
}

#[derive(Debug)]
enum Matcher {
    Classes(Classes),
    Regex(Regex),
    Lookaround(Box<Lookaround>),
}

impl Pattern {
    /// A pattern whose translation the generator has already compiled successfully.
    pub const fn new(source: &'static str, translated: &'static str) -> Self {
        Pattern {
            source,
            translated,
            looks: &[],
            compiled: OnceLock::new(),
        }
    }

    /// A pattern with lookaround: the main pattern (placeholders for the lookarounds) and
    /// each body, innermost first, matched by [`crate::lookaround`] in linear time.
    pub const fn with_looks(
        source: &'static str,
        translated: &'static str,
        looks: &'static [(LookKind, &'static str)],
    ) -> Self {
        Pattern {
            source,
            translated,
            looks,
            compiled: OnceLock::new(),
        }
    }

    /// The pattern as the spec wrote it.
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// Searches `s` (JSON Schema semantics: a match anywhere; spec patterns are anchored).
    /// `None` only if the translation does not compile, which the generator rules out.
    #[inline]
    pub fn is_match(&self, s: &str) -> Option<bool> {
        match self
            .compiled
            .get_or_init(|| compile(self.translated, self.looks))
            .as_ref()?
        {
            Matcher::Classes(c) => Some(c.is_match(s)),
            Matcher::Regex(re) => Some(re.is_match(s)),
            Matcher::Lookaround(l) => Some(l.is_match(s)),
        }
    }
}

fn compile(translated: &str, looks: &[(LookKind, &str)]) -> Option<Matcher> {
    if !looks.is_empty() {
        return Lookaround::new(translated, looks)
            .ok()
            .map(|l| Matcher::Lookaround(Box::new(l)));
    }
    let re = Regex::new(translated).ok()?;
    Some(match Classes::of(translated) {
        Some(c) => Matcher::Classes(c),
        None => Matcher::Regex(re),
    })
}

/// An anchored run of character classes, each repeated a fixed number of times but the last,
/// which may repeat between bounds: `^C1{n1}C2{n2}...Ck{min,max}$`. Greedy matching is then
/// exact (no item can give characters back to another).
#[derive(Debug, Clone)]
pub(crate) struct Classes {
    items: Vec<Item>,
}

#[derive(Debug, Clone)]
struct Item {
    /// ASCII members: `ascii[b]` for the byte `b` (false above 127).
    ascii: [bool; 256],
    /// Every member, as sorted, disjoint, inclusive ranges.
    ranges: Vec<(char, char)>,
    min: u32,
    max: Option<u32>,
}

impl Item {
    #[inline]
    fn has_byte(&self, b: u8) -> bool {
        self.ascii[usize::from(b)]
    }

    fn has(&self, c: char) -> bool {
        if c.is_ascii() {
            return self.has_byte(c as u8);
        }
        in_ranges(&self.ranges, c)
    }
}

/// Whether `c` is in one of `ranges` (sorted, disjoint, inclusive).
pub(crate) fn in_ranges<T: Ord + Copy>(ranges: &[(T, T)], c: T) -> bool {
    ranges
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

impl Classes {
    /// The class run that `translated` is, if it is one.
    pub(crate) fn of(translated: &str) -> Option<Classes> {
        let hir = regex_syntax::Parser::new().parse(translated).ok()?;
        let HirKind::Concat(parts) = hir.kind() else {
            return None;
        };
        let (first, rest) = parts.split_first()?;
        let (last, middle) = rest.split_last()?;
        if !matches!(first.kind(), HirKind::Look(Look::Start))
            || !matches!(last.kind(), HirKind::Look(Look::End))
        {
            return None;
        }
        let mut items = Vec::with_capacity(middle.len());
        for (i, h) in middle.iter().enumerate() {
            let item = item(h)?;
            // Only the last item may vary in length.
            if i + 1 < middle.len() && item.max != Some(item.min) {
                return None;
            }
            items.push(item);
        }
        Some(Classes { items })
    }

    /// Whether all of `s` is the run.
    #[inline]
    pub(crate) fn is_match(&self, s: &str) -> bool {
        if s.is_ascii() {
            self.run_ascii(s.as_bytes())
        } else {
            self.run(s.chars(), Item::has)
        }
    }

    /// [`Classes::is_match`] on ASCII text: a table look-up per byte.
    fn run_ascii(&self, b: &[u8]) -> bool {
        let Some((last, fixed)) = self.items.split_last() else {
            return b.is_empty();
        };
        let mut at = 0;
        for item in fixed {
            let n = item.min as usize;
            match b.get(at..at + n) {
                Some(part) if part.iter().all(|&c| item.ascii[usize::from(c)]) => at += n,
                _ => return false,
            }
        }
        let rest = &b[at..];
        let n = rest.len() as u64;
        n >= u64::from(last.min)
            && last.max.is_none_or(|m| n <= u64::from(m))
            && rest.iter().all(|&c| last.ascii[usize::from(c)])
    }

    fn run<T: Copy>(
        &self,
        mut it: impl Iterator<Item = T>,
        has: impl Fn(&Item, T) -> bool,
    ) -> bool {
        let Some((last, fixed)) = self.items.split_last() else {
            return it.next().is_none();
        };
        for item in fixed {
            for _ in 0..item.min {
                match it.next() {
                    Some(c) if has(item, c) => {}
                    _ => return false,
                }
            }
        }
        let mut n: u64 = 0;
        for c in it {
            if !has(last, c) {
                return false;
            }
            n += 1;
        }
        n >= u64::from(last.min) && last.max.is_none_or(|m| n <= u64::from(m))
    }
}

fn item(h: &Hir) -> Option<Item> {
    match h.kind() {
        HirKind::Class(c) => class(c, 1, Some(1)),
        HirKind::Literal(l) => {
            let s = std::str::from_utf8(&l.0).ok()?;
            let mut chars = s.chars();
            let c = chars.next()?;
            if chars.next().is_some() {
                // A literal of several characters is several items, not handled here.
                return None;
            }
            let mut ascii = [false; 256];
            if c.is_ascii() {
                ascii[c as usize] = true;
            }
            Some(Item {
                ascii,
                ranges: vec![(c, c)],
                min: 1,
                max: Some(1),
            })
        }
        HirKind::Repetition(r) if r.greedy => {
            let HirKind::Class(c) = r.sub.kind() else {
                return None;
            };
            class(c, r.min, r.max)
        }
        _ => None,
    }
}

fn class(c: &Class, min: u32, max: Option<u32>) -> Option<Item> {
    let Class::Unicode(u) = c else {
        return None;
    };
    let ranges: Vec<(char, char)> = u.ranges().iter().map(|r| (r.start(), r.end())).collect();
    let mut ascii = [false; 256];
    for &(lo, hi) in &ranges {
        if let Some(part) = ascii.get_mut(lo as usize..=(hi as usize).min(127)) {
            part.fill(true);
        }
    }
    Some(Item {
        ascii,
        ranges,
        min,
        max,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const RUNS: &[&str] = &[
        "^(?:[a-z][\\-_0-9a-z]*)$",
        "^(?:[\\-\\.0-9a-zA-Z]*)$",
        "^(?:[a-zA-Z][a-zA-Z0-9_]*)$",
        "^(?:[^\\t\\n\\x0B\\x0C\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}]+)$",
        "^(?:[0-9]{12})$",
        "^(?:a[0-9]{2,4})$",
        "^(?:ж[а-я]{0,3})$",
        "^(?:)$",
    ];

    const NOT_RUNS: &[&str] = &[
        "^(?:[a-z]*[0-9])$",
        "^(?:(arn:aws:[a-z0-9\\-\\.]+:.*)|())$",
        "[a-z]+",
        "^(?:ab)$",
        "^(?:[a-z]+?)$",
    ];

    #[test]
    fn class_runs_are_recognised_and_others_are_not() {
        for p in RUNS {
            assert!(Classes::of(p).is_some(), "{p}");
        }
        for p in NOT_RUNS {
            assert!(Classes::of(p).is_none(), "{p}");
        }
    }

    /// Every string of up to four characters over an alphabet that touches each class's
    /// edges (ASCII, Cyrillic, spaces of other scripts) gets the regex crate's verdict.
    #[test]
    fn class_runs_agree_with_regex() {
        let alphabet = [
            'a', 'z', 'A', '_', '-', '.', '0', '9', ' ', '\u{a0}', 'ж', 'я', 'ё', '\n',
        ];
        let mut strings = vec![String::new()];
        let mut frontier = vec![String::new()];
        for _ in 0..4 {
            let mut next = Vec::new();
            for s in &frontier {
                for c in alphabet {
                    next.push(format!("{s}{c}"));
                }
            }
            strings.extend(next.iter().cloned());
            frontier = next;
        }
        strings.push("0".repeat(12));
        strings.push(format!("{}x", "0".repeat(11)));
        for p in RUNS {
            let classes = Classes::of(p).unwrap_or_else(|| panic!("{p}"));
            let re = Regex::new(p).unwrap_or_else(|e| panic!("{e}"));
            for s in &strings {
                assert_eq!(classes.is_match(s), re.is_match(s), "{p} on {s:?}");
            }
        }
    }
}

//! Values for proofs: exact integer witnesses, strings drawn from patterns, and minimal valid
//! instances of a shape that reach a chosen place (the focus) where a witness is put.
//!
//! Everything made here is a candidate. Nothing is trusted until the interpreter of the old and
//! the new spec has checked it (see `proof.rs`).

use crate::interp::Interp;
use docspec_codegen::describe;
use docspec_codegen::ir::{
    Decimal, Format, IntChecks, IntRepr, Module, Shape, StrChecks, TypeKind,
};
use docspec_runtime::Direction;
use regex_syntax::hir::{Class, Hir, HirKind};
use serde_json::{Map, Value, json};

/// One step from a value to a value inside it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Seg {
    /// An object member (a field, a group member or a parameter).
    Key(String),
    /// The first array item.
    Index,
    /// The value of some map entry (the key is made up to suit the key constraints).
    Entry,
}

/// Rendered as a JSON-pointer-like path for messages.
pub fn seg_text(path: &[Seg]) -> String {
    path.iter()
        .map(|s| match s {
            Seg::Key(k) => format!("/{}", docspec_codegen::error::escape(k)),
            Seg::Index => "/0".to_owned(),
            Seg::Entry => "/*".to_owned(),
        })
        .collect()
}

/// Changes applied at the focus: set (`Some`) or remove (`None`) a value at a key path relative
/// to it (an empty key path is the focus itself).
pub type Edit = Vec<(Vec<String>, Option<Value>)>;

/// An edit that replaces the focused value.
pub fn set(v: Value) -> Edit {
    vec![(Vec::new(), Some(v))]
}

/// An edit that removes the focused value.
pub fn remove() -> Edit {
    vec![(Vec::new(), None)]
}

// ---------------------------------------------------------------------------------------------
// Integers

/// A set of integers: an inclusive range and the numbers all its members are multiples of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntSet {
    /// Inclusive lower bound.
    pub lo: Option<i128>,
    /// Inclusive upper bound.
    pub hi: Option<i128>,
    /// Positive divisors.
    pub multiples: Vec<i128>,
}

/// The integers a shape admits (its representation's range included).
pub fn int_set(repr: IntRepr, c: &IntChecks) -> IntSet {
    let (rlo, rhi) = match repr {
        IntRepr::I32 => (i128::from(i32::MIN), i128::from(i32::MAX)),
        IntRepr::I64 | IntRepr::Int64String => (i128::from(i64::MIN), i128::from(i64::MAX)),
    };
    let lo = c.minimum.map(|(b, ex)| if ex { b + 1 } else { b });
    let hi = c.maximum.map(|(b, ex)| if ex { b - 1 } else { b });
    IntSet {
        lo: Some(lo.map_or(rlo, |l| l.max(rlo))),
        hi: Some(hi.map_or(rhi, |h| h.min(rhi))),
        multiples: c.multiple_of.into_iter().collect(),
    }
}

fn gcd(a: i128, b: i128) -> i128 {
    if b == 0 { a.abs() } else { gcd(b, a % b) }
}

fn lcm(v: &[i128]) -> Option<i128> {
    v.iter()
        .try_fold(1i128, |acc, &m| (acc / gcd(acc, m)).checked_mul(m))
}

/// Which member of a set to prefer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prefer {
    /// The smallest.
    Low,
    /// The largest.
    High,
    /// The one nearest zero.
    Zero,
}

/// The `f64` nearest to the decimal `d`.
pub fn decimal_f64(d: Decimal) -> f64 {
    format!("{}e{}", d.mantissa(), d.exponent())
        .parse()
        .unwrap_or(f64::NAN)
}

/// The multiples `k · d` nearest to `x` (the nearest first, then its neighbours on either
/// side), each as the `f64` nearest to it: candidates for a caller that checks them exactly.
pub fn multiples_near(x: f64, d: Decimal) -> Vec<f64> {
    let k = (x / decimal_f64(d)).round();
    if !k.is_finite() || k.abs() > 1e15 {
        return Vec::new();
    }
    let k = k as i128;
    [0, 1, -1, 2, -2]
        .iter()
        .filter_map(|j| {
            let m = (k + j).checked_mul(i128::from(d.mantissa()))?;
            format!("{m}e{}", d.exponent()).parse().ok()
        })
        .collect()
}

/// A member of `s` that is not a multiple of `not_multiple`, if there is one. Exact: `None`
/// means the set is empty. Among consecutive multiples of the set's step, at most one in every
/// `not_multiple / gcd` is excluded, so two neighbours at each end decide it.
pub fn solve(s: &IntSet, not_multiple: Option<i128>, prefer: Prefer) -> Option<i128> {
    let step = lcm(&s.multiples)?;
    let ok = |x: i128| {
        s.lo.is_none_or(|l| x >= l)
            && s.hi.is_none_or(|h| x <= h)
            && not_multiple.is_none_or(|m| x % m != 0)
    };
    let up = |x: i128| {
        x.div_euclid(step)
            .checked_add(i128::from(x.rem_euclid(step) != 0))?
            .checked_mul(step)
    };
    let down = |x: i128| x.div_euclid(step).checked_mul(step);
    let mut low = Vec::new();
    if let Some(first) = s.lo.and_then(up) {
        low.extend([Some(first), first.checked_add(step)]);
    }
    let mut high = Vec::new();
    if let Some(last) = s.hi.and_then(down) {
        high.extend([Some(last), last.checked_sub(step)]);
    }
    let zero_from = up(s.lo.unwrap_or(0).max(0));
    let zero = [
        zero_from,
        zero_from.and_then(|z| z.checked_add(step)),
        down(s.hi.unwrap_or(0).min(0)),
        Some(-step),
    ];
    let order: Vec<Option<i128>> = match prefer {
        Prefer::Low => low.into_iter().chain(zero).chain(high).collect(),
        Prefer::High => high.into_iter().chain(zero).chain(low).collect(),
        Prefer::Zero => zero.into_iter().chain(low).chain(high).collect(),
    };
    let found = order.into_iter().flatten().filter(|&x| ok(x));
    match prefer {
        Prefer::Zero => found.min_by_key(|x| x.unsigned_abs()),
        _ => found.into_iter().next(),
    }
}

/// The intersection of two sets (`None` when a divisor overflows).
pub fn meet(a: &IntSet, b: &IntSet) -> IntSet {
    let lo = match (a.lo, b.lo) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, y) => x.or(y),
    };
    let hi = match (a.hi, b.hi) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    };
    let mut multiples = a.multiples.clone();
    multiples.extend(&b.multiples);
    IntSet { lo, hi, multiples }
}

/// An integer as the wire carries it.
pub fn int_value(repr: IntRepr, x: i128, as_string: bool) -> Value {
    if as_string || repr == IntRepr::Int64String {
        Value::String(x.to_string())
    } else {
        i64::try_from(x).map_or_else(|_| Value::String(x.to_string()), Value::from)
    }
}

// ---------------------------------------------------------------------------------------------
// Strings

/// Choices made while drawing a string from a pattern.
#[derive(Debug, Clone, Copy)]
struct Draw {
    /// Extra repetitions beyond each repetition's minimum.
    reps: u32,
    /// Which character of a class.
    pick: usize,
    /// Which branch of an alternation.
    alt: usize,
}

fn class_char(c: &Class, pick: usize) -> Option<char> {
    match c {
        Class::Unicode(u) => {
            let ranges = u.ranges();
            let r = ranges.get(pick % ranges.len().max(1))?;
            // Prefer printable ASCII letters or digits inside the range: they read well in a proof.
            let nice = ('0'..='z')
                .find(|ch| ch.is_ascii_alphanumeric() && *ch >= r.start() && *ch <= r.end());
            Some(match pick % 3 {
                0 => nice.unwrap_or(r.start()),
                1 => r.start(),
                _ => r.end(),
            })
        }
        Class::Bytes(b) => {
            let ranges = b.ranges();
            let r = ranges.get(pick % ranges.len().max(1))?;
            Some(char::from(r.start()))
        }
    }
}

fn draw(h: &Hir, d: Draw, out: &mut String, budget: &mut usize) -> Option<()> {
    if out.len() > *budget {
        return None;
    }
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(l) => out.push_str(std::str::from_utf8(&l.0).ok()?),
        HirKind::Class(c) => out.push(class_char(c, d.pick)?),
        HirKind::Repetition(r) => {
            let n = r.min.saturating_add(d.reps).min(r.max.unwrap_or(u32::MAX));
            for _ in 0..n {
                draw(&r.sub, d, out, budget)?;
            }
        }
        HirKind::Capture(c) => draw(&c.sub, d, out, budget)?,
        HirKind::Concat(v) => {
            for x in v {
                draw(x, d, out, budget)?;
            }
        }
        HirKind::Alternation(v) => draw(&v[d.alt % v.len()], d, out, budget)?,
    }
    Some(())
}

/// Strings that match `pattern` (a `regex` translation), drawn with several choices; the
/// lengths in `lengths` are aimed at too.
pub fn from_pattern(pattern: &str, lengths: &[usize]) -> Vec<String> {
    // The same few patterns are drawn from for every field that uses them: parse each once.
    thread_local! {
        static PARSED: std::cell::RefCell<std::collections::HashMap<String, Option<std::rc::Rc<Hir>>>> =
            Default::default();
    }
    let parsed = PARSED.with(|m| {
        m.borrow_mut()
            .entry(pattern.to_owned())
            .or_insert_with(|| {
                regex_syntax::Parser::new()
                    .parse(pattern)
                    .ok()
                    .map(std::rc::Rc::new)
            })
            .clone()
    });
    let Some(hir) = parsed else {
        return Vec::new();
    };
    let mut reps: Vec<u32> = vec![0, 1, 2, 3, 8, 32];
    for &l in lengths {
        for d in [0usize, 1, 2] {
            if let Ok(r) = u32::try_from(l.saturating_sub(d)) {
                reps.push(r);
            }
        }
    }
    let mut out = Vec::new();
    for &r in &reps {
        for pick in 0..3 {
            for alt in 0..3 {
                let mut s = String::new();
                let mut budget = 4096 + lengths.iter().copied().max().unwrap_or(0) * 4;
                let drawn = draw(&hir, Draw { reps: r, pick, alt }, &mut s, &mut budget);
                // Lookaround placeholders are assertions, not characters (callers check
                // candidates on the real engine).
                let base = docspec_runtime::lookaround::PLACEHOLDER_BASE;
                s.retain(|c| !(base..base + 0xFE).contains(&u32::from(c)));
                if drawn.is_some() && !out.contains(&s) {
                    out.push(s);
                }
            }
        }
    }
    out
}

/// Candidate strings for string checks: drawn from its patterns (when any), shaped by its
/// format or filter, of interesting lengths, and a few fixed oddities.
pub fn string_candidates(m: &Module, c: &StrChecks, lengths: &[usize]) -> Vec<String> {
    let mut lens: Vec<usize> = lengths.to_vec();
    for b in [c.min_length, c.max_length].into_iter().flatten() {
        let b = usize::try_from(b).unwrap_or(usize::MAX).min(1 << 16);
        lens.extend([b, b.saturating_sub(1), b.saturating_add(1)]);
    }
    let mut out: Vec<String> = Vec::new();
    for &i in &c.patterns {
        if let Some(p) = m.patterns.get(i) {
            let drawn = from_pattern(&p.translated, &lens);
            // A pattern is a search: text around a match may still match.
            let around: Vec<String> = drawn
                .iter()
                .take(6)
                .flat_map(|s| [format!("{s}x"), format!("x{s}")])
                .collect();
            out.extend(drawn);
            out.extend(around);
        }
    }
    if let Some(f) = c.format {
        // One value in the format and one just outside it.
        let (good, bad) = match f {
            Format::DateTime => ("2020-01-01T00:00:00Z", "2020-13-01T00:00:00Z"),
            Format::Date => ("2020-01-31", "2020-02-30"),
            Format::Time => ("12:00:00Z", "12:00:00"),
            Format::Byte => ("AAAA", "A"),
            Format::Email => ("a@example.com", "a@"),
            Format::Uuid => ("123e4567-e89b-12d3-a456-426614174000", "123e4567"),
            Format::Uri => ("https://example.com/", "/relative"),
            Format::UriReference => ("/relative", "a b"),
            Format::Hostname => ("example.com", "-example.com"),
            Format::Ipv4 => ("192.0.2.1", "192.0.2"),
            Format::Ipv6 => ("2001:db8::1", "2001:db8:::1"),
            Format::Int32 => ("7", "2147483648"),
            Format::Int64 => ("7", "9223372036854775808"),
            _ => ("", ""),
        };
        out.extend([good.to_owned(), bad.to_owned()]);
    }
    if let Some(f) = c.filter.and_then(|i| m.filters.get(i)) {
        let mut vlens: Vec<usize> = [f.min_length, f.max_length]
            .into_iter()
            .flatten()
            .filter_map(|l| usize::try_from(l).ok())
            .filter(|&l| l <= 1 << 10)
            .collect();
        vlens.push(1);
        let values: Vec<String> = match f.pattern.and_then(|p| m.patterns.get(p)) {
            Some(p) => from_pattern(&p.translated, &vlens),
            None => vlens.iter().map(|&l| "a".repeat(l.max(1))).collect(),
        };
        for field in &f.fields {
            for op in &f.operators {
                for v in values.iter().take(4) {
                    out.push(if op.contains("IN") {
                        format!("{field} {op} (\"{v}\")")
                    } else {
                        format!("{field}{op}\"{v}\"")
                    });
                }
            }
        }
    }
    for s in ["a", "", "A", "0", "-", " ", "a b", "é", "٣", "a\n"] {
        out.push(s.to_owned());
    }
    for &l in &lens {
        if l <= 1 << 16 {
            out.push("a".repeat(l));
            out.push("я".repeat(l));
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|s| seen.insert(s.clone()));
    out
}

// ---------------------------------------------------------------------------------------------
// Instances

/// Makes minimal valid instances of one module's shapes.
pub struct Synth<'a> {
    /// The module.
    pub m: &'a Module,
    /// Its interpreter, to check candidates.
    pub interp: &'a Interp<'a>,
}

const MAX_DEPTH: usize = 24;

impl Synth<'_> {
    /// A string the checks accept.
    pub fn string(&self, c: &StrChecks) -> Option<String> {
        let shape = Shape::String(c.clone());
        string_candidates(self.m, c, &[])
            .into_iter()
            .find(|s| self.accepts(&shape, &Value::String(s.clone())))
    }

    /// Whether the shape accepts the value (as a request value).
    pub fn accepts(&self, shape: &Shape, v: &Value) -> bool {
        self.interp
            .validate_value(shape, v, Direction::Request)
            .is_empty()
    }

    /// A minimal valid value of `shape` that contains the focus path; `strings` writes scalars
    /// as strings (parameters).
    pub fn value(&self, shape: &Shape, focus: &[Seg], strings: bool) -> Option<Value> {
        self.value_at(shape, focus, strings, 0)
    }

    fn value_at(&self, shape: &Shape, focus: &[Seg], strings: bool, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        Some(match shape {
            Shape::String(c) => Value::String(self.string(c)?),
            // Every listed value satisfies the other keywords (lowering keeps only those).
            Shape::Integer(repr, c) if !c.values.is_empty() => {
                int_value(*repr, c.values[0], strings)
            }
            Shape::Integer(repr, c) => int_value(
                *repr,
                solve(&int_set(*repr, c), None, Prefer::Zero)?,
                strings,
            ),
            Shape::Number(c) => {
                let (lo, hi) = (&c.minimum, &c.maximum);
                let x = match (lo, hi) {
                    (Some((l, ex)), _) if *l > 0.0 || (*l == 0.0 && *ex) => {
                        if *ex {
                            l + 1.0
                        } else {
                            *l
                        }
                    }
                    (_, Some((h, ex))) if *h < 0.0 || (*h == 0.0 && *ex) => {
                        if *ex {
                            h - 1.0
                        } else {
                            *h
                        }
                    }
                    _ => 0.0,
                };
                // A multiple of the divisor near that value, within the bounds.
                let x = match c.multiple_of {
                    None => x,
                    Some(d) => multiples_near(x, d).into_iter().find(|&y| {
                        let mut r = docspec_runtime::Report::default();
                        describe::num_value(c).check(y, &docspec_runtime::Path::root(), &mut r);
                        r.is_empty()
                    })?,
                };
                if strings {
                    Value::String(x.to_string())
                } else {
                    json!(x)
                }
            }
            Shape::Boolean => {
                if strings {
                    json!("false")
                } else {
                    json!(false)
                }
            }
            Shape::Any | Shape::FreeObject => json!({}),
            Shape::Array {
                items,
                min_items,
                unique,
                ..
            } => {
                let n = usize::try_from(min_items.unwrap_or(0))
                    .ok()?
                    .max(usize::from(focus.first() == Some(&Seg::Index)));
                let mut out = Vec::new();
                for i in 0..n {
                    let sub = if i == 0 && focus.first() == Some(&Seg::Index) {
                        &focus[1..]
                    } else {
                        &[]
                    };
                    let mut v = self.value_at(items, sub, strings, depth + 1)?;
                    if i > 0 && *unique {
                        v = self.distinct(items, &out, strings, depth)?;
                    }
                    out.push(v);
                }
                Value::Array(out)
            }
            Shape::Map {
                values,
                keys,
                min_props,
                required,
                ..
            } => {
                let want = usize::try_from(min_props.unwrap_or(0))
                    .ok()?
                    .max(usize::from(focus.first() == Some(&Seg::Entry)));
                let key_shape = Shape::String(keys.clone());
                let key_ok = |k: &String| self.accepts(&key_shape, &Value::String(k.clone()));
                // The required keys, the focused key, then drawn keys up to `minProperties`.
                let mut names: Vec<String> = required.clone();
                if let Some(Seg::Key(k)) = focus.first()
                    && !names.contains(k)
                {
                    names.push(k.clone());
                }
                if !names.iter().all(key_ok) {
                    return None;
                }
                for k in string_candidates(self.m, keys, &[]) {
                    if names.len() >= want {
                        break;
                    }
                    if !names.contains(&k) && key_ok(&k) {
                        names.push(k);
                    }
                }
                if names.len() < want {
                    return None;
                }
                let mut out = Map::new();
                for (i, k) in names.into_iter().enumerate() {
                    let sub = match focus.first() {
                        Some(Seg::Entry) if i == 0 => &focus[1..],
                        Some(Seg::Key(f)) if *f == k => &focus[1..],
                        _ => &[],
                    };
                    out.insert(k, self.value_at(values, sub, strings, depth + 1)?);
                }
                Value::Object(out)
            }
            Shape::Named(n) => return self.named(n, focus, strings, depth),
            Shape::Untyped(inner) | Shape::Nullable(inner) => {
                return self.value_at(inner, focus, strings, depth);
            }
        })
    }

    fn distinct(
        &self,
        items: &Shape,
        taken: &[Value],
        strings: bool,
        depth: usize,
    ) -> Option<Value> {
        let pool: Vec<Value> = match items {
            Shape::String(c) => string_candidates(self.m, c, &[])
                .into_iter()
                .map(Value::String)
                .collect(),
            Shape::Integer(repr, c) if !c.values.is_empty() => c
                .values
                .iter()
                .map(|&x| int_value(*repr, x, strings))
                .collect(),
            Shape::Integer(repr, c) => {
                let s = int_set(*repr, c);
                let step = lcm(&s.multiples)?;
                let base = solve(&s, None, Prefer::Low)?;
                (0..8)
                    .filter_map(|i| base.checked_add(step.checked_mul(i)?))
                    .map(|x| int_value(*repr, x, strings))
                    .collect()
            }
            _ => vec![self.value_at(items, &[], strings, depth + 1)?],
        };
        pool.into_iter()
            .find(|v| !taken.contains(v) && self.accepts(items, v))
    }

    fn named(&self, name: &str, focus: &[Seg], strings: bool, depth: usize) -> Option<Value> {
        let t = self.m.types.get(name)?;
        match &t.kind {
            TypeKind::Alias(s) => self.value_at(s, focus, strings, depth + 1),
            TypeKind::Enum(e) => e.values.first().map(|(w, _)| Value::String(w.clone())),
            TypeKind::Group(_) => None,
            // A variant's value that the whole union takes (under oneOf it may match two).
            TypeKind::Union(u) => u.variants.iter().find_map(|x| {
                let v = self.value_at(&x.shape, focus, strings, depth + 1)?;
                self.accepts(&Shape::Named(name.to_owned()), &v)
                    .then_some(v)
            }),
            TypeKind::Struct(s) => {
                let want = match focus.first() {
                    Some(Seg::Key(k)) => Some(k.as_str()),
                    _ => None,
                };
                let mut out = Map::new();
                for f in &s.fields {
                    if f.required || want == Some(f.wire.as_str()) {
                        let sub = if want == Some(f.wire.as_str()) {
                            &focus[1..]
                        } else {
                            &[]
                        };
                        out.insert(
                            f.wire.clone(),
                            self.value_at(&f.shape, sub, strings, depth + 1)?,
                        );
                    }
                }
                for g in &s.groups {
                    let Some(TypeKind::Group(grp)) =
                        self.m.types.get(&g.type_name).map(|t| &t.kind)
                    else {
                        continue;
                    };
                    let chosen = grp.members.iter().find(|v| want == Some(v.wire.as_str()));
                    let chosen = match chosen {
                        Some(v) => Some(v),
                        None if g.exactly_one => grp.members.first(),
                        None => None,
                    };
                    if let Some(v) = chosen {
                        let sub = if want == Some(v.wire.as_str()) {
                            &focus[1..]
                        } else {
                            &[]
                        };
                        out.insert(
                            v.wire.clone(),
                            self.value_at(&v.shape, sub, strings, depth + 1)?,
                        );
                    }
                }
                // A focused undeclared member: a value of the additionalProperties schema.
                if let (Some(k), Some(extra)) = (want, &s.extra)
                    && !out.contains_key(k)
                    && !s.fields.iter().any(|f| f.wire == k)
                {
                    let v = self.value_at(extra, &focus[1..], strings, depth + 1)?;
                    out.insert(k.to_owned(), v);
                }
                let count = out.len() as u64;
                if s.min_props.is_some_and(|m| count < m) || s.max_props.is_some_and(|m| count > m)
                {
                    return None;
                }
                Value::Object(out).into()
            }
        }
    }
}

/// Applies an edit at the focus of `root`; `false` when the focus is not there.
pub fn apply(root: &mut Value, focus: &[Seg], edit: &Edit) -> bool {
    let Some((last, parents)) = focus.split_last() else {
        // The focus is the root: only a whole replacement or sub-path edits make sense.
        return apply_here(root, edit);
    };
    let mut cur = root;
    for s in parents {
        let Some(next) = step(cur, s) else {
            return false;
        };
        cur = next;
    }
    // Sub-path edits need the focused value; whole-value edits work on the parent.
    let mut whole = Vec::new();
    let mut inner = Vec::new();
    for (p, v) in edit {
        if p.is_empty() {
            whole.push(v.clone())
        } else {
            inner.push((p.clone(), v.clone()))
        }
    }
    for v in whole {
        match (last, &mut *cur, v) {
            (Seg::Key(k), Value::Object(o), Some(v)) => {
                o.insert(k.clone(), v);
            }
            (Seg::Key(k), Value::Object(o), None) => {
                o.remove(k);
            }
            (Seg::Index, Value::Array(a), Some(v)) => {
                if a.is_empty() {
                    a.push(v)
                } else {
                    a[0] = v
                }
            }
            (Seg::Index, Value::Array(a), None) => {
                if !a.is_empty() {
                    a.remove(0);
                }
            }
            (Seg::Entry, Value::Object(o), v) => {
                let Some(k) = o.keys().next().cloned() else {
                    return false;
                };
                match v {
                    Some(v) => o.insert(k, v),
                    None => o.remove(&k),
                };
            }
            _ => return false,
        }
    }
    if inner.is_empty() {
        return true;
    }
    match step(cur, last) {
        Some(target) => apply_here(target, &inner),
        None => false,
    }
}

fn step<'v>(v: &'v mut Value, s: &Seg) -> Option<&'v mut Value> {
    match (s, v) {
        (Seg::Key(k), Value::Object(o)) => o.get_mut(k),
        (Seg::Index, Value::Array(a)) => a.first_mut(),
        (Seg::Entry, Value::Object(o)) => o.values_mut().next(),
        _ => None,
    }
}

fn apply_here(target: &mut Value, edit: &Edit) -> bool {
    for (path, v) in edit {
        let Some((last, parents)) = path.split_last() else {
            match v {
                Some(v) => *target = v.clone(),
                None => return false,
            }
            continue;
        };
        let mut cur = &mut *target;
        for k in parents {
            let Value::Object(o) = cur else { return false };
            cur = o.entry(k.clone()).or_insert_with(|| json!({}));
        }
        let Value::Object(o) = cur else { return false };
        match v {
            Some(v) => {
                o.insert(last.clone(), v.clone());
            }
            None => {
                o.remove(last);
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set_of(lo: i128, hi: i128, m: &[i128]) -> IntSet {
        IntSet {
            lo: Some(lo),
            hi: Some(hi),
            multiples: m.to_vec(),
        }
    }

    #[test]
    fn solve_is_exact_at_the_ends() {
        let mb = 1 << 20;
        let s = set_of(32 * mb, 1024 * mb, &[]);
        assert_eq!(solve(&s, None, Prefer::Low), Some(32 * mb));
        assert_eq!(solve(&s, None, Prefer::High), Some(1024 * mb));
        assert_eq!(
            solve(
                &set_of(128 * mb, 1024 * mb, &[]),
                Some(128 * mb),
                Prefer::Low
            ),
            Some(128 * mb + 1)
        );
        // Every member of [0, 256] in steps of 128 is a multiple of 64: empty.
        assert_eq!(solve(&set_of(0, 256, &[128]), Some(64), Prefer::Low), None);
        assert_eq!(solve(&set_of(1, 127, &[128]), None, Prefer::Low), None);
        assert_eq!(solve(&set_of(-10, 10, &[4]), None, Prefer::Zero), Some(0));
        assert_eq!(
            solve(&set_of(-10, 10, &[4]), Some(8), Prefer::Zero),
            Some(4)
        );
        assert_eq!(solve(&set_of(5, 5, &[]), Some(5), Prefer::Low), None);
    }

    #[test]
    fn exclusive_bounds_are_integers() {
        let c = IntChecks {
            minimum: Some((5, true)),
            maximum: Some((10, true)),
            multiple_of: None,
            values: Vec::new(),
        };
        let s = int_set(IntRepr::I32, &c);
        assert_eq!((s.lo, s.hi), (Some(6), Some(9)));
    }

    #[test]
    fn pattern_draws_match() {
        let re = regex::Regex::new("^(?:[a-z][-_0-9a-z]*)$").unwrap();
        let drawn = from_pattern("^(?:[a-z][-_0-9a-z]*)$", &[5]);
        assert!(drawn.iter().any(|s| s.chars().count() == 5), "{drawn:?}");
        assert!(drawn.iter().all(|s| re.is_match(s)), "{drawn:?}");
    }

    #[test]
    fn edits_reach_nested_places() {
        let mut v = json!({"a": {"b": [1, 2]}, "m": {"k": 1}});
        assert!(apply(
            &mut v,
            &[Seg::Key("a".into()), Seg::Key("b".into()), Seg::Index],
            &set(json!(9))
        ));
        assert!(apply(
            &mut v,
            &[Seg::Key("m".into()), Seg::Entry],
            &set(json!(7))
        ));
        assert!(apply(
            &mut v,
            &[Seg::Key("a".into())],
            &vec![(vec!["x".into(), "y".into()], Some(json!(1)))]
        ));
        assert!(apply(&mut v, &[Seg::Key("m".into())], &remove()));
        assert_eq!(v, json!({"a": {"b": [9, 2], "x": {"y": 1}}}));
        assert!(!apply(
            &mut v,
            &[Seg::Key("zz".into()), Seg::Key("q".into())],
            &set(json!(1))
        ));
    }
}

//! Inputs of the validation benchmark (`benches/validate.rs`): for each request body type of
//! the five specs, a JSON Schema (2020-12) of the same constraints for jsonschema-rs, and a
//! deterministic corpus of realistic bodies, valid and invalid.
//!
//! The JSON Schema is written from the lowered IR, so it states what the generated validator
//! enforces, keyword for keyword, with three differences that leave jsonschema-rs *less* work
//! than docspec, never more: the fraction bound of an `x-rules` rule (`tmpfsSize` at most
//! 3/4 of `resources.memory`) has no JSON Schema form and is left out; int64 fields are sent
//! as JSON numbers, so that their bounds are checked on both sides; formats are checked by
//! jsonschema-rs's own `date-time` and, for `byte`, by the same function docspec uses.

pub mod floor;

use docspec_codegen::ir::{Bound, Format, IntRepr, Module, Rule, Shape, StrChecks, TypeKind};
use docspec_diff::interp::Interp;
use docspec_diff::witness;
use serde_json::{Map, Value, json};

/// One benchmarked body type.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    /// The spec file in `specs/`.
    pub spec: &'static str,
    /// The operation whose request body is measured.
    pub operation: &'static str,
}

/// Every request body of the five specs (`listVersions` takes none: its query parameters are
/// four strings).
pub const TARGETS: &[Target] = &[
    Target {
        spec: "yandex_functions_create_version.yaml",
        operation: "createVersion",
    },
    Target {
        spec: "yandex_functions_create_version_2020.yaml",
        operation: "createVersion",
    },
    Target {
        spec: "aws_lambda_create_function.yaml",
        operation: "CreateFunction",
    },
    Target {
        spec: "aws_lambda_publish_version.yaml",
        operation: "PublishVersion",
    },
];

/// The workspace root.
pub fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The lowered module of a spec in `specs/`.
pub fn module(spec: &str) -> Module {
    let text = std::fs::read_to_string(root().join("specs").join(spec))
        .unwrap_or_else(|e| panic!("specs/{spec}: {e}"));
    let parsed = docspec_codegen::load::parse(&format!("specs/{spec}"), text)
        .unwrap_or_else(|d| panic!("{d:?}"));
    let stem = spec.trim_end_matches(".yaml");
    docspec_codegen::lower::lower(&parsed, &docspec_codegen::ident::snake(stem))
        .unwrap_or_else(|d| panic!("{d:?}"))
}

/// The request body shape of `operation`.
pub fn body_shape<'m>(m: &'m Module, operation: &str) -> &'m Shape {
    let op = m
        .operations
        .iter()
        .find(|o| o.id == operation)
        .unwrap_or_else(|| panic!("no operation {operation}"));
    &op.body.as_ref().expect("a request body").shape
}

/// Where the checked-in JSON Schema of a target is (the compile-time validator reads it).
pub fn schema_path(t: &Target) -> std::path::PathBuf {
    root()
        .join("tests/bench/schemas")
        .join(t.spec.replace(".yaml", ".json"))
}

/// The JSON Schema of `operation`'s request body: its types under `$defs`.
fn json_schema(m: &Module, operation: &str) -> Value {
    let mut defs = Map::new();
    for (name, t) in &m.types {
        let s = match &t.kind {
            TypeKind::Struct(s) => {
                let mut props = Map::new();
                let mut required = Vec::new();
                let mut all_of = Vec::new();
                for f in &s.fields {
                    props.insert(f.wire.clone(), shape(&f.shape));
                    if f.required {
                        required.push(json!(f.wire));
                    }
                }
                for g in &s.groups {
                    if let Some(TypeKind::Group(group)) = m.types.get(&g.type_name).map(|t| &t.kind)
                    {
                        for v in &group.members {
                            props.insert(v.wire.clone(), shape(&v.shape));
                        }
                    }
                    all_of.push(one_of(&g.members, g.exactly_one));
                }
                all_of.extend(s.rules.iter().map(rule));
                let mut o = Map::new();
                o.insert("type".into(), json!("object"));
                o.insert("properties".into(), Value::Object(props));
                if !required.is_empty() {
                    o.insert("required".into(), Value::Array(required));
                }
                if s.deny_unknown.is_some() {
                    o.insert("additionalProperties".into(), json!(false));
                }
                if !all_of.is_empty() {
                    o.insert("allOf".into(), Value::Array(all_of));
                }
                Value::Object(o)
            }
            TypeKind::Enum(e) => {
                json!({"enum": e.values.iter().map(|(w, _)| w.as_str()).collect::<Vec<_>>()})
            }
            TypeKind::Alias(a) => shape(a),
            TypeKind::Union(u) => {
                let key = if u.any { "anyOf" } else { "oneOf" };
                let mut o = Map::new();
                o.insert(
                    key.into(),
                    u.variants.iter().map(|v| shape(&v.shape)).collect(),
                );
                if !u.not.is_empty() {
                    let nots = u.not.iter().map(|n| json!({"not": shape(n)}));
                    o.insert("allOf".into(), nots.collect());
                }
                Value::Object(o)
            }
            TypeKind::Group(_) => continue,
        };
        defs.insert(name.clone(), s);
    }
    let mut root = match shape(body_shape(m, operation)) {
        Value::Object(o) => o,
        _ => Map::new(),
    };
    root.insert(
        "$schema".into(),
        json!("https://json-schema.org/draft/2020-12/schema"),
    );
    root.insert("$defs".into(), Value::Object(defs));
    Value::Object(root)
}

fn strs(c: &StrChecks, patterns: &[String], o: &mut Map<String, Value>) {
    if let Some(n) = c.min_length {
        o.insert("minLength".into(), json!(n));
    }
    if let Some(n) = c.max_length {
        o.insert("maxLength".into(), json!(n));
    }
    match patterns {
        [] => {}
        [p] => {
            o.insert("pattern".into(), json!(p));
        }
        many => {
            let all: Vec<Value> = many.iter().map(|p| json!({"pattern": p})).collect();
            o.insert("allOf".into(), Value::Array(all));
        }
    }
    if let Some(f) = c.format {
        o.insert("format".into(), json!(f.name()));
    }
}

thread_local! {
    /// The pattern sources of the module being converted (`StrChecks` holds indexes).
    static PATTERNS: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn sources(c: &StrChecks) -> Vec<String> {
    PATTERNS.with(|p| {
        let p = p.borrow();
        c.patterns
            .iter()
            .filter_map(|i| p.get(*i).cloned())
            .collect()
    })
}

/// [`json_schema`], with the module's patterns in scope.
pub fn schema_of(m: &Module, operation: &str) -> Value {
    PATTERNS.with(|p| *p.borrow_mut() = m.patterns.iter().map(|p| p.source.clone()).collect());
    json_schema(m, operation)
}

fn bound(o: &mut Map<String, Value>, key: &str, exclusive_key: &str, b: Option<(Value, bool)>) {
    if let Some((v, x)) = b {
        o.insert(if x { exclusive_key } else { key }.into(), v);
    }
}

fn shape(s: &Shape) -> Value {
    let mut o = Map::new();
    match s {
        Shape::String(c) => {
            o.insert("type".into(), json!("string"));
            strs(c, &sources(c), &mut o);
        }
        Shape::Integer(repr, c) => {
            o.insert("type".into(), json!("integer"));
            let (lo, hi) = match repr {
                IntRepr::I32 => (i128::from(i32::MIN), i128::from(i32::MAX)),
                _ => (i128::from(i64::MIN), i128::from(i64::MAX)),
            };
            let min = c.minimum.unwrap_or((lo, false));
            let max = c.maximum.unwrap_or((hi, false));
            bound(
                &mut o,
                "minimum",
                "exclusiveMinimum",
                Some((json!(min.0 as i64), min.1)),
            );
            bound(
                &mut o,
                "maximum",
                "exclusiveMaximum",
                Some((json!(max.0 as i64), max.1)),
            );
            if let Some(m) = c.multiple_of {
                o.insert("multipleOf".into(), json!(m as i64));
            }
            if !c.values.is_empty() {
                let values: Vec<i64> = c.values.iter().map(|&n| n as i64).collect();
                o.insert("enum".into(), json!(values));
            }
        }
        Shape::Number(c) => {
            o.insert("type".into(), json!("number"));
            bound(
                &mut o,
                "minimum",
                "exclusiveMinimum",
                c.minimum.map(|(v, x)| (json!(v), x)),
            );
            bound(
                &mut o,
                "maximum",
                "exclusiveMaximum",
                c.maximum.map(|(v, x)| (json!(v), x)),
            );
            if let Some(d) = c.multiple_of {
                // The JSON number that reads back as the spec's decimal (every divisor the
                // generator reads has one); a string would make the schema invalid, loudly.
                let m = d
                    .to_json_number()
                    .map_or_else(|| json!(d.to_string()), Value::Number);
                o.insert("multipleOf".into(), m);
            }
        }
        Shape::Boolean => {
            o.insert("type".into(), json!("boolean"));
        }
        Shape::Array {
            items,
            min_items,
            max_items,
            unique,
        } => {
            o.insert("type".into(), json!("array"));
            o.insert("items".into(), shape(items));
            if let Some(n) = min_items {
                o.insert("minItems".into(), json!(n));
            }
            if let Some(n) = max_items {
                o.insert("maxItems".into(), json!(n));
            }
            if *unique {
                o.insert("uniqueItems".into(), json!(true));
            }
        }
        Shape::Map {
            values,
            keys,
            min_props,
            max_props,
            required,
        } => {
            o.insert("type".into(), json!("object"));
            o.insert("additionalProperties".into(), shape(values));
            let mut k = Map::new();
            strs(keys, &sources(keys), &mut k);
            if !k.is_empty() {
                o.insert("propertyNames".into(), Value::Object(k));
            }
            if let Some(n) = min_props {
                o.insert("minProperties".into(), json!(n));
            }
            if let Some(n) = max_props {
                o.insert("maxProperties".into(), json!(n));
            }
            if !required.is_empty() {
                o.insert("required".into(), json!(required));
            }
        }
        Shape::Any => {}
        Shape::FreeObject => {
            o.insert("type".into(), json!("object"));
        }
        Shape::Named(n) => {
            o.insert("$ref".into(), json!(format!("#/$defs/{n}")));
        }
        Shape::Untyped(inner) => {
            if let Value::Object(mut i) = shape(inner) {
                i.remove("type");
                return Value::Object(i);
            }
        }
        Shape::Nullable(inner) => return json!({"anyOf": [{"type": "null"}, shape(inner)]}),
    }
    Value::Object(o)
}

/// A one-of group by presence: exactly one (or at most one) of `members`.
fn one_of(members: &[String], exactly_one: bool) -> Value {
    if exactly_one {
        let each: Vec<Value> = members.iter().map(|m| json!({"required": [m]})).collect();
        return json!({"oneOf": each});
    }
    let mut pairs = Vec::new();
    for (i, a) in members.iter().enumerate() {
        for b in &members[i + 1..] {
            pairs.push(json!({"required": [a, b]}));
        }
    }
    json!({"not": {"anyOf": pairs}})
}

/// `schema` nested under the wire path `steps`, each step required.
fn at_path(steps: &[(String, String, bool)], schema: Value) -> Value {
    match steps.split_first() {
        None => schema,
        Some(((wire, ..), rest)) => json!({
            "required": [wire],
            "properties": {wire: at_path(rest, schema)},
        }),
    }
}

/// An `x-rules` rule as `if`/`then` (fraction bounds have no JSON Schema form).
fn rule(r: &Rule) -> Value {
    let asserts: Vec<Value> = r
        .asserts
        .iter()
        .filter_map(|a| match a.bound {
            Bound::Literal(n) => {
                let key = if a.is_min { "minimum" } else { "maximum" };
                Some(at_path(&a.field.steps, json!({key: n as i64})))
            }
            Bound::Fraction { .. } => None,
        })
        .collect();
    match &r.when {
        Some((p, ne)) => json!({
            "if": at_path(&p.steps, json!({"not": {"const": *ne as i64}})),
            "then": {"allOf": asserts},
        }),
        None => json!({"allOf": asserts}),
    }
}

/// A small deterministic generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// A body of the corpus: its bytes, and whether docspec finds it valid.
#[derive(Debug, Clone)]
pub struct Body {
    /// The JSON text.
    pub bytes: Vec<u8>,
    /// docspec's verdict (the benchmark checks that jsonschema-rs agrees).
    pub valid: bool,
}

struct Gen<'a> {
    m: &'a Module,
    interp: Interp<'a>,
    rng: Rng,
}

const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

impl Gen<'_> {
    fn accepts(&self, s: &Shape, v: &Value) -> bool {
        self.interp
            .validate_value(s, v, docspec_runtime::Direction::Request)
            .is_empty()
    }

    fn text(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| char::from(ALNUM[self.rng.range(0, ALNUM.len() as u64 - 1) as usize]))
            .collect()
    }

    fn string(&mut self, s: &Shape, c: &StrChecks, wire: &str) -> Value {
        if c.format == Some(Format::Byte) {
            // A deployment package: a few KiB, as an inline `content` of a small function is.
            let n = self.rng.range(2048, 6144) as usize;
            let bytes: Vec<u8> = (0..n).map(|_| self.rng.next() as u8).collect();
            return json!(base64(&bytes));
        }
        if c.format == Some(Format::DateTime) {
            let (h, mi) = (self.rng.range(0, 23), self.rng.range(0, 59));
            return json!(format!("2024-05-17T{h:02}:{mi:02}:00.250Z"));
        }
        let lo = c.min_length.unwrap_or(1).max(1);
        let hi = c.max_length.unwrap_or(48).clamp(lo, 48);
        let len = self.rng.range(lo, hi) as usize;
        if c.patterns.is_empty() {
            let v = json!(if wire == "description" {
                format!(
                    "version {} of the {} service",
                    self.rng.range(1, 999),
                    self.text(8)
                )
            } else {
                self.text(len)
            });
            if self.accepts(s, &v) {
                return v;
            }
        }
        let mut candidates = Vec::new();
        for i in &c.patterns {
            candidates.extend(witness::from_pattern(
                &self.m.patterns[*i].translated,
                &[len],
            ));
        }
        let start = self.rng.range(0, candidates.len().max(1) as u64 - 1) as usize;
        let pick = candidates
            .iter()
            .cycle()
            .skip(start)
            .take(candidates.len())
            .map(|c| json!(c))
            .find(|v| self.accepts(s, v));
        pick.unwrap_or_else(|| json!(self.text(len)))
    }

    fn value(&mut self, s: &Shape, wire: &str, depth: usize) -> Value {
        match s {
            Shape::String(c) => self.string(s, c, wire),
            Shape::Integer(_, c) if !c.values.is_empty() => {
                let i = self.rng.range(0, c.values.len() as u64 - 1) as usize;
                json!(c.values[i] as i64)
            }
            Shape::Integer(_, c) => {
                let lo = c.minimum.map_or(0, |(m, x)| m + i128::from(x));
                let hi = c.maximum.map_or(lo + 4096, |(m, x)| m - i128::from(x));
                let hi = hi.max(lo);
                let span = u64::try_from((hi - lo).min(1 << 40)).unwrap_or(0);
                let mut n = lo + i128::from(self.rng.range(0, span));
                if let Some(m) = c.multiple_of {
                    n = (n / m) * m;
                    if n < lo {
                        n += m;
                    }
                }
                json!(n as i64)
            }
            // The divisor itself is a multiple of it.
            Shape::Number(c) => match c.multiple_of.and_then(|d| d.to_json_number()) {
                Some(n) => Value::Number(n),
                None => json!(1.5),
            },
            Shape::Boolean => json!(self.rng.chance(50)),
            Shape::Array {
                items,
                min_items,
                max_items,
                ..
            } => {
                let lo = min_items.unwrap_or(1);
                let hi = max_items.unwrap_or(4).clamp(lo, 4);
                let n = self.rng.range(lo, hi);
                let mut out: Vec<Value> = Vec::new();
                for _ in 0..n * 3 {
                    if out.len() as u64 == n {
                        break;
                    }
                    let v = self.value(items, wire, depth + 1);
                    if !out.contains(&v) {
                        out.push(v);
                    }
                }
                Value::Array(out)
            }
            Shape::Map { values, keys, .. } => {
                let n = self.rng.range(1, 5);
                let mut out = Map::new();
                for i in 0..n {
                    let k = if keys.patterns.is_empty() {
                        format!("KEY_{i}")
                    } else {
                        let key = Shape::String(keys.clone());
                        match self.string(&key, keys, "") {
                            Value::String(k) => k,
                            _ => format!("KEY_{i}"),
                        }
                    };
                    out.insert(k, self.value(values, wire, depth + 1));
                }
                Value::Object(out)
            }
            Shape::Any => json!({"note": self.text(12)}),
            Shape::FreeObject => json!({"note": self.text(12)}),
            Shape::Untyped(inner) | Shape::Nullable(inner) => self.value(inner, wire, depth),
            Shape::Named(n) => self.named(n, depth),
        }
    }

    fn named(&mut self, name: &str, depth: usize) -> Value {
        let Some(t) = self.m.types.get(name) else {
            return Value::Null;
        };
        match &t.kind {
            TypeKind::Struct(s) => {
                let mut out = Map::new();
                for f in &s.fields {
                    if f.required || (depth < 4 && self.rng.chance(85)) {
                        let v = self.value(&f.shape, &f.wire, depth + 1);
                        out.insert(f.wire.clone(), v);
                    }
                }
                for g in &s.groups {
                    let Some(TypeKind::Group(group)) =
                        self.m.types.get(&g.type_name).map(|t| &t.kind)
                    else {
                        continue;
                    };
                    if !g.exactly_one && self.rng.chance(30) {
                        continue;
                    }
                    // Inline content more often than not: the bodies worth measuring carry it.
                    let i = if group.members.iter().any(|v| v.wire == "content")
                        && self.rng.chance(70)
                    {
                        group
                            .members
                            .iter()
                            .position(|v| v.wire == "content")
                            .unwrap_or(0)
                    } else {
                        self.rng.range(0, group.members.len() as u64 - 1) as usize
                    };
                    let v = &group.members[i];
                    out.insert(v.wire.clone(), self.value(&v.shape, &v.wire, depth + 1));
                }
                Value::Object(out)
            }
            TypeKind::Enum(e) => {
                let i = self.rng.range(0, e.values.len() as u64 - 1) as usize;
                json!(e.values[i].0)
            }
            TypeKind::Alias(a) => self.value(a, name, depth),
            TypeKind::Union(u) => {
                let i = self.rng.range(0, u.variants.len() as u64 - 1) as usize;
                self.value(&u.variants[i].shape, name, depth)
            }
            TypeKind::Group(_) => Value::Null,
        }
    }
}

/// RFC 4648 base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(A[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Removes the member at an RFC 6901 pointer (one without `~` escapes).
fn remove_at(v: &mut Value, pointer: &str) -> bool {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return false;
    };
    match v.pointer_mut(parent) {
        Some(Value::Object(o)) => o.remove(last).is_some(),
        Some(Value::Array(a)) => match last.parse::<usize>() {
            Ok(i) if i < a.len() => {
                a.remove(i);
                true
            }
            _ => false,
        },
        _ => false,
    }
}

/// Every leaf of `v` by pointer.
fn leaves(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                leaves(x, format!("{at}/{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                leaves(x, format!("{at}/{i}"), out);
            }
        }
        _ => out.push(at),
    }
}

/// `n` bodies of `target` (every fifth invalid), the same for the same `seed`.
///
/// Valid bodies are drawn from the IR with realistic sizes (an inline base64 `content` of
/// 2-6 KiB where the spec has one); a drawn body that breaks a rule between fields loses the
/// members the report names. An invalid body is a valid one with one leaf broken: a string
/// made too long or unmatched, a number out of range, a value of the wrong type, an unknown
/// enum value, or a required member removed.
pub fn corpus(t: &Target, n: usize, seed: u64) -> Vec<Body> {
    corpus_with(t, n, seed, 5)
}

/// [`corpus`] with every `invalid_every`-th body invalid (none for 0).
pub fn corpus_with(t: &Target, n: usize, seed: u64, invalid_every: usize) -> Vec<Body> {
    let m = module(t.spec);
    let shape = body_shape(&m, t.operation).clone();
    let mut g = Gen {
        m: &m,
        interp: Interp::new(&m),
        rng: Rng::new(seed),
    };
    let report = |g: &Gen<'_>, v: &Value| {
        g.interp
            .validate_shape(&shape, v, docspec_runtime::Direction::Request)
    };
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let mut v = g.value(&shape, "", 0);
        for _ in 0..8 {
            let r = report(&g, &v);
            let Some(first) = r.violations().first() else {
                break;
            };
            if !remove_at(&mut v, &first.pointer) {
                break;
            }
        }
        if !report(&g, &v).is_empty() {
            continue;
        }
        if invalid_every > 0 && out.len() % invalid_every == invalid_every - 1 {
            let mut spots = Vec::new();
            leaves(&v, String::new(), &mut spots);
            for _ in 0..16 {
                let mut bad = v.clone();
                let at = &spots[g.rng.range(0, spots.len() as u64 - 1) as usize];
                let Some(leaf) = bad.pointer_mut(at) else {
                    continue;
                };
                *leaf = match (g.rng.range(0, 4), &*leaf) {
                    (0, Value::String(s)) => json!(format!("{s}{}", "x".repeat(300))),
                    (1, Value::String(s)) => json!(format!("!{s} ?")),
                    (2, Value::Number(x)) => {
                        json!(x.as_i64().unwrap_or(0).saturating_mul(1000) + 1_000_000_007)
                    }
                    (3, _) => json!(12345),
                    _ => json!("NOT_A_DOCUMENTED_VALUE"),
                };
                if g.rng.chance(15) {
                    let _ = remove_at(&mut bad, at);
                }
                if !report(&g, &bad).is_empty() {
                    out.push(Body {
                        bytes: serde_json::to_vec(&bad).unwrap_or_default(),
                        valid: false,
                    });
                    break;
                }
            }
            continue;
        }
        out.push(Body {
            bytes: serde_json::to_vec(&v).unwrap_or_default(),
            valid: true,
        });
    }
    out
}

fn from_slice_ok<T: docspec_runtime::Decode + docspec_runtime::Validate>(bytes: &[u8]) -> bool {
    docspec_runtime::from_slice::<T>(bytes, docspec_runtime::Direction::Request).is_ok()
}

/// docspec end to end on the body type of the target whose spec file is `spec`:
/// `docspec_runtime::from_slice` of the bytes, `true` for a valid body.
pub fn docspec_reader(spec: &str) -> fn(&[u8]) -> bool {
    use docspec_generated::*;
    match spec {
        "yandex_functions_create_version.yaml" => {
            from_slice_ok::<yandex_functions_create_version::CreateVersionRequest>
        }
        "yandex_functions_create_version_2020.yaml" => {
            from_slice_ok::<yandex_functions_create_version_2020::CreateVersionRequest>
        }
        "aws_lambda_create_function.yaml" => {
            from_slice_ok::<aws_lambda_create_function::CreateFunctionRequest>
        }
        "aws_lambda_publish_version.yaml" => {
            from_slice_ok::<aws_lambda_publish_version::PublishVersionRequest>
        }
        other => panic!("no body type for {other}"),
    }
}

/// The typed values of the bodies that decode into `T` (no type errors, whatever else
/// fails), decoded from a `Value`: the input of the validation step measured alone.
pub fn decoded<'b, T: docspec_runtime::Decode>(
    bodies: impl IntoIterator<Item = &'b Body>,
) -> Vec<T> {
    bodies
        .into_iter()
        .filter_map(|b| {
            let v: Value = serde_json::from_slice(&b.bytes).ok()?;
            let mut r = docspec_runtime::Report::default();
            let at = docspec_runtime::Path::root();
            let mut cx = docspec_runtime::Cx::new(&mut r, docspec_runtime::Direction::Request);
            T::decode(&v, &at, &mut cx)
        })
        .collect()
}

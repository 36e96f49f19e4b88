//! A bounded, seeded fuzz loop over every operation of every generated spec (`specs/`, compiled
//! in `docspec-generated`, and `tests/fixtures/specs`, compiled in `docspec-fixtures`): requests
//! built from the boundary cases and synthesized from the IR are mutated (values of other
//! types and sizes, removed and added members, odd numbers and strings, and for bodies, broken
//! bytes) and go through the compiled `validate_request` and `validate_body` (`from_slice`) and
//! through the interpreter; success response bodies likewise through `validate_response`
//! (decoded as responses: enums keep unknown values). Nothing may panic, the compiled and interpreted reports must be
//! equal, a body's report must be the body part of its request's, and every violation's
//! pointer must resolve in the input (for an absent required member: its parent). A body's
//! members written in another order, some twice, must not change its report.
//!
//! `FUZZ_SEED` and `FUZZ_CASES` (mutations per operation, default 240) change the run.

mod support;

use docspec_codegen::ir::{Module, Shape, TypeKind};
use docspec_diff::interp::Interp;
use docspec_diff::witness::Synth;
use docspec_runtime::{Code, Report};
use serde_json::{Map, Value, json};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// xorshift64*: small, seeded, and the same sequence on every machine.
struct Rng(u64);

impl Rng {
    /// Seeds through splitmix64, so that every seed gives its own sequence.
    fn new(seed: u64) -> Self {
        let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        Rng((z ^ (z >> 31)).max(1))
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// One operation of one compiled spec.
struct Target {
    file: String,
    op: String,
    interp: &'static Interp<'static>,
    request: fn(&str, &str, &Value) -> Option<Report>,
    body: fn(&str, &str, &[u8]) -> Option<Report>,
    response: fn(&str, &str, &[u8]) -> Option<Report>,
    seeds: Vec<Value>,
    /// Whether the request body is JSON (or absent): only then are its JSON bytes the body as
    /// sent (form and raw bodies are read from their own bytes: `tests/tests/media.rs`).
    json_body: bool,
    /// Success response bodies, when one is documented.
    responses: Vec<Value>,
}

/// A value of `shape` with every optional member present where the synthesizer can fill it.
fn full(s: &Synth<'_>, shape: &Shape, strings: bool, depth: usize) -> Option<Value> {
    if depth > 6 {
        return s.value(shape, &[], strings);
    }
    match shape {
        Shape::Named(n) => match &s.m.types.get(n)?.kind {
            TypeKind::Struct(st) => {
                let mut out = Map::new();
                for f in &st.fields {
                    match full(s, &f.shape, strings, depth + 1) {
                        Some(v) => {
                            out.insert(f.wire.clone(), v);
                        }
                        None if f.required => return s.value(shape, &[], strings),
                        None => {}
                    }
                }
                for g in &st.groups {
                    if let Some(TypeKind::Group(grp)) = s.m.types.get(&g.type_name).map(|t| &t.kind)
                        && let Some(m) = grp.members.first()
                        && let Some(v) = full(s, &m.shape, strings, depth + 1)
                    {
                        out.insert(m.wire.clone(), v);
                    }
                }
                Some(Value::Object(out))
            }
            TypeKind::Alias(a) => full(s, a, strings, depth + 1),
            _ => s.value(shape, &[], strings),
        },
        Shape::Untyped(inner) | Shape::Nullable(inner) => full(s, inner, strings, depth + 1),
        Shape::Array {
            items, max_items, ..
        } => {
            let v = s.value(shape, &[], strings)?;
            if v.as_array().is_some_and(Vec::is_empty) && max_items.is_none_or(|m| m > 0) {
                let one = Value::Array(vec![full(s, items, strings, depth + 1)?]);
                return Some(if s.accepts(shape, &one) { one } else { v });
            }
            Some(v)
        }
        _ => s.value(shape, &[], strings),
    }
}

/// Requests of operation `op` synthesized from the IR: minimal, and with optional members.
fn synthesized(m: &Module, interp: &Interp<'_>, op: &str) -> Vec<Value> {
    let s = Synth { m, interp };
    let op = m.operations.iter().find(|o| o.id == op).unwrap();
    let mut out = Vec::new();
    for fill in [false, true] {
        let mut env = Map::new();
        for (part, params) in [
            ("path", &op.path_params),
            ("query", &op.query_params),
            ("header", &op.header_params),
        ] {
            if let Some(n) = params {
                let shape = Shape::Named(n.clone());
                let v = if fill {
                    full(&s, &shape, true, 0)
                } else {
                    s.value(&shape, &[], true)
                };
                env.insert(part.into(), v.unwrap_or_else(|| json!({})));
            }
        }
        if let Some(b) = &op.body {
            let v = if fill {
                full(&s, &b.shape, false, 0)
            } else {
                s.value(&b.shape, &[], false)
            };
            if let Some(v) = v {
                env.insert("body".into(), v);
            }
        }
        out.push(Value::Object(env));
    }
    out
}

/// The requests of the boundary cases of `tests/cases/{stem}` for operation `op`.
fn case_seeds(stem: &str, op: &str) -> Vec<Value> {
    let dir = support::root().join("tests/cases").join(stem);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let base = support::load(&dir.join("_base.json"));
    if base["operation"] != op {
        return Vec::new();
    }
    let mut out = vec![base["request"].clone()];
    let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    files.sort();
    for f in files
        .iter()
        .filter(|f| f.file_name().is_some_and(|n| n != "_base.json"))
    {
        for case in support::load(f)["cases"].as_array().into_iter().flatten() {
            out.push(support::case_request(&base, case));
        }
    }
    out
}

/// One compiled crate of specs: its spec list, where their texts are, and its entry points.
struct Crate {
    specs: &'static [(&'static str, &'static [&'static str])],
    /// The folder of the spec files, shown as `display/{file}`.
    dir: &'static str,
    display: &'static str,
    request: fn(&str, &str, &Value) -> Option<Report>,
    body: fn(&str, &str, &[u8]) -> Option<Report>,
    response: fn(&str, &str, &[u8]) -> Option<Report>,
}

/// Success response bodies of `op` synthesized from the IR: minimal, and with optional members.
fn responses(m: &Module, interp: &Interp<'_>, op: &str) -> Vec<Value> {
    let s = Synth { m, interp };
    let op = m.operations.iter().find(|o| o.id == op).unwrap();
    let Some(r) = &op.response else {
        return Vec::new();
    };
    [s.value(&r.shape, &[], false), full(&s, &r.shape, false, 0)]
        .into_iter()
        .flatten()
        .collect()
}

fn targets() -> Vec<Target> {
    let crates = [
        Crate {
            specs: docspec_generated::SPECS,
            dir: "specs",
            display: "specs",
            request: docspec_generated::validate_request,
            body: docspec_generated::validate_body,
            response: docspec_generated::validate_response,
        },
        Crate {
            specs: docspec_fixtures::SPECS,
            dir: "tests/fixtures/specs",
            display: "fixtures",
            request: docspec_fixtures::validate_request,
            body: docspec_fixtures::validate_body,
            response: docspec_fixtures::validate_response,
        },
    ];
    let mut out = Vec::new();
    for c in crates {
        for (file, ops) in c.specs {
            let stem = file.trim_end_matches(".yaml");
            let m = support::lowered(c.dir, c.display, file);
            let interp: &'static Interp<'static> = Box::leak(Box::new(Interp::new(m)));
            for op in *ops {
                let mut seeds = case_seeds(stem, op);
                seeds.extend(synthesized(m, interp, op));
                let json_body = m
                    .operations
                    .iter()
                    .find(|o| o.id == *op)
                    .and_then(|o| o.request_media.first())
                    .is_none_or(|media| media.kind == docspec_runtime::MediaKind::Json);
                out.push(Target {
                    json_body,
                    file: (*file).to_owned(),
                    op: (*op).to_owned(),
                    interp,
                    request: c.request,
                    body: c.body,
                    response: c.response,
                    seeds,
                    responses: responses(m, interp, op),
                });
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Mutations

/// Every node of `v`, as pointers.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                pointers(
                    x,
                    format!("{at}/{}", docspec_codegen::error::escape(k)),
                    out,
                );
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                pointers(x, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

const CHARS: &[&str] = &[
    "a", "Z", "0", "9", "-", "_", ".", " ", "é", "ж", "😀", "١", "\u{0}", "\r", "\n", "\u{2028}",
    "~", "/", "=", "+", "\"", "\\", "%", "T", ":",
];

fn string(rng: &mut Rng) -> String {
    let len = *rng.pick(&[0, 1, 2, 3, 8, 63, 64, 65, 255, 256, 257, 1000]);
    let c = *rng.pick(CHARS);
    if rng.below(2) == 0 {
        c.repeat(len)
    } else {
        (0..len).map(|_| *rng.pick(CHARS)).collect()
    }
}

fn scalar(rng: &mut Rng) -> Value {
    let fixed = [
        json!(null),
        json!(true),
        json!(false),
        json!(0),
        json!(-1),
        json!(1),
        json!(2147483648u64),
        json!(9007199254740993u64),
        json!(i64::MIN),
        json!(u64::MAX),
        json!(1e308),
        json!(-0.0),
        json!(0.5),
        json!(1e-7),
        json!(""),
        json!("123"),
        json!("-5"),
        json!("9223372036854775808"),
        json!("1e3"),
        json!("true"),
        json!("2016-12-31T23:59:60Z"),
        json!("2024-02-30T00:00:00Z"),
        json!("QQ=="),
        json!("Q"),
        json!([]),
        json!({}),
        json!([1, 1.0]),
        json!({"": null}),
    ];
    match rng.below(3) {
        0 => Value::String(string(rng)),
        _ => rng.pick(&fixed).clone(),
    }
}

/// Applies one random mutation to `doc`.
fn mutate(doc: &mut Value, rng: &mut Rng) {
    let mut all = Vec::new();
    pointers(doc, String::new(), &mut all);
    let at = rng.pick(&all).clone();
    let (parent, last) = match at.rsplit_once('/') {
        Some((p, l)) => (p.to_owned(), Some(l.replace("~1", "/").replace("~0", "~"))),
        None => (String::new(), None),
    };
    let node = doc.pointer_mut(&at).expect("a pointer of the document");
    match rng.below(9) {
        0 | 1 => *node = scalar(rng),
        2 => {
            // Remove this member or item.
            if let Some(last) = last {
                match doc.pointer_mut(&parent) {
                    Some(Value::Object(o)) => {
                        o.remove(&last);
                    }
                    Some(Value::Array(a)) => {
                        if let Ok(i) = last.parse::<usize>() {
                            a.remove(i);
                        }
                    }
                    _ => {}
                }
            }
        }
        3 => match node {
            Value::String(s) => {
                *s = match rng.below(4) {
                    0 => s.repeat(2 + rng.below(200)),
                    1 => s.chars().take(rng.below(s.chars().count() + 1)).collect(),
                    2 => format!("{s}{}", rng.pick(CHARS)),
                    _ => s.to_uppercase(),
                }
            }
            Value::Number(n) => {
                let x = n.as_i64().map(i128::from).unwrap_or(0);
                // As a server reads it: beyond 64 bits, JSON text becomes a float.
                let number = |y: i128| serde_json::from_str::<Value>(&y.to_string()).unwrap();
                *node = match rng.below(5) {
                    0 => number(x + 1),
                    1 => number(x - 1),
                    2 => number(-x),
                    3 => Value::String(x.to_string()),
                    _ => json!(x as f64 + 0.5),
                }
            }
            other => *other = scalar(rng),
        },
        4 => match node {
            Value::Array(a) if !a.is_empty() => {
                let item = a[rng.below(a.len())].clone();
                a.push(item);
            }
            Value::Array(a) => a.push(scalar(rng)),
            Value::Object(o) => {
                let key = rng
                    .pick(&["zz", "", "~1/", "X-REQUEST-ID", "p1"])
                    .to_string();
                o.insert(key, scalar(rng));
            }
            other => *other = json!([other.clone()]),
        },
        5 => match node {
            Value::Array(a) => a.clear(),
            Value::Object(o) => {
                // The same member under another case.
                if let Some(k) = o.keys().nth(rng.below(o.len())).cloned() {
                    let v = o.remove(&k).unwrap();
                    o.insert(k.to_ascii_lowercase(), v);
                }
            }
            other => *other = json!({"v": other.clone()}),
        },
        6 => {
            // An array of many copies: counts and uniqueness on larger inputs.
            let n = 1 + rng.below(300);
            *node = Value::Array(vec![node.clone(); n]);
        }
        _ => {
            // Strings for numbers and numbers for strings, as parameters and int64s arrive.
            *node = match node {
                Value::String(s) => s
                    .parse::<i64>()
                    .map(Value::from)
                    .unwrap_or_else(|_| Value::String(format!(" {s}"))),
                Value::Number(n) => Value::String(n.to_string()),
                _ => scalar(rng),
            }
        }
    }
}

/// Breaks the bytes of a body: cut, a byte changed, a byte inserted.
fn break_bytes(bytes: &mut Vec<u8>, rng: &mut Rng) {
    if bytes.is_empty() {
        bytes.push(b'{');
        return;
    }
    let i = rng.below(bytes.len());
    match rng.below(3) {
        0 => bytes.truncate(i),
        1 => bytes[i] = *rng.pick(b"{}[]\",:0a\\\x00\xff \x7f"),
        _ => bytes.insert(i, *rng.pick(b"{}[]\",:-e.\xc3")),
    }
}

// ---------------------------------------------------------------------------------------------
// Checks

/// How much of a pointer may be absent from the input.
#[derive(Clone, Copy, PartialEq)]
enum Absent {
    /// Nothing: the pointer names a value of the input.
    None,
    /// The last segment, under an object (an absent required member).
    Last,
    /// Any trailing segments, the first under an object (a rule's absent field, such as
    /// `resources/memory` without `resources`).
    Tail,
}

/// Whether `pointer` names a place in `input`; header names compare without ASCII case (they
/// are reported under the documented name).
fn resolves(input: &Value, pointer: &str, headers: bool, absent: Absent) -> bool {
    if pointer.is_empty() {
        return true;
    }
    let Some(rest) = pointer.strip_prefix('/') else {
        return false;
    };
    let segs: Vec<String> = rest
        .split('/')
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    let mut cur = input;
    for (i, seg) in segs.iter().enumerate() {
        let next = match cur {
            Value::Object(o) if headers && i == 1 && segs[0] == "header" => {
                o.get(seg).or_else(|| {
                    o.iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case(seg))
                        .map(|(_, v)| v)
                })
            }
            Value::Object(o) => o.get(seg),
            Value::Array(a) => seg.parse::<usize>().ok().and_then(|j| a.get(j)),
            _ => None,
        };
        match next {
            Some(v) => cur = v,
            None => {
                return cur.is_object()
                    && match absent {
                        Absent::None => false,
                        Absent::Last => i + 1 == segs.len(),
                        Absent::Tail => true,
                    };
            }
        }
    }
    true
}

fn check_pointers(r: &Report, input: &Value, headers: bool) -> Result<(), String> {
    for v in r.violations() {
        let absent = match v.code {
            Code::Required => Absent::Last,
            Code::Rule if v.message.contains("must be present") => Absent::Tail,
            _ => Absent::None,
        };
        if !resolves(input, &v.pointer, headers, absent) {
            return Err(format!(
                "pointer {} ({:?}: {}) is not in the input",
                v.pointer, v.code, v.message
            ));
        }
    }
    Ok(())
}

fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|e| {
        e.downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "a panic".into())
    })
}

/// `v` as JSON text with every object's members in a random order, some of them written
/// twice with another value first (the last occurrence is the member's value, as in a
/// `Value`): the text a `Value` parse turns back into `v`, which the recording reader,
/// reading members in text order, must report exactly as `v`'s sorted text.
fn shuffled(v: &Value, rng: &mut Rng) -> String {
    match v {
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(|x| shuffled(x, rng)).collect();
            format!("[{}]", items.join(","))
        }
        Value::Object(members) => {
            let mut order: Vec<(&String, &Value)> = members.iter().collect();
            for i in (1..order.len()).rev() {
                order.swap(i, rng.below(i + 1));
            }
            let mut out = Vec::new();
            for (k, x) in order {
                let key = Value::String(k.clone()).to_string();
                if rng.below(4) == 0 {
                    let decoy = scalar(rng);
                    out.push(format!("{key}:{decoy}"));
                }
                out.push(format!("{key}:{}", shuffled(x, rng)));
            }
            format!("{{{}}}", out.join(","))
        }
        scalar => scalar.to_string(),
    }
}

/// Runs one request of `t` through everything; an error says what went wrong.
fn run(
    t: &Target,
    env: &Value,
    body_bytes: Option<&[u8]>,
    reordered: Option<&str>,
) -> Result<(), String> {
    let compiled = guarded(|| (t.request)(&t.file, &t.op, env))?
        .ok_or_else(|| format!("{} has no operation {}", t.file, t.op))?;
    let interpreted = guarded(|| t.interp.validate_request(&t.op, env))?.unwrap_or_default();
    if compiled.to_json() != interpreted.to_json() {
        return Err(format!(
            "compiled and interpreted reports differ:\n{:#}\n{:#}",
            compiled.to_json(),
            interpreted.to_json()
        ));
    }
    // Absent parts are empty parameter objects (`validate_request`'s envelope).
    let mut whole = env.clone();
    if let Value::Object(o) = &mut whole {
        for part in ["path", "query", "header"] {
            o.entry(part).or_insert_with(|| json!({}));
        }
    }
    check_pointers(&compiled, &whole, true)?;
    let Some(body) = env.get("body").filter(|_| t.json_body) else {
        return Ok(());
    };
    let bytes = serde_json::to_vec(body).unwrap();
    let report = guarded(|| (t.body)(&t.file, &t.op, &bytes))?.unwrap();
    check_pointers(&report, body, false)?;
    // The body's report is the body part of the request's.
    let mut part = Report::default();
    for v in compiled.violations() {
        if let Some(p) = v.pointer.strip_prefix("/body")
            && (p.is_empty() || p.starts_with('/'))
        {
            let mut v = v.clone();
            v.pointer = p.to_owned();
            part.push(v);
        }
    }
    if part.to_json() != report.to_json() {
        return Err(format!(
            "the body's report is not the body part of the request's:\n{:#}\n{:#}",
            report.to_json(),
            part.to_json()
        ));
    }
    if let Some(text) = reordered {
        let again = guarded(|| (t.body)(&t.file, &t.op, text.as_bytes()))?.unwrap();
        if again.to_json() != report.to_json() {
            return Err(format!(
                "members in another order, or repeated, change the body's report:\n{text}\n{:#}\n{:#}",
                again.to_json(),
                report.to_json()
            ));
        }
    }
    if let Some(raw) = body_bytes {
        let report = guarded(|| (t.body)(&t.file, &t.op, raw))?.unwrap();
        match serde_json::from_slice::<Value>(raw) {
            Ok(v) => check_pointers(&report, &v, false)?,
            Err(_) => {
                if report
                    .violations()
                    .iter()
                    .any(|v| v.code != Code::Syntax || !v.pointer.is_empty())
                    || report.is_empty()
                {
                    return Err(format!("unparsable bytes gave {}", report.to_json()));
                }
            }
        }
    }
    Ok(())
}

/// Runs one response body of `t` (and, when given, broken bytes of one) through everything.
fn run_response(t: &Target, body: &Value, broken: Option<&[u8]>) -> Result<(), String> {
    let bytes = serde_json::to_vec(body).unwrap();
    let compiled = guarded(|| (t.response)(&t.file, &t.op, &bytes))?.unwrap();
    let interpreted = guarded(|| t.interp.validate_response(&t.op, body))?.unwrap_or_default();
    if compiled.to_json() != interpreted.to_json() {
        return Err(format!(
            "compiled and interpreted response reports differ:\n{:#}\n{:#}",
            compiled.to_json(),
            interpreted.to_json()
        ));
    }
    check_pointers(&compiled, body, false)?;
    if let Some(raw) = broken {
        let report = guarded(|| (t.response)(&t.file, &t.op, raw))?.unwrap();
        if let Ok(v) = serde_json::from_slice::<Value>(raw) {
            check_pointers(&report, &v, false)?;
        }
    }
    Ok(())
}

#[test]
fn mutated_requests_never_panic_and_point_into_the_input() {
    let seed = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_d0c5_u64);
    let per_op: usize = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(240);
    let targets = targets();
    let mut rng = Rng::new(seed);
    let mut cases = 0;
    let mut invalid = 0;
    let mut responses = 0;
    let mut failures = Vec::new();
    for t in &targets {
        assert!(!t.seeds.is_empty(), "{} {}: no seed request", t.file, t.op);
        // Each seed as it is, then mutations of seeds.
        for i in 0..t.seeds.len() + per_op {
            let env = match t.seeds.get(i) {
                Some(seed) => seed.clone(),
                None => {
                    let mut env = rng.pick(&t.seeds).clone();
                    for _ in 0..1 + rng.below(3) {
                        mutate(&mut env, &mut rng);
                    }
                    env
                }
            };
            let broken = env.get("body").filter(|_| rng.below(3) == 0).map(|b| {
                let mut bytes = serde_json::to_vec(b).unwrap();
                break_bytes(&mut bytes, &mut rng);
                bytes
            });
            let reordered = env.get("body").map(|b| shuffled(b, &mut rng));
            cases += 1;
            match run(t, &env, broken.as_deref(), reordered.as_deref()) {
                Ok(()) => {}
                Err(e) => failures.push(format!("{} {}: {e}\ninput: {env}", t.file, t.op)),
            }
            if (t.request)(&t.file, &t.op, &env).is_some_and(|r| !r.is_empty()) {
                invalid += 1;
            }
        }
        // Response bodies: the seeds, then half as many mutations as for requests.
        for i in 0..t.responses.len() + per_op / 2 * usize::from(!t.responses.is_empty()) {
            let body = match t.responses.get(i) {
                Some(seed) => seed.clone(),
                None => {
                    let mut body = rng.pick(&t.responses).clone();
                    for _ in 0..1 + rng.below(3) {
                        mutate(&mut body, &mut rng);
                    }
                    body
                }
            };
            let broken = (rng.below(3) == 0).then(|| {
                let mut bytes = serde_json::to_vec(&body).unwrap();
                break_bytes(&mut bytes, &mut rng);
                bytes
            });
            responses += 1;
            if let Err(e) = run_response(t, &body, broken.as_deref()) {
                failures.push(format!(
                    "{} {} (response): {e}\ninput: {body}",
                    t.file, t.op
                ));
            }
        }
    }
    eprintln!(
        "fuzz: {cases} requests and {responses} responses of {} operations (seed {seed:#x}), {invalid} invalid requests, {} failures",
        targets.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {cases} requests failed; first ones:\n{}",
        failures.len(),
        failures[..failures.len().min(4)].join("\n\n")
    );
    // The loop must exercise rejections, not only valid requests.
    assert!(
        invalid * 4 > cases,
        "only {invalid} of {cases} requests were invalid"
    );
}

#[test]
fn every_spec_operation_is_fuzzed() {
    let targets = targets();
    let count = |specs: &[(&str, &[&str])]| specs.iter().map(|(_, ops)| ops.len()).sum::<usize>();
    assert_eq!(
        targets.len(),
        count(docspec_generated::SPECS) + count(docspec_fixtures::SPECS)
    );
}

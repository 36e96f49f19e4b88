//! The validation benchmark: what reading and checking a request body costs with docspec,
//! against the typed-serde floor and jsonschema-rs in both its modes, in one run.
//!
//! For each request body type of the five specs, a deterministic corpus (`docspec_bench::corpus`:
//! realistic sizes, every fifth body invalid) is measured, per body:
//! - `floor`: serde's derive into hand-written structs, no checks (`docspec_bench::floor`);
//! - `docspec`: `docspec_runtime::from_slice` (bytes to a validated value or a full report);
//! - `jsonschema`, `jsonschema_macro`: bytes to a `serde_json::Value`, then every error of
//!   jsonschema-rs's runtime validator / its compile-time `#[jsonschema::validator]`, for a
//!   JSON Schema of the same constraints (`tests/bench/schemas/`);
//! - `validate_*`: the validation step alone, on bodies already decoded (docspec's typed
//!   value, jsonschema-rs's `Value`), for the bodies without type errors.
//!
//! Every body's verdict must be the same on all sides, or the run stops. Then, for one
//! `content` of 10, 25 and 50 MB: peak heap during the call over the input's size, and time
//! (per MB: the same at every size is linear time). And how often `validate()` allocates on
//! the valid bodies.
//!
//! Run: `cargo bench -p docspec-bench --bench validate`; quick: `BENCH_QUICK=1 cargo bench ...`.
//! The table at the end is computed from criterion's medians (target/criterion).

use criterion::Criterion;
use docspec_bench::{Body, TARGETS, Target};
use docspec_runtime::{Decode, Direction, Validate};
use serde_json::Value;
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Counts heap bytes in use and their peak, for the memory figures.
struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static ALLOCS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(l) };
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        if !p.is_null() {
            let now = CURRENT.fetch_add(l.size(), Ordering::Relaxed) + l.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) };
        CURRENT.fetch_sub(l.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, l, new) };
        if !q.is_null() {
            if new >= l.size() {
                let now = CURRENT.fetch_add(new - l.size(), Ordering::Relaxed) + new - l.size();
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                CURRENT.fetch_sub(l.size() - new, Ordering::Relaxed);
            }
        }
        q
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// The `byte` format for jsonschema-rs, which has none of its own: a plain loop over the
/// same rules, as a user writes it (and as docspec's own check was before it was vectorized).
fn byte(s: &str) -> bool {
    let body = s.trim_end_matches('=');
    let pad = s.len() - body.len();
    let alphabet = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'-' | b'_');
    body.bytes().all(alphabet) && pad <= 2 && body.len() % 4 != 1 && (pad == 0 || s.len() % 4 == 0)
}

/// The `byte` format for jsonschema-rs as docspec checks it, for the comparison that gives
/// both sides the same format code.
fn byte_docspec(s: &str) -> bool {
    docspec_runtime::check::is_base64(s)
}

#[jsonschema::validator(path = "schemas/yandex_functions_create_version.json", validate_formats = true, formats = { "byte" => crate::byte })]
struct YandexCreateVersion;

#[jsonschema::validator(path = "schemas/yandex_functions_create_version.json", validate_formats = true, formats = { "byte" => crate::byte_docspec })]
struct YandexCreateVersionDocspecByte;

#[jsonschema::validator(path = "schemas/yandex_functions_create_version_2020.json", validate_formats = true, formats = { "byte" => crate::byte })]
struct YandexCreateVersion2020;

#[jsonschema::validator(path = "schemas/aws_lambda_create_function.json", validate_formats = true, formats = { "byte" => crate::byte })]
struct AwsCreateFunction;

#[jsonschema::validator(path = "schemas/aws_lambda_publish_version.json", validate_formats = true, formats = { "byte" => crate::byte })]
struct AwsPublishVersion;

fn runtime_validator(t: &Target) -> jsonschema::Validator {
    let m = docspec_bench::module(t.spec);
    let schema = docspec_bench::schema_of(&m, t.operation);
    let on_disk: Value = serde_json::from_str(
        &std::fs::read_to_string(docspec_bench::schema_path(t)).unwrap_or_default(),
    )
    .unwrap_or(Value::Null);
    assert_eq!(
        schema, on_disk,
        "{}: the checked-in schema is stale; run `cargo run -p docspec-bench --bin write-schemas`",
        t.spec
    );
    jsonschema::options()
        .with_format("byte", byte)
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("{}: {e}", t.spec))
}

struct Sides {
    docspec: fn(&[u8]) -> bool,
    macro_errors: fn(&Value) -> usize,
}

fn sides(spec: &str) -> Sides {
    match spec {
        "yandex_functions_create_version.yaml" => Sides {
            docspec: docspec_bench::docspec_reader(spec),
            macro_errors: |v| YandexCreateVersion::iter_errors(v).count(),
        },
        "yandex_functions_create_version_2020.yaml" => Sides {
            docspec: docspec_bench::docspec_reader(spec),
            macro_errors: |v| YandexCreateVersion2020::iter_errors(v).count(),
        },
        "aws_lambda_create_function.yaml" => Sides {
            docspec: docspec_bench::docspec_reader(spec),
            macro_errors: |v| AwsCreateFunction::iter_errors(v).count(),
        },
        "aws_lambda_publish_version.yaml" => Sides {
            docspec: docspec_bench::docspec_reader(spec),
            macro_errors: |v| AwsPublishVersion::iter_errors(v).count(),
        },
        other => panic!("no sides for {other}"),
    }
}

/// Allocations made by `validate()` on the typed values of the valid bodies.
fn valid_path_allocations<T: Decode + Validate>(bodies: &[Body]) -> usize {
    let values: Vec<T> = bodies
        .iter()
        .filter(|b| b.valid)
        .filter_map(|b| docspec_runtime::from_slice::<T>(&b.bytes, Direction::Request).ok())
        .collect();
    let before = ALLOCS.load(Ordering::Relaxed);
    let ok = values.iter().all(|v| v.validate().is_ok());
    let n = ALLOCS.load(Ordering::Relaxed) - before;
    assert!(ok, "a valid body failed validation");
    n
}

fn allocations_for(spec: &str, bodies: &[Body]) -> usize {
    use docspec_generated::*;
    match spec {
        "yandex_functions_create_version.yaml" => {
            valid_path_allocations::<yandex_functions_create_version::CreateVersionRequest>(bodies)
        }
        "yandex_functions_create_version_2020.yaml" => valid_path_allocations::<
            yandex_functions_create_version_2020::CreateVersionRequest,
        >(bodies),
        "aws_lambda_create_function.yaml" => {
            valid_path_allocations::<aws_lambda_create_function::CreateFunctionRequest>(bodies)
        }
        "aws_lambda_publish_version.yaml" => {
            valid_path_allocations::<aws_lambda_publish_version::PublishVersionRequest>(bodies)
        }
        _ => 0,
    }
}

/// The validation step alone for docspec: typed values of the bodies that decode.
fn typed<T: Decode + Validate + 'static>(bodies: &[Body]) -> Box<dyn Fn() -> usize> {
    let values: Vec<T> = docspec_bench::decoded(bodies);
    Box::new(move || values.iter().filter(|v| v.validate().is_err()).count())
}

fn typed_for(spec: &str, bodies: &[Body]) -> Box<dyn Fn() -> usize> {
    use docspec_generated::*;
    match spec {
        "yandex_functions_create_version.yaml" => {
            typed::<yandex_functions_create_version::CreateVersionRequest>(bodies)
        }
        "yandex_functions_create_version_2020.yaml" => {
            typed::<yandex_functions_create_version_2020::CreateVersionRequest>(bodies)
        }
        "aws_lambda_create_function.yaml" => {
            typed::<aws_lambda_create_function::CreateFunctionRequest>(bodies)
        }
        "aws_lambda_publish_version.yaml" => {
            typed::<aws_lambda_publish_version::PublishVersionRequest>(bodies)
        }
        other => panic!("no type for {other}"),
    }
}

fn stem(t: &Target) -> &str {
    t.spec.trim_end_matches(".yaml")
}

const SIDES: [&str; 7] = [
    "floor",
    "docspec",
    "jsonschema",
    "jsonschema_macro",
    "validate_docspec",
    "validate_jsonschema",
    "validate_jsonschema_macro",
];

/// The end-to-end ratio docspec / floor from interleaved rounds: each round times one pass
/// over the corpus on both sides (which goes first alternates), and the median of the
/// rounds' ratios is taken, so that the machine's drift between criterion's groups (which
/// run one after the other) does not enter the ratio.
fn interleaved_ratio(rounds: usize, floor: &dyn Fn() -> usize, ours: &dyn Fn() -> usize) -> f64 {
    let time = |f: &dyn Fn() -> usize| {
        let start = Instant::now();
        black_box(f());
        start.elapsed().as_secs_f64()
    };
    let mut ratios: Vec<f64> = (0..rounds)
        .map(|i| {
            if i % 2 == 0 {
                let f = time(floor);
                time(ours) / f
            } else {
                let o = time(ours);
                o / time(floor)
            }
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    ratios[rounds / 2]
}

fn bench_target(c: &mut Criterion, t: &Target, n: usize) -> (usize, usize, f64) {
    let every = std::env::var("BENCH_INVALID_EVERY")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let bodies = docspec_bench::corpus_with(t, n, 0x00c0_ffee, every);
    let js = runtime_validator(t);
    let s = sides(t.spec);
    let mut invalid = 0;
    for (i, b) in bodies.iter().enumerate() {
        let value: Option<Value> = serde_json::from_slice(&b.bytes).ok();
        let js_ok = value
            .as_ref()
            .is_some_and(|v| js.iter_errors(v).count() == 0);
        let macro_ok = value.as_ref().is_some_and(|v| (s.macro_errors)(v) == 0);
        let ours = (s.docspec)(&b.bytes);
        assert!(
            ours == b.valid && js_ok == ours && macro_ok == ours,
            "{} body {i}: docspec {ours}, corpus {}, jsonschema {js_ok}, macro {macro_ok}\n{}",
            t.spec,
            b.valid,
            String::from_utf8_lossy(&b.bytes)
        );
        invalid += usize::from(!ours);
    }
    let validate_docspec = typed_for(t.spec, &bodies);
    // The validation-step comparison runs on the same bodies on both sides: those that
    // decode into the typed value (no type errors).
    let decodable: Vec<Value> = bodies
        .iter()
        .filter(|b| decodes(t.spec, &b.bytes))
        .filter_map(|b| serde_json::from_slice(&b.bytes).ok())
        .collect();
    let total: usize = bodies.iter().map(|b| b.bytes.len()).sum();
    // Patterns compile on first use: warm them up before counting.
    let _ = allocations_for(t.spec, &bodies);
    println!(
        "{}: validate() of the {} valid bodies allocates {} times",
        t.spec,
        bodies.iter().filter(|b| b.valid).count(),
        allocations_for(t.spec, &bodies)
    );
    let mut g = c.benchmark_group(stem(t));
    g.throughput(criterion::Throughput::Bytes(total as u64));
    let floor = || {
        bodies
            .iter()
            .filter(|x| docspec_bench::floor::read(t.spec, black_box(&x.bytes)))
            .count()
    };
    let ours = || {
        bodies
            .iter()
            .filter(|x| (s.docspec)(black_box(&x.bytes)))
            .count()
    };
    g.bench_function("floor", |b| b.iter(floor));
    g.bench_function("docspec", |b| b.iter(ours));
    g.bench_function("jsonschema", |b| {
        b.iter(|| {
            bodies
                .iter()
                .filter_map(|x| serde_json::from_slice::<Value>(black_box(&x.bytes)).ok())
                .map(|v| js.iter_errors(&v).count())
                .sum::<usize>()
        })
    });
    g.bench_function("jsonschema_macro", |b| {
        b.iter(|| {
            bodies
                .iter()
                .filter_map(|x| serde_json::from_slice::<Value>(black_box(&x.bytes)).ok())
                .map(|v| (s.macro_errors)(&v))
                .sum::<usize>()
        })
    });
    g.bench_function("validate_docspec", |b| {
        b.iter(|| black_box(validate_docspec()))
    });
    g.bench_function("validate_jsonschema", |b| {
        b.iter(|| {
            decodable
                .iter()
                .map(|v| js.iter_errors(black_box(v)).count())
                .sum::<usize>()
        })
    });
    g.bench_function("validate_jsonschema_macro", |b| {
        b.iter(|| {
            decodable
                .iter()
                .map(|v| (s.macro_errors)(black_box(v)))
                .sum::<usize>()
        })
    });
    if t.spec == TARGETS[0].spec {
        g.bench_function("validate_jsonschema_macro_docspec_byte", |b| {
            b.iter(|| {
                decodable
                    .iter()
                    .map(|v| YandexCreateVersionDocspecByte::iter_errors(black_box(v)).count())
                    .sum::<usize>()
            })
        });
    }
    g.finish();
    (bodies.len(), invalid, interleaved_ratio(101, &floor, &ours))
}

/// Whether `bytes` decode into docspec's typed value (no type errors, whatever else fails).
fn decodes(spec: &str, bytes: &[u8]) -> bool {
    use docspec_generated::*;
    fn one<T: Decode>(bytes: &[u8]) -> bool {
        let Ok(v) = serde_json::from_slice::<Value>(bytes) else {
            return false;
        };
        let mut r = docspec_runtime::Report::default();
        T::decode(
            &v,
            &docspec_runtime::Path::root(),
            &mut docspec_runtime::Cx::new(&mut r, Direction::Request),
        )
        .is_some()
    }
    match spec {
        "yandex_functions_create_version.yaml" => {
            one::<yandex_functions_create_version::CreateVersionRequest>(bytes)
        }
        "yandex_functions_create_version_2020.yaml" => {
            one::<yandex_functions_create_version_2020::CreateVersionRequest>(bytes)
        }
        "aws_lambda_create_function.yaml" => {
            one::<aws_lambda_create_function::CreateFunctionRequest>(bytes)
        }
        "aws_lambda_publish_version.yaml" => {
            one::<aws_lambda_publish_version::PublishVersionRequest>(bytes)
        }
        _ => false,
    }
}

/// The median of criterion's last measurement of `group/function`, in nanoseconds.
fn median_ns(dir: &std::path::Path, group: &str, function: &str) -> Option<f64> {
    let path = dir.join(group).join(function).join("new/estimates.json");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    v["median"]["point_estimate"].as_f64()
}

/// Peak heap over the input size, and the time, of one call on a createVersion body whose
/// `content` is `size` bytes of base64.
fn big_body(size: usize, call: &dyn Fn(&[u8]) -> bool) -> (f64, Duration, bool) {
    let content = "QUJD".repeat(size / 4);
    let body = format!(
        r#"{{"functionId":"d4e1","runtime":"python312","entrypoint":"index.handler","resources":{{"memory":134217728}},"executionTimeout":"5s","content":"{content}"}}"#
    );
    drop(content);
    let bytes = body.into_bytes();
    // Five calls: the largest peak, the median time (the first call also faults pages in).
    let mut times = Vec::new();
    let mut peak = 0;
    let mut ok = true;
    for _ in 0..5 {
        let base = CURRENT.load(Ordering::Relaxed);
        PEAK.store(base, Ordering::Relaxed);
        let start = Instant::now();
        ok &= call(&bytes);
        times.push(start.elapsed());
        peak = peak.max(PEAK.load(Ordering::Relaxed) - base + bytes.len());
    }
    times.sort();
    (peak as f64 / bytes.len() as f64, times[2], ok)
}

fn main() {
    let quick = std::env::var_os("BENCH_QUICK").is_some();
    let n: usize = std::env::var("BENCH_BODIES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(if quick { 100 } else { 500 });
    let dir = docspec_bench::root().join("target/criterion");
    let mut c = Criterion::default()
        .output_directory(&dir)
        .configure_from_args();
    if quick {
        c = c
            .warm_up_time(Duration::from_millis(300))
            .measurement_time(Duration::from_secs(1))
            .sample_size(10);
    }
    let mut counts = Vec::new();
    for t in TARGETS {
        counts.push(bench_target(&mut c, t, n));
    }
    c.final_summary();

    println!();
    println!(
        "per body (µs), medians; ratios in one run (`cargo bench -p docspec-bench --bench validate`)"
    );
    println!(
        "{:<38} {:>6} {:>8} {:>8} {:>10} {:>10} {:>10} {:>9} {:>11} {:>11}",
        "body type (bodies, invalid)",
        "floor",
        "docspec",
        "js",
        "js-macro",
        "e2e/floor",
        "interleaved",
        "val-ours",
        "js/ours",
        "macro/ours"
    );
    for (t, (bodies, invalid, interleaved)) in TARGETS.iter().zip(counts) {
        let get = |f: &str| median_ns(&dir, stem(t), f).map(|ns| ns / 1000.0 / bodies as f64);
        let [floor, ours, js, jsm, v_ours, v_js, v_jsm] = SIDES.map(get);
        let (Some(floor), Some(ours), Some(js), Some(jsm), Some(v_ours), Some(v_js), Some(v_jsm)) =
            (floor, ours, js, jsm, v_ours, v_js, v_jsm)
        else {
            println!(
                "{}: no criterion estimates found in {}",
                t.spec,
                dir.display()
            );
            continue;
        };
        println!(
            "{:<38} {floor:>6.2} {ours:>8.2} {js:>8.2} {jsm:>10.2} {:>10.2} {interleaved:>10.2} {v_ours:>9.3} {:>11.1} {:>11.1}",
            format!("{} ({bodies}, {invalid})", stem(t)),
            ours / floor,
            v_js / v_ours,
            v_jsm / v_ours
        );
    }
    println!(
        "(e2e/floor: of the criterion medians; interleaved: median ratio of 101 rounds timing both sides back to back; val-ours: docspec's validation step alone; js/ours, macro/ours: how many times faster it is than jsonschema-rs's runtime and compile-time validators on the same decoded bodies, their `byte` format a plain loop)"
    );
    let t = &TARGETS[0];
    if let (Some(ours), Some(theirs)) = (
        median_ns(&dir, stem(t), "validate_docspec"),
        median_ns(&dir, stem(t), "validate_jsonschema_macro_docspec_byte"),
    ) {
        println!(
            "{}: with docspec's own base64 check as jsonschema-rs's `byte` format too, macro/ours {:.1}",
            stem(t),
            theirs / ours
        );
    }

    let ours = |b: &[u8]| {
        docspec_runtime::from_slice::<
            docspec_generated::yandex_functions_create_version::CreateVersionRequest,
        >(b, Direction::Request)
        .is_ok()
    };
    // jsonschema-rs with docspec's own base64 check, so that the time compares the rest.
    let theirs = |b: &[u8]| {
        serde_json::from_slice::<Value>(b)
            .is_ok_and(|v| YandexCreateVersionDocspecByte::iter_errors(&v).count() == 0)
    };
    println!();
    println!("one createVersion body with a large `content`: peak heap / input size, time");
    // Up to the documented maximum of `content` (52428800 characters).
    for size in [10 << 20, 25 << 20, 50 << 20] {
        let (mem, took, ok) = big_body(size, &ours);
        let (jmem, jtook, jok) = big_body(size, &theirs);
        assert!(ok && jok, "a large valid body was refused");
        println!(
            "  {:>3} MB: docspec {mem:.2}x, {:>6.1} ms ({:.2} ms/MB); jsonschema-rs compile-time (Value + iter_errors) {jmem:.2}x, {:>6.1} ms ({:.2} ms/MB)",
            size >> 20,
            took.as_secs_f64() * 1e3,
            took.as_secs_f64() * 1e3 / (size >> 20) as f64,
            jtook.as_secs_f64() * 1e3,
            jtook.as_secs_f64() * 1e3 / (size >> 20) as f64,
        );
    }
}

//! Format checks at memory speed: `format: byte` on base64 text of 4 KiB and 4 MiB, by the
//! runtime's chunked check against a byte-at-a-time reading of the same rules (what the
//! runtime did before), and the regex crate on the same alphabet for scale. Throughput is in
//! bytes per second; the ratio of the first two is the result.
//!
//! `cargo bench -p docspec-runtime --bench formats`

#![allow(
    missing_docs,
    reason = "criterion_group! defines an undocumented pub fn"
)]

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use docspec_runtime::check;
use std::hint::black_box;

/// The previous implementation: a branch per byte.
fn bytewise(s: &str) -> bool {
    let body = s.trim_end_matches('=');
    let pad = s.len() - body.len();
    let alphabet = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'-' | b'_');
    body.bytes().all(alphabet) && pad <= 2 && body.len() % 4 != 1 && (pad == 0 || s.len() % 4 == 0)
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("base64");
    let re = regex::Regex::new(r"^[A-Za-z0-9+/_-]*={0,2}$").unwrap_or_else(|e| panic!("{e}"));
    for size in [4 << 10, 4 << 20] {
        let text: String = (0..size)
            .map(|i| {
                char::from(
                    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
                        [(i * 7 + i / 64) % 64],
                )
            })
            .collect();
        assert!(check::is_base64(&text) && bytewise(&text));
        g.throughput(Throughput::Bytes(size as u64));
        g.bench_with_input(BenchmarkId::new("chunked", size), &text, |b, t| {
            b.iter(|| check::is_base64(black_box(t)))
        });
        g.bench_with_input(BenchmarkId::new("bytewise", size), &text, |b, t| {
            b.iter(|| bytewise(black_box(t)))
        });
        g.bench_with_input(BenchmarkId::new("regex", size), &text, |b, t| {
            b.iter(|| re.is_match(black_box(t)))
        });
    }
    g.finish();
}

/// Class-run patterns of the specs on typical values: the runtime's `Pattern` (which matches
/// them without the regex engine) against the regex crate on the same translation.
fn patterns(c: &mut Criterion) {
    let mut g = c.benchmark_group("pattern");
    let cases = [
        ("tag", "^(?:[a-z][\\-_0-9a-z]*)$", "release-2024_05"),
        ("env_key", "^(?:[a-zA-Z][a-zA-Z0-9_]*)$", "DATABASE_URL"),
        (
            "handler",
            "^(?:[^\\t\\n\\x0B\\x0C\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}]+)$",
            "index.handler",
        ),
    ];
    for (name, translated, value) in cases {
        let ours = docspec_runtime::Pattern::new("", translated);
        let re = regex::Regex::new(translated).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(ours.is_match(value), Some(true));
        assert!(re.is_match(value));
        g.bench_function(BenchmarkId::new("runtime", name), |b| {
            b.iter(|| ours.is_match(black_box(value)))
        });
        g.bench_function(BenchmarkId::new("regex", name), |b| {
            b.iter(|| re.is_match(black_box(value)))
        });
    }
    g.finish();
}

criterion_group!(benches, bench, patterns);
criterion_main!(benches);

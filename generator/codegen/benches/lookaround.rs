//! Lookaround patterns in linear time: each of the documents' lookaround patterns (and a
//! few hand-written forms) on adversarial inputs, runs of the character the lookaround tests,
//! of 100 KB and 1 MB. Besides criterion's figures it prints, per pattern and input, the
//! ratio time(1 MB) / time(100 KB) from interleaved runs (median of 9): linear time keeps it
//! near 10; the issue's bound is 12.
//!
//! `cargo bench -p docspec-codegen --bench lookaround`

#![allow(
    missing_docs,
    reason = "criterion_group! defines an undocumented pub fn"
)]

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use docspec_runtime::lookaround::Lookaround;
use std::hint::black_box;
use std::time::Instant;

/// (pattern, the characters its lookaround tests)
const CASES: &[(&str, &[char])] = &[
    ("(?!^[0-9]+$)([a-zA-Z0-9-_]+)", &['1', 'a']),
    (r"(^\$LATEST$)|((?!^[0-9]+$)([a-zA-Z0-9-_]+))", &['1', '$']),
    (r"^[0-9A-Za-z\.\-_]*(?<!\.)$", &['.', 'a']),
    (r"^(?:(?!ab).)*$", &['a']),
    (r"^(?=.*[0-9])(?=.*[a-z])(?=.*[A-Z]).{8,}$", &['a', '1']),
    (r"(?<![a-z])[0-9]+(?![a-z])", &['1']),
];

fn compile(p: &str) -> Lookaround {
    let t = docspec_codegen::ecma::translate_looks(p).unwrap_or_else(|e| panic!("{p}: {e}"));
    let looks: Vec<_> = t.looks.iter().map(|(k, b)| (*k, b.as_str())).collect();
    Lookaround::new(&t.main, &looks).unwrap_or_else(|e| panic!("{p}: {e}"))
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("lookaround");
    g.sample_size(10);
    for (p, chars) in CASES {
        let re = compile(p);
        for &ch in *chars {
            let small: String = std::iter::repeat_n(ch, 100_000).collect();
            let large: String = std::iter::repeat_n(ch, 1_000_000).collect();
            let (mut ts, mut tl) = (Vec::new(), Vec::new());
            for _ in 0..9 {
                let t = Instant::now();
                black_box(re.is_match(black_box(&small)));
                ts.push(t.elapsed().as_secs_f64());
                let t = Instant::now();
                black_box(re.is_match(black_box(&large)));
                tl.push(t.elapsed().as_secs_f64());
            }
            let (s, l) = (median(ts), median(tl));
            eprintln!(
                "{p} on {ch:?}: 100 KB {:.2} ms, 1 MB {:.2} ms, ratio {:.1}",
                s * 1e3,
                l * 1e3,
                l / s
            );
            for (size, text) in [(100_000, &small), (1_000_000, &large)] {
                g.throughput(Throughput::Bytes(size as u64));
                g.bench_with_input(
                    BenchmarkId::new(format!("{p} {ch:?}"), size),
                    text,
                    |b, t| b.iter(|| re.is_match(black_box(t))),
                );
            }
        }
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

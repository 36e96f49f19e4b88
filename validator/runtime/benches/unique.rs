//! `uniqueItems` on arrays of distinct items (the worst case: every item is compared) of 10³,
//! 10⁴ and 10⁵ integers and of 10⁴ small objects. Linear time shows as a ratio near 10 between
//! neighbouring sizes; the pairwise comparison this replaced gave about 100.
//!
//! `cargo bench -p docspec-runtime --bench unique`

#![allow(
    missing_docs,
    reason = "criterion_group! defines an undocumented pub fn"
)]

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use docspec_runtime::{Path, Report, check};
use serde_json::{Value, json};
use std::hint::black_box;

fn run(items: &[Value]) -> usize {
    let mut r = Report::default();
    check::unique_items(items, &Path::root(), &mut r);
    r.len()
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("unique_items");
    g.sample_size(20);
    for n in [1_000, 10_000, 100_000] {
        let ints: Vec<Value> = (0..n).map(|i| json!(i)).collect();
        g.bench_with_input(BenchmarkId::new("integers", n), &ints, |b, items| {
            b.iter(|| black_box(run(items)))
        });
    }
    let objects: Vec<Value> = (0..10_000)
        .map(|i| json!({"name": format!("item-{i}"), "tags": {"b": i % 7, "a": [i, i + 1]}}))
        .collect();
    g.bench_with_input(BenchmarkId::new("objects", 10_000), &objects, |b, items| {
        b.iter(|| black_box(run(items)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

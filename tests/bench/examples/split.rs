//! The createVersion corpus of the benchmark split into its valid and invalid bodies, docspec
//! (`from_slice`) against the typed-serde floor on each part: best of 30 rounds, µs per body.
//! With an argument (`docspec-valid`, `docspec-invalid`, `floor-valid`, `floor-invalid`) it runs
//! that side three times and nothing else, for an instruction count that machine noise does
//! not move:
//!
//! `valgrind --tool=callgrind --toggle-collect='split::docspec_all' target/release/examples/split docspec-valid`
//!
//! Run: `cargo run --release -p docspec-bench --example split`.

use docspec_runtime::Direction;
use std::hint::black_box;
use std::time::Instant;
type T = docspec_models::yandex_functions_create_version::CreateVersionRequest;

#[inline(never)]
fn docspec_all(set: &[&docspec_bench::Body]) -> usize {
    set.iter()
        .filter(|b| {
            docspec_runtime::from_slice::<T>(black_box(&b.bytes), Direction::Request).is_ok()
        })
        .count()
}
#[inline(never)]
fn floor_all(spec: &str, set: &[&docspec_bench::Body]) -> usize {
    set.iter()
        .filter(|b| docspec_bench::floor::read(spec, black_box(&b.bytes)))
        .count()
}
fn main() {
    let t = &docspec_bench::TARGETS[0];
    let bodies = docspec_bench::corpus_with(t, 500, 0x00c0_ffee, 5);
    if let Some(mode) = std::env::args().nth(1) {
        let valid = mode.ends_with("valid") && !mode.ends_with("invalid");
        let set: Vec<_> = bodies.iter().filter(|b| b.valid == valid).collect();
        for _ in 0..3 {
            if mode.starts_with("floor") {
                black_box(floor_all(t.spec, &set));
            } else {
                black_box(docspec_all(&set));
            }
        }
        return;
    }
    for valid in [true, false] {
        let set: Vec<_> = bodies.iter().filter(|b| b.valid == valid).collect();
        let mut best = [f64::MAX; 2];
        for _ in 0..30 {
            let s = Instant::now();
            black_box(floor_all(t.spec, &set));
            best[0] = best[0].min(s.elapsed().as_secs_f64());
            let s = Instant::now();
            black_box(docspec_all(&set));
            best[1] = best[1].min(s.elapsed().as_secs_f64());
        }
        let n = set.len() as f64;
        println!(
            "valid={valid} n={} floor {:.2}us docspec {:.2}us ratio {:.2}",
            set.len(),
            best[0] / n * 1e6,
            best[1] / n * 1e6,
            best[1] / best[0]
        );
    }
}

//! The benchmark corpus of each body type split into its valid and invalid bodies, docspec
//! (`from_slice`) against the typed-serde floor on each part: best of 30 rounds, µs per body.
//! With arguments (`docspec-valid`, `docspec-invalid`, `floor-valid`, `floor-invalid`, then
//! the index of the body type in `docspec_bench::TARGETS`, 0 when absent) it runs that side
//! three times and nothing else, for an instruction count that machine noise does not move:
//!
//! `valgrind --tool=callgrind --toggle-collect='split::docspec_all' target/release/examples/split docspec-valid 2`
//!
//! (`validate-valid N` and `--toggle-collect='split::validate_all*'`: the validation step
//! alone, on values decoded beforehand.)
//!
//! Run: `cargo run --release -p docspec-bench --example split`.

use docspec_generated::{
    aws_lambda_create_function, aws_lambda_publish_version, yandex_functions_create_version,
    yandex_functions_create_version_2020,
};
use docspec_runtime::{Decode, Validate};
use std::hint::black_box;
use std::time::Instant;

/// The validation step alone (`validate-valid N`): the bodies are decoded once, then
/// validated three times in `validate_all`.
fn validate<T: Decode + Validate>(set: &[&docspec_bench::Body]) {
    let values: Vec<T> = docspec_bench::decoded(set.iter().copied());
    for _ in 0..3 {
        black_box(validate_all(&values));
    }
}
#[inline(never)]
fn validate_all<T: Validate>(values: &[T]) -> usize {
    values.iter().filter(|v| v.validate().is_err()).count()
}
const VALIDATE: [fn(&[&docspec_bench::Body]); 4] = [
    validate::<yandex_functions_create_version::CreateVersionRequest>,
    validate::<yandex_functions_create_version_2020::CreateVersionRequest>,
    validate::<aws_lambda_create_function::CreateFunctionRequest>,
    validate::<aws_lambda_publish_version::PublishVersionRequest>,
];

#[inline(never)]
fn docspec_all(read: fn(&[u8]) -> bool, set: &[&docspec_bench::Body]) -> usize {
    set.iter().filter(|b| read(black_box(&b.bytes))).count()
}
#[inline(never)]
fn floor_all(spec: &str, set: &[&docspec_bench::Body]) -> usize {
    set.iter()
        .filter(|b| docspec_bench::floor::read(spec, black_box(&b.bytes)))
        .count()
}
fn main() {
    let mut args = std::env::args().skip(1);
    let mode = args.next();
    let only: Option<usize> = args.next().map(|i| i.parse().expect("a target index"));
    for (i, t) in docspec_bench::TARGETS.iter().enumerate() {
        if only.is_some_and(|o| o != i) || (mode.is_some() && only.is_none() && i != 0) {
            continue;
        }
        let bodies = docspec_bench::corpus_with(t, 500, 0x00c0_ffee, 5);
        if let Some(mode) = &mode {
            let valid = !mode.ends_with("invalid");
            let set: Vec<_> = bodies.iter().filter(|b| b.valid == valid).collect();
            if mode.starts_with("validate") {
                VALIDATE[i](&set);
                continue;
            }
            for _ in 0..3 {
                if mode.starts_with("floor") {
                    black_box(floor_all(t.spec, &set));
                } else {
                    black_box(docspec_all(docspec_bench::docspec_reader(t.spec), &set));
                }
            }
            continue;
        }
        for valid in [true, false] {
            let set: Vec<_> = bodies.iter().filter(|b| b.valid == valid).collect();
            let mut best = [f64::MAX; 2];
            for _ in 0..30 {
                let s = Instant::now();
                black_box(floor_all(t.spec, &set));
                best[0] = best[0].min(s.elapsed().as_secs_f64());
                let s = Instant::now();
                black_box(docspec_all(docspec_bench::docspec_reader(t.spec), &set));
                best[1] = best[1].min(s.elapsed().as_secs_f64());
            }
            let n = set.len() as f64;
            println!(
                "{} valid={valid} n={} floor {:.2}us docspec {:.2}us ratio {:.2}",
                t.spec,
                set.len(),
                best[0] / n * 1e6,
                best[1] / n * 1e6,
                best[1] / best[0]
            );
        }
    }
}

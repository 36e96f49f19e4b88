//! Time per MB of one createVersion body with a large base64 `content`, over a series of
//! sizes up to the documented maximum (52428800 characters), for docspec (`from_slice`), the
//! typed-serde floor and the steps the read is made of: medians of 9 calls per size.
//! The same ms/MB at every size is linear time; a rise marks the data outgrowing a cache.
//!
//! Run: `cargo run --release -p docspec-bench --example large`.

use docspec_runtime::Direction;
use std::hint::black_box;
use std::time::Instant;

type T = docspec_generated::yandex_functions_create_version::CreateVersionRequest;

fn body(size: usize) -> Vec<u8> {
    let content = "QUJD".repeat(size / 4);
    format!(
        r#"{{"functionId":"d4e1","runtime":"python312","entrypoint":"index.handler","resources":{{"memory":134217728}},"executionTimeout":"5s","content":"{content}"}}"#
    )
    .into_bytes()
}

fn median(f: &dyn Fn() -> bool) -> f64 {
    let mut t: Vec<f64> = (0..9)
        .map(|_| {
            let s = Instant::now();
            assert!(black_box(f()));
            s.elapsed().as_secs_f64()
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t[4]
}

fn main() {
    println!("size MB | ms/MB: docspec  floor  from_utf8  scan(IgnoredAny)  copy");
    for mb in [1usize, 2, 4, 8, 16, 24, 32, 40, 50] {
        let b = body(mb << 20);
        let docspec = median(&|| docspec_runtime::from_slice::<T>(&b, Direction::Request).is_ok());
        let floor =
            median(&|| docspec_bench::floor::read("yandex_functions_create_version.yaml", &b));
        let utf8 = median(&|| std::str::from_utf8(&b).is_ok());
        let scan = median(&|| serde_json::from_slice::<serde::de::IgnoredAny>(&b).is_ok());
        let copy = median(&|| black_box(b.to_vec()).len() == b.len());
        let per = |t: f64| t * 1e3 / mb as f64;
        println!(
            "{mb:>7} | {:>13.3} {:>6.3} {:>10.3} {:>17.3} {:>5.3}",
            per(docspec),
            per(floor),
            per(utf8),
            per(scan),
            per(copy)
        );
    }
}

//! Time to import reference pages beside the time the generator takes to parse and lower the
//! specs they become (the same content, the same run): the pages of `tests/import_pages/` that
//! import cleanly, and with `SHARED_DIR` the five documents with the overlays of `specs/` and
//! the whole AWS Lambda reference (109 pages into one service spec).
//!
//! `cargo bench -p docspec-import --bench import`; the README reports the ratio import / parse.

#![allow(
    missing_docs,
    reason = "criterion_group! defines an undocumented pub fn"
)]

use criterion::{Criterion, criterion_group, criterion_main};
use docspec_import::{self as import, Overlay, Page};
use std::hint::black_box;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn pages(dir: &Path, names: &[&str]) -> Vec<Page> {
    names
        .iter()
        .map(|n| Page {
            name: (*n).to_owned(),
            text: std::fs::read_to_string(dir.join(n)).unwrap_or_else(|e| panic!("{n}: {e}")),
        })
        .collect()
}

fn case(c: &mut Criterion, label: &str, pages: &[Page], overlays: &[Overlay]) {
    let report = import::import(pages, overlays);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let specs: Vec<(String, String)> = report
        .specs
        .iter()
        .map(|s| (s.file.clone(), s.yaml.clone()))
        .collect();
    c.bench_function(&format!("{label}/import"), |b| {
        b.iter(|| black_box(import::import(black_box(pages), overlays)))
    });
    c.bench_function(&format!("{label}/parse_and_lower"), |b| {
        b.iter(|| {
            for (file, yaml) in &specs {
                let spec = docspec_codegen::load::parse(file, yaml.clone()).ok();
                black_box(spec.and_then(|s| docspec_codegen::lower::lower(&s, "m").ok()));
            }
        })
    });
}

fn bench(c: &mut Criterion) {
    let own = pages(
        &root().join("tests/import_pages"),
        &[
            "yandex_en_trigger_create.md",
            "yandex_ru_network_list.txt",
            "aws_create_alias.md",
            "aws_get_settings.txt",
        ],
    );
    case(c, "own_pages", &own, &[]);
    if let Some(shared) = std::env::var_os("SHARED_DIR") {
        let seeds = PathBuf::from(shared).join("seeds");
        let mut names: Vec<String> = std::fs::read_dir(&seeds)
            .map(|d| {
                d.filter_map(|e| e.ok()?.file_name().into_string().ok())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let overlays = import::read_overlays(&root().join("specs")).unwrap_or_default();
        case(c, "seeds", &pages(&seeds, &names), &overlays);
        let aws = PathBuf::from(std::env::var_os("SHARED_DIR").unwrap_or_default())
            .join("corpus/aws-lambda-2022-11");
        let mut names: Vec<String> = std::fs::read_dir(&aws)
            .map(|d| {
                d.filter_map(|e| e.ok()?.file_name().into_string().ok())
                    .filter(|n| n.starts_with("API_"))
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        case(c, "aws_lambda_109_pages", &pages(&aws, &names), &[]);
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);

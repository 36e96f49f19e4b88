//! Time per spec diff beside the time to parse and lower the same two files, on two inputs:
//!
//! - `scaled`: the older and the current Yandex createVersion specs, each copied 40 times
//!   under new component names and paths (about 560 schemas and 40 operations a side);
//! - `aws`: the AWS Lambda OpenAPI document of 2020 against the current one (283 schemas,
//!   58 operations), read from `$SHARED_DIR/reference/aws`, with the patterns that use
//!   lookaround removed in memory (the generator rejects them; see the README). Skipped when
//!   `SHARED_DIR` is unset.
//!
//! `cargo bench -p docspec-diff --bench diff`; the README reports the ratio diff / parse.

#![allow(
    missing_docs,
    reason = "criterion_group! defines an undocumented pub fn"
)]

use criterion::{Criterion, criterion_group, criterion_main};
use docspec_diff as diff;
use serde_json::Value;
use std::hint::black_box;
use std::path::{Path, PathBuf};

const COPIES: usize = 40;

fn rename_refs(v: &mut Value, suffix: &str) {
    match v {
        Value::Object(o) => {
            for (k, x) in o.iter_mut() {
                if k == "$ref" {
                    if let Value::String(s) = x {
                        if s.starts_with("#/components/schemas/") {
                            s.push_str(suffix);
                        }
                    }
                } else {
                    rename_refs(x, suffix);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| rename_refs(x, suffix)),
        _ => {}
    }
}

/// The spec with its schemas and operations copied `n` times under new names.
fn scale(text: &str, n: usize) -> String {
    let doc: Value = serde_yaml::from_str(text).expect("spec parses");
    let mut out = doc.clone();
    let (paths, schemas) = (
        out["paths"].as_object_mut().expect("paths").clone(),
        out["components"]["schemas"]
            .as_object()
            .expect("schemas")
            .clone(),
    );
    for i in 1..n {
        let suffix = format!("Copy{i}");
        for (name, schema) in &schemas {
            let mut s = schema.clone();
            rename_refs(&mut s, &suffix);
            out["components"]["schemas"][format!("{name}{suffix}")] = s;
        }
        for (path, item) in &paths {
            let mut item = item.clone();
            rename_refs(&mut item, &suffix);
            if let Some(ops) = item.as_object_mut() {
                for op in ops.values_mut() {
                    if let Some(id) = op.get_mut("operationId") {
                        *id = Value::String(format!("{}{suffix}", id.as_str().unwrap_or("op")));
                    }
                }
            }
            out["paths"][format!("{path}/copy{i}")] = item;
        }
    }
    serde_yaml::to_string(&out).expect("yaml")
}

/// The document without the patterns the generator rejects (lookaround).
fn strip_unsupported(display: &str, text: &str) -> String {
    let mut doc: Value = serde_yaml::from_str(text).expect("document parses");
    if let Err(docspec_codegen::Error::Spec(diags)) = diff::load_text(display, text.to_owned()) {
        for d in diags {
            if let Some((parent, "pattern")) = d.pointer.rsplit_once('/') {
                if let Some(o) = doc.pointer_mut(parent).and_then(Value::as_object_mut) {
                    o.remove("pattern");
                }
            }
        }
    }
    serde_yaml::to_string(&doc).expect("yaml")
}

fn bench_pair(c: &mut Criterion, name: &str, old: (String, String), new: (String, String)) {
    let load = |(d, t): &(String, String)| diff::load_text(d, t.clone()).expect("spec loads");
    let (lo, ln) = (load(&old), load(&new));
    let report = diff::diff(&lo, &ln);
    eprintln!(
        "{name}: {} + {} schemas, {} changes",
        lo.module.types.len(),
        ln.module.types.len(),
        report.changes.len()
    );
    let mut g = c.benchmark_group(name);
    g.sample_size(10);
    g.bench_function("parse both", |b| {
        b.iter(|| (load(black_box(&old)), load(black_box(&new))))
    });
    g.bench_function("diff", |b| {
        b.iter(|| diff::diff(black_box(&lo), black_box(&ln)))
    });
    g.finish();
}

fn specs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs")
}

fn scaled(c: &mut Criterion) {
    let read = |f: &str| std::fs::read_to_string(specs().join(f)).expect("spec");
    let old = scale(&read("yandex_functions_create_version_2020.yaml"), COPIES);
    let new = scale(&read("yandex_functions_create_version.yaml"), COPIES);
    bench_pair(
        c,
        "scaled",
        ("old.yaml".into(), old),
        ("new.yaml".into(), new),
    );
}

fn aws(c: &mut Criterion) {
    let Some(shared) = std::env::var_os("SHARED_DIR") else {
        eprintln!("SHARED_DIR is not set: skipping the AWS Lambda document");
        return;
    };
    let dir = PathBuf::from(shared).join("reference/aws");
    let read = |p: PathBuf| {
        let d = p.display().to_string();
        let t = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{d}: {e}"));
        let t = strip_unsupported(&d, &t);
        (d, t)
    };
    let old = read(dir.join("history/lambda-2015-03-31.openapi.2020-11-24_e41b8aee35.yaml"));
    let new = read(dir.join("lambda-2015-03-31.openapi.yaml"));
    bench_pair(c, "aws", old, new);
}

criterion_group!(benches, scaled, aws);
criterion_main!(benches);

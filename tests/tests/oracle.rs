//! The oracle: the corpus pages (AWS Lambda 2022-11, Yandex Cloud Functions en and ru) are
//! imported, and every constraint of the upstream models (botocore's service model, the
//! Yandex protos of the matching date) is compared with the spec's keyword at the same place.
//! Each test prints `N of M constraints agree`, and fails when a disagreement is not in its
//! checked-in list (`tests/oracle/*.txt`, with the reason read from the page) or when a listed
//! one no longer occurs. Needs `SHARED_DIR`; skipped without it.

mod support;

#[path = "oracle/botocore.rs"]
mod botocore;
#[path = "oracle/model.rs"]
mod model;
#[path = "oracle/proto.rs"]
mod proto;
#[path = "oracle/spec.rs"]
mod spec;

use docspec_import::{Page, import};
use model::Outcome;
use std::path::{Path, PathBuf};

/// The imported specs of a folder, and for each operation page that gave no spec, its first
/// error.
struct Imported {
    docs: Vec<spec::Doc>,
    errors: Vec<(String, String)>,
}

impl Imported {
    fn error_of(&self, page: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(p, _)| p == page)
            .map(|(_, e)| e.as_str())
    }
}

fn read_page(dir: &Path, name: &str) -> Page {
    let path = dir.join(name);
    Page {
        name: name.to_owned(),
        text: std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    }
}

/// Imports a corpus folder as `cargo xtask import` does: all its pages in one call (data-type
/// pages included), one spec per service.
fn import_corpus(dir: &Path) -> Imported {
    let pages: Vec<Page> = md_files(dir).iter().map(|n| read_page(dir, n)).collect();
    let r = import(&pages, &[]);
    let docs = r
        .specs
        .iter()
        .map(|s| spec::Doc::parse(&s.page, &s.yaml))
        .collect();
    let errors = pages
        .iter()
        .filter_map(|p| {
            let e = r.errors.iter().find(|e| {
                e.starts_with(&format!("{}:", p.name))
                    || e.contains(&format!("(imported from {})", p.name))
            })?;
            Some((p.name.clone(), e.clone()))
        })
        .collect();
    Imported { docs, errors }
}

/// The `.md` files of a folder, in name order.
fn md_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".md"))
        .collect();
    names.sort();
    names
}

/// Compares the operations (`(operationId, page, model)`) and checks the list.
fn run(title: &str, imported: &Imported, ops: Vec<(String, String, model::Operation)>, list: &str) {
    let mut out: Vec<Outcome> = Vec::new();
    for (id, page, m) in &ops {
        match spec::find(&imported.docs, id) {
            Some(op) => model::compare(m, &op, &mut out),
            None => {
                let why = imported
                    .error_of(page)
                    .map_or_else(|| format!("no operation {id} in the specs"), str::to_owned);
                eprintln!("{title}: {id}: page does not import: {why}");
                out.push(model::not_imported(m));
            }
        }
    }
    let f = model::figures(&out);
    println!("{title}: {} operations", ops.len());
    println!("{} of {} constraints agree", f.agree, f.shared);
    println!(
        "{} constraints on members the pages do not have (newer model)",
        f.newer
    );
    if std::env::var_os("ORACLE_SHOW_NEWER").is_some() {
        for o in out.iter().filter(|o| !o.shared) {
            println!("newer: {}", o.key);
        }
    }
    let file = support::root().join("tests/oracle").join(list);
    match model::check_list(&file, &out) {
        Ok(kinds) => {
            let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
            println!("disagreements: {}", kinds.join(", "));
            // What the pages state: the constraints that agree, and the listed ones whose page
            // states a value (older than the model, or missed by the importer).
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            let reasons: Vec<&str> = text
                .lines()
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
                .filter_map(|l| l.rsplit(" | ").next())
                .collect();
            let stated = reasons
                .iter()
                .filter(|r| r.starts_with("page older") || r.starts_with("importer"))
                .count();
            let missed = reasons.iter().filter(|r| r.contains("importer:")).count();
            let of = f.agree + stated;
            println!(
                "{} of {of} constraints the pages state are in the spec as stated ({:.1}%)",
                of - missed,
                100.0 * (of - missed) as f64 / of.max(1) as f64
            );
        }
        Err(msg) => panic!("{msg}"),
    }
}

fn shared() -> Option<PathBuf> {
    let s = support::shared_dir();
    if s.is_none() {
        eprintln!("SHARED_DIR is not set: skipping");
    }
    s
}

/// AWS Lambda 2022-11 pages against botocore's model (2026).
#[test]
fn aws_lambda() {
    let Some(shared) = shared() else { return };
    let dir = shared.join("corpus/aws-lambda-2022-11");
    let model = botocore::Botocore::read(
        &shared.join("reference/aws/botocore-lambda-2015-03-31.service-2.json"),
    );
    // Operation pages have a Request Syntax section; data-type pages a Contents section.
    let pages: Vec<String> = md_files(&dir)
        .into_iter()
        .filter(|n| {
            std::fs::read_to_string(dir.join(n))
                .is_ok_and(|t| t.lines().any(|l| l.starts_with("## Request Syntax")))
        })
        .collect();
    assert_eq!(pages.len(), 63, "operation pages of the AWS corpus");
    let imported = import_corpus(&dir);
    let mut ops = Vec::new();
    for page in &pages {
        let id = page
            .trim_start_matches("API_")
            .trim_end_matches(".md")
            .to_owned();
        let m = model
            .operation(&id)
            .unwrap_or_else(|| panic!("botocore has no operation {id}"));
        ops.push((id, page.clone(), m));
    }
    run("aws-lambda-2022-11", &imported, ops, "aws_lambda.txt");
}

fn yandex(lang: &str, protos: &str, list: &str) {
    let Some(shared) = shared() else { return };
    let dir = shared.join("corpus/yandex-functions").join(lang);
    let pdir = shared.join("reference/yandex/history").join(protos);
    let model = proto::Protos::read(&[
        pdir.join("function.proto"),
        pdir.join("function_service.proto"),
    ]);
    let pages = md_files(&dir);
    assert!(!pages.is_empty(), "{}: no pages", dir.display());
    let imported = import_corpus(&dir);
    let mut ops = Vec::new();
    for page in &pages {
        let id = page.trim_end_matches(".md").to_owned();
        match model.operation(&id) {
            Some(Ok(m)) => ops.push((id, page.clone(), m)),
            Some(Err(why)) => println!("not compared: {id}: {why}"),
            None => panic!("{protos}: no RPC for {page}"),
        }
    }
    run(&format!("yandex-functions/{lang}"), &imported, ops, list);
}

/// Yandex Cloud Functions, English pages, against the protos of 2024-07-22.
#[test]
fn yandex_functions_en() {
    yandex("en", "2024-07-22_d6ff313d86", "yandex_functions_en.txt");
}

/// Yandex Cloud Functions, Russian pages (older), against the protos of 2020-02-17.
#[test]
fn yandex_functions_ru() {
    yandex("ru", "2020-02-17_6f8eace793", "yandex_functions_ru.txt");
}

//! Real OpenAPI documents written by others (`$SHARED_DIR/corpus/openapi`, never committed):
//! every one generates and compiles, except those listed with their reason in
//! `tests/corpus_refused.txt`. The AWS Lambda document (`$SHARED_DIR/reference/aws`) is in
//! `aws_real_world.rs`. All generated modules are checked as one crate outside the workspace,
//! under `target/outside-crates` (`cargo check`: type and borrow checking, no code
//! generation), so the step costs one compilation of them all.

mod support;

use std::collections::BTreeMap;

/// The corpus folder and its documents' file names, sorted.
fn documents(shared: &std::path::Path) -> (std::path::PathBuf, Vec<String>) {
    let dir = shared.join("corpus/openapi");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml") || n.ends_with(".yml") || n.ends_with(".json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no documents in {}", dir.display());
    (dir, files)
}

#[test]
fn corpus_documents_generate_and_compile() {
    let Some(shared) = support::shared_dir() else {
        eprintln!("SHARED_DIR is not set: skipping the corpus test");
        return;
    };
    let (dir, files) = documents(&shared);

    let listed: BTreeMap<String, String> =
        std::fs::read_to_string(support::root().join("tests/corpus_refused.txt"))
            .expect("tests/corpus_refused.txt")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| {
                let (f, why) = l.split_once('\t').unwrap_or_else(|| panic!("no tab: {l}"));
                (f.to_owned(), why.to_owned())
            })
            .collect();

    let mut modules = Vec::new();
    let mut problems = Vec::new();
    let mut notes = 0;
    for file in &files {
        let text = std::fs::read_to_string(dir.join(file)).expect("document");
        let stem = file.rsplit_once('.').map_or(file.as_str(), |(s, _)| s);
        let module = docspec_codegen::ident::snake(stem);
        match (
            docspec_codegen::generate::module_source(file, text, &module),
            listed.get(file),
        ) {
            (Ok((src, m)), None) => {
                notes += m.notes.len();
                modules.push((module, src));
            }
            (Ok(_), Some(_)) => problems.push(format!(
                "{file} generates now: remove it from tests/corpus_refused.txt"
            )),
            (Err(d), Some(why)) => {
                if !d.iter().any(|d| d.message.contains(why.as_str())) {
                    problems.push(format!(
                        "{file} is refused, but not for `{why}`:\n{}",
                        d.iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join("\n")
                    ));
                }
                for x in &d {
                    assert!(x.line.is_some(), "{file}: a diagnostic without a line: {x}");
                }
            }
            (Err(d), None) => problems.push(format!(
                "{file} does not generate:\n{}",
                d.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            )),
        }
    }
    for f in listed.keys().filter(|f| !files.contains(f)) {
        problems.push(format!(
            "{f} is listed in tests/corpus_refused.txt but not in the corpus"
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));

    if let Err(stderr) = support::check_outside_modules("corpus-check", &modules) {
        panic!("generated code for the corpus does not compile:\n{stderr}");
    }
    let refused: Vec<String> = listed
        .iter()
        .map(|(f, why)| format!("{f} ({why})"))
        .collect();
    eprintln!(
        "{} of {} documents generate and compile ({notes} notes); refused: {}",
        modules.len(),
        files.len(),
        if refused.is_empty() {
            "none".to_owned()
        } else {
            refused.join(", ")
        }
    );
}

/// Narrowing real documents (`Settings::operations`, `Settings::types`) keeps every reference
/// of what is kept: for each document that generates, its first and last operation alone,
/// and its first and last component schema alone, generate without a problem and hold
/// exactly what was asked.
#[test]
fn corpus_documents_narrow_to_one_operation_or_type() {
    use docspec_codegen::{Generator, Settings};
    let Some(shared) = support::shared_dir() else {
        eprintln!("SHARED_DIR is not set: skipping the corpus narrowing test");
        return;
    };
    let (dir, mut files) = documents(&shared);
    let refused = std::fs::read_to_string(support::root().join("tests/corpus_refused.txt"))
        .expect("tests/corpus_refused.txt");
    files.retain(|n| {
        !refused
            .lines()
            .any(|l| l.split('\t').next() == Some(n.as_str()))
    });
    let (mut ops_tried, mut types_tried) = (0, 0);
    for file in &files {
        let text = std::fs::read_to_string(dir.join(file)).expect("document");
        let run = |settings: Settings| {
            Generator::new(settings)
                .spec_text(file.clone(), text.clone())
                .generate()
                .unwrap_or_else(|e| panic!("{file}: {e}"))
        };
        let all = run(Settings::new());
        let m = &all.modules()[0];
        let ids: Vec<String> = m.ir.operations.iter().map(|o| o.id.clone()).collect();
        let picks = |n: usize| -> Vec<usize> {
            let mut p = vec![0, n.saturating_sub(1)];
            p.dedup();
            p.into_iter().filter(|&i| i < n).collect()
        };
        for i in picks(ids.len()) {
            let one = run(Settings::new().operations([ids[i].clone()]));
            let got: Vec<&str> = one.modules()[0]
                .ir
                .operations
                .iter()
                .map(|o| o.id.as_str())
                .collect();
            assert_eq!(got, [ids[i].as_str()], "{file}");
            ops_tried += 1;
        }
        let raw: serde_json::Value = serde_yaml::from_str(&text).expect("yaml");
        let schemas: Vec<String> = raw
            .pointer("/components/schemas")
            .and_then(|s| s.as_object())
            .map(|s| s.keys().cloned().collect())
            .unwrap_or_default();
        for i in picks(schemas.len()) {
            let one = run(Settings::new()
                .operations(Vec::<String>::new())
                .types([schemas[i].clone()]));
            let ir = &one.modules()[0].ir;
            assert!(ir.operations.is_empty(), "{file}");
            assert!(
                ir.types.len() <= m.ir.types.len(),
                "{file}: {} alone has more types than the whole document",
                schemas[i]
            );
            types_tried += 1;
        }
    }
    eprintln!(
        "{} documents: {ops_tried} operations and {types_tried} schemas generated alone",
        files.len()
    );
}

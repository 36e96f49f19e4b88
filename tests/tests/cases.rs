//! Validation reports for boundary cases, run through the generated validators.
//!
//! `tests/cases/<spec stem>/_base.json` is a valid request `{"operation", "request"}` (the test
//! checks that it is valid). Every other JSON file there holds `{"operation"?, "cases": [...]}`;
//! a case is `{"name", "set": {POINTER: VALUE}, "remove": [POINTER], "request": FULL}` applied
//! to the base request. One snapshot per file lists each case with its report.

mod support;

use serde_json::{Value, json};

use support::{case_request, load, remove, set};

fn report(spec: &str, op: &str, req: &Value) -> Value {
    let r = docspec_generated::validate_request(spec, op, req)
        .unwrap_or_else(|| panic!("unknown operation {op} in {spec}"));
    serde_json::to_value(&r).unwrap()
}

#[test]
fn base_requests_are_valid() {
    let dir = support::root().join("tests/cases");
    let mut n = 0;
    for spec in std::fs::read_dir(&dir).unwrap() {
        let spec = spec.unwrap().path();
        let base = load(&spec.join("_base.json"));
        let stem = spec.file_name().unwrap().to_str().unwrap();
        let r = report(
            &format!("{stem}.yaml"),
            base["operation"].as_str().unwrap(),
            &base["request"],
        );
        assert_eq!(r["valid"], json!(true), "{stem}/_base.json: {r:#}");
        n += 1;
    }
    assert_eq!(n, docspec_generated::SPECS.len(), "every spec has cases");
}

#[test]
fn boundary_cases() {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        insta::glob!("../cases", "*/*.json", |path| {
            if path.file_name().unwrap() == "_base.json" {
                return;
            }
            let dir = path.parent().unwrap();
            let spec = format!("{}.yaml", dir.file_name().unwrap().to_str().unwrap());
            let base = load(&dir.join("_base.json"));
            let file = load(path);
            let op = file
                .get("operation")
                .unwrap_or(&base["operation"])
                .as_str()
                .unwrap()
                .to_owned();
            let mut out = Vec::new();
            for case in file["cases"].as_array().expect("cases") {
                let req = case_request(&base, case);
                let mut r = report(&spec, &op, &req);
                if let Some(expect) = case.get("expect_valid") {
                    assert_eq!(
                        &r["valid"],
                        expect,
                        "{}: case {}: {r:#}",
                        path.display(),
                        case["name"]
                    );
                }
                r.as_object_mut()
                    .unwrap()
                    .insert("case".into(), case["name"].clone());
                out.push(r);
            }
            insta::assert_json_snapshot!(out);
        });
    });
}

/// The 52428800-character limit on `content` (too large for a fixture file): the limit itself
/// passes, one more character fails with `max_length` at `/body/content`.
#[test]
fn content_length_limit() {
    let dir = support::root().join("tests/cases/yandex_functions_create_version");
    let base = load(&dir.join("_base.json"));
    let mut req = base["request"].clone();
    remove(&mut req, "/body/package");
    set(
        &mut req,
        "/body/content",
        Value::String("A".repeat(52_428_800)),
    );
    let r = report(
        "yandex_functions_create_version.yaml",
        "createVersion",
        &req,
    );
    assert_eq!(r["valid"], json!(true), "{r:#}");
    set(
        &mut req,
        "/body/content",
        Value::String("A".repeat(52_428_801)),
    );
    let r = report(
        "yandex_functions_create_version.yaml",
        "createVersion",
        &req,
    );
    let codes: Vec<&Value> = r["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["code"])
        .collect();
    assert!(codes.contains(&&json!("max_length")), "{r:#}");
    assert!(
        r["errors"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["pointer"] == "/body/content"),
        "{r:#}"
    );
}

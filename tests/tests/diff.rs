//! The spec diff on the document pairs: snapshots of both output formats, the facts the
//! issue names checked one by one, and the command line's exit codes.

mod support;

use docspec_diff::{self as diff, Loaded};
use serde_json::Value;
use support::root;

fn load(file: &str) -> Loaded {
    let text = std::fs::read_to_string(root().join("specs").join(file)).unwrap();
    diff::load_text(&format!("specs/{file}"), text).unwrap_or_else(|e| panic!("{e}"))
}

fn pair(old: &str, new: &str) -> (String, Value) {
    let r = diff::diff(&load(old), &load(new));
    (diff::render::markdown(&r), diff::render::json(&r))
}

fn snapshot(name: &str, md: &str, json: &Value) {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        insta::assert_snapshot!(format!("{name}.md"), md);
        insta::assert_snapshot!(
            format!("{name}.json"),
            serde_json::to_string_pretty(json).unwrap()
        );
    });
}

fn change<'a>(json: &'a Value, rule: &str, location: &str) -> &'a Value {
    json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["rule"] == rule && c["location"] == location)
        .unwrap_or_else(|| panic!("no {rule} at {location} in {json:#}"))
}

#[test]
fn yandex_create_version_older_to_current() {
    let (md, json) = pair(
        "yandex_functions_create_version_2020.yaml",
        "yandex_functions_create_version.yaml",
    );
    snapshot("diff_yandex_create_version", &md, &json);

    let min = change(&json, "minimum-changed", "memory");
    assert_eq!(min["severity"], "breaking");
    assert_eq!(min["direction"], "request");
    let proof = &min["proof"]["request"];
    assert_eq!(
        proof["request"]["body"]["resources"]["memory"], "33554432",
        "{proof:#}"
    );
    assert_eq!(proof["old"]["valid"], true);
    assert_eq!(proof["new"]["valid"], false);

    let mult = change(&json, "multiple-of-changed", "memory");
    assert_eq!(mult["severity"], "breaking");
    assert_eq!(mult["proof"]["request"]["old"]["valid"], true);
    assert_eq!(mult["proof"]["request"]["new"]["valid"], false);

    for field in ["tag", "connectivity", "secrets", "tmpfsSize", "concurrency"] {
        let c = change(&json, "property-added", field);
        assert_eq!(c["severity"], "non-breaking", "{field}");
    }
    let member = change(&json, "one-of-member-added", "versionId");
    assert_eq!(member["verdicts"]["request"], "non-breaking");
    assert_eq!(json["breaking"], true);
}

#[test]
fn aws_function_configuration_between_specs() {
    let (md, json) = pair(
        "aws_lambda_create_function.yaml",
        "aws_lambda_publish_version.yaml",
    );
    snapshot("diff_aws_function_configuration", &md, &json);
    let c = change(&json, "multiple-of-changed", "MemorySize");
    assert_eq!(c["direction"], "response");
    assert_eq!(c["proof"]["response"]["new"]["valid"], true);
    assert_eq!(c["proof"]["response"]["old"]["valid"], false);
}

/// Every breaking verdict carries a checked proof, in every snapshot pair.
#[test]
fn breaking_verdicts_carry_checked_proofs() {
    for (old, new) in [
        (
            "yandex_functions_create_version_2020.yaml",
            "yandex_functions_create_version.yaml",
        ),
        (
            "aws_lambda_create_function.yaml",
            "aws_lambda_publish_version.yaml",
        ),
    ] {
        let (_, json) = pair(old, new);
        for c in json["changes"].as_array().unwrap() {
            for (dir, sev) in c["verdicts"].as_object().unwrap() {
                if sev != "breaking" {
                    continue;
                }
                let p = &c["proof"][dir];
                if p.get("unproven").is_some() {
                    // Only changes no value can show may stay unproven.
                    assert!(c["rule"] == "response-status-changed", "unproven: {c:#}");
                    continue;
                }
                let (accepting, rejecting) = if dir == "request" {
                    ("old", "new")
                } else {
                    ("new", "old")
                };
                assert_eq!(p[accepting]["valid"], true, "{c:#}");
                if c["rule"] != "operation-removed" {
                    assert_eq!(p[rejecting]["valid"], false, "{c:#}");
                }
            }
        }
    }
}

fn run(
    old: &str,
    new: &str,
    format: diff::Format,
    fail_on: Option<diff::Severity>,
) -> diff::Outcome {
    diff::run(&diff::Options {
        old: old.into(),
        new: new.into(),
        format,
        fail_on,
    })
}

#[test]
fn exit_codes() {
    let spec = |f: &str| root().join("specs").join(f).display().to_string();
    let (old, new) = (
        spec("yandex_functions_create_version_2020.yaml"),
        spec("yandex_functions_create_version.yaml"),
    );
    use diff::{Format::*, Severity::*};
    let same = run(&new, &new, Markdown, Some(Breaking));
    assert_eq!(same.code, 0, "{}", same.stderr);
    assert!(same.stdout.contains("No changes."), "{}", same.stdout);
    let same_json = run(&old, &old, Json, Some(Breaking));
    let v: Value = serde_json::from_str(&same_json.stdout).unwrap();
    assert_eq!(v["changes"], Value::Array(vec![]));
    assert_eq!(v["breaking"], false);

    assert_eq!(run(&old, &new, Markdown, Some(Breaking)).code, 1);
    assert_eq!(run(&old, &new, Markdown, None).code, 0);
    assert_eq!(run(&old, &new, Markdown, Some(Unknown)).code, 1);
    // Nothing but non-breaking changes: the reverse of a widening is checked in the rule table;
    // here, spec errors (usage errors are the command line's, tested in xtask).
    let missing = run(&old, "specs/no_such.yaml", Markdown, Some(Breaking));
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("no_such.yaml"),
        "{}",
        missing.stderr
    );
    let bad = root().join("tests/bad_specs/dangling_ref.yaml");
    let broken = run(&old, &bad.display().to_string(), Markdown, Some(Breaking));
    assert_eq!(broken.code, 2);
    assert!(
        broken.stderr.contains("dangling_ref.yaml"),
        "{}",
        broken.stderr
    );
}

//! Table test of the spec diff: each case in `tests/diff_rules/*.yaml` is two small specs and
//! the exact set of changes the diff must report, with verdicts judged from the semantics (a
//! request change breaks when fewer requests are accepted, a response change when more bodies
//! can arrive) and every breaking verdict's proof checked.
//!
//! A case is a mapping: `name`; the two specs, given as `old`/`new` (the schema of property `v`
//! of component `Thing`), `old_thing`/`new_thing` (the whole `Thing` schema),
//! `old_paths`/`new_paths` (the `paths` object) or `old_doc`/`new_doc` (a whole document, text
//! or mapping); `components`, `old_components`, `new_components` (more schemas, on both sides or
//! one); `used_in` (`request`, `response` or `both`, default `both`: where operation `putThing`
//! uses `Thing`, the other side using `Other`); and `expect`, a list of
//! `{rule, severity, direction}` or `{rule, request, response}` (per-direction verdicts), each
//! optionally with `rust_api` and `location`. `DIFF_RULES_SHOW=<part of a case name>` prints
//! the reports of the matching cases.

mod support;

use docspec_diff::{self as diff, Loaded, Rule};
use serde_json::{Map, Value, json};
use std::collections::BTreeSet;
use std::path::PathBuf;

const FILES: [&str; 12] = [
    "access.yaml",
    "arrays_maps.yaml",
    "enums.yaml",
    "nullable.yaml",
    "numbers.yaml",
    "objects.yaml",
    "one_of.yaml",
    "operations.yaml",
    "parameters.yaml",
    "rules.yaml",
    "strings.yaml",
    "unions.yaml",
];

fn dir() -> PathBuf {
    support::root().join("tests/diff_rules")
}

fn to_json(v: &serde_yaml::Value) -> Value {
    serde_json::to_value(v).expect("YAML with string keys")
}

fn read_cases(file: &str) -> Vec<Value> {
    let path = dir().join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let yaml: serde_yaml::Value =
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match to_json(&yaml) {
        Value::Array(cases) => cases,
        _ => panic!("{file}: expected a list of cases"),
    }
}

/// Wraps one side of a case into a whole OpenAPI document.
fn document(case: &Value, side: &str) -> Result<String, String> {
    let key = |k: &str| format!("{side}_{k}");
    if let Some(doc) = case.get(key("doc")) {
        return match doc {
            Value::String(s) => Ok(s.clone()),
            other => serde_yaml::to_string(other).map_err(|e| e.to_string()),
        };
    }
    let used_in = case["used_in"].as_str().unwrap_or("both");
    let (req, resp) = match used_in {
        "request" => ("Thing", "Other"),
        "response" => ("Other", "Thing"),
        "both" => ("Thing", "Thing"),
        other => {
            return Err(format!(
                "used_in must be request, response or both, not {other}"
            ));
        }
    };
    let thing = match (case.get(key("thing")), case.get(side)) {
        (Some(t), None) => t.clone(),
        (None, Some(v)) => json!({"type": "object", "properties": {"v": v}}),
        (None, None) => json!({"type": "object", "properties": {"v": {"type": "string"}}}),
        (Some(_), Some(_)) => return Err(format!("both {side} and {side}_thing given")),
    };
    let mut schemas = Map::new();
    schemas.insert("Thing".into(), thing);
    schemas.insert(
        "Other".into(),
        json!({"type": "object", "properties": {"id": {"type": "string"}}}),
    );
    for k in ["components".to_owned(), key("components")] {
        if let Some(Value::Object(extra)) = case.get(&k) {
            schemas.extend(extra.clone());
        }
    }
    let paths = case.get(key("paths")).cloned().unwrap_or_else(|| {
        json!({"/things": {"post": {
            "operationId": "putThing",
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{req}")}}}},
            "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{resp}")}}}}},
        }}})
    });
    let doc = json!({
        "openapi": "3.0.3",
        "info": {"title": "diff rules", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    });
    serde_yaml::to_string(&doc).map_err(|e| e.to_string())
}

fn load(case: &Value, side: &str) -> Result<Loaded, String> {
    let text = document(case, side)?;
    diff::load_text(&format!("{side}.yaml"), text.clone())
        .map_err(|e| format!("the {side} spec does not load: {e}\n{text}"))
}

/// One expected change, normalised.
struct Expected {
    rule: String,
    severity: String,
    direction: String,
    verdicts: Option<Map<String, Value>>,
    rust_api: Option<String>,
    location: Option<String>,
}

fn rank(s: &str) -> u8 {
    match s {
        "non-breaking" => 0,
        "unknown" => 1,
        "breaking" => 2,
        _ => 3,
    }
}

fn expected(e: &Value) -> Result<Expected, String> {
    let s = |k: &str| e.get(k).and_then(Value::as_str).map(str::to_owned);
    let rule = s("rule").ok_or("an expectation without a rule")?;
    if !Rule::ALL.iter().any(|r| r.name() == rule) {
        return Err(format!("unknown rule {rule}"));
    }
    let mut verdicts = Map::new();
    for d in ["request", "response"] {
        if let Some(v) = s(d) {
            if rank(&v) > 2 {
                return Err(format!("bad verdict {v}"));
            }
            verdicts.insert(d.into(), Value::String(v));
        }
    }
    let (severity, direction, verdicts) = if verdicts.is_empty() {
        let severity = s("severity").ok_or(format!("{rule}: no severity"))?;
        let direction = s("direction").ok_or(format!("{rule}: no direction"))?;
        let v = (direction != "both").then(|| {
            let mut m = Map::new();
            m.insert(direction.clone(), Value::String(severity.clone()));
            m
        });
        (severity, direction, v)
    } else {
        let worst = verdicts
            .values()
            .filter_map(Value::as_str)
            .max_by_key(|v| rank(v))
            .unwrap_or_default()
            .to_owned();
        let direction = if verdicts.len() == 2 {
            "both".to_owned()
        } else {
            verdicts.keys().next().cloned().unwrap_or_default()
        };
        if s("severity").is_some_and(|x| x != worst)
            || s("direction").is_some_and(|x| x != direction)
        {
            return Err(format!(
                "{rule}: severity/direction disagree with the verdicts"
            ));
        }
        (worst, direction, Some(verdicts))
    };
    Ok(Expected {
        rule,
        severity,
        direction,
        verdicts,
        rust_api: s("rust_api"),
        location: s("location"),
    })
}

fn matches(e: &Expected, c: &Value) -> bool {
    c["rule"] == e.rule.as_str()
        && c["severity"] == e.severity.as_str()
        && c["direction"] == e.direction.as_str()
        && e.verdicts
            .as_ref()
            .is_none_or(|v| c["verdicts"] == Value::Object(v.clone()))
        && e.rust_api
            .as_ref()
            .is_none_or(|r| c["rust_api"] == r.as_str())
        && e.location
            .as_ref()
            .is_none_or(|l| c["location"] == l.as_str())
}

fn brief(c: &Value) -> String {
    format!(
        "{{rule: {}, severity: {}, direction: {}, verdicts: {}, rust_api: {}, location: {:?}}}",
        c["rule"].as_str().unwrap_or("?"),
        c["severity"].as_str().unwrap_or("?"),
        c["direction"].as_str().unwrap_or("?"),
        c["verdicts"],
        c["rust_api"].as_str().unwrap_or("?"),
        c["location"].as_str().unwrap_or("?"),
    )
}

fn describe(e: &Expected) -> String {
    format!(
        "{{rule: {}, severity: {}, direction: {}, verdicts: {}, rust_api: {}, location: {}}}",
        e.rule,
        e.severity,
        e.direction,
        e.verdicts
            .as_ref()
            .map_or("any".into(), |v| Value::Object(v.clone()).to_string()),
        e.rust_api.as_deref().unwrap_or("any"),
        e.location.as_deref().unwrap_or("any"),
    )
}

/// The proof rules every change must keep, whatever the case expects.
fn check_proofs(c: &Value, problems: &mut Vec<String>) {
    let rule = c["rule"].as_str().unwrap_or_default();
    let Some(verdicts) = c["verdicts"].as_object() else {
        problems.push(format!("{rule}: no verdicts object"));
        return;
    };
    for (d, sev) in verdicts {
        let proof = c["proof"].get(d);
        let proven = proof.is_some_and(|p| p.is_object() && p.get("unproven").is_none());
        match sev.as_str().unwrap_or_default() {
            "breaking" => {
                let Some(p) = proof.filter(|_| proven) else {
                    problems.push(format!(
                        "{rule}: breaking {d} verdict without a proof: {}",
                        c["proof"]
                    ));
                    continue;
                };
                let (accepts, rejects, shown) = if d == "request" {
                    ("old", "new", "request")
                } else {
                    ("new", "old", "body")
                };
                if p.get(shown).or_else(|| p.get("value")).is_none() {
                    problems.push(format!("{rule}: {d} proof shows no {shown}: {p}"));
                }
                let ops = c["operations"].as_array();
                if p.get("operation")
                    .is_some_and(|o| !ops.is_some_and(|l| l.contains(o)))
                {
                    problems.push(format!(
                        "{rule}: {d} proof names an operation the change does not list: {p}"
                    ));
                }
                // Where one side has no validator for it (no such operation, status or body),
                // that side's entry is a sentence saying so.
                let absent = |side: &str| {
                    p[side].is_string()
                        && [
                            Rule::OperationRemoved,
                            Rule::ResponseStatusChanged,
                            Rule::ResponseBodyRemoved,
                        ]
                        .iter()
                        .any(|r| r.name() == rule)
                };
                if p[accepts]["valid"] != true && !absent(accepts) {
                    problems.push(format!(
                        "{rule}: {d} proof: the {accepts} spec does not accept it: {p}"
                    ));
                }
                if p[rejects]["valid"] != false && !absent(rejects) {
                    problems.push(format!(
                        "{rule}: {d} proof: the {rejects} spec does not reject it: {p}"
                    ));
                }
            }
            "unknown" if proven => {
                problems.push(format!(
                    "{rule}: unknown {d} verdict with a checked proof: {}",
                    c["proof"]
                ));
            }
            "non-breaking" if proven => {
                problems.push(format!(
                    "{rule}: non-breaking {d} verdict with a checked proof: {}",
                    c["proof"]
                ));
            }
            "unknown" | "non-breaking" => {}
            other => problems.push(format!("{rule}: bad {d} verdict {other}")),
        }
    }
}

/// Runs one case; the problems found, empty when it passes.
fn run_case(case: &Value) -> Vec<String> {
    let (old, new) = match (load(case, "old"), load(case, "new")) {
        (Ok(o), Ok(n)) => (o, n),
        (o, n) => return [o.err(), n.err()].into_iter().flatten().collect(),
    };
    let mut problems = Vec::new();
    let same = diff::render::json(&diff::diff(&old, &old));
    if same["changes"].as_array().is_some_and(|c| !c.is_empty()) {
        problems.push(format!(
            "the old spec differs from itself: {}",
            same["changes"]
        ));
    }
    let report = diff::render::json(&diff::diff(&old, &new));
    if let Ok(show) = std::env::var("DIFF_RULES_SHOW")
        && case["name"].as_str().is_some_and(|n| n.contains(&show))
    {
        eprintln!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        );
    }
    let changes = report["changes"].as_array().cloned().unwrap_or_default();
    let exp = match case["expect"].as_array() {
        Some(list) => list.iter().map(expected).collect::<Result<Vec<_>, _>>(),
        None => Err("no expect list".into()),
    };
    let exp = match exp {
        Ok(e) => e,
        Err(e) => return vec![format!("bad case: {e}")],
    };
    let mut used = vec![false; changes.len()];
    let mut missing = Vec::new();
    for e in &exp {
        match (0..changes.len()).find(|&i| !used[i] && matches(e, &changes[i])) {
            Some(i) => used[i] = true,
            None => missing.push(describe(e)),
        }
    }
    let extra: Vec<String> = changes
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(c, _)| brief(c))
        .collect();
    if !missing.is_empty() || !extra.is_empty() {
        problems.push(format!(
            "expected but not reported: [{}]\n      reported but not expected: [{}]",
            missing.join(", "),
            extra.join(", ")
        ));
    }
    for c in &changes {
        check_proofs(c, &mut problems);
    }
    if report["breaking"] != changes.iter().any(|c| c["severity"] == "breaking") {
        problems.push("the top-level `breaking` flag disagrees with the changes".into());
    }
    problems
}

fn run_file(file: &str) {
    let cases = read_cases(file);
    let mut failures = Vec::new();
    let mut names = BTreeSet::new();
    for case in &cases {
        let name = case["name"].as_str().unwrap_or("<unnamed>");
        assert!(
            names.insert(name.to_owned()),
            "{file}: duplicate case name {name}"
        );
        let problems = run_case(case);
        if !problems.is_empty() {
            failures.push(format!("- {name}:\n    {}", problems.join("\n    ")));
        }
    }
    eprintln!(
        "{file}: {} of {} cases pass",
        cases.len() - failures.len(),
        cases.len()
    );
    assert!(
        failures.is_empty(),
        "{file}: {} of {} cases fail\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

macro_rules! files {
    ($($name:ident),*) => {$(
        #[test]
        fn $name() {
            run_file(concat!(stringify!($name), ".yaml"));
        }
    )*};
}

files!(
    access,
    arrays_maps,
    enums,
    nullable,
    numbers,
    objects,
    one_of,
    operations,
    parameters,
    rules,
    strings,
    unions
);

#[test]
fn every_file_has_a_test() {
    let mut found: Vec<String> = std::fs::read_dir(dir())
        .expect("tests/diff_rules")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    found.sort();
    assert_eq!(found, FILES);
}

#[test]
fn every_rule_has_a_case() {
    let mut seen = BTreeSet::new();
    for file in FILES {
        for case in read_cases(file) {
            for e in case["expect"].as_array().into_iter().flatten() {
                if let Some(r) = e["rule"].as_str() {
                    seen.insert(r.to_owned());
                }
            }
        }
    }
    let missing: Vec<&str> = Rule::ALL
        .iter()
        .map(|r| r.name())
        .filter(|r| !seen.contains(*r))
        .collect();
    assert!(missing.is_empty(), "rules without a case: {missing:?}");
}

#[test]
fn rule_names_are_unique() {
    let mut names = BTreeSet::new();
    for r in Rule::ALL {
        assert!(names.insert(r.name()), "two rules are named {}", r.name());
    }
}

#[test]
fn every_spec_is_unchanged_against_itself() {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(support::root().join("specs"))
        .expect("specs/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    specs.sort();
    assert!(!specs.is_empty());
    for p in specs {
        let (a, b) = (
            diff::load(&p).expect("spec loads"),
            diff::load(&p).expect("spec loads"),
        );
        let report = diff::render::json(&diff::diff(&a, &b));
        assert_eq!(report["changes"], json!([]), "{}", p.display());
        assert_eq!(report["breaking"], false, "{}", p.display());
    }
}

//! The diff's two outputs: JSON for machines (stable field names and order) and markdown for
//! a pull-request comment (a summary line, then breaking / unknown / non-breaking sections,
//! grouped by component, each operation listed once per component).

use super::{Change, DiffReport, Dir, Severity};
use serde_json::{Map, Value, json};
use std::fmt::Write;

fn dir_name(d: Dir) -> &'static str {
    match d {
        Dir::Request => "request",
        Dir::Response => "response",
    }
}

fn direction(c: &Change) -> &'static str {
    match (
        c.verdicts.contains_key(&Dir::Request),
        c.verdicts.contains_key(&Dir::Response),
    ) {
        (true, true) => "both",
        (false, true) => "response",
        // A change no operation reaches is reported as a request change that breaks nothing.
        _ => "request",
    }
}

fn proof_json(c: &Change) -> Value {
    if c.proofs.is_empty() {
        return Value::Null;
    }
    let mut m = Map::new();
    for (d, p) in &c.proofs {
        m.insert(
            dir_name(*d).into(),
            match p {
                Ok(v) => v.clone(),
                Err(why) => json!({ "unproven": why }),
            },
        );
    }
    Value::Object(m)
}

/// The JSON form.
pub fn json(r: &DiffReport) -> Value {
    let changes: Vec<Value> = r
        .changes
        .iter()
        .map(|c| {
            let f = &c.finding;
            let verdicts: Map<String, Value> = c
                .verdicts
                .iter()
                .map(|(d, s)| (dir_name(*d).to_owned(), json!(s.as_str())))
                .collect();
            json!({
                "id": c.id,
                "rule": f.rule.name(),
                "severity": c.severity.as_str(),
                "direction": direction(c),
                "verdicts": verdicts,
                "component": c.component,
                "location": f.place,
                "operations": c.operations,
                "old": f.old_ptr,
                "new": f.new_ptr,
                "old_value": f.old_val,
                "new_value": f.new_val,
                "message": f.message,
                "rust_api": if f.rust_breaking { "breaking" } else { "compatible" },
                "proof": proof_json(c),
            })
        })
        .collect();
    json!({
        "old": r.old,
        "new": r.new,
        "breaking": r.breaking(),
        "summary": {
            "breaking": count(r, Severity::Breaking),
            "unknown": count(r, Severity::Unknown),
            "non-breaking": count(r, Severity::NonBreaking),
            "rust_api_breaking": r.changes.iter().filter(|c| c.finding.rust_breaking).count(),
        },
        "changes": changes,
    })
}

fn count(r: &DiffReport, s: Severity) -> usize {
    r.changes.iter().filter(|c| c.severity == s).count()
}

fn code(s: &str) -> String {
    if s.contains('`') {
        format!("`` {s} ``")
    } else {
        format!("`{s}`")
    }
}

/// The markdown form.
pub fn markdown(r: &DiffReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## Spec diff: {} → {}\n", code(&r.old), code(&r.new));
    if r.changes.is_empty() {
        out.push_str("No changes.\n");
        return out;
    }
    let _ = writeln!(
        out,
        "**{}** breaking, **{}** unknown, **{}** non-breaking; the generated Rust API breaks in {} of them.\n",
        count(r, Severity::Breaking),
        count(r, Severity::Unknown),
        count(r, Severity::NonBreaking),
        r.changes.iter().filter(|c| c.finding.rust_breaking).count(),
    );
    for (sev, title) in [
        (Severity::Breaking, "Breaking"),
        (Severity::Unknown, "Unknown"),
        (Severity::NonBreaking, "Non-breaking"),
    ] {
        let here: Vec<&Change> = r.changes.iter().filter(|c| c.severity == sev).collect();
        if here.is_empty() {
            continue;
        }
        let _ = writeln!(out, "### {title} ({})\n", here.len());
        let mut groups: Vec<(&str, Vec<&Change>)> = Vec::new();
        for c in here {
            match groups.iter_mut().find(|(k, _)| *k == c.component) {
                Some((_, v)) => v.push(c),
                None => groups.push((&c.component, vec![c])),
            }
        }
        groups.sort_by(|a, b| a.0.cmp(b.0));
        for (component, list) in groups {
            let mut ops: Vec<&str> = list
                .iter()
                .flat_map(|c| c.operations.iter().map(String::as_str))
                .collect();
            ops.sort_unstable();
            ops.dedup();
            let used = if ops.is_empty() {
                String::new()
            } else {
                format!(
                    " — {}",
                    ops.iter().map(|o| code(o)).collect::<Vec<_>>().join(", ")
                )
            };
            let _ = writeln!(out, "#### {}{used}\n", code(component));
            for c in list {
                item(&mut out, c);
            }
            out.push('\n');
        }
    }
    out
}

fn item(out: &mut String, c: &Change) {
    let f = &c.finding;
    let place = if f.place.is_empty() {
        String::new()
    } else {
        format!(" {}", code(&f.place))
    };
    let verdicts: Vec<String> = c
        .verdicts
        .iter()
        .map(|(d, s)| format!("{} {}", dir_name(*d), s.as_str()))
        .collect();
    let rust = if f.rust_breaking {
        "; Rust API breaking"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "- **{}**{place}: {} ({}{rust})",
        f.rule.name(),
        f.message,
        verdicts.join(", ")
    );
    let _ = writeln!(out, "  - old: {} at {}", code(&f.old_val), code(&f.old_ptr));
    let _ = writeln!(out, "  - new: {} at {}", code(&f.new_val), code(&f.new_ptr));
    for (d, p) in &c.proofs {
        match p {
            Ok(v) => {
                let what = match (d, v.get("type").and_then(Value::as_str)) {
                    (Dir::Request, None) => {
                        "a request the old spec accepts and the new one rejects".to_owned()
                    }
                    (Dir::Response, None) => {
                        "a response body the new spec allows and the old one rejects".to_owned()
                    }
                    (Dir::Request, Some(t)) => {
                        format!("a {t} value the old spec accepts and the new one rejects")
                    }
                    (Dir::Response, Some(t)) => {
                        format!("a {t} value the new spec allows and the old one rejects")
                    }
                };
                let shown = v
                    .get("request")
                    .or_else(|| v.get("body"))
                    .or_else(|| v.get("value"));
                let rejected = match d {
                    Dir::Request => v.get("new"),
                    Dir::Response => v.get("old"),
                };
                let reasons = rejected
                    .and_then(|r| r.get("errors"))
                    .and_then(Value::as_array)
                    .map(|errs| {
                        errs.iter()
                            .map(|e| {
                                format!(
                                    "{} {}",
                                    e["pointer"].as_str().unwrap_or_default(),
                                    e["code"].as_str().unwrap_or_default()
                                )
                            })
                            .collect::<Vec<_>>()
                            .join("; ")
                    })
                    .unwrap_or_else(|| {
                        rejected
                            .and_then(Value::as_str)
                            .unwrap_or_default()
                            .to_owned()
                    });
                let body = serde_json::to_string(shown.unwrap_or(&Value::Null)).unwrap_or_default();
                let _ = writeln!(out, "  - proof ({what}; rejected: {reasons}):");
                let _ = writeln!(out, "    ```json\n    {body}\n    ```");
            }
            Err(why) => {
                let _ = writeln!(out, "  - {} proof: none ({why})", dir_name(*d));
            }
        }
    }
}

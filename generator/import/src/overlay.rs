//! Overlays: hand-written facts that no page states (exactly-one vs at-most-one, upstream type
//! names, map value types), merged into a page's model. Every entry says where its fact comes
//! from (`why`), names the field it changes (`at`) and must still apply: an entry that matches
//! nothing is an error, so overlays cannot drift silently from the pages.

use super::model::{Group, Kind, Node, Op};
use super::{Issues, Src};
use serde::Deserialize;
use serde_yaml::{Mapping, Value as Yaml};

/// One overlay file: `specs/overlays/<spec name>.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    /// File name of the page it applies to.
    pub page: String,
    /// The facts.
    pub facts: Vec<Entry>,
}

/// One fact.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Entry {
    /// Where: `body`, `response`, `query`, `path`, then dotted fields (`body.secrets[].id`,
    /// `query.pageSize`).
    pub at: String,
    /// Where the fact comes from. Required.
    pub why: String,
    /// Component name for the object at `at`.
    pub name: Option<String>,
    /// Keywords set on the schema at `at` (`type`, `format`, `additionalProperties`, ...).
    pub set: Option<Mapping>,
    /// A one-of group over these fields of the object at `at` (or over query parameters).
    pub oneof: Option<Vec<String>>,
    /// With `oneof`: exactly one rather than at most one.
    pub exactly_one: Option<bool>,
    /// Sentences (by their beginning) that this entry encodes: their "not placed" warnings
    /// are withdrawn.
    pub covers: Option<Vec<String>>,
}

/// The line of each entry in the overlay text (entries are `  - ` items under `facts:`).
pub fn entry_lines(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut inside = false;
    for (i, l) in text.lines().enumerate() {
        if l.starts_with("facts:") {
            inside = true;
        } else if inside && l.starts_with("  - ") {
            out.push(i + 1);
        }
    }
    out
}

fn node_at<'a>(op: &'a mut Op, at: &str) -> Option<&'a mut Node> {
    let mut segs = at.split('.');
    let root = segs.next()?;
    let mut cur: &mut Node = match root {
        "body" => op.body.as_mut()?,
        "response" => op.response.as_mut()?.body.as_mut()?,
        "query" | "path" => {
            let name = segs.next()?;
            &mut op
                .params
                .iter_mut()
                .find(|p| p.location == root && p.name == name)?
                .node
        }
        _ => return None,
    };
    for seg in segs {
        let items = seg.ends_with("[]");
        let name = seg.trim_end_matches("[]");
        let prop = cur.obj_mut()?.props.iter_mut().find(|p| p.name == name)?;
        cur = &mut prop.node;
        if items {
            match &mut cur.kind {
                Kind::Array(i) => cur = i,
                _ => return None,
            }
        }
    }
    Some(cur)
}

fn scalar_kind(t: &str) -> Option<Kind> {
    Some(match t {
        "string" => Kind::Str,
        "integer" => Kind::Int,
        "number" => Kind::Num,
        "boolean" => Kind::Bool,
        _ => return None,
    })
}

fn group(groups: &mut Vec<Group>, members: &[String], e: &Entry, src: &Src) {
    let sorted = |m: &[String]| {
        let mut v = m.to_vec();
        v.sort();
        v
    };
    match groups
        .iter_mut()
        .find(|g| sorted(&g.members) == sorted(members))
    {
        Some(g) => {
            if let Some(n) = &e.name {
                g.name = n.clone();
            }
            if let Some(x) = e.exactly_one {
                g.exactly_one = x;
            }
            g.src = Src(format!("{}; {src}", g.src));
        }
        None => groups.push(Group {
            name: e.name.clone().unwrap_or_else(|| members.join("Or")),
            members: members.to_vec(),
            exactly_one: e.exactly_one.unwrap_or(false),
            src: src.clone(),
        }),
    }
}

/// Applies one overlay to a page's model.
pub fn apply(op: &mut Op, file: &File, display: &str, lines: &[usize], issues: &mut Issues) {
    for (i, e) in file.facts.iter().enumerate() {
        let src = Src(match lines.get(i) {
            Some(l) => format!("{display}:{l}"),
            None => format!("{display}#{i}"),
        });
        if e.why.trim().is_empty() {
            issues.error(
                &src,
                "an overlay entry needs `why`: where the fact comes from",
            );
            continue;
        }
        if let Some(members) = &e.oneof {
            if e.at == "query" {
                if !members.iter().all(|m| {
                    op.params
                        .iter()
                        .any(|p| &p.name == m && p.location == "query")
                }) {
                    issues.error(
                        &src,
                        format!("one-of {members:?}: not all are query parameters"),
                    );
                    continue;
                }
                group(&mut op.param_groups, members, e, &src);
                continue;
            }
            let Some(o) = node_at(op, &e.at).and_then(|n| n.obj_mut()) else {
                issues.error(&src, format!("`{}` is not an object of the page", e.at));
                continue;
            };
            if !members.iter().all(|m| o.props.iter().any(|p| &p.name == m)) {
                issues.error(
                    &src,
                    format!("one-of {members:?}: not all are fields of `{}`", e.at),
                );
                continue;
            }
            group(&mut o.groups, members, e, &src);
            if e.set.is_some() || e.covers.is_some() {
                issues.error(
                    &src,
                    "an entry with `oneof` takes only `name` and `exactly-one`",
                );
            }
            continue;
        }
        let Some(node) = node_at(op, &e.at) else {
            issues.error(&src, format!("`{}` names no field of the page", e.at));
            continue;
        };
        if let Some(n) = &e.name {
            let target = match &mut node.kind {
                Kind::Array(i) => i.obj_mut(),
                _ => node.obj_mut(),
            };
            match target {
                Some(o) => o.name = Some(n.clone()),
                None => issues.error(&src, format!("`{}` is not an object: it has no name", e.at)),
            }
        }
        for (k, v) in e.set.iter().flatten() {
            let Some(k) = k.as_str() else { continue };
            set(node, k, v, &src, issues);
        }
        for prefix in e.covers.iter().flatten() {
            if !issues.cover(&e.at, prefix) {
                issues.error(
                    &src,
                    format!(
                        "covers \"{prefix}\", but `{}` has no such unplaced sentence",
                        e.at
                    ),
                );
            }
        }
    }
}

fn set(node: &mut Node, k: &str, v: &Yaml, src: &Src, issues: &mut Issues) {
    match k {
        "type" => match v.as_str().and_then(scalar_kind) {
            Some(kind) if !matches!(node.kind, Kind::Object(_) | Kind::Array(_)) => {
                node.kind = kind;
                node.type_src = Some(src.clone());
            }
            _ => issues.error(
                src,
                format!("`type: {}` cannot be set here", super::model::show(v)),
            ),
        },
        "additionalProperties" => {
            let t = v.get("type").and_then(Yaml::as_str).and_then(scalar_kind);
            match (t, &node.kind) {
                (Some(kind), Kind::Free | Kind::Map(_)) => {
                    let mut inner = Node::new(kind, src);
                    if let Kind::Map(old) = &node.kind {
                        inner.kw = old.kw.clone();
                        inner.desc = old.desc.clone();
                    }
                    node.kind = Kind::Map(Box::new(inner));
                }
                _ => issues.error(
                    src,
                    "`additionalProperties` is set only on a free-form object or map, to `{type: string|integer|number|boolean}`",
                ),
            }
        }
        _ => node.replace(k, v.clone(), src),
    }
}

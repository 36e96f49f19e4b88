//! `oneOf` and `anyOf`: which subschema a value matches, and `not`. Generated code and the
//! IR interpreter both decide through [`UnionRules::decode`], giving it a function that
//! decodes and checks variant `i`, and through [`not`].

use crate::{Code, Cx, Limit, Path, Report};
use serde_json::Value;

/// How the variant of a value is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dispatch<'a> {
    /// Every variant is tried; the verdict is JSON Schema's (`oneOf`: exactly one matches,
    /// `anyOf`: at least one, the first is kept).
    Trial,
    /// OpenAPI's `discriminator`: the string at member `property` names the variant
    /// (`values`: value and variant index); its violations are the value's.
    Tag {
        /// `propertyName`.
        property: &'a str,
        /// Each mapped value and the index of its variant.
        values: &'a [(&'a str, usize)],
    },
    /// Each variant `i` requires member `members[i]`, which no other variant requires: an
    /// object holding exactly one of them can match only that variant, whose violations are
    /// then the value's; any other value is tried.
    Member(&'a [&'a str]),
    /// One variant, which every value is: a body whose schema constrains the value itself
    /// (an array body's `minItems`), checked through a type of its own. Its violations are
    /// the value's.
    Single,
}

/// A `oneOf` or `anyOf`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnionRules<'a> {
    /// `anyOf` (else `oneOf`).
    pub any: bool,
    /// Variant names, for messages.
    pub names: &'a [&'a str],
    /// How the variant is found.
    pub dispatch: Dispatch<'a>,
}

impl UnionRules<'_> {
    /// Decodes `v` as one of the variants: `variant(i, v, at, cx)` decodes variant `i` and
    /// checks it, recording into `cx`. A variant matches when it decodes without a
    /// violation. Returns the value of the matching variant, or records why none does.
    pub fn decode<T>(
        &self,
        v: &Value,
        at: &Path<'_>,
        cx: &mut Cx<'_>,
        mut variant: impl FnMut(usize, &Value, &Path<'_>, &mut Cx<'_>) -> Option<T>,
    ) -> Option<T> {
        match self.dispatch {
            Dispatch::Tag { property, values } => {
                let Value::Object(obj) = v else {
                    cx.type_error(at, "an object", v);
                    return None;
                };
                let Some(tag) = obj.get(property) else {
                    cx.report.add(
                        &at.key(property),
                        Code::Required,
                        format!("the discriminator `{property}` is required"),
                        None,
                    );
                    return None;
                };
                match values.iter().find(|(w, _)| Value::as_str(tag) == Some(*w)) {
                    Some((_, i)) => {
                        let start = cx.report.len();
                        let out = variant(*i, v, at, cx);
                        out.filter(|_| cx.report.len() == start)
                    }
                    None => {
                        let listed: Vec<&str> = values.iter().map(|(w, _)| *w).collect();
                        cx.report.add(
                            &at.key(property),
                            Code::Enum,
                            format!(
                                "discriminator `{property}` is {tag}, which names no variant (one of {})",
                                listed.join(", ")
                            ),
                            None,
                        );
                        None
                    }
                }
            }
            Dispatch::Member(members) => {
                let only = match v {
                    Value::Object(obj) => {
                        let mut present = members
                            .iter()
                            .enumerate()
                            .filter(|(_, m)| obj.contains_key(**m));
                        match (present.next(), present.next()) {
                            (Some((i, _)), None) => Some(i),
                            _ => None,
                        }
                    }
                    _ => None,
                };
                match only {
                    Some(i) => {
                        let start = cx.report.len();
                        let out = variant(i, v, at, cx);
                        out.filter(|_| cx.report.len() == start)
                    }
                    None => self.trial(v, at, cx, variant),
                }
            }
            Dispatch::Single => {
                let start = cx.report.len();
                let out = variant(0, v, at, cx);
                out.filter(|_| cx.report.len() == start)
            }
            Dispatch::Trial => self.trial(v, at, cx, variant),
        }
    }

    fn trial<T>(
        &self,
        v: &Value,
        at: &Path<'_>,
        cx: &mut Cx<'_>,
        mut variant: impl FnMut(usize, &Value, &Path<'_>, &mut Cx<'_>) -> Option<T>,
    ) -> Option<T> {
        let keyword = if self.any { "anyOf" } else { "oneOf" };
        let code = if self.any { Code::AnyOf } else { Code::OneOf };
        let mut matched: Vec<usize> = Vec::new();
        let mut kept = None;
        let mut why = Vec::new();
        for (i, name) in self.names.iter().enumerate() {
            let mut scratch = Report::default();
            let out = variant(i, v, at, &mut cx.with(&mut scratch));
            match out {
                Some(t) if scratch.is_empty() => {
                    matched.push(i);
                    if kept.is_none() {
                        kept = Some(t);
                    }
                    if self.any {
                        break;
                    }
                }
                _ => {
                    let first = scratch.violations().first().map_or_else(
                        || "does not decode".to_owned(),
                        |f| {
                            let rel = f.pointer.strip_prefix(&at.to_pointer()).unwrap_or("");
                            let place = if rel.is_empty() {
                                String::new()
                            } else {
                                format!("{rel}: ")
                            };
                            format!("{place}{}", f.message)
                        },
                    );
                    let more = match scratch.len() {
                        0 | 1 => String::new(),
                        n => format!(" (and {} more)", n - 1),
                    };
                    why.push(format!("{name}: {first}{more}"));
                }
            }
        }
        match matched.len() {
            1 => kept,
            0 => {
                cx.report.add(
                    at,
                    code,
                    format!(
                        "matches none of the schemas of {keyword} ({})",
                        why.join("; ")
                    ),
                    Some(Limit::Integer(self.names.len() as i128)),
                );
                None
            }
            _ => {
                let names: Vec<&str> = matched.iter().map(|i| self.names[*i]).collect();
                cx.report.add(
                    at,
                    code,
                    format!(
                        "matches {} of the schemas of oneOf ({}): exactly one must match",
                        names.len(),
                        names.join(", ")
                    ),
                    Some(Limit::Integer(self.names.len() as i128)),
                );
                None
            }
        }
    }
}

/// `not`: records a `not` violation at `at` when `v` matches the subschema, that is when
/// `matches` (decoding `v` as the subschema and checking it) records no violation. What it
/// records goes to a scratch report: a value is valid exactly when it breaks the subschema.
pub fn not<T>(
    v: &Value,
    at: &Path<'_>,
    cx: &mut Cx<'_>,
    matches: impl FnOnce(&Value, &Path<'_>, &mut Cx<'_>) -> Option<T>,
) {
    let mut scratch = Report::default();
    let out = matches(v, at, &mut cx.with(&mut scratch));
    if out.is_some() && scratch.is_empty() {
        cx.report.add(
            at,
            Code::Not,
            "must not match the schema under `not`".to_owned(),
            None,
        );
    }
}

/// [`not`] for a value held in Rust ([`crate::Validate`]): its JSON form is checked, as a
/// request's (strictly).
pub fn not_held<T: serde::Serialize, U>(
    value: &T,
    at: &Path<'_>,
    report: &mut Report,
    matches: impl FnOnce(&Value, &Path<'_>, &mut Cx<'_>) -> Option<U>,
) {
    if let Ok(v) = serde_json::to_value(value) {
        not(
            &v,
            at,
            &mut Cx::new(report, crate::Direction::Request),
            matches,
        );
    }
}

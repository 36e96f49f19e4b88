//! The upstream model of an operation as a plain tree (members, lists, maps, constraints),
//! its comparison with the imported spec, and the checked-in list of known disagreements.

use super::spec::{self, Schema};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

/// A constraint the model states on a value.
#[derive(Debug, Clone)]
pub enum Check {
    /// A number keyword (`minLength`, `maximum`, ...): the value, written canonically.
    Num(String),
    /// `pattern`: the model's pattern, which the spec writes as `^(?:P)$`.
    Pattern(String),
    /// `enum`, compared as a set.
    Enum(BTreeSet<String>),
    /// A keyword that is `true` (`uniqueItems`).
    True,
}

/// A value of the model.
#[derive(Debug, Clone, Default)]
pub struct Node {
    /// Constraints by JSON Schema keyword.
    pub checks: Vec<(&'static str, Check)>,
    /// What the value is made of.
    pub kind: Kind,
}

/// The shape of a value.
#[derive(Debug, Clone, Default)]
pub enum Kind {
    /// A value without parts.
    #[default]
    Scalar,
    /// An object with named members and one-of groups.
    Object(Vec<Member>, Vec<OneOf>),
    /// An array.
    List(Box<Node>),
    /// A map: keys and values.
    Map(Box<Node>, Box<Node>),
}

/// A named member of an object, a parameter or a header.
#[derive(Debug, Clone)]
pub struct Member {
    /// Wire name.
    pub name: String,
    /// Whether the model requires it.
    pub required: bool,
    pub node: Node,
}

/// A group of members of which at most (or exactly) one may be present.
#[derive(Debug, Clone)]
pub struct OneOf {
    pub fields: Vec<String>,
    pub exactly_one: bool,
}

/// Where a request member goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Path,
    Query,
    Header,
}

impl Place {
    fn as_str(self) -> &'static str {
        match self {
            Place::Path => "path",
            Place::Query => "query",
            Place::Header => "header",
        }
    }
}

/// One operation of the model.
#[derive(Debug, Clone, Default)]
pub struct Operation {
    /// `operationId` in the spec.
    pub id: String,
    pub params: Vec<(Place, Member)>,
    /// One-of groups among the parameters (Yandex query parameters).
    pub param_oneofs: Vec<OneOf>,
    /// The request body (an object), if the model has one with members.
    pub body: Option<Node>,
    pub response_headers: Vec<Member>,
    /// The success response's body, when the model knows it.
    pub response_body: Option<Node>,
}

impl Operation {
    /// Number of constraints in the model of this operation.
    pub fn count(&self) -> usize {
        let members = self
            .params
            .iter()
            .map(|(_, m)| m)
            .chain(&self.response_headers);
        members.map(count_member).sum::<usize>()
            + self
                .param_oneofs
                .iter()
                .filter(|o| o.fields.len() > 1)
                .count()
            + self
                .body
                .iter()
                .chain(&self.response_body)
                .map(count)
                .sum::<usize>()
    }
}

fn count_member(m: &Member) -> usize {
    usize::from(m.required) + count(&m.node)
}

fn count(n: &Node) -> usize {
    n.checks.len()
        + match &n.kind {
            Kind::Scalar => 0,
            Kind::Object(ms, oneofs) => {
                ms.iter().map(count_member).sum::<usize>()
                    + oneofs.iter().filter(|o| o.fields.len() > 1).count()
            }
            Kind::List(i) => count(i),
            Kind::Map(k, v) => count(k) + count(v),
        }
}

/// The result of comparing one constraint (or, for a page that does not import, all of an
/// operation's constraints at once).
#[derive(Debug, Clone)]
pub struct Outcome {
    /// `Operation /pointer keyword`.
    pub key: String,
    pub model: String,
    pub spec: String,
    pub agree: bool,
    /// False when the spec does not have the member (the model is newer than the page).
    pub shared: bool,
    /// How many constraints this outcome stands for.
    pub weight: usize,
}

impl Outcome {
    /// The line of the disagreement list, without the reason.
    pub fn line(&self) -> String {
        format!("{} | {} | {}", self.key, self.model, self.spec)
    }
}

/// Compares one operation of the model with the spec's operation.
pub fn compare(model: &Operation, op: &spec::Operation<'_>, out: &mut Vec<Outcome>) {
    let mut c = Cmp { op: &model.id, out };
    for (place, m) in &model.params {
        let ptr = format!("/request/{}/{}", place.as_str(), m.name);
        match op.param(place.as_str(), &m.name) {
            Some(slot) => c.member(&ptr, m, slot.schema, slot.required),
            None => c.absent_member(&ptr, m),
        }
    }
    let groups = op.oneofs();
    for o in model.param_oneofs.iter().filter(|o| o.fields.len() > 1) {
        let p = format!("/request/query/({})", o.fields.join("|"));
        c.oneof(&p, o, &groups);
    }
    if let Some(b) = &model.body {
        c.node("/request/body", b, op.request_body());
    }
    for m in &model.response_headers {
        let ptr = format!("/response/header/{}", m.name);
        match op.response_header(&m.name) {
            Some(slot) => c.member(&ptr, m, slot.schema, slot.required),
            None => c.absent_member(&ptr, m),
        }
    }
    if let Some(b) = &model.response_body {
        c.node("/response/body", b, op.response_body());
    }
}

/// The outcome of an operation whose page did not import.
pub fn not_imported(model: &Operation) -> Outcome {
    let n = model.count();
    Outcome {
        key: format!("{} / page", model.id),
        model: format!("{n} constraints"),
        spec: "not imported".into(),
        agree: false,
        shared: true,
        weight: n,
    }
}

struct Cmp<'a> {
    op: &'a str,
    out: &'a mut Vec<Outcome>,
}

impl Cmp<'_> {
    fn push(&mut self, ptr: &str, kw: &str, model: String, spec: String, agree: bool) {
        self.out.push(Outcome {
            key: format!("{} {ptr} {kw}", self.op),
            model,
            spec,
            agree,
            shared: true,
            weight: 1,
        });
    }

    fn absent(&mut self, ptr: &str, kw: &str) {
        self.out.push(Outcome {
            key: format!("{} {ptr} {kw}", self.op),
            model: String::new(),
            spec: "-".into(),
            agree: false,
            shared: false,
            weight: 1,
        });
    }

    fn member(&mut self, ptr: &str, m: &Member, s: Option<Schema<'_>>, spec_required: bool) {
        if m.required || spec_required {
            self.push(
                ptr,
                "required",
                m.required.to_string(),
                spec_required.to_string(),
                m.required == spec_required,
            );
        }
        self.node(ptr, &m.node, s);
    }

    /// A one-of group against the spec's `x-oneof` groups: the same fields, and whether
    /// exactly one is required.
    fn oneof(&mut self, p: &str, o: &OneOf, groups: &[(Vec<String>, bool)]) {
        let want: BTreeSet<&String> = o.fields.iter().collect();
        let found = groups
            .iter()
            .find(|(f, _)| f.iter().collect::<BTreeSet<_>>() == want);
        let model = format!("exactly-one {}", o.exactly_one);
        match found {
            Some((_, exactly)) => {
                let spec = format!("exactly-one {exactly}");
                self.push(p, "x-oneof", model, spec, *exactly == o.exactly_one);
            }
            None => {
                let near = groups
                    .iter()
                    .find(|(f, _)| f.iter().any(|x| want.contains(x)))
                    .map_or_else(|| "-".to_owned(), |(f, _)| format!("({})", f.join("|")));
                self.push(p, "x-oneof", model, near, false);
            }
        }
    }

    fn absent_member(&mut self, ptr: &str, m: &Member) {
        if m.required {
            self.absent(ptr, "required");
        }
        self.node(ptr, &m.node, None);
    }

    fn node(&mut self, ptr: &str, n: &Node, s: Option<Schema<'_>>) {
        let Some(s) = s else {
            for (kw, _) in &n.checks {
                self.absent(ptr, kw);
            }
            match &n.kind {
                Kind::Scalar => {}
                Kind::Object(ms, oneofs) => {
                    for m in ms {
                        self.absent_member(&format!("{ptr}/{}", m.name), m);
                    }
                    for o in oneofs.iter().filter(|o| o.fields.len() > 1) {
                        self.absent(&format!("{ptr}/({})", o.fields.join("|")), "x-oneof");
                    }
                }
                Kind::List(i) => self.node(&format!("{ptr}/[]"), i, None),
                Kind::Map(k, v) => {
                    self.node(&format!("{ptr}/{{key}}"), k, None);
                    self.node(&format!("{ptr}/{{value}}"), v, None);
                }
            }
            return;
        };
        for (kw, check) in &n.checks {
            let got = s.keyword(kw);
            let (model, spec, agree) = match check {
                Check::Num(want) => {
                    let got = got.and_then(|v| bound(&s, kw, v));
                    let agree = got.as_deref() == Some(want.as_str());
                    (want.clone(), got.unwrap_or_else(|| "-".into()), agree)
                }
                Check::Pattern(p) => {
                    let want = format!("^(?:{p})$");
                    let got = got.and_then(Value::as_str);
                    let agree = got.map(redundant_anchors) == Some(want.clone());
                    (want, got.unwrap_or("-").to_owned(), agree)
                }
                Check::True => {
                    let got = got.and_then(Value::as_bool) == Some(true);
                    ("true".into(), got.to_string(), got)
                }
                Check::Enum(want) => match got.and_then(Value::as_array) {
                    // Names the spec writes as a whole-value pattern of literals (map keys).
                    None if s
                        .keyword("pattern")
                        .and_then(Value::as_str)
                        .and_then(literals)
                        .as_ref()
                        == Some(want) =>
                    {
                        (set(want.iter()), set(want.iter()), true)
                    }
                    None => (set(want.iter()), "-".into(), false),
                    Some(a) => {
                        let got: BTreeSet<String> = a.iter().map(scalar).collect();
                        let only_model: Vec<_> = want.difference(&got).collect();
                        let only_spec: Vec<_> = got.difference(want).collect();
                        let agree = only_model.is_empty() && only_spec.is_empty();
                        (
                            format!("+{}", set(only_model.into_iter())),
                            format!("+{}", set(only_spec.into_iter())),
                            agree,
                        )
                    }
                },
            };
            self.push(ptr, kw, model, spec, agree);
        }
        match &n.kind {
            Kind::Scalar => {}
            Kind::Object(ms, oneofs) => {
                for m in ms {
                    let p = format!("{ptr}/{}", m.name);
                    match s.property(&m.name) {
                        Some(child) => self.member(&p, m, Some(child), s.requires(&m.name)),
                        None => self.absent_member(&p, m),
                    }
                }
                let groups = s.oneofs();
                for o in oneofs.iter().filter(|o| o.fields.len() > 1) {
                    let p = format!("{ptr}/({})", o.fields.join("|"));
                    if o.fields.iter().any(|f| s.property(f).is_some()) {
                        self.oneof(&p, o, &groups);
                    } else {
                        self.absent(&p, "x-oneof");
                    }
                }
            }
            Kind::List(i) => self.node(&format!("{ptr}/[]"), i, s.items()),
            Kind::Map(k, v) => {
                self.node(&format!("{ptr}/{{key}}"), k, s.keys());
                self.node(&format!("{ptr}/{{value}}"), v, s.values());
            }
        }
    }
}

fn set<'a>(it: impl Iterator<Item = &'a String>) -> String {
    format!(
        "[{}]",
        it.map(String::as_str).collect::<Vec<_>>().join(", ")
    )
}

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => number(n),
        other => other.to_string(),
    }
}

/// A number written canonically: integers without a fraction, exactly.
pub fn number(n: &serde_json::Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    let f = n.as_f64().unwrap_or(f64::NAN);
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// A bound of the spec as an inclusive bound: an exclusive `minimum`/`maximum` of an integer
/// schema is moved by one.
fn bound(s: &Schema<'_>, kw: &str, v: &Value) -> Option<String> {
    let n = v.as_number()?;
    let exclusive = match kw {
        "minimum" => s.keyword("exclusiveMinimum"),
        "maximum" => s.keyword("exclusiveMaximum"),
        _ => None,
    }
    .and_then(Value::as_bool)
        == Some(true);
    let integer = s.keyword("type").and_then(Value::as_str) == Some("integer");
    if exclusive && integer {
        let i: i128 = number(n).parse().ok()?;
        return Some(if kw == "minimum" { i + 1 } else { i - 1 }.to_string());
    }
    if exclusive {
        return Some(format!("exclusive {}", number(n)));
    }
    Some(number(n))
}

/// The figures of a run.
pub struct Figures {
    pub agree: usize,
    pub shared: usize,
    pub newer: usize,
}

/// Counts outcomes.
pub fn figures(out: &[Outcome]) -> Figures {
    let shared: Vec<&Outcome> = out.iter().filter(|o| o.shared).collect();
    Figures {
        agree: shared.iter().filter(|o| o.agree).map(|o| o.weight).sum(),
        shared: shared.iter().map(|o| o.weight).sum(),
        newer: out.iter().filter(|o| !o.shared).map(|o| o.weight).sum(),
    }
}

/// The reasons a listed disagreement may give.
const REASONS: [&str; 4] = [
    "page older than model",
    "page does not state it",
    "importer:",
    "page does not import:",
];

/// Checks the disagreements against the checked-in list: every disagreement is listed, every
/// listed one still occurs. Returns the listed reasons' counts by kind, or the failure message.
pub fn check_list(file: &Path, out: &[Outcome]) -> Result<BTreeMap<String, usize>, String> {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    let mut listed: BTreeMap<String, String> = BTreeMap::new();
    let mut bad = String::new();
    for (i, l) in text.lines().enumerate() {
        if l.trim().is_empty() || l.starts_with('#') {
            continue;
        }
        let parts: Vec<&str> = l.splitn(4, " | ").collect();
        let reason = parts.get(3).map_or("", |r| r.trim());
        if parts.len() < 4 || !REASONS.iter().any(|r| reason.starts_with(r)) {
            let _ = writeln!(
                bad,
                "{}:{}: not `key | model | spec | reason` with a known reason: {l}",
                file.display(),
                i + 1
            );
            continue;
        }
        let key = parts[..3].join(" | ");
        if listed.insert(key, reason.to_owned()).is_some() {
            let _ = writeln!(bad, "{}:{}: listed twice: {l}", file.display(), i + 1);
        }
    }
    let found: BTreeMap<String, &Outcome> = out
        .iter()
        .filter(|o| o.shared && !o.agree)
        .map(|o| (o.line(), o))
        .collect();
    let mut kinds = BTreeMap::new();
    for (line, o) in &found {
        match listed.get(line) {
            Some(reason) => {
                let kind = REASONS
                    .iter()
                    .find(|r| reason.starts_with(*r))
                    .map_or("?", |r| r.trim_end_matches(':'));
                *kinds.entry(kind.to_owned()).or_insert(0) += o.weight;
            }
            None => {
                let _ = writeln!(bad, "not listed: {line} | ?");
            }
        }
    }
    for line in listed.keys() {
        if !found.contains_key(line) {
            let _ = writeln!(bad, "stale (no longer occurs): {line}");
        }
    }
    if bad.is_empty() {
        Ok(kinds)
    } else {
        Err(format!("{}:\n{bad}", file.display()))
    }
}

/// `^(?:^P$)$` is the same whole-value match as `^(?:P)$`: inside the outer anchors, a `^`
/// that opens the group and a `$` that closes it match where the outer ones do. Pages that
/// write their pattern anchored are wrapped once more by the importer.
fn redundant_anchors(p: &str) -> String {
    match p
        .strip_prefix("^(?:^")
        .and_then(|r| r.strip_suffix("$)$"))
        .filter(|inner| !inner.ends_with('\\'))
    {
        Some(inner) => format!("^(?:{inner})$"),
        None => p.to_owned(),
    }
}

/// The names of a whole-value pattern of escaped literals (`^(?:A|B\.C)$`), if it is one.
fn literals(p: &str) -> Option<BTreeSet<String>> {
    let inner = p.strip_prefix("^(?:")?.strip_suffix(")$")?;
    let mut out = BTreeSet::new();
    for alt in inner.split('|') {
        let mut name = String::new();
        let mut chars = alt.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => name.push(chars.next()?),
                c if c.is_alphanumeric() || c == '_' || c == '-' => name.push(c),
                _ => return None,
            }
        }
        out.insert(name);
    }
    Some(out)
}

//! Spec diff for pull-request reviews: two specs, lowered to the IR, compared keyword by
//! keyword, each change judged per direction (a request change breaks when fewer requests are
//! accepted, a response change when more responses can arrive), with a proof checked by the
//! interpreter of both specs, and a second verdict on the generated Rust API.
//!
//! Stages: [`walk`] compares and proposes witnesses, [`witness`] makes values, [`proof`]
//! builds and checks whole requests or response bodies, [`render`] prints.

pub mod interp;
pub mod proof;
pub mod render;
mod rule;
pub mod walk;
pub mod witness;

pub use rule::Rule;

use crate::interp::Interp;
use docspec_codegen::error::Error;
use docspec_codegen::ir::{Module, Operation, Shape, Struct, TypeDef, TypeKind};
use docspec_codegen::load::Spec;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use walk::{Loc, Verdict, Walker};
use witness::{Edit, Seg};

/// A spec read and lowered.
pub struct Loaded {
    /// The path as given.
    pub display: String,
    /// The parsed document.
    pub spec: Spec,
    /// Its IR.
    pub module: Module,
}

/// Reads and lowers one spec; every problem is reported with file, pointer and line.
pub fn load(path: &Path) -> Result<Loaded, Error> {
    let display = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    load_text(&display, text)
}

/// Like [`load`], from text already read.
pub fn load_text(display: &str, text: String) -> Result<Loaded, Error> {
    let spec = docspec_codegen::load::parse(display, text).map_err(Error::Spec)?;
    let module = docspec_codegen::lower::lower(&spec, "spec").map_err(Error::Spec)?;
    Ok(Loaded {
        display: display.to_owned(),
        spec,
        module,
    })
}

/// One spec during a diff.
pub struct Side<'a> {
    /// The document, for pointers.
    pub spec: &'a Spec,
    /// The IR.
    pub m: &'a Module,
    /// Its validators.
    pub interp: Interp<'a>,
}

/// Whether a set difference is non-empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tri {
    /// It is (a witness exists or arithmetic says so).
    Yes,
    /// It is not.
    No,
    /// Not decided.
    Maybe,
}

/// What a change belongs to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Component {
    /// A named type, old and new name.
    Type(String, String),
    /// An operation (its `METHOD path` key).
    Operation(String),
}

/// One change as the walk found it.
#[derive(Debug, Clone)]
pub struct Finding {
    /// What kind of change it is.
    pub rule: Rule,
    /// What it belongs to.
    pub component: Component,
    /// Readable place inside the component.
    pub place: String,
    /// Instance path from the component's instance.
    pub focus: Vec<Seg>,
    /// Pointer in the old document.
    pub old_ptr: String,
    /// Pointer in the new document.
    pub new_ptr: String,
    /// Old value, for display.
    pub old_val: String,
    /// New value, for display.
    pub new_val: String,
    /// What changed.
    pub message: String,
    /// Some old-accepted value is rejected by the new spec (breaks requests).
    pub req: Tri,
    /// Candidate edits that show it.
    pub req_edits: Vec<Edit>,
    /// Some new-accepted value is rejected by the old spec (breaks responses).
    pub resp: Tri,
    /// Candidate edits that show it.
    pub resp_edits: Vec<Edit>,
    /// Breaks Rust code written against the old generated types.
    pub rust_breaking: bool,
    /// The violation code a proof must show, when it is specific.
    pub code: Option<docspec_runtime::Code>,
    /// Only this direction applies (operation-level changes).
    pub only: Option<Dir>,
    /// Scalars travel as strings (parameters).
    pub strings: bool,
}

/// A direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dir {
    /// In a request.
    Request,
    /// In a response.
    Response,
}

/// A verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Nothing that was valid becomes invalid on the side that matters.
    NonBreaking,
    /// Not decided.
    Unknown,
    /// Breaks clients or callers.
    Breaking,
}

impl Severity {
    /// As written in the JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::NonBreaking => "non-breaking",
            Severity::Unknown => "unknown",
            Severity::Breaking => "breaking",
        }
    }
}

/// Where a component is used: by which operation, in which direction, reached how.
#[derive(Debug, Clone)]
pub struct Usage {
    /// Index into the matched operations; `None` for a type compared on its own (its
    /// operations are not the same in both specs), whose proofs are values of the type.
    pub op: Option<usize>,
    /// Direction.
    pub dir: Dir,
    /// Instance path from the envelope (requests) or the response body (responses).
    pub path: Vec<Seg>,
}

impl Usage {
    /// The same usage one step further down.
    fn below(&self, seg: Seg) -> Usage {
        let mut path = self.path.clone();
        path.push(seg);
        Usage { path, ..*self }
    }
}

/// A change with its verdicts and proofs.
#[derive(Debug, Clone)]
pub struct Change {
    /// Stable id: rule and place.
    pub id: String,
    /// The finding.
    pub finding: Finding,
    /// Component label for grouping.
    pub component: String,
    /// Overall severity (the worse direction).
    pub severity: Severity,
    /// Per direction that applies.
    pub verdicts: BTreeMap<Dir, Severity>,
    /// Operation ids affected.
    pub operations: Vec<String>,
    /// Proofs per direction (a checked value, or why there is none).
    pub proofs: BTreeMap<Dir, Result<Value, String>>,
}

/// The whole diff.
#[derive(Debug, Clone)]
pub struct DiffReport {
    /// Old spec path.
    pub old: String,
    /// New spec path.
    pub new: String,
    /// Changes, breaking first.
    pub changes: Vec<Change>,
}

impl DiffReport {
    /// Whether any change breaks.
    pub fn breaking(&self) -> bool {
        self.changes
            .iter()
            .any(|c| c.severity == Severity::Breaking)
    }

    /// Whether any change is at or above `level`.
    pub fn at_least(&self, level: Severity) -> bool {
        self.changes.iter().any(|c| c.severity >= level)
    }
}

/// A matched (or one-sided) operation.
pub struct OpPair<'a> {
    /// `METHOD path` with parameter names blanked.
    pub key: String,
    /// Old side.
    pub old: Option<&'a Operation>,
    /// New side.
    pub new: Option<&'a Operation>,
}

impl OpPair<'_> {
    /// The id shown: the new one when there is one.
    pub fn id(&self) -> String {
        self.new
            .or(self.old)
            .map(|o| o.id.clone())
            .unwrap_or_default()
    }
}

fn op_key(o: &Operation) -> String {
    let mut path = String::new();
    let mut depth = 0;
    for c in o.path.chars() {
        match c {
            '{' => {
                depth += 1;
                path.push('{');
            }
            '}' => {
                depth -= 1;
                path.push('}');
            }
            c if depth == 0 => path.push(c),
            _ => {}
        }
    }
    format!("{} {path}", o.method)
}

/// Compares two loaded specs.
pub fn diff(old: &Loaded, new: &Loaded) -> DiffReport {
    let o = Side {
        spec: &old.spec,
        m: &old.module,
        interp: Interp::new(&old.module),
    };
    let n = Side {
        spec: &new.spec,
        m: &new.module,
        interp: Interp::new(&new.module),
    };
    let mut ops: Vec<OpPair<'_>> = Vec::new();
    for op in &old.module.operations {
        ops.push(OpPair {
            key: op_key(op),
            old: Some(op),
            new: None,
        });
    }
    for op in &new.module.operations {
        let key = op_key(op);
        match ops.iter_mut().find(|p| p.key == key && p.new.is_none()) {
            Some(p) => p.new = Some(op),
            None => ops.push(OpPair {
                key,
                old: None,
                new: Some(op),
            }),
        }
    }
    let mut w = Walker {
        old: &o,
        new: &n,
        out: Vec::new(),
    };
    let mut usage = UsageMap::default();
    for (i, p) in ops.iter().enumerate() {
        operation(&mut w, &mut usage, i, p);
    }
    // Types with the same name that no shared operation reaches are compared on their own,
    // in the directions their own operations use them (e.g. one response type returned by
    // different operations of two specs).
    let (ro, rn) = (reach(o.m), reach(n.m));
    let paired: BTreeSet<&String> = usage.order.iter().flat_map(|(a, b)| [a, b]).collect();
    let mut alone = Vec::new();
    for (name, old_uses) in &ro {
        let Some(new_uses) = rn.get(name) else {
            continue;
        };
        if paired.contains(name) || !n.m.types.contains_key(name) {
            continue;
        }
        let dirs: BTreeSet<Dir> = old_uses.iter().chain(new_uses).map(|(_, d)| *d).collect();
        let ids: BTreeSet<String> = old_uses
            .iter()
            .chain(new_uses)
            .map(|(id, _)| id.clone())
            .collect();
        alone.push(((name.clone(), name.clone()), dirs, ids));
    }
    for (key, dirs, ids) in alone {
        usage.order.push(key.clone());
        usage.by_pair.insert(
            key.clone(),
            dirs.into_iter()
                .map(|dir| Usage {
                    op: None,
                    dir,
                    path: Vec::new(),
                })
                .collect(),
        );
        usage.standalone.insert(key, ids);
    }
    let pairs: Vec<(String, String)> = usage.order.clone();
    for (a, b) in &pairs {
        let (Some(ta), Some(tb)) = (o.m.types.get(a), n.m.types.get(b)) else {
            continue;
        };
        let strings = usage.by_pair[&(a.clone(), b.clone())].iter().all(|u| {
            matches!(u.path.first(), Some(Seg::Key(k)) if k != "body") && u.dir == Dir::Request
        });
        let loc = Loc {
            component: Component::Type(a.clone(), b.clone()),
            place: String::new(),
            focus: Vec::new(),
            old_ptr: ta.pointer.clone(),
            new_ptr: tb.pointer.clone(),
            strings,
        };
        w.typedefs(&loc, ta, tb);
    }
    let findings = std::mem::take(&mut w.out);
    let mut changes: Vec<Change> = findings
        .into_iter()
        .map(|f| judge(&o, &n, &ops, &usage, f))
        .collect();
    changes.sort_by(|a, b| {
        // By name, not by variant, so that the order does not depend on declaration order.
        (
            b.severity,
            &a.component,
            &a.finding.place,
            a.finding.rule.name(),
        )
            .cmp(&(
                a.severity,
                &b.component,
                &b.finding.place,
                b.finding.rule.name(),
            ))
    });
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for c in &mut changes {
        let k = seen.entry(c.id.clone()).or_default();
        *k += 1;
        if *k > 1 {
            c.id = format!("{}#{k}", c.id);
        }
    }
    DiffReport {
        old: old.display.clone(),
        new: new.display.clone(),
        changes,
    }
}

/// Which named-type pairs are used where.
#[derive(Default)]
struct UsageMap {
    /// Pairs in order of discovery.
    order: Vec<(String, String)>,
    /// Usages, the first path per operation and direction.
    by_pair: BTreeMap<(String, String), Vec<Usage>>,
    /// Operation ids of pairs compared on their own.
    standalone: BTreeMap<(String, String), BTreeSet<String>>,
}

/// Named types each operation of one module reaches, by direction.
fn reach(m: &Module) -> BTreeMap<String, BTreeSet<(String, Dir)>> {
    let mut u = UsageMap::default();
    for (i, op) in m.operations.iter().enumerate() {
        let roots = op
            .body
            .iter()
            .map(|b| (&b.shape, Dir::Request))
            .chain(op.response.iter().map(|b| (&b.shape, Dir::Response)));
        for (shape, dir) in roots {
            u.walk(
                m,
                m,
                shape,
                shape,
                Usage {
                    op: Some(i),
                    dir,
                    path: Vec::new(),
                },
            );
        }
        for name in [&op.path_params, &op.query_params, &op.header_params]
            .into_iter()
            .flatten()
        {
            if let Some(s) = params(m, Some(name)) {
                for shape in struct_members(m, s).values() {
                    u.walk(
                        m,
                        m,
                        shape,
                        shape,
                        Usage {
                            op: Some(i),
                            dir: Dir::Request,
                            path: Vec::new(),
                        },
                    );
                }
            }
        }
    }
    u.by_pair
        .into_iter()
        .map(|((t, _), us)| {
            let ops = us
                .iter()
                .filter_map(|x| Some((m.operations.get(x.op?)?.id.clone(), x.dir)))
                .collect();
            (t, ops)
        })
        .collect()
}

impl UsageMap {
    /// Walks two shapes in step from where `at` reaches them, recording the named pairs
    /// reached.
    fn walk(&mut self, o: &Module, n: &Module, a: &Shape, b: &Shape, at: Usage) {
        match (a, b) {
            (Shape::Named(x), Shape::Named(y)) => {
                let key = (x.clone(), y.clone());
                let list = self.by_pair.entry(key.clone()).or_default();
                if list.iter().any(|u| u.op == at.op && u.dir == at.dir) {
                    return;
                }
                if list.is_empty() {
                    self.order.push(key);
                }
                list.push(at.clone());
                let (Some(tx), Some(ty)) = (o.types.get(x), n.types.get(y)) else {
                    return;
                };
                match (&tx.kind, &ty.kind) {
                    (TypeKind::Struct(sx), TypeKind::Struct(sy)) => {
                        let (mx, my) = (struct_members(o, sx), struct_members(n, sy));
                        for (w, sa) in &mx {
                            if let Some(sb) = my.get(w) {
                                self.walk(o, n, sa, sb, at.below(Seg::Key(w.clone())));
                            }
                        }
                    }
                    (TypeKind::Alias(sa), TypeKind::Alias(sb)) => self.walk(o, n, sa, sb, at),
                    _ => {}
                }
            }
            (Shape::Array { items: x, .. }, Shape::Array { items: y, .. }) => {
                self.walk(o, n, x, y, at.below(Seg::Index));
            }
            (Shape::Map { values: x, .. }, Shape::Map { values: y, .. }) => {
                self.walk(o, n, x, y, at.below(Seg::Entry));
            }
            _ => {}
        }
    }
}

/// Fields and group members of a struct, by wire name.
fn struct_members(m: &Module, s: &Struct) -> BTreeMap<String, Shape> {
    let mut out: BTreeMap<String, Shape> = s
        .fields
        .iter()
        .map(|f| (f.wire.clone(), f.shape.clone()))
        .collect();
    for g in &s.groups {
        if let Some(TypeDef {
            kind: TypeKind::Group(grp),
            ..
        }) = m.types.get(&g.type_name)
        {
            out.extend(
                grp.members
                    .iter()
                    .map(|v| (v.wire.clone(), v.shape.clone())),
            );
        }
    }
    out
}

/// The parameters of a location that has none.
static NO_PARAMS: Struct = Struct {
    fields: Vec::new(),
    groups: Vec::new(),
    rules: Vec::new(),
    deny_unknown: None,
    extra: None,
    min_props: None,
    max_props: None,
    header_names: false,
};

const LOCATIONS: [&str; 3] = ["path", "query", "header"];

fn params<'m>(m: &'m Module, name: Option<&String>) -> Option<&'m Struct> {
    match &m.types.get(name?)?.kind {
        TypeKind::Struct(s) => Some(s),
        _ => None,
    }
}

/// Operation-level comparison and the usage walk from its roots.
fn operation<'a>(w: &mut Walker<'a>, usage: &mut UsageMap, i: usize, p: &OpPair<'a>) {
    let (om, nm) = (w.old.m, w.new.m);
    let optr = |o: &Operation| {
        format!(
            "/paths/{}/{}",
            docspec_codegen::error::escape(&o.path),
            o.method.to_lowercase()
        )
    };
    let base = |focus: Vec<Seg>, op: &str, np: &str, strings: bool| Loc {
        component: Component::Operation(p.key.clone()),
        place: String::new(),
        focus,
        old_ptr: op.to_owned(),
        new_ptr: np.to_owned(),
        strings,
    };
    let finding = |w: &mut Walker<'a>,
                   loc: &Loc,
                   rule: Rule,
                   ov: &str,
                   nv: &str,
                   msg: String,
                   verdict: Verdict,
                   only: Option<Dir>| {
        let Verdict {
            req,
            resp,
            rust_breaking,
        } = verdict;
        w.out.push(Finding {
            rule,
            component: loc.component.clone(),
            place: loc.place.clone(),
            focus: loc.focus.clone(),
            old_ptr: loc.old_ptr.clone(),
            new_ptr: loc.new_ptr.clone(),
            old_val: ov.to_owned(),
            new_val: nv.to_owned(),
            message: msg,
            req: req.0,
            req_edits: req.1,
            resp: resp.0,
            resp_edits: resp.1,
            rust_breaking,
            code: None,
            only,
            strings: loc.strings,
        });
    };
    let (o, n) = match (p.old, p.new) {
        (Some(o), None) => {
            let loc = base(vec![], &optr(o), "/paths", false);
            finding(
                w,
                &loc,
                Rule::OperationRemoved,
                &o.id,
                "absent",
                format!("operation `{}` ({} {}) removed", o.id, o.method, o.path),
                Verdict {
                    req: (Tri::Yes, vec![Vec::new()]),
                    resp: (Tri::No, vec![]),
                    rust_breaking: true,
                },
                Some(Dir::Request),
            );
            return;
        }
        (None, Some(n)) => {
            let loc = base(vec![], "/paths", &optr(n), false);
            finding(
                w,
                &loc,
                Rule::OperationAdded,
                "absent",
                &n.id,
                format!("operation `{}` ({} {}) added", n.id, n.method, n.path),
                Verdict {
                    req: (Tri::No, vec![]),
                    resp: (Tri::No, vec![]),
                    rust_breaking: false,
                },
                None,
            );
            return;
        }
        (Some(o), Some(n)) => (o, n),
        (None, None) => return,
    };
    let (op_ptr, np_ptr) = (optr(o), optr(n));
    if o.id != n.id {
        let loc = base(
            vec![],
            &format!("{op_ptr}/operationId"),
            &format!("{np_ptr}/operationId"),
            false,
        );
        finding(
            w,
            &loc,
            Rule::OperationIdChanged,
            &o.id,
            &n.id,
            format!("operationId changed from `{}` to `{}`", o.id, n.id),
            Verdict {
                req: (Tri::No, vec![]),
                resp: (Tri::No, vec![]),
                rust_breaking: true,
            },
            None,
        );
    }
    for (loc_name, (on, nn)) in LOCATIONS.iter().zip([
        (&o.path_params, &n.path_params),
        (&o.query_params, &n.query_params),
        (&o.header_params, &n.header_params),
    ]) {
        let (x, y) = (params(om, on.as_ref()), params(nm, nn.as_ref()));
        if x.is_none() && y.is_none() {
            continue;
        }
        let loc = Loc {
            place: loc_name.to_string(),
            ..base(
                vec![Seg::Key((*loc_name).to_owned())],
                &format!("{op_ptr}/parameters"),
                &format!("{np_ptr}/parameters"),
                true,
            )
        };
        let before = w.out.len();
        // Path parameters are positional on the wire: a renamed one is the same parameter.
        let renamed = match (*loc_name, x) {
            ("path", Some(x)) => {
                let names = |path: &str| -> Vec<String> {
                    path.split('{')
                        .skip(1)
                        .filter_map(|s| s.split_once('}'))
                        .map(|(n, _)| n.to_owned())
                        .collect()
                };
                let pairs: Vec<(String, String)> = names(&o.path)
                    .into_iter()
                    .zip(names(&n.path))
                    .filter(|(a, b)| a != b)
                    .collect();
                for (a, b) in &pairs {
                    let l = Loc {
                        place: format!("path.{b}"),
                        ..loc.clone()
                    };
                    finding(
                        w,
                        &l,
                        Rule::ParameterRenamed,
                        a,
                        b,
                        format!(
                            "path parameter `{a}` renamed to `{b}` (the same position in the path)"
                        ),
                        Verdict {
                            req: (Tri::No, vec![]),
                            resp: (Tri::No, vec![]),
                            rust_breaking: true,
                        },
                        Some(Dir::Request),
                    );
                }
                let mut x = x.clone();
                for f in &mut x.fields {
                    if let Some((_, b)) = pairs.iter().find(|(a, _)| *a == f.wire) {
                        f.wire = b.clone();
                    }
                }
                (!pairs.is_empty()).then_some(x)
            }
            _ => None,
        };
        w.structs(
            &loc,
            renamed.as_ref().or(x).unwrap_or(&NO_PARAMS),
            y.unwrap_or(&NO_PARAMS),
            "parameter",
        );
        for f in &mut w.out[before..] {
            f.only = Some(Dir::Request);
        }
        if let (Some(x), Some(y)) = (x, y) {
            let (mx, my) = (struct_members(om, x), struct_members(nm, y));
            for (wire, sa) in &mx {
                if let Some(sb) = my.get(wire) {
                    usage.walk(
                        om,
                        nm,
                        sa,
                        sb,
                        Usage {
                            op: Some(i),
                            dir: Dir::Request,
                            path: vec![Seg::Key((*loc_name).to_owned()), Seg::Key(wire.clone())],
                        },
                    );
                }
            }
        }
    }
    let body_loc = |old_ptr: &str, new_ptr: &str| Loc {
        place: "body".into(),
        ..base(vec![Seg::Key("body".into())], old_ptr, new_ptr, false)
    };
    match (&o.body, &n.body) {
        (Some(a), Some(b)) => {
            let schema = "requestBody/content/application~1json/schema";
            let loc = body_loc(&format!("{op_ptr}/{schema}"), &format!("{np_ptr}/{schema}"));
            let before = w.out.len();
            if a.required != b.required {
                let (req, resp) = if b.required {
                    ((Tri::Yes, vec![witness::remove()]), (Tri::No, vec![]))
                } else {
                    ((Tri::No, vec![]), (Tri::No, vec![]))
                };
                let word = |r: bool| if r { "required" } else { "optional" };
                finding(
                    w,
                    &loc,
                    if b.required {
                        Rule::RequestBodyRequiredAdded
                    } else {
                        Rule::RequestBodyRequiredRemoved
                    },
                    word(a.required),
                    word(b.required),
                    format!("the request body became {}", word(b.required)),
                    Verdict {
                        req,
                        resp,
                        rust_breaking: false,
                    },
                    Some(Dir::Request),
                );
            }
            w.shapes(&loc, &a.shape, &b.shape);
            for f in &mut w.out[before..] {
                f.only = Some(Dir::Request);
            }
            usage.walk(
                om,
                nm,
                &a.shape,
                &b.shape,
                Usage {
                    op: Some(i),
                    dir: Dir::Request,
                    path: vec![Seg::Key("body".into())],
                },
            );
        }
        (None, Some(b)) => {
            let loc = body_loc(&op_ptr, &format!("{np_ptr}/requestBody"));
            let req = if b.required {
                (Tri::Yes, vec![witness::remove()])
            } else {
                (Tri::No, vec![])
            };
            finding(
                w,
                &loc,
                Rule::RequestBodyAdded,
                "absent",
                if b.required { "required" } else { "optional" },
                "a request body was added".into(),
                Verdict {
                    req,
                    resp: (Tri::No, vec![]),
                    rust_breaking: true,
                },
                Some(Dir::Request),
            );
        }
        (Some(a), None) => {
            let loc = body_loc(&format!("{op_ptr}/requestBody"), &np_ptr);
            let v = witness::Synth {
                m: om,
                interp: &w.old.interp,
            }
            .value(&a.shape, &[], false);
            finding(
                w,
                &loc,
                Rule::RequestBodyRemoved,
                "present",
                "absent",
                "the request body was removed".into(),
                Verdict {
                    req: (Tri::Yes, v.map(witness::set).into_iter().collect()),
                    resp: (Tri::No, vec![]),
                    rust_breaking: true,
                },
                Some(Dir::Request),
            );
        }
        (None, None) => {}
    }
    let rptr = |p: &str, s: &Option<String>| {
        format!(
            "{p}/responses/{}/content/application~1json/schema",
            s.as_deref().unwrap_or("200")
        )
    };
    let loc = Loc {
        place: "response".into(),
        ..base(
            vec![],
            &rptr(&op_ptr, &o.response_status),
            &rptr(&np_ptr, &n.response_status),
            false,
        )
    };
    if o.response_status != n.response_status {
        let l = Loc {
            old_ptr: format!("{op_ptr}/responses"),
            new_ptr: format!("{np_ptr}/responses"),
            ..loc.clone()
        };
        let s = |x: &Option<String>| x.clone().unwrap_or_else(|| "none".into());
        finding(
            w,
            &l,
            Rule::ResponseStatusChanged,
            &s(&o.response_status),
            &s(&n.response_status),
            format!(
                "the documented success status changed from {} to {}",
                s(&o.response_status),
                s(&n.response_status)
            ),
            Verdict {
                req: (Tri::No, vec![]),
                resp: (Tri::Yes, vec![]),
                rust_breaking: false,
            },
            Some(Dir::Response),
        );
    }
    match (&o.response, &n.response) {
        (Some(a), Some(b)) => {
            let before = w.out.len();
            w.shapes(&loc, &a.shape, &b.shape);
            for f in &mut w.out[before..] {
                f.only = Some(Dir::Response);
            }
            usage.walk(
                om,
                nm,
                &a.shape,
                &b.shape,
                Usage {
                    op: Some(i),
                    dir: Dir::Response,
                    path: vec![],
                },
            );
        }
        (None, Some(_)) => finding(
            w,
            &loc,
            Rule::ResponseBodyAdded,
            "absent",
            "present",
            "a JSON response body is now documented".into(),
            Verdict {
                req: (Tri::No, vec![]),
                resp: (Tri::No, vec![]),
                rust_breaking: true,
            },
            Some(Dir::Response),
        ),
        (Some(_), None) => finding(
            w,
            &loc,
            Rule::ResponseBodyRemoved,
            "present",
            "absent",
            "the JSON response body is no longer documented".into(),
            Verdict {
                req: (Tri::No, vec![]),
                resp: (Tri::Yes, vec![]),
                rust_breaking: true,
            },
            Some(Dir::Response),
        ),
        (None, None) => {}
    }
}

/// Verdicts and proofs for one finding.
fn judge(o: &Side<'_>, n: &Side<'_>, ops: &[OpPair<'_>], usage: &UsageMap, f: Finding) -> Change {
    let usages: Vec<Usage> = match &f.component {
        Component::Type(a, b) => usage
            .by_pair
            .get(&(a.clone(), b.clone()))
            .cloned()
            .unwrap_or_default(),
        Component::Operation(key) => {
            let i = ops.iter().position(|p| &p.key == key).unwrap_or(0);
            [Dir::Request, Dir::Response]
                .into_iter()
                .filter(|d| f.only.is_none_or(|x| x == *d))
                .map(|dir| Usage {
                    op: Some(i),
                    dir,
                    path: vec![],
                })
                .collect()
        }
    };
    let mut verdicts = BTreeMap::new();
    let mut proofs = BTreeMap::new();
    for dir in [Dir::Request, Dir::Response] {
        let here: Vec<&Usage> = usages.iter().filter(|u| u.dir == dir).collect();
        if here.is_empty() {
            continue;
        }
        let (tri, edits) = match dir {
            Dir::Request => (f.req, &f.req_edits),
            Dir::Response => (f.resp, &f.resp_edits),
        };
        let mut sev = match tri {
            Tri::Yes => Severity::Breaking,
            Tri::No => Severity::NonBreaking,
            Tri::Maybe => Severity::Unknown,
        };
        if sev != Severity::NonBreaking {
            let mut result = Err(if edits.is_empty() {
                "no value can show this change to the validators".to_owned()
            } else {
                "no candidate was accepted by one spec and rejected by the other".to_owned()
            });
            let special = match f.rule {
                Rule::ResponseStatusChanged => here
                    .first()
                    .and_then(|u| u.op)
                    .map(|i| proof::status(n, &ops[i])),
                Rule::ResponseBodyRemoved => here
                    .first()
                    .and_then(|u| u.op)
                    .map(|i| proof::body_removed(o, &ops[i])),
                _ => None,
            };
            if let Some(r) = special {
                result = r;
            } else if !edits.is_empty() {
                for u in &here {
                    let mut focus = u.path.clone();
                    focus.extend(f.focus.iter().cloned());
                    let claim = proof::Claim {
                        focus: &focus,
                        edits,
                        code: f.code,
                    };
                    let r = match (u.op.map(|i| &ops[i]), &f.component) {
                        (Some(p), _) if dir == Dir::Request => {
                            proof::request(o, n, p, claim, f.rule == Rule::OperationRemoved)
                        }
                        (Some(p), _) => proof::response(o, n, p, claim),
                        (None, Component::Type(a, b)) => proof::value(o, n, (a, b), dir, claim),
                        (None, Component::Operation(_)) => {
                            Err("no operation to show it with".into())
                        }
                    };
                    if r.is_ok() {
                        result = r;
                        break;
                    }
                    result = r;
                }
            }
            if result.is_ok() {
                sev = Severity::Breaking;
            }
            proofs.insert(dir, result);
        }
        verdicts.insert(dir, sev);
    }
    let severity = verdicts
        .values()
        .copied()
        .max()
        .unwrap_or(Severity::NonBreaking);
    let mut operations: BTreeSet<String> = usages
        .iter()
        .filter_map(|u| Some(ops[u.op?].id()))
        .collect();
    if let Component::Type(a, b) = &f.component {
        operations.extend(
            usage
                .standalone
                .get(&(a.clone(), b.clone()))
                .into_iter()
                .flatten()
                .cloned(),
        );
    }
    let operations: Vec<String> = operations.into_iter().collect();
    let component = match &f.component {
        Component::Type(a, b) if a == b => a.clone(),
        Component::Type(a, b) => format!("{a} → {b}"),
        Component::Operation(k) => {
            let i = ops.iter().position(|p| &p.key == k);
            format!(
                "operation {}",
                i.map(|i| ops[i].id()).unwrap_or_else(|| k.clone())
            )
        }
    };
    let id = format!(
        "{}@{}{}{}",
        f.rule.name(),
        component.replace(' ', "-"),
        if f.place.is_empty() { "" } else { "." },
        f.place
    );
    Change {
        id,
        component,
        severity,
        verdicts,
        operations,
        proofs,
        finding: f,
    }
}

/// How a review is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// For a pull-request comment.
    #[default]
    Markdown,
    /// For tools: every change with its rule, verdicts and proofs.
    Json,
}

/// One review of two spec files: what `cargo xtask diff` runs once it has read its arguments.
#[derive(Debug, Clone)]
pub struct Options {
    /// The spec before the change.
    pub old: std::path::PathBuf,
    /// The spec after it.
    pub new: std::path::PathBuf,
    /// How the report is printed.
    pub format: Format,
    /// The least severity that fails the review (exit code 1); `None` never fails.
    pub fail_on: Option<Severity>,
}

/// What a review printed and its exit code.
#[derive(Debug)]
pub struct Outcome {
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// 0 nothing at or above the `fail_on` level, 1 found, 2 a spec that does not load.
    pub code: u8,
}

/// Loads both specs, diffs and renders them. A spec that does not load is exit code 2 with
/// every problem of both files.
pub fn run(options: &Options) -> Outcome {
    let fail = |msg: String| Outcome {
        stdout: String::new(),
        stderr: msg,
        code: 2,
    };
    let Options {
        old,
        new,
        format,
        fail_on,
    } = options;
    let json = *format == Format::Json;
    let (old, new) = match (load(old), load(new)) {
        (Ok(o), Ok(n)) => (o, n),
        (o, n) => {
            let errs: Vec<String> = [o.err(), n.err()]
                .into_iter()
                .flatten()
                .map(|e| e.to_string())
                .collect();
            return fail(errs.join("\n"));
        }
    };
    let report = diff(&old, &new);
    let stdout = if json {
        let mut s = serde_json::to_string_pretty(&render::json(&report)).unwrap_or_default();
        s.push('\n');
        s
    } else {
        render::markdown(&report)
    };
    Outcome {
        stdout,
        stderr: String::new(),
        code: u8::from(fail_on.is_some_and(|level| report.at_least(level))),
    }
}

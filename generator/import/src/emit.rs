//! The page model written as OpenAPI 3.0.3 in the conventions of specs/README.md: objects become
//! components (shared when two uses have the same structure and name), every keyword carries
//! its source in `x-source`, object-typed fields are plain `$ref`s unless their uses differ in
//! description.

use super::model::{Group, Kind, Node, Obj, Op};
use docspec_codegen::ident::pascal;
use serde_yaml::{Mapping, Value as Yaml};
use std::collections::BTreeMap;

/// Keyword order inside a schema.
const ORDER: &[&str] = &[
    "type",
    "format",
    "x-int64-string",
    "enum",
    "minimum",
    "maximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "allOf",
    "minItems",
    "maxItems",
    "items",
    "additionalProperties",
    "x-property-names",
    "x-filter-expression",
    "default",
];

fn rank(k: &str) -> usize {
    ORDER.iter().position(|o| *o == k).unwrap_or(ORDER.len())
}

fn map(pairs: Vec<(&str, Yaml)>) -> Yaml {
    let mut m = Mapping::new();
    for (k, v) in pairs {
        m.insert(k.into(), v);
    }
    Yaml::Mapping(m)
}

fn singular(name: &str) -> String {
    if let Some(s) = name.strip_suffix("ies") {
        format!("{s}y")
    } else if name.len() > 3 && name.ends_with('s') && !name.ends_with("ss") {
        name[..name.len() - 1].to_owned()
    } else {
        name.to_owned()
    }
}

struct Plan {
    /// Object path -> component name.
    names: BTreeMap<String, String>,
    /// Component name -> structure (no descriptions, no sources).
    shapes: BTreeMap<String, Yaml>,
    /// Component name -> descriptions of its uses, in order.
    uses: BTreeMap<String, Vec<Option<String>>>,
    /// Component name -> the description its type's own page gives, with its source.
    type_descs: BTreeMap<String, (String, super::Src)>,
    order: Vec<String>,
}

impl Plan {
    fn visit(&mut self, node: &Node, path: &str, suggested: &str, parent: &str) {
        match &node.kind {
            Kind::Object(o) => {
                let base = o.name.clone().unwrap_or_else(|| suggested.to_owned());
                let shape = bare(node);
                let mut name = base.clone();
                let mut k = 1;
                loop {
                    match self.shapes.get(&name) {
                        Some(s) if *s == shape => break,
                        None => {
                            self.shapes.insert(name.clone(), shape);
                            self.order.push(name.clone());
                            break;
                        }
                        // The same structure under a name another use disambiguated
                        // (`SetTagOperation` for an Operation of another shape): shared.
                        Some(_) if k == 1 => {
                            if let Some(other) = self.order.iter().find(|n| {
                                n.ends_with(base.as_str()) && self.shapes.get(*n) == Some(&shape)
                            }) {
                                name = other.clone();
                                break;
                            }
                            name = format!("{parent}{base}");
                            k += 1;
                        }
                        Some(_) => {
                            name = format!("{parent}{base}{k}");
                            k += 1;
                        }
                    }
                }
                self.uses
                    .entry(name.clone())
                    .or_default()
                    .push(node.desc.clone());
                if let Some(d) = &o.type_desc {
                    self.type_descs
                        .entry(name.clone())
                        .or_insert_with(|| d.clone());
                }
                self.names.insert(path.to_owned(), name.clone());
                for p in &o.props {
                    let s = pascal(&p.name);
                    self.visit(&p.node, &format!("{path}/{}", p.name), &s, &name);
                }
            }
            Kind::Array(items) => {
                self.visit(items, &format!("{path}[]"), &singular(suggested), parent)
            }
            Kind::Map(v) => self.visit(
                v,
                &format!("{path}{{}}"),
                &format!("{suggested}Value"),
                parent,
            ),
            _ => {}
        }
    }
}

/// The structure of a node without descriptions and sources, objects inlined: two objects with
/// the same bare form are one component.
fn bare(node: &Node) -> Yaml {
    let mut m = Mapping::new();
    scalars(node, &mut m);
    match &node.kind {
        Kind::Object(o) => {
            let props: Mapping = o
                .props
                .iter()
                .map(|p| (p.name.clone().into(), bare(&p.node)))
                .collect();
            m.insert("properties".into(), Yaml::Mapping(props));
            let req: Vec<Yaml> = o
                .props
                .iter()
                .filter(|p| p.required.is_some())
                .map(|p| p.name.clone().into())
                .collect();
            m.insert("required".into(), Yaml::Sequence(req));
            m.insert("x-oneof".into(), groups(&o.groups));
            m.insert(
                "x-rules".into(),
                Yaml::Sequence(o.rules.iter().map(|r| r.0.clone()).collect()),
            );
        }
        Kind::Array(i) => {
            m.insert("items".into(), bare(i));
        }
        Kind::Map(v) => {
            m.insert("additionalProperties".into(), bare(v));
        }
        _ => {}
    }
    Yaml::Mapping(m)
}

fn type_name(k: &Kind) -> &'static str {
    match k {
        Kind::Str => "string",
        Kind::Int => "integer",
        Kind::Num => "number",
        Kind::Bool => "boolean",
        Kind::Array(_) => "array",
        Kind::Object(_) | Kind::Map(_) | Kind::Free => "object",
    }
}

/// `type` and the keywords of a node, in canonical order.
fn scalars(node: &Node, m: &mut Mapping) {
    m.insert("type".into(), type_name(&node.kind).into());
    let mut kw: Vec<&(String, Yaml, super::Src)> = node.kw.iter().collect();
    kw.sort_by_key(|(k, ..)| rank(k));
    for (k, v, _) in kw {
        m.insert(k.clone().into(), v.clone());
    }
}

fn groups(gs: &[Group]) -> Yaml {
    Yaml::Sequence(
        gs.iter()
            .map(|g| {
                map(vec![
                    ("name", g.name.clone().into()),
                    (
                        "fields",
                        Yaml::Sequence(g.members.iter().map(|m| m.clone().into()).collect()),
                    ),
                    ("exactly-one", g.exactly_one.into()),
                ])
            })
            .collect(),
    )
}

/// `x-source` of a node's own keywords.
fn sources(node: &Node, with_desc: bool) -> Mapping {
    let mut s = Mapping::new();
    if let Some(t) = &node.type_src {
        s.insert("type".into(), t.to_string().into());
    }
    let mut kw: Vec<&(String, Yaml, super::Src)> = node.kw.iter().collect();
    kw.sort_by_key(|(k, ..)| rank(k));
    for (k, _, src) in kw {
        s.insert(k.clone().into(), src.to_string().into());
    }
    if with_desc {
        if let Some(d) = &node.desc_src {
            s.insert("description".into(), d.to_string().into());
        }
    }
    s
}

/// Splits descriptions that differ into the paragraphs they share at the end (for the
/// component) and what each use says first.
fn common_tail(descs: &[Option<String>]) -> Vec<String> {
    let split: Vec<Vec<&str>> = descs
        .iter()
        .map(|d| {
            d.as_deref()
                .map(|d| d.split("\n\n").collect())
                .unwrap_or_default()
        })
        .collect();
    let mut tail = Vec::new();
    for k in 1.. {
        let mut it = split.iter().map(|p| p.len().checked_sub(k).map(|i| p[i]));
        let Some(Some(first)) = it.next() else { break };
        // A use must keep something of its own.
        if it.all(|x| x == Some(first)) && split.iter().all(|p| p.len() > k) {
            tail.insert(0, first.to_owned());
        } else {
            break;
        }
    }
    tail
}

struct Emitter<'a> {
    plan: &'a Plan,
    components: BTreeMap<String, Yaml>,
}

impl Emitter<'_> {
    /// Whether every use has the same description (then the component has it and uses are
    /// plain `$ref`s), and the component's description. A type with a page of its own has
    /// that page's description; each use with a description of its own wraps the `$ref`.
    fn shared_desc(&self, name: &str) -> (bool, Option<String>) {
        if let Some((d, _)) = self.plan.type_descs.get(name) {
            return (false, Some(d.clone()));
        }
        let uses = &self.plan.uses[name];
        if uses.windows(2).all(|w| w[0] == w[1]) {
            (true, uses.first().cloned().flatten())
        } else {
            let t = common_tail(uses);
            (false, (!t.is_empty()).then(|| t.join("\n\n")))
        }
    }

    /// The schema of a property (or items, or values) at `path`.
    fn schema(&mut self, node: &Node, path: &str) -> Yaml {
        if let Kind::Object(o) = &node.kind {
            let name = self.plan.names[path].clone();
            if !self.components.contains_key(&name) {
                self.components.insert(name.clone(), Yaml::Null);
                let c = self.component(node, o, &name, path);
                self.components.insert(name.clone(), c);
            }
            let r = map(vec![(
                "$ref",
                format!("#/components/schemas/{name}").into(),
            )]);
            let (same, tail) = self.shared_desc(&name);
            if same {
                return r;
            }
            let own = match (&node.desc, tail) {
                (Some(d), Some(t)) => d.strip_suffix(&format!("\n\n{t}")).unwrap_or(d).to_owned(),
                (Some(d), None) => d.clone(),
                (None, _) => return r,
            };
            let mut m = Mapping::new();
            m.insert("description".into(), own.into());
            m.insert("allOf".into(), Yaml::Sequence(vec![r]));
            if let Some(d) = &node.desc_src {
                m.insert(
                    "x-source".into(),
                    map(vec![("description", d.to_string().into())]),
                );
            }
            return Yaml::Mapping(m);
        }
        let mut m = Mapping::new();
        scalars(node, &mut m);
        match &node.kind {
            Kind::Array(items) => {
                let i = self.schema(items, &format!("{path}[]"));
                insert_ranked(&mut m, "items", i);
            }
            Kind::Map(v) => {
                let v = self.schema(v, &format!("{path}{{}}"));
                insert_ranked(&mut m, "additionalProperties", v);
            }
            _ => {}
        }
        if let Some(d) = &node.desc {
            m.insert("description".into(), d.clone().into());
        }
        let s = sources(node, true);
        if !s.is_empty() {
            m.insert("x-source".into(), Yaml::Mapping(s));
        }
        Yaml::Mapping(m)
    }

    fn component(&mut self, node: &Node, o: &Obj, name: &str, path: &str) -> Yaml {
        let mut m = Mapping::new();
        m.insert("type".into(), "object".into());
        let (_, desc) = self.shared_desc(name);
        if let Some(d) = &desc {
            m.insert("description".into(), d.clone().into());
        }
        let required: Vec<Yaml> = o
            .props
            .iter()
            .filter(|p| p.required.is_some())
            .map(|p| p.name.clone().into())
            .collect();
        if !required.is_empty() {
            m.insert("required".into(), Yaml::Sequence(required));
        }
        let mut props = Mapping::new();
        for p in &o.props {
            let s = self.schema(&p.node, &format!("{path}/{}", p.name));
            props.insert(p.name.clone().into(), s);
        }
        m.insert("properties".into(), Yaml::Mapping(props));
        if !o.groups.is_empty() {
            m.insert("x-oneof".into(), groups(&o.groups));
        }
        if !o.rules.is_empty() {
            m.insert(
                "x-rules".into(),
                Yaml::Sequence(o.rules.iter().map(|r| r.0.clone()).collect()),
            );
        }
        let mut s = sources(node, desc.is_some() && desc == node.desc);
        if let Some((_, src)) = self.plan.type_descs.get(name) {
            s.insert("description".into(), src.to_string().into());
        }
        let req: Mapping = o
            .props
            .iter()
            .filter_map(|p| {
                Some((
                    p.name.clone().into(),
                    p.required.as_ref()?.to_string().into(),
                ))
            })
            .collect();
        if !req.is_empty() {
            s.insert("required".into(), Yaml::Mapping(req));
        }
        if !o.groups.is_empty() {
            let g: Mapping = o
                .groups
                .iter()
                .map(|g| (g.name.clone().into(), g.src.to_string().into()))
                .collect();
            s.insert("x-oneof".into(), Yaml::Mapping(g));
        }
        if !o.rules.is_empty() {
            s.insert(
                "x-rules".into(),
                Yaml::Sequence(o.rules.iter().map(|r| r.1.to_string().into()).collect()),
            );
        }
        if !s.is_empty() {
            m.insert("x-source".into(), Yaml::Mapping(s));
        }
        Yaml::Mapping(m)
    }
}

fn insert_ranked(m: &mut Mapping, k: &str, v: Yaml) {
    let mut out = Mapping::new();
    let mut placed = false;
    for (key, val) in std::mem::take(m) {
        if !placed && key.as_str().is_some_and(|s| rank(s) > rank(k)) {
            out.insert(k.into(), v.clone());
            placed = true;
        }
        out.insert(key, val);
    }
    if !placed {
        out.insert(k.into(), v);
    }
    *m = out;
}

/// The default names of the request and response objects.
pub fn root_names(op: &Op) -> (String, String) {
    let base = pascal(&op.op_id);
    (format!("{base}Request"), format!("{base}Response"))
}

/// What one spec document holds: its operations (each with the page it came from) and the
/// types that no operation uses but that have pages of their own.
pub struct Doc<'a> {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// Operations in page order, with their page.
    pub ops: Vec<(&'a Op, &'a str)>,
    /// Object types to write as components even when no operation uses them.
    pub types: Vec<&'a Node>,
    /// Every page the document comes from, in order (`info.x-source-document`).
    pub pages: Vec<String>,
}

/// The document of one page: one operation, as the seed specs are written.
pub fn document(op: &Op, page: &str) -> Yaml {
    service_document(&Doc {
        title: op.title.clone(),
        version: op.version.clone(),
        ops: vec![(op, page)],
        types: Vec::new(),
        pages: vec![page.to_owned()],
    })
}

/// The operation object of one page's operation; `key` prefixes its plan paths.
fn operation(e: &mut Emitter<'_>, op: &Op, page: Option<&str>, key: &str) -> Mapping {
    let mut operation = Mapping::new();
    operation.insert("operationId".into(), op.op_id.clone().into());
    if let Some(s) = &op.summary {
        operation.insert("description".into(), s.clone().into());
    }
    if let Some(p) = page {
        operation.insert("x-source-document".into(), p.into());
    }
    if !op.params.is_empty() {
        let params = op
            .params
            .iter()
            .map(|p| {
                let mut schema = p.node.clone();
                let desc = schema.desc.take();
                let mut m = Mapping::new();
                m.insert("name".into(), p.name.clone().into());
                m.insert("in".into(), p.location.into());
                m.insert("required".into(), p.required.into());
                if let Some(d) = desc {
                    m.insert("description".into(), d.into());
                }
                let s = e.schema(&schema, &format!("{key}{}/{}", p.location, p.name));
                m.insert("schema".into(), s);
                Yaml::Mapping(m)
            })
            .collect();
        operation.insert("parameters".into(), Yaml::Sequence(params));
    }
    if !op.param_groups.is_empty() {
        operation.insert("x-oneof".into(), groups(&op.param_groups));
        let g: Mapping = op
            .param_groups
            .iter()
            .map(|g| (g.name.clone().into(), g.src.to_string().into()))
            .collect();
        operation.insert("x-source".into(), map(vec![("x-oneof", Yaml::Mapping(g))]));
    }
    let content = |node: &Node, schema: Yaml| {
        // A raw payload (`format: binary`) is sent as bytes, not as JSON.
        let media = if node.get("format").and_then(Yaml::as_str) == Some("binary") {
            "application/octet-stream"
        } else {
            "application/json"
        };
        map(vec![(media, map(vec![("schema", schema)]))])
    };
    if let Some(b) = &op.body {
        // A body whose members are all optional may be left out (AWS PublishVersion): `{}`
        // and no body mean the same request.
        let required = match &b.kind {
            Kind::Object(o) => {
                o.props.iter().any(|p| p.required.is_some())
                    || o.groups.iter().any(|g| g.exactly_one)
            }
            _ => b.get("minLength").and_then(Yaml::as_u64).unwrap_or(0) > 0,
        };
        let s = e.schema(b, &format!("{key}body"));
        operation.insert(
            "requestBody".into(),
            map(vec![
                ("required", required.into()),
                ("content", content(b, s)),
            ]),
        );
    }
    let mut responses = Mapping::new();
    if let Some(r) = &op.response {
        let mut m = Mapping::new();
        m.insert("description".into(), r.desc.clone().into());
        if !r.headers.is_empty() {
            let headers: Mapping = r
                .headers
                .iter()
                .map(|(name, node)| {
                    let mut schema = node.clone();
                    let desc = schema.desc.take();
                    let mut h = Mapping::new();
                    if let Some(d) = desc {
                        h.insert("description".into(), d.into());
                    }
                    let s = e.schema(&schema, &format!("{key}header/{name}"));
                    h.insert("schema".into(), s);
                    (name.clone().into(), Yaml::Mapping(h))
                })
                .collect();
            m.insert("headers".into(), Yaml::Mapping(headers));
        }
        if let Some(b) = &r.body {
            let s = e.schema(b, &format!("{key}response"));
            m.insert("content".into(), content(b, s));
        }
        responses.insert(r.status.clone().into(), Yaml::Mapping(m));
    }
    operation.insert("responses".into(), Yaml::Mapping(responses));
    operation
}

/// A spec document of several operations and types: objects of the same name and structure
/// are one component wherever they are used.
pub fn service_document(doc: &Doc<'_>) -> Yaml {
    let single = doc.ops.len() == 1 && doc.types.is_empty() && doc.pages.len() == 1;
    let key = |op: &Op| {
        if single {
            String::new()
        } else {
            format!("{}:", op.op_id)
        }
    };
    let mut plan = Plan {
        names: BTreeMap::new(),
        shapes: BTreeMap::new(),
        uses: BTreeMap::new(),
        type_descs: BTreeMap::new(),
        order: Vec::new(),
    };
    for (op, _) in &doc.ops {
        let (req_name, resp_name) = root_names(op);
        let k = key(op);
        // A root object whose name another operation's differs in structure takes the
        // operation's name as its prefix (`CreateVersionOperation`), as nested ones take
        // their parent's.
        let owner = if single {
            String::new()
        } else {
            pascal(&op.op_id)
        };
        if let Some(b) = &op.body {
            plan.visit(b, &format!("{k}body"), &req_name, &owner);
        }
        if let Some(b) = op.response.as_ref().and_then(|r| r.body.as_ref()) {
            plan.visit(b, &format!("{k}response"), &resp_name, &owner);
        }
    }
    for (i, t) in doc.types.iter().enumerate() {
        plan.visit(t, &format!("type:{i}"), "Type", "");
    }
    let mut e = Emitter {
        plan: &plan,
        components: BTreeMap::new(),
    };
    let mut paths: Vec<(String, Mapping)> = Vec::new();
    for (op, page) in &doc.ops {
        let o = operation(&mut e, op, (!single).then_some(*page), &key(op));
        match paths.iter_mut().find(|(p, _)| *p == op.path) {
            Some((_, m)) => {
                m.insert(op.method.clone().into(), Yaml::Mapping(o));
            }
            None => paths.push((
                op.path.clone(),
                map(vec![(op.method.as_str(), Yaml::Mapping(o))])
                    .as_mapping()
                    .cloned()
                    .unwrap_or_default(),
            )),
        }
    }
    for (i, t) in doc.types.iter().enumerate() {
        e.schema(t, &format!("type:{i}"));
    }
    let mut out = Mapping::new();
    out.insert("openapi".into(), "3.0.3".into());
    let source: Yaml = if single {
        doc.pages.first().cloned().unwrap_or_default().into()
    } else {
        Yaml::Sequence(doc.pages.iter().map(|p| p.clone().into()).collect())
    };
    out.insert(
        "info".into(),
        map(vec![
            ("title", doc.title.clone().into()),
            ("version", doc.version.clone().into()),
            ("x-source-document", source),
        ]),
    );
    let servers: Vec<&String> = doc
        .ops
        .iter()
        .filter_map(|(op, _)| op.server.as_ref())
        .collect();
    if let Some(s) = servers.first() {
        if servers.iter().all(|x| x == s) {
            out.insert(
                "servers".into(),
                Yaml::Sequence(vec![map(vec![("url", (*s).clone().into())])]),
            );
        }
    }
    out.insert(
        "paths".into(),
        Yaml::Mapping(
            paths
                .into_iter()
                .map(|(p, m)| (p.into(), Yaml::Mapping(m)))
                .collect(),
        ),
    );
    let schemas: Mapping = plan
        .order
        .iter()
        .filter_map(|n| Some((n.clone().into(), e.components.get(n)?.clone())))
        .collect();
    if !schemas.is_empty() {
        out.insert(
            "components".into(),
            map(vec![("schemas", Yaml::Mapping(schemas))]),
        );
    }
    Yaml::Mapping(out)
}

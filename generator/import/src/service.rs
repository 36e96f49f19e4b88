//! Whole services: the object types that AWS data-type pages describe are merged into every
//! operation that names them, and the types that no operation names are kept as components.
//! A type page is the authority on its members and their constraints; the operation page's
//! sketch of the type (its Request Syntax block) is kept only for members the type page lacks.

use super::aws::TypePage;
use super::model::{Kind, Node, Obj, Op};
use super::{Issues, Src};
use std::collections::{BTreeMap, BTreeSet};

/// The data types of one service, by name.
pub struct Types<'a> {
    by_name: BTreeMap<&'a str, &'a TypePage>,
    /// Types that an operation or another type names.
    used: BTreeSet<String>,
    /// Types named on a page that have no page of their own (warned once each).
    missing: BTreeSet<String>,
}

impl<'a> Types<'a> {
    /// The types of these pages. Two pages of one name are an error naming both.
    pub fn new(pages: &[(&'a TypePage, &'a str)], issues: &mut Issues) -> Types<'a> {
        let mut by_name: BTreeMap<&str, &TypePage> = BTreeMap::new();
        let mut page_of: BTreeMap<&str, &str> = BTreeMap::new();
        for (t, page) in pages {
            if let Some(first) = page_of.get(t.name.as_str()) {
                issues.error(
                    &Src(format!("{page}:1")),
                    format!("type `{}` is also described by {first}", t.name),
                );
                continue;
            }
            page_of.insert(&t.name, page);
            by_name.insert(&t.name, t);
        }
        Types {
            by_name,
            used: BTreeSet::new(),
            missing: BTreeSet::new(),
        }
    }

    /// Merges type pages into every object of an operation.
    pub fn resolve_op(&mut self, op: &mut Op, issues: &mut Issues) {
        for p in &mut op.params {
            self.resolve(&mut p.node, &mut Vec::new(), issues);
        }
        if let Some(b) = &mut op.body {
            self.resolve(b, &mut Vec::new(), issues);
        }
        if let Some(r) = &mut op.response {
            for (_, h) in &mut r.headers {
                self.resolve(h, &mut Vec::new(), issues);
            }
            if let Some(b) = &mut r.body {
                self.resolve(b, &mut Vec::new(), issues);
            }
        }
    }

    /// The types no operation names, each resolved as a component of its own.
    pub fn unused(&mut self, issues: &mut Issues) -> Vec<Node> {
        let names: Vec<&str> = self
            .by_name
            .keys()
            .copied()
            .filter(|n| !self.used.contains(*n))
            .collect();
        let mut out = Vec::new();
        for name in names {
            let mut node = self.by_name[name].node.clone();
            let t = node.desc.take();
            let tsrc = node.desc_src.take();
            if let (Some(o), Some(d), Some(s)) = (node.obj_mut(), t, tsrc) {
                o.type_desc = Some((d, s));
            }
            let mut stack = vec![name.to_owned()];
            self.resolve_members(&mut node, &mut stack, issues);
            out.push(node);
        }
        out
    }

    fn resolve(&mut self, node: &mut Node, stack: &mut Vec<String>, issues: &mut Issues) {
        let (name, elsewhere) = match &mut node.kind {
            Kind::Array(inner) | Kind::Map(inner) => return self.resolve(inner, stack, issues),
            Kind::Object(o) => (o.name.clone(), o.members_elsewhere),
            _ => return,
        };
        let Some(name) = name else {
            return self.resolve_members(node, stack, issues);
        };
        let src = node.type_src.clone().unwrap_or(Src(String::new()));
        if stack.contains(&name) {
            issues.warn(
                &src,
                format!("type `{name}` contains itself; the inner use is a free-form object"),
            );
            node.kind = Kind::Free;
            return;
        }
        match self.by_name.get(name.as_str()).copied() {
            Some(t) => {
                self.used.insert(name.clone());
                if let Some(o) = node.obj_mut() {
                    merge(o, t, &src, issues);
                }
            }
            // Built from the syntax block alone: names and JSON types, no constraints. The
            // service has type pages, so the missing one is worth a word.
            None if !elsewhere && self.missing.insert(name.clone()) => {
                issues.warn(
                    &src,
                    format!("the members of `{name}` come from this page's syntax block only (their names and types, no constraints): its type page is not among the pages"),
                );
            }
            None if elsewhere => {
                if self.missing.insert(name.clone()) {
                    issues.warn(
                        &src,
                        format!("the members of `{name}` are on its own page, which is not among the pages: `{name}` is imported as a free-form object"),
                    );
                }
                node.kind = Kind::Free;
                return;
            }
            None => {}
        }
        stack.push(name);
        self.resolve_members(node, stack, issues);
        stack.pop();
    }

    fn resolve_members(&mut self, node: &mut Node, stack: &mut Vec<String>, issues: &mut Issues) {
        if let Kind::Object(o) = &mut node.kind {
            for p in &mut o.props {
                self.resolve(&mut p.node, stack, issues);
            }
        }
    }
}

/// The members of a type page replace the operation page's sketch of them; a member the
/// sketch shows and the type page lacks is kept, with a warning.
fn merge(o: &mut Obj, t: &TypePage, src: &Src, issues: &mut Issues) {
    let Kind::Object(page) = &t.node.kind else {
        return;
    };
    let sketch = std::mem::take(&mut o.props);
    o.props = page.props.clone();
    for p in sketch {
        if !o.props.iter().any(|q| q.name == p.name) {
            issues.warn(
                src,
                format!(
                    "`{}.{}` is on this page but not on the type's page; it is kept as this page shows it",
                    t.name, p.name
                ),
            );
            o.props.push(p);
        }
    }
    o.groups = page.groups.clone();
    o.rules = page.rules.clone();
    o.members_elsewhere = false;
    if let (Some(d), Some(s)) = (&t.node.desc, &t.node.desc_src) {
        o.type_desc = Some((d.clone(), s.clone()));
    }
}

//! The current Yandex Cloud reference format (2025 on): YFM tables (`#|` ... `|#`, each row
//! `|| name | cell ||` over as many lines as its description takes), and nested messages in
//! sections of their own (`## Network {#yandex.cloud.vpc.v1.Network}`) that rows name by
//! link (`**[Network](#yandex.cloud.vpc.v1.Network)**`). Read into the same model as the
//! older formats, with their sentence forms, one-of markers and type cells.

use super::model::{self, Kind, Node, Obj, Op, Param, Pending, Prop, Response};
use super::text::{self, Block};
use super::yandex;
use super::{Issues, Lines, Src};
use regex::Regex;
use std::sync::LazyLock;

fn re(s: &str) -> Regex {
    Regex::new(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

/// `**[Name](#anchor)**`: a message of its own section.
static LINK: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*\*\*\[([^\]]+)\]\(#([^)\s]+)\)\*\*"));
/// `**object** (map<**K**, V>)`: a map whose values are `V`.
static MAP: LazyLock<Regex> =
    LazyLock::new(|| re(r"^\s*\*\*object\*\*\s*\(map<\s*\*\*\w+\*\*\s*,\s*(.+)>\)\s*$"));
/// `**enum** (Name)`.
static ENUM: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*\*\*enum\*\*\s*(?:\((\w+)\))?"));
static HEADING_ANCHOR: LazyLock<Regex> = LazyLock::new(|| re(r"\{#([^}\s]+)\}\s*$"));

/// Whether the text is a page of this format: an HTTP request section and YFM tables.
pub fn is_page(text: &str) -> bool {
    let heading = text.lines().any(|l| {
        let l = l.trim_end();
        l == "## HTTP request" || l == "## HTTP-запрос"
    });
    heading && text.lines().any(|l| l.trim_end() == "#|")
}

/// One `## ` section: its title, anchor, the lines before its table, and the table's rows.
struct Section {
    title: String,
    anchor: String,
    range: std::ops::Range<usize>,
    rows: Vec<Row>,
}

/// A table row: the field name, its line, the type (first line of the cell) and the
/// description lines after it.
struct Row {
    name: String,
    line: usize,
    ty: String,
    desc: Vec<String>,
}

fn sections(lines: &Lines, from: usize, issues: &mut Issues) -> Vec<Section> {
    let mut out = Vec::new();
    let mut i = from;
    while i < lines.len() {
        if !lines.get(i).starts_with("## ") {
            i += 1;
            continue;
        }
        let head = lines.get(i).trim_start_matches('#').trim();
        let anchor = HEADING_ANCHOR
            .captures(head)
            .and_then(|c| c.get(1))
            .map_or("", |m| m.as_str())
            .to_owned();
        let title = HEADING_ANCHOR.replace(head, "").trim().to_owned();
        let start = i + 1;
        i = start;
        while i < lines.len() && !lines.get(i).starts_with("## ") {
            i += 1;
        }
        let rows = table(lines, start..i, issues);
        out.push(Section {
            title,
            anchor,
            range: start..i,
            rows,
        });
    }
    out
}

/// The rows of the first YFM table in a range (its header row left out).
fn table(lines: &Lines, range: std::ops::Range<usize>, issues: &mut Issues) -> Vec<Row> {
    let Some(open) = range.clone().find(|&j| lines.get(j).trim_end() == "#|") else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    let mut j = open + 1;
    let mut header = true;
    while j < range.end && lines.get(j).trim_end() != "|#" {
        let l = lines.get(j).trim();
        let Some(first) = l.strip_prefix("||") else {
            j += 1;
            continue;
        };
        let start = j;
        let mut cell = vec![unescape_pipes(first)];
        while !cell.last().is_some_and(|c| c.trim_end().ends_with("||")) {
            j += 1;
            if j >= range.end || lines.get(j).trim_end() == "|#" {
                issues.error(&lines.src(start), "a table row that never closes with `||`");
                return rows;
            }
            cell.push(unescape_pipes(lines.get(j)));
        }
        j += 1;
        if let Some(last) = cell.last_mut() {
            *last = last.trim_end().trim_end_matches("||").to_owned();
        }
        if header {
            header = false;
            continue;
        }
        let Some((name, ty)) = cell[0].split_once('|') else {
            issues.error(
                &lines.src(start),
                "a table row without a `|` between name and cell",
            );
            continue;
        };
        rows.push(Row {
            name: name.trim().to_owned(),
            line: start,
            ty: ty.trim().to_owned(),
            desc: cell[1..].to_vec(),
        });
    }
    rows
}

/// A `|` inside a table cell is escaped, also inside code spans; these pages write the
/// escape as `\|` or, escaped once more, `\\|` (the pattern `|[a-z]...` of a name, whose
/// front matter gives it unescaped). Both are the bar.
fn unescape_pipes(line: &str) -> String {
    line.replace("\\\\|", "|").replace("\\|", "|")
}

/// Description blocks: paragraphs split at blank lines, `- ` items as a list. An item goes on
/// over its wrapped lines and over indented paragraphs after a blank line (markdown's list
/// item continuation); an unindented line after a blank line ends the list. Enum items
/// (`` - `NETWORK`: text ``) lose the code span around the name.
fn blocks(desc: &[String]) -> Vec<Block> {
    let mut out = Vec::new();
    let mut para: Vec<String> = Vec::new();
    let mut items: Vec<String> = Vec::new();
    let mut blank = false;
    let flush_para = |para: &mut Vec<String>, out: &mut Vec<Block>| {
        let t = text::inline(&para.join(" "));
        if !t.is_empty() {
            out.push(Block::Para(t));
        }
        para.clear();
    };
    let flush_items = |items: &mut Vec<String>, out: &mut Vec<Block>| {
        if !items.is_empty() {
            let list = std::mem::take(items).iter().map(|i| enum_item(i)).collect();
            out.push(Block::List(list));
        }
    };
    for l in desc {
        let t = l.trim();
        if t.is_empty() {
            blank = true;
            if items.is_empty() {
                flush_para(&mut para, &mut out);
            }
            continue;
        }
        let indented = l.starts_with(' ') || l.starts_with('\t');
        if let Some(item) = t.strip_prefix("- ") {
            flush_para(&mut para, &mut out);
            items.push(item.to_owned());
        } else if !items.is_empty() && (indented || !blank) {
            if let Some(last) = items.last_mut() {
                last.push(' ');
                last.push_str(t);
            }
        } else {
            flush_items(&mut items, &mut out);
            para.push(t.to_owned());
        }
        blank = false;
    }
    flush_para(&mut para, &mut out);
    flush_items(&mut items, &mut out);
    out
}

/// One list item as plain text; `` `WALL`: text `` and a bare `` `KIND_UNSPECIFIED` `` are
/// enum values.
fn enum_item(raw: &str) -> String {
    let item = text::inline(raw);
    match item.strip_prefix('`').and_then(|r| r.split_once("`:")) {
        Some((name, rest)) => format!("{name}:{rest}"),
        None => match item.strip_prefix('`').and_then(|r| r.strip_suffix('`')) {
            Some(name) if !name.contains('`') => format!("{name}:"),
            _ => item,
        },
    }
}

/// The page being read: its sections, and the messages under construction (cycles).
struct Reader<'a> {
    lines: &'a Lines,
    sections: Vec<Section>,
    stack: Vec<String>,
}

impl Reader<'_> {
    /// How warnings name the fields of section `k`: `body.x`, `response.x`, `Network.x`.
    fn label(&self, k: usize) -> String {
        let t = self.sections[k].title.to_lowercase();
        if t.starts_with("body parameters") || t.starts_with("параметры в теле") {
            "body".into()
        } else if t == "response" || t == "ответ" {
            "response".into()
        } else {
            self.sections[k].title.clone()
        }
    }

    fn section(&self, anchor: &str) -> Option<usize> {
        self.sections.iter().position(|s| s.anchor == anchor)
    }

    /// The node a type cell names, before its description is applied.
    fn typed(&mut self, ty: &str, src: &Src, issues: &mut Issues) -> Option<Node> {
        if let Some(c) = LINK.captures(ty) {
            let name = c.get(1).map_or("", |m| m.as_str()).to_owned();
            let anchor = c.get(2).map_or("", |m| m.as_str()).to_owned();
            return Some(self.message(&anchor, &name, src, issues));
        }
        if let Some(c) = MAP.captures(ty) {
            let value = c.get(1).map_or("", |m| m.as_str()).trim();
            let inner = self.typed(value, src, issues)?;
            return Some(Node::new(Kind::Map(Box::new(inner)), src));
        }
        if ENUM.is_match(ty) {
            return Some(Node::new(Kind::Str, src));
        }
        yandex::cell_type(ty, src, issues).map(|(n, _)| n)
    }

    /// The object of a message section, read once per use (a use may add its own
    /// description); a message inside itself is a free-form object, with a warning.
    fn message(&mut self, anchor: &str, name: &str, src: &Src, issues: &mut Issues) -> Node {
        let Some(k) = self.section(anchor) else {
            issues.warn(
                src,
                format!("`{name}` links to `#{anchor}`, which is not a section of the page: a free-form object"),
            );
            return Node::new(Kind::Free, src);
        };
        if self.stack.iter().any(|a| a == anchor) {
            issues.warn(
                src,
                format!("message `{name}` contains itself; the inner use is a free-form object"),
            );
            return Node::new(Kind::Free, src);
        }
        self.stack.push(anchor.to_owned());
        let mut node = self.object(k, issues);
        self.stack.pop();
        if let Some(o) = node.obj_mut() {
            o.name = Some(self.sections[k].title.clone());
        }
        node
    }

    /// The rows of section `k` as (name, line, type cell, description lines).
    fn rows_of(&self, k: usize) -> Vec<(String, usize, String, Vec<String>)> {
        self.sections[k]
            .rows
            .iter()
            .map(|r| (r.name.clone(), r.line, r.ty.clone(), r.desc.clone()))
            .collect()
    }

    /// A row's field name (without `[]`), source and node (an array for `name[]`), before
    /// its description is applied.
    fn row_node(
        &mut self,
        name: &str,
        line: usize,
        ty: &str,
        issues: &mut Issues,
    ) -> Option<(String, Src, Node)> {
        let src = self.lines.src(line);
        let (last, is_array) = match name.strip_suffix("[]") {
            Some(n) => (n.to_owned(), true),
            None => (name.to_owned(), false),
        };
        let mut node = self.typed(ty, &src, issues)?;
        if is_array {
            node = Node::new(Kind::Array(Box::new(node)), &src);
        }
        Some((last, src, node))
    }

    /// An object from the rows of section `k`, with the text before its table as the type's
    /// description.
    fn object(&mut self, k: usize, issues: &mut Issues) -> Node {
        let range = self.sections[k].range.clone();
        let head = self.lines.src(range.start.saturating_sub(1));
        let mut node = Node::new(Kind::Object(Obj::default()), &head);
        let about: Vec<String> = range
            .clone()
            .take_while(|&j| {
                let l = self.lines.get(j).trim_end();
                l != "#|" && !l.starts_with("```") && !l.starts_with("**HTTP Code")
            })
            .map(|j| text::inline(self.lines.get(j)))
            .filter(|t| !t.is_empty())
            .collect();
        if !about.is_empty() {
            let d = about.join(" ");
            if let Some(o) = node.obj_mut() {
                o.type_desc = Some((d, self.lines.src(range.start)));
            }
        }
        let mut pending: Vec<(String, Pending)> = Vec::new();
        let mut groups: Vec<(Vec<String>, Src)> = Vec::new();
        let mut props = Vec::new();
        for (name, line, ty, desc) in self.rows_of(k) {
            let Some((last, src, mut field)) = self.row_node(&name, line, &ty, issues) else {
                continue;
            };
            let at = format!("{}.{name}", self.label(k));
            let (required, gs, pend) =
                yandex::describe(&mut field, blocks(&desc), &at, &src, issues);
            for (_, members) in gs {
                groups.push((members, src.clone()));
            }
            if !pend.rules.is_empty() {
                pending.push((last.clone(), pend));
            }
            if props.iter().any(|p: &Prop| p.name == last) {
                issues.error(&src, format!("field `{last}` has two rows"));
                continue;
            }
            props.push(Prop {
                name: last,
                node: field,
                required,
            });
        }
        if let Some(o) = node.obj_mut() {
            o.props = props;
            for (members, src) in groups {
                if members.iter().all(|m| o.props.iter().any(|p| &p.name == m)) {
                    yandex::add_group(&mut o.groups, members, &src);
                } else {
                    issues.warn(
                        &src,
                        format!("one-of group {members:?} does not name fields of this message"),
                    );
                }
            }
            model::rules(o, pending, issues);
        }
        node
    }

    /// Path or query parameters from a section's rows.
    fn params(&mut self, k: usize, location: &'static str, op: &mut Op, issues: &mut Issues) {
        for (name, line, ty, desc) in self.rows_of(k) {
            let Some((last, src, mut node)) = self.row_node(&name, line, &ty, issues) else {
                continue;
            };
            if let Kind::Object(o) = &node.kind {
                // A message in the query is sent field by field (`resource.id`,
                // `resource.type`), as the REST transcoding of gRPC writes it.
                let (required, ..) =
                    yandex::describe(&mut node.clone(), blocks(&desc), &name, &src, issues);
                for p in &o.props {
                    if matches!(p.node.kind, Kind::Object(_) | Kind::Free | Kind::Map(_)) {
                        issues.warn(
                            &src,
                            format!("{location} parameter `{name}.{}` is a message of a message: not read", p.name),
                        );
                        continue;
                    }
                    op.params.push(Param {
                        name: format!("{name}.{}", p.name),
                        location,
                        node: p.node.clone(),
                        required: location == "path"
                            || (required.is_some() && p.required.is_some()),
                    });
                }
                continue;
            }
            if matches!(node.kind, Kind::Free | Kind::Map(_)) {
                issues.warn(
                    &src,
                    format!(
                        "{location} parameter `{name}` is a free-form object: taken as a string"
                    ),
                );
                node = Node::new(Kind::Str, &src);
            }
            let at = format!("{location}.{name}");
            let (required, groups, pending) =
                yandex::describe(&mut node, blocks(&desc), &at, &src, issues);
            for (_, members) in groups {
                yandex::add_group(&mut op.param_groups, members, &src);
            }
            for (_, s, src) in pending.rules {
                issues.warn(
                    &src,
                    format!("\"{s}\": rules between parameters are not supported"),
                );
            }
            op.params.push(Param {
                name: last,
                location,
                node,
                required: location == "path" || required.is_some(),
            });
        }
    }
}

/// The component name of a request or response message: its anchor's last segment
/// (`CreateNetworkRequest` of `yandex.cloud.vpc.v1.CreateNetworkRequest`).
fn message_name(anchor: &str) -> Option<String> {
    let last = anchor.rsplit('.').next()?;
    (!last.is_empty() && last.chars().all(|c| c.is_ascii_alphanumeric())).then(|| last.to_owned())
}

/// Reads one page.
pub fn parse(lines: &Lines, issues: &mut Issues) -> Option<Op> {
    let mut op = yandex::head(lines)?;
    let first = (0..lines.len())
        .find(|&j| lines.get(j).starts_with("## "))
        .unwrap_or(lines.len());
    let sections = sections(lines, first, issues);
    let mut r = Reader {
        lines,
        sections,
        stack: Vec::new(),
    };
    for k in 0..r.sections.len() {
        let title = r.sections[k].title.to_lowercase();
        let range = r.sections[k].range.clone();
        let anchor = r.sections[k].anchor.clone();
        if title == "http request" || title == "http-запрос" {
            yandex::request_line(lines, range, &mut op, issues);
        } else if title.starts_with("path parameters") || title.starts_with("path-параметры")
        {
            r.params(k, "path", &mut op, issues);
        } else if title.starts_with("query parameters") || title.starts_with("query-параметры")
        {
            r.params(k, "query", &mut op, issues);
        } else if title.starts_with("body parameters") || title.starts_with("параметры в теле")
        {
            r.stack.push(anchor.clone());
            let mut body = r.object(k, issues);
            r.stack.pop();
            if let Some(o) = body.obj_mut() {
                o.name = message_name(&anchor);
                o.type_desc = None;
            }
            op.body = Some(body);
        } else if title == "response" || title == "ответ" {
            op.response = Some(response(&mut r, k, &anchor, issues));
        }
    }
    if op.method.is_empty() {
        issues.error(
            &lines.src(0),
            "the HTTP request block has no `METHOD URL` line",
        );
        return None;
    }
    front_matter(lines, &mut op, issues);
    Some(op)
}

fn response(r: &mut Reader<'_>, k: usize, anchor: &str, issues: &mut Issues) -> Response {
    let range = r.sections[k].range.clone();
    let (status, desc) = yandex::status(r.lines, range.clone());
    let mut body = if r.sections[k].rows.is_empty() && r.section(anchor) != Some(k) {
        Node::new(Kind::Object(Obj::default()), &r.lines.src(range.start))
    } else {
        r.stack.push(anchor.to_owned());
        let b = r.object(k, issues);
        r.stack.pop();
        b
    };
    // The text after the sketch describes the response message.
    let mut fences = 0;
    let mut about = Vec::new();
    for j in range.clone() {
        let l = r.lines.get(j).trim_end();
        if l.starts_with("```") {
            fences += 1;
            continue;
        }
        if l == "#|" {
            break;
        }
        if fences >= 2 {
            let t = text::inline(l);
            if !t.is_empty() {
                about.push(t);
                body.desc_src = Some(r.lines.src(j));
            }
        }
    }
    if let Some(o) = body.obj_mut() {
        o.name = message_name(anchor);
        o.type_desc = None;
    }
    if !about.is_empty() {
        body.desc = Some(about.join(" "));
    }
    Response {
        status,
        desc,
        body: Some(body),
        headers: Vec::new(),
    }
}

/// The keywords the `apiPlayground` front matter gives for the request's fields, applied to
/// the fields the tables give. The current pages state some request constraints only there
/// (a body field's `pattern`); what both state must agree, and a disagreement is a warning.
/// The front matter writes a map's key pattern as the map's own `pattern` (labels): it is
/// read as the key pattern, which is what the response tables of the same pages say.
pub(super) fn front_matter(lines: &Lines, op: &mut Op, issues: &mut Issues) {
    if lines.get(0).trim() != "---" {
        return;
    }
    let Some(end) = (1..lines.len()).find(|&j| lines.get(j).trim() == "---") else {
        return;
    };
    let text: Vec<&str> = (1..end).map(|j| lines.get(j)).collect();
    let Ok(doc) = serde_yaml::from_str::<Yaml>(&text.join("\n")) else {
        issues.warn(
            &lines.src(0),
            "the front matter is not YAML: its apiPlayground is not read",
        );
        return;
    };
    let Some(play) = doc.get("apiPlayground").and_then(|p| p.get(0)) else {
        return;
    };
    let defs = play.get("definitions").cloned().unwrap_or(Yaml::Null);
    let fm = FrontMatter {
        lines,
        end,
        defs: &defs,
    };
    for (part, location) in [("path", "path"), ("query", "query")] {
        let Some(props) = play
            .get(part)
            .and_then(|s| s.get("properties"))
            .and_then(Yaml::as_mapping)
        else {
            continue;
        };
        for (name, schema) in props {
            let Some(name) = name.as_str() else { continue };
            let Some(p) = op
                .params
                .iter_mut()
                .find(|p| p.location == location && p.name == name)
            else {
                continue;
            };
            let at = fm.line_of(1, name);
            fm.apply(&mut p.node, schema, at, &mut Vec::new(), issues);
        }
    }
    if let (Some(schema), Some(body)) = (play.get("body"), op.body.as_mut()) {
        let at = fm.line_of(1, "body");
        fm.apply(body, schema, at, &mut Vec::new(), issues);
    }
}

type Yaml = serde_yaml::Value;

struct FrontMatter<'a> {
    lines: &'a Lines,
    end: usize,
    defs: &'a Yaml,
}

impl FrontMatter<'_> {
    /// The first front-matter line at or after `from` whose key is `key`.
    fn line_of(&self, from: usize, key: &str) -> usize {
        let want = format!("{key}:");
        (from..self.end)
            .find(|&j| self.lines.get(j).trim_start().starts_with(&want))
            .unwrap_or(from)
    }

    fn apply(
        &self,
        node: &mut Node,
        schema: &Yaml,
        at: usize,
        seen: &mut Vec<String>,
        issues: &mut Issues,
    ) {
        let schema = match schema.get("$ref").and_then(Yaml::as_str) {
            Some(r) => {
                let name = r.rsplit('/').next().unwrap_or_default().to_owned();
                if seen.contains(&name) {
                    return;
                }
                let Some(def) = self.defs.get(name.as_str()) else {
                    return;
                };
                seen.push(name);
                self.apply(node, def, at, seen, issues);
                seen.pop();
                return;
            }
            None => schema,
        };
        let src = |key: &str| self.lines.src(self.line_of(at, key));
        match &mut node.kind {
            Kind::Object(o) => {
                let props = schema.get("properties").and_then(Yaml::as_mapping);
                for (name, sub) in props.into_iter().flatten() {
                    let Some(name) = name.as_str() else { continue };
                    let Some(p) = o.props.iter_mut().find(|p| p.name == name) else {
                        continue;
                    };
                    let line = self.line_of(at, name);
                    self.apply(&mut p.node, sub, line, seen, issues);
                }
                let required = schema.get("required").and_then(Yaml::as_sequence);
                for r in required.into_iter().flatten().filter_map(Yaml::as_str) {
                    if let Some(p) = o.props.iter_mut().find(|p| p.name == r) {
                        if p.required.is_none() {
                            p.required = Some(src("required"));
                        }
                    }
                }
                return;
            }
            Kind::Array(items) => {
                if let Some(i) = schema.get("items") {
                    self.apply(items, i, at, seen, issues);
                }
            }
            _ => {}
        }
        let Some(keys) = schema.as_mapping() else {
            return;
        };
        for (key, v) in keys {
            let Some(key) = key.as_str() else { continue };
            if matches!(
                key,
                "type"
                    | "description"
                    | "format"
                    | "items"
                    | "properties"
                    | "required"
                    | "$ref"
                    | "oneOf"
                    | "title"
            ) {
                continue;
            }
            // A map's values and keys (`labels`): `additionalProperties` and `propertyNames`.
            if key == "additionalProperties" && v.as_bool() == Some(false) {
                continue;
            }
            if key == "additionalProperties" && v.is_mapping() {
                if matches!(node.kind, Kind::Free) {
                    node.kind = Kind::Map(Box::new(Node::new(Kind::Str, &src(key))));
                }
                if let Kind::Map(values) = &mut node.kind {
                    let line = self.line_of(at, key);
                    self.apply(values, v, line, seen, issues);
                    continue;
                }
            }
            if key == "propertyNames" && matches!(node.kind, Kind::Map(_) | Kind::Free) {
                let src = src(key);
                let mut kw = Vec::new();
                for k in ["pattern", "minLength", "maxLength"] {
                    let Some(x) = v.get(k) else { continue };
                    let x = if k == "pattern" {
                        match x.as_str().and_then(|p| model::anchored(p, &src, issues)) {
                            Some(p) => p,
                            None => continue,
                        }
                    } else {
                        x.clone()
                    };
                    kw.push((k, x));
                }
                if matches!(node.kind, Kind::Free) {
                    node.kind = Kind::Map(Box::new(Node::new(Kind::Str, &src)));
                }
                model::property_names(node, kw, &src, issues);
                continue;
            }
            let src = src(key);
            match (key, &node.kind) {
                ("pattern", Kind::Map(_) | Kind::Free) => {
                    let Some(p) = v.as_str().and_then(|p| model::anchored(p, &src, issues)) else {
                        continue;
                    };
                    if matches!(node.kind, Kind::Free) {
                        node.kind = Kind::Map(Box::new(Node::new(Kind::Str, &src)));
                    }
                    model::property_names(node, vec![("pattern", p)], &src, issues);
                }
                ("pattern", Kind::Str) => {
                    if let Some(p) = v.as_str().and_then(|p| model::anchored(p, &src, issues)) {
                        node.set("pattern", p, &src, issues);
                    }
                }
                ("minLength" | "maxLength", Kind::Str)
                | ("minimum" | "maximum", Kind::Int | Kind::Num)
                | ("minItems" | "maxItems" | "uniqueItems", Kind::Array(_))
                | ("minProperties" | "maxProperties", Kind::Map(_) | Kind::Free) => {
                    node.set(key, v.clone(), &src, issues)
                }
                // Enum values and defaults come as strings (`default: '100'` of an int64).
                ("enum", Kind::Str) => node.set(key, v.clone(), &src, issues),
                ("default", Kind::Str | Kind::Bool) => node.set(key, v.clone(), &src, issues),
                ("default", Kind::Int) => match v.as_str().map(str::parse::<i64>) {
                    Some(Ok(n)) => node.set(key, n.into(), &src, issues),
                    _ => node.set(key, v.clone(), &src, issues),
                },
                _ => issues.warn(
                    &src,
                    format!(
                        "the front matter's `{key}: {}` is not read for this field; not encoded",
                        model::show(v)
                    ),
                ),
            }
        }
    }
}

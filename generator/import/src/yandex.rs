//! Yandex Cloud API reference pages (English and Russian): the HTTP request block, parameter
//! tables, the body sketch, `Field | Description` tables with dotted paths, one-of markers and
//! constraint sentences.

use super::model::{self, Group, Kind, Node, Obj, Op, Param, Pending, Prop, Response};
use super::sentence;
use super::text::{self, Block};
use super::{Issues, Lines, Src};
use regex::Regex;
use std::collections::BTreeSet;
use std::sync::LazyLock;

/// "`owner` includes only one of the fields `a`, `b`": the owner is a dotted path whose
/// segments may be arrays (`versions[].logOptions`, `operations[]`).
static ONEOF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:`([\w.\[\]]*)`)?\s*(?:[Ii]ncludes only one of the fields|[Вв]ключает только одно из полей)\s*((?:`\w+`\s*,?\s*)+)")
        .unwrap_or_else(|e| panic!("{e}"))
});
static TYPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*\*\*(\w+)\*\*\s*(?:\(([\w-]+)\))?\s*").unwrap_or_else(|e| panic!("{e}"))
});
static ANCHOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{#([\w-]+)\}").unwrap_or_else(|e| panic!("{e}")));

/// Whether the text is a Yandex Cloud API reference page of the older formats: an HTTP
/// request section (`{#https-request}`, or the bare heading beside `{#path_params}`-style
/// sections).
pub fn is_page(text: &str) -> bool {
    let anchored = text
        .lines()
        .any(|l| l.starts_with("## ") && l.contains("{#https-request}"));
    anchored
        || (text.lines().any(is_request_heading)
            && text.lines().any(|l| {
                l.starts_with("## ")
                    && [
                        "{#path_params}",
                        "{#query_params}",
                        "{#body_params}",
                        "{#responses}",
                    ]
                    .iter()
                    .any(|a| l.contains(a))
            }))
}

fn is_request_heading(l: &str) -> bool {
    let l = l.trim_end();
    l == "## HTTP request" || l == "## HTTP-запрос"
}

/// The resource a title names: `Function` of `Cloud Functions Service, REST: Function.get`.
fn resource(title: &str) -> Option<String> {
    let last = title.split_whitespace().last()?;
    let (resource, _) = last.rsplit_once('.')?;
    Some(resource.rsplit('.').next()?.to_owned())
}

/// The title, summary and operation id of a page (every Yandex format), with `i` at the
/// first `## ` section. Method names are written `create` on older pages and `Create` on
/// newer ones: the operation id starts lower-case either way.
pub(super) fn head_at(lines: &Lines) -> (Op, usize) {
    let mut i = 0;
    if lines.get(0).trim() == "---" {
        i = 1;
        while i < lines.len() && lines.get(i).trim() != "---" {
            i += 1;
        }
        i += 1;
    }
    while i < lines.len() && !lines.get(i).starts_with("# ") {
        i += 1;
    }
    let title = text::inline(lines.get(i).trim_start_matches('#'));
    let method = title
        .split_whitespace()
        .last()
        .and_then(|t| t.rsplit('.').next())
        .unwrap_or_default();
    let mut c = method.chars();
    let op_id: String = c
        .next()
        .map(|f| f.to_lowercase().chain(c).collect())
        .unwrap_or_default();
    let mut summary = Vec::new();
    i += 1;
    while i < lines.len() && !lines.get(i).starts_with("## ") {
        let t = text::inline(lines.get(i));
        if !t.is_empty() {
            summary.push(t);
        }
        i += 1;
    }
    let op = Op {
        provider: "yandex",
        service: String::new(),
        version: String::new(),
        summary: (!summary.is_empty()).then(|| summary.join(" ")),
        method: String::new(),
        path: String::new(),
        server: None,
        resource: resource(&title),
        title,
        op_id,
        params: Vec::new(),
        param_groups: Vec::new(),
        body: None,
        response: None,
    };
    (op, i)
}

/// [`head_at`] without the position.
pub(super) fn head(lines: &Lines) -> Option<Op> {
    Some(head_at(lines).0)
}

/// Reads one page.
pub fn parse(lines: &Lines, issues: &mut Issues) -> Option<Op> {
    let (mut op, mut i) = head_at(lines);
    while i < lines.len() {
        let head = lines.get(i);
        let mut anchor = ANCHOR
            .captures(head)
            .and_then(|c| c.get(1))
            .map_or("", |m| m.as_str())
            .to_owned();
        // Some older pages write the heading without its anchor.
        if anchor.is_empty() && is_request_heading(head) {
            anchor = "https-request".into();
        }
        let start = i + 1;
        i = start;
        while i < lines.len() && !lines.get(i).starts_with("## ") {
            i += 1;
        }
        let section = start..i;
        match anchor.as_str() {
            "https-request" => request_line(lines, section, &mut op, issues),
            "path_params" | "query_params" => {
                let location = if anchor == "path_params" {
                    "path"
                } else {
                    "query"
                };
                params(lines, section, location, &mut op, issues);
            }
            "body_params" => {
                let (node, _) = fields(lines, section, "body", issues);
                op.body = Some(node);
            }
            "responses" => op.response = Some(response(lines, section, issues)),
            _ => {}
        }
    }
    if op.method.is_empty() {
        issues.error(
            &lines.src(0),
            "the HTTP request block has no `METHOD URL` line",
        );
        return None;
    }
    Some(op)
}

pub(super) fn request_line(
    lines: &Lines,
    section: std::ops::Range<usize>,
    op: &mut Op,
    issues: &mut Issues,
) {
    let Some(at) = section.clone().find(|&j| {
        let l = lines.get(j).trim();
        !l.is_empty() && !l.starts_with("```")
    }) else {
        return;
    };
    // Some pages write the line as an inline code span: `` `GET /path` ``.
    let line = lines.get(at).trim().trim_matches('`').trim();
    let Some((method, url)) = line.split_once(' ') else {
        issues.error(&lines.src(at), format!("`{line}` is not `METHOD URL`"));
        return;
    };
    let url = url.trim();
    let (host, path) = match url.find("://") {
        Some(s) => match url[s + 3..].find('/') {
            Some(p) => (&url[..s + 3 + p], &url[s + 3 + p..]),
            None => (url, "/"),
        },
        None => match url.find('/') {
            Some(p) => (&url[..p], &url[p..]),
            None => ("", url),
        },
    };
    op.method = method.to_ascii_lowercase();
    op.path = path.to_owned();
    op.server = (host.contains("://") && !host.contains("{{")).then(|| host.to_owned());
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    op.service = segs.first().copied().unwrap_or_default().to_owned();
    op.version = segs
        .iter()
        .find(|s| s.len() > 1 && s.starts_with('v') && s[1..].chars().all(|c| c.is_ascii_digit()))
        .copied()
        .unwrap_or_default()
        .to_owned();
}

/// A table: header line index and the rows as (line index, first cell, rest).
fn table(
    lines: &Lines,
    section: std::ops::Range<usize>,
    issues: &mut Issues,
) -> Option<Vec<(usize, String, String)>> {
    let head = section.clone().find(|&j| {
        lines.get(j + 1).trim_start().starts_with("---") && lines.get(j).contains('|')
    })?;
    let mut rows = Vec::new();
    for j in head + 2..section.end {
        let l = lines.get(j);
        if l.trim().is_empty() {
            break;
        }
        let mut cells = row_cells(l);
        if cells.len() > 2 && cells.first().is_some_and(|c| c.trim().is_empty()) {
            cells.remove(0);
        }
        if cells.len() > 2 && cells.last().is_some_and(|c| c.trim().is_empty()) {
            cells.pop();
        }
        match cells.split_first() {
            Some((a, rest)) if !rest.is_empty() => {
                rows.push((j, a.replace("<br>", "").trim().to_owned(), rest.join("|")))
            }
            _ => issues.error(
                &lines.src(j),
                format!("table row without a `|` separator: `{}`", l.trim()),
            ),
        }
    }
    Some(rows)
}

/// The cells of a table row. `\|` is GFM's escape of a pipe in a cell: it never separates
/// cells and is read as `|` everywhere in the cell, code spans included (GFM unescapes it at
/// the table level, before inline parsing). A bare `|` inside a code span is ambiguous in GFM
/// (it separates cells there); these pages mean it as part of the code (a Russian page writes
/// `` `a|b` `` for the alternation that the English page escapes), so it is kept in the cell.
fn row_cells(line: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut code: Option<usize> = None;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        match c {
            '\\' if rest[1..].starts_with('|') => {
                cur.push('|');
                rest = &rest[2..];
            }
            '\\' if code.is_none() && rest.len() > 1 => {
                // An escaped character outside code (`\\`, `` \` ``) is kept as written.
                let next = rest[1..].chars().next().map_or(0, char::len_utf8);
                cur.push_str(&rest[..1 + next]);
                rest = &rest[1 + next..];
            }
            '`' => {
                let run = rest.bytes().take_while(|&b| b == b'`').count();
                match code {
                    Some(open) if open == run => code = None,
                    Some(_) => {}
                    None if closes(&rest[run..], run) => code = Some(run),
                    None => {}
                }
                cur.push_str(&rest[..run]);
                rest = &rest[run..];
            }
            '|' if code.is_none() => {
                cells.push(std::mem::take(&mut cur));
                rest = &rest[1..];
            }
            c => {
                cur.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    cells.push(cur);
    cells
}

/// Whether a backtick run of exactly `run` characters occurs in `s` (it closes a code span).
fn closes(s: &str, run: usize) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'`' {
            let n = b[i..].iter().take_while(|&&x| x == b'`').count();
            if n == run {
                return true;
            }
            i += n;
        } else {
            i += 1;
        }
    }
    false
}

/// The type at the start of a cell, and the rest of the cell.
pub(super) fn cell_type<'a>(
    cell: &'a str,
    src: &Src,
    issues: &mut Issues,
) -> Option<(Node, &'a str)> {
    let c = TYPE.captures(cell)?;
    let rest = &cell[c.get(0).map_or(0, |m| m.end())..];
    let ty = c.get(1).map_or("", |m| m.as_str());
    let fmt = c.get(2).map(|m| m.as_str());
    let mut n = Node::new(Kind::Str, src);
    let set = |n: &mut Node, k: &str, v: serde_yaml::Value| n.kw.push((k.into(), v, src.clone()));
    match (ty, fmt) {
        ("string", None) => {}
        ("string", Some(f @ ("date-time" | "byte"))) => set(&mut n, "format", f.into()),
        // Protobuf `bytes` in JSON: base64, as `byte` (the current pages write `bytes`).
        ("string", Some("bytes")) => set(&mut n, "format", "byte".into()),
        ("string", Some("int64")) => {
            n.kind = Kind::Int;
            set(&mut n, "format", "int64".into());
            set(&mut n, "x-int64-string", true.into());
        }
        // Any other format of a string (`field-mask`, `duration`: google.protobuf types in
        // their JSON form) is kept as the page names it; the generator lists the formats it
        // does not check, and the value is checked as a string.
        ("string", Some(f)) => set(&mut n, "format", f.into()),
        ("integer", None) => n.kind = Kind::Int,
        ("integer", Some(f @ ("int32" | "int64"))) => {
            n.kind = Kind::Int;
            set(&mut n, "format", f.into());
        }
        ("number", None) => n.kind = Kind::Num,
        ("number", Some(f @ ("double" | "float"))) => {
            n.kind = Kind::Num;
            set(&mut n, "format", f.into());
        }
        ("boolean", None | Some("boolean")) => n.kind = Kind::Bool,
        ("object", None) => n.kind = Kind::Free,
        _ => {
            let t = fmt.map_or(ty.to_owned(), |f| format!("{ty} ({f})"));
            issues.error(src, format!("unknown type `{t}`"));
            return None;
        }
    }
    Some((n, rest))
}

/// What a description says beyond the node itself: where "Required" was said, the one-of
/// groups it names (owner path, members), and rule facts that involve other fields.
pub(super) type Described = (Option<Src>, Vec<(String, Vec<String>)>, Pending);

/// Applies the blocks of a description to a node: one-of markers are taken out, sentences
/// become facts, a list of `NAME: text` items on a string is its enum. Returns whether the
/// field is required, the groups named, and the rule facts that involve other fields.
pub(super) fn describe(
    node: &mut Node,
    mut blocks: Vec<Block>,
    at: &str,
    src: &Src,
    issues: &mut Issues,
) -> Described {
    let mut groups = Vec::new();
    for b in &mut blocks {
        if let Block::Para(p) = b {
            if let Some(c) = ONEOF.captures(p) {
                let owner = c.get(1).map_or("", |m| m.as_str()).to_owned();
                let members = text::code_spans(c.get(2).map_or("", |m| m.as_str()))
                    .into_iter()
                    .map(str::to_owned)
                    .collect();
                groups.push((owner, members));
                let rest = text::squash(&ONEOF.replace(p, ""));
                // What is left of "Includes only one of the fields `a`, `b`." alone is its stop.
                *p = if rest.trim_matches(|c: char| c == '.' || c == ' ').is_empty() {
                    String::new()
                } else {
                    rest
                };
            }
        }
    }
    blocks.retain(|b| !matches!(b, Block::Para(p) if p.is_empty()));
    let paras: Vec<String> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Para(p) => Some(p.clone()),
            Block::List(_) | Block::Ordered(_) => None,
        })
        .collect();
    let sentences: Vec<(String, Src)> = paras
        .iter()
        .flat_map(|p| text::sentences(p))
        .map(|s| (s, src.clone()))
        .collect();
    let mut pending = Pending::default();
    let required = model::apply_sentences(node, &sentences, at, &mut pending, issues);
    for b in &blocks {
        let (Block::List(items) | Block::Ordered(items)) = b else {
            continue;
        };
        let names: Option<Vec<&str>> = items
            .iter()
            .map(|it| {
                let (name, _) = it.split_once(':')?;
                let ok = !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
                ok.then_some(name)
            })
            .collect();
        match names {
            Some(names) if node.kind == Kind::Str => {
                let v = names.into_iter().map(serde_yaml::Value::from).collect();
                node.set("enum", serde_yaml::Value::Sequence(v), src, issues);
            }
            _ => {
                for s in items.iter().flat_map(|i| text::sentences(i)) {
                    if sentence::looks_like_constraint(&s) {
                        issues.unplaced(src, at, &s);
                    }
                }
            }
        }
    }
    node.desc = text::join(&blocks);
    node.desc_src = node.desc.as_ref().map(|_| src.clone());
    (required, groups, pending)
}

static PAGE_SIZE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:<p>)?\s*(?:The maximum number of (?:\w+ ){1,2}per page|Максимальн\w* (?:количество|число) (?:\w+ ){1,2}на (?:одной )?странице)",
    )
    .unwrap_or_else(|e| panic!("{e}"))
});

/// The schema of a parameter whose row states no type. Yandex list methods take `page_size`
/// as `int64` in every proto, and the page says what it is only in prose; so a query parameter
/// named `pageSize`, or one whose description opens with "The maximum number of results per
/// page" / "Максимальное количество (число) результатов на странице", is an int64 integer.
/// A parameter with a numeric range or maximum-value sentence becomes an integer when the
/// sentence is applied. Any other untyped parameter is a string, as the protos type
/// `page_token`, `filter` and the ids.
fn untyped(name: &str, location: &str, cell: &str, src: &Src) -> Node {
    let mut node = Node::new(Kind::Str, src);
    if location == "query" && (name == "pageSize" || PAGE_SIZE.is_match(cell.trim())) {
        node.kind = Kind::Int;
        node.kw.push(("format".into(), "int64".into(), src.clone()));
    }
    node
}

fn params(
    lines: &Lines,
    section: std::ops::Range<usize>,
    location: &'static str,
    op: &mut Op,
    issues: &mut Issues,
) {
    let Some(rows) = table(lines, section, issues) else {
        return;
    };
    for (j, name, cell) in rows {
        let src = lines.src(j);
        let (mut node, rest) = match cell_type(&cell, &src, issues) {
            Some((n, rest)) => (n, rest.to_owned()),
            None if TYPE.is_match(&cell) => continue,
            None => (untyped(&name, location, &cell, &src), cell.clone()),
        };
        // Parameter descriptions are markdown: a double space separates paragraphs.
        let blocks = if rest.contains("<p>") || rest.contains("<br>") || rest.contains("<ul>") {
            text::html_blocks(&rest)
        } else {
            rest.split("  ")
                .map(text::inline)
                .filter(|p| !p.is_empty())
                .flat_map(|p| text::inline_list(&p))
                .collect()
        };
        let at = format!("{location}.{name}");
        let (required, groups, pending) = describe(&mut node, blocks, &at, &src, issues);
        for (_, members) in groups {
            add_group(&mut op.param_groups, members, &src);
        }
        for (_, s, src) in pending.rules {
            issues.warn(
                &src,
                format!("\"{s}\": rules between parameters are not supported"),
            );
        }
        op.params.push(Param {
            name,
            location,
            node,
            required: location == "path" || required.is_some(),
        });
    }
}

/// Default group name: the members joined, `logGroupIdOrFolderId`. Overlays give the
/// upstream name.
pub(super) fn add_group(groups: &mut Vec<Group>, members: Vec<String>, src: &Src) {
    // A oneof of one field ("включает только одно из полей `x`") constrains nothing.
    if members.len() < 2 || groups.iter().any(|g| g.members == members) {
        return;
    }
    let name = members
        .iter()
        .enumerate()
        .map(|(i, m)| {
            if i == 0 {
                m.clone()
            } else {
                let mut c = m.chars();
                format!(
                    "Or{}{}",
                    c.next().map(|c| c.to_ascii_uppercase()).unwrap_or_default(),
                    c.as_str()
                )
            }
        })
        .collect();
    groups.push(Group {
        name,
        members,
        exactly_one: false,
        src: src.clone(),
    });
}

/// Paths of empty messages (`"emptyTarget": {}`) in a body sketch: they are objects without
/// fields, where `"metadata": "object"` is a free-form object.
fn empty_messages(lines: &Lines, section: std::ops::Range<usize>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut stack: Vec<String> = Vec::new();
    let mut inside = false;
    for j in section {
        let l = lines.get(j).trim();
        if l.starts_with("```") {
            if inside {
                break;
            }
            inside = true;
            continue;
        }
        if !inside || l.starts_with("//") {
            continue;
        }
        let key = l
            .strip_prefix('"')
            .and_then(|r| r.split_once("\":"))
            .map(|(k, v)| (k.to_owned(), v.trim().trim_end_matches(',')));
        let path = |stack: &[String], k: &str| {
            stack
                .iter()
                .filter(|s| !s.is_empty())
                .cloned()
                .chain([k.to_owned()])
                .collect::<Vec<_>>()
                .join(".")
        };
        match key {
            Some((k, "{}")) => {
                out.insert(path(&stack, &k));
            }
            Some((k, "{")) => stack.push(k),
            Some((k, "[")) => stack.push(format!("{k}[]")),
            Some(_) => {}
            None if l == "{" && !stack.is_empty() => stack.push(String::new()),
            None if l.starts_with('}') || l.starts_with(']') => {
                stack.pop();
            }
            None => {}
        }
    }
    out
}

/// A `Field | Description` table (with the body sketch before it) as an object node.
fn fields(
    lines: &Lines,
    section: std::ops::Range<usize>,
    root: &str,
    issues: &mut Issues,
) -> (Node, usize) {
    let empty = empty_messages(lines, section.clone());
    let mut top = Node::new(Kind::Object(Obj::default()), &lines.src(section.start));
    let rows = table(lines, section.clone(), issues).unwrap_or_default();
    let first = rows.first().map_or(section.end, |r| r.0);
    let mut pending: Vec<(String, String, Pending)> = Vec::new();
    let mut groups: Vec<(String, Vec<String>, Src)> = Vec::new();
    for (j, name, cell) in rows {
        let src = lines.src(j);
        let Some((mut node, rest)) = cell_type(&cell, &src, issues) else {
            if !TYPE.is_match(&cell) {
                issues.error(&src, format!("row `{name}` has no `**type**`"));
            }
            continue;
        };
        let segs: Vec<&str> = name.split('.').collect();
        let plain = name.replace("[]", "");
        if node.kind == Kind::Free && empty.contains(&plain) {
            node.kind = Kind::Object(Obj::default());
        }
        let (last, parents) = segs.split_last().unwrap_or((&"", &[]));
        let is_array = last.ends_with("[]");
        let last = last.trim_end_matches("[]");
        let at = format!("{root}.{name}");
        let blocks = text::html_blocks(rest);
        let (req, gs, pend) = if is_array {
            let mut arr = Node::new(Kind::Array(Box::new(node)), &src);
            let r = describe(&mut arr, blocks, &at, &src, issues);
            node = arr;
            r
        } else {
            describe(&mut node, blocks, &at, &src, issues)
        };
        for (owner, members) in gs {
            groups.push((owner, members, src.clone()));
        }
        let parent_path = parents.join(".");
        if !pend.rules.is_empty() {
            pending.push((parent_path.clone(), last.to_owned(), pend));
        }
        let Some(parent) = parent_obj(&mut top, parents, &name, &src, issues) else {
            continue;
        };
        if parent.props.iter().any(|p| p.name == last) {
            issues.error(&src, format!("field `{name}` has two rows"));
            continue;
        }
        parent.props.push(Prop {
            name: last.to_owned(),
            node,
            required: req,
        });
    }
    for (owner, members, src) in groups {
        let segs: Vec<&str> = if owner.is_empty() {
            Vec::new()
        } else {
            owner.split('.').collect()
        };
        match find_obj(&mut top, &segs) {
            Some(o) if members.iter().all(|m| o.props.iter().any(|p| &p.name == m)) => {
                add_group(&mut o.groups, members, &src)
            }
            _ => issues.warn(
                &src,
                format!("one-of group {members:?} of `{owner}` does not name fields of one object"),
            ),
        }
    }
    for (parent, field, p) in pending {
        let segs: Vec<&str> = if parent.is_empty() {
            Vec::new()
        } else {
            parent.split('.').collect()
        };
        if let Some(o) = find_obj(&mut top, &segs) {
            model::rules(o, vec![(field, p)], issues);
        }
    }
    (top, first)
}

/// The object that holds a row's field, creating (with a warning) parents that have no row.
fn parent_obj<'a>(
    top: &'a mut Node,
    parents: &[&str],
    name: &str,
    src: &Src,
    issues: &mut Issues,
) -> Option<&'a mut Obj> {
    let mut cur = top;
    for (k, seg) in parents.iter().enumerate() {
        let is_array = seg.ends_with("[]");
        let seg = seg.trim_end_matches("[]");
        let obj = cur.obj_mut()?;
        if !obj.props.iter().any(|p| p.name == seg) {
            issues.warn(
                src,
                format!(
                    "row `{name}` has no parent row `{}`; the parent is taken as an object",
                    parents[..=k].join(".")
                ),
            );
            let inner = Node::new(Kind::Object(Obj::default()), src);
            let node = if is_array {
                Node::new(Kind::Array(Box::new(inner)), src)
            } else {
                inner
            };
            obj.props.push(Prop {
                name: seg.to_owned(),
                node,
                required: None,
            });
        }
        let prop = obj.props.iter_mut().find(|p| p.name == seg)?;
        let n = items_or_self(&mut prop.node);
        match n.kind {
            Kind::Free => n.kind = Kind::Object(Obj::default()),
            Kind::Object(_) => {}
            _ => {
                issues.error(
                    src,
                    format!(
                        "row `{name}`: `{}` is not an object",
                        parents[..=k].join(".")
                    ),
                );
                return None;
            }
        }
        cur = n;
    }
    cur.obj_mut()
}

/// The items of an array, or the node itself.
pub fn items_or_self(node: &mut Node) -> &mut Node {
    match node.kind {
        Kind::Array(ref mut items) => items,
        _ => node,
    }
}

fn find_obj<'a>(top: &'a mut Node, segs: &[&str]) -> Option<&'a mut Obj> {
    let mut cur = top;
    for seg in segs {
        let seg = seg.trim_end_matches("[]");
        let prop = cur.obj_mut()?.props.iter_mut().find(|p| p.name == seg)?;
        cur = items_or_self(&mut prop.node);
    }
    cur.obj_mut()
}

static STATUS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\*\*HTTP Code:\s*(\d{3})\s*-\s*([^*]+)\*\*").unwrap_or_else(|e| panic!("{e}"))
});
static RESOURCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^An? (\w+) resource\b").unwrap_or_else(|e| panic!("{e}")));

/// The status and its description from `**HTTP Code: 200 - OK**`; 200 OK when absent.
pub(super) fn status(lines: &Lines, section: std::ops::Range<usize>) -> (String, String) {
    let (mut status, mut desc) = ("200".to_owned(), "OK".to_owned());
    if let Some(c) = section.clone().find_map(|j| STATUS.captures(lines.get(j))) {
        status = c.get(1).map_or("200", |m| m.as_str()).to_owned();
        desc = c.get(2).map_or("OK", |m| m.as_str()).trim().to_owned();
    }
    (status, desc)
}

fn response(lines: &Lines, section: std::ops::Range<usize>, issues: &mut Issues) -> Response {
    let (status, desc) = status(lines, section.clone());
    let (mut body, first) = fields(lines, section.clone(), "response", issues);
    // Text between the sketch and the table describes the response object.
    let mut fences = 0;
    let mut about = Vec::new();
    for j in section.start..first {
        let l = lines.get(j);
        if l.trim_start().starts_with("```") {
            fences += 1;
            continue;
        }
        if fences >= 2 && !l.contains('|') {
            let t = text::inline(l);
            if !t.is_empty() {
                about.push(t);
                body.desc_src = Some(lines.src(j));
            }
        }
    }
    if !about.is_empty() {
        let d = about.join(" ");
        if let (Some(c), Some(o)) = (RESOURCE.captures(&d), body.obj_mut()) {
            o.name = c.get(1).map(|m| m.as_str().to_owned());
        }
        body.desc = Some(d);
    }
    Response {
        status,
        desc,
        body: Some(body),
        headers: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_pipes_stay_in_their_cell() {
        assert_eq!(
            row_cells(r"name | <p>Value must match ``\|[a-z]{1,61}``.</p> "),
            vec!["name ", " <p>Value must match ``|[a-z]{1,61}``.</p> "]
        );
        assert_eq!(
            row_cells(r"tag | Matches ``[a-z]*\|[$]latest`` or a\|b."),
            vec!["tag ", " Matches ``[a-z]*|[$]latest`` or a|b."]
        );
        // A bare pipe inside a code span is part of the code (the Russian pages write it so).
        assert_eq!(
            row_cells("tag | Значение `` [a-z]*|[$]latest ``."),
            vec!["tag ", " Значение `` [a-z]*|[$]latest ``."]
        );
        // An escaped backslash does not escape the pipe after it; an unclosed backtick opens
        // no code span.
        assert_eq!(row_cells(r"a\\|b"), vec![r"a\\", "b"]);
        assert_eq!(row_cells("a ` b | c"), vec!["a ` b ", " c"]);
        assert_eq!(row_cells("| a | b |"), vec!["", " a ", " b ", ""]);
    }
}

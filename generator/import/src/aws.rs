//! AWS API reference pages: the Request Syntax block (which also gives the members of nested
//! types), URI Request Parameters, Request Body and Response Elements entries with their
//! `Type:`, `Length Constraints:`, `Pattern:`, `Valid Range:`, `Valid Values:`, `Array
//! Members:` and `Required:` lines.

use super::model::{self, Kind, Node, Obj, Op, Param, Pending, Prop, Response, anchored};
use super::text::{self, Block};
use super::{Issues, Lines, Src};
use regex::Regex;
use serde_yaml::Value as Yaml;
use std::sync::LazyLock;

fn re(s: &str) -> Regex {
    Regex::new(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

/// An entry's head: ` ** [Name](link) **` on operation pages; ` ** Name **` or ` **Name**`
/// on type pages and older operation pages, indented or followed by its anchor. `**Note**`
/// at the start of a line is a callout, not an entry.
static ENTRY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:\s*\*\*\s*\[([^\]]+)\]\([^)]*\)\s*\*\*|\s+\*\*\s*([A-Za-z0-9_.-]+)\s*\*\*|\*\*\s*([A-Za-z0-9_.-]+)\s*\*\*\s*<a name=)",
    )
});
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(Type|Length Constraints|Pattern|Valid Range|Valid Values|Required|Array Members|Map Entries|Key Length Constraints|Key Pattern|Valid Keys|Value Length Constraints|Value Pattern|Default value|Default):\s*(.*)$",
    )
});
/// A line of a section that introduces the entries after it, not a description.
static SECTION_INTRO: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:if the action is successful|the (?:request|response) (?:returns|uses|accepts|sends|contains) the following)\b",
    )
});
static TYPE_ANCHOR: LazyLock<Regex> = LazyLock::new(|| re(r"#SSS-Type-([A-Za-z0-9]+)-"));
static SERVICE: LazyLock<Regex> =
    LazyLock::new(|| re(r"goto/[^/\s]+/([a-z0-9-]+?)-\d{4}-\d{2}-\d{2}/"));
static VERSION: LazyLock<Regex> =
    LazyLock::new(|| re(r"goto/[^/\s]+/[a-z0-9-]+?-(\d{4}-\d{2}-\d{2})/"));
static HTTP_STATUS: LazyLock<Regex> = LazyLock::new(|| re(r"\bHTTP (\d{3}) response\b"));
static ISO_8601: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\bISO[- ]?8601\b"));
static UNION: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\bis a union\b.*\bonly one of the following members\b"));
static MIN_LEN: LazyLock<Regex> = LazyLock::new(|| re(r"Minimum length of (\d+)"));
static MAX_LEN: LazyLock<Regex> = LazyLock::new(|| re(r"Maximum length of (\d+)"));
static FIXED_LEN: LazyLock<Regex> = LazyLock::new(|| re(r"Fixed length of (\d+)"));
static MIN_VAL: LazyLock<Regex> =
    LazyLock::new(|| re(r"Minimum value of (-?\d+(?:\.\d+)?)(?:\.\s|\.?$)"));
static MAX_VAL: LazyLock<Regex> =
    LazyLock::new(|| re(r"Maximum value of (-?\d+(?:\.\d+)?)(?:\.\s|\.?$)"));
static MIN_ITEMS: LazyLock<Regex> = LazyLock::new(|| re(r"Minimum number of (\d+) items?"));
static MAX_ITEMS: LazyLock<Regex> = LazyLock::new(|| re(r"Maximum number of (\d+) items?"));
static FIXED_ITEMS: LazyLock<Regex> = LazyLock::new(|| re(r"Fixed number of (\d+) items?"));

/// Whether the text is an AWS API reference page.
pub fn is_page(text: &str) -> bool {
    anchored_heading(text, "## Request Syntax")
}

/// Whether a `heading` carries its `<a name="API_...">` anchor, on its own line (the pages of
/// the developer guides' repositories) or on the next one (the current reference pages).
fn anchored_heading(text: &str, heading: &str) -> bool {
    let mut lines = text.lines().peekable();
    while let Some(l) = lines.next() {
        if l.starts_with(heading) {
            let next = lines.peek().copied().unwrap_or_default();
            if l.contains("<a name=\"API_") || next.trim_start().starts_with("<a name=\"API_") {
                return true;
            }
        }
    }
    false
}

/// The current reference pages write placeholders in double braces (`{{string}}`,
/// `{{number}}`, `/racks/{{rackId}}`) where the older ones write the bare word; and elide
/// nested objects as `{ ... }`. The placeholders are read as the bare words.
static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| re(r"\{\{(\w+)\}\}"));

/// A page in the older spelling: placeholders unbraced (line numbers kept).
fn unbraced(lines: &Lines) -> Option<Lines> {
    let any = (0..lines.len()).any(|j| lines.get(j).contains("{{"));
    any.then(|| {
        let text: Vec<String> = (0..lines.len())
            .map(|j| PLACEHOLDER.replace_all(lines.get(j), "$1").into_owned())
            .collect();
        Lines::new(&lines.page, &text.join("\n"))
    })
}

/// A value in the Request/Response Syntax block.
#[derive(Debug, Clone)]
enum Syn {
    Scalar(String, usize),
    Obj(Vec<(String, Option<String>, Syn)>, usize),
    Map(Box<Syn>, usize),
    Arr(Box<Syn>, usize),
    /// `{ ... }`: an object whose members the page leaves to its type's page.
    Elided(usize),
}

struct Tokens {
    toks: Vec<(String, usize)>,
    pos: usize,
}

impl Tokens {
    fn new(lines: &Lines, range: std::ops::Range<usize>) -> Tokens {
        let mut toks = Vec::new();
        for j in range {
            let l = lines.get(j);
            let b: Vec<char> = l.chars().collect();
            let mut i = 0;
            while i < b.len() {
                let c = b[i];
                if c.is_whitespace() {
                    i += 1;
                } else if "{}[]:,".contains(c) {
                    toks.push((c.to_string(), j));
                    i += 1;
                } else if c == '"' {
                    let end = b[i + 1..]
                        .iter()
                        .position(|&x| x == '"')
                        .map_or(b.len(), |p| i + 1 + p);
                    toks.push((b[i..end.min(b.len())].iter().collect::<String>() + "\"", j));
                    i = end + 1;
                } else {
                    let end = b[i..]
                        .iter()
                        .position(|x| x.is_whitespace() || "{}[]:,\"".contains(*x))
                        .map_or(b.len(), |p| i + p);
                    toks.push((b[i..end].iter().collect(), j));
                    i = end;
                }
            }
        }
        Tokens { toks, pos: 0 }
    }

    fn peek(&self) -> Option<&str> {
        self.toks.get(self.pos).map(|t| t.0.as_str())
    }

    fn next(&mut self) -> Option<(String, usize)> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn value(&mut self) -> Option<Syn> {
        let (t, line) = self.next()?;
        match t.as_str() {
            "{" => {
                // `{ "string" : V }` is a map; otherwise members with linked names.
                if self.peek() == Some("...") {
                    self.next();
                    (self.next()?.0 == "}").then_some(())?;
                    return Some(Syn::Elided(line));
                }
                if self.peek() == Some("\"string\"") {
                    self.next();
                    (self.next()?.0 == ":").then_some(())?;
                    let v = self.value()?;
                    (self.next()?.0 == "}").then_some(())?;
                    return Some(Syn::Map(Box::new(v), line));
                }
                let mut members = Vec::new();
                loop {
                    match self.peek()? {
                        "}" => {
                            self.next();
                            break;
                        }
                        "," => {
                            self.next();
                        }
                        _ => {
                            let (k, _) = self.next()?;
                            (self.next()?.0 == ":").then_some(())?;
                            let v = self.value()?;
                            let k = k.trim_matches('"');
                            let (name, link) =
                                match k.strip_prefix('[').and_then(|r| r.split_once("](")) {
                                    Some((n, l)) => {
                                        (n.to_owned(), Some(l.trim_end_matches(')').to_owned()))
                                    }
                                    None => (k.to_owned(), None),
                                };
                            members.push((name, link, v));
                        }
                    }
                }
                Some(Syn::Obj(members, line))
            }
            "[" => {
                let v = self.value()?;
                (self.next()?.0 == "]").then_some(())?;
                Some(Syn::Arr(Box::new(v), line))
            }
            t => Some(Syn::Scalar(t.trim_matches('"').to_owned(), line)),
        }
    }
}

/// A fenced block in a section: the first line (request or status line), the header lines
/// after it (`Name: Value`), and the body after the first blank line.
struct Fenced {
    first: usize,
    headers: Vec<(String, String, usize)>,
    body: std::ops::Range<usize>,
    /// The block is a body alone (the JSON protocols).
    bare: bool,
}

fn fenced(lines: &Lines, section: std::ops::Range<usize>) -> Option<Fenced> {
    let open = section
        .clone()
        .find(|&j| lines.get(j).trim_start().starts_with("```"))?;
    let close = (open + 1..section.end)
        .find(|&j| lines.get(j).trim_start().starts_with("```"))
        .unwrap_or(section.end);
    let first = open + 1;
    // The JSON protocols (awsJson: Translate, DynamoDB, ...) write the body alone: no request
    // or status line, no headers.
    if lines.get(first).trim_start().starts_with('{') {
        return Some(Fenced {
            first,
            headers: Vec::new(),
            body: first..close,
            bare: true,
        });
    }
    let blank = (first..close).find(|&j| lines.get(j).trim().is_empty());
    let headers = (first + 1..blank.unwrap_or(close))
        .filter_map(|j| {
            let (k, v) = lines.get(j).split_once(':')?;
            Some((k.trim().to_owned(), v.trim().to_owned(), j))
        })
        .collect();
    let body = blank.map_or(close, |j| j + 1)..close;
    Some(Fenced {
        first,
        headers,
        body,
        bare: false,
    })
}

/// What a syntax block's body is.
enum Body {
    /// Nothing.
    None,
    /// A JSON-like object.
    Json(Syn),
    /// One bare name: the entry of that name is sent as the raw body (`Payload`).
    Binary(String),
}

fn syntax(lines: &Lines, range: std::ops::Range<usize>, issues: &mut Issues) -> Body {
    if range.is_empty() || (range.clone()).all(|j| lines.get(j).trim().is_empty()) {
        return Body::None;
    }
    // The rest-xml APIs (S3, CloudFront, Route 53) write XML bodies.
    let first = range
        .clone()
        .map(|j| lines.get(j).trim())
        .find(|l| !l.is_empty())
        .unwrap_or_default();
    if first.starts_with('<') {
        issues.error(
            &lines.src(range.start),
            "an XML body (the rest-xml protocol): XML bodies are not imported",
        );
        return Body::None;
    }
    let mut t = Tokens::new(lines, range.clone());
    match t.value() {
        Some(s @ Syn::Obj(..)) => Body::Json(s),
        Some(Syn::Scalar(name, _))
            if t.peek().is_none() && name.chars().all(|c| c.is_ascii_alphanumeric()) =>
        {
            Body::Binary(name)
        }
        _ => {
            issues.error(
                &lines.src(range.start),
                "the syntax block is neither a JSON-like object nor the name of a binary payload",
            );
            Body::None
        }
    }
}

/// A node from the syntax block alone (the members of nested types): names and JSON types,
/// replaced by the type's page when it is given.
fn from_syntax(s: &Syn, lines: &Lines, issues: &mut Issues) -> Option<Node> {
    Some(match s {
        Syn::Scalar(t, l) => {
            let src = lines.src(*l);
            let mut n = Node::new(Kind::Str, &src);
            match t.as_str() {
                "string" => {}
                "number" => n.kind = Kind::Num,
                "boolean" => n.kind = Kind::Bool,
                "blob" => n.kw.push(("format".into(), "byte".into(), src)),
                other => {
                    issues.error(&src, format!("unknown type `{other}` in the syntax block"));
                    return None;
                }
            }
            n
        }
        Syn::Obj(members, l) => {
            let mut o = Obj::default();
            for (name, link, v) in members {
                if o.name.is_none() {
                    o.name = link
                        .as_deref()
                        .and_then(|k| TYPE_ANCHOR.captures(k))
                        .and_then(|c| c.get(1))
                        .map(|m| m.as_str().to_owned());
                }
                let node = from_syntax(v, lines, issues)?;
                o.props.push(Prop {
                    name: name.clone(),
                    node,
                    required: None,
                });
            }
            Node::new(Kind::Object(o), &lines.src(*l))
        }
        Syn::Map(v, l) => Node::new(
            Kind::Map(Box::new(from_syntax(v, lines, issues)?)),
            &lines.src(*l),
        ),
        Syn::Arr(v, l) => Node::new(
            Kind::Array(Box::new(from_syntax(v, lines, issues)?)),
            &lines.src(*l),
        ),
        Syn::Elided(l) => {
            let mut n = Node::new(Kind::Object(Obj::default()), &lines.src(*l));
            if let Some(o) = n.obj_mut() {
                o.members_elsewhere = true;
            }
            n
        }
    })
}

fn member<'a>(s: Option<&'a Syn>, name: &str) -> Option<&'a Syn> {
    match s? {
        Syn::Obj(m, _) => m.iter().find(|(n, ..)| n == name).map(|(_, _, v)| v),
        _ => None,
    }
}

/// An entry's node from its `Type:` line, with the structure of objects from the syntax block.
fn typed(
    ty: &str,
    syn: Option<&Syn>,
    src: &Src,
    lines: &Lines,
    issues: &mut Issues,
) -> Option<Node> {
    let words: Vec<&str> = ty.split_whitespace().collect();
    let node = phrase(&words, syn, src, lines, issues);
    if node.is_none() {
        issues.error(src, format!("unknown type `{ty}`"));
    }
    node
}

/// The node a type phrase names: `String`, `Timestamp`, `Array of strings`, `Array of X
/// objects`, `String to string map`, `String to array of strings map`, `X object`, ...
/// Each is the shape the service sends on the wire (botocore's rest-json protocol):
/// `Timestamp` is a JSON number of seconds since the epoch, `Blob` base64 text. `None` for a
/// phrase that is none of these.
fn phrase(
    words: &[&str],
    syn: Option<&Syn>,
    src: &Src,
    lines: &Lines,
    issues: &mut Issues,
) -> Option<Node> {
    let scalar = |k: Kind, fmt: Option<&str>| {
        let mut n = Node::new(k, src);
        if let Some(f) = fmt {
            n.kw.push(("format".into(), f.into(), src.clone()));
        }
        n
    };
    let lower: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
    let lower: Vec<&str> = lower.iter().map(String::as_str).collect();
    Some(match lower.as_slice() {
        ["string" | "strings"] => scalar(Kind::Str, None),
        ["integer" | "integers"] => scalar(Kind::Int, Some("int32")),
        ["long" | "longs"] => scalar(Kind::Int, Some("int64")),
        ["boolean" | "booleans"] => scalar(Kind::Bool, None),
        ["double" | "doubles"] => scalar(Kind::Num, Some("double")),
        ["float" | "floats"] => scalar(Kind::Num, Some("float")),
        ["timestamp" | "timestamps"] => scalar(Kind::Num, None),
        ["blob" | "blobs"] | ["base64-encoded", "binary", "data", "object"] => {
            scalar(Kind::Str, Some("byte"))
        }
        ["array", "of", rest @ ..] => {
            let inner = match syn {
                Some(Syn::Arr(v, _)) => Some(&**v),
                _ => None,
            };
            let item = phrase(&words[2..2 + rest.len()], inner, src, lines, issues)?;
            Node::new(Kind::Array(Box::new(item)), src)
        }
        ["string", "to", .., "map"] if words.len() > 3 => {
            let inner = match syn {
                Some(Syn::Map(v, _)) => Some(&**v),
                _ => None,
            };
            let value = phrase(&words[2..words.len() - 1], inner, src, lines, issues)?;
            Node::new(Kind::Map(Box::new(value)), src)
        }
        [_, "object" | "objects"] if words[0].chars().all(|c| c.is_ascii_alphanumeric()) => {
            let name = words[0];
            let mut n = match syn {
                Some(s @ Syn::Obj(..)) => from_syntax(s, lines, issues)?,
                _ => {
                    // The members are on the type's own page, or unknown.
                    let mut n = Node::new(Kind::Object(Obj::default()), src);
                    if let Some(o) = n.obj_mut() {
                        o.members_elsewhere = true;
                    }
                    n
                }
            };
            n.type_src = Some(src.clone());
            if let Some(o) = n.obj_mut() {
                o.name = Some(name.to_owned());
            }
            n
        }
        _ => return None,
    })
}

/// One entry (` ** [Name](...) **` and the lines after it).
fn entry(
    lines: &Lines,
    range: std::ops::Range<usize>,
    syn: Option<&Syn>,
    at: &str,
    issues: &mut Issues,
) -> Option<(Node, Option<Src>)> {
    let head = lines.src(range.start);
    let mut labels: Vec<(String, String, Src)> = Vec::new();
    let mut blocks: Vec<Block> = Vec::new();
    // Each description line is one paragraph; its sentences are sourced at that line.
    let mut sentences: Vec<(String, Src)> = Vec::new();
    for j in range.start + 1..range.end {
        let raw = lines.get(j).trim();
        // "The response returns the following as the HTTP body." introduces the next entries.
        if raw.is_empty() || SECTION_INTRO.is_match(&text::inline(raw)) {
            continue;
        }
        if let Some(c) = LABEL.captures(raw) {
            let k = c.get(1).map_or("", |m| m.as_str()).to_owned();
            labels.push((
                k,
                c.get(2).map_or("", |m| m.as_str()).to_owned(),
                lines.src(j),
            ));
            continue;
        }
        if let Some(item) = raw.strip_prefix('+') {
            match blocks.last_mut() {
                Some(Block::List(items)) => items.push(text::inline(item)),
                _ => blocks.push(Block::List(vec![text::inline(item)])),
            }
            continue;
        }
        let para = text::inline(raw);
        sentences.extend(
            text::sentences(&para)
                .into_iter()
                .map(|t| (t, lines.src(j))),
        );
        blocks.push(Block::Para(para));
    }
    let type_src = labels
        .iter()
        .find(|(k, ..)| k == "Type")
        .map(|(_, v, s)| (text::inline(v), s.clone()));
    let mut node = match &type_src {
        Some((ty, src)) => typed(ty, syn, src, lines, issues)?,
        // URI parameters have no `Type:` line; a numeric range says what they are.
        None => match labels.iter().find(|(k, ..)| k == "Valid Range") {
            Some((_, v, src)) => {
                // A bound with a fraction makes it a number (`0.0` is still whole).
                let plain = text::inline(v);
                let decimal = [&*MIN_VAL, &*MAX_VAL].iter().any(|r| {
                    r.captures(&plain)
                        .and_then(|c| c.get(1))
                        .is_some_and(|m| m.as_str().contains('.'))
                });
                Node::new(if decimal { Kind::Num } else { Kind::Int }, src)
            }
            // AWS names its numeric URI parameters `...Number` (`VersionNumber`, a long in the
            // service model; `partNumber`): without a type line, such a name is an int64.
            None if at.starts_with("path.") && at.ends_with("Number") => {
                let mut n = Node::new(Kind::Int, &head);
                n.kw.push(("format".into(), "int64".into(), head.clone()));
                n
            }
            None => Node::new(Kind::Str, &head),
        },
    };
    // A URI parameter with `Array Members:` and no type line is a list (of strings, unless a
    // range made its values numbers): `botVersions` of Lex.
    if type_src.is_none()
        && labels.iter().any(|(k, ..)| k == "Array Members")
        && !matches!(node.kind, Kind::Array(_))
    {
        let src = node.type_src.clone().unwrap_or_else(|| head.clone());
        node = Node::new(Kind::Array(Box::new(node)), &src);
    }
    let mut required = None;
    let mut keys = serde_yaml::Mapping::new();
    let mut keys_src: Option<Src> = None;
    for (k, v, src) in &labels {
        let plain = text::inline(v);
        let key_label = matches!(
            k.as_str(),
            "Key Length Constraints" | "Key Pattern" | "Valid Keys"
        );
        if key_label && !matches!(node.kind, Kind::Map(_)) {
            issues.warn(src, format!("`{k}: {plain}` on a field that is not a map"));
            continue;
        }
        let target = label_target(&mut node, k);
        let num = |r: &Regex| {
            r.captures(&plain)
                .and_then(|c| c.get(1))
                .and_then(|m| m.as_str().parse::<i64>().ok())
        };
        match k.as_str() {
            "Type" => {}
            "Required" => match plain.as_str() {
                // An entry that says Yes for one case and No for another (Polly's Engine: NTTS
                // voices and standard voices) is required only in a case no keyword states.
                "Yes" | "No" if said_not_required(&labels) && said_required(&labels) => {
                    if plain == "No" {
                        issues.warn(
                            src,
                            "`Required:` is Yes in one case and No in another: taken as not required",
                        );
                    }
                }
                "Yes" => required = Some(src.clone()),
                "No" => {}
                _ => issues.warn(src, format!("`Required: {plain}` is neither Yes nor No")),
            },
            "Length Constraints" | "Key Length Constraints" | "Value Length Constraints" => {
                let fixed = num(&FIXED_LEN);
                let (min, max) = (num(&MIN_LEN).or(fixed), num(&MAX_LEN).or(fixed));
                let is_str = key_label || target.kind == Kind::Str;
                if min.is_none() && max.is_none() || !is_str {
                    issues.warn(
                        src,
                        format!("length constraint `{plain}` not understood for this type"),
                    );
                    continue;
                }
                for (kw, m) in [("minLength", min), ("maxLength", max)] {
                    let Some(m) = m else { continue };
                    if key_label {
                        keys.insert(kw.into(), m.into());
                        keys_src = Some(src.clone());
                    } else {
                        target.set(kw, m.into(), src, issues);
                    }
                }
            }
            "Valid Range" => {
                let bound = |r: &Regex| {
                    let m = r.captures(&plain)?.get(1)?.as_str().to_owned();
                    number(&m, &target.kind)
                };
                let (min, max) = (bound(&MIN_VAL), bound(&MAX_VAL));
                if min.is_none() && max.is_none() || !matches!(target.kind, Kind::Int | Kind::Num) {
                    issues.warn(src, format!("range `{plain}` not understood for this type"));
                    continue;
                }
                if let Some(m) = min {
                    target.set("minimum", m, src, issues);
                }
                if let Some(m) = max {
                    target.set("maximum", m, src, issues);
                }
            }
            "Array Members" | "Map Entries" => {
                let fixed = num(&FIXED_ITEMS);
                let (min, max) = (num(&MIN_ITEMS).or(fixed), num(&MAX_ITEMS).or(fixed));
                let (lo, hi, fits) = if k == "Map Entries" {
                    (
                        "minProperties",
                        "maxProperties",
                        matches!(target.kind, Kind::Map(_)),
                    )
                } else {
                    (
                        "minItems",
                        "maxItems",
                        matches!(target.kind, Kind::Array(_)),
                    )
                };
                if min.is_none() && max.is_none() || !fits {
                    issues.warn(
                        src,
                        format!(
                            "{} `{plain}` not understood for this type",
                            k.to_lowercase()
                        ),
                    );
                    continue;
                }
                if let Some(m) = min {
                    target.set(lo, m.into(), src, issues);
                }
                if let Some(m) = max {
                    target.set(hi, m.into(), src, issues);
                }
            }
            "Pattern" | "Key Pattern" | "Value Pattern" => {
                // The whole value between its first and last backtick: a pattern may hold a
                // backtick itself (EFS's `[^$#<>;`|&?{}^*/\n]`), which ends a code span early.
                let raw = v.trim();
                let whole = raw
                    .strip_prefix('`')
                    .and_then(|r| r.strip_suffix('`'))
                    .filter(|r| !r.starts_with('`') && !r.is_empty());
                let spans = text::code_spans(&plain);
                let Some(p) = whole.or(spans.first().copied()) else {
                    issues.warn(src, format!("`{k}:` without a code span"));
                    continue;
                };
                if !key_label && target.kind != Kind::Str {
                    issues.warn(
                        src,
                        format!("pattern `{p}` on a field that is not a string"),
                    );
                    continue;
                }
                if let Some(p) = anchored(p, src, issues) {
                    if key_label {
                        keys.insert("pattern".into(), p);
                        keys_src = Some(src.clone());
                    } else {
                        target.set("pattern", p, src, issues);
                    }
                }
            }
            "Valid Values" | "Valid Keys" => {
                // `` `a | b` `` (one span) or `` `a` \| `b` `` (a span per value).
                let spans = text::code_spans(&plain);
                let values: Vec<String> = if spans.len() > 1 {
                    spans
                        .iter()
                        .map(|v| text::squash(v))
                        .filter(|s| !s.is_empty())
                        .collect()
                } else {
                    let list = spans.first().copied().unwrap_or(plain.as_str());
                    list.split('|')
                        .map(text::squash)
                        .filter(|s| !s.is_empty())
                        .collect()
                };
                if values.is_empty() || (!key_label && target.kind != Kind::Str) {
                    issues.warn(
                        src,
                        format!("valid values `{plain}` not understood for this type"),
                    );
                    continue;
                }
                if key_label {
                    // Key names: a whole-value pattern of the listed names.
                    let alts: Vec<String> = values.iter().map(|v| regex::escape(v)).collect();
                    keys.insert("pattern".into(), format!("^(?:{})$", alts.join("|")).into());
                    keys_src = Some(src.clone());
                } else {
                    let values = values.into_iter().map(Yaml::from).collect();
                    target.set("enum", Yaml::Sequence(values), src, issues);
                }
            }
            "Default value" | "Default" => match default(&plain, &target.kind) {
                Some(d) => target.set("default", d, src, issues),
                None => issues.warn(
                    src,
                    format!("default `{plain}` is not one value of the field's type; not encoded"),
                ),
            },
            _ => {}
        }
    }
    if let Some(src) = keys_src {
        node.set("x-property-names", Yaml::Mapping(keys), &src, issues);
    }
    // `Timestamp` is a number of seconds (the JSON protocols' default), unless the entry says
    // the service writes it in ISO 8601 (VPC Lattice: its model's timestampFormat iso8601).
    let timestamp = type_src
        .as_ref()
        .is_some_and(|(ty, _)| ty.trim().eq_ignore_ascii_case("timestamp"));
    if timestamp && sentences.iter().any(|(t, _)| ISO_8601.is_match(t)) {
        if let Some((_, src)) = &type_src {
            node.kind = Kind::Str;
            node.kw.retain(|(k, ..)| k != "format");
            node.kw
                .push(("format".into(), "date-time".into(), src.clone()));
        }
    }
    let mut pending = Pending::default();
    if let Some(src) = model::apply_sentences(&mut node, &sentences, at, &mut pending, issues) {
        required = Some(src);
    }
    for (_, s, src) in pending.rules {
        issues.warn(
            &src,
            format!("\"{s}\": rules between fields are not read from AWS pages"),
        );
    }
    node.desc = text::join(&blocks);
    node.desc_src = node.desc.as_ref().map(|_| lines.src(range.start + 1));
    Some((node, required))
}

fn said_required(labels: &[(String, String, Src)]) -> bool {
    labels
        .iter()
        .any(|(k, v, _)| k == "Required" && v.trim() == "Yes")
}

fn said_not_required(labels: &[(String, String, Src)]) -> bool {
    labels
        .iter()
        .any(|(k, v, _)| k == "Required" && v.trim() == "No")
}

/// The node a label constrains: the scalar inside arrays and maps for value constraints, the
/// array (also as map values) for `Array Members`, the map itself for its entries and keys.
fn label_target<'a>(node: &'a mut Node, label: &str) -> &'a mut Node {
    let whole = matches!(
        label,
        "Map Entries" | "Key Length Constraints" | "Key Pattern" | "Valid Keys" | "Required"
    );
    if whole {
        return node;
    }
    if label == "Array Members" {
        if !matches!(&node.kind, Kind::Map(v) if matches!(v.kind, Kind::Array(_))) {
            return node;
        }
        return match node.kind {
            Kind::Map(ref mut v) => v,
            _ => node,
        };
    }
    match node.kind {
        Kind::Array(ref mut inner) | Kind::Map(ref mut inner) => label_target(inner, label),
        _ => node,
    }
}

/// A bound as written (`128`, `0.0`) for a field of this kind: an integer field takes whole
/// numbers only, a double keeps a fraction.
fn number(text: &str, kind: &Kind) -> Option<Yaml> {
    if let Ok(n) = text.parse::<i64>() {
        return Some(n.into());
    }
    let (whole, frac) = text.split_once('.')?;
    if frac.chars().all(|c| c == '0') {
        return whole.parse::<i64>().ok().map(Yaml::from);
    }
    match kind {
        Kind::Num => text.parse::<f64>().ok().map(Yaml::from),
        _ => None,
    }
}

/// A documented default (`Default value: `Warn``, `Default: True`) as a value of the field's
/// type; `None` for prose ("Varies by service").
fn default(text: &str, kind: &Kind) -> Option<Yaml> {
    let spans = text::code_spans(text);
    let raw = spans
        .first()
        .copied()
        .unwrap_or(text)
        .trim()
        .trim_end_matches('.');
    match kind {
        Kind::Bool => match raw.to_ascii_lowercase().as_str() {
            "true" => Some(true.into()),
            "false" => Some(false.into()),
            _ => None,
        },
        Kind::Int | Kind::Num => number(raw, kind),
        Kind::Str if !raw.is_empty() && !raw.contains(' ') => Some(raw.into()),
        _ => None,
    }
}

/// The entries of a section: name and line range.
fn entries(
    lines: &Lines,
    section: std::ops::Range<usize>,
) -> Vec<(String, std::ops::Range<usize>)> {
    let heads: Vec<(usize, String)> = section
        .clone()
        .filter_map(|j| {
            let c = ENTRY.captures(lines.get(j))?;
            // `[ Name ](...)`: some references pad the name inside the brackets.
            let name = c
                .get(1)
                .or_else(|| c.get(2))
                .or_else(|| c.get(3))?
                .as_str()
                .trim();
            (!matches!(name, "Note" | "Important" | "Tip" | "Warning"))
                .then(|| (j, name.to_owned()))
        })
        .collect();
    heads
        .iter()
        .enumerate()
        .map(|(k, (j, name))| {
            let end = heads.get(k + 1).map_or(section.end, |h| h.0);
            (name.clone(), *j..end)
        })
        .collect()
}

/// The lines of a section that are not entries (its introduction).
fn intro(lines: &Lines, section: std::ops::Range<usize>) -> Vec<String> {
    section
        .take_while(|&j| !ENTRY.is_match(lines.get(j)))
        .map(|j| text::inline(lines.get(j)))
        .filter(|t| !t.is_empty())
        .collect()
}

fn body_from(
    lines: &Lines,
    section: std::ops::Range<usize>,
    syn: Option<&Syn>,
    root: &str,
    skip: &[String],
    issues: &mut Issues,
) -> Node {
    let mut o = Obj::default();
    for (name, range) in entries(lines, section.clone()) {
        if skip.contains(&name) {
            continue;
        }
        let at = format!("{root}.{name}");
        let Some((node, required)) = entry(lines, range, member(syn, &name), &at, issues) else {
            continue;
        };
        o.props.push(Prop {
            name,
            node,
            required,
        });
    }
    if let Some(Syn::Obj(members, _)) = syn {
        for (name, _, v) in members {
            if o.props.iter().any(|p| &p.name == name) {
                continue;
            }
            let l = match v {
                Syn::Scalar(_, l)
                | Syn::Obj(_, l)
                | Syn::Map(_, l)
                | Syn::Arr(_, l)
                | Syn::Elided(l) => *l,
            };
            issues.warn(&lines.src(l), format!("`{name}` is in the syntax block but has no entry; its type is taken from the syntax"));
            if let Some(node) = from_syntax(v, lines, issues) {
                o.props.push(Prop {
                    name: name.clone(),
                    node,
                    required: None,
                });
            }
        }
    }
    Node::new(Kind::Object(o), &lines.src(section.start))
}

/// The title (`# Name`) line and the `## ` sections of a page, by name.
struct Sections {
    head: usize,
    title: String,
    summary: Vec<Block>,
    list: Vec<(String, std::ops::Range<usize>)>,
}

impl Sections {
    fn read(lines: &Lines) -> Option<Sections> {
        let head = (0..lines.len()).find(|&j| lines.get(j).starts_with("# "))?;
        let title = text::inline(lines.get(head).trim_start_matches('#'));
        let title = title
            .split("<a")
            .next()
            .unwrap_or_default()
            .trim()
            .to_owned();
        let mut list = Vec::new();
        let mut j = head + 1;
        let mut summary = Vec::new();
        while j < lines.len() && !lines.get(j).starts_with("## ") {
            let t = text::inline(lines.get(j));
            if !t.is_empty() {
                summary.push(Block::Para(t));
            }
            j += 1;
        }
        while j < lines.len() {
            let name = lines
                .get(j)
                .trim_start_matches('#')
                .split("<a")
                .next()
                .unwrap_or_default()
                .trim()
                .to_owned();
            let start = j + 1;
            j = start;
            while j < lines.len() && !lines.get(j).starts_with("## ") {
                j += 1;
            }
            list.push((name, start..j));
        }
        Some(Sections {
            head,
            title,
            summary,
            list,
        })
    }

    fn get(&self, n: &str) -> Option<std::ops::Range<usize>> {
        self.list
            .iter()
            .find(|(s, _)| s == n)
            .map(|(_, r)| r.clone())
    }
}

/// The service name of a page, from its SDK links (`lambda` of `lambda-2015-03-31`).
fn service(lines: &Lines) -> String {
    (0..lines.len())
        .find_map(|j| SERVICE.captures(lines.get(j)))
        .and_then(|c| c.get(1))
        .map_or_else(String::new, |m| m.as_str().to_owned())
}

/// The API version of a page, from its SDK links (`2017-07-01` of `translate-2017-07-01`).
fn api_version(lines: &Lines) -> String {
    (0..lines.len())
        .find_map(|j| VERSION.captures(lines.get(j)))
        .and_then(|c| c.get(1))
        .map_or_else(String::new, |m| m.as_str().to_owned())
}

/// Whether the text is a page of an AWS query-protocol API (SQS, SNS, IAM, EC2): request
/// parameters but no Request Syntax, the request being form fields named by `Action`, the
/// response XML. Recognised so that it is refused with that reason rather than skipped.
pub fn is_query_protocol_page(text: &str) -> bool {
    !is_page(text) && anchored_heading(text, "## Request Parameters")
}

/// Whether the text is an AWS data-type page (a `## Contents` section of members).
pub fn is_type_page(text: &str) -> bool {
    anchored_heading(text, "## Contents")
}

/// Whether the text is one of the AWS reference's lists of pages (`API_Reference.md`,
/// `API_Operations.md`, `API_Types.md`): a title and links, no operation, no type.
pub fn is_list_page(text: &str) -> bool {
    let links = text
        .lines()
        .filter(|l| l.trim_start().starts_with("+ ") && l.contains("](API_"))
        .count();
    links > 0 && !is_page(text) && !is_type_page(text)
}

/// A data type read from its page.
#[derive(Debug, Clone)]
pub struct TypePage {
    /// Type name (`VpcConfig`).
    pub name: String,
    /// Service name, as for operations.
    pub service: String,
    /// The type as an object node, its members from the `Contents` section.
    pub node: Node,
}

/// Reads a data-type page: the members of one type with their constraints.
pub fn parse_type(lines: &Lines, issues: &mut Issues) -> Option<TypePage> {
    let sec = Sections::read(lines)?;
    let Some(contents) = sec.get("Contents") else {
        issues.error(&lines.src(sec.head), "no `Contents` section");
        return None;
    };
    let name = sec.title.clone();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
        issues.error(&lines.src(sec.head), format!("`{name}` is not a type name"));
        return None;
    }
    let mut node = body_from(lines, contents.clone(), None, &name, &[], issues);
    node.type_src = Some(lines.src(sec.head));
    node.desc = text::join(&sec.summary);
    node.desc_src = node.desc.as_ref().map(|_| lines.src(sec.head + 1));
    if let Some(o) = node.obj_mut() {
        o.name = Some(name.clone());
        // "This data type is a UNION, so only one of the following members can be specified":
        // at most one of them, as the page words it.
        let union = contents
            .clone()
            .find(|&j| UNION.is_match(&text::inline(lines.get(j))));
        if let (Some(j), true) = (union, o.props.len() > 1) {
            o.groups.push(model::Group {
                name: format!("{}Member", docspec_codegen::ident::pascal(&name)),
                members: o.props.iter().map(|p| p.name.clone()).collect(),
                exactly_one: false,
                src: lines.src(j),
            });
        }
    }
    Some(TypePage {
        name,
        service: service(lines),
        node,
    })
}

/// The response's parts: status line, header lines and body from the Response Syntax block,
/// with the elements that each names.
fn response(lines: &Lines, sec: &Sections, issues: &mut Issues) -> Option<Response> {
    let elements = sec.get("Response Elements").unwrap_or(0..0);
    let Some(block) = sec.get("Response Syntax").and_then(|r| fenced(lines, r)) else {
        // No syntax block: "... sends back an HTTP 200 response with an empty HTTP body."
        let intro = intro(lines, elements);
        let status = intro
            .iter()
            .find_map(|t| HTTP_STATUS.captures(t))
            .and_then(|c| c.get(1))
            .map(|m| m.as_str().to_owned())?;
        return Some(Response {
            status,
            desc: intro.first().cloned().unwrap_or_else(|| "OK".into()),
            body: None,
            headers: Vec::new(),
        });
    };
    let listed = entries(lines, elements.clone());
    let element = |name: &str, issues: &mut Issues| {
        let range = listed.iter().find(|(n, _)| n == name)?.1.clone();
        entry(lines, range, None, &format!("response.{name}"), issues).map(|(n, _)| n)
    };
    let status_word = lines
        .get(block.first)
        .split_whitespace()
        .nth(1)
        .unwrap_or("200")
        .to_owned();
    // A status named by an element ("HTTP/1.1 StatusCode") is one of several 2xx codes.
    let mut skip = Vec::new();
    let status = if status_word.chars().all(|c| c.is_ascii_digit()) {
        status_word
    } else {
        skip.push(status_word);
        "2XX".to_owned()
    };
    let mut headers = Vec::new();
    for (wire, name, j) in &block.headers {
        // `Content-type: application/json` states the media type, not an element; a
        // `Content-Type` that names one (`ContentType`) is a header OpenAPI ignores by its
        // own rule, so it is neither a header nor a body member here.
        if wire.eq_ignore_ascii_case("content-type") {
            skip.push(name.clone());
            continue;
        }
        match element(name, issues) {
            Some(node) => {
                headers.push((wire.clone(), node));
                skip.push(name.clone());
            }
            None => issues.warn(
                &lines.src(*j),
                format!("response header `{wire}` names `{name}`, which has no entry"),
            ),
        }
    }
    let desc = intro(lines, elements.clone())
        .into_iter()
        .next()
        .unwrap_or_else(|| "OK".into());
    let body = match syntax(lines, block.body, issues) {
        Body::Binary(name) => Some(binary(element(&name, issues), &lines.src(block.first))),
        Body::Json(syn) => Some(body_from(
            lines,
            elements,
            Some(&syn),
            "response",
            &skip,
            issues,
        )),
        Body::None => {
            let rest = listed.iter().any(|(n, _)| !skip.contains(n));
            rest.then(|| body_from(lines, elements, None, "response", &skip, issues))
        }
    };
    Some(Response {
        status,
        desc,
        body,
        headers,
    })
}

/// A raw binary body (`application/octet-stream`) with the entry's description and lengths.
fn binary(entry: Option<Node>, src: &Src) -> Node {
    let mut node = entry.unwrap_or_else(|| Node::new(Kind::Str, src));
    node.kind = Kind::Str;
    node.kw.retain(|(k, ..)| k != "format");
    node.kw
        .push(("format".into(), "binary".into(), src.clone()));
    node
}

/// Reads one operation page.
pub fn parse(lines: &Lines, issues: &mut Issues) -> Option<Op> {
    match unbraced(lines) {
        Some(l) => parse_lines(&l, issues),
        None => parse_lines(lines, issues),
    }
}

fn parse_lines(lines: &Lines, issues: &mut Issues) -> Option<Op> {
    let sec = Sections::read(lines)?;
    let title = sec.title.clone();
    let Some(req) = sec.get("Request Syntax") else {
        issues.error(&lines.src(sec.head), "no `Request Syntax` section");
        return None;
    };
    let Some(block) = fenced(lines, req.clone()) else {
        issues.error(
            &lines.src(req.start),
            "the Request Syntax section has no code block",
        );
        return None;
    };
    // awsJson: every operation is `POST /`, told apart by the `X-Amz-Target` header
    // (`<target prefix>.<operation>`; the pages do not give the prefix). The path key carries
    // the operation after `#`, as the AWS OpenAPI documents do, so that each has its own.
    let json_protocol = block.bare;
    let request = if json_protocol {
        format!("POST /#{title} HTTP/1.1")
    } else {
        lines.get(block.first).trim().to_owned()
    };
    let mut parts = request.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        issues.error(
            &lines.src(block.first),
            format!("`{request}` is not `METHOD PATH HTTP/1.1`"),
        );
        return None;
    };
    let (raw_path, query) = target.split_once('?').unwrap_or((target, ""));
    let uri = sec
        .get("URI Request Parameters")
        .map(|r| entries(lines, r))
        .unwrap_or_default();
    let mut params = Vec::new();
    let mut path_segs = Vec::new();
    for seg in raw_path.split('/') {
        let name = seg.trim_matches(|c| c == '{' || c == '}' || c == '+');
        path_segs.push(if !name.is_empty() && uri.iter().any(|(n, _)| n == name) {
            format!("{{{name}}}")
        } else {
            seg.to_owned()
        });
    }
    let mut path = path_segs.join("/");
    // `find=LayerVersion`, `List=ALL`: a pair that names no URI parameter is fixed; it tells
    // operations of one path and method apart. OpenAPI has one operation per path and method,
    // so the path key carries the fixed pairs after `#` (the form the AWS OpenAPI documents
    // use); the request must send them.
    let fixed: Vec<(&str, &str)> = query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .filter(|(_, v)| !uri.iter().any(|(n, _)| n == v))
        .collect();
    if !fixed.is_empty() {
        let pairs: Vec<String> = fixed.iter().map(|(k, v)| format!("{k}={v}")).collect();
        path = format!("{path}#{}", pairs.join("&"));
    }
    for (k, v) in &fixed {
        let src = lines.src(block.first);
        let mut node = Node::new(Kind::Str, &src);
        node.kw
            .push(("enum".into(), Yaml::Sequence(vec![Yaml::from(*v)]), src));
        node.desc = Some(format!("Always `{v}`: the request line names it."));
        params.push(Param {
            name: (*k).to_owned(),
            location: "query",
            node,
            required: true,
        });
    }
    for (name, range) in &uri {
        let at = format!("path.{name}");
        let in_path = path.contains(&format!("{{{name}}}"));
        let in_query = query
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .find(|(_, v)| v == name)
            .map(|(k, _)| k.to_owned());
        let in_header = block
            .headers
            .iter()
            .find(|(_, v, _)| v == name)
            .map(|(k, ..)| k.clone());
        let (location, wire) = match (in_path, in_query, in_header) {
            (true, ..) => ("path", name.clone()),
            (false, Some(k), _) => ("query", k),
            (false, None, Some(k)) => ("header", k),
            (false, None, None) => {
                issues.warn(&lines.src(range.start), format!("URI parameter `{name}` is neither in the path, the query string nor a header; it is taken as a query parameter"));
                ("query", name.clone())
            }
        };
        let Some((node, required)) = entry(lines, range.clone(), None, &at, issues) else {
            continue;
        };
        params.push(Param {
            name: wire,
            location,
            node,
            required: location == "path" || required.is_some(),
        });
    }
    // The JSON protocols list body members under `Request Parameters`.
    let body_section = sec.get("Request Body").or_else(|| {
        json_protocol
            .then(|| sec.get("Request Parameters"))
            .flatten()
    });
    if json_protocol {
        let src = lines.src(block.first);
        let mut node = Node::new(Kind::Str, &src);
        let target = format!("^(?:[A-Za-z0-9_.]+\\.{})$", regex::escape(&title));
        node.kw
            .push(("pattern".into(), Yaml::from(target), src.clone()));
        node.desc = Some(format!(
            "The JSON protocol's operation header: the service's target prefix and `{title}`."
        ));
        params.push(Param {
            name: "X-Amz-Target".into(),
            location: "header",
            node,
            required: true,
        });
    }
    let body = match (syntax(lines, block.body, issues), body_section) {
        (Body::Binary(name), Some(r)) => {
            let entry = entries(lines, r)
                .into_iter()
                .find(|(n, _)| *n == name)
                .and_then(|(_, range)| entry(lines, range, None, "body", issues));
            Some(binary(entry.map(|e| e.0), &lines.src(block.first)))
        }
        (Body::Binary(_), None) => Some(binary(None, &lines.src(block.first))),
        (Body::Json(syn), Some(r)) => Some(body_from(lines, r, Some(&syn), "body", &[], issues)),
        (Body::None, Some(r)) if !entries(lines, r.clone()).is_empty() => {
            Some(body_from(lines, r, None, "body", &[], issues))
        }
        _ => None,
    };
    let response = response(lines, &sec, issues);
    let version = path
        .split('/')
        .find(|s| s.len() == 10 && s.chars().filter(|c| *c == '-').count() == 2)
        .map(str::to_owned)
        .unwrap_or_else(|| api_version(lines));
    // The operation's own description can state a constraint ("you must specify either the
    // `StreamName` or the `StreamARN`"): no form places it, so it is a warning, not silence.
    for j in sec.head + 1..sec.list.first().map_or(lines.len(), |(_, r)| r.start) {
        for s in text::sentences(&text::inline(lines.get(j))) {
            if super::sentence::facts(&s).is_empty() && super::sentence::looks_like_constraint(&s) {
                issues.unplaced(&lines.src(j), "operation", &s);
            }
        }
    }
    Some(Op {
        provider: "aws",
        service: service(lines),
        op_id: title.clone(),
        title,
        version,
        summary: text::join(&sec.summary),
        method: method.to_ascii_lowercase(),
        path,
        server: None,
        params,
        param_groups: Vec::new(),
        body,
        response,
        resource: None,
    })
}

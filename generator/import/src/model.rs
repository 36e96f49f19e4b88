//! The page model both formats are read into: one operation with its parameters, request body
//! and response as trees of [`Node`]s, each keyword with the page line it came from. Facts from
//! constraint sentences are applied here, the same way for both formats.

use super::sentence::{Bound, Fact, Qty, Unit};
use super::{Issues, Src};
use serde_yaml::Value as Yaml;

/// The shape of a node.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Kind {
    /// `type: string`.
    #[default]
    Str,
    /// `type: integer`.
    Int,
    /// `type: number`.
    Num,
    /// `type: boolean`.
    Bool,
    /// An object with declared properties (possibly none: an empty message).
    Object(Obj),
    /// `type: array`.
    Array(Box<Node>),
    /// A map: `additionalProperties` with this value schema.
    Map(Box<Node>),
    /// A free-form object.
    Free,
}

/// A schema as a page states it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Node {
    /// Shape.
    pub kind: Kind,
    /// Where the type came from.
    pub type_src: Option<Src>,
    /// Description, plain text.
    pub desc: Option<String>,
    /// Where the description came from.
    pub desc_src: Option<Src>,
    /// Other keywords with their values and sources, in the order they were found.
    pub kw: Vec<(String, Yaml, Src)>,
    /// The unit the field is stated in, when its description says.
    pub unit: Option<Unit>,
}

/// An object's properties and the constraints between them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Obj {
    /// Properties in page order.
    pub props: Vec<Prop>,
    /// One-of groups.
    pub groups: Vec<Group>,
    /// `x-rules` entries.
    pub rules: Vec<(Yaml, Src)>,
    /// The component name, when the page or an overlay gives one.
    pub name: Option<String>,
    /// The page names the type but shows none of its members: they come from the type's own
    /// page (AWS data-type pages), or stay unknown with a warning.
    pub members_elsewhere: bool,
    /// The description the type's own page gives (AWS data-type pages), with its source.
    pub type_desc: Option<(String, Src)>,
}

/// A property.
#[derive(Debug, Clone, PartialEq)]
pub struct Prop {
    /// Wire name.
    pub name: String,
    /// Its schema.
    pub node: Node,
    /// Where "required" came from, when it is required.
    pub required: Option<Src>,
}

/// A one-of group.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Group name.
    pub name: String,
    /// Member wire names.
    pub members: Vec<String>,
    /// Exactly one (`true`) or at most one.
    pub exactly_one: bool,
    /// Where the group came from.
    pub src: Src,
}

/// A path or query parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Wire name.
    pub name: String,
    /// `path`, `query` or `header`.
    pub location: &'static str,
    /// Its schema (the description is the parameter's).
    pub node: Node,
    /// Path parameters are always required.
    pub required: bool,
}

/// The documented success response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// Status code.
    pub status: String,
    /// Response description.
    pub desc: String,
    /// Body schema; `None` when the response has no body.
    pub body: Option<Node>,
    /// Response headers: wire name and schema (with the description).
    pub headers: Vec<(String, Node)>,
}

/// One page: one operation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Op {
    /// `yandex` or `aws`.
    pub provider: &'static str,
    /// Service name used in the default spec file name (`functions`, `lambda`).
    pub service: String,
    /// Page title.
    pub title: String,
    /// API version (`v1`, `2015-03-31`).
    pub version: String,
    /// Operation summary text.
    pub summary: Option<String>,
    /// Lower-case HTTP method.
    pub method: String,
    /// Path template.
    pub path: String,
    /// Server URL, when the page gives a usable one.
    pub server: Option<String>,
    /// Operation id.
    pub op_id: String,
    /// The resource the operation belongs to when the page names it (`Function` of
    /// `Function.create`): it qualifies operation ids that would clash in one spec.
    pub resource: Option<String>,
    /// Parameters.
    pub params: Vec<Param>,
    /// One-of groups over query parameters.
    pub param_groups: Vec<Group>,
    /// Request body.
    pub body: Option<Node>,
    /// Success response.
    pub response: Option<Response>,
}

impl Node {
    /// A node of the given kind, typed at `src`.
    pub fn new(kind: Kind, src: &Src) -> Node {
        Node {
            kind,
            type_src: Some(src.clone()),
            ..Node::default()
        }
    }

    /// The value of a keyword.
    pub fn get(&self, k: &str) -> Option<&Yaml> {
        self.kw.iter().find(|(n, ..)| n == k).map(|(_, v, _)| v)
    }

    /// Sets a keyword. A second, different value from the page is a conflict: the first is
    /// kept and the conflict is reported.
    pub fn set(&mut self, k: &str, v: Yaml, src: &Src, issues: &mut Issues) {
        match self.kw.iter_mut().find(|(n, ..)| n == k) {
            Some((_, old, _)) if *old == v => {}
            Some((_, old, osrc)) => issues.warn(
                src,
                format!(
                    "`{k}` stated twice with different values ({} at {osrc}, {} here); the first is kept",
                    show(old),
                    show(&v)
                ),
            ),
            None => self.kw.push((k.to_owned(), v, src.clone())),
        }
    }

    /// Replaces a keyword (overlays).
    pub fn replace(&mut self, k: &str, v: Yaml, src: &Src) {
        self.kw.retain(|(n, ..)| n != k);
        self.kw.push((k.to_owned(), v, src.clone()));
    }

    /// The object, if this node is one.
    pub fn obj_mut(&mut self) -> Option<&mut Obj> {
        match &mut self.kind {
            Kind::Object(o) => Some(o),
            _ => None,
        }
    }
}

/// A YAML value written in one line, for messages.
pub fn show(v: &Yaml) -> String {
    serde_yaml::to_string(v)
        .unwrap_or_default()
        .trim()
        .replace('\n', " ")
}

fn int(n: i128) -> Yaml {
    match i64::try_from(n) {
        Ok(n) => Yaml::from(n),
        Err(_) => Yaml::from(n as f64),
    }
}

/// A documented pattern, anchored as a whole-value match (GUIDE rule 1), after checking that
/// it is an ECMA-262 expression the generator can run. A page's pattern is written for the
/// provider's engine (RE2 behind the Yandex protos, Java behind AWS): where ECMA-262 in
/// unicode mode reads it differently or refuses it, the spec gets the ECMA pattern that means
/// what the provider's engine means ([`provider_dialect`]), with a warning.
pub fn anchored(re: &str, src: &Src, issues: &mut Issues) -> Option<Yaml> {
    let (ecma, notes) = provider_dialect(re);
    if !notes.is_empty() {
        issues.warn(
            src,
            format!(
                "pattern `{re}` is written for the provider's regex engine, which reads it otherwise than ECMA-262: written `{ecma}` ({})",
                notes.join("; ")
            ),
        );
    }
    let re = ecma.as_str();
    let whole = format!("^(?:{re})$");
    let checked = docspec_codegen::ecma::translate_looks(&whole)
        .map_err(|e| e.to_string())
        .and_then(|t| {
            docspec_codegen::ir::PatternIr {
                source: whole.clone(),
                translated: t.main,
                looks: t.looks,
            }
            .matcher()
            .map(|_| ())
        });
    match checked {
        Ok(()) => Some(Yaml::from(whole)),
        Err(e) => {
            issues.error(
                src,
                format!("pattern `{re}` is not a usable regular expression: {e}"),
            );
            None
        }
    }
}

/// ECMA-262's syntax characters: escaped, they stand for themselves in unicode mode.
const SYNTAX: &str = r"^$\.*+?()[]{}|/";

/// The ECMA-262 (unicode mode) form of a pattern written for RE2 or Java, and what was
/// rewritten:
///
/// - `{,n}` is 0 to n repetitions there (ECMA reads a literal): written `{0,n}`;
/// - an identity escape of a character that is not a syntax character (`\@`, `\:`, `\_`,
///   `\-` outside a class) is refused by the unicode mode: written as the character itself;
/// - `\A` and `\z` (start and end of the text) are `^` and `$`, as no multiline flag applies;
/// - `\Q...\E` quotes a literal: each syntax character is escaped;
/// - a `{` that starts no quantifier, a lone `}` or `]` are literals there: escaped;
/// - `]` first in a class is a literal there (`[]a]`): `\]`;
/// - a `-` after a class escape (`[\w-.]`) is a literal there: `\-`;
/// - `(?P<name>` is RE2's named group: `(?<name>`;
/// - `\\x{10FFFF}` is RE2's code point: `\\u{10FFFF}`; `\\pL` is `\\p{L}`;
/// - `[:alpha:]` inside a class is a POSIX class (RE2): its ASCII ranges.
///
/// Anything else is kept as written, so the generator's check still refuses what ECMA-262
/// cannot say (possessive quantifiers, inline flags, letters such as `\Z`).
pub fn provider_dialect(re: &str) -> (String, Vec<String>) {
    let chars: Vec<char> = re.chars().collect();
    let mut out = String::new();
    let mut notes: Vec<String> = Vec::new();
    let mut note = |n: String| {
        if !notes.contains(&n) {
            notes.push(n);
        }
    };
    let (mut class, mut class_start, mut after_escape) = (false, false, false);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let at_start = std::mem::take(&mut class_start);
        let prev_escape = std::mem::take(&mut after_escape);
        if c == '\\' && next == Some('Q') {
            let body: String = chars[i + 2..].iter().collect();
            let (lit, rest) = body.split_once("\\E").unwrap_or((&body, ""));
            for l in lit.chars() {
                if SYNTAX.contains(l) || (class && l == '-') {
                    out.push('\\');
                }
                out.push(l);
            }
            note("`\\Q...\\E` quotes a literal: its syntax characters escaped".into());
            i = chars.len() - rest.chars().count();
            continue;
        }
        if c == '\\' {
            let Some(n) = next else {
                out.push(c);
                i += 1;
                continue;
            };
            i += 2;
            if n == 'x' && chars.get(i) == Some(&'{') {
                out.push_str("\\u");
                note("`\\x{...}` is a code point: `\\u{...}`".into());
                continue;
            }
            if "pP".contains(n) && chars.get(i).is_some_and(|c| c.is_ascii_uppercase()) {
                out.push_str(&format!("\\{n}{{{}}}", chars[i]));
                note(format!("`\\{n}{}` is `\\{n}{{{}}}`", chars[i], chars[i]));
                i += 1;
                after_escape = class;
                continue;
            }
            let kept = if class {
                n == '-' || "dDwWsSbfnrtv0cxupP".contains(n)
            } else {
                "dDwWsSbBfnrtvcxupPk".contains(n) || n.is_ascii_digit()
            };
            if SYNTAX.contains(n) || kept || (n.is_ascii_alphanumeric() && !"Az".contains(n)) {
                out.push('\\');
                out.push(n);
                if class && "dDwWsS".contains(n) {
                    after_escape = true;
                }
                if "pP".contains(n) && chars.get(i) == Some(&'{') {
                    while let Some(&p) = chars.get(i) {
                        out.push(p);
                        i += 1;
                        if p == '}' {
                            break;
                        }
                    }
                    after_escape = class;
                }
            } else if !class && n == 'A' {
                out.push('^');
                note("`\\A` is the start of the text: `^`".into());
            } else if !class && n == 'z' {
                out.push('$');
                note("`\\z` is the end of the text: `$`".into());
            } else {
                out.push(n);
                note(format!(
                    "`\\{n}` is `{n}`: ECMA-262 refuses the identity escape"
                ));
            }
            continue;
        }
        i += 1;
        if class {
            match c {
                ']' if at_start => {
                    out.push_str("\\]");
                    note("`]` first in a class is a literal: `\\]`".into());
                    class_start = false;
                }
                ']' => {
                    out.push(']');
                    class = false;
                }
                '-' if prev_escape && next.is_some_and(|n| n != ']') => {
                    out.push_str("\\-");
                    note("`-` after a class escape is a literal: `\\-`".into());
                }
                '[' if next == Some(':') => {
                    let rest: String = chars[i..].iter().collect();
                    let name = rest
                        .strip_prefix(':')
                        .and_then(|r| r.split_once(":]"))
                        .map(|(n, _)| n)
                        .unwrap_or_default();
                    match posix(name) {
                        Some(body) => {
                            out.push_str(body);
                            note(format!("`[:{name}:]` is a POSIX class: `{body}`"));
                            i += name.chars().count() + 3;
                        }
                        None => out.push('['),
                    }
                }
                c => out.push(c),
            }
            continue;
        }
        match c {
            '[' => {
                out.push('[');
                if chars.get(i) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                class = true;
                class_start = true;
            }
            '{' => {
                let rest: String = chars[i..].iter().collect();
                let close = rest.find('}');
                let inner = close.map(|e| &rest[..e]).unwrap_or("");
                let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
                let quantifier = match inner.split_once(',') {
                    _ if close.is_none() => None,
                    None => digits(inner).then(|| inner.to_owned()),
                    Some((a, b)) if digits(a) && (b.is_empty() || digits(b)) => {
                        Some(inner.to_owned())
                    }
                    Some(("", b)) if digits(b) => {
                        note(format!("`{{,{b}}}` is 0 to {b} repetitions: `{{0,{b}}}`"));
                        Some(format!("0,{b}"))
                    }
                    Some(_) => None,
                };
                match quantifier {
                    Some(q) => {
                        out.push('{');
                        out.push_str(&q);
                        out.push('}');
                        i += inner.chars().count() + 1;
                    }
                    None => {
                        out.push_str("\\{");
                        note("a `{` that starts no quantifier is a literal: `\\{`".into());
                    }
                }
            }
            '}' | ']' => {
                out.push('\\');
                out.push(c);
                note(format!("a lone `{c}` is a literal: `\\{c}`"));
            }
            '(' if chars[i..].starts_with(&['?', 'P', '<']) => {
                out.push_str("(?<");
                i += 3;
                note("`(?P<name>` is a named group: `(?<name>`".into());
            }
            c => out.push(c),
        }
    }
    let (out, changed) = unquantified_looks(&out);
    if changed {
        notes.push(
            "a quantified lookaround (`(?!x)+`, which Java accepts) is the lookaround once, or nothing when it may repeat zero times".into(),
        );
    }
    (out, notes)
}

/// Java (and Annex B) take a quantifier on a lookaround; the unicode mode refuses it. An
/// assertion matched once is matched any number of times, so `(?!x)+` and `(?!x){2,}` are
/// `(?!x)`, and `(?!x)*` or `(?!x)?` asserts nothing. Returns the pattern and whether it changed.
fn unquantified_looks(re: &str) -> (String, bool) {
    let chars: Vec<char> = re.chars().collect();
    let mut out = String::new();
    let mut changed = false;
    let (mut i, mut class) = (0, false);
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            out.push(c);
            if let Some(&n) = chars.get(i + 1) {
                out.push(n);
            }
            i += 2;
            continue;
        }
        if class {
            class = c != ']';
            out.push(c);
            i += 1;
            continue;
        }
        let look = c == '('
            && chars.get(i + 1) == Some(&'?')
            && (matches!(chars.get(i + 2), Some('=' | '!'))
                || (chars.get(i + 2) == Some(&'<') && matches!(chars.get(i + 3), Some('=' | '!'))));
        if !look {
            class = c == '[';
            out.push(c);
            i += 1;
            continue;
        }
        let Some(end) = closing(&chars, i) else {
            out.extend(&chars[i..]);
            break;
        };
        let group: String = chars[i..=end].iter().collect();
        match quantifier(&chars, end + 1) {
            Some((min, len)) => {
                changed = true;
                if min > 0 {
                    out.push_str(&group);
                }
                i = end + 1 + len;
            }
            None => {
                // Nested lookarounds inside are rewritten too.
                let (inner, c2) = unquantified_looks(&group[1..group.len() - 1]);
                changed |= c2;
                out.push('(');
                out.push_str(&inner);
                out.push(')');
                i = end + 1;
            }
        }
    }
    (out, changed)
}

/// The index of the `)` that closes the group opened at `open`.
fn closing(chars: &[char], open: usize) -> Option<usize> {
    let (mut depth, mut class, mut i) = (0usize, false, open);
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            ']' if class => class = false,
            '[' if !class => class = true,
            '(' if !class => depth += 1,
            ')' if !class => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The quantifier at `at` (`+`, `*`, `?`, `{n}`, `{n,}`, `{n,m}`, each maybe lazy): its
/// minimum and length.
fn quantifier(chars: &[char], at: usize) -> Option<(u64, usize)> {
    let (min, len) = match chars.get(at)? {
        '+' => (1, 1),
        '*' | '?' => (0, 1),
        '{' => {
            let close = (at..chars.len()).find(|&j| chars[j] == '}')?;
            let body: String = chars[at + 1..close].iter().collect();
            let lo = body.split(',').next()?;
            let ok = body.chars().all(|c| c.is_ascii_digit() || c == ',') && !lo.is_empty();
            if !ok {
                return None;
            }
            (lo.parse().ok()?, close - at + 1)
        }
        _ => return None,
    };
    let lazy = usize::from(chars.get(at + len) == Some(&'?'));
    Some((min, len + lazy))
}

/// The ASCII ranges of a POSIX class name (RE2's `[[:alpha:]]`), for use inside a class.
fn posix(name: &str) -> Option<&'static str> {
    Some(match name {
        "alnum" => "0-9A-Za-z",
        "alpha" => "A-Za-z",
        "ascii" => "\\x00-\\x7F",
        "blank" => "\\t ",
        "cntrl" => "\\x00-\\x1F\\x7F",
        "digit" => "0-9",
        "graph" => "!-~",
        "lower" => "a-z",
        "print" => " -~",
        "punct" => "!-\\/:-@\\[-`{-~",
        "space" => "\\t\\n\\v\\f\\r ",
        "upper" => "A-Z",
        "word" => "0-9A-Za-z_",
        "xdigit" => "0-9A-Fa-f",
        _ => return None,
    })
}

/// Sets keywords of the schema every key of a map matches (`x-property-names`), merged with
/// what earlier sentences of the description set there: "each key must match" and "the string
/// length in characters for each key" are two sentences about one key schema. A keyword stated
/// twice with different values keeps the first, with a warning.
pub(super) fn property_names(
    node: &mut Node,
    entries: Vec<(&str, Yaml)>,
    src: &Src,
    issues: &mut Issues,
) {
    let at = node.kw.iter().position(|(n, ..)| n == "x-property-names");
    let mut m = match at.map(|i| &node.kw[i].1) {
        Some(Yaml::Mapping(m)) => m.clone(),
        _ => serde_yaml::Mapping::new(),
    };
    for (k, v) in entries {
        match m.get(k) {
            Some(old) if *old != v => issues.warn(
                src,
                format!(
                    "key `{k}` stated twice with different values ({} and {} here); the first is kept",
                    show(old),
                    show(&v)
                ),
            ),
            Some(_) => {}
            None => {
                m.insert(k.into(), v);
            }
        }
    }
    match at {
        Some(i) => node.kw[i].1 = Yaml::Mapping(m),
        None => node
            .kw
            .push(("x-property-names".into(), Yaml::Mapping(m), src.clone())),
    }
}

/// Applies the facts about a map's entries and keys and about a closed set of numbers.
/// Returns what the fact states when it does not apply to the node's type.
fn apply_entries_keys_values(
    node: &mut Node,
    fact: Fact,
    src: &Src,
    issues: &mut Issues,
) -> Result<(), &'static str> {
    match fact {
        Fact::Entries { min, max } => {
            if !matches!(node.kind, Kind::Free | Kind::Map(_) | Kind::Object(_)) {
                return Err("a number of entries");
            }
            for (k, v) in [("minProperties", min), ("maxProperties", max)] {
                if let Some(v) = v {
                    node.set(k, Yaml::from(v), src, issues);
                }
            }
        }
        Fact::KeyLength { min, max } => {
            if each(node).is_none() || matches!(node.kind, Kind::Array(_)) {
                return Err("a key length");
            }
            let kw = [("minLength", min), ("maxLength", max)]
                .into_iter()
                .filter_map(|(k, v)| v.map(|v| (k, Yaml::from(v))))
                .collect();
            property_names(node, kw, src, issues);
        }
        Fact::Words(words) => {
            if node.kind != Kind::Str {
                return Err("a set of strings");
            }
            let v = words.into_iter().map(Yaml::from).collect();
            node.set("enum", Yaml::Sequence(v), src, issues);
        }
        Fact::Values(values) => {
            if !matches!(node.kind, Kind::Int | Kind::Num) {
                return Err("a set of numbers");
            }
            let v = values.into_iter().map(int).collect();
            node.set("enum", Yaml::Sequence(v), src, issues);
        }
        _ => {}
    }
    Ok(())
}

/// A number of the field's own unit; `None` (with a warning) when the units do not convert.
fn amount(q: Qty, node: &Node, src: &Src, issues: &mut Issues) -> Option<i128> {
    match (q.unit, node.unit) {
        (None, _) => Some(q.n),
        (Some(u), Some(base)) => match u.in_units_of(base) {
            Some(f) => Some(q.n * f),
            None => {
                issues.warn(
                    src,
                    format!(
                        "{} {u:?} cannot be written in the field's unit ({base:?})",
                        q.n
                    ),
                );
                None
            }
        },
        // A duration stated in seconds is taken as the field's own unit.
        (Some(Unit::Second), None) => Some(q.n),
        (Some(u), None) => {
            issues.warn(
                src,
                format!(
                    "{} {u:?}: the description does not say which unit the field is in",
                    q.n
                ),
            );
            None
        }
    }
}

/// The node that "each value" facts apply to: array items or map values. A free-form object
/// that has per-value facts is a map of strings.
fn each(node: &mut Node) -> Option<&mut Node> {
    if node.kind == Kind::Free {
        node.kind = Kind::Map(Box::new(Node {
            type_src: node.type_src.clone(),
            ..Node::default()
        }));
    }
    match &mut node.kind {
        Kind::Array(n) | Kind::Map(n) => Some(n),
        _ => None,
    }
}

fn is_string_list(node: &Node) -> bool {
    matches!(&node.kind, Kind::Array(items) if items.kind == Kind::Str)
}

/// Facts that involve other fields: applied by the object that holds the field.
#[derive(Debug, Clone, Default)]
pub struct Pending {
    /// `Needs` and `ZeroOrRange` facts with the sentence they came from.
    pub rules: Vec<(Fact, String, Src)>,
}

/// Applies the sentences of a field's description: unit statements first, then ranges (they
/// type an untyped parameter), then the rest. Sentences that read like constraints but match
/// no form are reported as unplaced at `at`. Returns where "Required" was said.
pub fn apply_sentences(
    node: &mut Node,
    sentences: &[(String, Src)],
    at: &str,
    pending: &mut Pending,
    issues: &mut Issues,
) -> Option<Src> {
    node.unit = node
        .unit
        .or_else(|| sentences.iter().find_map(|(s, _)| super::sentence::unit(s)));
    let mut all: Vec<(&str, &Src, Vec<Fact>)> = Vec::new();
    for (s, src) in sentences {
        let facts = super::sentence::facts(s);
        if facts.is_empty() && super::sentence::looks_like_constraint(s) {
            issues.unplaced(src, at, s);
        }
        all.push((s, src, facts));
    }
    let mut required = None;
    for ranges in [true, false] {
        for (s, src, facts) in &all {
            let mine: Vec<Fact> = facts
                .iter()
                .filter(|f| matches!(f, Fact::Range { .. }) == ranges)
                .cloned()
                .collect();
            if !mine.is_empty() && apply(node, mine, s, src, pending, issues) {
                required = Some((*src).clone());
            }
        }
    }
    required
}

/// Applies one sentence's facts to a field. Returns whether the sentence said "Required".
pub fn apply(
    node: &mut Node,
    facts: Vec<Fact>,
    sentence: &str,
    src: &Src,
    pending: &mut Pending,
    issues: &mut Issues,
) -> bool {
    let mut required = false;
    for f in facts {
        let misplaced = |issues: &mut Issues, what: &str| {
            issues.warn(
                src,
                format!("\"{sentence}\" states {what}, which does not apply to this field's type"),
            )
        };
        match f {
            Fact::Required => required = true,
            Fact::Length { min, max, each: e } => {
                // A length of a list of strings is of each string: protobuf's `(length)` on a
                // repeated field checks every element.
                let e = e || is_string_list(node);
                let target = if e { each(node) } else { Some(&mut *node) };
                match target {
                    Some(t) if t.kind == Kind::Str => {
                        if let Some(m) = min {
                            t.set("minLength", Yaml::from(m), src, issues);
                        }
                        if let Some(m) = max {
                            t.set("maxLength", Yaml::from(m), src, issues);
                        }
                    }
                    _ => misplaced(issues, "a string length"),
                }
            }
            Fact::Range { min, max } => {
                if node.kind == Kind::Str && node.get("format").is_none() {
                    // An untyped parameter with a numeric range is an integer.
                    node.kind = Kind::Int;
                    node.type_src = Some(src.clone());
                }
                if !matches!(node.kind, Kind::Int | Kind::Num) {
                    misplaced(issues, "a numeric range");
                    continue;
                }
                for (k, q) in [("minimum", min), ("maximum", max)] {
                    if let Some(v) = q.and_then(|q| amount(q, node, src, issues)) {
                        node.set(k, int(v), src, issues);
                    }
                }
            }
            Fact::Pattern { re, each: e } => {
                let Some(p) = anchored(&re, src, issues) else {
                    continue;
                };
                let e = e || is_string_list(node);
                match if e { each(node) } else { Some(&mut *node) } {
                    Some(t) if t.kind == Kind::Str => t.set("pattern", p, src, issues),
                    _ => misplaced(issues, "a pattern"),
                }
            }
            Fact::KeyPattern(re) => {
                let Some(p) = anchored(&re, src, issues) else {
                    continue;
                };
                if each(node).is_none() || matches!(node.kind, Kind::Array(_)) {
                    misplaced(issues, "a key pattern");
                    continue;
                }
                property_names(node, vec![("pattern", p)], src, issues);
            }
            f @ (Fact::Entries { .. }
            | Fact::KeyLength { .. }
            | Fact::Values(_)
            | Fact::Words(_)) => {
                if let Err(what) = apply_entries_keys_values(node, f, src, issues) {
                    misplaced(issues, what);
                }
            }
            Fact::Items { min, max } => {
                if !matches!(node.kind, Kind::Array(_)) {
                    misplaced(issues, "a number of elements");
                    continue;
                }
                if let Some(m) = min {
                    node.set("minItems", Yaml::from(m), src, issues);
                }
                if let Some(m) = max {
                    node.set("maxItems", Yaml::from(m), src, issues);
                }
            }
            Fact::MultipleOf(q) => {
                if node.kind != Kind::Int {
                    misplaced(issues, "a multiple");
                    continue;
                }
                if let Some(v) = amount(q, node, src, issues) {
                    node.set("multipleOf", int(v), src, issues);
                }
            }
            Fact::DefaultWord(w) => {
                let v = match (&node.kind, w.as_str()) {
                    (Kind::Bool, "true") => Yaml::from(true),
                    (Kind::Bool, "false") => Yaml::from(false),
                    (Kind::Str, _) => Yaml::from(w.clone()),
                    _ => {
                        misplaced(issues, "a default of another type");
                        continue;
                    }
                };
                node.set("default", v, src, issues);
            }
            Fact::Default(q) => {
                if !matches!(node.kind, Kind::Int | Kind::Num) {
                    misplaced(issues, "a numeric default");
                    continue;
                }
                if let Some(v) = amount(q, node, src, issues) {
                    node.set("default", int(v), src, issues);
                }
            }
            Fact::FractionDigits(n) => {
                if node.get("format").and_then(Yaml::as_str) != Some("date-time") {
                    misplaced(issues, "fraction digits of a date-time");
                    continue;
                }
                let p =
                    format!("^(?:[^.]*|[^.]*\\.[0-9]{{1,{n}}}(?:[Zz]|[+-][0-9]{{2}}:[0-9]{{2}}))$");
                node.set("pattern", Yaml::from(p), src, issues);
            }
            Fact::DateRange(a, b) => issues.warn(
                src,
                format!(
                    "date-time range `{a}` to `{b}` is not encoded: no keyword bounds a date-time"
                ),
            ),
            Fact::NameOnlyMax(n) => {
                if node.kind != Kind::Str {
                    misplaced(issues, "a name length");
                    continue;
                }
                // Under the documented ARN patterns every optional ARN part ends with `:` and
                // the qualifier starts with `:`, so "only the function name" is exactly a value
                // without `:`. Other values keep the documented maxLength.
                let mut m = serde_yaml::Mapping::new();
                m.insert(
                    "pattern".into(),
                    Yaml::from(format!("^(?:[^:]{{0,{n}}}|[^:]*(?::[^:]*)+)$")),
                );
                node.set("allOf", Yaml::Sequence(vec![Yaml::Mapping(m)]), src, issues);
            }
            f @ (Fact::Needs { .. } | Fact::ZeroOrRange { .. }) => {
                if node.kind != Kind::Int {
                    misplaced(issues, "a rule between fields");
                    continue;
                }
                pending.rules.push((f, sentence.to_owned(), src.clone()));
            }
        }
    }
    required
}

/// Turns the pending rule facts of the properties of `obj` into `x-rules`. The supported shape
/// is "0 or in range from A to B" (a rule on non-zero values), optionally with "Available for
/// ... with P greater or equal to N" in the same description, which joins the same rule.
pub fn rules(obj: &mut Obj, pending: Vec<(String, Pending)>, issues: &mut Issues) {
    for (field, p) in pending {
        let zero = p
            .rules
            .iter()
            .find(|(f, ..)| matches!(f, Fact::ZeroOrRange { .. }));
        let Some((Fact::ZeroOrRange { min, max }, _, zsrc)) = zero.cloned() else {
            for (_, s, src) in &p.rules {
                issues.warn(
                    src,
                    format!("\"{s}\" needs a condition that x-rules cannot state without \"0 or in range\""),
                );
            }
            continue;
        };
        let Some(me) = obj
            .props
            .iter()
            .find(|q| q.name == field)
            .map(|q| q.node.clone())
        else {
            continue;
        };
        let other_unit = |path: &str, obj: &Obj| lookup(obj, path).map(|n| n.unit);
        let mut asserts = Vec::new();
        for (f, s, src) in &p.rules {
            if let Fact::Needs { path, min } = f {
                let Some(u) = other_unit(path, obj) else {
                    issues.warn(
                        src,
                        format!("\"{s}\" names `{path}`, which is not a field here"),
                    );
                    continue;
                };
                let other = Node {
                    unit: u,
                    ..Node::default()
                };
                if let Some(v) = amount(*min, &other, src, issues) {
                    asserts.push(assert_min(&path.replace('.', "/"), v));
                }
            }
        }
        if let Some(v) = amount(min, &me, &zsrc, issues) {
            asserts.push(assert_min(&field, v));
        }
        match max {
            Bound::Qty(q) => {
                if let Some(v) = amount(q, &me, &zsrc, issues) {
                    let mut m = serde_yaml::Mapping::new();
                    m.insert("field".into(), field.clone().into());
                    m.insert("maximum".into(), int(v));
                    asserts.push(Yaml::Mapping(m));
                }
            }
            Bound::Fraction { path, num, den } => {
                if lookup(obj, &path).is_none() {
                    issues.warn(&zsrc, format!("`{path}` is not a field here"));
                    continue;
                }
                let mut b = serde_yaml::Mapping::new();
                b.insert("field".into(), path.replace('.', "/").into());
                b.insert("numerator".into(), num.into());
                b.insert("denominator".into(), den.into());
                let mut m = serde_yaml::Mapping::new();
                m.insert("field".into(), field.clone().into());
                m.insert("maximum".into(), Yaml::Mapping(b));
                asserts.push(Yaml::Mapping(m));
            }
        }
        let description = p
            .rules
            .iter()
            .map(|(_, s, _)| s.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let mut when = serde_yaml::Mapping::new();
        when.insert("field".into(), field.clone().into());
        when.insert("not-equal".into(), 0.into());
        let mut rule = serde_yaml::Mapping::new();
        rule.insert("description".into(), description.into());
        rule.insert("when".into(), Yaml::Mapping(when));
        rule.insert("assert".into(), Yaml::Sequence(asserts));
        obj.rules.push((Yaml::Mapping(rule), zsrc.clone()));
        // "0 or ..." also says the value is never negative.
        if let Some(prop) = obj.props.iter_mut().find(|q| q.name == field) {
            prop.node.set("minimum", 0.into(), &zsrc, issues);
        }
    }
}

fn assert_min(field: &str, v: i128) -> Yaml {
    let mut m = serde_yaml::Mapping::new();
    m.insert("field".into(), field.into());
    m.insert("minimum".into(), int(v));
    Yaml::Mapping(m)
}

/// The node at a dotted path inside an object (`resources.memory`).
pub fn lookup<'a>(obj: &'a Obj, path: &str) -> Option<&'a Node> {
    let (head, rest) = match path.split_once('.') {
        Some((h, r)) => (h, Some(r)),
        None => (path, None),
    };
    let n = &obj.props.iter().find(|p| p.name == head)?.node;
    match (rest, &n.kind) {
        (None, _) => Some(n),
        (Some(r), Kind::Object(o)) => lookup(o, r),
        _ => None,
    }
}

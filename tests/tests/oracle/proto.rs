//! The Yandex side of the oracle: a small reader of the `.proto` files (services with their
//! `google.api.http` options, messages, nested messages, enums, oneofs, and the field options
//! of `yandex/cloud/validation.proto`) and the operations it gives, with JSON names.

use super::model::{Check, Kind, Member, Node, OneOf, Operation, Place};
use std::collections::{BTreeMap, BTreeSet};

/// A field of a message.
#[derive(Debug, Clone, Default)]
struct Field {
    name: String,
    ty: String,
    repeated: bool,
    /// `map<K, V>`: the key type (the value type is `ty`).
    map_key: Option<String>,
    /// Options by name: `required`, `length`, `map_key.pattern`, ...
    options: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default)]
struct Message {
    fields: Vec<Field>,
    /// Oneofs: field names and `exactly_one`.
    oneofs: Vec<(Vec<String>, bool)>,
}

/// An RPC: name, input and output message, HTTP method and path.
#[derive(Debug, Clone, Default)]
struct Rpc {
    name: String,
    input: String,
    output: String,
    path: String,
    /// The `body:` of the HTTP option (`*`), if any.
    body: Option<String>,
}

/// The messages, enums and RPCs of a set of proto files.
#[derive(Default)]
pub struct Protos {
    messages: BTreeMap<String, Message>,
    /// Enum values, without the zero `*_UNSPECIFIED` value that the documentation omits.
    enums: BTreeMap<String, BTreeSet<String>>,
    rpcs: Vec<Rpc>,
}

/// Tokens: identifiers (with dots), strings (unescaped, kept with a leading `"`), numbers and
/// single-character symbols.
fn tokens(text: &str) -> Vec<String> {
    let c: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < c.len() {
        let ch = c[i];
        if ch.is_whitespace() {
            i += 1;
        } else if ch == '/' && c.get(i + 1) == Some(&'/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if ch == '/' && c.get(i + 1) == Some(&'*') {
            i += 2;
            while i + 1 < c.len() && !(c[i] == '*' && c[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if ch == '"' || ch == '\'' {
            let mut s = String::from('"');
            i += 1;
            while i < c.len() && c[i] != ch {
                if c[i] == '\\' && i + 1 < c.len() {
                    i += 1;
                    s.push(match c[i] {
                        'n' => '\n',
                        't' => '\t',
                        other => other,
                    });
                } else {
                    s.push(c[i]);
                }
                i += 1;
            }
            i += 1;
            out.push(s);
        } else if ch.is_alphanumeric() || ch == '_' || ch == '.' {
            let start = i;
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_' || c[i] == '.') {
                i += 1;
            }
            out.push(c[start..i].iter().collect());
        } else {
            out.push(ch.to_string());
            i += 1;
        }
    }
    out
}

struct Parser {
    t: Vec<String>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> &str {
        self.t.get(self.pos).map_or("", String::as_str)
    }

    fn next(&mut self) -> String {
        let t = self.t.get(self.pos).cloned().unwrap_or_default();
        self.pos += 1;
        t
    }

    fn done(&self) -> bool {
        self.pos >= self.t.len()
    }

    /// Skips a statement up to its `;`, or a `{ ... }` block (and a `;` after it).
    fn skip(&mut self) {
        let mut depth = 0;
        while !self.done() {
            let t = self.next();
            match t.as_str() {
                "{" => depth += 1,
                "}" => {
                    depth -= 1;
                    if depth == 0 {
                        if self.peek() == ";" {
                            self.next();
                        }
                        return;
                    }
                }
                ";" if depth == 0 => return,
                _ => {}
            }
        }
    }

    /// `[ (name).sub = value, ... ]` after a field.
    fn options(&mut self, out: &mut BTreeMap<String, String>) {
        if self.peek() != "[" {
            return;
        }
        self.next();
        while !self.done() && self.peek() != "]" {
            let mut name = String::new();
            while !self.done() && self.peek() != "=" {
                let t = self.next();
                if t != "(" && t != ")" && t != "," {
                    name.push_str(&t);
                }
            }
            self.next();
            let v = self.next();
            out.insert(name, v.trim_start_matches('"').to_owned());
            if self.peek() == "," {
                self.next();
            }
        }
        self.next();
    }
}

impl Protos {
    /// Reads proto files.
    pub fn read(paths: &[std::path::PathBuf]) -> Protos {
        let mut p = Protos::default();
        for path in paths {
            let text =
                std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let mut ps = Parser {
                t: tokens(&text),
                pos: 0,
            };
            while !ps.done() {
                match ps.peek() {
                    "message" => {
                        ps.next();
                        let name = ps.next();
                        p.message(&mut ps, &name);
                    }
                    "enum" => {
                        ps.next();
                        let name = ps.next();
                        p.enumeration(&mut ps, &name);
                    }
                    "service" => {
                        ps.next();
                        ps.next();
                        p.service(&mut ps);
                    }
                    _ => ps.skip(),
                }
            }
        }
        p
    }

    fn enumeration(&mut self, ps: &mut Parser, name: &str) {
        ps.next(); // {
        let mut values = BTreeSet::new();
        while !ps.done() && ps.peek() != "}" {
            if ps.peek() == "option" || ps.peek() == "reserved" {
                ps.skip();
                continue;
            }
            let v = ps.next();
            ps.next(); // =
            let n = ps.next();
            let mut o = BTreeMap::new();
            ps.options(&mut o);
            ps.next(); // ;
            if !(n == "0" && v.ends_with("_UNSPECIFIED")) {
                values.insert(v);
            }
        }
        ps.next();
        self.enums.insert(name.to_owned(), values);
    }

    fn message(&mut self, ps: &mut Parser, name: &str) {
        ps.next(); // {
        let mut m = Message::default();
        while !ps.done() && ps.peek() != "}" {
            match ps.peek() {
                "message" => {
                    ps.next();
                    let n = ps.next();
                    self.message(ps, &format!("{name}.{n}"));
                }
                "enum" => {
                    ps.next();
                    let n = ps.next();
                    self.enumeration(ps, &format!("{name}.{n}"));
                }
                "oneof" => {
                    ps.next();
                    ps.next();
                    ps.next(); // {
                    let (mut fields, mut exactly) = (Vec::new(), false);
                    while !ps.done() && ps.peek() != "}" {
                        if ps.peek() == "option" {
                            let start = ps.pos;
                            ps.skip();
                            exactly |= ps.t[start..ps.pos].iter().any(|t| t == "exactly_one")
                                && ps.t[start..ps.pos].iter().any(|t| t == "true");
                            continue;
                        }
                        let f = field(ps);
                        fields.push(f.name.clone());
                        m.fields.push(f);
                    }
                    ps.next();
                    m.oneofs.push((fields, exactly));
                }
                "option" | "reserved" | "extensions" | ";" => ps.skip(),
                _ => {
                    let f = field(ps);
                    m.fields.push(f);
                }
            }
        }
        ps.next();
        self.messages.insert(name.to_owned(), m);
    }

    fn service(&mut self, ps: &mut Parser) {
        ps.next(); // {
        while !ps.done() && ps.peek() != "}" {
            if ps.peek() != "rpc" {
                ps.skip();
                continue;
            }
            ps.next();
            let mut r = Rpc {
                name: ps.next(),
                ..Rpc::default()
            };
            ps.next(); // (
            r.input = ps.next();
            ps.next(); // )
            ps.next(); // returns
            ps.next(); // (
            r.output = ps.next();
            ps.next(); // )
            let start = ps.pos;
            ps.skip();
            let body = &ps.t[start..ps.pos];
            for (i, t) in body.iter().enumerate() {
                let verb = ["get", "post", "put", "patch", "delete"].contains(&t.as_str());
                if verb && body.get(i + 1).is_some_and(|c| c == ":") {
                    r.path = body
                        .get(i + 2)
                        .map_or("", |p| p.trim_start_matches('"'))
                        .to_owned();
                }
                if t == "body" && body.get(i + 1).is_some_and(|c| c == ":") {
                    r.body = body
                        .get(i + 2)
                        .map(|b| b.trim_start_matches('"').to_owned());
                }
            }
            self.rpcs.push(r);
        }
        ps.next();
    }

    /// The operation whose `operationId` (the RPC name in lowerCamelCase) is `id`; `Err`
    /// names what the model lacks (an input message of another package).
    pub fn operation(&self, id: &str) -> Option<Result<Operation, String>> {
        let rpc = self
            .rpcs
            .iter()
            .find(|r| lower_camel_first(&r.name) == id)?;
        let Some(input) = self.messages.get(&rpc.input) else {
            return Some(Err(format!(
                "the input message {} is not in the reference protos",
                rpc.input
            )));
        };
        let in_path: Vec<&str> = rpc
            .path
            .split('{')
            .skip(1)
            .filter_map(|s| s.split('}').next())
            .collect();
        let mut out = Operation {
            id: id.to_owned(),
            ..Operation::default()
        };
        // Without `body:` in the HTTP option (GET, DELETE), the fields go in the query.
        let is_get = rpc.body.is_none();
        let mut body = Vec::new();
        let mut stack = vec![rpc.input.clone()];
        for f in &input.fields {
            let m = self.member(&rpc.input, f, &mut stack);
            if in_path.contains(&f.name.as_str()) {
                out.params.push((Place::Path, m));
            } else if is_get {
                out.params.push((Place::Query, m));
            } else {
                body.push(m);
            }
        }
        let oneofs = self.oneofs(input);
        if is_get {
            out.param_oneofs = oneofs;
        } else if !body.is_empty() {
            out.body = Some(Node {
                checks: Vec::new(),
                kind: Kind::Object(body, oneofs),
            });
        }
        if let Some(n) = self.message_node(&rpc.output, "", &mut Vec::new()) {
            out.response_body = Some(n);
        }
        Some(Ok(out))
    }

    fn oneofs(&self, m: &Message) -> Vec<OneOf> {
        m.oneofs
            .iter()
            .map(|(fields, exactly)| OneOf {
                fields: fields.iter().map(|f| lower_camel(f)).collect(),
                exactly_one: *exactly,
            })
            .collect()
    }

    /// The full name of a type used in message `scope`, if the files define it.
    fn resolve(&self, scope: &str, ty: &str) -> Option<String> {
        let ty = ty
            .strip_prefix("yandex.cloud.serverless.functions.v1.")
            .unwrap_or(ty);
        let mut s = scope.to_owned();
        loop {
            let cand = if s.is_empty() {
                ty.to_owned()
            } else {
                format!("{s}.{ty}")
            };
            if self.messages.contains_key(&cand) || self.enums.contains_key(&cand) {
                return Some(cand);
            }
            if s.is_empty() {
                return None;
            }
            s = s.rfind('.').map_or(String::new(), |i| s[..i].to_owned());
        }
    }

    /// A message as an object node; `None` when the files do not define it.
    fn message_node(&self, name: &str, scope: &str, stack: &mut Vec<String>) -> Option<Node> {
        let full = self.resolve(scope, name)?;
        let m = self.messages.get(&full)?;
        if stack.contains(&full) {
            return Some(Node {
                checks: Vec::new(),
                kind: Kind::Object(Vec::new(), Vec::new()),
            });
        }
        stack.push(full.clone());
        let members = m
            .fields
            .iter()
            .map(|f| self.member(&full, f, stack))
            .collect();
        stack.pop();
        Some(Node {
            checks: Vec::new(),
            kind: Kind::Object(members, self.oneofs(m)),
        })
    }

    /// A value of type `ty` with the options that apply to a single value (`length`,
    /// `pattern`, `value`).
    fn value(
        &self,
        scope: &str,
        ty: &str,
        length: Option<&String>,
        pattern: Option<&String>,
        value: Option<&String>,
        stack: &mut Vec<String>,
    ) -> Node {
        let mut checks = Vec::new();
        if let Some((lo, hi)) = length.and_then(|l| range(l)) {
            push_range(&mut checks, ("minLength", "maxLength"), lo, hi);
        }
        if let Some(p) = pattern {
            checks.push(("pattern", Check::Pattern(p.clone())));
        }
        if let Some((lo, hi)) = value.and_then(|l| range(l)) {
            push_range(&mut checks, ("minimum", "maximum"), lo, hi);
        }
        let mut node = Node {
            checks,
            kind: Kind::Scalar,
        };
        if let Some(full) = self.resolve(scope, ty) {
            if let Some(values) = self.enums.get(&full) {
                node.checks.push(("enum", Check::Enum(values.clone())));
            } else if let Some(n) = self.message_node(&full, "", stack) {
                node.kind = n.kind;
            }
        }
        node
    }

    fn member(&self, scope: &str, f: &Field, stack: &mut Vec<String>) -> Member {
        let o = &f.options;
        // The field's own options: of the value, of each item, of each map value.
        let value = self.value(
            scope,
            &f.ty,
            o.get("length"),
            o.get("pattern"),
            o.get("value"),
            stack,
        );
        let mut checks = Vec::new();
        let size = o.get("size").and_then(|s| range(s));
        let node = if let Some(k) = &f.map_key {
            let key = self.value(
                scope,
                k,
                o.get("map_key.length"),
                o.get("map_key.pattern"),
                o.get("map_key.value"),
                stack,
            );
            if let Some((lo, hi)) = size {
                push_range(&mut checks, ("minProperties", "maxProperties"), lo, hi);
            }
            Node {
                checks,
                kind: Kind::Map(Box::new(key), Box::new(value)),
            }
        } else if f.repeated {
            if let Some((lo, hi)) = size {
                push_range(&mut checks, ("minItems", "maxItems"), lo, hi);
            }
            if o.get("unique").is_some_and(|u| u == "true") {
                checks.push(("uniqueItems", Check::True));
            }
            Node {
                checks,
                kind: Kind::List(Box::new(value)),
            }
        } else {
            value
        };
        Member {
            name: lower_camel(&f.name),
            required: o.get("required").is_some_and(|r| r == "true"),
            node,
        }
    }
}

/// A field declaration: `[repeated] Type name = N [options];` or `map<K, V> name = N ...;`.
fn field(ps: &mut Parser) -> Field {
    let mut f = Field::default();
    if ps.peek() == "repeated" || ps.peek() == "optional" {
        f.repeated = ps.next() == "repeated";
    }
    let ty = ps.next();
    if ty == "map" {
        ps.next(); // <
        f.map_key = Some(ps.next());
        ps.next(); // ,
        f.ty = ps.next();
        ps.next(); // >
    } else {
        f.ty = ty;
    }
    f.name = ps.next();
    ps.next(); // =
    ps.next(); // number
    ps.options(&mut f.options);
    if ps.peek() == ";" {
        ps.next();
    }
    f
}

fn push_range(
    checks: &mut Vec<(&'static str, Check)>,
    kw: (&'static str, &'static str),
    lo: Option<i128>,
    hi: Option<i128>,
) {
    if let Some(lo) = lo {
        checks.push((kw.0, Check::Num(lo.to_string())));
    }
    if let Some(hi) = hi {
        checks.push((kw.1, Check::Num(hi.to_string())));
    }
}

/// A validation range (`"<=256"`, `"1-63"`, `">0"`, `"0-1000"`, `"5"`) as inclusive bounds.
fn range(s: &str) -> Option<(Option<i128>, Option<i128>)> {
    let s = s.trim();
    let num = |t: &str| t.trim().parse::<i128>().ok();
    if let Some(r) = s.strip_prefix("<=") {
        return Some((None, Some(num(r)?)));
    }
    if let Some(r) = s.strip_prefix(">=") {
        return Some((Some(num(r)?), None));
    }
    if let Some(r) = s.strip_prefix('<') {
        return Some((None, Some(num(r)? - 1)));
    }
    if let Some(r) = s.strip_prefix('>') {
        return Some((Some(num(r)? + 1), None));
    }
    if let Some((a, b)) = s.split_once('-') {
        return Some((Some(num(a)?), Some(num(b)?)));
    }
    let n = num(s)?;
    Some((Some(n), Some(n)))
}

/// `function_id` -> `functionId` (the protobuf JSON name).
pub fn lower_camel(s: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in s.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `CreateVersion` -> `createVersion`.
fn lower_camel_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_lowercase().chain(c).collect())
        .unwrap_or_default()
}

//! Reading a spec: YAML to a JSON value (for schema checks with exact pointers) and to an
//! `openapiv3::OpenAPI` (for the document structure), with errors that name file, pointer and
//! line.

use crate::error::{Diagnostic, escape};
use serde_json::{Map, Number, Value};
use std::collections::HashMap;
use std::sync::OnceLock;

/// A spec that parsed.
#[derive(Debug)]
pub struct Spec {
    /// The path shown in errors and headers.
    pub file: String,
    /// The YAML text, for line numbers.
    pub text: String,
    /// The document as JSON, for schema checks.
    pub raw: Value,
    /// The document structure.
    pub doc: openapiv3::OpenAPI,
    /// Lines by pointer, built on the first diagnostic.
    lines: OnceLock<HashMap<String, usize>>,
}

impl Spec {
    /// A diagnostic at `pointer`, with the line where the locator finds it.
    pub fn diag(&self, pointer: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            file: self.file.clone(),
            pointer: pointer.to_owned(),
            line: line_of(self.lines.get_or_init(|| node_lines(&self.text)), pointer),
            message: message.into(),
        }
    }

    /// The raw value at `pointer`.
    pub fn at(&self, pointer: &str) -> Option<&Value> {
        self.raw.pointer(pointer)
    }
}

/// The JSON pointer a local `$ref` names: its fragment, percent-decoded (a `$ref` is a URI,
/// so `percent%25field` names `percent%field`). `None` for a reference into another document
/// or a fragment that does not decode to UTF-8.
pub fn ref_pointer(r: &str) -> Option<String> {
    let fragment = r.strip_prefix('#')?;
    let decoded = percent_encoding::percent_decode_str(fragment)
        .decode_utf8()
        .ok()?;
    (decoded.is_empty() || decoded.starts_with('/')).then(|| decoded.into_owned())
}

/// The name of the component of `section` (`schemas`, `parameters`, ...) that a local `$ref`
/// names, with pointer escapes undone (`a~1b` is `a/b`). `None` when the reference names
/// anything else (another document, a place inside a component).
pub fn ref_name(r: &str, section: &str) -> Option<String> {
    let pointer = ref_pointer(r)?;
    let seg = pointer.strip_prefix(&format!("/components/{section}/"))?;
    (!seg.contains('/')).then(|| seg.replace("~1", "/").replace("~0", "~"))
}

fn to_json(v: serde_yaml::Value, pointer: &str, errs: &mut Vec<String>) -> Value {
    use serde_yaml::Value as Y;
    match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                match n.as_f64().and_then(Number::from_f64) {
                    Some(f) => Value::Number(f),
                    None => {
                        errs.push(format!("{pointer}\u{0}non-finite number"));
                        Value::Null
                    }
                }
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, x)| to_json(x, &format!("{pointer}/{i}"), errs))
                .collect(),
        ),
        Y::Mapping(m) => {
            let mut out = Map::new();
            for (k, v) in m {
                // OpenAPI writes status codes as bare numbers: keys are read as their text.
                let key = match k {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    _ => {
                        errs.push(format!("{pointer}\u{0}mapping keys must be scalars"));
                        continue;
                    }
                };
                let p = format!("{pointer}/{}", escape(&key));
                let v = to_json(v, &p, errs);
                out.insert(key, v);
            }
            Value::Object(out)
        }
        Y::Tagged(t) => {
            errs.push(format!(
                "{pointer}\u{0}yaml tags (`{}`) are not supported",
                t.tag
            ));
            Value::Null
        }
    }
}

/// Parses `text` (the contents of `file`).
pub fn parse(file: &str, text: String) -> Result<Spec, Vec<Diagnostic>> {
    let d = |pointer: String, line: Option<usize>, message: String| Diagnostic {
        file: file.to_owned(),
        pointer,
        line,
        message,
    };
    let yaml: serde_yaml::Value = serde_yaml::from_str(&text).map_err(|e| {
        let line = e.location().map(|l| l.line());
        vec![d(String::new(), line, format!("invalid yaml: {e}"))]
    })?;
    let mut errs = Vec::new();
    let raw = to_json(yaml, "", &mut errs);
    if !errs.is_empty() {
        let lines = node_lines(&text);
        return Err(errs
            .into_iter()
            .map(|e| {
                let (p, m) = e.split_once('\u{0}').unwrap_or(("", &e));
                d(p.to_owned(), line_of(&lines, p), m.to_owned())
            })
            .collect());
    }
    match raw.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0.") => {}
        Some(v) => {
            return Err(vec![d(
                "/openapi".into(),
                locate(&text, "/openapi"),
                format!("openapi version {v} is not supported (3.0.x only)"),
            )]);
        }
        None => {
            return Err(vec![d(
                String::new(),
                None,
                "not an OpenAPI 3.0 document: `openapi` is missing".into(),
            )]);
        }
    }
    structure(file, text, raw).map_err(|e| vec![e])
}

/// The spec of an already checked JSON form of `text` (`raw`): its OpenAPI structure read.
/// Also used for a document narrowed to some operations and types, whose nodes are still at
/// the pointers, and so the lines, of `text`.
pub(crate) fn structure(file: &str, text: String, raw: Value) -> Result<Spec, Diagnostic> {
    // Callbacks are not generated (lowering notes them from `raw`), and openapiv3 does not
    // read a callback given by `$ref`, which OpenAPI 3.0 allows: they are left out of the
    // structure it reads.
    let without = without_callbacks(&raw);
    let doc: openapiv3::OpenAPI =
        serde_path_to_error::deserialize(without.as_ref().unwrap_or(&raw)).map_err(|e| {
            let pointer: String = e
                .path()
                .iter()
                .filter_map(|seg| match seg {
                    serde_path_to_error::Segment::Map { key } => Some(format!("/{}", escape(key))),
                    serde_path_to_error::Segment::Seq { index } => Some(format!("/{index}")),
                    _ => None,
                })
                .collect();
            Diagnostic {
                file: file.to_owned(),
                line: locate(&text, &pointer),
                pointer,
                message: format!("malformed OpenAPI document: {}", e.inner()),
            }
        })?;
    Ok(Spec {
        file: file.to_owned(),
        text,
        raw,
        doc,
        lines: OnceLock::new(),
    })
}

/// `raw` without the callbacks of its operations and components, when it has any.
fn without_callbacks(raw: &Value) -> Option<Value> {
    let has = |v: &Value| v.get("callbacks").is_some();
    let paths = raw.get("paths").and_then(Value::as_object);
    let any = paths.is_some_and(|p| {
        p.values()
            .filter_map(Value::as_object)
            .any(|item| item.values().any(has))
    }) || raw.get("components").is_some_and(has);
    if !any {
        return None;
    }
    let mut out = raw.clone();
    if let Some(paths) = out.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut().filter_map(Value::as_object_mut) {
            for op in item.values_mut().filter_map(Value::as_object_mut) {
                op.remove("callbacks");
            }
        }
    }
    if let Some(c) = out.get_mut("components").and_then(Value::as_object_mut) {
        c.remove("callbacks");
    }
    Some(out)
}

/// The line of every node of a YAML text, by JSON pointer: a mapping member at its key's
/// line, a sequence item where it starts. Read from the parser's node positions, so nesting,
/// flow collections, quoting and comments need no guessing. Text the parser rejects ends the
/// map where the error is (`parse` has reported it).
pub fn node_lines(text: &str) -> HashMap<String, usize> {
    use saphyr_parser::{Event, Parser};
    enum Frame {
        /// A mapping: the pointer, and the key whose value comes next (`None`: a key comes).
        Map(String, Option<String>),
        /// A sequence: the pointer and the next index.
        Seq(String, usize),
    }
    let mut lines = HashMap::new();
    let mut stack: Vec<Frame> = Vec::new();
    for ev in Parser::new_from_str(text) {
        let Ok((ev, span)) = ev else { break };
        let line = span.start.line();
        let opens = matches!(ev, Event::MappingStart(..) | Event::SequenceStart(..));
        let node = matches!(ev, Event::Scalar(..) | Event::Alias(_)) || opens;
        if matches!(ev, Event::MappingEnd | Event::SequenceEnd) {
            stack.pop();
            if let Some(Frame::Map(_, key)) = stack.last_mut() {
                *key = None;
            }
            continue;
        }
        if !node {
            continue;
        }
        let at = match stack.last_mut() {
            None => String::new(),
            Some(Frame::Seq(p, i)) => {
                *i += 1;
                format!("{p}/{}", *i - 1)
            }
            Some(Frame::Map(p, key @ None)) => {
                // A key. Scalar keys name the member (status codes are read as their text,
                // as `to_json` does); a complex key names nothing.
                let name = match &ev {
                    Event::Scalar(s, ..) => s.to_string(),
                    _ => String::from("\u{0}"),
                };
                let member = format!("{p}/{}", escape(&name));
                lines.entry(member.clone()).or_insert(line);
                *key = Some(member);
                if opens {
                    // The complex key's own nodes are under a pointer nothing names.
                    stack.push(Frame::Map("\u{0}".into(), None));
                }
                continue;
            }
            Some(Frame::Map(_, key @ Some(_))) => key.take().unwrap_or_default(),
        };
        lines.entry(at.clone()).or_insert(line);
        match ev {
            Event::MappingStart(..) => stack.push(Frame::Map(at, None)),
            Event::SequenceStart(..) => stack.push(Frame::Seq(at, 0)),
            _ => {}
        }
    }
    lines
}

/// The line of `pointer` in `lines` (from [`node_lines`]), or of the deepest node above it
/// that exists (a pointer into a member the document lacks).
pub fn line_of(lines: &HashMap<String, usize>, pointer: &str) -> Option<usize> {
    let mut p = pointer;
    loop {
        if let Some(&l) = lines.get(p) {
            return Some(l);
        }
        p = &p[..p.rfind('/')?];
    }
}

/// The line of `pointer` in YAML `text` (one pointer; [`Spec::diag`] keeps the map).
pub fn locate(text: &str, pointer: &str) -> Option<usize> {
    line_of(&node_lines(text), pointer)
}

#[cfg(test)]
mod tests {
    use super::{locate, ref_name};

    #[test]
    fn refs_are_uri_fragments_holding_pointers() {
        let name = |r| ref_name(r, "schemas");
        assert_eq!(name("#/components/schemas/A").as_deref(), Some("A"));
        assert_eq!(
            name("#/components/schemas/percent%25field").as_deref(),
            Some("percent%field")
        );
        assert_eq!(
            name("#/components/schemas/with%20space").as_deref(),
            Some("with space")
        );
        assert_eq!(name("#/components/schemas/a~1b").as_deref(), Some("a/b"));
        assert_eq!(name("#/components/schemas/a~01").as_deref(), Some("a~1"));
        assert_eq!(name("#/components/schemas/%C3%A9").as_deref(), Some("é"));
        assert_eq!(name("#/components/schemas/A/properties/b"), None);
        assert_eq!(name("#/components/parameters/A"), None);
        assert_eq!(name("other.yaml#/components/schemas/A"), None);
        assert_eq!(name("#/components/schemas/%FF"), None);
    }

    const Y: &str = "openapi: 3.0.3\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        tag:\n          type: array\n          items:\n            pattern: 'x'\n    B:\n      allOf:\n        - $ref: '#/components/schemas/A'\n        - pattern: 'y'\n";

    #[test]
    fn finds_keys_and_items() {
        assert_eq!(
            locate(Y, "/components/schemas/A/properties/tag/items/pattern"),
            Some(10)
        );
        assert_eq!(locate(Y, "/components/schemas/B"), Some(11));
        assert_eq!(locate(Y, "/components/schemas/B/allOf/1/pattern"), Some(14));
        assert_eq!(locate(Y, "/components/schemas/B/allOf/0/$ref"), Some(13));
        assert_eq!(locate(Y, "/components/schemas/B/allOf/0"), Some(13));
        assert_eq!(locate(Y, "/components/schemas/A/nothing/here"), Some(4));
    }

    #[test]
    fn lines_follow_nesting_not_key_text() {
        // `title` is a sibling property's name before it is the keyword asked for.
        let y = "a:\n  properties:\n    title: {type: string}\n    other:\n      title: Other\n      nullable: true\n  '200': {x: [1, {title: t}]}\n";
        assert_eq!(locate(y, "/a/properties/title"), Some(3));
        assert_eq!(locate(y, "/a/properties/title/type"), Some(3));
        assert_eq!(locate(y, "/a/properties/other/title"), Some(5));
        assert_eq!(locate(y, "/a/properties/other/nullable"), Some(6));
        assert_eq!(locate(y, "/a/200/x/1/title"), Some(7));
        assert_eq!(locate("{a: [1,\n 2]}", "/a/1"), Some(2));
        assert_eq!(locate("a: 1\nb: [", "/a"), Some(1));
    }
}

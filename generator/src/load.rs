//! Reading a spec: YAML to a JSON value (for schema checks with exact pointers) and to an
//! `openapiv3::OpenAPI` (for the document structure), with errors that name file, pointer and
//! line.

use crate::error::{Diagnostic, escape};
use serde_json::{Map, Number, Value};

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
}

impl Spec {
    /// A diagnostic at `pointer`, with the line where the locator finds it.
    pub fn diag(&self, pointer: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            file: self.file.clone(),
            pointer: pointer.to_owned(),
            line: locate(&self.text, pointer),
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
        return Err(errs
            .into_iter()
            .map(|e| {
                let (p, m) = e.split_once('\u{0}').unwrap_or(("", &e));
                d(p.to_owned(), locate(&text, p), m.to_owned())
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
    let doc: openapiv3::OpenAPI = serde_path_to_error::deserialize(&raw)
        .map_err(|e| {
            let pointer: String = e
                .path()
                .iter()
                .filter_map(|seg| match seg {
                    serde_path_to_error::Segment::Map { key } => Some(format!("/{}", escape(key))),
                    serde_path_to_error::Segment::Seq { index } => Some(format!("/{index}")),
                    _ => None,
                })
                .collect();
            let line = locate(&text, &pointer);
            d(
                pointer,
                line,
                format!("malformed OpenAPI document: {}", e.inner()),
            )
        })
        .map_err(|e| vec![e])?;
    Ok(Spec {
        file: file.to_owned(),
        text,
        raw,
        doc,
    })
}

/// Finds the line of `pointer` in block-style YAML: each key segment is searched among the
/// deeper-indented lines under the previous one, each index segment counts `- ` items. Flow
/// collections and anything unusual give the line of the deepest segment found.
pub fn locate(text: &str, pointer: &str) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mut line = 0usize; // index of the current node's line
    let mut found = None;
    let mut parent_indent: Option<usize> = None;
    let mut pending_item = false; // current node is a `- ` item whose first key is on its line
    if pointer.is_empty() {
        return Some(1);
    }
    for seg in pointer.split('/').skip(1) {
        let seg = seg.replace("~1", "/").replace("~0", "~");
        let start = if found.is_none() { 0 } else { line + 1 };
        let min = parent_indent.map_or(0, |p| p + 1);
        let mut hit = None;
        // A key first (status codes such as `'200'` look like indexes), then an index.
        {
            let keys = [
                format!("{seg}:"),
                format!("'{seg}':"),
                format!("\"{seg}\":"),
            ];
            let first = if pending_item { line } else { start };
            for (i, l) in lines.iter().enumerate().skip(first) {
                let t = l.trim_start();
                if t.is_empty() || t.starts_with('#') {
                    continue;
                }
                if i > first && indent(l) < min {
                    break;
                }
                let t = if i == first && pending_item {
                    t.trim_start_matches("- ")
                } else {
                    t
                };
                if keys.iter().any(|k| t.starts_with(k.as_str())) {
                    let ind = if i == first && pending_item {
                        indent(l) + 2
                    } else {
                        indent(l)
                    };
                    hit = Some((i, ind));
                    break;
                }
            }
            pending_item = false;
        }
        if hit.is_none()
            && let Ok(idx) = seg.parse::<usize>()
        {
            let mut count = 0;
            for (i, l) in lines.iter().enumerate().skip(start) {
                let t = l.trim_start();
                if t.is_empty() || t.starts_with('#') {
                    continue;
                }
                if indent(l) < min.saturating_sub(2) {
                    break;
                }
                if t.starts_with("- ") || t == "-" {
                    if count == idx {
                        hit = Some((i, indent(l)));
                        break;
                    }
                    count += 1;
                }
            }
            pending_item = true;
        }
        match hit {
            Some((i, ind)) => {
                line = i;
                found = Some(i);
                parent_indent = Some(ind);
            }
            None => break,
        }
    }
    found.map(|i| i + 1)
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
    }
}

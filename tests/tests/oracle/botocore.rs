//! The AWS side of the oracle: botocore's service model (`service-2.json`) read into the
//! oracle's tree. Members go by `location`: `uri` to path, `querystring` to query and `header`
//! to header parameters (named by `locationName`), the rest to the JSON body; a `payload`
//! member is the body itself.

use super::model::{Check, Kind, Member, Node, Operation, Place, number};
use serde_json::Value;
use std::collections::BTreeSet;

/// The model: `shapes` and `operations`.
pub struct Botocore {
    root: Value,
}

impl Botocore {
    /// Reads the model file.
    pub fn read(path: &std::path::Path) -> Botocore {
        let text =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        Botocore {
            root: serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
        }
    }

    fn shape(&self, name: &str) -> &Value {
        self.root
            .pointer(&format!("/shapes/{name}"))
            .unwrap_or_else(|| panic!("botocore: no shape {name}"))
    }

    /// The operation, or `None` when the model does not have it.
    pub fn operation(&self, name: &str) -> Option<Operation> {
        let op = self.root.get("operations")?.get(name)?;
        let mut out = Operation {
            id: name.to_owned(),
            ..Operation::default()
        };
        if let Some(input) = op.pointer("/input/shape").and_then(Value::as_str) {
            let (located, body) = self.split(input);
            for (loc, m) in located {
                let place = match loc.as_str() {
                    "uri" => Place::Path,
                    "querystring" => Place::Query,
                    "header" => Place::Header,
                    _ => continue,
                };
                out.params.push((place, m));
            }
            out.body = body;
        }
        if let Some(output) = op.pointer("/output/shape").and_then(Value::as_str) {
            let (located, body) = self.split(output);
            for (loc, m) in located {
                if loc == "header" {
                    out.response_headers.push(m);
                }
            }
            out.response_body = body;
        }
        Some(out)
    }

    /// An input or output structure: its located members (with their location) and its body.
    fn split(&self, shape: &str) -> (Vec<(String, Member)>, Option<Node>) {
        let s = self.shape(shape);
        let required = required_of(s);
        let payload = s.get("payload").and_then(Value::as_str);
        let mut located = Vec::new();
        let mut body = Vec::new();
        let mut payload_node = None;
        let mut stack = vec![shape.to_owned()];
        for (name, m) in members_of(s) {
            let target = m.get("shape").and_then(Value::as_str).unwrap_or_default();
            let node = self.node(target, &mut stack);
            if Some(name.as_str()) == payload {
                payload_node = Some(node);
                continue;
            }
            let wire = m
                .get("locationName")
                .and_then(Value::as_str)
                .unwrap_or(name)
                .to_owned();
            let member = Member {
                name: wire,
                required: required.contains(name),
                node,
            };
            match m.get("location").and_then(Value::as_str) {
                Some(loc) => located.push((loc.to_owned(), member)),
                None => body.push(member),
            }
        }
        let body = match payload_node {
            Some(n) => Some(n),
            None if body.is_empty() => None,
            None => Some(Node {
                checks: Vec::new(),
                kind: Kind::Object(body, Vec::new()),
            }),
        };
        (located, body)
    }

    /// A shape as a node; a structure already on `stack` (a cycle) has no members.
    fn node(&self, name: &str, stack: &mut Vec<String>) -> Node {
        let s = self.shape(name);
        let ty = s.get("type").and_then(Value::as_str).unwrap_or_default();
        let mut checks = Vec::new();
        let (min, max) = match ty {
            "string" => ("minLength", "maxLength"),
            "integer" | "long" | "double" | "float" => ("minimum", "maximum"),
            "list" => ("minItems", "maxItems"),
            "map" => ("minProperties", "maxProperties"),
            // Blobs, booleans, timestamps and structures: no bounds in the oracle.
            _ => ("", ""),
        };
        for (k, kw) in [("min", min), ("max", max)] {
            if let (Some(n), false) = (s.get(k).and_then(Value::as_number), kw.is_empty()) {
                checks.push((kw, Check::Num(number(n))));
            }
        }
        if let Some(p) = s.get("pattern").and_then(Value::as_str) {
            checks.push(("pattern", Check::Pattern(p.to_owned())));
        }
        if let Some(e) = s.get("enum").and_then(Value::as_array) {
            let set: BTreeSet<String> = e
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect();
            checks.push(("enum", Check::Enum(set)));
        }
        let target = |k: &str| {
            s.pointer(&format!("/{k}/shape"))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let kind = match ty {
            "list" => Kind::List(Box::new(self.node(&target("member"), stack))),
            "map" => Kind::Map(
                Box::new(self.node(&target("key"), stack)),
                Box::new(self.node(&target("value"), stack)),
            ),
            "structure" if stack.iter().any(|n| n == name) => Kind::Object(Vec::new(), Vec::new()),
            "structure" => {
                stack.push(name.to_owned());
                let required = required_of(s);
                let mut members = Vec::new();
                for (m, v) in members_of(s) {
                    let t = v.get("shape").and_then(Value::as_str).unwrap_or_default();
                    members.push(Member {
                        name: v
                            .get("locationName")
                            .and_then(Value::as_str)
                            .unwrap_or(m)
                            .to_owned(),
                        required: required.contains(m),
                        node: self.node(t, stack),
                    });
                }
                stack.pop();
                Kind::Object(members, Vec::new())
            }
            _ => Kind::Scalar,
        };
        Node { checks, kind }
    }
}

/// The members of a structure shape, by name.
fn members_of(s: &Value) -> impl Iterator<Item = (&String, &Value)> {
    s.get("members")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
}

fn required_of(s: &Value) -> BTreeSet<String> {
    s.get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}

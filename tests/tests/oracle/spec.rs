//! The imported specs as the oracle sees them: an operation found by `operationId` across all
//! specs of a report, its parameters, bodies and response headers, with `$ref`s and `allOf`
//! wrappers resolved within the spec that holds the operation.

use serde_json::Value;

/// One parsed spec.
pub struct Doc {
    /// The document.
    pub root: Value,
}

impl Doc {
    /// Parses an imported spec's YAML.
    pub fn parse(page: &str, yaml: &str) -> Doc {
        let root: Value =
            serde_yaml::from_str(yaml).unwrap_or_else(|e| panic!("spec from {page}: {e}"));
        Doc { root }
    }

    /// The target of a local `$ref` (`#/components/schemas/X`).
    fn target(&self, r: &str) -> Option<&Value> {
        self.root.pointer(r.strip_prefix('#')?)
    }

    /// Follows `$ref`s (a chain, with a bound against loops).
    pub fn deref<'a>(&'a self, mut v: &'a Value) -> &'a Value {
        for _ in 0..32 {
            match v.get("$ref").and_then(Value::as_str) {
                Some(r) => match self.target(r) {
                    Some(t) => v = t,
                    None => return v,
                },
                None => return v,
            }
        }
        v
    }

    /// The schema and the schemas it is made of: itself (dereferenced) and, recursively, its
    /// `allOf` entries. A keyword holds when any part states it; the first part wins.
    pub fn parts<'a>(&'a self, v: &'a Value) -> Vec<&'a Value> {
        let mut out = Vec::new();
        self.collect(v, &mut out, 0);
        out
    }

    fn collect<'a>(&'a self, v: &'a Value, out: &mut Vec<&'a Value>, depth: usize) {
        if depth > 16 {
            return;
        }
        let v = self.deref(v);
        out.push(v);
        if let Some(all) = v.get("allOf").and_then(Value::as_array) {
            for p in all {
                self.collect(p, out, depth + 1);
            }
        }
    }
}

/// A schema in its document.
#[derive(Clone, Copy)]
pub struct Schema<'a> {
    pub doc: &'a Doc,
    pub value: &'a Value,
}

impl<'a> Schema<'a> {
    /// A keyword's value, from the first part that has it.
    pub fn keyword(&self, k: &str) -> Option<&'a Value> {
        self.doc
            .parts(self.value)
            .into_iter()
            .find_map(|p| p.get(k))
    }

    fn sub(&self, v: &'a Value) -> Schema<'a> {
        Schema {
            doc: self.doc,
            value: v,
        }
    }

    /// A property's schema.
    pub fn property(&self, name: &str) -> Option<Schema<'a>> {
        self.doc
            .parts(self.value)
            .into_iter()
            .find_map(|p| p.get("properties")?.get(name))
            .map(|v| self.sub(v))
    }

    /// Whether a property is listed in `required`.
    pub fn requires(&self, name: &str) -> bool {
        self.doc.parts(self.value).into_iter().any(|p| {
            p.get("required")
                .and_then(Value::as_array)
                .is_some_and(|r| r.iter().any(|n| n == name))
        })
    }

    /// `items`.
    pub fn items(&self) -> Option<Schema<'a>> {
        self.keyword("items").map(|v| self.sub(v))
    }

    /// `additionalProperties`, when it is a schema.
    pub fn values(&self) -> Option<Schema<'a>> {
        self.keyword("additionalProperties")
            .filter(|v| v.is_object())
            .map(|v| self.sub(v))
    }

    /// The schema of map keys: `propertyNames` or `x-property-names`.
    pub fn keys(&self) -> Option<Schema<'a>> {
        self.keyword("propertyNames")
            .or_else(|| self.keyword("x-property-names"))
            .map(|v| self.sub(v))
    }

    /// The `x-oneof` groups: fields and whether exactly one is required.
    pub fn oneofs(&self) -> Vec<(Vec<String>, bool)> {
        let mut out = Vec::new();
        for p in self.doc.parts(self.value) {
            for g in p
                .get("x-oneof")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let fields = g
                    .get("fields")
                    .and_then(Value::as_array)
                    .map(|f| {
                        f.iter()
                            .filter_map(|x| x.as_str().map(str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default();
                let exactly = g.get("exactly-one").and_then(Value::as_bool) == Some(true);
                out.push((fields, exactly));
            }
        }
        out
    }
}

/// A parameter or header: its schema and whether it is required.
pub struct Slot<'a> {
    pub schema: Option<Schema<'a>>,
    pub required: bool,
}

/// One operation of a spec.
pub struct Operation<'a> {
    pub doc: &'a Doc,
    pub op: &'a Value,
    pub path_item: &'a Value,
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Finds the operation with this `operationId` in any of the specs.
pub fn find<'a>(docs: &'a [Doc], id: &str) -> Option<Operation<'a>> {
    for doc in docs {
        let Some(paths) = doc.root.get("paths").and_then(Value::as_object) else {
            continue;
        };
        for item in paths.values() {
            let item = doc.deref(item);
            for m in METHODS {
                let Some(op) = item.get(m) else { continue };
                if op.get("operationId").and_then(Value::as_str) == Some(id) {
                    return Some(Operation {
                        doc,
                        op,
                        path_item: item,
                    });
                }
            }
        }
    }
    None
}

impl<'a> Operation<'a> {
    fn schema(&self, v: Option<&'a Value>) -> Option<Schema<'a>> {
        v.map(|value| Schema {
            doc: self.doc,
            value,
        })
    }

    /// The parameter `name` in `place` (`path`, `query`, `header`), operation-level first.
    pub fn param(&self, place: &str, name: &str) -> Option<Slot<'a>> {
        for list in [self.op.get("parameters"), self.path_item.get("parameters")] {
            for p in list.and_then(Value::as_array).into_iter().flatten() {
                let p = self.doc.deref(p);
                let same = |k: &str, want: &str| p.get(k).and_then(Value::as_str) == Some(want);
                // Header names are case-insensitive.
                let named = if place == "header" {
                    p.get("name")
                        .and_then(Value::as_str)
                        .is_some_and(|n| n.eq_ignore_ascii_case(name))
                } else {
                    same("name", name)
                };
                if same("in", place) && named {
                    return Some(Slot {
                        schema: self.schema(p.get("schema")),
                        required: p.get("required").and_then(Value::as_bool) == Some(true),
                    });
                }
            }
        }
        None
    }

    /// The operation's own `x-oneof` groups (among its parameters).
    pub fn oneofs(&self) -> Vec<(Vec<String>, bool)> {
        Schema {
            doc: self.doc,
            value: self.op,
        }
        .oneofs()
    }

    /// The request body's schema: JSON first, else the first media type.
    pub fn request_body(&self) -> Option<Schema<'a>> {
        let rb = self.doc.deref(self.op.get("requestBody")?);
        self.schema(body_schema(rb))
    }

    fn success(&self) -> Option<&'a Value> {
        let rs = self.op.get("responses")?.as_object()?;
        let (_, r) = rs
            .iter()
            .find(|(k, _)| k.starts_with('2'))
            .or_else(|| rs.iter().find(|(k, _)| *k == "default"))?;
        Some(self.doc.deref(r))
    }

    /// The success response's body schema.
    pub fn response_body(&self) -> Option<Schema<'a>> {
        self.schema(body_schema(self.success()?))
    }

    /// A header of the success response.
    pub fn response_header(&self, name: &str) -> Option<Slot<'a>> {
        let hs = self.success()?.get("headers")?.as_object()?;
        let (_, h) = hs.iter().find(|(k, _)| k.eq_ignore_ascii_case(name))?;
        let h = self.doc.deref(h);
        Some(Slot {
            schema: self.schema(h.get("schema")),
            required: h.get("required").and_then(Value::as_bool) == Some(true),
        })
    }
}

fn body_schema(v: &Value) -> Option<&Value> {
    let content = v.get("content")?.as_object()?;
    content
        .get("application/json")
        .or_else(|| content.values().next())?
        .get("schema")
}

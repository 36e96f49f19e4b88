//! A spec narrowed to some operations and component schemas ([`crate::Settings::operations`],
//! [`crate::Settings::types`]) before it is lowered, so that what is not selected is never
//! generated and what is selected always compiles: every component a kept operation or a
//! selected schema references, transitively, is kept with it.

use crate::error::Diagnostic;
use crate::load::{self, Spec};
use serde_json::Value;
use std::collections::BTreeSet;

/// The HTTP methods of a path item (OpenAPI 3.0, section 4.7.9).
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The component sections whose unreferenced members are dropped. The others (examples,
/// links, callbacks, security schemes) generate nothing and stay as they are.
const SECTIONS: [&str; 5] = [
    "schemas",
    "parameters",
    "requestBodies",
    "responses",
    "headers",
];

/// What to keep; `None` keeps every operation, or every schema.
#[derive(Clone, Copy)]
pub(crate) struct Selection<'a> {
    pub operations: Option<&'a BTreeSet<String>>,
    pub types: Option<&'a BTreeSet<String>>,
}

/// The id an operation is selected by, as lowering names it: its operationId, or `METHOD
/// /path` for one without.
fn operation_id(method: &str, path: &str, op: &Value) -> String {
    match op.get("operationId").and_then(Value::as_str) {
        Some(id) => id.to_owned(),
        None => format!("{} {path}", method.to_ascii_uppercase()),
    }
}

/// The operation ids of a document, in path order.
pub(crate) fn operation_ids(raw: &Value) -> Vec<String> {
    let Some(paths) = raw.get("paths").and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (path, item) in paths {
        for m in METHODS {
            if let Some(op) = item.get(m) {
                out.push(operation_id(m, path, op));
            }
        }
    }
    out
}

/// The names of a document's component schemas.
pub(crate) fn schema_names(raw: &Value) -> Vec<String> {
    raw.pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|s| s.keys().cloned().collect())
        .unwrap_or_default()
}

/// `spec` with only the selected operations, the selected schemas and what they reference.
pub(crate) fn narrow(spec: Spec, sel: Selection<'_>) -> Result<Spec, Diagnostic> {
    if sel.operations.is_none() && sel.types.is_none() {
        return Ok(spec);
    }
    let Spec {
        file,
        text,
        mut raw,
        ..
    } = spec;
    if let Some(keep) = sel.operations {
        if let Some(paths) = raw.get_mut("paths").and_then(Value::as_object_mut) {
            paths.retain(|path, item| {
                let Some(item) = item.as_object_mut() else {
                    return true;
                };
                item.retain(|k, op| {
                    !METHODS.contains(&k.as_str()) || keep.contains(&operation_id(k, path, op))
                });
                METHODS.iter().any(|m| item.contains_key(*m))
            });
        }
    }
    let mut used = BTreeSet::new();
    let mut todo: Vec<&Value> = raw.get("paths").into_iter().collect();
    // Schemas: the selected ones, or (operations selected alone) none but what is used.
    if let Some(types) = sel.types {
        todo.extend(
            types
                .iter()
                .filter_map(|t| raw.pointer("/components/schemas")?.get(t)),
        );
        used.extend(types.iter().map(|t| ("schemas".to_owned(), t.clone())));
    }
    while let Some(v) = todo.pop() {
        refs(v, &mut |r| {
            let Some(pointer) = load::ref_pointer(r) else {
                return;
            };
            let mut segs = pointer.split('/').skip(1);
            let (Some("components"), Some(section), Some(name)) =
                (segs.next(), segs.next(), segs.next())
            else {
                return;
            };
            let name = name.replace("~1", "/").replace("~0", "~");
            if used.insert((section.to_owned(), name.clone())) {
                if let Some(c) = raw
                    .get("components")
                    .and_then(|c| c.get(section))
                    .and_then(|s| s.get(&name))
                {
                    todo.push(c);
                }
            }
        });
    }
    if let Some(components) = raw.get_mut("components").and_then(Value::as_object_mut) {
        for section in SECTIONS {
            if let Some(members) = components.get_mut(section).and_then(Value::as_object_mut) {
                members.retain(|name, _| used.contains(&(section.to_owned(), name.clone())));
            }
        }
    }
    load::structure(&file, text, raw)
}

/// Calls `f` with every reference string in `v`: `$ref` values and discriminator mappings.
fn refs<'a>(v: &'a Value, f: &mut impl FnMut(&'a str)) {
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                match (k.as_str(), x) {
                    ("$ref", Value::String(r)) => f(r),
                    // A discriminator's mapping names schemas by reference; a property
                    // called `mapping` holds schemas, which are searched as any value.
                    ("mapping", Value::Object(m)) => {
                        for x in m.values() {
                            match x {
                                Value::String(r) => f(r),
                                x => refs(x, f),
                            }
                        }
                    }
                    _ => refs(x, f),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| refs(x, f)),
        _ => {}
    }
}

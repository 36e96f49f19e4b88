//! Shared helpers for the integration tests (each test binary uses a part of them).
#![allow(dead_code)]

use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_owned()
}

/// `../shared`, from the `SHARED_DIR` variable that `.ci/run` sets (GUIDE.md): `None` when
/// unset (the test is skipped), a panic when set but missing.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(std::env::var_os("SHARED_DIR")?);
    assert!(
        dir.join("seeds").is_dir(),
        "SHARED_DIR={} has no seeds/",
        dir.display()
    );
    Some(dir)
}

/// Sets the value at an RFC 6901 pointer, creating objects on the way (an index equal to an
/// array's length appends).
pub fn set(doc: &mut Value, pointer: &str, new: Value) {
    let mut cur = doc;
    let segs: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    for (i, seg) in segs.iter().enumerate() {
        let last = i + 1 == segs.len();
        if let Value::Array(a) = cur {
            let idx: usize = seg
                .parse()
                .unwrap_or_else(|_| panic!("bad index {seg} in {pointer}"));
            if last {
                if idx == a.len() {
                    a.push(new);
                } else {
                    a[idx] = new;
                }
                return;
            }
            cur = &mut a[idx];
            continue;
        }
        if !cur.is_object() {
            *cur = Value::Object(Map::new());
        }
        let obj = cur.as_object_mut().unwrap();
        if last {
            obj.insert(seg.clone(), new);
            return;
        }
        cur = obj
            .entry(seg.clone())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    *cur = new;
}

/// Removes the value at a pointer; panics when there is none.
pub fn remove(doc: &mut Value, pointer: &str) {
    let (parent, last) = pointer.rsplit_once('/').unwrap();
    let last = last.replace("~1", "/").replace("~0", "~");
    match doc.pointer_mut(parent) {
        Some(Value::Object(o)) => {
            assert!(o.remove(&last).is_some(), "nothing to remove at {pointer}");
        }
        Some(Value::Array(a)) => {
            a.remove(last.parse::<usize>().unwrap());
        }
        _ => panic!("nothing to remove at {pointer}"),
    }
}

/// Reads a JSON file.
pub fn load(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The request of one boundary case: its own `request`, or the base file's with the case's
/// `remove` and `set` patches applied.
pub fn case_request(base: &Value, case: &Value) -> Value {
    let mut req = case
        .get("request")
        .cloned()
        .unwrap_or_else(|| base["request"].clone());
    for p in case
        .get("remove")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        remove(&mut req, p.as_str().expect("remove takes pointers"));
    }
    for (p, v) in case
        .get("set")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        set(&mut req, p, v.clone());
    }
    req
}

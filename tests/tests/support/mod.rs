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

/// Builds `src` as the library of a crate outside the workspace, in a temporary folder, with
/// the runtime crate as a path dependency, offline (the workspace lock pins the versions the
/// cache holds), into `target/outside-crates`; returns rustc's errors when it does not build.
pub fn build_outside_crate(name: &str, src: &str) -> Result<(), String> {
    outside_crate(name, &[], src, "build")
}

/// Like [`build_outside_crate`] for a library of one module per `(name, source)`, each in a
/// file of its own, run with `cargo check` (type and borrow checking, no code generation).
pub fn check_outside_modules(name: &str, modules: &[(String, String)]) -> Result<(), String> {
    let lib: String = modules
        .iter()
        .map(|(m, _)| format!("pub mod {m};\n"))
        .collect();
    outside_crate(name, modules, &lib, "check")
}

fn outside_crate(
    name: &str,
    modules: &[(String, String)],
    lib: &str,
    command: &str,
) -> Result<(), String> {
    let root = root();
    let dir = std::env::temp_dir().join(format!("docspec-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n[workspace]\n\n[dependencies]\ndocspec-runtime = {{ path = {:?} }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n",
        root.join("validator/runtime")
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::write(dir.join("src/lib.rs"), lib).unwrap();
    for (m, src) in modules {
        std::fs::write(dir.join("src").join(format!("{m}.rs")), src).unwrap();
    }
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let out = std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(&dir)
        .args([command, "--quiet", "--offline"])
        .env("CARGO_TARGET_DIR", root.join("target/outside-crates"))
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// The spec `file` of the folder `dir` (`specs`, `tests/fixtures/specs`; the fixtures' `wide.yaml`
/// is synthesized by their build script), lowered as `cargo xtask gen` lowers it, shown as
/// `{display}/{file}`. Leaked, so interpreters built on it live as long as the test binary.
pub fn lowered(dir: &str, display: &str, file: &str) -> &'static docspec_codegen::ir::Module {
    let text = match std::fs::read_to_string(root().join(dir).join(file)) {
        Ok(t) => t,
        Err(_) if file == "wide.yaml" => docspec_fixtures::WIDE_SPEC.to_owned(),
        Err(e) => panic!("{dir}/{file}: {e}"),
    };
    let spec = docspec_codegen::load::parse(&format!("{display}/{file}"), text)
        .unwrap_or_else(|d| panic!("{d:?}"));
    let stem = file.trim_end_matches(".yaml");
    let m = docspec_codegen::lower::lower(&spec, &docspec_codegen::ident::snake(stem))
        .unwrap_or_else(|d| panic!("{d:?}"));
    Box::leak(Box::new(m))
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

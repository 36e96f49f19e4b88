//! The generator as a project outside this workspace uses it, by both routes of the README's
//! "Use it in your project": a crate in a temporary folder with a spec of its own and path
//! dependencies on our crates, built offline (the workspace's lock pins what the cache
//! holds), whose binary validates one good and one bad request.
//!
//! - `build.rs`: generated into `OUT_DIR` and `include!`d; a broken spec fails the build
//!   with the file, line and pointer of every problem.
//! - xtask: generated into a checked-in module folder by the project's own `cargo run -p
//!   xtask`, with a check mode that fails on stale or missing files.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The project's spec: nothing in it comes from specs/.
const SPEC: &str = r#"openapi: 3.0.3
info: {title: Pet store, version: '1'}
paths:
  /pets/{petId}:
    put:
      operationId: putPet
      parameters:
        - name: petId
          in: path
          required: true
          schema: {type: string, pattern: '^[a-z0-9-]{1,16}$'}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
      responses:
        '200':
          description: stored
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string, minLength: 1, maxLength: 20}
        age: {type: integer, format: int32, minimum: 0, maximum: 50}
        tags:
          type: array
          maxItems: 3
          items: {type: string}
    Unused:
      type: object
      properties:
        note: {type: string}
"#;

/// The binary of both projects: validates a good and a bad request with the generated code
/// (`mod api` is declared before this text) and prints each report as JSON.
const MAIN: &str = r#"
/// Compiles only when the model type derives `Eq` (a derive from the settings).
fn is_eq<T: Eq>() {}

fn main() {
    is_eq::<api::pets::Pet>();
    let good = serde_json::json!({
        "path": {"petId": "rex-1"},
        "body": {"name": "Rex", "age": 3, "tags": ["dog"]}
    });
    let bad = serde_json::json!({
        "path": {"petId": "Rex!"},
        "body": {"name": "", "age": 51, "tags": ["a", "b", "c", "d"]}
    });
    for (what, request) in [("good", good), ("bad", bad)] {
        let report = api::validate_request("pets.yaml", "putPet", &request).expect("a known operation");
        println!("{what}: {}", serde_json::to_string(&report).expect("a report"));
    }
}
"#;

fn dependency(name: &str, path: &str) -> String {
    format!("{name} = {{ path = {:?} }}\n", support::root().join(path))
}

fn runtime_dependencies() -> String {
    dependency("docspec-runtime", "validator/runtime")
        + "serde = { version = \"1\", features = [\"derive\"] }\nserde_json = \"1\"\n"
}

/// A fresh temporary folder for a project, with the workspace's lock.
fn project(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("docspec-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(support::root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    dir
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// `cargo <args>` in `dir`, offline, into the target folder shared by outside-crate tests.
fn cargo(dir: &Path, args: &[&str]) -> Output {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(dir)
        .args(args)
        .arg("--offline")
        .env(
            "CARGO_TARGET_DIR",
            support::root().join("target/outside-crates"),
        )
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The two reports the binary printed: the good request valid, the bad one with a violation
/// of each constraint it breaks, at its pointer.
fn assert_verdicts(out: &Output) {
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", text(&out.stderr));
    let reports: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l.split_once(": ").expect("what: report").1).unwrap())
        .collect();
    let [good, bad] = reports.as_slice() else {
        panic!("two reports expected: {stdout}");
    };
    assert_eq!(good["valid"], true, "{good}");
    assert_eq!(bad["valid"], false, "{bad}");
    let mut found: Vec<(String, String)> = bad["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["pointer"].as_str().unwrap().to_owned(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    found.sort();
    let want = [
        ("/body/age", "maximum"),
        ("/body/name", "min_length"),
        ("/body/tags", "max_items"),
        ("/path/petId", "pattern"),
    ];
    assert_eq!(
        found,
        want.map(|(p, c)| (p.to_owned(), c.to_owned())),
        "{bad}"
    );
}

/// The spec with two mistakes: a pattern that is not a regular expression and a reference to
/// a schema that does not exist.
fn broken_spec() -> String {
    SPEC.replace("'^[a-z0-9-]{1,16}$'", "'^[a-z0-9-{1,16}$'")
        .replace(
            "schemas/Pet'}\n      responses",
            "schemas/Pat'}\n      responses",
        )
}

/// Both mistakes of [`broken_spec`], each with its line and pointer.
const BROKEN: [&str; 2] = [
    "pets.yaml:11: #/paths/~1pets~1{petId}/put/parameters/0/schema/pattern: pattern",
    "pets.yaml:16: #/paths/~1pets~1{petId}/put/requestBody/content/application~1json/schema/$ref: dangling",
];

#[test]
fn build_script_route() {
    let dir = project("build-rs-route");
    write(
        &dir,
        "Cargo.toml",
        &format!(
            "[package]\nname = \"pets-build-rs\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n[dependencies]\n{}\n[build-dependencies]\n{}",
            runtime_dependencies(),
            dependency("docspec-codegen", "generator/codegen")
        ),
    );
    write(&dir, "pets.yaml", SPEC);
    // The runtime under another path (a re-export), and an extra derive.
    write(
        &dir,
        "build.rs",
        r#"use docspec_codegen::{Generator, Settings};

fn main() {
    println!("cargo::rerun-if-changed=pets.yaml");
    let settings = Settings::new().runtime_path("crate::rt").derive("Eq");
    let generated = Generator::new(settings)
        .spec_file("pets.yaml")
        .generate()
        .unwrap_or_else(|e| panic!("{e}"));
    let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("api.rs");
    std::fs::write(out, generated.to_source().unwrap()).unwrap();
}
"#,
    );
    write(
        &dir,
        "src/main.rs",
        &format!(
            "use docspec_runtime as rt;\n\nmod api {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/api.rs\"));\n}}\n{MAIN}"
        ),
    );
    let build = cargo(&dir, &["build", "--quiet"]);
    assert!(build.status.success(), "{}", text(&build.stderr));
    assert_verdicts(&cargo(&dir, &["run", "--quiet"]));

    write(&dir, "pets.yaml", &broken_spec());
    let build = cargo(&dir, &["build", "--quiet"]);
    let stderr = text(&build.stderr);
    assert!(!build.status.success(), "a broken spec builds");
    for problem in BROKEN {
        assert!(stderr.contains(problem), "{stderr}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn xtask_route() {
    let dir = project("xtask-route");
    write(
        &dir,
        "Cargo.toml",
        "[workspace]\nresolver = \"3\"\nmembers = [\"app\", \"xtask\"]\n",
    );
    write(
        &dir,
        "app/Cargo.toml",
        &format!(
            "[package]\nname = \"pets-app\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\n{}",
            runtime_dependencies()
        ),
    );
    write(&dir, "app/src/main.rs", &format!("mod api;\n{MAIN}"));
    write(
        &dir,
        "xtask/Cargo.toml",
        &format!(
            "[package]\nname = \"xtask\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\n{}",
            dependency("docspec-codegen", "generator/codegen")
        ),
    );
    // Only the types the operation uses and `Pet` (not `Unused`), without module docs, as a
    // module folder (app/src/api/mod.rs and a file per spec).
    write(
        &dir,
        "xtask/src/main.rs",
        r#"use docspec_codegen::{Generator, Mode, Settings, sync_dir};
use std::process::ExitCode;

fn main() -> ExitCode {
    let check = std::env::args().any(|a| a == "--check");
    let settings = Settings::new()
        .generated_by("cargo run -p xtask")
        .types(["Pet"])
        .module_docs(false)
        .derive("Eq");
    let generated = match Generator::new(settings).spec_file("specs/pets.yaml").generate() {
        Ok(g) => g,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let mode = if check { Mode::Check } else { Mode::Write };
    let files = generated.to_files("mod.rs").expect("files");
    let differ = sync_dir("app/src/api".as_ref(), &files, mode).expect("app/src/api");
    if check && !differ.is_empty() {
        eprintln!("stale: {}", differ.join(", "));
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
"#,
    );
    write(&dir, "specs/pets.yaml", SPEC);
    let xtask = |extra: &[&str]| {
        let mut args = vec!["run", "--quiet", "-p", "xtask", "--"];
        args.extend(extra);
        cargo(&dir, &args)
    };
    let check = xtask(&["--check"]);
    assert_eq!(check.status.code(), Some(1), "{}", text(&check.stderr));
    assert!(
        text(&check.stderr).contains("stale: mod.rs, pets.rs"),
        "{}",
        text(&check.stderr)
    );
    let gen_run = xtask(&[]);
    assert!(gen_run.status.success(), "{}", text(&gen_run.stderr));
    let check = xtask(&["--check"]);
    assert!(check.status.success(), "{}", text(&check.stderr));

    let module = std::fs::read_to_string(dir.join("app/src/api/pets.rs")).unwrap();
    assert!(
        module
            .starts_with("// @generated by cargo run -p xtask from specs/pets.yaml; do not edit\n"),
        "{}",
        &module[..200]
    );
    assert!(module.contains("pub struct Pet "), "the selected type");
    assert!(
        !module.contains("Unused"),
        "a type neither selected nor used"
    );
    assert!(!module.contains("#![doc"), "module docs are off");
    let root = std::fs::read_to_string(dir.join("app/src/api/mod.rs")).unwrap();
    assert!(root.contains("pub mod pets;"), "{root}");

    let build = cargo(&dir, &["build", "--quiet", "-p", "pets-app"]);
    assert!(build.status.success(), "{}", text(&build.stderr));
    assert_verdicts(&cargo(&dir, &["run", "--quiet", "-p", "pets-app"]));

    // A broken spec: every problem named, nothing written.
    write(&dir, "specs/pets.yaml", &broken_spec());
    let broken = xtask(&[]);
    assert_eq!(broken.status.code(), Some(2));
    for problem in BROKEN {
        let stderr = text(&broken.stderr);
        assert!(stderr.contains(&format!("specs/{problem}")), "{stderr}");
    }
    assert_eq!(
        std::fs::read_to_string(dir.join("app/src/api/pets.rs")).unwrap(),
        module
    );
    let _ = std::fs::remove_dir_all(&dir);
}

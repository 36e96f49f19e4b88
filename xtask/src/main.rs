//! `cargo xtask`: project automation. `gen` regenerates generated/ from specs/ (`--check`
//! writes nothing and fails when it is stale); `validate` checks a request with the compiled
//! generated validators; `diff` compares two specs for a pull-request review; `import` turns
//! API reference pages into specs (`--check` writes nothing and fails when specs/ differ).

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const USAGE: &str = "usage:
  cargo xtask gen [--check]
  cargo xtask validate --spec SPEC.yaml --operation OPERATION_ID REQUEST.json
  cargo xtask diff OLD.yaml NEW.yaml [--format markdown|json] [--fail-on breaking|unknown|never]
  cargo xtask import [--check] PAGE_OR_FOLDER... --out specs";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new("."))
        .to_owned()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("gen") => gen_cmd(&args[1..]),
        Some("validate") => validate(&args[1..]),
        Some("diff") => diff(&args[1..]),
        Some("import") => import(&args[1..]),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn gen_cmd(args: &[String]) -> Result<ExitCode> {
    let check = match args {
        [] => false,
        [c] if c == "--check" => true,
        _ => bail!("{USAGE}"),
    };
    let root = root();
    let (files, notes) = docspec_gen::generate_with_notes(&root.join("specs"), "specs")?;
    // Read but not enforced (GUIDE rule 9): shown once each, so nobody takes them for checks.
    for n in &notes {
        println!("note: {n}");
    }
    let out = root.join("generated");
    if check {
        let stale = docspec_gen::stale(&out, &files);
        if stale.is_empty() {
            println!("generated/ is up to date ({} files)", files.len());
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("generated/ is stale; run `cargo xtask gen`. Stale files:");
        for f in stale {
            eprintln!("  generated/{f}");
        }
        return Ok(ExitCode::from(1));
    }
    let changed = docspec_gen::write(&out, &files)?;
    if changed.is_empty() {
        println!("generated/ is up to date ({} files)", files.len());
    }
    for f in changed {
        println!("updated generated/{f}");
    }
    Ok(ExitCode::SUCCESS)
}

fn validate(args: &[String]) -> Result<ExitCode> {
    let (mut spec, mut op, mut file) = (None, None, None);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--spec" => spec = it.next().cloned(),
            "--operation" => op = it.next().cloned(),
            f if !f.starts_with("--") && file.is_none() => file = Some(f.to_owned()),
            _ => bail!("{USAGE}"),
        }
    }
    let (Some(spec), Some(op), Some(file)) = (spec, op, file) else {
        bail!("{USAGE}")
    };
    let root = root();
    let in_specs = Path::new(&spec)
        .canonicalize()
        .or_else(|_| root.join(&spec).canonicalize())
        .ok()
        .is_some_and(|p| p.parent() == root.join("specs").canonicalize().ok().as_deref());
    if !in_specs {
        return validate_outside(&root, &spec, &op, &file);
    }
    // The compiled validators must match the spec: refuse to answer from stale code.
    let files = docspec_gen::generate(&root.join("specs"), "specs")?;
    if !docspec_gen::stale(&root.join("generated"), &files).is_empty() {
        bail!("generated/ is stale; run `cargo xtask gen` first");
    }
    let spec_path = root.join(&spec);
    if !spec_path.is_file() && !Path::new(&spec).is_file() {
        bail!("no such spec file `{spec}`");
    }
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(&root)
        .args([
            "run",
            "--quiet",
            "--package",
            "docspec-models",
            "--bin",
            "validate_request",
            "--",
        ])
        .arg(&spec)
        .arg(&op)
        .arg(std::fs::canonicalize(&file).with_context(|| format!("cannot read {file}"))?)
        .status()
        .context("cannot run cargo")?;
    Ok(verdict(status))
}

/// `validate` for a spec outside specs/ (an imported service, a user's document): the spec is
/// generated into a crate of its own under `target/validate/<name>/`, standalone (path
/// dependency on the runtime, the workspace's lock, offline), which is built and run. Files
/// are rewritten only when they change, so a second request reuses the build.
fn validate_outside(root: &Path, spec: &str, op: &str, file: &str) -> Result<ExitCode> {
    let spec_path = PathBuf::from(spec);
    let text =
        std::fs::read_to_string(&spec_path).with_context(|| format!("cannot read {spec}"))?;
    let fname = spec_path
        .file_name()
        .and_then(|n| n.to_str())
        .context("the spec path has no file name")?
        .to_owned();
    let stem = fname.rsplit_once('.').map_or(fname.as_str(), |(s, _)| s);
    // One crate per spec path: two specs of one file name (yandex_functions.yaml of the English
    // and the Russian pages) keep their builds apart.
    let key = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        spec_path
            .canonicalize()
            .unwrap_or(spec_path.clone())
            .hash(&mut h);
        format!("{stem}-{:08x}", h.finish() as u32)
    };
    let dir = root.join("target/validate/crates").join(&key);
    // Beside the crate, not in it: writing the crate removes files it does not generate.
    let specs = root.join("target/validate/specs").join(&key);
    std::fs::create_dir_all(&specs)?;
    let copy = specs.join(&fname);
    if std::fs::read_to_string(&copy).ok().as_deref() != Some(text.as_str()) {
        // Only this spec: a stale copy of another would be generated too.
        for e in std::fs::read_dir(&specs)?.flatten() {
            std::fs::remove_file(e.path())?;
        }
        std::fs::write(&copy, &text)?;
    }
    let mut files = docspec_gen::generate(&specs, "specs")?;
    let manifest = format!(
        "# @generated by cargo xtask validate from {spec}; do not edit\n[package]\nname = \"docspec-models\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n[dependencies]\ndocspec-runtime = {{ path = {:?} }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n\n[[bin]]\nname = \"validate_request\"\npath = \"src/bin/validate_request.rs\"\n",
        root.join("validator")
    );
    files.insert("Cargo.toml".into(), manifest);
    files.insert(
        "Cargo.lock".into(),
        std::fs::read_to_string(root.join("Cargo.lock")).context("Cargo.lock")?,
    );
    std::fs::create_dir_all(dir.join("src/bin"))?;
    docspec_gen::write(&dir, &files)?;
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(&dir)
        .args([
            "run",
            "--quiet",
            "--offline",
            "--bin",
            "validate_request",
            "--",
        ])
        .env("CARGO_TARGET_DIR", root.join("target/outside-crates"))
        .arg(&fname)
        .arg(op)
        .arg(std::fs::canonicalize(file).with_context(|| format!("cannot read {file}"))?)
        .status()
        .context("cannot run cargo")?;
    Ok(verdict(status))
}

/// The exit code of `validate` from the validating binary's: 0 valid, 1 invalid, 2 otherwise.
fn verdict(status: std::process::ExitStatus) -> ExitCode {
    match status.code() {
        Some(0) => ExitCode::SUCCESS,
        Some(1) => ExitCode::from(1),
        _ => ExitCode::from(2),
    }
}

/// `cargo xtask diff`: the work is in the library (`docspec_gen::diff::run`), where it is tested.
fn diff(args: &[String]) -> Result<ExitCode> {
    Ok(report(docspec_gen::diff::run(args)))
}

/// `cargo xtask import`: the work is in the library (`docspec_gen::import::run`).
fn import(args: &[String]) -> Result<ExitCode> {
    Ok(report(docspec_gen::import::run(args)))
}

fn report(out: docspec_gen::diff::Outcome) -> ExitCode {
    print!("{}", out.stdout);
    if !out.stderr.is_empty() {
        eprint!("{}", out.stderr);
    }
    ExitCode::from(out.code)
}

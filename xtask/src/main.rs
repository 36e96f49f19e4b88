//! `cargo xtask`: project automation. `gen` regenerates generated/ from specs/ (`--check`
//! writes nothing and fails when it is stale); `validate` checks a request with the compiled
//! generated validators; `diff` compares two specs for a pull-request review; `import` turns
//! API reference pages into specs (`--check` writes nothing and fails when specs/ differ).

use anyhow::{Context, Result, bail};
use docspec_codegen::{Generator, Mode, Settings};
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
    let mode = match args {
        [] => Mode::Write,
        [c] if c == "--check" => Mode::Check,
        _ => bail!("{USAGE}"),
    };
    let generated = generate_specs()?;
    // Read but not enforced (GUIDE rule 9): shown once each, so nobody takes them for checks.
    for n in generated.notes() {
        println!("note: {n}");
    }
    let files = generated.to_files("lib.rs")?;
    let differ = docspec_codegen::sync_dir(&root().join(MODELS), &files, mode)?;
    if differ.is_empty() {
        println!("{MODELS}/ is up to date ({} files)", files.len());
        return Ok(ExitCode::SUCCESS);
    }
    if mode == Mode::Check {
        eprintln!("{MODELS}/ is stale; run `cargo xtask gen`. Stale files:");
        for f in differ {
            eprintln!("  {MODELS}/{f}");
        }
        return Ok(ExitCode::from(1));
    }
    for f in differ {
        println!("updated {MODELS}/{f}");
    }
    Ok(ExitCode::SUCCESS)
}

/// Where `gen` writes: the module files of the `docspec-generated` crate, whose Cargo.toml
/// and binary are written by hand.
const MODELS: &str = "generated/src";

/// specs/ through the generation API, as any project's xtask would call it, its files shown
/// as `specs/...` from wherever the command runs.
fn generate_specs() -> Result<docspec_codegen::Generated> {
    let settings = Settings::new().generated_by("cargo xtask gen");
    Ok(Generator::new(settings)
        .spec_dir_shown_as(root().join("specs"), "specs")
        .generate()?)
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
    let files = generate_specs()?.to_files("lib.rs")?;
    if !docspec_codegen::sync_dir(&root.join(MODELS), &files, Mode::Check)?.is_empty() {
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
            "docspec-generated",
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
    let generated = Generator::new(Settings::new().generated_by("cargo xtask validate"))
        .spec_text(format!("specs/{fname}"), text)
        .generate()?;
    docspec_codegen::sync_dir(
        &dir.join("src"),
        &generated.to_files("lib.rs")?,
        Mode::Write,
    )?;
    // The crate around the modules: the workspace's models crate standalone (a path
    // dependency on the runtime, the workspace's lock, offline), with its binary.
    let manifest = format!(
        "# written by cargo xtask validate for {spec}\n[package]\nname = \"docspec-generated\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n[dependencies]\ndocspec-runtime = {{ path = {:?} }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n\n[[bin]]\nname = \"validate_request\"\npath = \"src/bin/validate_request.rs\"\n",
        root.join("validator/runtime")
    );
    let read = |p: &str| std::fs::read_to_string(root.join(p)).with_context(|| p.to_owned());
    docspec_codegen::write_all(
        &dir,
        &[
            ("Cargo.toml".into(), manifest),
            ("Cargo.lock".into(), read("Cargo.lock")?),
            (
                "src/bin/validate_request.rs".into(),
                read("generated/src/bin/validate_request.rs")?,
            ),
        ],
    )?;
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

/// `cargo xtask diff`: the arguments read here, the review in `docspec_diff::run`.
fn diff(args: &[String]) -> Result<ExitCode> {
    let out = docspec_diff::run(&diff_options(args)?);
    Ok(report(&out.stdout, &out.stderr, out.code))
}

/// `OLD.yaml NEW.yaml [--format markdown|json] [--fail-on breaking|unknown|never]`; the
/// format defaults to markdown and the failing level to breaking.
fn diff_options(args: &[String]) -> Result<docspec_diff::Options> {
    use docspec_diff::{Format, Severity};
    let (mut files, mut format, mut fail_on) =
        (Vec::new(), Format::Markdown, Some(Severity::Breaking));
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--format" => {
                format = match it.next().map(String::as_str) {
                    Some("markdown") => Format::Markdown,
                    Some("json") => Format::Json,
                    _ => bail!("--format takes markdown or json\n{USAGE}"),
                }
            }
            "--fail-on" => {
                fail_on = match it.next().map(String::as_str) {
                    Some("breaking") => Some(Severity::Breaking),
                    Some("unknown") => Some(Severity::Unknown),
                    Some("never") => None,
                    _ => bail!("--fail-on takes breaking, unknown or never\n{USAGE}"),
                }
            }
            f if !f.starts_with("--") => files.push(PathBuf::from(f)),
            _ => bail!("unknown option `{a}`\n{USAGE}"),
        }
    }
    let [old, new] = <[PathBuf; 2]>::try_from(files)
        .map_err(|_| anyhow::anyhow!("diff takes two spec files\n{USAGE}"))?;
    Ok(docspec_diff::Options {
        old,
        new,
        format,
        fail_on,
    })
}

/// `cargo xtask import`: the arguments read here, the import in `docspec_import::run`.
fn import(args: &[String]) -> Result<ExitCode> {
    let out = docspec_import::run(&import_options(args)?);
    Ok(report(&out.stdout, &out.stderr, out.code))
}

/// `[--check] PAGE_OR_FOLDER... --out DIR`.
fn import_options(args: &[String]) -> Result<docspec_import::Options> {
    let (mut check, mut out, mut inputs) = (false, None, Vec::new());
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--check" => check = true,
            "--out" => match it.next() {
                Some(o) => out = Some(PathBuf::from(o)),
                None => bail!("--out needs a folder\n{USAGE}"),
            },
            f if f.starts_with("--") => bail!("unknown option {f}\n{USAGE}"),
            f => inputs.push(PathBuf::from(f)),
        }
    }
    let Some(out) = out else {
        bail!("--out is required\n{USAGE}")
    };
    if inputs.is_empty() {
        bail!("no pages given\n{USAGE}");
    }
    Ok(docspec_import::Options { inputs, out, check })
}

fn report(stdout: &str, stderr: &str, code: u8) -> ExitCode {
    print!("{stdout}");
    eprint!("{stderr}");
    ExitCode::from(code)
}

#[cfg(test)]
mod tests {
    use super::{diff_options, import_options};

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn diff_arguments() {
        use docspec_diff::{Format, Severity};
        let o = diff_options(&args(&["a.yaml", "b.yaml"])).expect("parsed");
        assert_eq!(
            (o.old.to_str(), o.new.to_str()),
            (Some("a.yaml"), Some("b.yaml"))
        );
        assert_eq!(
            (o.format, o.fail_on),
            (Format::Markdown, Some(Severity::Breaking))
        );
        let o = diff_options(&args(&["--format", "json", "a", "--fail-on", "never", "b"]))
            .expect("parsed");
        assert_eq!((o.format, o.fail_on), (Format::Json, None));
        let o = diff_options(&args(&["a", "b", "--fail-on", "unknown"])).expect("parsed");
        assert_eq!(o.fail_on, Some(Severity::Unknown));
        for bad in [
            &["a"][..],
            &["a", "b", "c"],
            &["a", "b", "--format", "xml"],
            &["a", "b", "--format"],
            &["a", "b", "--fail-on", "sometimes"],
            &["a", "b", "--frobnicate"],
        ] {
            let e = diff_options(&args(bad)).expect_err("refused").to_string();
            assert!(e.contains("usage:"), "{bad:?}: {e}");
        }
    }

    #[test]
    fn import_arguments() {
        let o =
            import_options(&args(&["--check", "p.md", "dir", "--out", "specs"])).expect("parsed");
        assert!(o.check);
        assert_eq!(o.inputs, [std::path::PathBuf::from("p.md"), "dir".into()]);
        assert_eq!(o.out, std::path::PathBuf::from("specs"));
        for bad in [
            &["--out", "specs"][..],
            &["p.md"],
            &["p.md", "--out"],
            &["--frob", "p.md", "--out", "x"],
        ] {
            let e = import_options(&args(bad)).expect_err("refused").to_string();
            assert!(e.contains("usage:"), "{bad:?}: {e}");
        }
    }
}

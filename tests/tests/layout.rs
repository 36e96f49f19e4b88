//! The layout reads top-down: each folder is a crate named after it (`docspec-` and the
//! folder's name; `generated/` is `docspec-generated`), and each crate depends only on the
//! stages below it, so that a build which generates code compiles neither the importer nor
//! the diff.

mod support;

/// Folder, and the workspace crates its library and binaries may depend on.
const STAGES: &[(&str, &[&str])] = &[
    ("validator/runtime", &[]),
    ("generator/codegen", &["docspec-runtime"]),
    ("generator/import", &["docspec-codegen"]),
    ("generator/diff", &["docspec-codegen", "docspec-runtime"]),
    ("generated", &["docspec-runtime"]),
    (
        "validator/emulator",
        &["docspec-runtime", "docspec-generated"],
    ),
    ("tests/fixtures", &["docspec-runtime"]),
    (
        "tests/bench",
        &[
            "docspec-codegen",
            "docspec-diff",
            "docspec-runtime",
            "docspec-generated",
        ],
    ),
];

/// The `docspec-*` names in one `[section]` of a manifest.
fn workspace_deps(manifest: &str, section: &str) -> Vec<String> {
    let mut inside = false;
    let mut out = Vec::new();
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            inside = line == section;
        } else if inside && line.starts_with("docspec-") {
            let name = line.split(['=', '.', ' ']).next().unwrap_or_default();
            out.push(name.to_owned());
        }
    }
    out
}

#[test]
fn folders_are_crates_and_crates_are_stages() {
    let root = support::root();
    let members = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    for (folder, allowed) in STAGES {
        assert!(
            members.contains(&format!("\"{folder}\"")),
            "{folder} is not a workspace member"
        );
        let manifest = std::fs::read_to_string(root.join(folder).join("Cargo.toml")).unwrap();
        let last = folder.rsplit('/').next().unwrap();
        assert!(
            manifest.contains(&format!("\nname = \"docspec-{last}\"\n")),
            "{folder}/Cargo.toml: the package is not named docspec-{last}"
        );
        for section in ["[dependencies]", "[build-dependencies]"] {
            let mut deps = workspace_deps(&manifest, section);
            if *folder == "tests/fixtures" && section == "[build-dependencies]" {
                // Its build script is a user of the generator.
                deps.retain(|d| d != "docspec-codegen");
            }
            for d in deps {
                assert!(
                    allowed.contains(&d.as_str()),
                    "{folder} depends on {d} in {section}: not a stage below it"
                );
            }
        }
    }
    // The codegen crate, which users' builds compile, holds no command line either.
    let codegen = std::fs::read_to_string(root.join("generator/codegen/Cargo.toml")).unwrap();
    for heavy in ["docspec-import", "docspec-diff", "clap", "anyhow"] {
        assert!(
            !codegen.contains(heavy),
            "docspec-codegen depends on {heavy}"
        );
    }
}

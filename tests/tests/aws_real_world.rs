//! The generator on a real document written by others: the AWS Lambda OpenAPI document from
//! APIs-guru (33 paths, 283 schemas), read from `$SHARED_DIR/reference/aws` (never committed).
//!
//! It generates with every pattern kept, the seven that use lookaround included
//! (`(?!^[0-9]+$)([a-zA-Z0-9-_]+)` for alias names, `^[0-9A-Za-z\.\-_]*(?<!\.)$` for S3
//! buckets: README, "Real-world input"), and the generated code compiles.

mod support;

#[test]
fn aws_lambda_document() {
    let Some(shared) = support::shared_dir() else {
        eprintln!("SHARED_DIR is not set: skipping the AWS real-world test");
        return;
    };
    let path = shared.join("reference/aws/lambda-2015-03-31.openapi.yaml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (src, module) =
        docspec_codegen::generate::module_source("lambda-2015-03-31.openapi.yaml", text, "lambda")
            .unwrap_or_else(|d| {
                panic!(
                    "{}",
                    d.iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("\n")
                )
            });
    assert!(module.types.len() >= 283, "{} types", module.types.len());
    assert_eq!(module.operations.len(), 58);
    let looks: Vec<&str> = module
        .patterns
        .iter()
        .filter(|p| !p.looks.is_empty())
        .map(|p| p.source.as_str())
        .collect();
    eprintln!(
        "{} patterns kept, {} with lookaround: {looks:?}",
        module.patterns.len(),
        looks.len()
    );
    assert!(
        looks.contains(&"(?!^[0-9]+$)([a-zA-Z0-9-_]+)")
            && looks.contains(&r"^[0-9A-Za-z\.\-_]*(?<!\.)$"),
        "{looks:?}"
    );
    // Verdicts on the engine the generated code uses (JSON Schema search semantics: the
    // alias pattern is unanchored, so "123" matches at its second digit, as in ECMA-262).
    let on = |source: &str, s: &str| {
        let p = module.patterns.iter().find(|p| p.source == source).unwrap();
        p.matcher().unwrap()(s)
    };
    let alias = "(?!^[0-9]+$)([a-zA-Z0-9-_]+)";
    let bucket = r"^[0-9A-Za-z\.\-_]*(?<!\.)$";
    for (p, s, want) in [
        (alias, "prod", true),
        (alias, "123", true),
        (alias, "", false),
        (alias, "!!", false),
        (bucket, "my-bucket", true),
        (bucket, "my-bucket.", false),
        (bucket, "", true),
    ] {
        assert_eq!(on(p, s), want, "{p} on {s:?}");
    }

    if let Err(stderr) = support::build_outside_crate("aws-lambda-check", &src) {
        panic!("generated code for the AWS document does not compile:\n{stderr}");
    }
}

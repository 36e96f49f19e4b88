//! The generator on a real document written by others: the AWS Lambda OpenAPI document from
//! APIs-guru (33 paths, 283 schemas), read from `$SHARED_DIR/reference/aws` (never committed).
//!
//! Expected outcome: the generator rejects it, and every rejection is a pattern that uses
//! lookaround, which the linear-time `regex` engine cannot run (README, "Real-world input").
//! The test then removes exactly those patterns in memory and requires that the rest
//! generates and compiles.

mod support;

const ALLOWED: &[&str] = &["lookaround", "backreference"];

#[test]
fn aws_lambda_document() {
    let Some(shared) = support::shared_dir() else {
        eprintln!("SHARED_DIR is not set: skipping the AWS real-world test");
        return;
    };
    let path = shared.join("reference/aws/lambda-2015-03-31.openapi.yaml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let diags = match docspec_gen::generate::module_source(
        "lambda-2015-03-31.openapi.yaml",
        text.clone(),
        "lambda",
    ) {
        Ok(_) => panic!("expected the lookaround patterns to be rejected"),
        Err(d) => d,
    };
    let shown: Vec<String> = diags.iter().map(ToString::to_string).collect();
    for d in &diags {
        assert!(
            d.pointer.ends_with("/pattern"),
            "unexpected rejection: {d}\nall:\n{}",
            shown.join("\n")
        );
        assert!(
            ALLOWED.iter().any(|a| d.message.contains(a)),
            "unexpected rejection: {d}"
        );
        assert!(d.line.is_some(), "no line for {d}");
    }
    eprintln!(
        "{} rejections, all unsupported regex constructs:",
        diags.len()
    );
    for d in &diags {
        eprintln!("  {d}");
    }

    // Without those patterns, everything else must generate and compile.
    let mut doc: serde_json::Value = serde_yaml::from_str(&text).unwrap();
    for d in &diags {
        let (parent, _) = d.pointer.rsplit_once('/').unwrap();
        let removed = doc
            .pointer_mut(parent)
            .and_then(|p| p.as_object_mut())
            .and_then(|o| o.remove("pattern"));
        assert!(removed.is_some(), "{}", d.pointer);
    }
    let stripped = serde_yaml::to_string(&doc).unwrap();
    let (src, module) =
        docspec_gen::generate::module_source("lambda-2015-03-31.openapi.yaml", stripped, "lambda")
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

    if let Err(stderr) = support::build_outside_crate("aws-lambda-check", &src) {
        panic!("generated code for the AWS document does not compile:\n{stderr}");
    }
}

//! Whole API references (`$SHARED_DIR/corpus`, never committed) import as one spec per
//! service: the AWS Lambda reference of 2022-11 (operation, data-type and list pages) and the
//! Yandex Cloud Functions reference in English and in Russian. Every page imports, each
//! service's spec generates, the three modules compile together outside the workspace, and a
//! few requests per service get the verdicts their pages state (on the interpreter, which the
//! fuzz and keyword tests hold to the compiled code).

mod support;

use docspec_diff::interp::Interp;
use docspec_import::{self as import, Page};
use serde_json::{Value, json};
use std::path::Path;

/// The pages of a folder that the importer reads, as `cargo xtask import FOLDER` reads them.
fn pages(dir: &Path) -> Vec<Page> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
        .into_iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            let name = p.file_name()?.to_string_lossy().into_owned();
            import::is_reference_page(&text).then_some(Page { name, text })
        })
        .collect()
}

/// Imports a folder into exactly one spec and generates it.
fn service(
    dir: &Path,
    want_file: &str,
    min_ops: usize,
) -> (String, &'static docspec_codegen::ir::Module) {
    let pages = pages(dir);
    let r = import::import(&pages, &[]);
    assert!(
        r.errors.is_empty(),
        "{}: {} errors:\n{}",
        dir.display(),
        r.errors.len(),
        r.errors.join("\n")
    );
    assert_eq!(r.specs.len(), 1, "{}: one spec per service", dir.display());
    let spec = &r.specs[0];
    assert_eq!(spec.file, want_file);
    let module = want_file.trim_end_matches(".yaml");
    let (src, m) = docspec_codegen::generate::module_source(&spec.file, spec.yaml.clone(), module)
        .unwrap_or_else(|d| panic!("{want_file}: {d:?}"));
    assert!(
        m.operations.len() >= min_ops,
        "{want_file}: {} operations",
        m.operations.len()
    );
    eprintln!(
        "{}: {} pages -> {want_file}, {} operations, {} warnings",
        dir.display(),
        pages.len(),
        m.operations.len(),
        r.warnings.len()
    );
    (src, Box::leak(Box::new(m)))
}

fn violations(interp: &Interp<'_>, op: &str, envelope: &Value) -> Vec<String> {
    interp
        .validate_request(op, envelope)
        .unwrap_or_else(|| panic!("no operation {op}"))
        .violations()
        .iter()
        .map(|v| format!("{} {}", v.pointer, v.code.as_str()))
        .collect()
}

fn assert_has(got: &[String], want: &str) {
    assert!(got.iter().any(|g| g == want), "no `{want}` among {got:#?}");
}

#[test]
fn whole_references_import_generate_and_compile() {
    let Some(shared) = support::shared_dir() else {
        eprintln!("SHARED_DIR is not set: skipping the whole-reference test");
        return;
    };
    let corpus = shared.join("corpus");
    let (aws_src, aws) = service(&corpus.join("aws-lambda-2022-11"), "aws_lambda.yaml", 63);
    let (en_src, en) = service(
        &corpus.join("yandex-functions/en"),
        "yandex_functions.yaml",
        20,
    );
    let (ru_src, ru) = service(
        &corpus.join("yandex-functions/ru"),
        "yandex_functions.yaml",
        16,
    );

    // AWS: constraints that only the data-type pages state apply where the type is used.
    let aws_i = Interp::new(aws);
    let create = |vpc: Value| {
        json!({"body": {
            "FunctionName": "my-function", "Role": "arn:aws:iam::123456789012:role/lambda-role",
            "Runtime": "python3.9", "Handler": "main.handler",
            "Code": {"ZipFile": "UEsDBA=="}, "VpcConfig": vpc
        }})
    };
    let ok = create(json!({"SubnetIds": ["subnet-1"], "SecurityGroupIds": ["sg-1"]}));
    assert_eq!(
        violations(&aws_i, "CreateFunction", &ok),
        Vec::<String>::new()
    );
    let subnets: Vec<String> = (0..17).map(|k| format!("subnet-{k}")).collect();
    let groups: Vec<String> = (0..6).map(|k| format!("sg-{k}")).collect();
    let bad = create(json!({"SubnetIds": subnets, "SecurityGroupIds": groups}));
    let got = violations(&aws_i, "CreateFunction", &bad);
    assert_has(&got, "/body/VpcConfig/SubnetIds max_items");
    assert_has(&got, "/body/VpcConfig/SecurityGroupIds max_items");
    // Fixed query pairs tell GetLayerVersionByArn from ListLayers.
    let arn = "arn:aws:lambda:us-east-1:123456789012:layer:my-layer:1";
    let ok = json!({"query": {"find": "LayerVersion", "Arn": arn}});
    assert_eq!(
        violations(&aws_i, "GetLayerVersionByArn", &ok),
        Vec::<String>::new()
    );
    let got = violations(
        &aws_i,
        "GetLayerVersionByArn",
        &json!({"query": {"Arn": arn}}),
    );
    assert_has(&got, "/query/find required");
    // A list's page size is an integer within its range.
    let got = violations(
        &aws_i,
        "ListFunctions",
        &json!({"query": {"MaxItems": "10001"}}),
    );
    assert_has(&got, "/query/MaxItems maximum");

    let modules = [
        ("aws_lambda".to_owned(), aws_src),
        ("yandex_functions_en".to_owned(), en_src),
        ("yandex_functions_ru".to_owned(), ru_src),
    ];
    if let Err(stderr) = support::check_outside_modules("pages-check", &modules) {
        panic!("generated code of the imported references does not compile:\n{stderr}");
    }

    // Yandex: a function name is the documented pattern, not the markdown escape of it.
    for (interp, lang) in [(Interp::new(en), "en"), (Interp::new(ru), "ru")] {
        let ok = json!({"body": {"folderId": "b1g", "name": "my-function"}});
        assert_eq!(
            violations(&interp, "create", &ok),
            Vec::<String>::new(),
            "{lang}"
        );
        let bad = json!({"body": {"folderId": "b1g", "name": "|my-function"}});
        assert_has(&violations(&interp, "create", &bad), "/body/name pattern");
    }
}

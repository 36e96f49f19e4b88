//! The page importer: our own pages of both formats become specs (snapshots) whose validators
//! work; bad pages give errors with page and line and write nothing; overlays that no longer
//! apply are errors; with `SHARED_DIR`, the five documents reproduce the checked-in specs/.

mod support;

use docspec_diff::interp::Interp;
use docspec_import::{self as import, Overlay, Page};
use serde_json::{Value, json};
use std::fs;
use std::path::Path;

fn page(file: &str) -> Page {
    let path = support::root().join("tests/import_pages").join(file);
    Page {
        name: file.to_owned(),
        text: fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    }
}

fn one(file: &str) -> import::Imported {
    let r = import::import(&[page(file)], &[]);
    assert!(r.errors.is_empty(), "{file}: {:#?}", r.errors);
    assert_eq!(r.specs.len(), 1);
    r.specs.into_iter().next().expect("one spec")
}

fn warnings(files: &[&str]) -> String {
    let pages: Vec<Page> = files.iter().map(|f| page(f)).collect();
    let r = import::import(&pages, &[]);
    r.warnings.iter().map(|w| format!("{w}\n")).collect()
}

/// Snapshots of the imported YAML of our own pages, one per page, and their warnings.
#[test]
fn own_pages_import() {
    let cases = [
        (
            "yandex_en_trigger_create.md",
            "import_yandex_en_trigger_create",
        ),
        (
            "yandex_ru_network_list.txt",
            "import_yandex_ru_network_list",
        ),
        (
            "yandex_en_mailbox_update.md",
            "import_yandex_en_mailbox_update",
        ),
        (
            "yandex_ru_mailbox_list.txt",
            "import_yandex_ru_mailbox_list",
        ),
        ("aws_create_alias.md", "import_aws_create_alias"),
        ("aws_get_settings.txt", "import_aws_get_settings"),
    ];
    for (file, snap) in cases {
        let s = one(file);
        insta::with_settings!({ omit_expression => true, prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(snap, format!("# spec file: {}\n{}", s.file, s.yaml));
        });
    }
    let w = warnings(&cases.map(|c| c.0));
    insta::with_settings!({ omit_expression => true, prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("import_own_page_warnings", w);
    });
}

fn module_of(file: &str) -> docspec_codegen::ir::Module {
    let s = one(file);
    let (src, m) = docspec_codegen::generate::module_source(&s.file, s.yaml, "imported")
        .unwrap_or_else(|d| panic!("{file}: {d:?}"));
    // The generated Rust must parse: prettyplease formatted it from a syn tree.
    syn::parse_file(&src).unwrap_or_else(|e| panic!("{file}: {e}"));
    m
}

/// Imports `files` together into one spec, snapshots it with its warnings as `snap`, and
/// generates it: the spec and its module.
fn service(files: &[&str], snap: &str) -> (import::Imported, docspec_codegen::ir::Module) {
    let pages: Vec<Page> = files.iter().map(|f| page(f)).collect();
    let r = import::import(&pages, &[]);
    assert!(r.errors.is_empty(), "{files:?}: {:#?}", r.errors);
    assert_eq!(r.specs.len(), 1, "{files:?}: one spec");
    let s = r.specs.into_iter().next().expect("one spec");
    let w: String = r.warnings.iter().map(|w| format!("{w}\n")).collect();
    insta::with_settings!({ omit_expression => true, prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(snap, format!("# spec file: {}\n# warnings:\n{w}\n{}", s.file, s.yaml));
    });
    let (_, m) = docspec_codegen::generate::module_source(&s.file, s.yaml.clone(), "imported")
        .unwrap_or_else(|d| panic!("{files:?}: {d:?}"));
    (s, m)
}

fn pointers(interp: &Interp<'_>, op: &str, envelope: &Value) -> Vec<String> {
    let report = interp
        .validate_request(op, envelope)
        .unwrap_or_else(|| panic!("no operation {op}"));
    report
        .violations()
        .iter()
        .map(|v| format!("{} {}", v.pointer, v.code.as_str()))
        .collect()
}

/// A page for a method the seeds do not cover imports into a spec whose validators accept a
/// valid request and reject each documented constraint, at the right pointer.
#[test]
fn imported_yandex_page_validates() {
    let m = module_of("yandex_en_trigger_create.md");
    let interp = Interp::new(&m);
    let good = json!({"body": {
        "folderId": "b1g", "name": "my-trigger", "batchSize": "10",
        "labels": {"env": "prod"}, "topicId": ["abcdefghij0123456789"],
        "rules": [{"name": "r1"}], "deliveryMode": "BATCHED", "functionId": "f1",
        "schedule": {"cronExpression": "0 * * * *"}
    }});
    assert_eq!(pointers(&interp, "create", &good), Vec::<String>::new());
    let bad = json!({"body": {
        "name": "My_Trigger", "batchSize": "101", "labels": {"Env": "x"},
        "topicId": ["short"], "rules": [{"prefix": "p"}], "deliveryMode": "SOMETIMES",
        "functionId": "f1", "containerId": "c1", "schedule": {}
    }});
    let got = pointers(&interp, "create", &bad);
    for want in [
        "/body/folderId",
        "/body/name",
        "/body/batchSize",
        "/body/labels/Env",
        "/body/topicId/0",
        "/body/rules/0/name",
        "/body/deliveryMode",
        "/body/schedule/cronExpression",
    ] {
        assert!(
            got.iter().any(|g| g.starts_with(&format!("{want} "))),
            "no violation at {want}: {got:#?}"
        );
    }
    assert!(
        got.iter().any(|g| g == "/body one_of_conflict"),
        "the one-of group is not enforced: {got:#?}"
    );
}

#[test]
fn imported_aws_page_validates() {
    let m = module_of("aws_create_alias.md");
    let interp = Interp::new(&m);
    let good = json!({"path": {"FunctionName": "my-function"},
        "body": {"Name": "live", "FunctionVersion": "3", "RoutingConfig": {"AdditionalVersionWeights": {"4": 0.1}}}});
    assert_eq!(
        pointers(&interp, "CreateAlias", &good),
        Vec::<String>::new()
    );
    let long = "d".repeat(257);
    let bad = json!({"path": {"FunctionName": "bad name!"},
        "body": {"FunctionVersion": "v3", "Description": long}});
    let got = pointers(&interp, "CreateAlias", &bad);
    for want in [
        "/path/FunctionName",
        "/body/Name",
        "/body/FunctionVersion",
        "/body/Description",
    ] {
        assert!(
            got.iter().any(|g| g.starts_with(&format!("{want} "))),
            "no violation at {want}: {got:#?}"
        );
    }
}

/// Bad pages: every error names the page and line, and nothing is imported.
#[test]
fn bad_pages_are_errors() {
    let mut out = String::new();
    for file in [
        "bad_neither.md",
        "bad_yandex_broken_table.md",
        "bad_yandex_unknown_type.md",
        "bad_aws_bad_regex.md",
        "bad_aws_query_protocol.md",
        "bad_aws_rest_xml.md",
    ] {
        let r = import::import(&[page(file)], &[]);
        assert!(!r.errors.is_empty(), "{file} imported without an error");
        for e in &r.errors {
            assert!(e.starts_with(&format!("{file}:")), "{e}");
            out.push_str(&format!("error: {e}\n"));
        }
        for w in &r.warnings {
            out.push_str(&format!("warning: {w}\n"));
        }
    }
    insta::with_settings!({ omit_expression => true, prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("import_bad_pages", out);
    });
}

fn overlay(text: &str) -> Overlay {
    Overlay {
        display: "overlays/x.yaml".into(),
        stem: "x".into(),
        text: text.into(),
    }
}

/// Overlay entries must still apply and say where their fact comes from.
#[test]
fn overlays_apply_or_fail() {
    let p = page("aws_create_alias.md");
    let ok = overlay(
        "page: aws_create_alias.md\nfacts:\n  - at: response\n    name: AliasConfiguration\n    why: the API model's output shape\n  - at: body.Description\n    set: {maxLength: 100}\n    why: a test\n",
    );
    let r = import::import(std::slice::from_ref(&p), &[ok]);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let yaml = &r.specs[0].yaml;
    assert_eq!(r.specs[0].file, "x.yaml");
    assert!(yaml.contains("AliasConfiguration:"), "{yaml}");
    assert!(yaml.contains("maxLength: overlays/x.yaml:6"), "{yaml}");
    for (text, want) in [
        (
            "page: aws_create_alias.md\nfacts:\n  - at: body.Nope\n    set: {minLength: 1}\n    why: stale\n",
            "overlays/x.yaml:3: `body.Nope` names no field of the page",
        ),
        (
            "page: aws_create_alias.md\nfacts:\n  - at: body\n    oneof: [Name, Nope]\n    why: stale\n",
            "overlays/x.yaml:3: one-of [\"Name\", \"Nope\"]: not all are fields of `body`",
        ),
        (
            "page: aws_create_alias.md\nfacts:\n  - at: body.Name\n    covers: [\"Nothing like this\"]\n    why: stale\n",
            "overlays/x.yaml:3: covers \"Nothing like this\", but `body.Name` has no such unplaced sentence",
        ),
        (
            "page: aws_create_alias.md\nfacts:\n  - at: body.Name\n    set: {minLength: 1}\n",
            "missing field `why`",
        ),
    ] {
        let r = import::import(std::slice::from_ref(&p), &[overlay(text)]);
        assert!(
            r.errors.iter().any(|e| e.contains(want)),
            "{want}: {:#?}",
            r.errors
        );
    }
}

fn run(inputs: &[&str], out: &str, check: bool) -> import::Outcome {
    import::run(&import::Options {
        inputs: inputs.iter().map(Into::into).collect(),
        out: out.into(),
        check,
    })
}

/// The command: writes specs, `--check` passes on them and fails after an edit, and a bad page
/// writes nothing.
#[test]
fn command_writes_checks_and_refuses() {
    let dir = std::env::temp_dir().join(format!("docspec-import-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("temp dir");
    let pages = support::root().join("tests/import_pages");
    let good = pages.join("aws_create_alias.md");
    let (good, out) = (good.to_str().expect("utf-8"), dir.to_str().expect("utf-8"));
    let o = run(&[good], out, false);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let spec = dir.join("aws_lambda.yaml");
    assert!(spec.is_file());
    assert_eq!(run(&[good], out, true).code, 0);
    let text = fs::read_to_string(&spec).expect("spec");
    fs::write(&spec, text.replace("maxLength: 256", "maxLength: 255")).expect("edit");
    let o = run(&[good], out, true);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("aws_lambda.yaml differs"), "{}", o.stderr);
    let bad = pages.join("bad_yandex_unknown_type.md");
    let o = run(&[good, bad.to_str().expect("utf-8")], out, false);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("nothing written"), "{}", o.stderr);
    assert!(
        fs::read_to_string(&spec)
            .expect("spec")
            .contains("maxLength: 255")
    );
    let _ = fs::remove_dir_all(&dir);
}

/// With `SHARED_DIR`, the five documents and the overlays reproduce specs/ exactly, with the
/// warnings reviewed here.
#[test]
fn seeds_reproduce_checked_in_specs() {
    let Some(shared) = support::shared_dir() else {
        eprintln!("SHARED_DIR is not set; skipped");
        return;
    };
    let root = support::root();
    let out = run(
        &[shared.join("seeds").to_str().expect("utf-8")],
        root.join("specs").to_str().expect("utf-8"),
        true,
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("5 spec(s) up to date"),
        "{}",
        out.stdout
    );
    let mut pages = Vec::new();
    let mut entries: Vec<_> = fs::read_dir(shared.join("seeds"))
        .expect("seeds")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        pages.push(Page {
            name: file_name(&p),
            text: fs::read_to_string(&p).expect("page"),
        });
    }
    let overlays = import::read_overlays(&root.join("specs")).expect("overlays");
    let r = import::import(&pages, &overlays);
    let w: String = r.warnings.iter().map(|w| format!("{w}\n")).collect();
    insta::with_settings!({ omit_expression => true, prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("import_seed_warnings", w);
    });
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_owned()
}

/// The AWS Lambda operation pages whose patterns use lookaround (alias names, qualifiers, S3
/// buckets) import, and their specs generate.
#[test]
fn lambda_pages_with_lookaround_import() {
    let Some(shared) = support::shared_dir() else {
        eprintln!("SHARED_DIR is not set: skipping");
        return;
    };
    let dir = shared.join("corpus/aws-lambda-2022-11");
    let names = [
        "CreateAlias",
        "CreateFunctionUrlConfig",
        "DeleteAlias",
        "DeleteFunctionUrlConfig",
        "GetAlias",
        "GetFunctionUrlConfig",
        "UpdateAlias",
        "UpdateFunctionCode",
        "UpdateFunctionUrlConfig",
    ];
    for n in names {
        let file = format!("API_{n}.md");
        let text = std::fs::read_to_string(dir.join(&file)).expect("page");
        assert!(text.contains("(?"), "{file} has no lookaround any more");
        let r = import::import(
            &[Page {
                name: file.clone(),
                text,
            }],
            &[],
        );
        assert!(r.errors.is_empty(), "{file}: {:?}", r.errors);
        assert_eq!(r.specs.len(), 1, "{file}");
        let spec = &r.specs[0];
        let m = docspec_codegen::generate::module_source(&spec.file, spec.yaml.clone(), "m")
            .unwrap_or_else(|d| panic!("{file}: {d:?}"))
            .1;
        assert!(
            m.patterns.iter().any(|p| !p.looks.is_empty()),
            "{file}: no lookaround pattern kept"
        );
    }
}

/// Pages of one service become one spec. Methods of two resources that share a name are
/// qualified by their resource; the same method twice, or two operations on one method and
/// path, is an error naming both pages, and nothing is written.
#[test]
fn one_service_one_spec_names_never_collide() {
    let trigger = page("yandex_en_trigger_create.md");
    let mut other = trigger.clone();
    other.name = "timer_create.md".into();
    other.text = trigger
        .text
        .replace("REST: Trigger.create", "REST: Timer.create")
        .replace("/triggers/v1/triggers", "/triggers/v1/timers");
    let r = import::import(&[trigger.clone(), other.clone()], &[]);
    assert!(r.errors.is_empty(), "{:#?}", r.errors);
    assert_eq!(r.specs.len(), 1, "one spec for the service");
    let yaml = &r.specs[0].yaml;
    assert_eq!(r.specs[0].file, "yandex_triggers.yaml");
    for id in ["operationId: triggerCreate", "operationId: timerCreate"] {
        assert!(yaml.contains(id), "{id}:\n{yaml}");
    }
    // One request type for each, the shared objects once.
    assert_eq!(yaml.matches("\n    Rule:\n").count(), 1, "{yaml}");

    let mut twin = trigger.clone();
    twin.name = "trigger_create_again.md".into();
    let r = import::import(&[trigger.clone(), twin.clone()], &[]);
    assert!(r.specs.is_empty());
    assert!(
        r.errors
            .iter()
            .any(|e| e.starts_with("trigger_create_again.md:1: ")
                && e.contains("yandex_triggers.yaml")
                && e.contains("yandex_en_trigger_create.md")),
        "{:#?}",
        r.errors
    );

    let mut same_route = other.clone();
    same_route.text = other
        .text
        .replace("/triggers/v1/timers", "/triggers/v1/triggers");
    let r = import::import(&[trigger, same_route], &[]);
    assert!(
        r.errors
            .iter()
            .any(|e| e.contains("`POST /triggers/v1/triggers`")
                && e.contains("yandex_en_trigger_create.md")),
        "{:#?}",
        r.errors
    );
}

fn pages_module(files: &[&str]) -> docspec_codegen::ir::Module {
    let s = one(files[0]);
    docspec_codegen::generate::module_source(&s.file, s.yaml, "imported")
        .unwrap_or_else(|d| panic!("{}: {d:?}", files[0]))
        .1
}

/// `\|` in a table cell is GFM's escaped pipe, also inside a code span: the pattern
/// `\|[a-z]...` is "empty or a name", not "a pipe, then a name". A bare `|` inside a code span
/// (the Russian pages' way) stays in the cell too.
#[test]
fn escaped_pipe_in_a_cell_is_a_pipe() {
    let m = pages_module(&["yandex_en_mailbox_update.md"]);
    let interp = Interp::new(&m);
    let path = json!({"mailboxId": "m1"});
    for good in ["my-mailbox", ""] {
        let req = json!({"path": path, "body": {"name": good}});
        assert_eq!(
            pointers(&interp, "update", &req),
            Vec::<String>::new(),
            "{good:?}"
        );
    }
    let req = json!({"path": path, "body": {"name": "|my-mailbox"}});
    assert_eq!(pointers(&interp, "update", &req), ["/body/name pattern"]);
    let m = pages_module(&["yandex_ru_mailbox_list.txt"]);
    let interp = Interp::new(&m);
    for (tag, want) in [("v1", 0), ("$latest", 0), ("v1|$latest", 1)] {
        let req = json!({"query": {"folderId": "f", "tag": tag}});
        assert_eq!(pointers(&interp, "list", &req).len(), want, "{tag}");
    }
}

/// Map sentences: "No more than 64 per resource." is maxProperties, "the string length in
/// characters for each key" joins the key pattern in `x-property-names`; the integer enum and
/// "exactly N elements".
#[test]
fn entries_key_lengths_values_and_exact_counts() {
    let m = pages_module(&["yandex_en_mailbox_update.md"]);
    let interp = Interp::new(&m);
    let path = json!({"mailboxId": "m1"});
    let many: serde_json::Map<String, Value> =
        (0..65).map(|i| (format!("k{i}"), json!("v"))).collect();
    let long_key = "k".repeat(64);
    let bad = json!({"path": path, "body": {
        "labels": many, "priority": "3", "retries": "11", "zoneId": ["a", "b"]
    }});
    let got = pointers(&interp, "update", &bad);
    for want in [
        "/body/labels max_properties",
        "/body/priority",
        "/body/retries maximum",
        "/body/zoneId max_items",
    ] {
        assert!(
            got.iter().any(|g| g.starts_with(want)),
            "no {want}: {got:#?}"
        );
    }
    let bad =
        json!({"path": path, "body": {"labels": {long_key.clone(): "v", "Up": "v"}, "zoneId": []}});
    let got = pointers(&interp, "update", &bad);
    assert!(
        got.iter()
            .any(|g| g.starts_with(&format!("/body/labels/{long_key} "))),
        "{got:#?}"
    );
    assert!(
        got.iter().any(|g| g.starts_with("/body/labels/Up ")),
        "{got:#?}"
    );
    assert!(
        got.iter().any(|g| g.starts_with("/body/zoneId min_items")),
        "{got:#?}"
    );
    let good = json!({"path": path, "body": {
        "labels": {"k".repeat(63): "v"}, "priority": "2", "retries": 10, "zoneId": ["a"]
    }});
    assert_eq!(pointers(&interp, "update", &good), Vec::<String>::new());
}

/// One-of groups whose owner is an array's items (`routes[]`) or an object inside them
/// (`routes[].target`) are enforced on every element.
#[test]
fn one_of_groups_inside_arrays() {
    let m = pages_module(&["yandex_en_mailbox_update.md"]);
    let interp = Interp::new(&m);
    let req = json!({"path": {"mailboxId": "m1"}, "body": {"routes": [
        {"queueId": "q"},
        {"queueId": "q", "topicId": "t", "target": {"folderId": "f", "cloudId": "c"}}
    ]}});
    let mut got = pointers(&interp, "update", &req);
    got.sort();
    assert_eq!(
        got,
        [
            "/body/routes/1 one_of_conflict",
            "/body/routes/1/target one_of_conflict"
        ]
    );
    let r = import::import(&[page("yandex_en_mailbox_update.md")], &[]);
    assert!(
        !r.warnings.iter().any(|w| w.to_string().contains("one-of")),
        "{:#?}",
        r.warnings
    );
}

/// An untyped `pageSize` is an int64 (the upstream convention; the page says "the maximum
/// number of results per page"), so "abc" is refused; a maximum-value sentence types another
/// untyped parameter as an integer; `pageToken` stays a string.
#[test]
fn untyped_page_size_is_an_integer() {
    let m = pages_module(&["yandex_ru_mailbox_list.txt"]);
    let interp = Interp::new(&m);
    let good =
        json!({"query": {"folderId": "f", "pageSize": "50", "pageToken": "abc", "minSize": "500"}});
    assert_eq!(pointers(&interp, "list", &good), Vec::<String>::new());
    let bad = json!({"query": {"folderId": "f", "pageSize": "abc", "minSize": "501"}});
    let got = pointers(&interp, "list", &bad);
    assert!(
        got.iter().any(|g| g.starts_with("/query/pageSize ")),
        "{got:#?}"
    );
    assert!(
        got.iter().any(|g| g == "/query/minSize maximum"),
        "{got:#?}"
    );
}

/// Patterns written for the provider's engine (RE2, Java) become the ECMA-262 pattern that
/// means the same, with a warning naming page and line; Node's `RegExp` with the `u` flag is
/// the judge of the result.
#[test]
fn provider_patterns_become_ecma_patterns() {
    use docspec_import::model::provider_dialect;
    /// A page's pattern, the ECMA-262 pattern it becomes, and strings with Node's verdicts.
    type Case<'a> = (&'a str, &'a str, &'a [(&'a str, bool)]);
    let cases: &[Case] = &[
        (
            r"[a-z][a-z0-9-_]{,19}",
            r"[a-z][a-z0-9-_]{0,19}",
            &[
                ("a", true),
                ("a-b_c", true),
                ("abcdefghijabcdefghij", true),
                ("abcdefghijabcdefghijk", false),
                ("a{,19}", false),
            ],
        ),
        (
            r"[-_./\@0-9a-z]*\@[a-z\:]+",
            r"[-_./@0-9a-z]*@[a-z:]+",
            &[("me@a:b", true), ("m.e@host", true), (r"me\@host", false)],
        ),
        (r"a\-b\_c", "a-b_c", &[("a-b_c", true), (r"a\-b", false)]),
        (r"[\w-.]+", r"[\w\-.]+", &[("a-b.c", true), ("a,b", false)]),
        (r"[]a]+", r"[\]a]+", &[("]a]", true), ("b", false)]),
        (r"[^]a]", r"[^\]a]", &[("b", true), ("]", false)]),
        (r"\Aab\z", "^ab$", &[("ab", true), ("xab", false)]),
        (r"\Qa.b\E+", r"a\.b+", &[("a.bb", true), ("axb", false)]),
        (r"a{x}", r"a\{x\}", &[("a{x}", true), ("ax", false)]),
        (
            r"(?P<n>[[:alpha:]]+)",
            r"(?<n>[A-Za-z]+)",
            &[("abC", true), ("ab1", false)],
        ),
        (
            r"\x{41}\pL+",
            r"\u{41}\p{L}+",
            &[("Aé", true), ("A1", false)],
        ),
        // Already ECMA: unchanged.
        (
            r"[a-zA-Z0-9-_\.]+(:(\$LATEST|[a-zA-Z0-9-_]+))?",
            r"[a-zA-Z0-9-_\.]+(:(\$LATEST|[a-zA-Z0-9-_]+))?",
            &[("f:$LATEST", true), ("f:", false)],
        ),
        (
            r"[a-z]{1,61}\d{2,}",
            r"[a-z]{1,61}\d{2,}",
            &[("a12", true), ("a1", false)],
        ),
    ];
    let mut batch = Vec::new();
    for (raw, want, strings) in cases {
        let (got, notes) = provider_dialect(raw);
        assert_eq!(&got, want, "{raw}");
        assert_eq!(notes.is_empty(), raw == want, "{raw}: {notes:?}");
        for (s, m) in strings.iter() {
            batch.push(json!([format!("^(?:{got})$"), s, m]));
        }
    }
    let script = "const b = JSON.parse(require('fs').readFileSync(0, 'utf8'));\
        console.log(JSON.stringify(b.map(([p, s, m]) => { try { return new RegExp(p, 'u').test(s) === m ? null : [p, s, m]; } catch (e) { return [p, String(e)]; } }).filter(x => x)));";
    let mut child = std::process::Command::new("node")
        .args(["-e", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("node is needed as the ECMA-262 oracle");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin
            .write_all(Value::Array(batch).to_string().as_bytes())
            .expect("write");
    }
    let out = child.wait_with_output().expect("node");
    assert!(out.status.success());
    let wrong: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(wrong, json!([]), "node disagrees");
    let r = import::import(&[page("yandex_en_mailbox_update.md")], &[]);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let w: Vec<String> = r.warnings.iter().map(|w| w.to_string()).collect();
    for want in [
        "yandex_en_mailbox_update.md:72: pattern `[a-z][a-z0-9-_]{,19}`",
        "yandex_en_mailbox_update.md:73: pattern `[-_.\\@0-9a-z]+\\@[a-z\\:]+`",
    ] {
        assert!(w.iter().any(|x| x.starts_with(want)), "{want}: {w:#?}");
    }
}

/// An AWS page of a JSON protocol (no request line: `POST /` told apart by `X-Amz-Target`;
/// body members under `Request Parameters`) with names padded inside their brackets, values
/// written a span each, map value lengths, a conditional `Required:`, a fixed length and prose
/// numbers, imported with the data-type page of its nested object.
#[test]
fn aws_json_protocol_with_its_type_page() {
    let (_, m) = service(
        &["aws_json_protocol.md", "aws_type_gadget_sizing.md"],
        "import_aws_json_protocol",
    );
    let interp = Interp::new(&m);
    let target = json!({"X-Amz-Target": "Gadgets_20210304.PutGadget"});
    let good = json!({"header": target, "body": {
        "Name": "lamp", "Labels": {"k": "v"}, "Parts": ["p1"], "Shelf": 5000,
        "Sizing": {"Height": 900}
    }});
    assert_eq!(pointers(&interp, "PutGadget", &good), Vec::<String>::new());
    let bad = json!({"header": {"X-Amz-Target": "Gadgets_20210304.GetGadget"}, "body": {
        "Name": "Lamp", "Colour": "pink", "Labels": {"": "v"}, "Parts": [], "Shelf": 5001,
        "Sizing": {"Width": 601}
    }});
    let got = pointers(&interp, "PutGadget", &bad);
    for want in [
        "/header/X-Amz-Target pattern",
        "/body/Name pattern",
        "/body/Colour enum",
        "/body/Parts min_items",
        "/body/Shelf maximum",
        "/body/Sizing/Height required",
        "/body/Sizing/Width maximum",
    ] {
        assert!(got.iter().any(|g| g == want), "no `{want}`: {got:#?}");
    }
    assert!(
        got.iter().any(|g| g.starts_with("/body/Labels")),
        "the empty key is not refused: {got:#?}"
    );
}

/// The current Yandex format (YFM tables, messages in sections of their own named by link,
/// `**enum**` lists, `map<...>` cells, "Required field.", one-of markers in member rows, a
/// pattern whose bar is escaped twice) reads into the same constraints as the older ones; the
/// patterns that only its `apiPlayground` front matter states are applied too; a message in
/// the query is its fields (`owner.id`), and a length of a list of strings is of each string.
#[test]
fn yandex_yfm_page_imports_and_validates() {
    let s = one("yandex_yfm_shelf_update.md");
    insta::with_settings!({ omit_expression => true, prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("import_yandex_yfm_shelf_update", format!("# spec file: {}\n{}", s.file, s.yaml));
    });
    let m = module_of("yandex_yfm_shelf_update.md");
    let interp = Interp::new(&m);
    let good = json!({"path": {"shelfId": "s1"}, "query": {"revision": "12", "owner.id": "o1"}, "body": {
        "name": "", "code": "ABC1234", "labels": {"env": "x"}, "kind": "HANGING",
        "books": [{"title": "Dune", "pages": "412", "cover": "UEsDBA==", "loanPeriod": "3600s"}],
        "roomId": "r1"
    }});
    assert_eq!(pointers(&interp, "update", &good), Vec::<String>::new());
    let bad = json!({"path": {"shelfId": "s".repeat(51)}, "query": {"revision": "1000001", "owner.team": "t"}, "body": {
        "name": "|shelf", "labels": {"Env": "X", "averyveryverylongkey": "x"}, "kind": "CEILING",
        "code": "ab12", "tags": ["ok", "ok", ""], "books": [{"title": "", "isbn": "12"}, {"pages": "0"}, {"title": "a"}, {"title": "b"}],
        "roomId": "r1", "boxId": "b1"
    }});
    let got = pointers(&interp, "update", &bad);
    for want in [
        "/path/shelfId max_length",
        "/query/revision maximum",
        "/body/name pattern",
        "/body/kind enum",
        "/body/books max_items",
        "/query/owner.id required",
        "/body/code pattern",
        "/body/tags/1 unique_items",
        "/body/labels/Env pattern",
        "/body/books/0/cover required",
        "/body/tags/2 min_length",
        "/body/books/0/isbn pattern",
        "/body/books/0/title min_length",
        "/body/books/1/title required",
        "/body/books/1/pages minimum",
        "/body one_of_conflict",
    ] {
        assert!(got.iter().any(|g| g == want), "no `{want}`: {got:#?}");
    }
    assert!(
        got.iter().any(|g| g.starts_with("/body/labels/Env ")),
        "the key pattern is not enforced: {got:#?}"
    );
}

/// Older AWS pages: `** Name **` entries without links beside a `**Note**` callout (not a
/// field), a pattern holding a backtick and a quantified lookahead (Java's), prose limits and
/// defaults, and no Response Syntax for an empty 200 answer.
#[test]
fn aws_older_entries_callouts_and_empty_answers() {
    let (s, m) = service(
        &["aws_json_old_entries.md", "aws_type_tag.md"],
        "import_aws_json_old_entries",
    );
    assert!(
        !s.yaml.contains("Note:"),
        "a callout became a field:\n{}",
        s.yaml
    );
    let interp = Interp::new(&m);
    let header = json!({"X-Amz-Target": "Crates_20190801.TagCrate"});
    let good = json!({"header": header, "body": {
        "CrateArn": "arn:crate", "Path": "/a/b", "Tags": [{"Key": "k", "Value": ""}]
    }});
    assert_eq!(pointers(&interp, "TagCrate", &good), Vec::<String>::new());
    let tags: Vec<Value> = (0..51)
        .map(|k| json!({"Key": format!("k{k}"), "Value": "v"}))
        .collect();
    let bad = json!({"header": header, "body": {
        "CrateArn": "arn:crate", "Path": "/.hidden", "Limit": 101, "Tags": tags
    }});
    let got = pointers(&interp, "TagCrate", &bad);
    for want in [
        "/body/Path pattern",
        "/body/Limit maximum",
        "/body/Tags max_items",
    ] {
        assert!(got.iter().any(|g| g == want), "no `{want}`: {got:#?}");
    }
    let bad_tag = json!({"header": header, "body": {"CrateArn": "a", "Tags": [{"Value": "v"}]}});
    assert_eq!(
        pointers(&interp, "TagCrate", &bad_tag),
        ["/body/Tags/0/Key required"]
    );
}

/// An AWS URI parameter with `Array Members:` and no type line is a list of strings, with the
/// item constraints on its items.
#[test]
fn aws_list_query_parameter() {
    let s = one("aws_list_widgets.md");
    insta::with_settings!({ omit_expression => true, prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("import_aws_list_widgets", format!("# spec file: {}\n{}", s.file, s.yaml));
    });
    let m = module_of("aws_list_widgets.md");
    let interp = Interp::new(&m);
    let ok = json!({"path": {"shopName": "Toys"}, "query": {"view": "aggregation", "widget_versions": ["1", "$LATEST"]}});
    assert_eq!(
        pointers(&interp, "ListWidgetViews", &ok),
        Vec::<String>::new()
    );
    let bad = json!({"path": {"shopName": "Toys"}, "query": {"view": "aggregation",
        "widget_versions": ["1", "2", "3", "4", "5", "latest"]}});
    let got = pointers(&interp, "ListWidgetViews", &bad);
    for want in [
        "/query/widget_versions max_items",
        "/query/widget_versions/5 pattern",
    ] {
        assert!(got.iter().any(|g| g == want), "no `{want}`: {got:#?}");
    }
}

/// The current AWS reference pages: anchors on the line after their headings, placeholders in
/// double braces (`{{warehouseId}}`, `{{string}}`), objects elided as `{ ... }` whose members
/// only the type page gives, and a type page that says it is a union.
#[test]
fn aws_current_reference_format() {
    let (_, m) = service(
        &["aws_current_format.md", "aws_current_type_rack_layout.md"],
        "import_aws_current_format",
    );
    let interp = Interp::new(&m);
    let good = json!({"path": {"warehouseId": "wh-12345"}, "query": {"dryRun": "true"}, "body": {
        "layout": {"rows": 2}, "name": "a1b", "shelves": 12, "tags": {"k": "v"},
        "locked": true, "placement": {"aisle": "7"}
    }});
    assert_eq!(pointers(&interp, "CreateRack", &good), Vec::<String>::new());
    let bad = json!({"path": {"warehouseId": "x"}, "body": {
        "layout": {"rows": 9, "columns": 1}, "name": "rack-1", "shelves": 13
    }});
    let got = pointers(&interp, "CreateRack", &bad);
    for want in [
        "/path/warehouseId min_length",
        "/path/warehouseId pattern",
        "/body/layout/rows maximum",
        "/body/layout one_of_conflict",
        "/body/name pattern",
        "/body/shelves maximum",
    ] {
        assert!(got.iter().any(|g| g == want), "no `{want}`: {got:#?}");
    }
}

//! The IR interpreter (`docspec_diff::interp`) against the generated validators: every boundary
//! case of `tests/cases`, mutations of full requests and of response bodies must give the same
//! report (pointers, codes, messages, limits, order) from both.

mod support;

use docspec_codegen::ir::Module;
use docspec_diff::interp::Interp;
use docspec_runtime::{Decode, Direction, Validate};
use serde_json::{Value, json};

use support::{case_request, load, remove, set};

/// The spec `specs/{stem}.yaml` lowered as `cargo xtask gen` lowers it.
fn module(stem: &str) -> &'static Module {
    support::lowered("specs", "specs", &format!("{stem}.yaml"))
}

/// Compares the two reports for one request; returns the number of violations.
struct Checker<'m> {
    stem: &'m str,
    interp: Interp<'m>,
    failures: Vec<String>,
    checked: usize,
    invalid: usize,
}

impl<'m> Checker<'m> {
    fn new(stem: &'m str, module: &'m Module) -> Self {
        Checker {
            stem,
            interp: Interp::new(module),
            failures: Vec::new(),
            checked: 0,
            invalid: 0,
        }
    }

    fn request(&mut self, op: &str, req: &Value, what: &str) {
        let spec = format!("{}.yaml", self.stem);
        let want = docspec_generated::validate_request(&spec, op, req)
            .unwrap_or_else(|| panic!("unknown operation {op} in {spec}"))
            .to_json();
        let got = self
            .interp
            .validate_request(op, req)
            .map(|r| r.to_json())
            .unwrap_or(Value::Null);
        self.compare(want, got, what, req);
    }

    fn compare(&mut self, want: Value, got: Value, what: &str, input: &Value) {
        self.checked += 1;
        if want["valid"] == json!(false) {
            self.invalid += 1;
        }
        if want != got {
            self.failures.push(format!(
                "{}: {what}\ninput: {input}\ngenerated:   {want:#}\ninterpreter: {got:#}",
                self.stem
            ));
        }
    }

    fn finish(self) -> (usize, usize) {
        assert!(
            self.failures.is_empty(),
            "{} of {} reports differ; first ones:\n{}",
            self.failures.len(),
            self.checked,
            self.failures[..self.failures.len().min(5)].join("\n\n")
        );
        (self.checked, self.invalid)
    }
}

const STEMS: &[&str] = &[
    "aws_lambda_create_function",
    "aws_lambda_publish_version",
    "yandex_functions_create_version",
    "yandex_functions_create_version_2020",
    "yandex_functions_list_versions",
];

#[test]
fn every_spec_is_covered() {
    let names: Vec<String> = docspec_generated::SPECS
        .iter()
        .map(|(f, _)| f.to_string())
        .collect();
    let stems: Vec<String> = STEMS.iter().map(|s| format!("{s}.yaml")).collect();
    assert_eq!(names, stems);
}

/// Every case of every case file (and every base request), as `cases.rs` builds them.
#[test]
fn case_files_agree() {
    let dir = support::root().join("tests/cases");
    let mut total = 0;
    for stem in STEMS {
        let m = module(stem);
        let mut c = Checker::new(stem, m);
        let base = load(&dir.join(stem).join("_base.json"));
        let base_op = base["operation"].as_str().unwrap();
        c.request(base_op, &base["request"], "_base.json");
        let mut files: Vec<_> = std::fs::read_dir(dir.join(stem))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.file_name().unwrap() != "_base.json")
            .collect();
        files.sort();
        for path in files {
            let file = load(&path);
            let op = file
                .get("operation")
                .unwrap_or(&base["operation"])
                .as_str()
                .unwrap();
            for case in file["cases"].as_array().expect("cases") {
                let req = case_request(&base, case);
                let name = format!(
                    "{}: case {}",
                    path.file_name().unwrap().to_string_lossy(),
                    case["name"]
                );
                c.request(op, &req, &name);
            }
        }
        let (n, invalid) = c.finish();
        assert!(
            invalid > 0 && invalid < n,
            "{stem}: {invalid} of {n} invalid"
        );
        total += n;
    }
    eprintln!("case files: {total} requests cross-checked");
    assert!(total >= 500, "only {total} cases found");
}

/// Replacement values: wrong types, range edges, int64 strings, long and non-ASCII strings,
/// enum values, collections with bad and duplicate items.
fn replacements() -> Vec<Value> {
    vec![
        json!(null),
        json!(true),
        json!(0),
        json!(-1),
        json!(3),
        json!(128),
        json!(2147483648u64),
        json!(9223372036854775808u64),
        json!(1.5),
        json!(1e300),
        json!(""),
        json!("x"),
        json!("5"),
        json!("-5"),
        json!("1.0"),
        json!("true"),
        json!("134217728"),
        json!("9223372036854775808"),
        json!("99999999999999999999999999999999999999999999"),
        json!("ж".repeat(257)),
        json!("arn:aws:lambda:us-east-1:123456789012:function:x:y:z"),
        json!("2024-02-30T00:00:00Z"),
        json!("QQ="),
        json!("name IN (abc, x)"),
        json!("ACTIVE"),
        json!("NOT_A_VALUE"),
        json!([]),
        json!(["a", 1, "a", null, "B"]),
        json!({}),
        json!({"k": 1, "K/~": "v", "1bad": "w"}),
    ]
}

fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                let k = k.replace('~', "~0").replace('/', "~1");
                pointers(x, format!("{at}/{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                pointers(x, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

/// One edit of a document: replace the node at a pointer, remove it, or add to it.
#[derive(Clone)]
enum Edit {
    Replace(String, Value),
    Remove(String),
    Add(String),
}

impl Edit {
    fn apply(&self, doc: &mut Value) {
        match self {
            Edit::Replace(p, v) => {
                if let Some(x) = doc.pointer_mut(p) {
                    *x = v.clone();
                }
            }
            Edit::Remove(p) => {
                if doc.pointer(p).is_some() {
                    remove(doc, p);
                }
            }
            Edit::Add(p) => match doc.pointer_mut(p) {
                Some(Value::Object(o)) => {
                    o.insert("zzUnknown".into(), json!(1));
                }
                Some(Value::Array(a)) => {
                    let dup = a.first().cloned().unwrap_or(json!(7));
                    a.push(dup);
                    a.push(json!(false));
                }
                _ => {}
            },
        }
    }

    fn describe(&self) -> String {
        match self {
            Edit::Replace(p, v) => format!("replace {p:?} with {v}"),
            Edit::Remove(p) => format!("remove {p:?}"),
            Edit::Add(p) => format!("add to {p:?}"),
        }
    }
}

fn edits(doc: &Value) -> Vec<Edit> {
    let mut ps = Vec::new();
    pointers(doc, String::new(), &mut ps);
    let mut out = Vec::new();
    for p in &ps {
        for v in replacements() {
            out.push(Edit::Replace(p.clone(), v));
        }
        if !p.is_empty() {
            out.push(Edit::Remove(p.clone()));
        }
        out.push(Edit::Add(p.clone()));
    }
    out
}

/// Every single edit of `doc`, then a deterministic sample of edit pairs (a type error next to
/// a constraint violation exercises the failure path of decoding).
fn mutations(doc: &Value, mut f: impl FnMut(&Value, &str)) {
    let all = edits(doc);
    for e in &all {
        let mut d = doc.clone();
        e.apply(&mut d);
        f(&d, &e.describe());
    }
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    for _ in 0..600 {
        let (a, b) = (&all[next() % all.len()], &all[next() % all.len()]);
        let mut d = doc.clone();
        a.apply(&mut d);
        b.apply(&mut d);
        f(&d, &format!("{} and {}", a.describe(), b.describe()));
    }
}

/// Valid requests that use every optional member, as bases for mutations.
fn full_requests() -> Vec<(&'static str, &'static str, Value)> {
    vec![
        (
            "aws_lambda_create_function",
            "CreateFunction",
            json!({"body": {
                "Code": {"S3Bucket": "my-bucket", "S3Key": "function.zip", "S3ObjectVersion": "1", "ZipFile": "UEsDBA=="},
                "FunctionName": "my-function",
                "Handler": "index.handler",
                "Role": "arn:aws:iam::123456789012:role/lambda-role",
                "Runtime": "nodejs6.10",
                "Description": "a function",
                "MemorySize": 256,
                "Timeout": 30,
                "Publish": true,
                "Tags": {"team": "a", "env": "b"},
                "Environment": {"Variables": {"A": "b", "C": "d"}},
                "DeadLetterConfig": {"TargetArn": "arn:aws:sqs:us-east-1:123456789012:dlq"},
                "KMSKeyArn": "arn:aws:kms:us-east-1:123456789012:key/abc",
                "TracingConfig": {"Mode": "Active"},
                "VpcConfig": {"SubnetIds": ["subnet-1", "subnet-2"], "SecurityGroupIds": ["sg-1"]}
            }}),
        ),
        (
            "aws_lambda_publish_version",
            "PublishVersion",
            json!({
                "path": {"FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:my-function"},
                "body": {"CodeSha256": "abc", "Description": "v2", "RevisionId": "r1"}
            }),
        ),
        (
            "yandex_functions_create_version",
            "createVersion",
            json!({"body": {
                "functionId": "d4e1b2c3a4f5e6d7c8b9",
                "runtime": "python312",
                "entrypoint": "index.handler",
                "resources": {"memory": "2147483648"},
                "executionTimeout": "5s",
                "serviceAccountId": "sa",
                "description": "описание",
                "concurrency": "2",
                "environment": {"KEY": "v", "B_2": "w"},
                "namedServiceAccounts": {"a": "b"},
                "tag": ["tag-1", "beta"],
                "connectivity": {"networkId": "n", "subnetId": ["s1", "s2"]},
                "secrets": [{"id": "i", "versionId": "v", "key": "k", "environmentVariable": "E"}],
                "logOptions": {"disabled": false, "logGroupId": "group-1", "minLevel": "INFO"},
                "storageMounts": [{"bucketId": "bucket", "prefix": "p", "mountPointName": "mnt", "readOnly": true}],
                "asyncInvocationConfig": {
                    "retriesCount": "3",
                    "successTarget": {"emptyTarget": {}},
                    "failureTarget": {"ymqTarget": {"queueArn": "q", "serviceAccountId": "sa"}},
                    "serviceAccountId": "sa"
                },
                "tmpfsSize": "536870912",
                "package": {"bucketName": "code", "objectName": "function.zip", "sha256": "ab"}
            }}),
        ),
        (
            "yandex_functions_create_version_2020",
            "createVersion",
            json!({"body": {
                "functionId": "d4e1b2c3a4f5e6d7c8b9",
                "runtime": "python37",
                "entrypoint": "index.handler",
                "resources": {"memory": "268435456"},
                "executionTimeout": "5s",
                "serviceAccountId": "sa",
                "description": "d",
                "environment": {"KEY": "v"},
                "content": "UEsDBA=="
            }}),
        ),
        (
            "yandex_functions_list_versions",
            "listVersions",
            json!({"query": {
                "functionId": "d4e1b2c3a4f5e6d7c8b9",
                "pageSize": "10",
                "pageToken": "t",
                "filter": "name IN (\"my-function\", abc)"
            }}),
        ),
    ]
}

/// Single edits and edit pairs of full requests and of the envelope itself.
#[test]
fn mutated_requests_agree() {
    let mut total = 0;
    for (stem, op, full) in full_requests() {
        let m = module(stem);
        let mut c = Checker::new(stem, m);
        let spec = format!("{stem}.yaml");
        let r = docspec_generated::validate_request(&spec, op, &full).unwrap();
        assert!(r.is_empty(), "{stem}: the full request is not valid: {r}");
        mutations(&full, |req, what| c.request(op, req, what));
        let mut envelope = full.clone();
        for (p, v) in [
            ("/path", json!("x")),
            ("/query", json!([])),
            ("/header", json!({"X-Trace": "1"})),
            ("/body", json!({})),
            ("/extra", json!(1)),
            ("/Body", json!(1)),
        ] {
            set(&mut envelope, p, v);
            c.request(op, &envelope, &format!("envelope with {p}"));
        }
        // All three parameter parts wrong at once: their violations come in the runtime's order.
        let parts = json!({"path": "x", "header": [], "query": 1, "body": null, "x": 1});
        c.request(op, &parts, "every part of the wrong type");
        for req in [json!(null), json!([]), json!("body"), json!({})] {
            c.request(op, &req, "bare envelope");
        }
        let (n, invalid) = c.finish();
        assert!(invalid > n / 2, "{stem}: only {invalid} of {n} invalid");
        total += n;
    }
    eprintln!("mutated requests: {total} cross-checked");
}

#[test]
fn unknown_operations() {
    let m = module("yandex_functions_list_versions");
    let i = Interp::new(m);
    assert!(i.validate_request("nope", &json!({})).is_none());
    assert!(i.validate_response("nope", &json!({})).is_none());
    assert!(i.validate_response("listVersions", &json!({})).is_some());
}

fn generated<T: Decode + Validate>(v: &Value, direction: Direction) -> Value {
    docspec_runtime::from_value::<T>(v, direction)
        .err()
        .unwrap_or_default()
        .to_json()
}

type Typed = fn(&Value, Direction) -> Value;

/// Per spec: the operation, its generated response type, and response bodies (the first
/// valid, the others with type errors, unknown enum values and one-of conflicts).
fn responses() -> Vec<(&'static str, &'static str, Typed, Vec<Value>)> {
    use docspec_generated::*;
    let aws = json!({
        "FunctionName": "my-function",
        "FunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:my-function",
        "Runtime": "nodejs6.10",
        "Role": "arn:aws:iam::123456789012:role/lambda-role",
        "Handler": "index.handler",
        "CodeSize": 1024,
        "Description": "d",
        "Timeout": 3,
        "MemorySize": 128,
        "LastModified": "2018-01-01T00:00:00.000+0000",
        "CodeSha256": "abc",
        "Version": "$LATEST",
        "VpcConfig": {"SubnetIds": ["subnet-1"], "SecurityGroupIds": ["sg-1"], "VpcId": "vpc-1"},
        "DeadLetterConfig": {"TargetArn": "arn:aws:sqs:us-east-1:123456789012:dlq"},
        "Environment": {"Variables": {"K": "v"}, "Error": {"ErrorCode": "E", "Message": "m"}},
        "KMSKeyArn": "",
        "TracingConfig": {"Mode": "Active"},
        "MasterArn": "arn:aws:lambda:us-east-1:123456789012:function:master",
        "RevisionId": "r"
    });
    let mut aws_v2 = aws.clone();
    set(&mut aws_v2, "/Runtime", json!("nodejs10.x"));
    set(&mut aws_v2, "/Version", json!("1"));
    set(
        &mut aws_v2,
        "/Layers",
        json!([{"Arn": "arn:aws:lambda:us-east-1:123456789012:layer:l:1", "CodeSize": 10}]),
    );
    let aws_bad = vec![
        json!({"Runtime": "nodejs99", "MemorySize": 100, "Timeout": 0}),
        json!({"Runtime": 5, "CodeSize": "12", "Version": "v1", "VpcConfig": {"SubnetIds": "s"}}),
        json!({"MemorySize": 2147483648u64, "Description": "ж".repeat(257), "Environment": {"Variables": {"A": 1}}}),
        json!([]),
    ];
    let op = json!({
        "id": "op1",
        "description": "d",
        "createdAt": "2024-01-31T12:00:00Z",
        "createdBy": "me",
        "modifiedAt": "2024-01-31T12:00:00.123Z",
        "done": true,
        "metadata": {"functionId": "f"},
        "response": {"id": "v"}
    });
    let op_bad = vec![
        json!({"done": true, "error": {"code": 3, "message": "bad", "details": [{"a": 1}]}}),
        json!({"error": {"code": 3}, "response": {}}),
        json!({"error": {"code": "3", "details": [1]}, "response": {}, "createdAt": "2024-13-01T00:00:00Z"}),
        json!({"createdAt": "2024-01-01T00:00:00.1234567890Z", "done": "yes", "metadata": []}),
    ];
    let list = json!({
        "versions": [{
            "id": "v", "functionId": "f", "description": "d", "createdAt": "2024-01-31T12:00:00Z",
            "runtime": "python312", "entrypoint": "index.handler", "resources": {"memory": "134217728"},
            "executionTimeout": "5s", "serviceAccountId": "sa", "imageSize": "1024", "status": "ACTIVE",
            "tags": ["$latest"], "logGroupId": "lg", "environment": {"A": "b"}
        }],
        "nextPageToken": "t"
    });
    let list_bad = vec![
        json!({"versions": [{"status": "DELETING"}, {"status": 1}, {"imageSize": "9223372036854775808"}]}),
        json!({"versions": [{"resources": {"memory": 1}}, "x", {"resources": {"memory": "2147483648"}}]}),
        json!({"versions": {}, "nextPageToken": 5}),
    ];
    let with = |valid: &Value, bad: &[Value]| {
        let mut v = vec![valid.clone()];
        v.extend(bad.iter().cloned());
        v
    };
    vec![
        (
            "aws_lambda_create_function",
            "CreateFunction",
            generated::<aws_lambda_create_function::FunctionConfiguration> as Typed,
            with(&aws, &aws_bad),
        ),
        (
            "aws_lambda_publish_version",
            "PublishVersion",
            generated::<aws_lambda_publish_version::FunctionConfiguration> as Typed,
            with(&aws_v2, &aws_bad),
        ),
        (
            "yandex_functions_create_version",
            "createVersion",
            generated::<yandex_functions_create_version::Operation> as Typed,
            with(&op, &op_bad),
        ),
        (
            "yandex_functions_create_version_2020",
            "createVersion",
            generated::<yandex_functions_create_version_2020::Operation> as Typed,
            with(&op, &op_bad),
        ),
        (
            "yandex_functions_list_versions",
            "listVersions",
            generated::<yandex_functions_list_versions::ListVersionsResponse> as Typed,
            with(&list, &list_bad),
        ),
    ]
}

/// Response bodies, written out and mutated, decoded as responses (tolerant enums).
#[test]
fn responses_agree() {
    let mut total = 0;
    for (stem, op, typed, bodies) in responses() {
        let m = module(stem);
        let mut c = Checker::new(stem, m);
        let valid = &bodies[0];
        assert_eq!(
            typed(valid, Direction::Response)["valid"],
            json!(true),
            "{stem}: the valid response is not valid: {:#}",
            typed(valid, Direction::Response)
        );
        let check = |c: &mut Checker<'_>, body: &Value, what: &str| {
            let want = typed(body, Direction::Response);
            let got = c
                .interp
                .validate_response(op, body)
                .map(|r| r.to_json())
                .unwrap_or(Value::Null);
            c.compare(want, got, what, body);
        };
        for (i, body) in bodies.iter().enumerate() {
            check(&mut c, body, &format!("response body {i}"));
        }
        mutations(valid, |body, what| check(&mut c, body, what));
        let (n, invalid) = c.finish();
        assert!(invalid > n / 2, "{stem}: only {invalid} of {n} invalid");
        total += n;
    }
    eprintln!("responses: {total} cross-checked");
}

/// Request bodies through `validate_shape` against `from_value` of the generated body type, in
/// both directions (a request enum is strict either way).
#[test]
fn shapes_agree() {
    use docspec_generated::*;
    let bodies: [(&str, Typed); 2] = [
        (
            "aws_lambda_create_function",
            generated::<aws_lambda_create_function::CreateFunctionRequest>,
        ),
        (
            "yandex_functions_create_version",
            generated::<yandex_functions_create_version::CreateVersionRequest>,
        ),
    ];
    let mut total = 0;
    for (stem, typed) in bodies {
        let m = module(stem);
        let mut c = Checker::new(stem, m);
        let shape = m.operations[0].body.as_ref().unwrap().shape.clone();
        let full = full_requests()
            .into_iter()
            .find(|(s, ..)| *s == stem)
            .unwrap()
            .2["body"]
            .clone();
        for direction in [Direction::Request, Direction::Response] {
            mutations(&full, |body, what| {
                let want = typed(body, direction);
                let got = c.interp.validate_shape(&shape, body, direction).to_json();
                c.compare(want, got, &format!("{direction:?}: {what}"), body);
            });
        }
        let (n, _) = c.finish();
        total += n;
    }
    eprintln!("request bodies as shapes: {total} cross-checked");
}

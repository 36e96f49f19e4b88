//! The emulator and the runtime's axum extractors over real HTTP: each test starts a server on
//! an ephemeral port of 127.0.0.1 and talks to it with reqwest.

use axum::routing::post;
use axum::{Extension, Json, Router};
use docspec_emulator::{Config, Emulator, serve_on_loopback};
use docspec_generated::yandex_functions_create_version::operations::CreateVersion;
use docspec_runtime::Operation as _;
use docspec_runtime::axum::{Settings, Valid};
use serde_json::{Value, json};
use std::collections::BTreeSet;

const VERSIONS: &str = "/functions/v1/versions";
const FUNCTIONS: &str = "/2015-03-31/functions";

/// Serves `router` on 127.0.0.1 (ephemeral port) for the rest of the test; returns the base URL.
async fn serve(router: Router) -> String {
    let (addr, _) = serve_on_loopback(router).await.expect("bind 127.0.0.1:0");
    format!("http://{addr}")
}

async fn emulator(config: Config) -> String {
    serve(Emulator::new(config).router()).await
}

fn client() -> reqwest::Client {
    reqwest::Client::new()
}

/// Status, content type, `x-amzn-ErrorType` and JSON body of a response.
struct Answer {
    status: u16,
    content_type: String,
    error_type: Option<String>,
    body: Value,
}

async fn answer(resp: reqwest::Response) -> Answer {
    let header = |name: &str| {
        resp.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let content_type = header("content-type").unwrap_or_default();
    let error_type = header("x-amzn-errortype");
    let status = resp.status().as_u16();
    let bytes = resp.bytes().await.expect("response body");
    let body = serde_json::from_slice(&bytes).unwrap_or_else(|e| {
        panic!(
            "status {status}: body is not JSON ({e}): {}",
            String::from_utf8_lossy(&bytes)
        )
    });
    Answer {
        status,
        content_type,
        error_type,
        body,
    }
}

async fn post_json(base: &str, path: &str, body: &Value) -> Answer {
    answer(
        client()
            .post(format!("{base}{path}"))
            .json(body)
            .send()
            .await
            .expect("request"),
    )
    .await
}

async fn get(base: &str, path_and_query: &str) -> Answer {
    answer(
        client()
            .get(format!("{base}{path_and_query}"))
            .send()
            .await
            .expect("request"),
    )
    .await
}

fn version_body(function_id: &str) -> Value {
    json!({
        "functionId": function_id,
        "runtime": "python312",
        "entrypoint": "index.handler",
        "resources": {"memory": "134217728"},
        "executionTimeout": "3s",
        "content": "UEsDBAoAAAAAAA==",
        "environment": {"MODE": "test"},
        "tag": ["stable"]
    })
}

fn function_body(name: &str) -> Value {
    json!({
        "FunctionName": name,
        "Runtime": "python3.6",
        "Role": "arn:aws:iam::123456789012:role/lambda-role",
        "Handler": "index.handler",
        "Code": {"ZipFile": "UEsDBAoAAAAAAA=="},
        "MemorySize": 256
    })
}

/// A createVersion body that breaks one constraint of each kind.
fn bad_version_body() -> Value {
    json!({
        "functionId": "d4e1b2c3a4f5e6d7c8b9",
        "runtime": "python312",
        // entrypoint (required) missing
        "description": "x".repeat(257),
        "resources": {"memory": "100000000"},
        "executionTimeout": "3s",
        "concurrency": 17,
        "environment": {"1BAD": "v"},
        "tag": ["Not-Lower"],
        "logOptions": {"minLevel": "LOUD"},
        "tmpfsSize": "536870912",
        "content": "UEsDBA==",
        "package": {"bucketName": "b", "objectName": "o"}
    })
}

/// A named JSON snapshot, named as the other suites name theirs (no module prefix).
fn snapshot(name: &str, value: Value) {
    insta::with_settings!({ omit_expression => true, prepend_module_to_snapshot => false }, {
        insta::assert_json_snapshot!(name, value);
    });
}

/// Timestamps vary from run to run; everything else in the answers is deterministic.
fn scrub(v: &mut Value) {
    match v {
        Value::Object(m) => {
            for (k, v) in m.iter_mut() {
                if matches!(k.as_str(), "createdAt" | "modifiedAt" | "LastModified") {
                    *v = json!("[timestamp]");
                } else {
                    scrub(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(scrub),
        _ => {}
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn valid_requests_are_accepted() {
    let base = emulator(Config::default()).await;
    let mut created = post_json(&base, VERSIONS, &version_body("d4e1b2c3a4f5e6d7c8b9")).await;
    assert_eq!(created.status, 200, "{}", created.body);
    assert_eq!(created.content_type, "application/json");
    scrub(&mut created.body);

    let mut listed = get(
        &base,
        &format!("{VERSIONS}?functionId=d4e1b2c3a4f5e6d7c8b9"),
    )
    .await;
    assert_eq!(listed.status, 200, "{}", listed.body);
    scrub(&mut listed.body);

    let mut function = post_json(&base, FUNCTIONS, &function_body("hello")).await;
    assert_eq!(function.status, 201, "{}", function.body);
    scrub(&mut function.body);

    // PublishVersion's body has only optional members: none at all is a valid request.
    let resp = client()
        .post(format!("{base}{FUNCTIONS}/hello/versions"))
        .send()
        .await
        .expect("request");
    let mut published = answer(resp).await;
    assert_eq!(published.status, 201, "{}", published.body);
    scrub(&mut published.body);

    // Nothing changed since version 1: publishing again answers version 1 (as documented).
    let again = post_json(&base, &format!("{FUNCTIONS}/hello/versions"), &json!({})).await;
    assert_eq!(again.status, 201);
    assert_eq!(again.body["Version"], "1");

    snapshot(
        "http_valid_answers",
        json!({
            "createVersion": created.body,
            "listVersions": listed.body,
            "CreateFunction": function.body,
            "PublishVersion": published.body,
        }),
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_violation_is_answered_in_yandex_shape() {
    let base = emulator(Config::default()).await;
    let bad = bad_version_body();
    let a = post_json(&base, VERSIONS, &bad).await;
    assert_eq!(a.status, 400);
    assert_eq!(a.body["code"], 3);

    // The same request through the generated validator directly: the HTTP answer lists
    // exactly its violations, in order.
    let report = docspec_runtime::validate_request::<CreateVersion>(&json!({ "body": bad }))
        .expect_err("the request is invalid");
    let fields: Vec<(String, String)> = a.body["details"][0]["fieldViolations"]
        .as_array()
        .expect("fieldViolations")
        .iter()
        .map(|v| {
            (
                v["field"].as_str().unwrap_or_default().to_owned(),
                v["description"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let expected: Vec<(String, String)> = report
        .violations()
        .iter()
        .map(|v| {
            (
                docspec_runtime::axum::field_path(&v.pointer),
                v.message.clone(),
            )
        })
        .collect();
    assert_eq!(fields, expected);
    let codes: BTreeSet<&str> = report
        .violations()
        .iter()
        .map(|v| v.code.as_str())
        .collect();
    for code in [
        "required",
        "max_length",
        "minimum",
        "multiple_of",
        "maximum",
        "property_name",
        "pattern",
        "enum",
        "one_of_conflict",
        "rule",
    ] {
        assert!(codes.contains(code), "no {code} violation in {codes:?}");
    }
    snapshot("http_yandex_violations", a.body);

    // Query parameters: both members of the exactly-one group, a page size out of range and
    // a page token too long; all reported at once.
    let q = format!(
        "{VERSIONS}?folderId=b1g&functionId=d4e&pageSize=1001&pageToken={}",
        "t".repeat(101)
    );
    let a = get(&base, &q).await;
    assert_eq!(a.status, 400);
    snapshot("http_yandex_query_violations", a.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn aws_errors_are_answered_in_aws_shape() {
    let base = emulator(Config::default()).await;
    let mut body = function_body("my-function");
    body["MemorySize"] = json!(200);
    body["Timeout"] = json!(0);
    body["Runtime"] = json!("cobol");
    let a = post_json(&base, FUNCTIONS, &body).await;
    assert_eq!(a.status, 400);
    assert_eq!(
        a.error_type.as_deref(),
        Some("InvalidParameterValueException")
    );
    assert_eq!(a.body["Type"], "User");
    let message = a.body["message"].as_str().expect("message");
    for field in ["MemorySize", "Timeout", "Runtime"] {
        assert!(message.contains(field), "{field} not in {message}");
    }
    assert!(
        message.starts_with("3 validation errors detected"),
        "{message}"
    );

    let created = post_json(&base, FUNCTIONS, &function_body("my-function")).await;
    assert_eq!(created.status, 201, "{}", created.body);
    let again = post_json(&base, FUNCTIONS, &function_body("my-function")).await;
    assert_eq!(again.status, 409);
    assert_eq!(
        again.error_type.as_deref(),
        Some("ResourceConflictException")
    );

    let missing = post_json(&base, &format!("{FUNCTIONS}/nobody/versions"), &json!({})).await;
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.error_type.as_deref(),
        Some("ResourceNotFoundException")
    );

    let stale = post_json(
        &base,
        &format!("{FUNCTIONS}/my-function/versions"),
        &json!({"RevisionId": "not-the-latest"}),
    )
    .await;
    assert_eq!(stale.status, 412);
    assert_eq!(
        stale.error_type.as_deref(),
        Some("PreconditionFailedException")
    );

    // A path parameter that breaks its pattern, and a body member too long: both listed.
    let a = post_json(
        &base,
        &format!("{FUNCTIONS}/bad%20name/versions"),
        &json!({"Description": "d".repeat(257)}),
    )
    .await;
    assert_eq!(a.status, 400);
    snapshot(
        "http_aws_violations",
        json!({"x-amzn-ErrorType": a.error_type, "body": a.body}),
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn problem_json_is_the_default_shape() {
    async fn create(Valid(req): Valid<CreateVersion>) -> Json<Value> {
        Json(json!({"functionId": req.body.map(|b| b.function_id)}))
    }
    // A router that installs no Settings answers RFC 9457 problem+json.
    let base = serve(Router::new().route(CreateVersion::PATH, post(create))).await;
    let ok = post_json(&base, VERSIONS, &version_body("d4e1")).await;
    assert_eq!(ok.status, 200);
    assert_eq!(ok.body, json!({"functionId": "d4e1"}));

    let a = post_json(&base, VERSIONS, &bad_version_body()).await;
    assert_eq!(a.status, 400);
    assert_eq!(a.content_type, "application/problem+json");
    let report =
        docspec_runtime::validate_request::<CreateVersion>(&json!({ "body": bad_version_body() }))
            .expect_err("invalid");
    assert_eq!(a.body["violations"], json!(report.violations()));
    assert_eq!(a.body["status"], 400);
    snapshot("http_problem_violations", a.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_wrong_type_and_oversize_bodies() {
    let config = Config {
        body_limit: 1024,
        ..Config::default()
    };
    let base = emulator(config).await;
    let c = client();

    // Malformed JSON: a syntax violation at /body, with the path parameter's own violation.
    let resp = c
        .post(format!("{base}{FUNCTIONS}/bad%20name/versions"))
        .header("content-type", "application/json")
        .body("{\"Description\": ")
        .send()
        .await
        .expect("request");
    let a = answer(resp).await;
    assert_eq!(a.status, 400);
    assert_eq!(
        a.error_type.as_deref(),
        Some("InvalidParameterValueException")
    );
    let message = a.body["message"].as_str().unwrap_or_default();
    assert!(
        message.starts_with("2 validation errors detected"),
        "{message}"
    );
    assert!(message.contains("invalid JSON"), "{message}");

    let resp = c
        .post(format!("{base}{VERSIONS}"))
        .header("content-type", "application/json")
        .body("[1, 2,")
        .send()
        .await
        .expect("request");
    let a = answer(resp).await;
    assert_eq!(a.status, 400);
    assert_eq!(a.body["code"], 3);
    assert_eq!(
        a.body["details"][0]["fieldViolations"][0]["field"], "body",
        "{}",
        a.body
    );

    // A body that is not JSON by its content type.
    let resp = c
        .post(format!("{base}{VERSIONS}"))
        .header("content-type", "text/plain")
        .body(version_body("d4e1").to_string())
        .send()
        .await
        .expect("request");
    let a = answer(resp).await;
    assert_eq!(a.status, 415);
    assert_eq!(a.body["code"], 3);
    let resp = c
        .post(format!("{base}{FUNCTIONS}"))
        .body(function_body("f").to_string())
        .send()
        .await
        .expect("request");
    let a = answer(resp).await;
    assert_eq!(a.status, 415);
    assert_eq!(
        a.error_type.as_deref(),
        Some("UnsupportedMediaTypeException")
    );

    // Over the limit, announced by Content-Length.
    let mut big = version_body("d4e1");
    big["description"] = json!("x".repeat(2000));
    let a = post_json(&base, VERSIONS, &big).await;
    assert_eq!(a.status, 413);
    assert_eq!(a.body["code"], 8, "{}", a.body);
    let a = post_json(&base, FUNCTIONS, &json!({"Description": "x".repeat(2000)})).await;
    assert_eq!(a.status, 413);
    assert_eq!(a.error_type.as_deref(), Some("RequestTooLargeException"));

    // Over the limit without Content-Length (chunked): refused once the bytes pass it.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        (0..8).map(|_| Ok(vec![b' '; 512])).collect();
    let resp = c
        .post(format!("{base}{VERSIONS}"))
        .header("content-type", "application/json")
        .body(reqwest::Body::wrap_stream(futures_stream(chunks)))
        .send()
        .await
        .expect("request");
    let a = answer(resp).await;
    assert_eq!(a.status, 413);
    assert_eq!(a.body["code"], 8);
}

/// A stream of chunks for a body without Content-Length.
fn futures_stream(
    chunks: Vec<Result<Vec<u8>, std::io::Error>>,
) -> impl futures_core::Stream<Item = Result<Vec<u8>, std::io::Error>> + Send + Sync + 'static {
    struct Chunks(std::vec::IntoIter<Result<Vec<u8>, std::io::Error>>);
    impl futures_core::Stream for Chunks {
        type Item = Result<Vec<u8>, std::io::Error>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            std::task::Poll::Ready(self.0.next())
        }
    }
    Chunks(chunks.into_iter())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paging_through_more_versions_than_one_page() {
    let base = emulator(Config::default()).await;
    let mut mine = Vec::new();
    for i in 0..25 {
        let a = post_json(&base, VERSIONS, &version_body("d4efunctiona")).await;
        assert_eq!(a.status, 200, "{}", a.body);
        mine.push(a.body["metadata"]["functionVersionId"].clone());
        if i % 5 == 0 {
            let other = post_json(&base, VERSIONS, &version_body("d4efunctionb")).await;
            assert_eq!(other.status, 200);
        }
    }
    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    let mut sizes = Vec::new();
    loop {
        let mut q = format!("{VERSIONS}?functionId=d4efunctiona&pageSize=10");
        if let Some(t) = &token {
            q.push_str(&format!("&pageToken={t}"));
        }
        let a = get(&base, &q).await;
        assert_eq!(a.status, 200, "{}", a.body);
        let page = a.body["versions"].as_array().cloned().unwrap_or_default();
        sizes.push(page.len());
        seen.extend(page.iter().map(|v| v["id"].clone()));
        match a.body["nextPageToken"].as_str() {
            Some(t) => token = Some(t.to_owned()),
            None => break,
        }
    }
    assert_eq!(sizes, [10, 10, 5]);
    assert_eq!(seen, mine, "every version once, in order of creation");

    // pageSize absent (or 0) means the documented default of 100: one page.
    let a = get(
        &base,
        &format!("{VERSIONS}?functionId=d4efunctiona&pageSize=0"),
    )
    .await;
    assert_eq!(a.body["versions"].as_array().map(Vec::len), Some(25));
    assert!(a.body.get("nextPageToken").is_none());

    // The folder holds all 30; another folder holds none.
    let a = get(&base, &format!("{VERSIONS}?folderId=b1gemulatorfolder000")).await;
    assert_eq!(a.body["versions"].as_array().map(Vec::len), Some(30));
    let a = get(&base, &format!("{VERSIONS}?folderId=b1gsomeotherfolder0")).await;
    assert_eq!(a.body["versions"].as_array().map(Vec::len), Some(0));

    let a = get(
        &base,
        &format!("{VERSIONS}?functionId=d4efunctiona&pageToken=nosuchtoken"),
    )
    .await;
    assert_eq!(a.status, 400);
    assert_eq!(a.body["code"], 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_concurrent_requests_without_loss() {
    let base = emulator(Config::default()).await;
    let c = client();
    let tasks: Vec<_> = (0..200)
        .map(|i| {
            let c = c.clone();
            let url = format!("{base}{VERSIONS}");
            tokio::spawn(async move {
                let body = version_body(&format!("d4efunction{:03}", i % 7));
                let resp = c.post(url).json(&body).send().await.expect("request");
                answer(resp).await
            })
        })
        .collect();
    let mut ids = BTreeSet::new();
    for t in tasks {
        let a = t.await.expect("task");
        assert_eq!(a.status, 200, "{}", a.body);
        ids.insert(
            a.body["metadata"]["functionVersionId"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        );
    }
    assert_eq!(ids.len(), 200, "every request created its own version");
    let a = get(
        &base,
        &format!("{VERSIONS}?folderId=b1gemulatorfolder000&pageSize=1000"),
    )
    .await;
    let listed: BTreeSet<String> = a.body["versions"]
        .as_array()
        .expect("versions")
        .iter()
        .map(|v| v["id"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(listed, ids, "the listing holds exactly the 200 versions");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_choose_the_shape_per_router() {
    async fn ok(Valid(_): Valid<CreateVersion>) -> &'static str {
        "ok"
    }
    let aws = Router::new()
        .route(CreateVersion::PATH, post(ok))
        .layer(Extension(Settings::new(
            docspec_runtime::axum::ErrorStyle::Aws,
        )));
    let base = serve(aws).await;
    let a = post_json(&base, VERSIONS, &json!({})).await;
    assert_eq!(a.status, 400);
    assert_eq!(
        a.error_type.as_deref(),
        Some("InvalidParameterValueException")
    );
    assert!(
        a.body["message"]
            .as_str()
            .unwrap_or_default()
            .contains("functionId")
    );
}

/// Header parameters documented with capitals (`X-Request-Id`) are matched whatever case the
/// client and hyper give them, so their constraints apply; a repeated field is one value.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn header_parameters_match_whatever_their_case() {
    use docspec_fixtures::headers::operations::GetHeaders;
    async fn handler(Valid(req): Valid<GetHeaders>) -> Json<Value> {
        Json(json!({"id": req.header.x_request_id, "count": req.header.x_count}))
    }
    let base = serve(Router::new().route(GetHeaders::PATH, axum::routing::get(handler))).await;
    let send = |headers: &'static [(&'static str, &'static str)]| {
        let mut req = client().get(format!("{base}{}", GetHeaders::PATH));
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        async move { answer(req.send().await.expect("request")).await }
    };
    let ok = send(&[("X-Request-Id", "0badcafe"), ("x-count", "3")]).await;
    assert_eq!(
        (ok.status, ok.body),
        (200, json!({"id": "0badcafe", "count": 3}))
    );
    let bad = send(&[("X-REQUEST-ID", "nothex"), ("X-Count", "4")]).await;
    assert_eq!(bad.status, 400);
    let pointers: Vec<&Value> = bad.body["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| &v["pointer"])
        .collect();
    assert_eq!(
        pointers,
        [&json!("/header/X-Request-Id"), &json!("/header/X-Count")]
    );
    let missing = send(&[("x-count", "1")]).await;
    assert_eq!(missing.body["violations"][0]["code"], "required");
    // Two lines of one field are one value, `a, b`, which the pattern rejects.
    let twice = send(&[("X-Request-Id", "0badcafe"), ("X-Request-Id", "0badcafe")]).await;
    assert_eq!(
        twice.body["violations"][0]["pointer"],
        "/header/X-Request-Id"
    );
    assert_eq!(twice.body["violations"][0]["code"], "pattern");
}

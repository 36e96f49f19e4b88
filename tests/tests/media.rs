//! Bodies of every media type kind (`tests/fixtures/specs/media.yaml`): form and multipart
//! bodies read into the body's type as query parameters are, with object members as JSON
//! text; text and bytes kept raw with a string schema's lengths; an undocumented media type
//! refused. Each request goes through the axum extractor as a server receives it, and the
//! JSON-envelope form of it through the compiled validators and the interpreter, which agree.

mod support;

use axum::body::Body;
use axum::extract::FromRequest;
use docspec_diff::interp::Interp;
use docspec_fixtures::media::operations::{PostBoth, PostForm, PostNote, PutBlob};
use docspec_runtime::axum::{ApiError, Valid};
use docspec_runtime::{Code, Operation, Report};
use serde_json::{Value, json};
use std::sync::OnceLock;

const FILE: &str = "media.yaml";

fn interp() -> &'static Interp<'static> {
    static I: OnceLock<Interp<'static>> = OnceLock::new();
    I.get_or_init(|| Interp::new(support::lowered("tests/fixtures/specs", "fixtures", FILE)))
}

/// The report of a request envelope, compiled and interpreted (which must agree).
fn envelope(op: &str, envelope: &Value) -> Report {
    let compiled = docspec_fixtures::validate_request(FILE, op, envelope).expect("operation");
    let interpreted = interp().validate_request(op, envelope).expect("operation");
    assert_eq!(
        compiled.to_json(),
        interpreted.to_json(),
        "compiled and interpreted verdicts on {envelope}"
    );
    compiled
}

fn codes(r: &Report) -> Vec<(String, Code)> {
    r.violations()
        .iter()
        .map(|v| (v.pointer.clone(), v.code))
        .collect()
}

/// Runs the extractor of `O` on a request with this content type and body.
async fn extract<O>(content_type: &str, body: &'static [u8]) -> Result<Valid<O>, ApiError>
where
    O: Operation + Send + 'static,
    docspec_runtime::Request<O>: Send,
{
    let req = axum::http::Request::builder()
        .method(O::METHOD)
        .uri(O::PATH)
        .header("content-type", content_type)
        .body(Body::from(body))
        .expect("request");
    Valid::<O>::from_request(req, &()).await
}

/// The violations of a refused request, as pointers and codes.
async fn refused(e: ApiError) -> (u16, Value) {
    let resp = axum::response::IntoResponse::into_response(e);
    let status = resp.status().as_u16();
    let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX)
        .await
        .expect("body");
    (status, serde_json::from_slice(&bytes).expect("JSON error"))
}

fn pointers(problem: &Value) -> Vec<(String, String)> {
    problem["violations"]
        .as_array()
        .map(|vs| {
            vs.iter()
                .map(|v| {
                    (
                        v["pointer"].as_str().unwrap_or_default().to_owned(),
                        v["code"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn form_bodies_are_read_as_strings_into_the_body_type() {
    let ok = extract::<PostForm>(
        "application/x-www-form-urlencoded",
        b"name=ab%20c&count=3&tags=x&tags=y&meta=%7B%22a%22%3A2%7D",
    )
    .await
    .expect("valid form");
    let body = ok.0.body.expect("typed body");
    assert_eq!(body.name, "ab c");
    assert_eq!(body.count, Some(3));
    assert_eq!(
        body.tags.as_deref(),
        Some(&["x".to_owned(), "y".to_owned()][..])
    );
    assert_eq!(body.meta.map(|m| m.a), Some(2));

    let e = extract::<PostForm>(
        "application/x-www-form-urlencoded; charset=utf-8",
        b"name=toolong&count=zero&tags=a&tags=b&tags=c&meta=%7B%22a%22%3A0%7D",
    )
    .await
    .expect_err("invalid form");
    let (status, problem) = refused(e).await;
    assert_eq!(status, 400);
    let want = [
        ("/body/name", "max_length"),
        ("/body/count", "type"),
        ("/body/tags", "max_items"),
        ("/body/meta/a", "minimum"),
    ];
    let mut got = pointers(&problem);
    got.sort();
    let mut want: Vec<(String, String)> = want
        .iter()
        .map(|(p, c)| (p.to_string(), c.to_string()))
        .collect();
    want.sort();
    assert_eq!(got, want, "{problem}");

    // An object member that is not JSON text, and a missing required field.
    let e = extract::<PostForm>("application/x-www-form-urlencoded", b"meta=%7Bnope")
        .await
        .expect_err("invalid form");
    let (_, problem) = refused(e).await;
    let got = pointers(&problem);
    assert!(
        got.contains(&("/body/meta".into(), "syntax".into())),
        "{problem}"
    );
    assert!(
        got.contains(&("/body/name".into(), "required".into())),
        "{problem}"
    );

    // The same fields as a JSON envelope (strings, as they arrive).
    let r = envelope(
        "postForm",
        &json!({"body": {"name": "toolong", "count": "0", "meta": "{\"a\":1}"}}),
    );
    assert_eq!(
        codes(&r),
        [
            ("/body/count".to_owned(), Code::Minimum),
            ("/body/name".to_owned(), Code::MaxLength)
        ]
    );
    assert!(envelope("postForm", &json!({"body": {"name": "a", "count": "2"}})).is_empty());
}

#[tokio::test]
async fn multipart_bodies_are_read_part_by_part() {
    const BODY: &[u8] = b"--XyZ\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nabc\r\n--XyZ\r\nContent-Disposition: form-data; name=\"raw\"; filename=\"r.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n\xff\x00\x01\r\n--XyZ\r\nContent-Disposition: form-data; name=\"count\"\r\n\r\n7\r\n--XyZ--\r\n";
    let ok = extract::<PostForm>("multipart/form-data; boundary=XyZ", BODY)
        .await
        .expect("valid multipart");
    let body = ok.0.body.expect("typed body");
    assert_eq!((body.name.as_str(), body.count), ("abc", Some(7)));
    // A part that is not UTF-8 arrives as Latin-1, one character per byte.
    let raw: Vec<u32> = body.raw.expect("raw part").chars().map(u32::from).collect();
    assert_eq!(raw, [0xff, 0, 1]);

    const BAD: &[u8] =
        b"--XyZ\r\nContent-Disposition: form-data; name=\"count\"\r\n\r\n0\r\n--XyZ--\r\n";
    let e = extract::<PostForm>("multipart/form-data; boundary=XyZ", BAD)
        .await
        .expect_err("invalid multipart");
    let (_, problem) = refused(e).await;
    let mut got = pointers(&problem);
    got.sort();
    assert_eq!(
        got,
        [
            ("/body/count".to_owned(), "minimum".to_owned()),
            ("/body/name".to_owned(), "required".to_owned())
        ],
        "{problem}"
    );
}

#[tokio::test]
async fn raw_bodies_keep_their_bytes_and_check_lengths() {
    let ok = extract::<PostNote>("text/plain; charset=utf-8", "héllo".as_bytes())
        .await
        .expect("valid text");
    let raw = ok.0.raw.expect("raw body");
    assert_eq!(
        (raw.media, raw.bytes.as_slice()),
        ("text/plain", "héllo".as_bytes())
    );

    for (body, code) in [
        (&b"x"[..], "min_length"),
        (b"0123456789a", "max_length"),
        (b"\xff\xfe", "syntax"),
    ] {
        let e = extract::<PostNote>("text/plain", body)
            .await
            .expect_err("invalid text");
        let (_, problem) = refused(e).await;
        assert_eq!(
            pointers(&problem),
            [("/body".to_owned(), code.to_owned())],
            "{problem}"
        );
    }
    // Bytes count as bytes.
    let ok = extract::<PutBlob>("application/octet-stream", b"\xff\xff\xff\xff")
        .await
        .expect("four bytes");
    assert_eq!(ok.0.raw.map(|r| r.bytes.len()), Some(4));
    let e = extract::<PutBlob>("application/octet-stream", b"12345")
        .await
        .expect_err("five bytes");
    let (_, problem) = refused(e).await;
    assert_eq!(
        pointers(&problem),
        [("/body".to_owned(), "max_length".to_owned())]
    );

    // As an envelope, a raw body is the text of a JSON string.
    assert!(envelope("postNote", &json!({"body": "fine"})).is_empty());
    assert_eq!(
        codes(&envelope("postNote", &json!({"body": "0123456789ab"}))),
        [("/body".to_owned(), Code::MaxLength)]
    );
    assert_eq!(
        codes(&envelope("postNote", &json!({}))),
        [("/body".to_owned(), Code::Required)]
    );
}

#[tokio::test]
async fn media_types_choose_how_a_body_is_read() {
    // JSON is read into the type; XML of the same operation is kept raw, its schema unchecked.
    let ok = extract::<PostBoth>("application/json", br#"{"a": 1}"#)
        .await
        .expect("JSON");
    assert_eq!(ok.0.body.map(|b| b.a), Some(1));
    let ok = extract::<PostBoth>("text/xml", b"<Meta><a>0</a></Meta>")
        .await
        .expect("XML, kept raw");
    assert!(ok.0.body.is_none());
    assert_eq!(ok.0.raw.map(|r| r.media), Some("text/xml"));
    let e = extract::<PostBoth>("application/json", br#"{"a": 0}"#)
        .await
        .expect_err("JSON below minimum");
    let (_, problem) = refused(e).await;
    assert_eq!(
        pointers(&problem),
        [("/body/a".to_owned(), "minimum".to_owned())]
    );

    // A media type the operation does not document is refused, naming those it does.
    let e = extract::<PostNote>("application/json", br#""note""#)
        .await
        .expect_err("undocumented media type");
    let (status, problem) = refused(e).await;
    assert_eq!(status, 415);
    assert!(
        problem.to_string().contains("text/plain"),
        "names the documented type: {problem}"
    );
    let e = extract::<PostForm>("text/plain", b"name=a")
        .await
        .expect_err("undocumented");
    assert_eq!(refused(e).await.0, 415);

    // What the generated code says of each operation's media types.
    let kinds = |m: &[docspec_runtime::Media]| m.iter().map(|m| m.name).collect::<Vec<_>>();
    assert_eq!(
        kinds(PostForm::REQUEST_MEDIA),
        ["application/x-www-form-urlencoded", "multipart/form-data"]
    );
    assert_eq!(PostForm::FORM_JSON, ["meta"]);
    assert_eq!(
        kinds(PostBoth::RESPONSE_MEDIA),
        ["application/json", "application/xml"]
    );
    assert_eq!((PutBlob::HAS_BODY, PutBlob::BODY_REQUIRED), (true, false));
}

#[test]
fn raw_media_types_are_noted_once_each() {
    let text = std::fs::read_to_string(support::root().join("tests/fixtures/specs").join(FILE))
        .expect("fixture");
    let (_, m) = docspec_codegen::generate::module_source(FILE, text, "media").expect("generates");
    let notes: Vec<String> = m.notes.iter().map(|n| n.message.clone()).collect();
    assert_eq!(
        notes,
        [
            "`application/octet-stream` bodies are kept raw: their schema is not checked, only a string schema's lengths (1 request; this is the first)",
            "`application/xml` bodies are kept raw: their schema is not checked, only a string schema's lengths (1 response; this is the first)",
            "`text/plain` bodies are kept raw: their schema is not checked, only a string schema's lengths (1 request, 1 response; this is the first)",
            "`text/xml` bodies are kept raw: their schema is not checked, only a string schema's lengths (1 request; this is the first)",
        ]
    );
}

#[test]
fn a_body_whose_schema_constrains_the_value_itself_is_checked() {
    assert!(envelope("postList", &json!({"body": ["a", "b"]})).is_empty());
    assert_eq!(
        codes(&envelope("postList", &json!({"body": []}))),
        [("/body".to_owned(), Code::MinItems)]
    );
    assert_eq!(
        codes(&envelope("postList", &json!({"body": ["a", "a", "abcd"]}))),
        [
            ("/body".to_owned(), Code::MaxItems),
            ("/body/1".to_owned(), Code::UniqueItems),
            ("/body/2".to_owned(), Code::MaxLength)
        ]
    );
    // Read from bytes, as a server does, the report is the same.
    let r = docspec_fixtures::validate_body(FILE, "postList", br#"["a", "a", "abcd"]"#)
        .expect("operation");
    assert_eq!(codes(&r).len(), 3, "{r}");
    let resp = docspec_fixtures::validate_response(FILE, "postList", b"[]").expect("operation");
    assert_eq!(codes(&resp), [("".to_owned(), Code::MinItems)]);
    let resp = interp()
        .validate_response("postList", &json!([{"a": 0}]))
        .expect("operation");
    assert_eq!(codes(&resp), [("/0/a".to_owned(), Code::Minimum)]);
    let ok: docspec_fixtures::media::PostListRequest =
        docspec_runtime::from_value(&json!(["x"]), docspec_runtime::Direction::Request)
            .expect("valid");
    let docspec_fixtures::media::PostListRequest::Array(items) = ok;
    assert_eq!(items, ["x"]);
}

/// Response headers are read but not checked (`validate_response` takes the body): noted
/// once per spec, at the first response that has them, with the count.
#[test]
fn response_headers_are_noted_once() {
    let spec = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      operationId: getA
      responses:
        "200":
          description: ok
          headers:
            X-Amz-Log-Result: {schema: {type: string}}
  /b:
    get:
      operationId: getB
      responses:
        "200":
          description: ok
          headers:
            X-Amz-Executed-Version: {schema: {type: string, maxLength: 1024}}
"#;
    let (_, m) =
        docspec_codegen::generate::module_source("h.yaml", spec.into(), "h").expect("generates");
    let notes: Vec<String> = m
        .notes
        .iter()
        .map(|n| format!("{}: {}", n.pointer, n.message))
        .collect();
    assert_eq!(
        notes,
        [
            "/paths/~1a/get/responses/200/headers: response headers are documentation: `validate_response` checks the body (2 responses; this is the first)"
        ]
    );
}

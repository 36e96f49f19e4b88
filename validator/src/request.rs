//! Whole requests of one operation: path parameters, query parameters and body, each checked
//! and reported under `/path`, `/query` and `/body`.

use crate::{Code, Cx, Decode, Direction, Path, Report, Validate, Violation};
use serde_json::{Map, Value};

/// One documented operation, implemented by generated code.
pub trait Operation {
    /// The `operationId`.
    const ID: &'static str;
    /// The HTTP method, upper-case.
    const METHOD: &'static str;
    /// The path template, e.g. `/2015-03-31/functions/{FunctionName}/versions`.
    const PATH: &'static str;
    /// Whether the operation takes a request body at all.
    const HAS_BODY: bool;
    /// Whether the body is required.
    const BODY_REQUIRED: bool;
    /// Path parameters ([`NoParams`] when there are none).
    type PathParams: Decode + Validate + 'static;
    /// Query parameters ([`NoParams`] when there are none).
    type QueryParams: Decode + Validate + 'static;
    /// Header parameters ([`NoParams`] when there are none).
    type HeaderParams: Decode + Validate + 'static;
    /// The JSON request body ([`NoBody`] when there is none).
    type Body: Decode + Validate;
    /// The documented success response body.
    type Response: Decode + Validate;
}

/// A validated request.
#[derive(Debug)]
pub struct Request<O: Operation> {
    /// Path parameters.
    pub path: O::PathParams,
    /// Query parameters.
    pub query: O::QueryParams,
    /// Header parameters.
    pub header: O::HeaderParams,
    /// The body, when one was sent.
    pub body: Option<O::Body>,
}

/// An operation without parameters in some location. Parameters that are not documented are
/// ignored, as HTTP servers ignore unknown query parameters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoParams;

impl Decode for NoParams {
    fn decode(v: &Value, at: &Path<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        crate::decode::expect_object(v, at, cx).map(|_| NoParams)
    }
}

impl Validate for NoParams {
    fn validate_at(&self, _: &Path<'_>, _: &mut Report) {}
}

/// The body type of an operation that takes none; it never decodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoBody {}

impl Decode for NoBody {
    fn decode(_: &Value, at: &Path<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        cx.report.add(
            at,
            Code::UnknownField,
            "the operation takes no request body".into(),
            None,
        );
        None
    }
}

impl Validate for NoBody {
    fn validate_at(&self, _: &Path<'_>, _: &mut Report) {}
}

fn part<T: Decode + Validate>(
    v: &Value,
    at: &Path<'_>,
    report: &mut Report,
    from_strings: bool,
) -> Option<T> {
    let out = {
        let mut cx = Cx::new(report, Direction::Request);
        cx.scalars_from_strings = from_strings;
        T::decode(v, at, &mut cx)
    };
    if let Some(t) = &out {
        t.validate_at(at, report);
    }
    out
}

/// Checks a request given as `{"path": {...}, "query": {...}, "header": {...}, "body": ...}`
/// (each part optional; parameter values are strings as they arrive over HTTP). Every violation of
/// every part is reported, with pointers prefixed by the part.
pub fn validate_request<O: Operation>(parts: &Value) -> Result<Request<O>, Report> {
    let mut report = Report::default();
    let root = Path::root();
    let Value::Object(obj) = parts else {
        let mut cx = Cx::new(&mut report, Direction::Request);
        cx.type_error(&root, "an object with `path`, `query` and `body`", parts);
        return Err(report);
    };
    for k in obj.keys() {
        if !matches!(k.as_str(), "path" | "query" | "header" | "body") {
            report.add(
                &root.key(k),
                Code::UnknownField,
                format!("unknown request part `{k}` (expected path, query, header, body)"),
                None,
            );
        }
    }
    let empty = Value::Object(Map::new());
    let body = match obj.get("body") {
        Some(v) => Body::Json(v),
        None => Body::Absent,
    };
    validate_parts::<O>(
        RawParts {
            path: obj.get("path").unwrap_or(&empty),
            query: obj.get("query").unwrap_or(&empty),
            header: obj.get("header").unwrap_or(&empty),
            body,
        },
        report,
    )
}

/// The body of a request as it arrived, before it is decoded.
#[derive(Debug, Clone, Copy)]
pub enum Body<'a> {
    /// No body was sent (or an empty one).
    Absent,
    /// A parsed JSON body.
    Json(&'a Value),
    /// The bytes of a JSON body, read straight into the body type (see [`crate::from_slice`]);
    /// text that is not JSON is reported at `/body`.
    Bytes(&'a [u8]),
    /// A body that could not be read as JSON; its violation is already in the report.
    Unreadable,
}

/// The parts of one request: parameter objects whose values are the strings that arrived, and
/// the body.
#[derive(Debug, Clone, Copy)]
pub struct RawParts<'a> {
    /// Path parameters by name.
    pub path: &'a Value,
    /// Query parameters by name (a repeated parameter is an array of strings).
    pub query: &'a Value,
    /// Header parameters by name.
    pub header: &'a Value,
    /// The body.
    pub body: Body<'a>,
}

/// Decodes and checks every part of a request, adding to `report` (which may already hold
/// violations, such as a body that is not JSON). Pointers are prefixed by the part.
pub fn validate_parts<O: Operation>(
    raw: RawParts<'_>,
    mut report: Report,
) -> Result<Request<O>, Report> {
    // Where a body that is not JSON is reported: before the parameters' violations, as a
    // server that parsed the body first would list it.
    let syntax_at = report.len();
    let root = Path::root();
    let path = part::<O::PathParams>(raw.path, &root.key("path"), &mut report, true);
    let header = part::<O::HeaderParams>(raw.header, &root.key("header"), &mut report, true);
    let query = part::<O::QueryParams>(raw.query, &root.key("query"), &mut report, true);
    let body_at = root.key("body");
    let body = match raw.body {
        Body::Json(v) => part::<O::Body>(v, &body_at, &mut report, false),
        Body::Bytes(b) => {
            let before = report.len();
            let mut cx = Cx::new(&mut report, Direction::Request);
            match crate::read::record_bytes::<O::Body>(b, &body_at, &mut cx) {
                Ok(out) => {
                    if let Some(t) = &out {
                        t.validate_at(&body_at, &mut report);
                    }
                    out
                }
                Err(e) => {
                    // Text that is not JSON says nothing about its members.
                    report.truncate(before);
                    let v = Violation::new(
                        body_at.to_pointer(),
                        Code::Syntax,
                        format!("invalid JSON: {e}"),
                        None,
                    );
                    report.insert(syntax_at, v);
                    None
                }
            }
        }
        Body::Unreadable => None,
        Body::Absent => {
            if O::HAS_BODY && O::BODY_REQUIRED {
                report.add(
                    &body_at,
                    Code::Required,
                    "the request body is required".into(),
                    None,
                );
            }
            None
        }
    };
    match (path, query, header) {
        (Some(path), Some(query), Some(header)) if report.is_empty() => Ok(Request {
            path,
            query,
            header,
            body,
        }),
        _ => Err(report),
    }
}

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
    /// The documented media types of the request body, in document order (empty without one).
    const REQUEST_MEDIA: &'static [Media];
    /// The documented media types of the success response.
    const RESPONSE_MEDIA: &'static [Media];
    /// Members of a form or multipart body whose field holds JSON text (OpenAPI's `encoding`
    /// default for objects and arrays of them): parsed before the body is decoded.
    const FORM_JSON: &'static [&'static str];
    /// Path parameters ([`NoParams`] when there are none).
    type PathParams: Decode + Validate + 'static;
    /// Query parameters ([`NoParams`] when there are none).
    type QueryParams: Decode + Validate + 'static;
    /// Header parameters ([`NoParams`] when there are none).
    type HeaderParams: Decode + Validate + 'static;
    /// The request body as its schema types it: JSON, form and multipart bodies are read into
    /// it ([`NoBody`] when there is none, or only raw media types).
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
    /// The body, when one of a typed media type (JSON, form, multipart) was sent.
    pub body: Option<O::Body>,
    /// The body, when one of a raw media type (text, XML, bytes) was sent: its documented
    /// media type and its bytes, of which only a string schema's lengths are checked.
    pub raw: Option<RawBody>,
}

/// One documented media type of a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Media {
    /// As the spec writes it (`application/json`, `text/xml`).
    pub name: &'static str,
    /// How a body of it is read.
    pub kind: MediaKind,
}

/// How a body of a media type is read and checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaKind {
    /// JSON, read into the body type.
    Json,
    /// `application/x-www-form-urlencoded`: fields as strings (see [`form_fields`]), read into
    /// the body type as query parameters are.
    Form,
    /// `multipart/form-data`: one string per part, read as form fields are. The caller parses
    /// the parts (the `axum` feature does); a part that is not UTF-8 is given as Latin-1
    /// (one character per byte), so that nothing of it is lost.
    Multipart,
    /// Text (`text/*`, XML) kept raw; it must be UTF-8, and its length in characters must be
    /// within the bounds.
    Text {
        /// `minLength` of a `type: string` schema.
        min_length: Option<u64>,
        /// `maxLength` of a `type: string` schema.
        max_length: Option<u64>,
    },
    /// Bytes kept raw; their count must be within the bounds.
    Binary {
        /// `minLength` of a `type: string` schema.
        min_length: Option<u64>,
        /// `maxLength` of a `type: string` schema.
        max_length: Option<u64>,
    },
}

impl MediaKind {
    /// Whether a body of this kind is read into the operation's body type.
    pub const fn typed(self) -> bool {
        matches!(
            self,
            MediaKind::Json | MediaKind::Form | MediaKind::Multipart
        )
    }
}

impl Media {
    /// The documented media type of `list` that `content_type` (a `Content-Type` value, with
    /// or without parameters) names, compared case-insensitively without parameters.
    pub fn find(list: &'static [Media], content_type: &str) -> Option<&'static Media> {
        let essence = |s: &str| s.split(';').next().unwrap_or_default().trim().to_owned();
        let want = essence(content_type);
        list.iter()
            .find(|m| essence(m.name).eq_ignore_ascii_case(&want))
    }
}

/// A raw request body: its documented media type and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawBody {
    /// The documented media type it was sent as.
    pub media: &'static str,
    /// The bytes as sent.
    pub bytes: Vec<u8>,
}

/// The fields of an `application/x-www-form-urlencoded` body (or a query string) as an object
/// of strings; a repeated name becomes an array of its values, in order.
pub fn form_fields(bytes: &[u8]) -> Value {
    let mut out = Map::new();
    for (k, v) in form_urlencoded::parse(bytes) {
        let v = Value::String(v.into_owned());
        match out.get_mut(k.as_ref()) {
            None => {
                out.insert(k.into_owned(), v);
            }
            Some(Value::Array(items)) => items.push(v),
            Some(first) => *first = Value::Array(vec![first.take(), v]),
        }
    }
    Value::Object(out)
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
    // The body as the operation's first media type reads it: JSON as it is, form fields as
    // strings, a raw body as the text of a JSON string.
    let body = match (obj.get("body"), O::REQUEST_MEDIA.first()) {
        (None, _) => Body::Absent,
        (Some(v), Some(m)) if matches!(m.kind, MediaKind::Form | MediaKind::Multipart) => {
            Body::Form(v)
        }
        (Some(Value::String(s)), Some(m)) if !m.kind.typed() => Body::Raw {
            content_type: m.name,
            bytes: s.as_bytes(),
        },
        (Some(v), _) => Body::Json(v),
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
    /// Form fields (urlencoded or multipart) as an object of strings (see [`form_fields`]),
    /// read into the body type as query parameters are.
    Form(&'a Value),
    /// A body of a raw media type (text, XML, bytes), with the `Content-Type` it was sent as.
    Raw {
        /// The `Content-Type` value.
        content_type: &'a str,
        /// The bytes.
        bytes: &'a [u8],
    },
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
    let mut raw_body = None;
    let body = match raw.body {
        Body::Json(v) => part::<O::Body>(v, &body_at, &mut report, false),
        Body::Form(v) => {
            let v = form_json(v, O::FORM_JSON, &body_at, &mut report);
            part::<O::Body>(&v, &body_at, &mut report, true)
        }
        Body::Raw {
            content_type,
            bytes,
        } => {
            match Media::find(O::REQUEST_MEDIA, content_type) {
                Some(m) if !m.kind.typed() => {
                    check_raw_body(m.kind, bytes, &body_at, &mut report);
                    raw_body = Some(RawBody {
                        media: m.name,
                        bytes: bytes.to_vec(),
                    });
                }
                _ => {
                    let listed: Vec<&str> = O::REQUEST_MEDIA.iter().map(|m| m.name).collect();
                    report.add(
                        &body_at,
                        Code::MediaType,
                        format!(
                            "a `{content_type}` body is not documented (documented: {})",
                            if listed.is_empty() {
                                "none".to_owned()
                            } else {
                                listed.join(", ")
                            }
                        ),
                        None,
                    );
                }
            }
            None
        }
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
            raw: raw_body,
        }),
        _ => Err(report),
    }
}

/// Checks a raw body against its media type: text must be UTF-8; the length (characters of
/// text, bytes otherwise) must be within the documented bounds. Typed kinds check nothing here.
pub fn check_raw_body(kind: MediaKind, bytes: &[u8], at: &Path<'_>, report: &mut Report) {
    let (len, min, max, unit) = match kind {
        MediaKind::Text {
            min_length,
            max_length,
        } => match std::str::from_utf8(bytes) {
            Ok(s) => (
                s.chars().count() as u64,
                min_length,
                max_length,
                "characters",
            ),
            Err(e) => {
                report.add(
                    at,
                    Code::Syntax,
                    format!("the text body is not UTF-8: {e}"),
                    None,
                );
                return;
            }
        },
        MediaKind::Binary {
            min_length,
            max_length,
        } => (bytes.len() as u64, min_length, max_length, "bytes"),
        _ => return,
    };
    if let Some(min) = min.filter(|&m| len < m) {
        report.add(
            at,
            Code::MinLength,
            format!("the body has {len} {unit}, fewer than {min}"),
            Some(crate::Limit::Integer(i128::from(min))),
        );
    }
    if let Some(max) = max.filter(|&m| len > m) {
        report.add(
            at,
            Code::MaxLength,
            format!("the body has {len} {unit}, more than {max}"),
            Some(crate::Limit::Integer(i128::from(max))),
        );
    }
}

/// Form fields with the members of `json` parsed from their JSON text (each item of a
/// repeated field); text that is not JSON is reported at the member and left as it is.
pub fn form_json<'v>(
    fields: &'v Value,
    json: &[&str],
    at: &Path<'_>,
    report: &mut Report,
) -> std::borrow::Cow<'v, Value> {
    let Value::Object(obj) = fields else {
        return std::borrow::Cow::Borrowed(fields);
    };
    if !json.iter().any(|k| obj.contains_key(*k)) {
        return std::borrow::Cow::Borrowed(fields);
    }
    let mut out = obj.clone();
    for k in json {
        let parse = |v: &mut Value, at: &Path<'_>, report: &mut Report| {
            if let Value::String(s) = v {
                match serde_json::from_str(s) {
                    Ok(parsed) => *v = parsed,
                    Err(e) => report.add(
                        at,
                        Code::Syntax,
                        format!("the field holds JSON text (its schema is an object), which is not JSON: {e}"),
                        None,
                    ),
                }
            }
        };
        let here = at.key(k);
        match out.get_mut(*k) {
            Some(Value::Array(items)) => {
                for (i, item) in items.iter_mut().enumerate() {
                    parse(item, &here.index(i), report);
                }
            }
            Some(v) => parse(v, &here, report),
            None => {}
        }
    }
    std::borrow::Cow::Owned(Value::Object(out))
}

//! Axum extractors (feature `axum`): a handler takes [`Valid<O>`] for a generated operation `O`
//! and receives its path parameters, query parameters and JSON body decoded and checked; a
//! request that breaks anything is answered 400 with every violation, in the error shape the
//! router chose with [`Settings`].
//!
//! ```ignore
//! async fn create(Valid(req): Valid<CreateVersion>) -> Json<Operation> { ... }
//! let app = Router::new().route(CreateVersion::PATH, post(create))
//!     .layer(Extension(Settings::new(ErrorStyle::Yandex)));
//! ```
//!
//! Choices, for servers that must look like the real service to its clients:
//! - Bodies are read only up to [`Settings::body_limit`] bytes (413 past it, before parsing);
//!   a non-empty body must be `application/json` or `application/*+json` (415 otherwise); an
//!   empty body counts as no body. Malformed JSON is a `syntax` violation at `/body`, reported
//!   together with the violations of the path and query.
//! - Path and query values are checked as the strings that arrived (percent-decoded); a query
//!   parameter given twice arrives as an array and so is a type violation for a scalar.
//! - Header parameters are looked up by lower-case name (HTTP/2 and hyper lower-case them), so
//!   a spec names them in lower case to be matched.

use crate::{
    Body, Code, Media, MediaKind, Operation, RawParts, Report, Request, Violation, validate_parts,
};
use ::axum::extract::{FromRequest, FromRequestParts, RawPathParams};
use ::axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use ::axum::response::{IntoResponse, Response};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde_json::{Map, Value, json};

/// The body limit when a router sets none: 2 MiB, axum's own default.
pub const DEFAULT_BODY_LIMIT: usize = 2 * 1024 * 1024;

/// The shape of error responses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ErrorStyle {
    /// RFC 9457 `application/problem+json`: `type`, `title`, `status`, `detail` and a
    /// `violations` member listing `pointer`, `code`, `message` and `limit` of each violation.
    #[default]
    Problem,
    /// AWS Lambda's REST-JSON errors: an `x-amzn-ErrorType` header naming the exception and a
    /// body `{"Type": "User", "message": "..."}` whose message lists every violation.
    Aws,
    /// Yandex Cloud's gRPC status as JSON: `{"code": 3, "message": "...", "details":
    /// [{"@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": [...]}]}`
    /// with dotted field paths such as `resources.memory`.
    Yandex,
}

/// Per-router settings, installed with `.layer(Extension(settings))`; routers without one use
/// [`Settings::default`] (problem+json, [`DEFAULT_BODY_LIMIT`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// How errors are rendered.
    pub style: ErrorStyle,
    /// The largest body read, in bytes.
    pub body_limit: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings::new(ErrorStyle::Problem)
    }
}

impl Settings {
    /// Settings with `style` and the default body limit.
    pub const fn new(style: ErrorStyle) -> Self {
        Settings {
            style,
            body_limit: DEFAULT_BODY_LIMIT,
        }
    }

    /// The settings a router installed for `req`, or the default.
    pub fn of(req: &::axum::extract::Request) -> Self {
        req.extensions()
            .get::<Settings>()
            .copied()
            .unwrap_or_default()
    }

    /// The same settings with another body limit.
    pub const fn with_body_limit(self, body_limit: usize) -> Self {
        Settings { body_limit, ..self }
    }
}

/// An error answer in the router's style: a status, the AWS exception name it stands for, a
/// message and the violations (empty for errors that are not about constraints). Handlers build
/// their own (404, 409) with [`ApiError::new`] so that they answer in the same shapes.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// How the error is rendered.
    pub style: ErrorStyle,
    /// The HTTP status.
    pub status: StatusCode,
    /// The AWS exception name, e.g. `ResourceNotFoundException` (only the AWS style shows it).
    pub error_type: &'static str,
    /// One line for people.
    pub message: String,
    /// Every violation, when the request broke documented constraints.
    pub report: Report,
}

impl ApiError {
    /// An error without violations.
    pub fn new(
        style: ErrorStyle,
        status: StatusCode,
        error_type: &'static str,
        message: impl Into<String>,
    ) -> Self {
        ApiError {
            style,
            status,
            error_type,
            message: message.into(),
            report: Report::default(),
        }
    }

    /// The 400 answer for a request of `operation` that broke the constraints in `report`.
    pub fn invalid(style: ErrorStyle, operation: &str, report: Report) -> Self {
        let n = report.len();
        let plural = if n == 1 { "" } else { "s" };
        let message = match style {
            ErrorStyle::Problem => {
                format!("{n} violation{plural} of the documented constraints of {operation}")
            }
            // AWS and gRPC clients show only the message: it carries every violation.
            ErrorStyle::Aws | ErrorStyle::Yandex => {
                let list = report
                    .violations()
                    .iter()
                    .map(|v| format!("{}: {}", field_path(&v.pointer), v.message))
                    .collect::<Vec<_>>()
                    .join("; ");
                format!("{n} validation error{plural} detected: {list}")
            }
        };
        ApiError {
            style,
            status: StatusCode::BAD_REQUEST,
            error_type: "InvalidParameterValueException",
            message,
            report,
        }
    }
}

/// The gRPC status code that Yandex Cloud's REST gateway answers with an HTTP status.
fn grpc_code(status: StatusCode) -> u16 {
    match status.as_u16() {
        400 | 415 => 3,                      // INVALID_ARGUMENT
        401 => 16,                           // UNAUTHENTICATED
        403 => 7,                            // PERMISSION_DENIED
        404 => 5,                            // NOT_FOUND
        409 => 6,                            // ALREADY_EXISTS
        412 => 9,                            // FAILED_PRECONDITION
        413 | 429 => 8,                      // RESOURCE_EXHAUSTED
        501 => 12,                           // UNIMPLEMENTED
        503 => 14,                           // UNAVAILABLE
        _ if status.is_server_error() => 13, // INTERNAL
        _ => 2,                              // UNKNOWN
    }
}

/// A wire-name pointer as a protobuf field path: `/body/resources/memory` becomes
/// `resources.memory`, `/body/tag/1` becomes `tag[1]`; the request part (`path`, `query`,
/// `header`, `body`) is dropped, since gRPC requests have one message. A pointer to a whole
/// part is named by the part.
pub fn field_path(pointer: &str) -> String {
    let mut segments = pointer.split('/').skip(1);
    let part = segments.next().unwrap_or_default();
    let mut out = String::new();
    for seg in segments {
        let seg = seg.replace("~1", "/").replace("~0", "~");
        if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) {
            out.push('[');
            out.push_str(&seg);
            out.push(']');
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&seg);
        }
    }
    if out.is_empty() { part.to_owned() } else { out }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut headers = HeaderMap::new();
        let body = match self.style {
            ErrorStyle::Problem => {
                headers.insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/problem+json"),
                );
                let mut problem = json!({
                    "type": "about:blank",
                    "title": self.status.canonical_reason().unwrap_or("Error"),
                    "status": self.status.as_u16(),
                    "detail": self.message,
                });
                if !self.report.is_empty() {
                    problem["violations"] = json!(self.report.violations());
                }
                problem
            }
            ErrorStyle::Aws => {
                headers.insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                );
                headers.insert(
                    "x-amzn-errortype",
                    HeaderValue::from_static(self.error_type),
                );
                let kind = if self.status.is_server_error() {
                    "Service"
                } else {
                    "User"
                };
                json!({"Type": kind, "message": self.message})
            }
            ErrorStyle::Yandex => {
                headers.insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                );
                let mut details = Vec::new();
                // BadRequest details describe the client's request; a server error's
                // violations (an answer that broke its own type) stay in the message.
                if !self.report.is_empty() && self.status.is_client_error() {
                    let violations: Vec<Value> = self
                        .report
                        .violations()
                        .iter()
                        .map(|v: &Violation| {
                            json!({"field": field_path(&v.pointer), "description": v.message})
                        })
                        .collect();
                    details.push(json!({
                        "@type": "type.googleapis.com/google.rpc.BadRequest",
                        "fieldViolations": violations,
                    }));
                }
                json!({"code": grpc_code(self.status), "message": self.message, "details": details})
            }
        };
        (self.status, headers, body.to_string()).into_response()
    }
}

/// A request of operation `O`, decoded and checked: path and query parameters, headers and body.
pub struct Valid<O: Operation>(pub Request<O>);

impl<O: Operation> std::fmt::Debug for Valid<O>
where
    Request<O>: std::fmt::Debug,
{
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Valid").field(&self.0).finish()
    }
}

impl<O, S> FromRequest<S> for Valid<O>
where
    O: Operation,
    Request<O>: Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: ::axum::extract::Request, state: &S) -> Result<Self, ApiError> {
        let settings = Settings::of(&req);
        let style = settings.style;
        let (mut parts, body) = req.into_parts();
        let mut report = Report::default();

        let path = if O::PATH.contains('{') {
            match RawPathParams::from_request_parts(&mut parts, state).await {
                Ok(params) => Value::Object(
                    params
                        .iter()
                        .map(|(k, v)| (k.to_owned(), Value::String(v.to_owned())))
                        .collect(),
                ),
                Err(e) => {
                    report.push(Violation::new(
                        "/path".into(),
                        Code::Syntax,
                        format!("unreadable path parameters: {}", e.body_text()),
                        None,
                    ));
                    Value::Object(Map::new())
                }
            }
        } else {
            Value::Object(Map::new())
        };
        // An operation without query or header parameters takes any object there: the
        // objects are not built for it.
        let query = if no_params::<O::QueryParams>() {
            Value::Object(Map::new())
        } else {
            query_object(parts.uri.query().unwrap_or_default())
        };
        let header = if no_params::<O::HeaderParams>() {
            Value::Object(Map::new())
        } else {
            header_object(&parts.headers)
        };

        let bytes = read_body(&parts.headers, body, settings, O::ID).await?;
        let content_type = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let fields;
        let body = if bytes.is_empty() {
            Body::Absent
        } else {
            match Media::find(O::REQUEST_MEDIA, &content_type).map(|m| m.kind) {
                Some(MediaKind::Form) => {
                    fields = crate::form_fields(&bytes);
                    Body::Form(&fields)
                }
                Some(MediaKind::Multipart) => {
                    fields = multipart_fields(&content_type, bytes.clone(), style).await?;
                    Body::Form(&fields)
                }
                Some(MediaKind::Json) => Body::Bytes(&bytes),
                Some(_) => Body::Raw {
                    content_type: &content_type,
                    bytes: &bytes,
                },
                // Undocumented: JSON where the operation documents it (or nothing), else
                // refused naming what it takes.
                None => {
                    let documented = O::REQUEST_MEDIA;
                    if documented.is_empty() || documented.iter().any(|m| m.kind == MediaKind::Json)
                    {
                        check_json_content_type(&parts.headers, style)?;
                        Body::Bytes(&bytes)
                    } else {
                        return Err(unsupported_media(style, &content_type, documented));
                    }
                }
            }
        };
        let raw = RawParts {
            path: &path,
            query: &query,
            header: &header,
            body,
        };
        validate_parts::<O>(raw, report)
            .map(Valid)
            .map_err(|report| ApiError::invalid(style, O::ID, report))
    }
}

/// The header fields as an object of strings, under hyper's lower-case names (the decoder
/// matches documented names case-insensitively). A repeated field is one value, its lines
/// joined with `, ` (RFC 9110 section 5.3); bytes that are not UTF-8 are replaced, so the
/// value is still checked rather than taken as absent.
/// Whether a parameter type is [`crate::NoParams`], which accepts any object as it is.
fn no_params<T: 'static>() -> bool {
    std::any::TypeId::of::<T>() == std::any::TypeId::of::<crate::NoParams>()
}

fn header_object(headers: &HeaderMap) -> Value {
    let mut out = Map::new();
    for name in headers.keys() {
        let lines: Vec<String> = headers
            .get_all(name)
            .iter()
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .collect();
        out.insert(name.as_str().to_owned(), Value::String(lines.join(", ")));
    }
    Value::Object(out)
}

/// The query string as an object of strings; a repeated name becomes an array of its values.
fn query_object(query: &str) -> Value {
    crate::form_fields(query.as_bytes())
}

fn too_large(style: ErrorStyle, limit: usize) -> ApiError {
    ApiError::new(
        style,
        StatusCode::PAYLOAD_TOO_LARGE,
        "RequestTooLargeException",
        format!("the request body is larger than {limit} bytes"),
    )
}

/// Reads the whole body, refusing past the limit: at once when `Content-Length` says so,
/// else as soon as the bytes read pass it.
async fn read_body(
    headers: &HeaderMap,
    body: ::axum::body::Body,
    settings: Settings,
    operation: &str,
) -> Result<::axum::body::Bytes, ApiError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > settings.body_limit as u64) {
        return Err(too_large(settings.style, settings.body_limit));
    }
    match Limited::new(body, settings.body_limit).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.is::<LengthLimitError>() => Err(too_large(settings.style, settings.body_limit)),
        Err(e) => {
            let mut report = Report::default();
            report.push(Violation::new(
                "/body".into(),
                Code::Syntax,
                format!("the request body could not be read: {e}"),
                None,
            ));
            Err(ApiError::invalid(settings.style, operation, report))
        }
    }
}

/// A `multipart/form-data` body as an object with one string per part (a repeated name
/// becomes an array): UTF-8 parts as they are, other parts as Latin-1, one character per
/// byte, so that a part's length is its byte count and nothing is lost.
async fn multipart_fields(
    content_type: &str,
    bytes: ::axum::body::Bytes,
    style: ErrorStyle,
) -> Result<Value, ApiError> {
    let request = ::axum::http::Request::builder()
        .header(header::CONTENT_TYPE, content_type)
        .body(::axum::body::Body::from(bytes))
        .map_err(|e| unreadable_multipart(style, &e.to_string()))?;
    let mut form = ::axum::extract::Multipart::from_request(request, &())
        .await
        .map_err(|e| unreadable_multipart(style, &e.body_text()))?;
    let mut out = Map::new();
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|e| unreadable_multipart(style, &e.body_text()))?
    {
        let name = field.name().unwrap_or_default().to_owned();
        let data = field
            .bytes()
            .await
            .map_err(|e| unreadable_multipart(style, &e.body_text()))?;
        let text = match std::str::from_utf8(&data) {
            Ok(s) => s.to_owned(),
            Err(_) => data.iter().map(|&b| char::from(b)).collect(),
        };
        let v = Value::String(text);
        match out.get_mut(&name) {
            None => {
                out.insert(name, v);
            }
            Some(Value::Array(items)) => items.push(v),
            Some(first) => *first = Value::Array(vec![first.take(), v]),
        }
    }
    Ok(Value::Object(out))
}

fn unreadable_multipart(style: ErrorStyle, why: &str) -> ApiError {
    let mut report = Report::default();
    report.push(Violation::new(
        "/body".into(),
        Code::Syntax,
        format!("the multipart body could not be read: {why}"),
        None,
    ));
    ApiError::invalid(style, "this request", report)
}

fn unsupported_media(style: ErrorStyle, content_type: &str, documented: &[Media]) -> ApiError {
    let listed: Vec<&str> = documented.iter().map(|m| m.name).collect();
    let got = if content_type.is_empty() {
        "none"
    } else {
        content_type
    };
    ApiError::new(
        style,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "UnsupportedMediaTypeException",
        format!(
            "the request body must be {} (content type: {got})",
            listed.join(" or ")
        ),
    )
}

/// `application/json`, or any `application/*+json`, with or without parameters.
fn check_json_content_type(headers: &HeaderMap, style: ErrorStyle) -> Result<(), ApiError> {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let essence = ct.split(';').next().unwrap_or_default().trim();
    let b = essence.as_bytes();
    let json = essence.eq_ignore_ascii_case("application/json")
        || b.len() > "application/+json".len()
            && b[..12].eq_ignore_ascii_case(b"application/")
            && b[b.len() - 5..].eq_ignore_ascii_case(b"+json");
    if json {
        return Ok(());
    }
    let got = if ct.is_empty() { "none" } else { ct };
    Err(ApiError::new(
        style,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "UnsupportedMediaTypeException",
        format!("the request body must be application/json (content type: {got})"),
    ))
}

/// A JSON body of type `T` alone, decoded and checked, for handlers that are not generated
/// operations. Pointers are relative to the body.
#[derive(Debug)]
pub struct ValidJson<T>(pub T);

impl<T, S> FromRequest<S> for ValidJson<T>
where
    T: crate::Decode + crate::Validate + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: ::axum::extract::Request, _: &S) -> Result<Self, ApiError> {
        let settings = Settings::of(&req);
        let (parts, body) = req.into_parts();
        let bytes = read_body(&parts.headers, body, settings, "this request").await?;
        check_json_content_type(&parts.headers, settings.style)?;
        crate::from_slice(&bytes, crate::Direction::Request)
            .map(ValidJson)
            .map_err(|report| ApiError::invalid(settings.style, "this request", report))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_paths() {
        assert_eq!(field_path("/body/resources/memory"), "resources.memory");
        assert_eq!(field_path("/body/tag/1"), "tag[1]");
        assert_eq!(field_path("/body/environment/a~1b"), "environment.a/b");
        assert_eq!(field_path("/query/pageSize"), "pageSize");
        assert_eq!(field_path("/body"), "body");
        assert_eq!(field_path(""), "");
    }

    #[test]
    fn grpc_codes() {
        assert_eq!(grpc_code(StatusCode::BAD_REQUEST), 3);
        assert_eq!(grpc_code(StatusCode::NOT_FOUND), 5);
        assert_eq!(grpc_code(StatusCode::CONFLICT), 6);
        assert_eq!(grpc_code(StatusCode::PAYLOAD_TOO_LARGE), 8);
        assert_eq!(grpc_code(StatusCode::INTERNAL_SERVER_ERROR), 13);
    }

    #[test]
    fn json_content_types() {
        let ok = |ct: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_str(ct).unwrap());
            check_json_content_type(&h, ErrorStyle::Problem).is_ok()
        };
        assert!(ok("application/json"));
        assert!(ok("Application/JSON; charset=utf-8"));
        assert!(ok("application/problem+json"));
        assert!(!ok("application/+json"));
        assert!(!ok("text/json"));
        assert!(!ok("application/jsonx"));
        assert!(check_json_content_type(&HeaderMap::new(), ErrorStyle::Aws).is_err());
    }

    #[test]
    fn queries() {
        assert_eq!(
            query_object("a=1&b=x%20y&a=2&c"),
            json!({"a": ["1", "2"], "b": "x y", "c": ""})
        );
    }
}

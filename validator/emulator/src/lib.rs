//! An emulator of the five documented operations over in-memory state, built on the generated
//! models and the runtime's axum extractors: Yandex Cloud Functions `createVersion` and
//! `listVersions` answer in Yandex's gRPC-status error shape, AWS Lambda `CreateFunction` and
//! `PublishVersion` in AWS's, so each provider's SDK can talk to it.
//!
//! What it keeps and decides, where the documents leave it open:
//! - Yandex: every function lives in one folder ([`Config::folder_id`]); a version is created
//!   `ACTIVE` and the Operation answers `done: true` at once. Ids are 20 characters, `d4e` and a
//!   counter, so runs are repeatable. Pages hold `pageSize` versions (0 or absent: 100) in the
//!   order of creation; the page token is opaque and names the next version. `filter` selects by
//!   function name, which `createVersion` never carries: the emulator refuses a filter with
//!   INVALID_ARGUMENT rather than answer as if nothing matched. The listVersions document
//!   allows less than createVersion's (memory up to 1 GiB against 4 GiB): createVersion refuses,
//!   with INVALID_ARGUMENT, a version that listVersions could not answer with.
//! - AWS: functions are keyed by name (a full or partial ARN names the same function);
//!   `CodeSize` and `CodeSha256` come from the decoded `ZipFile`, or from the text
//!   `s3://bucket/key` for S3 code. `PublishVersion` numbers versions from 1 and, as the
//!   document says, publishes nothing new when nothing changed since the last version (no
//!   update operation exists here, so a function has at most one published version).
//! - Every answer is decoded and checked against its documented response type before it is
//!   sent; an answer that fails is a 500 naming the violations (an emulator bug, not a client's).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use base64::Engine as _;
use docspec_generated::aws_lambda_create_function as create_fn;
use docspec_generated::aws_lambda_publish_version as publish;
use docspec_generated::yandex_functions_create_version as yc_create;
use docspec_generated::yandex_functions_list_versions as yc_list;
use docspec_runtime::axum::{ApiError, ErrorStyle, Settings, Valid};
use docspec_runtime::{Decode, Direction, Operation as _, Validate};
use serde_json::{Map, Value, json};
use sha2::Digest as _;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

/// Emulator settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// The one Yandex folder all functions live in.
    pub folder_id: String,
    /// AWS region in ARNs.
    pub region: String,
    /// AWS account id in ARNs.
    pub account: String,
    /// Largest request body read, in bytes.
    pub body_limit: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            folder_id: "b1gemulatorfolder000".into(),
            region: "us-east-1".into(),
            account: "123456789012".into(),
            body_limit: docspec_runtime::axum::DEFAULT_BODY_LIMIT,
        }
    }
}

/// Shared in-memory state of one emulator.
#[derive(Debug, Clone)]
pub struct Emulator {
    inner: Arc<Mutex<Inner>>,
    config: Arc<Config>,
}

#[derive(Debug, Default)]
struct Inner {
    counter: u64,
    /// Yandex versions in order of creation, as `Version` JSON of the listVersions document.
    versions: Vec<Value>,
    /// AWS functions by name.
    functions: BTreeMap<String, Function>,
}

#[derive(Debug)]
struct Function {
    /// `$LATEST`, as `FunctionConfiguration` JSON.
    latest: Value,
    /// Published versions, in order.
    versions: Vec<Value>,
}

impl Inner {
    fn next(&mut self) -> u64 {
        self.counter += 1;
        self.counter
    }
}

impl Emulator {
    /// An emulator with empty state.
    pub fn new(config: Config) -> Self {
        Emulator {
            inner: Arc::default(),
            config: Arc::new(config),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A handler that panicked cannot have left the state half-changed: every change is
        // one push or insert after all checks.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The router with all five operations, each provider's routes in its error style.
    pub fn router(&self) -> Router {
        let limit = self.config.body_limit;
        let yandex = Router::new()
            .route(
                yc_create::operations::CreateVersion::PATH,
                post(create_version),
            )
            .route(yc_list::operations::ListVersions::PATH, get(list_versions))
            .layer(Extension(
                Settings::new(ErrorStyle::Yandex).with_body_limit(limit),
            ));
        let aws = Router::new()
            .route(
                create_fn::operations::CreateFunction::PATH,
                post(create_function),
            )
            .route(
                publish::operations::PublishVersion::PATH,
                post(publish_version),
            )
            .layer(Extension(
                Settings::new(ErrorStyle::Aws).with_body_limit(limit),
            ));
        yandex.merge(aws).with_state(self.clone())
    }

    /// createVersion alone, with or without validation: what the server benchmark compares.
    /// Without it the body is read by `axum::Json` into the same generated type (serde, no
    /// constraint checks); the handler body after the extractor is the same.
    pub fn create_version_router(&self, validate: bool) -> Router {
        let path = yc_create::operations::CreateVersion::PATH;
        let route = if validate {
            Router::new().route(path, post(create_version))
        } else {
            Router::new().route(path, post(create_version_unchecked))
        };
        route
            .layer(Extension(
                Settings::new(ErrorStyle::Yandex).with_body_limit(self.config.body_limit),
            ))
            .with_state(self.clone())
    }
}

/// Serves `router` on an ephemeral port of 127.0.0.1 in a task of the current tokio runtime;
/// returns the address and the task (abort it to stop serving). Tests and benchmarks use it.
pub async fn serve_on_loopback(
    router: Router,
) -> std::io::Result<(
    std::net::SocketAddr,
    tokio::task::JoinHandle<std::io::Result<()>>,
)> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    Ok((
        addr,
        tokio::spawn(async move { axum::serve(listener, router).await }),
    ))
}

/// Decodes and checks an answer against its documented type, then sends it with `status`.
fn answer<T>(style: ErrorStyle, status: StatusCode, value: Value) -> Response
where
    T: Decode + Validate + serde::Serialize,
{
    match docspec_runtime::from_value::<T>(&value, Direction::Response) {
        Ok(typed) => (status, Json(typed)).into_response(),
        Err(report) => {
            let mut e = ApiError::new(
                style,
                StatusCode::INTERNAL_SERVER_ERROR,
                "ServiceException",
                format!("the emulator's answer breaks its documented type: {report}"),
            );
            e.report = report;
            e.into_response()
        }
    }
}

fn yandex_error(status: StatusCode, message: impl Into<String>) -> Response {
    ApiError::new(ErrorStyle::Yandex, status, "", message).into_response()
}

fn aws_error(status: StatusCode, error_type: &'static str, message: impl Into<String>) -> Response {
    ApiError::new(ErrorStyle::Aws, status, error_type, message).into_response()
}

/// A Yandex-style id: `d4e` and 17 base-32 digits of `n`.
fn yandex_id(n: u64) -> String {
    let mut digits = [b'0'; 17];
    let mut rest = n;
    for d in digits.iter_mut().rev() {
        *d = b"0123456789abcdefghijklmnopqrstuv"[(rest % 32) as usize];
        rest /= 32;
    }
    format!("d4e{}", String::from_utf8_lossy(&digits))
}

async fn create_version(
    State(emu): State<Emulator>,
    Valid(req): Valid<yc_create::operations::CreateVersion>,
) -> Response {
    match req.body {
        Some(body) => store_version(&emu, body),
        // validate_parts reports a missing required body, so this is not reached.
        None => yandex_error(StatusCode::BAD_REQUEST, "the request body is required"),
    }
}

/// `create_version` with `axum::Json` for the extractor: the same handler body (the
/// listability check included), so that the server benchmark compares the extractors alone.
async fn create_version_unchecked(
    State(emu): State<Emulator>,
    Json(body): Json<yc_create::CreateVersionRequest>,
) -> Response {
    store_version(&emu, body)
}

/// Stores a version and answers its Operation, after refusing a version that listVersions
/// could not answer with.
fn store_version(emu: &Emulator, body: yc_create::CreateVersionRequest) -> Response {
    let now = timestamp(SystemTime::now(), "Z");
    let mut version = Map::new();
    let mut inner = emu.lock();
    let id = yandex_id(inner.next());
    let op_id = yandex_id(inner.next());
    version.insert("id".into(), json!(id));
    version.insert("functionId".into(), json!(body.function_id));
    if let Some(d) = &body.description {
        version.insert("description".into(), json!(d));
    }
    version.insert("createdAt".into(), json!(now));
    version.insert("runtime".into(), json!(body.runtime));
    version.insert("entrypoint".into(), json!(body.entrypoint));
    version.insert("resources".into(), json!(body.resources));
    version.insert("executionTimeout".into(), json!(body.execution_timeout));
    if let Some(sa) = &body.service_account_id {
        version.insert("serviceAccountId".into(), json!(sa));
    }
    let image_size = match &body.package_source {
        yc_create::CreateVersionRequestPackageSource::Content(c) => {
            base64::engine::general_purpose::STANDARD
                .decode(c)
                .map_or(c.len(), |b| b.len())
        }
        _ => 0,
    };
    version.insert("imageSize".into(), json!(image_size.to_string()));
    version.insert("status".into(), json!("ACTIVE"));
    if let Some(tags) = &body.tag {
        version.insert("tags".into(), json!(tags));
    }
    if let Some(env) = &body.environment {
        version.insert("environment".into(), json!(env));
    }
    let version = Value::Object(version);
    if let Err(report) =
        docspec_runtime::from_value::<yc_list::Version>(&version, Direction::Response)
    {
        return unlistable(report);
    }
    inner.versions.push(version.clone());
    drop(inner);

    let mut response = match version {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    response.insert(
        "@type".into(),
        json!("type.googleapis.com/yandex.cloud.serverless.functions.v1.Version"),
    );
    let operation = json!({
        "id": op_id,
        "description": "Create function version",
        "createdAt": now,
        "createdBy": "emulator",
        "modifiedAt": now,
        "done": true,
        "metadata": {
            "@type": "type.googleapis.com/yandex.cloud.serverless.functions.v1.CreateFunctionVersionMetadata",
            "functionVersionId": id,
        },
        "response": response,
    });
    answer::<yc_create::Operation>(ErrorStyle::Yandex, StatusCode::OK, operation)
}

/// The answer to a createVersion request that its own document accepts but whose version breaks
/// listVersions' `Version` (that document allows 32 MiB to 1 GiB of memory, createVersion 128 MiB
/// to 4 GiB): INVALID_ARGUMENT now, rather than a version that breaks every later listing.
fn unlistable(report: docspec_runtime::Report) -> Response {
    let mut e = ApiError::new(
        ErrorStyle::Yandex,
        StatusCode::BAD_REQUEST,
        "",
        format!(
            "the version could not be listed: listVersions documents less than createVersion accepts: {report}"
        ),
    );
    // The version's fields are the request's (pointers relative to the body).
    for v in report.violations() {
        let mut v = v.clone();
        v.pointer.insert_str(0, "/body");
        e.report.push(v);
    }
    e.into_response()
}

/// Versions per page when `pageSize` is absent or 0 (the documented default).
const DEFAULT_PAGE_SIZE: usize = 100;

async fn list_versions(
    State(emu): State<Emulator>,
    Valid(req): Valid<yc_list::operations::ListVersions>,
) -> Response {
    let q = req.query;
    if q.filter.is_some() {
        return yandex_error(
            StatusCode::BAD_REQUEST,
            "filter selects by function name, which the emulator does not keep (createVersion \
             carries none)",
        );
    }
    let inner = emu.lock();
    let selected: Vec<&Value> = inner
        .versions
        .iter()
        .filter(|v| match &q.id {
            yc_list::ListVersionsQueryParamsId::FunctionId(f) => v["functionId"] == f.as_str(),
            yc_list::ListVersionsQueryParamsId::FolderId(f) => *f == emu.config.folder_id,
        })
        .collect();
    let start = match q.page_token.as_deref() {
        None | Some("") => 0,
        Some(token) => match selected.iter().position(|v| v["id"] == token) {
            Some(i) => i,
            None => {
                return yandex_error(
                    StatusCode::BAD_REQUEST,
                    format!("invalid page token {token:?}: it names no version of this listing"),
                );
            }
        },
    };
    let size = match q.page_size {
        None | Some(0) => DEFAULT_PAGE_SIZE,
        Some(n) => usize::try_from(n).unwrap_or(DEFAULT_PAGE_SIZE),
    };
    let end = start.saturating_add(size).min(selected.len());
    let mut page = json!({ "versions": &selected[start..end] });
    if let Some(next) = selected.get(end) {
        page["nextPageToken"] = next["id"].clone();
    }
    drop(inner);
    answer::<yc_list::ListVersionsResponse>(ErrorStyle::Yandex, StatusCode::OK, page)
}

/// The function name in a name, a partial ARN (`123456789012:function:NAME`) or a full ARN,
/// with any `:qualifier` left off.
fn function_name(given: &str) -> &str {
    let parts: Vec<&str> = given.split(':').collect();
    match parts.iter().position(|p| *p == "function") {
        Some(i) if i + 1 < parts.len() => parts[i + 1],
        _ => parts[0],
    }
}

async fn create_function(
    State(emu): State<Emulator>,
    Valid(req): Valid<create_fn::operations::CreateFunction>,
) -> Response {
    let Some(body) = req.body else {
        return aws_error(
            StatusCode::BAD_REQUEST,
            "InvalidParameterValueException",
            "the request body is required",
        );
    };
    let name = function_name(&body.function_name).to_owned();
    let cfg = &emu.config;
    let arn = format!(
        "arn:aws:lambda:{}:{}:function:{name}",
        cfg.region, cfg.account
    );
    let code = &body.code;
    let bytes = match (&code.zip_file, &code.s3_bucket, &code.s3_key) {
        (Some(zip), _, _) => match base64::engine::general_purpose::STANDARD.decode(zip) {
            Ok(b) => b,
            Err(e) => {
                return aws_error(
                    StatusCode::BAD_REQUEST,
                    "InvalidParameterValueException",
                    format!("Code.ZipFile is not base64: {e}"),
                );
            }
        },
        (None, Some(bucket), Some(key)) => format!("s3://{bucket}/{key}").into_bytes(),
        _ => {
            return aws_error(
                StatusCode::BAD_REQUEST,
                "InvalidParameterValueException",
                "Code needs ZipFile, or S3Bucket with S3Key",
            );
        }
    };
    let sha = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(&bytes));

    let mut inner = emu.lock();
    if inner.functions.contains_key(&name) {
        return aws_error(
            StatusCode::CONFLICT,
            "ResourceConflictException",
            format!("Function already exist: {name}"),
        );
    }
    let revision = revision_id(inner.next());
    let mut latest = json!({
        "FunctionName": name,
        "FunctionArn": arn,
        "Runtime": body.runtime.as_str(),
        "Role": body.role,
        "Handler": body.handler,
        "CodeSize": bytes.len(),
        "CodeSha256": sha,
        "Description": body.description.clone().unwrap_or_default(),
        "Timeout": body.timeout.unwrap_or(3),
        "MemorySize": body.memory_size.unwrap_or(128),
        "LastModified": timestamp(SystemTime::now(), "+00:00"),
        "Version": "$LATEST",
        "RevisionId": revision,
        "TracingConfig": {"Mode": body.tracing_config.as_ref().and_then(|t| t.mode.clone()).unwrap_or_else(|| "PassThrough".into())},
    });
    if let Some(vpc) = &body.vpc_config {
        latest["VpcConfig"] = json!({
            "SubnetIds": vpc.subnet_ids.clone().unwrap_or_default(),
            "SecurityGroupIds": vpc.security_group_ids.clone().unwrap_or_default(),
        });
    }
    if let Some(env) = body.environment.as_ref().and_then(|e| e.variables.as_ref()) {
        latest["Environment"] = json!({ "Variables": env });
    }
    if let Some(dlc) = &body.dead_letter_config {
        latest["DeadLetterConfig"] = json!(dlc);
    }
    if let Some(kms) = &body.kms_key_arn {
        latest["KMSKeyArn"] = json!(kms);
    }
    let mut function = Function {
        latest: latest.clone(),
        versions: Vec::new(),
    };
    let shown = if body.publish == Some(true) {
        publish_next(&mut function, None)
    } else {
        latest
    };
    inner.functions.insert(name, function);
    drop(inner);
    answer::<create_fn::FunctionConfiguration>(ErrorStyle::Aws, StatusCode::CREATED, shown)
}

/// Publishes `$LATEST` as the next version, unless it has not changed since the last one.
fn publish_next(function: &mut Function, description: Option<&str>) -> Value {
    if let Some(last) = function.versions.last() {
        if last["RevisionId"] == function.latest["RevisionId"] {
            return last.clone();
        }
    }
    let number = function.versions.len() + 1;
    let mut version = function.latest.clone();
    version["Version"] = json!(number.to_string());
    version["FunctionArn"] = json!(format!(
        "{}:{number}",
        function.latest["FunctionArn"].as_str().unwrap_or_default()
    ));
    if let Some(d) = description {
        version["Description"] = json!(d);
    }
    function.versions.push(version.clone());
    version
}

async fn publish_version(
    State(emu): State<Emulator>,
    Valid(req): Valid<publish::operations::PublishVersion>,
) -> Response {
    let name = function_name(&req.path.function_name).to_owned();
    let body = req.body;
    let mut inner = emu.lock();
    let Some(function) = inner.functions.get_mut(&name) else {
        let cfg = &emu.config;
        return aws_error(
            StatusCode::NOT_FOUND,
            "ResourceNotFoundException",
            format!(
                "Function not found: arn:aws:lambda:{}:{}:function:{name}",
                cfg.region, cfg.account
            ),
        );
    };
    if let Some(rev) = body.as_ref().and_then(|b| b.revision_id.as_deref()) {
        if function.latest["RevisionId"] != rev {
            return aws_error(
                StatusCode::PRECONDITION_FAILED,
                "PreconditionFailedException",
                "The Revision Id provided does not match the latest Revision Id. Call the \
                 GetFunction/GetAlias API to retrieve the latest Revision Id",
            );
        }
    }
    if let Some(sha) = body.as_ref().and_then(|b| b.code_sha256.as_deref()) {
        if function.latest["CodeSha256"] != sha {
            let current = function.latest["CodeSha256"].as_str().unwrap_or_default();
            return aws_error(
                StatusCode::BAD_REQUEST,
                "InvalidParameterValueException",
                format!(
                    "CodeSHA256 ({sha}) is different from current CodeSHA256 in $LATEST ({current}). Please try again from GetFunction"
                ),
            );
        }
    }
    let description = body.as_ref().and_then(|b| b.description.as_deref());
    let version = publish_next(function, description);
    drop(inner);
    answer::<publish::FunctionConfiguration>(ErrorStyle::Aws, StatusCode::CREATED, version)
}

/// A revision id in the UUID layout, from a counter.
fn revision_id(n: u64) -> String {
    let h = format!("{n:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

/// `t` as RFC 3339 in UTC with milliseconds, the zone written as `zone` (`Z`, `+00:00`).
pub fn timestamp(t: SystemTime, zone: &str) -> String {
    let since = t.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = since.as_secs();
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}{zone}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        since.subsec_millis()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn timestamps() {
        let t = UNIX_EPOCH + Duration::from_millis(951_782_400_123); // 2000-02-29
        assert_eq!(timestamp(t, "Z"), "2000-02-29T00:00:00.123Z");
        let t = UNIX_EPOCH + Duration::from_secs(1_795_000_000);
        assert_eq!(timestamp(t, "+00:00"), "2026-11-18T11:06:40.000+00:00");
    }

    #[test]
    fn names_and_ids() {
        assert_eq!(function_name("my-fn"), "my-fn");
        assert_eq!(function_name("123456789012:function:my-fn"), "my-fn");
        assert_eq!(
            function_name("arn:aws:lambda:us-west-2:123456789012:function:my-fn:7"),
            "my-fn"
        );
        assert_eq!(yandex_id(1), "d4e00000000000000001");
        assert_eq!(yandex_id(33).len(), 20);
        assert_eq!(revision_id(1), "00000000-0000-0000-0000-000000000001");
    }

    #[test]
    fn unlistable_versions_are_refused() {
        let emu = Emulator::new(Config::default());
        let body = |memory: &str| {
            let v = json!({
                "functionId": "d4e1b2c3a4f5e6d7c8b9", "runtime": "python312",
                "entrypoint": "index.handler", "resources": {"memory": memory},
                "executionTimeout": "5s", "content": "UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==",
            });
            docspec_runtime::from_value(&v, Direction::Request).expect("a valid createVersion body")
        };
        // 2 GiB: createVersion allows up to 4 GiB, listVersions' Version at most 1 GiB.
        let refused = store_version(&emu, body("2147483648"));
        assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
        assert!(emu.lock().versions.is_empty());
        let stored = store_version(&emu, body("1073741824"));
        assert_eq!(stored.status(), StatusCode::OK);
        assert_eq!(emu.lock().versions.len(), 1);
    }
}

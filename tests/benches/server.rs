//! Server benchmark: what request validation costs a real HTTP server, as a ratio measured in
//! one run.
//!
//! Two routers of the emulator serve Yandex `createVersion` (POST /functions/v1/versions) on
//! loopback in this process: one reads the body with the runtime's `Valid<CreateVersion>`
//! extractor (decode plus every documented constraint), the other with `axum::Json` into the
//! same generated type (its serde impl parses the JSON and decodes the types, but checks no
//! documented constraint). Both then run the same handler body.
//! An in-process reqwest client (keep-alive, a fixed number of concurrent workers) posts the
//! same valid, realistic body to one router at a time, in alternating rounds (on, off, then
//! off, on, and so on, so that drift of a noisy machine favours neither side), counting 200
//! answers; any other status ends the run with a non-zero exit. A request with a forbidden
//! environment key is sent first and must be refused with 400 where validation is on.
//!
//! Run: `cargo bench -p docspec-tests --bench server`; quick run:
//! `BENCH_ROUNDS=3 BENCH_SECS=2 cargo bench -p docspec-tests --bench server`.
//! Settings (environment): BENCH_ROUNDS (default 5), BENCH_SECS per side per round (default 2),
//! BENCH_WORKERS concurrent requests (default 16), BENCH_WARMUP seconds per side (default 1).
//!
//! The ratio is requests/s with validation on divided by requests/s with it off: 1.00 means
//! validation costs nothing visible end to end, 0.90 means the server answers 10% fewer
//! requests. The client, both servers and the kernel's loopback share the same cores, so the
//! absolute numbers say little; the ratio (and the median of the per-round ratios, which is
//! less sensitive to a noisy round) is the result.

use base64::Engine as _;
use docspec_emulator::{Config, Emulator, serve_on_loopback};
use serde_json::json;
use std::process::ExitCode;
use std::time::{Duration, Instant};

const PATH: &str = "/functions/v1/versions";

fn env_num<T: std::str::FromStr>(name: &str, default: T) -> T {
    match std::env::var(name) {
        Ok(s) => s.trim().parse().unwrap_or_else(|_| {
            eprintln!("{name}={s:?} is not a valid number");
            std::process::exit(2)
        }),
        Err(_) => default,
    }
}

/// A valid createVersion body with work for every kind of check: the memory range and
/// multiple, base64 of the package, environment key patterns and value lengths, tag
/// patterns, the log group pattern, the concurrency range and the package-source one-of.
fn valid_body() -> String {
    // A 3 KiB "zip": deterministic bytes, base64 about 4 KiB.
    let package: Vec<u8> = (0..3072u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    let content = base64::engine::general_purpose::STANDARD.encode(package);
    json!({
        "functionId": "d4e1b2c3a4f5e6d7c8b9",
        "runtime": "python312",
        "description": "nightly build of the image resizer",
        "entrypoint": "index.handler",
        "resources": {"memory": "134217728"},
        "executionTimeout": "3s",
        "serviceAccountId": "ajeq2bkt6gvq3k5m7n8p",
        "environment": {
            "LOG_LEVEL": "info",
            "BUCKET_NAME": "images-prod",
            "MAX_WIDTH": "1920",
            "MAX_HEIGHT": "1080",
            "FEATURE_FLAGS": "webp,avif,progressive",
            "REGION": "ru-central1"
        },
        "tag": ["prod", "v1-4-2", "resizer_nightly"],
        "logOptions": {"minLevel": "INFO", "logGroupId": "e23moaejmq8m1e7d5r0l"},
        "concurrency": "4",
        "content": content
    })
    .to_string()
}

/// The same body with an environment key the document forbids (starts with a digit).
fn invalid_body() -> String {
    let mut v: serde_json::Value = serde_json::from_str(&valid_body()).expect("valid JSON");
    v["environment"]["1BAD"] = json!("x");
    v.to_string()
}

struct Side {
    name: &'static str,
    url: String,
    client: reqwest::Client,
}

struct Sample {
    ok: u64,
    secs: f64,
    /// Latencies in microseconds, sorted.
    lat_us: Vec<u32>,
}

impl Sample {
    fn rps(&self) -> f64 {
        self.ok as f64 / self.secs
    }
    fn pct(&self, p: f64) -> f64 {
        if self.lat_us.is_empty() {
            return f64::NAN;
        }
        let i = ((self.lat_us.len() - 1) as f64 * p).round() as usize;
        f64::from(self.lat_us[i]) / 1000.0
    }
}

async fn post(side: &Side, body: &'static str) -> Result<(), String> {
    let resp = side
        .client
        .post(&side.url)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .map_err(|e| format!("{}: request failed: {e}", side.name))?;
    let status = resp.status();
    // Read the whole answer so the connection goes back to the pool.
    let bytes = resp
        .bytes()
        .await
        .map_err(|e| format!("{}: reading the answer failed: {e}", side.name))?;
    if status != reqwest::StatusCode::OK {
        return Err(format!(
            "{}: status {status}, body: {}",
            side.name,
            String::from_utf8_lossy(&bytes)
        ));
    }
    Ok(())
}

/// Drives one side with `workers` concurrent request loops for `secs`.
async fn drive(
    side: &Side,
    body: &'static str,
    workers: usize,
    secs: f64,
) -> Result<Sample, String> {
    let start = Instant::now();
    let deadline = start + Duration::from_secs_f64(secs);
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..workers {
        let side = Side {
            name: side.name,
            url: side.url.clone(),
            client: side.client.clone(),
        };
        set.spawn(async move {
            let mut lat = Vec::with_capacity(16 * 1024);
            while Instant::now() < deadline {
                let t = Instant::now();
                post(&side, body).await?;
                lat.push(u32::try_from(t.elapsed().as_micros()).unwrap_or(u32::MAX));
            }
            Ok::<_, String>(lat)
        });
    }
    let mut lat_us = Vec::new();
    let mut first_err = None;
    while let Some(joined) = set.join_next().await {
        match joined {
            Ok(Ok(lat)) => lat_us.extend(lat),
            Ok(Err(e)) => {
                first_err.get_or_insert(e);
            }
            Err(e) => {
                first_err.get_or_insert(format!("{}: worker panicked: {e}", side.name));
            }
        }
    }
    // Stop the clock when the last in-flight request is answered.
    let secs = start.elapsed().as_secs_f64();
    if let Some(e) = first_err {
        return Err(e);
    }
    lat_us.sort_unstable();
    Ok(Sample {
        ok: lat_us.len() as u64,
        secs,
        lat_us,
    })
}

/// A fresh emulator behind a fresh listener, and a fresh client for it. The emulator keeps
/// every version it creates (a few KiB each), so each measurement gets its own: memory stays
/// bounded and both sides start from the same, empty state.
async fn start(name: &'static str, validate: bool, workers: usize) -> Result<Server, String> {
    let router = Emulator::new(Config::default()).create_version_router(validate);
    let (addr, task) = serve_on_loopback(router)
        .await
        .map_err(|e| format!("bind: {e}"))?;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(workers)
        .tcp_nodelay(true)
        .build()
        .map_err(|e| format!("client: {e}"))?;
    let side = Side {
        name,
        url: format!("http://{addr}{PATH}"),
        client,
    };
    Ok(Server { side, task })
}

struct Server {
    side: Side,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Server {
    /// Drops the client (closing its connections, which ends the server's connection tasks)
    /// and stops accepting, so the emulator's state is freed.
    fn stop(self) {
        drop(self.side);
        self.task.abort();
    }
}

/// One measurement of one side on a fresh server.
async fn measure(
    name: &'static str,
    validate: bool,
    body: &'static str,
    workers: usize,
    secs: f64,
) -> Result<Sample, String> {
    let server = start(name, validate, workers).await?;
    let sample = drive(&server.side, body, workers, secs).await;
    server.stop();
    sample
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

async fn run() -> Result<(), String> {
    let rounds: usize = env_num("BENCH_ROUNDS", 5);
    let secs: f64 = env_num("BENCH_SECS", 2.0);
    let workers: usize = env_num("BENCH_WORKERS", 16);
    let warmup: f64 = env_num("BENCH_WARMUP", 1.0);
    if rounds == 0 || workers == 0 || secs <= 0.0 {
        return Err("BENCH_ROUNDS, BENCH_WORKERS and BENCH_SECS must be positive".into());
    }

    let body: &'static str = valid_body().leak();
    let bad: &'static str = invalid_body().leak();
    println!(
        "server bench: createVersion over HTTP/1.1 keep-alive on 127.0.0.1, {workers} workers, \
         {rounds} rounds x {secs} s per side (warm-up {warmup} s), body {} bytes, {} cores",
        body.len(),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!(
        "note: client and servers share one tokio runtime and the same cores; absolute req/s \
         is a floor, compare the ratio"
    );

    // The "on" side must really check: a forbidden environment key is refused there.
    let server = start("on", true, workers).await?;
    let refused = post(&server.side, bad).await;
    server.stop();
    match refused {
        Err(e) if e.contains("status 400") => {}
        Err(e) => return Err(format!("sanity check: invalid body: {e}")),
        Ok(()) => return Err("sanity check: validation on accepted an invalid body".into()),
    }

    // Warm-up, not counted: code paths, allocator, connection set-up.
    measure("on", true, body, workers, warmup).await?;
    measure("off", false, body, workers, warmup).await?;

    println!(
        "{:>5}  {:>10} {:>8} {:>8}  {:>10} {:>8} {:>8}  {:>6}",
        "round", "on req/s", "p50 ms", "p99 ms", "off req/s", "p50 ms", "p99 ms", "on/off"
    );
    let (mut ratios, mut all_on, mut all_off) = (Vec::new(), Vec::new(), Vec::new());
    let (mut ok_on, mut s_on, mut ok_off, mut s_off) = (0u64, 0.0, 0u64, 0.0);
    for r in 1..=rounds {
        // Odd rounds run on then off, even rounds off then on (on, off, off, on, on, off,
        // ...): a machine that slows down or speeds up during the run favours neither side.
        let (a, b) = if r % 2 == 1 {
            let a = measure("on", true, body, workers, secs).await?;
            (a, measure("off", false, body, workers, secs).await?)
        } else {
            let b = measure("off", false, body, workers, secs).await?;
            (measure("on", true, body, workers, secs).await?, b)
        };
        let ratio = a.rps() / b.rps();
        println!(
            "{r:>5}  {:>10.0} {:>8.3} {:>8.3}  {:>10.0} {:>8.3} {:>8.3}  {ratio:>6.3}",
            a.rps(),
            a.pct(0.5),
            a.pct(0.99),
            b.rps(),
            b.pct(0.5),
            b.pct(0.99),
        );
        ratios.push(ratio);
        (ok_on, s_on, ok_off, s_off) = (ok_on + a.ok, s_on + a.secs, ok_off + b.ok, s_off + b.secs);
        all_on.extend(a.lat_us);
        all_off.extend(b.lat_us);
    }
    all_on.sort_unstable();
    all_off.sort_unstable();
    let total_on = Sample {
        ok: ok_on,
        secs: s_on,
        lat_us: all_on,
    };
    let total_off = Sample {
        ok: ok_off,
        secs: s_off,
        lat_us: all_off,
    };
    println!(
        "{:>5}  {:>10.0} {:>8.3} {:>8.3}  {:>10.0} {:>8.3} {:>8.3}  {:>6.3}",
        "all",
        total_on.rps(),
        total_on.pct(0.5),
        total_on.pct(0.99),
        total_off.rps(),
        total_off.pct(0.5),
        total_off.pct(0.99),
        total_on.rps() / total_off.rps()
    );
    println!(
        "validation on/off throughput ratio: overall {:.3}, median of rounds {:.3} \
         (requests: {ok_on} on, {ok_off} off, all 200)",
        total_on.rps() / total_off.rps(),
        median(ratios)
    );
    Ok(())
}

fn main() -> ExitCode {
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("tokio runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match rt.block_on(run()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("server bench FAILED: {e}");
            ExitCode::FAILURE
        }
    }
}

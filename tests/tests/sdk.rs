//! A real SDK as the emulator's client: AWS's boto3 runs `tests/sdk/boto3_lambda.py` against an
//! emulator started here, so the AWS error shape is checked by the code that AWS clients use
//! to decode it (exception names, HTTP statuses, messages).
//!
//! `DOCSPEC_PYTHON` names a Python with boto3 (`.ci/run` sets it to its venv, from
//! `tests/sdk/requirements.txt`). Unset: the test is skipped. Set: a missing interpreter or a
//! missing boto3 fails the test.

use docspec_emulator::{Config, Emulator, serve_on_loopback};
use std::path::Path;
use std::process::Command;

#[test]
fn boto3_lambda_client() {
    let Some(python) = std::env::var_os("DOCSPEC_PYTHON") else {
        eprintln!("DOCSPEC_PYTHON is not set: skipping the boto3 test");
        return;
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    // The server runs on the runtime's worker threads while this thread waits for Python;
    // dropping the runtime at the end stops it.
    let (addr, _) = rt
        .block_on(serve_on_loopback(Emulator::new(Config::default()).router()))
        .expect("bind 127.0.0.1:0");

    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("sdk/boto3_lambda.py");
    let out = Command::new(&python)
        .arg(&script)
        .arg(format!("http://{addr}"))
        // Loopback is never proxied, whatever proxy the environment names.
        .env("NO_PROXY", "127.0.0.1")
        .env("no_proxy", "127.0.0.1")
        .output()
        .unwrap_or_else(|e| panic!("DOCSPEC_PYTHON={}: {e}", Path::new(&python).display()));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "{} {} failed ({}):\n--- stdout\n{stdout}--- stderr\n{stderr}",
        Path::new(&python).display(),
        script.display(),
        out.status
    );
    print!("{stdout}");
}

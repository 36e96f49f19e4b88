//! `emulator [--addr HOST:PORT] [--body-limit BYTES] [--folder-id ID]`: serves the five
//! documented operations (Yandex createVersion and listVersions, AWS CreateFunction and
//! PublishVersion) over in-memory state until interrupted. Defaults: 127.0.0.1:8080, 2 MiB.

use docspec_emulator::{Config, Emulator};
use std::process::ExitCode;

const USAGE: &str = "usage: emulator [--addr HOST:PORT] [--body-limit BYTES] [--folder-id ID]";

fn parse(args: &[String]) -> Result<(String, Config), String> {
    let mut addr = "127.0.0.1:8080".to_owned();
    let mut config = Config::default();
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--addr" => addr = value()?,
            "--body-limit" => {
                let v = value()?;
                config.body_limit = v
                    .parse()
                    .map_err(|_| format!("--body-limit {v:?} is not a number of bytes"))?;
            }
            "--folder-id" => config.folder_id = value()?,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok((addr, config))
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (addr, config) = match parse(&args) {
        Ok(v) => v,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("error: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind(&addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on {addr}: {e}");
            return ExitCode::from(1);
        }
    };
    let local = listener.local_addr().map_or(addr, |a| a.to_string());
    println!("emulator listening on http://{local}");
    let app = Emulator::new(config).router();
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    match axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

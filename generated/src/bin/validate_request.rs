//! `validate_request SPEC OPERATION_ID REQUEST.json`: the compiled validators behind
//! `cargo xtask validate`. Prints `{"valid": bool, "errors": [...]}`; exits 0 when valid,
//! 1 when invalid, 2 on usage errors or an unknown spec or operation.

use std::io::Write as _;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [spec, operation, file] = args.as_slice() else {
        eprintln!("usage: validate_request SPEC OPERATION_ID REQUEST.json");
        return ExitCode::from(2);
    };
    let name = std::path::Path::new(spec).file_name().and_then(|n| n.to_str()).unwrap_or(spec);
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: cannot read {file}: {e}");
            return ExitCode::from(2);
        }
    };
    let parts: docspec_runtime::Value = match serde_json::from_slice(&bytes) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("error: {file} is not JSON: {e}");
            return ExitCode::from(2);
        }
    };
    let Some(report) = docspec_generated::validate_request(name, operation, &parts) else {
        let known = docspec_generated::SPECS
            .iter()
            .map(|(s, ops)| format!("{s}: {}", ops.join(", ")))
            .collect::<Vec<_>>()
            .join("; ");
        eprintln!("error: no operation `{operation}` in spec `{name}` (known: {known})");
        return ExitCode::from(2);
    };
    let text = match serde_json::to_string_pretty(&report) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    // A closed pipe (`| head`) is not a reason to panic: the verdict is still the exit code.
    if let Err(e) = writeln!(std::io::stdout(), "{text}")
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    if report.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

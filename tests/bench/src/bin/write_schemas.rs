//! Writes the JSON Schemas of the benchmarked request bodies into `tests/bench/schemas/`
//! (read by jsonschema-rs's compile-time validator); `tests/tests/bench_inputs.rs` fails
//! when they are stale. Run: `cargo run -p docspec-bench --bin write-schemas`.

fn main() -> std::process::ExitCode {
    for t in docspec_bench::TARGETS {
        let m = docspec_bench::module(t.spec);
        let schema = docspec_bench::schema_of(&m, t.operation);
        let text = serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n";
        let path = docspec_bench::schema_path(t);
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("{}: {e}", path.display());
            return std::process::ExitCode::FAILURE;
        }
        println!("wrote {}", path.display());
    }
    std::process::ExitCode::SUCCESS
}

//! The validation benchmark's inputs stay true to the specs: its JSON Schemas are those of
//! the current specs (jsonschema-rs's compile-time validator reads the checked-in files), its
//! serde floor reads every valid body of its corpus (so no member is skipped for free), and
//! every body of the corpus is valid or invalid as the corpus says.

use docspec_bench::{TARGETS, corpus, floor, module, schema_of, schema_path};

#[test]
fn checked_in_schemas_are_those_of_the_specs() {
    for t in TARGETS {
        let m = module(t.spec);
        let text = std::fs::read_to_string(schema_path(t)).unwrap_or_default();
        let on_disk: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(
            schema_of(&m, t.operation),
            on_disk,
            "{}: stale; run `cargo run -p docspec-bench --bin write-schemas`",
            t.spec
        );
    }
}

#[test]
fn the_floor_reads_every_valid_body_and_verdicts_hold() {
    for t in TARGETS {
        let bodies = corpus(t, 40, 7);
        let invalid = bodies.iter().filter(|b| !b.valid).count();
        assert_eq!(invalid, 8, "{}: every fifth body is invalid", t.spec);
        for b in &bodies {
            let text = String::from_utf8_lossy(&b.bytes);
            let ok = docspec_generated::validate_body(t.spec, t.operation, &b.bytes)
                .unwrap_or_else(|| panic!("{}: no body validator", t.spec))
                .is_empty();
            assert_eq!(ok, b.valid, "{}: {text}", t.spec);
            if b.valid {
                assert!(
                    floor::read(t.spec, &b.bytes),
                    "{}: the floor refused {text}",
                    t.spec
                );
            }
        }
    }
}

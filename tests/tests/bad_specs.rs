//! Malformed or unsupported specs get clear errors naming file, pointer and line, never a
//! panic. One snapshot per file in tests/bad_specs.

#[test]
fn bad_specs_are_rejected_with_pointers() {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        insta::glob!("../bad_specs", "*.yaml", |path| {
            let text = std::fs::read_to_string(path).unwrap();
            let name = path.file_name().unwrap().to_str().unwrap();
            let result =
                docspec_codegen::generate::module_source(&format!("bad_specs/{name}"), text, "m");
            let diags = match result {
                Ok(_) => panic!("{name} was accepted"),
                Err(d) => d,
            };
            assert!(!diags.is_empty());
            let shown: Vec<String> = diags.iter().map(ToString::to_string).collect();
            insta::assert_snapshot!(shown.join("\n"));
        });
    });
}

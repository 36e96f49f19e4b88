//! Turns OpenAPI 3.0 documents into Rust models and constraint validators.
//!
//! The API is [`Settings`], [`Generator`] and [`Generated`]: specs in, modules out, as
//! tokens ([`Generated::to_tokens`]), as one formatted file ([`Generated::to_source`]) or as a
//! module file per spec ([`Generated::to_files`]). The generated code depends on
//! `docspec-runtime` (at [`Settings::runtime_path`]) and on `serde` with its `derive`
//! feature.
//!
//! In a build script, into `OUT_DIR`:
//!
//! ```no_run
//! // The body of build.rs's `main`:
//! println!("cargo::rerun-if-changed=api.yaml");
//! let generated = docspec_codegen::Generator::new(docspec_codegen::Settings::new())
//!     .spec_file("api.yaml")
//!     .generate()
//!     // Every problem of every spec, each as `file:line: #/pointer: message`.
//!     .unwrap_or_else(|e| panic!("{e}"));
//! let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("api.rs");
//! std::fs::write(out, generated.to_source().unwrap()).unwrap();
//! ```
//!
//! and in the crate, `mod api { include!(concat!(env!("OUT_DIR"), "/api.rs")); }`.
//!
//! In a project's own `cargo xtask`, into a checked-in module that CI keeps fresh:
//!
//! ```no_run
//! use docspec_codegen::{Generator, Mode, Settings, sync_file};
//!
//! fn generate_api(check: bool) -> docspec_codegen::Result<bool> {
//!     let generated = Generator::new(Settings::new().generated_by("cargo xtask gen"))
//!         .spec_dir("specs")
//!         .generate()?;
//!     let mode = if check { Mode::Check } else { Mode::Write };
//!     // In check mode, `true` means the checked-in file is stale.
//!     sync_file("src/api.rs".as_ref(), &generated.to_source()?, mode)
//! }
//! ```
//!
//! Stages: [`load`] reads and checks a spec, [`lower`] turns it into the plain-data [`ir`],
//! [`emit`] turns the IR into tokens, and [`mod@generate`] applies the settings and formats
//! them (prettyplease).

pub mod describe;
pub mod ecma;
pub mod emit;
pub mod error;
pub mod generate;
pub mod ident;
pub mod ir;
pub mod load;
pub mod lower;
mod select;

pub use error::{Diagnostic, Error, Result};
pub use generate::{
    Files, Generated, Generator, Mode, Module, Settings, module_source, sync_dir, sync_file,
    write_all,
};

//! Turns OpenAPI 3.0 documents into Rust models and constraint validators.
//!
//! Stages: [`load`] reads and checks a spec, [`lower`] turns it into the plain-data [`ir`],
//! [`emit`] turns the IR into tokens, and [`mod@generate`] formats them (prettyplease) into the
//! file set of the generated crate.

pub mod describe;
pub mod ecma;
pub mod emit;
pub mod error;
pub mod generate;
pub mod ident;
pub mod ir;
pub mod load;
pub mod lower;

pub use error::{Diagnostic, Error, Result};
pub use generate::{Files, generate, generate_with_notes, stale, write, write_all};

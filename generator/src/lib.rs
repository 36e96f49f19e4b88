//! Turns OpenAPI 3.0 documents into Rust models and constraint validators.
pub mod ecma;

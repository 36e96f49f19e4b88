//! The emulator server ([`emulator`]); the integration tests live in tests/tests.

pub mod emulator;

//! Shared helpers for the integration tests (each test binary uses a part of them).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_owned()
}

/// `../shared`, from the `SHARED_DIR` variable that `.ci/run` sets (GUIDE.md): `None` when
/// unset (the test is skipped), a panic when set but missing.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(std::env::var_os("SHARED_DIR")?);
    assert!(
        dir.join("seeds").is_dir(),
        "SHARED_DIR={} has no seeds/",
        dir.display()
    );
    Some(dir)
}

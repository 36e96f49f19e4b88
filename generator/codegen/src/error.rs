//! Generation errors: every one names the spec file, the JSON pointer and, where the YAML
//! lets us find it, the line.

use std::fmt;
use std::path::PathBuf;

/// One problem in one spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The spec file, as given to the generator.
    pub file: String,
    /// RFC 6901 pointer into the document (`""` for the whole file).
    pub pointer: String,
    /// 1-based line, where known.
    pub line: Option<usize>,
    /// What is wrong, lower-case, no trailing period.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": #{}: {}", self.pointer, self.message)
    }
}

/// Everything that can stop generation.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or directory could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// One or more specs are malformed or use something the generator does not support.
    #[error("{}", join(.0))]
    Spec(Vec<Diagnostic>),
    /// The settings name a runtime path or derive that is not a Rust path, or an operation or
    /// schema that no spec has; every such problem.
    #[error("invalid generator settings:\n  {}", .0.join("\n  "))]
    Settings(Vec<String>),
}

fn join(d: &[Diagnostic]) -> String {
    let mut s = format!("{} problem(s) in the specs:", d.len());
    for d in d {
        s.push_str("\n  ");
        s.push_str(&d.to_string());
    }
    s
}

/// Result alias for the generator.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Escapes one RFC 6901 pointer segment.
pub fn escape(seg: &str) -> String {
    seg.replace('~', "~0").replace('/', "~1")
}

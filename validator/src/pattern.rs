//! Regular expressions compiled once per process, on first use.

use regex::Regex;
use std::sync::OnceLock;

/// A spec pattern: the ECMA-262 source as written in the spec (reported as the limit) and its
/// translation for the `regex` crate, compiled lazily once per process.
#[derive(Debug)]
pub struct Pattern {
    source: &'static str,
    translated: &'static str,
    compiled: OnceLock<Option<Regex>>,
}

impl Pattern {
    /// A pattern whose translation the generator has already compiled successfully.
    pub const fn new(source: &'static str, translated: &'static str) -> Self {
        Pattern {
            source,
            translated,
            compiled: OnceLock::new(),
        }
    }

    /// The pattern as the spec wrote it.
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// Searches `s` (JSON Schema semantics: a match anywhere; spec patterns are anchored).
    /// `None` only if the translation does not compile, which the generator rules out.
    pub fn is_match(&self, s: &str) -> Option<bool> {
        self.compiled
            .get_or_init(|| Regex::new(self.translated).ok())
            .as_ref()
            .map(|re| re.is_match(s))
    }
}

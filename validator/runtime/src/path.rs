//! Locations inside a JSON document, kept as a stack of borrowed segments and rendered as an
//! RFC 6901 pointer only when a violation is recorded.

use std::fmt::Write as _;

#[derive(Debug, Clone, Copy)]
enum Seg<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

/// A location in the document being checked: a linked list of segments on the stack, so that
/// walking a valid document allocates nothing.
#[derive(Debug, Clone, Copy)]
pub struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    seg: Seg<'a>,
}

impl Path<'static> {
    /// The document root (pointer `""`).
    pub const fn root() -> Self {
        Path {
            parent: None,
            seg: Seg::Root,
        }
    }
}

impl<'a> Path<'a> {
    /// The member `name` (a wire name or map key) of the object at `self`.
    pub fn key<'b>(&'b self, name: &'b str) -> Path<'b> {
        Path {
            parent: Some(self),
            seg: Seg::Key(name),
        }
    }

    /// The element `index` of the array at `self`.
    pub fn index(&self, index: usize) -> Path<'_> {
        Path {
            parent: Some(self),
            seg: Seg::Index(index),
        }
    }

    /// Renders the RFC 6901 JSON pointer (`~` as `~0`, `/` as `~1`).
    pub fn to_pointer(&self) -> String {
        let mut segs = Vec::new();
        let mut cur = Some(self);
        while let Some(p) = cur {
            segs.push(p.seg);
            cur = p.parent;
        }
        let mut out = String::new();
        for seg in segs.iter().rev() {
            match seg {
                Seg::Root => {}
                Seg::Key(k) => {
                    out.push('/');
                    for c in k.chars() {
                        match c {
                            '~' => out.push_str("~0"),
                            '/' => out.push_str("~1"),
                            c => out.push(c),
                        }
                    }
                }
                Seg::Index(i) => {
                    let _ = write!(out, "/{i}");
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::Path;

    #[test]
    fn pointers_escape_tilde_and_slash() {
        let root = Path::root();
        assert_eq!(root.to_pointer(), "");
        let env = root.key("environment");
        assert_eq!(env.key("a/b~c").to_pointer(), "/environment/a~1b~0c");
        assert_eq!(root.key("tag").index(1).to_pointer(), "/tag/1");
    }
}

//! Patterns with ECMA-262 lookaround, matched in time linear in the input.
//!
//! The generator translates such a pattern into a main pattern and one body per lookaround
//! (`regex` syntax), each lookaround replaced in its parent by a placeholder character
//! ([`placeholder`]), innermost first. Matching then takes one pass per body and one for the
//! main pattern, each a Thompson-NFA simulation over the input's characters (no
//! backtracking, `O(input × pattern)`):
//! - a lookahead body `B` gives, for every position `i`, whether `B` matches some `s[i..j]`:
//!   the reversed body is run from the end of the input towards its start, a thread started
//!   at every position, and `i` is marked when a thread accepts there;
//! - a lookbehind body gives whether `B` matches some `s[j..i]`: the body run forwards, a
//!   thread started at every position;
//! - the main pattern is searched forwards (JSON Schema's search semantics), a placeholder
//!   being an assertion that reads the position's mark (negated for `(?!` and `(?<!`).
//!
//! Assertions inside a body (`^`, `$`, `\b`, inner lookarounds) are read at absolute
//! positions, as ECMA-262 reads them. Only the boolean verdict is computed: no captures, so
//! ECMA-262's backtracking order inside lookbehind never matters.

use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// The first placeholder: lookaround `k` is written as the character `U+10FF00 + k` (private
/// use; a pattern that writes such a character itself is refused by the generator).
pub const PLACEHOLDER_BASE: u32 = 0x10_FF00;

/// The placeholder character of lookaround `k` (`k < 254`).
pub fn placeholder(k: usize) -> Option<char> {
    u32::try_from(k)
        .ok()
        .filter(|&k| k < 0xFE)
        .and_then(|k| char::from_u32(PLACEHOLDER_BASE + k))
}

/// Which lookaround.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LookKind {
    /// `(?=...)`
    Ahead,
    /// `(?!...)`
    NotAhead,
    /// `(?<=...)`
    Behind,
    /// `(?<!...)`
    NotBehind,
}

impl LookKind {
    fn ahead(self) -> bool {
        matches!(self, LookKind::Ahead | LookKind::NotAhead)
    }

    fn negated(self) -> bool {
        matches!(self, LookKind::NotAhead | LookKind::NotBehind)
    }
}

#[derive(Debug, Clone)]
enum Inst {
    /// Consumes one character in one of the ranges (sorted, inclusive).
    Chars(Vec<(u32, u32)>),
    Split(usize, usize),
    Jump(usize),
    /// Zero-width: holds at a position.
    Assert(Assertion),
    Match,
}

#[derive(Debug, Clone, Copy)]
enum Assertion {
    Start,
    End,
    /// ASCII word boundary (`negated`: not one).
    Word(bool),
    /// Lookaround `k`'s mark (negated for `(?!`, `(?<!`).
    Look(usize, bool),
}

/// Instructions past which a pattern is refused (a bounded repetition of a large body).
const MAX_INSTS: usize = 200_000;

/// A Thompson NFA, compiled forwards or reversed.
#[derive(Debug, Clone)]
struct Prog {
    insts: Vec<Inst>,
}

struct Compiler<'a> {
    insts: Vec<Inst>,
    reverse: bool,
    kinds: &'a [LookKind],
}

impl Compiler<'_> {
    fn push(&mut self, i: Inst) -> Result<usize, String> {
        if self.insts.len() >= MAX_INSTS {
            return Err("the pattern is too large for the lookaround engine".into());
        }
        self.insts.push(i);
        Ok(self.insts.len() - 1)
    }

    fn char_or_look(&mut self, c: char) -> Result<(), String> {
        let k = u32::from(c).wrapping_sub(PLACEHOLDER_BASE) as usize;
        match self.kinds.get(k) {
            Some(kind) if u32::from(c) >= PLACEHOLDER_BASE => {
                self.push(Inst::Assert(Assertion::Look(k, kind.negated())))?
            }
            _ => self.push(Inst::Chars(vec![(u32::from(c), u32::from(c))]))?,
        };
        Ok(())
    }

    fn hir(&mut self, h: &Hir) -> Result<(), String> {
        match h.kind() {
            HirKind::Empty => {}
            HirKind::Literal(l) => {
                let s = std::str::from_utf8(&l.0).map_err(|_| "a literal that is not UTF-8")?;
                let chars: Vec<char> = s.chars().collect();
                if self.reverse {
                    for &c in chars.iter().rev() {
                        self.char_or_look(c)?;
                    }
                } else {
                    for &c in &chars {
                        self.char_or_look(c)?;
                    }
                }
            }
            HirKind::Class(Class::Unicode(c)) => {
                let r = c
                    .ranges()
                    .iter()
                    .map(|r| (u32::from(r.start()), u32::from(r.end())))
                    .collect();
                self.push(Inst::Chars(r))?;
            }
            HirKind::Class(Class::Bytes(c)) => {
                if c.ranges().iter().any(|r| r.end() > 0x7F) {
                    return Err("a byte class beyond ASCII".into());
                }
                let r = c
                    .ranges()
                    .iter()
                    .map(|r| (u32::from(r.start()), u32::from(r.end())))
                    .collect();
                self.push(Inst::Chars(r))?;
            }
            HirKind::Look(l) => {
                let a = match l {
                    Look::Start => Assertion::Start,
                    Look::End => Assertion::End,
                    Look::WordAscii => Assertion::Word(false),
                    Look::WordAsciiNegate => Assertion::Word(true),
                    other => return Err(format!("assertion {other:?} is not supported")),
                };
                self.push(Inst::Assert(a))?;
            }
            HirKind::Capture(c) => self.hir(&c.sub)?,
            HirKind::Concat(hs) => {
                if self.reverse {
                    for x in hs.iter().rev() {
                        self.hir(x)?;
                    }
                } else {
                    for x in hs {
                        self.hir(x)?;
                    }
                }
            }
            HirKind::Alternation(hs) => {
                // split L1, next; L1: a; jmp end; next: split L2, ...
                let mut jumps = Vec::new();
                for (i, x) in hs.iter().enumerate() {
                    if i + 1 < hs.len() {
                        let split = self.push(Inst::Split(0, 0))?;
                        self.hir(x)?;
                        jumps.push(self.push(Inst::Jump(0))?);
                        let next = self.insts.len();
                        self.insts[split] = Inst::Split(split + 1, next);
                    } else {
                        self.hir(x)?;
                    }
                }
                let end = self.insts.len();
                for j in jumps {
                    self.insts[j] = Inst::Jump(end);
                }
            }
            HirKind::Repetition(r) => {
                for _ in 0..r.min {
                    self.hir(&r.sub)?;
                }
                match r.max {
                    None => {
                        // loop: split body, end; body; jmp loop
                        let split = self.push(Inst::Split(0, 0))?;
                        self.hir(&r.sub)?;
                        self.push(Inst::Jump(split))?;
                        let end = self.insts.len();
                        self.insts[split] = Inst::Split(split + 1, end);
                    }
                    Some(max) => {
                        let mut splits = Vec::new();
                        for _ in r.min..max {
                            splits.push(self.push(Inst::Split(0, 0))?);
                            self.hir(&r.sub)?;
                        }
                        let end = self.insts.len();
                        for s in splits {
                            self.insts[s] = Inst::Split(s + 1, end);
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

fn compile(pattern: &str, reverse: bool, kinds: &[LookKind]) -> Result<Prog, String> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .map_err(|e| e.to_string())?;
    let mut c = Compiler {
        insts: Vec::new(),
        reverse,
        kinds,
    };
    c.hir(&hir)?;
    c.push(Inst::Match)?;
    Ok(Prog { insts: c.insts })
}

/// Thread sets of a simulation: a sparse set of instruction indexes.
struct Threads {
    dense: Vec<usize>,
    sparse: Vec<usize>,
}

impl Threads {
    fn new(n: usize) -> Self {
        Threads {
            dense: Vec::with_capacity(n),
            sparse: vec![0; n],
        }
    }

    fn contains(&self, i: usize) -> bool {
        self.sparse
            .get(i)
            .is_some_and(|&d| d < self.dense.len() && self.dense[d] == i)
    }

    fn insert(&mut self, i: usize) -> bool {
        if self.contains(i) {
            return false;
        }
        self.sparse[i] = self.dense.len();
        self.dense.push(i);
        true
    }

    fn clear(&mut self) {
        self.dense.clear();
    }
}

/// Positions (byte offsets at character boundaries) where a lookaround holds, one bit each.
struct Marks(Vec<u64>);

impl Marks {
    fn new(len: usize) -> Self {
        Marks(vec![0; len / 64 + 1])
    }

    fn set(&mut self, pos: usize) {
        self.0[pos / 64] |= 1 << (pos % 64);
    }

    fn get(&self, pos: usize) -> bool {
        self.0
            .get(pos / 64)
            .is_some_and(|w| w & (1 << (pos % 64)) != 0)
    }
}

/// The input as the simulations read it, with the marks of the lookarounds computed so far.
struct Text<'a> {
    s: &'a str,
    marks: &'a [Marks],
}

impl Text<'_> {
    fn holds(&self, a: Assertion, pos: usize) -> bool {
        let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        match a {
            Assertion::Start => pos == 0,
            Assertion::End => pos == self.s.len(),
            Assertion::Word(negated) => {
                let before = self.s[..pos].chars().next_back();
                let after = self.s[pos..].chars().next();
                (word(before) != word(after)) != negated
            }
            Assertion::Look(k, negated) => self.marks.get(k).is_some_and(|m| m.get(pos)) != negated,
        }
    }
}

impl Prog {
    /// Adds the thread at `pc` and everything reachable without consuming, at `pos`.
    fn add(&self, set: &mut Threads, stack: &mut Vec<usize>, pc: usize, pos: usize, t: &Text<'_>) {
        stack.push(pc);
        while let Some(pc) = stack.pop() {
            if !set.insert(pc) {
                continue;
            }
            match &self.insts[pc] {
                Inst::Split(a, b) => {
                    stack.push(*b);
                    stack.push(*a);
                }
                Inst::Jump(a) => stack.push(*a),
                Inst::Assert(a) => {
                    if t.holds(*a, pos) {
                        stack.push(pc + 1);
                    }
                }
                Inst::Chars(_) | Inst::Match => {}
            }
        }
    }

    /// Runs with a thread started at every position, forwards (`0..=n`) or backwards
    /// (`n..=0`), calling `accept(pos)` where a thread reaches `Match`; stops when it returns
    /// `true`.
    fn scan(&self, t: &Text<'_>, backwards: bool, mut accept: impl FnMut(usize) -> bool) {
        let mut cur = Threads::new(self.insts.len());
        let mut next = Threads::new(self.insts.len());
        let mut stack = Vec::new();
        let mut pos = if backwards { t.s.len() } else { 0 };
        loop {
            self.add(&mut cur, &mut stack, 0, pos, t);
            if cur
                .dense
                .iter()
                .any(|&pc| matches!(self.insts[pc], Inst::Match))
                && accept(pos)
            {
                return;
            }
            let (c, to) = if backwards {
                let Some(c) = t.s[..pos].chars().next_back() else {
                    break;
                };
                (c, pos - c.len_utf8())
            } else {
                let Some(c) = t.s[pos..].chars().next() else {
                    break;
                };
                (c, pos + c.len_utf8())
            };
            let c = u32::from(c);
            next.clear();
            for &pc in &cur.dense {
                if let Inst::Chars(ranges) = &self.insts[pc] {
                    let hit = crate::pattern::in_ranges(ranges, c);
                    if hit {
                        self.add(&mut next, &mut stack, pc + 1, to, t);
                    }
                }
            }
            std::mem::swap(&mut cur, &mut next);
            pos = to;
        }
    }
}

/// A pattern with lookaround, compiled.
#[derive(Debug, Clone)]
pub struct Lookaround {
    main: Prog,
    /// Each body's program (reversed for a lookahead) and kind, innermost first.
    looks: Vec<(LookKind, Prog)>,
}

impl Lookaround {
    /// Compiles a main pattern and its lookaround bodies (`regex` syntax, placeholders for
    /// lookarounds, each body referring only to earlier ones).
    pub fn new(main: &str, looks: &[(LookKind, &str)]) -> Result<Self, String> {
        let kinds: Vec<LookKind> = looks.iter().map(|(k, _)| *k).collect();
        let mut progs = Vec::new();
        for (i, (kind, body)) in looks.iter().enumerate() {
            progs.push((*kind, compile(body, kind.ahead(), &kinds[..i])?));
        }
        Ok(Lookaround {
            main: compile(main, false, &kinds)?,
            looks: progs,
        })
    }

    /// Searches `s` (JSON Schema's semantics: a match anywhere).
    pub fn is_match(&self, s: &str) -> bool {
        let mut marks: Vec<Marks> = Vec::with_capacity(self.looks.len());
        for (kind, prog) in &self.looks {
            let mut m = Marks::new(s.len());
            let t = Text { s, marks: &marks };
            prog.scan(&t, kind.ahead(), |pos| {
                m.set(pos);
                false
            });
            marks.push(m);
        }
        let t = Text { s, marks: &marks };
        let mut found = false;
        self.main.scan(&t, false, |_| {
            found = true;
            true
        });
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(k: usize) -> char {
        placeholder(k).unwrap()
    }

    #[test]
    fn lambda_patterns() {
        // (?!^[0-9]+$)([a-zA-Z0-9-_]+), searched.
        let alias = Lookaround::new(
            &format!("{}([a-zA-Z0-9\\-_]+)", p(0)),
            &[(LookKind::NotAhead, "^[0-9]+$")],
        )
        .unwrap();
        // "123": the lookahead fails at 0, but holds at 1 (`^` does not), so "23" matches.
        for (s, want) in [
            ("", false),
            ("abc", true),
            ("123", true),
            ("1a", true),
            ("١", false),
        ] {
            assert_eq!(alias.is_match(s), want, "{s:?}");
        }
        // ^[0-9A-Za-z\.\-_]*(?<!\.)$
        let bucket = Lookaround::new(
            &format!("^[0-9A-Za-z\\.\\-_]*{}$", p(0)),
            &[(LookKind::NotBehind, "\\.")],
        )
        .unwrap();
        for (s, want) in [
            ("", true),
            ("a.b", true),
            ("ab.", false),
            (".", false),
            ("a-", true),
        ] {
            assert_eq!(bucket.is_match(s), want, "{s:?}");
        }
        // Nested: (?=a(?!b)) searched: an `a` not followed by `b`.
        let nested = Lookaround::new(
            &p(1).to_string(),
            &[
                (LookKind::NotAhead, "b"),
                (LookKind::Ahead, &format!("a{}", p(0))),
            ],
        )
        .unwrap();
        for (s, want) in [("ab", false), ("a", true), ("aba", true), ("b", false)] {
            assert_eq!(nested.is_match(s), want, "{s:?}");
        }
    }
}

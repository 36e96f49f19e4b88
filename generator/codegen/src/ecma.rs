//! ECMA-262 (JavaScript) regular expressions translated onto the linear-time `regex` crate.
//!
//! OpenAPI `pattern` strings are ECMA-262 regexes (no flags, non-unicode mode). [`translate`]
//! rewrites one into a `regex` pattern with the same search semantics, so it can be used with
//! `Regex::is_match`. Constructs the linear-time engine cannot run (lookaround,
//! backreferences) are reported as errors, never dropped.
//!
//! The accepted dialect is deliberately strict: Annex B leniencies that are ambiguous across
//! regex dialects (identity escapes of letters such as `\a` or `\z`, legacy octal escapes,
//! `\c` without a control letter, malformed `\x`/`\u`) are syntax errors. The Annex B rule
//! that a `{`, `}` or `]` which cannot start or end a construct is a literal is kept.
//! Matching works on Unicode scalar values rather than UTF-16 code units, so astral
//! characters count as one character, as under ECMA-262's unicode (`u`) flag; as there, a
//! surrogate pair written as two escapes (`\uD83D\uDE00`) and a braced escape (`\u{1F600}`)
//! are one code point. A lone surrogate matches nothing in a JSON string and is refused.

use std::fmt::Write as _;

/// Body of the ECMA `\s` class (WhiteSpace and LineTerminator), without brackets.
const SPACE: &str = r"\t\n\x0B\x0C\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}";
const DIGIT: &str = "0-9";
const WORD: &str = "0-9A-Za-z_";
/// ECMA `.` excludes all four line terminators.
const DOT: &str = r"[^\n\r\x{2028}\x{2029}]";

/// Translates an ECMA-262 pattern into an equivalent `regex` crate pattern.
///
/// The result is unanchored like the input and is guaranteed to compile with
/// `regex::Regex::new`. Byte offsets in errors refer to `pattern`.
pub fn translate(pattern: &str) -> Result<String, EcmaError> {
    let t = translate_looks(pattern)?;
    match t.first_look {
        Some((construct, offset)) => Err(EcmaError::Lookaround { construct, offset }),
        None => Ok(t.main),
    }
}

/// A pattern translated for the lookaround engine (`docspec_runtime::lookaround`): the main
/// pattern and each lookaround's body, innermost first, each in `regex` syntax with
/// lookaround `k` written as the placeholder character `k`. Without lookaround, `main` is
/// [`translate`]'s result and `looks` is empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translation {
    /// The pattern with placeholders.
    pub main: String,
    /// Kind and body of each lookaround.
    pub looks: Vec<(LookKind, String)>,
    first_look: Option<(String, usize)>,
}

/// Like [`translate`], keeping lookarounds (backreferences stay an error).
pub fn translate_looks(pattern: &str) -> Result<Translation, EcmaError> {
    let base = docspec_runtime::lookaround::PLACEHOLDER_BASE;
    if let Some((at, _)) = pattern
        .char_indices()
        .find(|(_, c)| (base..base + 0xFE).contains(&u32::from(*c)))
    {
        return fail("characters U+10FF00..U+10FFFD are reserved", at);
    }
    let mut parser = Parser {
        src: pattern,
        pos: 0,
        out: String::with_capacity(pattern.len() * 2),
        groups: count_groups(pattern),
        looks: Vec::new(),
        first_look: None,
    };
    parser.run()?;
    for (_, body) in &parser.looks {
        compiles(body)?;
    }
    compiles(&parser.out)?;
    Ok(Translation {
        main: parser.out,
        looks: parser.looks,
        first_look: parser.first_look,
    })
}

pub use docspec_runtime::lookaround::LookKind;

fn compiles(translated: &str) -> Result<(), EcmaError> {
    regex::Regex::new(translated).map(|_| ()).map_err(|e| {
        // Syntax errors span several lines; the last one carries the actual complaint.
        let text = e.to_string();
        let last = text.lines().last().unwrap_or_default().trim();
        let mut detail = last
            .trim_start_matches("error: ")
            .trim_end_matches('.')
            .to_string();
        if let Some(first) = detail.get_mut(..1) {
            first.make_ascii_lowercase();
        }
        syntax(format!("regex crate rejected the translation: {detail}"), 0)
    })
}

/// Why an ECMA pattern cannot be translated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EcmaError {
    /// `(?=`, `(?!`, `(?<=`, `(?<!`
    #[error(
        "lookaround `{construct}` at offset {offset} is not supported by the linear-time regex engine"
    )]
    Lookaround {
        /// The construct as written.
        construct: String,
        /// Its byte offset in the pattern.
        offset: usize,
    },
    /// `\1`..`\9...` (when it refers to a group), `\k<name>`
    #[error(
        "backreference `{construct}` at offset {offset} is not supported by the linear-time regex engine"
    )]
    Backreference {
        /// The construct as written.
        construct: String,
        /// Its byte offset in the pattern.
        offset: usize,
    },
    /// Malformed pattern, or a construct outside the supported dialect.
    #[error("invalid regular expression at offset {offset}: {message}")]
    Syntax {
        /// What is wrong.
        message: String,
        /// The byte offset in the pattern where it is.
        offset: usize,
    },
}

fn syntax(message: impl Into<String>, offset: usize) -> EcmaError {
    let message = message.into();
    EcmaError::Syntax { message, offset }
}

fn fail<T>(message: impl Into<String>, offset: usize) -> Result<T, EcmaError> {
    Err(syntax(message, offset))
}

/// Counts capturing groups, so `\N` can be classified as a backreference.
fn count_groups(src: &str) -> usize {
    let b = src.as_bytes();
    let (mut n, mut i, mut class) = (0, 0, false);
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'[' => class = true,
            b']' => class = false,
            b'(' if !class => {
                let named =
                    b.get(i + 2) == Some(&b'<') && !matches!(b.get(i + 3), Some(b'=' | b'!'));
                if b.get(i + 1) != Some(&b'?') || named {
                    n += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    n
}

/// Appends `c` as a literal, escaped for both class and non-class contexts.
fn push_char(out: &mut String, c: char) {
    if c.is_control() {
        let _ = write!(out, "\\x{{{:X}}}", c as u32);
    } else {
        out.push_str(&regex::escape(c.encode_utf8(&mut [0; 4])));
    }
}

/// General_Category values as ECMA-262 names them (UCD `PropertyValueAliases.txt`, short and
/// long names and the extra aliases), for `\p{Lu}`, `\p{gc=Lu}`, `\p{General_Category=Lu}`.
const GENERAL_CATEGORIES: &[&str] = &[
    "C",
    "Other",
    "Cc",
    "Control",
    "cntrl",
    "Cf",
    "Format",
    "Cn",
    "Unassigned",
    "Co",
    "Private_Use",
    "Cs",
    "Surrogate",
    "L",
    "Letter",
    "LC",
    "Cased_Letter",
    "Ll",
    "Lowercase_Letter",
    "Lm",
    "Modifier_Letter",
    "Lo",
    "Other_Letter",
    "Lt",
    "Titlecase_Letter",
    "Lu",
    "Uppercase_Letter",
    "M",
    "Mark",
    "Combining_Mark",
    "Mc",
    "Spacing_Mark",
    "Me",
    "Enclosing_Mark",
    "Mn",
    "Nonspacing_Mark",
    "N",
    "Number",
    "Nd",
    "Decimal_Number",
    "digit",
    "Nl",
    "Letter_Number",
    "No",
    "Other_Number",
    "P",
    "Punctuation",
    "punct",
    "Pc",
    "Connector_Punctuation",
    "Pd",
    "Dash_Punctuation",
    "Pe",
    "Close_Punctuation",
    "Pf",
    "Final_Punctuation",
    "Pi",
    "Initial_Punctuation",
    "Po",
    "Other_Punctuation",
    "Ps",
    "Open_Punctuation",
    "S",
    "Symbol",
    "Sc",
    "Currency_Symbol",
    "Sk",
    "Modifier_Symbol",
    "Sm",
    "Math_Symbol",
    "So",
    "Other_Symbol",
    "Z",
    "Separator",
    "Zl",
    "Line_Separator",
    "Zp",
    "Paragraph_Separator",
    "Zs",
    "Space_Separator",
];

/// The binary properties ECMA-262 lists for `\p{...}` (table "Binary Unicode property
/// aliases"), canonical names and aliases.
const BINARY_PROPERTIES: &[&str] = &[
    "ASCII",
    "ASCII_Hex_Digit",
    "AHex",
    "Alphabetic",
    "Alpha",
    "Any",
    "Assigned",
    "Bidi_Control",
    "Bidi_C",
    "Bidi_Mirrored",
    "Bidi_M",
    "Case_Ignorable",
    "CI",
    "Cased",
    "Changes_When_Casefolded",
    "CWCF",
    "Changes_When_Casemapped",
    "CWCM",
    "Changes_When_Lowercased",
    "CWL",
    "Changes_When_NFKC_Casefolded",
    "CWKCF",
    "Changes_When_Titlecased",
    "CWT",
    "Changes_When_Uppercased",
    "CWU",
    "Dash",
    "Default_Ignorable_Code_Point",
    "DI",
    "Deprecated",
    "Dep",
    "Diacritic",
    "Dia",
    "Emoji",
    "Emoji_Component",
    "EComp",
    "Emoji_Modifier",
    "EMod",
    "Emoji_Modifier_Base",
    "EBase",
    "Emoji_Presentation",
    "EPres",
    "Extended_Pictographic",
    "ExtPict",
    "Extender",
    "Ext",
    "Grapheme_Base",
    "Gr_Base",
    "Grapheme_Extend",
    "Gr_Ext",
    "Hex_Digit",
    "Hex",
    "IDS_Binary_Operator",
    "IDSB",
    "IDS_Trinary_Operator",
    "IDST",
    "ID_Continue",
    "IDC",
    "ID_Start",
    "IDS",
    "Ideographic",
    "Ideo",
    "Join_Control",
    "Join_C",
    "Logical_Order_Exception",
    "LOE",
    "Lowercase",
    "Lower",
    "Math",
    "Noncharacter_Code_Point",
    "NChar",
    "Pattern_Syntax",
    "Pat_Syn",
    "Pattern_White_Space",
    "Pat_WS",
    "Quotation_Mark",
    "QMark",
    "Radical",
    "Regional_Indicator",
    "RI",
    "Sentence_Terminal",
    "STerm",
    "Soft_Dotted",
    "SD",
    "Terminal_Punctuation",
    "Term",
    "Unified_Ideograph",
    "UIdeo",
    "Uppercase",
    "Upper",
    "Variation_Selector",
    "VS",
    "White_Space",
    "space",
    "XID_Continue",
    "XIDC",
    "XID_Start",
    "XIDS",
];

/// The `regex` class for the body of an ECMA-262 `\p{...}`, if ECMA-262 has that property.
/// ECMA-262 matches names exactly (the `regex` crate matches loosely), so they are checked
/// here, then written in a form `regex` reads the same way: a lone name is a General_Category
/// value or a binary property (never a script, which `regex` would take), `Script=` and
/// `Script_Extensions=` name a script, whose name `regex` checks when the pattern compiles.
/// `Any`, `ASCII` and `Assigned` are written out, as `regex` has no tables of those names.
fn property_class(name: &str) -> Option<String> {
    let script =
        |v: &str| !v.is_empty() && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    match name.split_once('=') {
        Some(("General_Category" | "gc", v)) if GENERAL_CATEGORIES.contains(&v) => {
            Some(format!(r"\p{{gc={v}}}"))
        }
        Some(("Script" | "sc", v)) if script(v) => Some(format!(r"\p{{sc={v}}}")),
        Some(("Script_Extensions" | "scx", v)) if script(v) => Some(format!(r"\p{{scx={v}}}")),
        Some(_) => None,
        None if GENERAL_CATEGORIES.contains(&name) => Some(format!(r"\p{{gc={name}}}")),
        None if name == "Any" => Some(r"\x00-\x{10FFFF}".to_owned()),
        None if name == "ASCII" => Some(r"\x00-\x7F".to_owned()),
        None if name == "Assigned" => Some(r"\P{gc=Cn}".to_owned()),
        None if BINARY_PROPERTIES.contains(&name) => Some(format!(r"\p{{{name}}}")),
        None => None,
    }
}

/// Result of an escape sequence.
enum Escape {
    Char(char),
    /// Class body (without brackets) and whether it is negated.
    Set(std::borrow::Cow<'static, str>, bool),
    /// `\b` (false) or `\B` (true) outside a class.
    Boundary(bool),
}

struct Parser<'a> {
    src: &'a str,
    pos: usize,
    out: String,
    groups: usize,
    /// Closed lookarounds, innermost first: kind and translated body.
    looks: Vec<(LookKind, String)>,
    /// The first lookaround, for [`translate`]'s error.
    first_look: Option<(String, usize)>,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn eat(&mut self, c: char) -> bool {
        let hit = self.peek() == Some(c);
        if hit {
            self.pos += c.len_utf8();
        }
        hit
    }

    /// Appends `s` and returns `repeatable` (whether a quantifier may follow).
    fn emit(&mut self, s: &str, repeatable: bool) -> bool {
        self.out.push_str(s);
        repeatable
    }

    fn run(&mut self) -> Result<(), EcmaError> {
        // Open groups: where each starts, and for a lookaround its kind and where its body
        // starts in the output.
        let mut open: Vec<(usize, Option<(LookKind, usize)>)> = Vec::new();
        let mut can_repeat = false;
        while let Some(c) = self.bump() {
            let start = self.pos - c.len_utf8();
            can_repeat = match c {
                '(' => {
                    let look = self.group(start)?.map(|k| (k, self.out.len()));
                    open.push((start, look));
                    false
                }
                ')' => match open.pop().ok_or_else(|| syntax("unmatched `)`", start))? {
                    (_, None) => self.emit(")", true),
                    (_, Some((kind, at))) => {
                        let body = self.out.split_off(at);
                        let k = self.looks.len();
                        let Some(p) = docspec_runtime::lookaround::placeholder(k) else {
                            return fail("more than 254 lookarounds", start);
                        };
                        self.looks.push((kind, body));
                        self.out.push(p);
                        // ECMA-262 (unicode mode) does not repeat a lookaround.
                        false
                    }
                },
                '|' | '^' | '$' => self.emit(c.encode_utf8(&mut [0; 4]), false),
                '*' | '+' | '?' => self.quantify(start, can_repeat, c.to_string())?,
                '{' => match self.braced(start)? {
                    Some(q) => self.quantify(start, can_repeat, q)?,
                    None => self.emit(r"\{", true),
                },
                '.' => self.emit(DOT, true),
                '[' => {
                    self.class(start)?;
                    true
                }
                '\\' => match self.escape(start, false)? {
                    Escape::Char(c) => {
                        push_char(&mut self.out, c);
                        true
                    }
                    Escape::Set(body, neg) => {
                        let caret = if neg { "^" } else { "" };
                        let _ = write!(self.out, "[{caret}{body}]");
                        true
                    }
                    Escape::Boundary(neg) => {
                        self.emit(if neg { r"(?-u:\B)" } else { r"(?-u:\b)" }, false)
                    }
                },
                c => {
                    push_char(&mut self.out, c);
                    true
                }
            };
        }
        match open.last() {
            Some(&(at, _)) => Err(syntax("unterminated group", at)),
            None => Ok(()),
        }
    }

    /// Emits quantifier `q` (plus a lazy `?`); returns `false` since a quantifier cannot repeat.
    fn quantify(&mut self, at: usize, can_repeat: bool, q: String) -> Result<bool, EcmaError> {
        if !can_repeat {
            return fail(format!("nothing to repeat before `{q}`"), at);
        }
        self.out.push_str(&q);
        if self.eat('?') {
            self.out.push('?');
        }
        Ok(false)
    }

    /// Parses `{n}`, `{n,}` or `{n,m}` after the `{` at `at`; `None` (position restored) if
    /// the text is not a valid quantifier, in which case the `{` is a literal (Annex B).
    fn braced(&mut self, at: usize) -> Result<Option<String>, EcmaError> {
        let rest = &self.src[self.pos..];
        let Some(close) = rest.find('}') else {
            return Ok(None);
        };
        let inner = &rest[..close];
        let (lo, hi) = match inner.split_once(',') {
            Some((lo, hi)) => (lo, Some(hi)),
            None => (inner, None),
        };
        let is_num = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !is_num(lo) || hi.is_some_and(|h| !h.is_empty() && !is_num(h)) {
            return Ok(None);
        }
        let num = |s: &str| {
            s.parse::<u32>()
                .map_err(|_| syntax("quantifier bound too large", at))
        };
        let n = num(lo)?;
        let q = match hi {
            None => format!("{{{n}}}"),
            Some("") => format!("{{{n},}}"),
            Some(h) => {
                let m = num(h)?;
                if n > m {
                    return fail("numbers out of order in `{}` quantifier", at);
                }
                format!("{{{n},{m}}}")
            }
        };
        self.pos += close + 1;
        Ok(Some(q))
    }

    /// Handles the text after a `(` at `start`; a lookaround's kind (its body follows).
    fn group(&mut self, start: usize) -> Result<Option<LookKind>, EcmaError> {
        if !self.eat('?') {
            self.out.push('(');
            return Ok(None);
        }
        let kind = match self.bump() {
            Some('=') => Some(LookKind::Ahead),
            Some('!') => Some(LookKind::NotAhead),
            Some('<') if self.eat('=') => Some(LookKind::Behind),
            Some('<') if self.eat('!') => Some(LookKind::NotBehind),
            Some(c) => {
                self.pos -= c.len_utf8();
                None
            }
            None => None,
        };
        if let Some(kind) = kind {
            if self.first_look.is_none() {
                self.first_look = Some((self.src[start..self.pos].to_string(), start));
            }
            return Ok(Some(kind));
        }
        match self.bump() {
            Some(':') => self.out.push_str("(?:"),
            Some('<') => {
                let rest = &self.src[self.pos..];
                let name = rest.find('>').map(|end| &rest[..end]);
                let valid = name.is_some_and(|n| {
                    n.chars()
                        .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
                        && n.chars().next().is_some_and(|c| !c.is_ascii_digit())
                });
                let Some(name) = name.filter(|_| valid) else {
                    return fail("invalid capture group name", start);
                };
                // Names only matter for extraction, which `is_match` never does.
                self.pos += name.len() + 1;
                self.out.push('(');
            }
            _ => return fail("invalid group", start),
        }
        Ok(None)
    }

    /// Parses a class starting at the `[` at `start` and emits a Rust class.
    fn class(&mut self, start: usize) -> Result<(), EcmaError> {
        let negated = self.eat('^');
        let mut body = String::new();
        loop {
            let atom_at = self.pos;
            let a = match self.bump() {
                None => return fail("unterminated character class", start),
                Some(']') => break,
                Some('\\') => self.escape(atom_at, true)?,
                Some(c) => Escape::Char(c),
            };
            let range = self.peek() == Some('-')
                && !matches!(self.src[self.pos + 1..].chars().next(), None | Some(']'));
            if !range {
                push_class_atom(&mut body, a);
                continue;
            }
            self.pos += 1;
            let b_at = self.pos;
            let b = match self.bump() {
                Some('\\') => self.escape(b_at, true)?,
                Some(c) => Escape::Char(c),
                None => unreachable!("checked above"),
            };
            match (a, b) {
                (Escape::Char(x), Escape::Char(y)) => {
                    if x > y {
                        return fail("range out of order in character class", atom_at);
                    }
                    push_char(&mut body, x);
                    body.push('-');
                    push_char(&mut body, y);
                }
                // Annex B: a range with a class escape end is the union of both ends and `-`.
                (a, b) => {
                    push_class_atom(&mut body, a);
                    body.push_str(r"\-");
                    push_class_atom(&mut body, b);
                }
            }
        }
        let out = &mut self.out;
        match (body.is_empty(), negated) {
            (true, false) => out.push_str(r"[^\x00-\x{10FFFF}]"),
            (true, true) => out.push_str("(?s:.)"),
            (false, neg) => {
                let _ = write!(out, "[{}{body}]", if neg { "^" } else { "" });
            }
        }
        Ok(())
    }

    /// Parses the escape after the `\` at `start`.
    fn escape(&mut self, start: usize, in_class: bool) -> Result<Escape, EcmaError> {
        let Some(c) = self.bump() else {
            return fail("`\\` at end of pattern", start);
        };
        let ch = Escape::Char;
        Ok(match c {
            'd' | 'D' => Escape::Set(DIGIT.into(), c == 'D'),
            'w' | 'W' => Escape::Set(WORD.into(), c == 'W'),
            's' | 'S' => Escape::Set(SPACE.into(), c == 'S'),
            'p' | 'P' if self.peek() == Some('{') => {
                let rest = &self.src[self.pos + 1..];
                let Some(end) = rest.find('}') else {
                    return fail("`\\p{` without its `}`", start);
                };
                let name = &rest[..end];
                let Some(class) = property_class(name) else {
                    return fail(
                        format!(
                            "`\\{c}{{{name}}}` names no Unicode property ECMA-262 has (a General_Category value, a binary property, or Script= / Script_Extensions= with a script)"
                        ),
                        start,
                    );
                };
                self.pos += end + 2;
                Escape::Set(class.into(), c == 'P')
            }
            'b' if in_class => ch('\u{8}'),
            'b' | 'B' if !in_class => Escape::Boundary(c == 'B'),
            't' => ch('\t'),
            'n' => ch('\n'),
            'v' => ch('\u{B}'),
            'f' => ch('\u{C}'),
            'r' => ch('\r'),
            '0' if !self.peek().is_some_and(|d| d.is_ascii_digit()) => ch('\0'),
            '0'..='9' => {
                let digits = self.src[self.pos..].bytes().take_while(u8::is_ascii_digit);
                self.pos += digits.count();
                let construct = self.src[start..self.pos].to_string();
                let n: usize = construct[1..].parse().unwrap_or(usize::MAX);
                if !in_class && c != '0' && n <= self.groups {
                    return Err(EcmaError::Backreference {
                        construct,
                        offset: start,
                    });
                }
                let message = format!("`{construct}` names no group (octal is unsupported)");
                return fail(message, start);
            }
            'u' if self.peek() == Some('{') => {
                // `\u{1F600}`: a code point, as in ECMA-262's unicode mode.
                let rest = &self.src[self.pos + 1..];
                let hex = rest.find('}').map(|end| &rest[..end]).unwrap_or_default();
                let code = (!hex.is_empty()
                    && hex.len() <= 6
                    && hex.bytes().all(|b| b.is_ascii_hexdigit()))
                .then(|| u32::from_str_radix(hex, 16).ok())
                .flatten();
                let Some(c) = code.and_then(char::from_u32) else {
                    return fail(
                        "`\\u{` must hold the hex digits of a code point that is not a surrogate",
                        start,
                    );
                };
                self.pos += hex.len() + 2;
                ch(c)
            }
            'x' | 'u' => {
                let code = self.hex(c, start)?;
                if (0xD800..0xDC00).contains(&code) {
                    // A surrogate pair written as two escapes is the one code point it encodes.
                    let low = self.src[self.pos..]
                        .strip_prefix("\\u")
                        .and_then(|r| r.get(..4))
                        .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .filter(|l| (0xDC00..0xE000).contains(l));
                    if let Some(low) = low {
                        self.pos += 6;
                        let code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                        return Ok(ch(
                            char::from_u32(code).expect("a surrogate pair encodes a scalar value")
                        ));
                    }
                }
                let Some(c) = char::from_u32(code) else {
                    let hex = &self.src[start + 2..self.pos];
                    return fail(
                        format!(
                            "lone surrogate `\\u{hex}` is not supported (it matches no character of a JSON string)"
                        ),
                        start,
                    );
                };
                ch(c)
            }
            'c' => match self.peek() {
                Some(l) if l.is_ascii_alphabetic() => {
                    self.pos += 1;
                    ch(char::from(l as u8 % 32))
                }
                _ => return fail("`\\c` must be followed by an ASCII letter", start),
            },
            'k' if !in_class && self.peek() == Some('<') => {
                let Some(end) = self.src[self.pos..].find('>') else {
                    return fail("unterminated `\\k<name>`", start);
                };
                let construct = self.src[start..=self.pos + end].to_string();
                return Err(EcmaError::Backreference {
                    construct,
                    offset: start,
                });
            }
            c if c.is_alphanumeric() => {
                let message =
                    format!("unsupported escape `\\{c}` (letters are not identity escapes)");
                return fail(message, start);
            }
            c => ch(c),
        })
    }
}

impl Parser<'_> {
    /// The value of the 2 (`\\x`) or 4 (`\\u`) hex digits after the escape at `start`.
    fn hex(&mut self, c: char, start: usize) -> Result<u32, EcmaError> {
        let len = if c == 'x' { 2 } else { 4 };
        let hex = self.src.get(self.pos..self.pos + len).unwrap_or_default();
        if hex.len() != len || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            let message = format!("`\\{c}` must be followed by {len} hex digits");
            return fail(message, start);
        }
        self.pos += len;
        Ok(u32::from_str_radix(hex, 16).expect("validated hex digits"))
    }
}

/// Appends a class atom to a Rust class body; negated sets become nested classes.
fn push_class_atom(body: &mut String, atom: Escape) {
    match atom {
        Escape::Char(c) => push_char(body, c),
        Escape::Set(set, false) => body.push_str(&set),
        Escape::Set(set, true) => {
            let _ = write!(body, "[^{set}]");
        }
        Escape::Boundary(_) => unreachable!("no boundaries inside classes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn re(p: &str) -> regex::Regex {
        regex::Regex::new(&translate(p).unwrap()).unwrap()
    }

    #[test]
    fn table() {
        let cases = [
            (r"^abc$", r"^abc$"),
            (r"a.b", r"a[^\n\r\x{2028}\x{2029}]b"),
            (r"\d\D\w\W", r"[0-9][^0-9][0-9A-Za-z_][^0-9A-Za-z_]"),
            (r"\s", &format!("[{SPACE}]")),
            (r"\bfoo\B", r"(?-u:\b)foo(?-u:\B)"),
            (r"\$LATEST\/\.\-", r"\$LATEST/\.\-"),
            (
                r"\t\n\v\f\r\0\x41\u00e9\cJ",
                r"\x{9}\x{A}\x{B}\x{C}\x{D}\x{0}Aé\x{A}",
            ),
            (r"[a-z\d-]", r"[a-z0-9\-]"),
            (r"[\w-.]", r"[0-9A-Za-z_\-\.]"),
            (r"[a-zA-Z0-9-_]", r"[a-zA-Z0-9\-_]"),
            (r"[^\S]", &format!("[^[^{SPACE}]]")),
            (r"[\b&&~~[]", r"[\x{8}\&\&\~\~\[]"),
            (r"[]", r"[^\x00-\x{10FFFF}]"),
            (r"[^]", r"(?s:.)"),
            (r"(?:a|)(?<name>b)(|c)()", r"(?:a|)(b)(|c)()"),
            (r"a*?b+c??d{2}e{2,}?f{2,3}", r"a*?b+c??d{2}e{2,}?f{2,3}"),
            (r"a{,5}x{]}", r"a\{,5\}x\{\]\}"),
            (r"é+", r"é+"),
        ];
        for (input, want) in cases {
            assert_eq!(translate(input).as_deref(), Ok(want), "{input}");
        }
    }

    #[test]
    fn ascii_classes() {
        let d = re(r"^\d+$");
        assert!(d.is_match("123") && !d.is_match("١٢٣") && !d.is_match("12 "));
        assert!(!re(r"^\w+$").is_match("é"));
        let s = re(r"^[^\s]+$");
        assert!(s.is_match("a-b") && !s.is_match("a\u{A0}b") && !s.is_match("a\u{3000}b"));
        let dot = re(r"^.$");
        assert!(dot.is_match("é") && !dot.is_match("\r") && !dot.is_match("\u{2028}"));
        let any = re(r"^[\s\S]*$");
        assert!(any.is_match("a\nb\r\u{2028}") && any.is_match(""));
        assert!(re(r"^[^]$").is_match("\n") && !re(r"[]").is_match("abc"));
    }

    /// Verdicts cross-checked against Node (`new RegExp(p, "u")`) when written.
    #[test]
    fn unicode_property_escapes() {
        let cases: &[(&str, &[&str], &[&str])] = &[
            (r"^\p{ASCII}*$", &["", "abc~\u{7f}"], &["é", "\u{80}"]),
            (
                r"^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$",
                &["Ωé 1٣\u{a0}@"],
                &["!", "😀"],
            ),
            (r"^\p{Lu}\P{Lu}$", &["Aa", "É1"], &["AA", "aa"]),
            (r"^[^\p{L}]$", &["1", "-"], &["a", "ひ"]),
            (
                r"^\p{gc=Nd}+\p{General_Category=Letter}$",
                &["1٣x"],
                &["1Ⅷ"],
            ),
            (
                r"^\p{Script=Greek}\p{sc=Latn}\p{scx=Hira}$",
                &["ωaひ", "Ωzー"],
                &["aaひ"],
            ),
            (
                r"^\p{Any}\p{Assigned}[\P{Assigned}]$",
                &["\n\u{301}\u{378}"],
                &["aa\u{301}"],
            ),
            (
                r"^\p{White_Space}\p{Alpha}\p{Lower}\p{Hex}$",
                &["\u{2028}éaF"],
                &["_éaG"],
            ),
            (r"^\p{digit}\p{punct}\p{LC}\p{XIDS}$", &["1!Aa"], &["1$Aa"]),
        ];
        for (p, yes, no) in cases {
            let r = re(p);
            for s in *yes {
                assert!(r.is_match(s), "{p} matches {s:?}");
            }
            for s in *no {
                assert!(!r.is_match(s), "{p} does not match {s:?}");
            }
        }
        // ECMA-262 matches property names exactly, and takes no script as a lone name.
        for p in [
            r"\p{Greek}",
            r"\p{lu}",
            r"\p{Letter=L}",
            r"\p{gc=Greek}",
            r"\p{L",
            r"\pL",
        ] {
            assert!(translate(p).is_err(), "{p} is refused");
        }
    }

    #[test]
    fn ascii_word_boundary() {
        let b = re(r"\bfoo\b");
        assert!(
            b.is_match("a foo.")
                && b.is_match("éfoo")
                && !b.is_match("_foo")
                && !b.is_match("foo1")
        );
        let nb = re(r"\Boo\B");
        assert!(nb.is_match("foot") && !nb.is_match("f oo "));
    }

    #[test]
    fn dashes_and_alternation() {
        let r = re(r"^(?:[a-zA-Z0-9-_]+)$");
        assert!(r.is_match("a-b_c") && !r.is_match("a.b"));
        let arn = re(r"^(?:(arn:aws:[a-z0-9-.]+:.*)|())$");
        assert!(arn.is_match("") && arn.is_match("arn:aws:kms:x") && !arn.is_match("arn:aws:"));
        assert!(re(r"^(|abc)$").is_match("") && re(r"\$LATEST").is_match("fn:$LATEST"));
    }

    #[test]
    fn surrogate_pairs_and_braced_escapes_are_one_code_point() {
        assert_eq!(translate(r"\uD83D\uDE00").as_deref(), Ok("😀"));
        assert_eq!(translate(r"\u{1F600}\u{41}").as_deref(), Ok("😀A"));
        let one = re(r"^\uD83D\uDE00$");
        assert!(one.is_match("😀") && !one.is_match("😀😀"));
        let range = re(r"^[\uD83D\uDE00-\uD83D\uDE4F]+$");
        assert!(range.is_match("😀🙏") && !range.is_match("🚀"));
        // A high surrogate followed by anything but a low one stays alone, and is refused.
        for p in [
            r"\uD83D",
            r"\uD83Dx",
            r"\uD83D\u0041",
            r"\uDE00\uD83D",
            r"\u{D800}",
            r"\u{110000}",
            r"\u{}",
        ] {
            assert!(
                matches!(translate(p), Err(EcmaError::Syntax { offset: 0, .. })),
                "{p}"
            );
        }
    }

    #[test]
    fn annex_b_braces() {
        assert!(re(r"^a{,5}$").is_match("a{,5}"));
        assert!(re(r"^x{$").is_match("x{"));
        assert!(re(r"^a}]$").is_match("a}]"));
        assert!(re(r"^a{2}$").is_match("aa"));
    }

    fn err(
        kind: fn(String, usize) -> EcmaError,
        construct: &str,
        at: usize,
    ) -> Result<String, EcmaError> {
        Err(kind(construct.into(), at))
    }

    #[test]
    fn unsupported_constructs() {
        let look = |construct, offset| EcmaError::Lookaround { construct, offset };
        let back = |construct, offset| EcmaError::Backreference { construct, offset };
        assert_eq!(
            translate(r"(?!^[0-9]+$)([a-zA-Z0-9-_]+)"),
            err(look, "(?!", 0)
        );
        let p = r"^[0-9A-Za-z\.\-_]*(?<!\.)$";
        assert_eq!(translate(p), err(look, "(?<!", p.find("(?<!").unwrap()));
        assert_eq!(translate("a(?=b)"), err(look, "(?=", 1));
        assert_eq!(translate("ab(?<=c)"), err(look, "(?<=", 2));
        assert_eq!(translate(r"(a)\1"), err(back, r"\1", 3));
        assert_eq!(translate(r"(?<x>a)\k<x>"), err(back, r"\k<x>", 7));
        assert_eq!(
            translate("(?=a)").unwrap_err().to_string(),
            "lookaround `(?=` at offset 0 is not supported by the linear-time regex engine"
        );
    }

    #[test]
    fn syntax_errors() {
        #[rustfmt::skip]
        let cases = [
            ("a{2,1}", 1), ("(ab", 0), ("ab)", 2), ("*a", 0), ("a**", 2), ("^*", 1), ("{2}", 0),
            ("x[z-a]", 2), ("[abc", 0), (r"\a", 0), (r"x\z", 1), (r"\uD800", 0), (r"\x4", 0),
            (r"\c1", 0), (r"\00", 0), ("(?i)a", 0), ("a\\", 1), (r"a\1", 1), (r"(a)[\1]", 4),
            ("((a{1000}){1000}){1000}", 0),
        ];
        for (p, at) in cases {
            match translate(p) {
                Err(EcmaError::Syntax { offset, .. }) => assert_eq!(offset, at, "{p}"),
                other => panic!("{p}: expected a syntax error, got {other:?}"),
            }
        }
        assert_eq!(
            translate("ab)").unwrap_err().to_string(),
            "invalid regular expression at offset 2: unmatched `)`"
        );
        let big = translate("((a{1000}){1000}){1000}")
            .unwrap_err()
            .to_string();
        assert!(
            big.contains("regex crate rejected the translation: compiled regex exceeds size limit")
        );
    }
}

//! Inline text of reference pages: HTML and markdown cells turned into plain paragraphs, list
//! items and sentences, with code spans kept verbatim (they hold patterns).

/// A block of a description: a paragraph, or a list whose items are single lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// One paragraph of plain text; code spans are written `` `x` ``.
    Para(String),
    /// The items of one list.
    List(Vec<String>),
    /// The items of one numbered list.
    Ordered(Vec<String>),
}

/// Joins blocks into a description: paragraphs separated by a blank line, list items as `- `
/// lines. A block that repeats an earlier one of the same cell is written once.
pub fn join(blocks: &[Block]) -> Option<String> {
    let mut seen: Vec<&Block> = Vec::new();
    let mut parts = Vec::new();
    for b in blocks {
        if seen.contains(&b) {
            continue;
        }
        seen.push(b);
        match b {
            Block::Para(p) if !p.is_empty() => parts.push(p.clone()),
            Block::List(items) if !items.is_empty() => parts.push(
                items
                    .iter()
                    .map(|i| format!("- {i}"))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            Block::Ordered(items) if !items.is_empty() => parts.push(
                items
                    .iter()
                    .enumerate()
                    .map(|(n, i)| format!("{}. {i}", n + 1))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            _ => {}
        }
    }
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

/// The code spans of a cleaned text, in order.
pub fn code_spans(s: &str) -> Vec<&str> {
    s.split('`').skip(1).step_by(2).collect()
}

/// Plain inline text from markdown and inline HTML: tags removed, links reduced to their text,
/// escapes and emphasis undone, code spans (`` `x` ``, ``` ``x`` ```, `<code>x</code>`) kept
/// verbatim as `` `x` ``, whitespace collapsed.
pub fn inline(s: &str) -> String {
    let s = s.replace("<code>", "``").replace("</code>", "``");
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        let c = s[i..].chars().next().unwrap_or(' ');
        if c == '`' {
            let run = s[i..].bytes().take_while(|&x| x == b'`').count();
            let fence = &s[i..i + run];
            if let Some(end) = s[i + run..].find(fence) {
                let code = &s[i + run..i + run + end];
                let code = code.strip_prefix(' ').unwrap_or(code);
                let code = code.strip_suffix(' ').unwrap_or(code);
                out.push('`');
                out.push_str(&unescape_html(code));
                out.push('`');
                i += run + end + run;
                continue;
            }
            i += run;
            continue;
        }
        match c {
            '\\' if i + 1 < s.len() && b[i + 1].is_ascii_punctuation() => {
                out.push(b[i + 1] as char);
                i += 2;
            }
            '<' => {
                // An HTML tag is dropped; `<br>` and block tags separate words.
                match s[i..].find('>') {
                    Some(end) if looks_like_tag(&s[i + 1..i + end]) => {
                        // Inline tags join their text to the words around it.
                        let tag = s[i + 1..i + end].trim_start_matches('/');
                        let tag = tag.split_whitespace().next().unwrap_or_default();
                        if !matches!(tag, "a" | "b" | "i" | "em" | "strong" | "span") {
                            out.push(' ');
                        }
                        i += end + 1;
                    }
                    _ => {
                        out.push('<');
                        i += 1;
                    }
                }
            }
            '[' => match link(&s[i..]) {
                Some((text, len)) => {
                    out.push_str(&inline(text));
                    i += len;
                }
                None => {
                    out.push('[');
                    i += 1;
                }
            },
            '*' => i += 1,
            _ => {
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    squash(&unescape_html(&out))
}

fn looks_like_tag(inner: &str) -> bool {
    let name = inner.trim_start_matches('/');
    name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .is_some_and(|n| n.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// `[text](target)` at the start of `s`: the text and the length of the whole link.
fn link(s: &str) -> Option<(&str, usize)> {
    let close = s.find("](")?;
    let text = &s[1..close];
    if text.contains('[') || text.contains(']') {
        return None;
    }
    let end = s[close + 2..].find(')')?;
    Some((text, close + 2 + end + 1))
}

fn unescape_html(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

/// Collapses whitespace runs (including no-break spaces) to one space and trims.
pub fn squash(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == 'Â')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Blocks of an HTML table cell: `<p>` paragraphs, `<ul>`/`<li>` lists and `<br>`-separated
/// runs of text.
pub fn html_blocks(cell: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut rest = cell;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("<ul>") {
            let end = r.find("</ul>").unwrap_or(r.len());
            let items = r[..end]
                .split("<li>")
                .skip(1)
                .map(|it| inline(it.split("</li>").next().unwrap_or(it)))
                .filter(|it| !it.is_empty())
                .collect();
            blocks.push(Block::List(items));
            rest = r.get(end + 5..).unwrap_or("");
            continue;
        }
        if let Some(r) = rest.strip_prefix("<p>") {
            let end = r.find("</p>").unwrap_or(r.len());
            blocks.push(Block::Para(inline(&r[..end])));
            rest = r.get(end + 4..).unwrap_or("");
            continue;
        }
        if let Some(r) = rest.strip_prefix("<br>") {
            rest = r;
            continue;
        }
        let end = ["<p>", "<ul>", "<br>"]
            .iter()
            .filter_map(|t| rest.find(t))
            .min()
            .unwrap_or(rest.len());
        let end = if end == 0 { rest.len() } else { end };
        let text = inline(&rest[..end]);
        if !text.is_empty() {
            blocks.push(Block::Para(text));
        }
        rest = &rest[end..];
    }
    blocks
}

/// A markdown paragraph whose numbered list is written inline (`Intro: 1. a. 2. b.`): the
/// introduction and the items, when the numbers run 1, 2, ... in order.
pub fn inline_list(p: &str) -> Vec<Block> {
    let mut cuts = Vec::new();
    let mut from = 0;
    for k in 1.. {
        let marker = format!("{k}. ");
        let found = p[from..]
            .match_indices(&marker)
            .map(|(i, _)| from + i)
            .find(|&i| i == 0 || p[..i].ends_with(' '));
        match found {
            Some(i) => {
                cuts.push(i);
                from = i + marker.len();
            }
            None => break,
        }
    }
    if cuts.len() < 2 {
        return vec![Block::Para(p.to_owned())];
    }
    let mut out = Vec::new();
    let intro = p[..cuts[0]].trim();
    if !intro.is_empty() {
        out.push(Block::Para(intro.to_owned()));
    }
    let items = cuts
        .iter()
        .enumerate()
        .map(|(k, &c)| {
            let end = cuts.get(k + 1).copied().unwrap_or(p.len());
            p[c + format!("{}. ", k + 1).len()..end].trim().to_owned()
        })
        .collect();
    out.push(Block::Ordered(items));
    out
}

/// The sentences of a plain paragraph. A sentence ends at `.`, `!` or `?` followed by white
/// space and a character that is not a lower-case letter; code spans are never split.
pub fn sentences(p: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_code = false;
    let chars: Vec<char> = p.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        cur.push(c);
        if c == '`' {
            in_code = !in_code;
        }
        if in_code || !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let mut j = i + 1;
        if chars.get(j).is_none_or(|c| !c.is_whitespace()) {
            if j >= chars.len() {
                out.push(std::mem::take(&mut cur).trim().to_owned());
            }
            continue;
        }
        while chars.get(j).is_some_and(|c| c.is_whitespace()) {
            j += 1;
        }
        if chars.get(j).is_none_or(|c| !c.is_lowercase()) {
            out.push(std::mem::take(&mut cur).trim().to_owned());
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_owned());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_keeps_code_and_drops_markup() {
        assert_eq!(
            inline(
                r"Use `[^\s]+` or ``a\.b`` and <code>x</code>\. See [Docs](http://x) <a href='y'>here</a>\."
            ),
            r"Use `[^\s]+` or `a\.b` and `x`. See Docs here."
        );
        assert_eq!(
            inline(r"the *module\-name*\.*export* value"),
            "the module-name.export value"
        );
        assert_eq!(
            inline("See [LogLevel.Level] for"),
            "See [LogLevel.Level] for"
        );
        assert_eq!(inline("a &lt; b"), "a < b");
    }

    #[test]
    fn cells_become_blocks() {
        let b = html_blocks(
            "Level. <br><ul> <li> <p>A: one.</p> <p>More.</p> </li> <li>B: two.</li> </ul> ",
        );
        assert_eq!(
            b,
            vec![
                Block::Para("Level.".into()),
                Block::List(vec!["A: one. More.".into(), "B: two.".into()])
            ]
        );
        let b = html_blocks("<p>Same.</p> <p>Same.</p> ");
        assert_eq!(join(&b).as_deref(), Some("Same."));
    }

    #[test]
    fn sentences_split_at_capitals_only() {
        assert_eq!(
            sentences("Description of it. 0-256 characters long. See `a. B` e.g. x. Done"),
            vec![
                "Description of it.",
                "0-256 characters long.",
                "See `a. B` e.g. x.",
                "Done"
            ]
        );
        assert_eq!(
            sentences("Значение по умолчанию: 100.  Допустимые значения — от 0 до 1000."),
            vec![
                "Значение по умолчанию: 100.",
                "Допустимые значения — от 0 до 1000."
            ]
        );
        assert_eq!(sentences("v0.10.42 is old."), vec!["v0.10.42 is old."]);
    }

    #[test]
    fn inline_numbered_lists() {
        assert_eq!(
            inline_list("Parts: 1. Name. 2. Value 3 to 63. Done."),
            vec![
                Block::Para("Parts:".into()),
                Block::Ordered(vec!["Name.".into(), "Value 3 to 63. Done.".into()])
            ]
        );
        assert_eq!(
            inline_list("Only 1. item here."),
            vec![Block::Para("Only 1. item here.".into())]
        );
    }
}

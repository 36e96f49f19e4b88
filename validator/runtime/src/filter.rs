//! Filter expressions (`x-filter-expression`): `<field> <operator> <value>`, such as
//! `name="my-function"` or `name IN ("a-fn", "b-fn")`, whose values carry their own limits.
//!
//! The grammar is what the listVersions document states and no more: one condition, a field
//! from the allowed list, one of the allowed operators (`=`, `!=` take one value; `IN`,
//! `NOT IN` a parenthesised, comma-separated list), values bare or in double quotes. An empty
//! string means "no filter". Conjunctions are not documented and are reported as errors.

use crate::{Code, Limit, Path, Pattern, Report};

/// The limits of one `x-filter-expression`.
#[derive(Debug)]
pub struct FilterSpec {
    /// Field names allowed on the left.
    pub fields: &'static [&'static str],
    /// Operators allowed (`=`, `!=`, `IN`, `NOT IN`).
    pub operators: &'static [&'static str],
    /// Minimum length of each value, in characters.
    pub value_min_length: Option<u64>,
    /// Maximum length of each value, in characters.
    pub value_max_length: Option<u64>,
    /// Pattern each value must match.
    pub value_pattern: Option<&'static Pattern>,
}

struct Scanner<'s> {
    s: &'s str,
    pos: usize,
}

impl<'s> Scanner<'s> {
    fn skip_ws(&mut self) {
        let rest = &self.s[self.pos..];
        self.pos += rest.len() - rest.trim_start().len();
    }
    fn rest(&self) -> &'s str {
        &self.s[self.pos..]
    }
    fn eat(&mut self, t: &str) -> bool {
        self.skip_ws();
        if self.rest().starts_with(t) {
            self.pos += t.len();
            true
        } else {
            false
        }
    }
    fn ident(&mut self) -> &'s str {
        self.skip_ws();
        let rest = self.rest();
        let n = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            .unwrap_or(rest.len());
        self.pos += n;
        &rest[..n]
    }
    fn value(&mut self) -> Result<String, String> {
        self.skip_ws();
        let rest = self.rest();
        if let Some(q) = rest.strip_prefix('"') {
            let mut out = String::new();
            let mut chars = q.char_indices();
            while let Some((i, c)) = chars.next() {
                match c {
                    '"' => {
                        self.pos += 1 + i + 1;
                        return Ok(out);
                    }
                    '\\' => match chars.next() {
                        Some((_, e)) => out.push(e),
                        None => break,
                    },
                    c => out.push(c),
                }
            }
            return Err("unterminated quoted value".into());
        }
        let n = rest
            .find(|c: char| c.is_whitespace() || c == ',' || c == ')' || c == '(')
            .unwrap_or(rest.len());
        if n == 0 {
            return Err(format!("expected a value at offset {}", self.pos));
        }
        self.pos += n;
        Ok(rest[..n].to_owned())
    }
}

fn parse(s: &str, spec: &FilterSpec) -> Result<Vec<String>, String> {
    let mut sc = Scanner { s, pos: 0 };
    let field = sc.ident();
    if field.is_empty() {
        return Err("expected a field name".into());
    }
    if !spec.fields.contains(&field) {
        return Err(format!(
            "field `{field}` cannot be filtered on (allowed: {})",
            spec.fields.join(", ")
        ));
    }
    // The longest operator that matches here wins (no per-call sorting or allocation).
    let start = sc.pos;
    let mut best: Option<(&str, usize)> = None;
    for &op in spec.operators {
        sc.pos = start;
        if op.split(' ').all(|w| sc.eat(w)) && best.is_none_or(|(_, end)| sc.pos > end) {
            best = Some((op, sc.pos));
        }
    }
    let Some((op, end)) = best else {
        return Err(format!(
            "expected one of the operators {} after `{field}`",
            spec.operators.join(", ")
        ));
    };
    sc.pos = end;
    let list = op.ends_with("IN");
    let mut values = Vec::new();
    if list {
        if !sc.eat("(") {
            return Err(format!("`{op}` takes a parenthesised list of values"));
        }
        loop {
            values.push(sc.value()?);
            if sc.eat(",") {
                continue;
            }
            if sc.eat(")") {
                break;
            }
            return Err("expected `,` or `)` in the value list".into());
        }
    } else {
        values.push(sc.value()?);
    }
    sc.skip_ws();
    if !sc.rest().is_empty() {
        return Err(format!(
            "unexpected text after the condition: `{}`",
            sc.rest()
        ));
    }
    Ok(values)
}

/// Checks the filter expression `s` against `spec`, recording violations at `at`.
pub fn check(s: &str, spec: &FilterSpec, at: &Path<'_>, r: &mut Report) {
    if s.trim().is_empty() {
        return;
    }
    let values = match parse(s, spec) {
        Ok(v) => v,
        Err(msg) => {
            r.add(
                at,
                Code::Filter,
                format!("malformed filter expression: {msg}"),
                None,
            );
            return;
        }
    };
    for v in values {
        let n = v.chars().count() as u64;
        if let Some(min) = spec.value_min_length
            && n < min
        {
            r.add(
                at,
                Code::Filter,
                format!("filter value {v:?} must be at least {min} characters long"),
                Some(Limit::Integer(min.into())),
            );
        }
        if let Some(max) = spec.value_max_length
            && n > max
        {
            r.add(
                at,
                Code::Filter,
                format!("filter value {v:?} must be at most {max} characters long"),
                Some(Limit::Integer(max.into())),
            );
        }
        if let Some(p) = spec.value_pattern
            && p.is_match(&v) != Some(true)
        {
            r.add(
                at,
                Code::Filter,
                format!("filter value {v:?} must match the pattern `{}`", p.source()),
                Some(Limit::Text(p.source())),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static P: Pattern = Pattern::new(
        "^(?:[a-z][-a-z0-9]{1,61}[a-z0-9])$",
        "^(?:[a-z][\\-a-z0-9]{1,61}[a-z0-9])$",
    );
    static SPEC: FilterSpec = FilterSpec {
        fields: &["name"],
        operators: &["=", "!=", "IN", "NOT IN"],
        value_min_length: Some(3),
        value_max_length: Some(63),
        value_pattern: Some(&P),
    };

    fn msgs(s: &str) -> Vec<String> {
        let mut r = Report::default();
        check(s, &SPEC, &Path::root(), &mut r);
        r.violations().iter().map(|v| v.message.clone()).collect()
    }

    #[test]
    fn accepts_documented_forms() {
        for ok in [
            "",
            "name=my-function",
            "name = \"my-function\"",
            "name != abc",
            "name IN (abc, \"de-f\")",
            "name NOT IN (abc)",
        ] {
            assert!(msgs(ok).is_empty(), "{ok}: {:?}", msgs(ok));
        }
    }

    #[test]
    fn rejects_bad_values_and_syntax() {
        assert_eq!(
            msgs("name=ab").len(),
            2,
            "too short and pattern needs 3+ chars"
        );
        assert_eq!(msgs("name=My-Function").len(), 1);
        assert_eq!(msgs("name IN (abc, x)").len(), 2);
        for bad in [
            "status=abc",
            "name",
            "name ~ abc",
            "name IN abc",
            "name=abc AND name=def",
            "name=\"abc",
        ] {
            let m = msgs(bad);
            assert_eq!(m.len(), 1, "{bad}: {m:?}");
            assert!(m[0].starts_with("malformed"), "{bad}: {m:?}");
        }
    }
}

//! Every identifier rule in one place: case conversion, keywords, leading digits, collisions.

use std::collections::BTreeSet;

/// Splits `s` into words: at non-alphanumerics, at lower-to-upper changes and at the end of
/// an acronym (`KMSKeyArn` -> `KMS`, `Key`, `Arn`). Digits stay with the word before them.
fn words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for chunk in s.split(|c: char| !c.is_ascii_alphanumeric()) {
        let chars: Vec<char> = chunk.chars().collect();
        let mut cur = String::new();
        for (i, &c) in chars.iter().enumerate() {
            let prev = i.checked_sub(1).map(|j| chars[j]);
            let next = chars.get(i + 1).copied();
            let boundary = c.is_ascii_uppercase()
                && match prev {
                    Some(p) if p.is_ascii_lowercase() || p.is_ascii_digit() => true,
                    Some(p) if p.is_ascii_uppercase() => {
                        next.is_some_and(|n| n.is_ascii_lowercase())
                    }
                    _ => false,
                };
            if boundary && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            cur.push(c);
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
    out
}

fn fix_start(s: String, prefix: &str) -> String {
    if s.is_empty() {
        return prefix.to_owned();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("{prefix}{s}");
    }
    s
}

/// `UpperCamelCase` for types and variants: `nodejs4.3-edge` -> `Nodejs43Edge`.
pub fn pascal(s: &str) -> String {
    let w: String = words(s)
        .iter()
        .map(|w| {
            let lower = w.to_ascii_lowercase();
            let mut c = lower.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect();
    let w = fix_start(w, "V");
    // `Self` is the one keyword in PascalCase; a trailing `_` is a form `words` never yields,
    // so the result cannot collide with another converted name.
    if w == "Self" {
        return "Self_".to_owned();
    }
    w
}

/// Two PascalCase names as one (`Holder` + `Self_` is `HolderSelf`, `Self_` + `Item` is
/// `SelfItem`): the `_` that keeps `Self_` off the keyword would break the camel case inside a
/// longer name.
pub fn concat(a: &str, b: &str) -> String {
    let joined = format!("{}{}", a.trim_end_matches('_'), b.trim_end_matches('_'));
    if joined == "Self" {
        return "Self_".to_owned();
    }
    joined
}

/// The name of the variant that keeps an enum value the spec does not list. It ends in `_`,
/// which [`pascal`] never yields for a documented value (only `Self_`), so no value can clash
/// with it, whatever the document lists (`unknown`, `Unknown`, ...).
pub const UNKNOWN_VARIANT: &str = "Unknown_";

/// The token for an identifier made by this module (`r#type` becomes a raw identifier).
pub fn token(s: &str) -> proc_macro2::Ident {
    let span = proc_macro2::Span::call_site();
    match s.strip_prefix("r#") {
        Some(raw) => proc_macro2::Ident::new_raw(raw, span),
        None => proc_macro2::Ident::new(s, span),
    }
}

/// `snake_case` for fields and modules, keywords made raw: `type` -> `r#type`.
pub fn snake(s: &str) -> String {
    let w = words(s)
        .iter()
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("_");
    let w = fix_start(w, "n");
    if matches!(w.as_str(), "self" | "crate" | "super" | "_") {
        return format!("{w}_");
    }
    if KEYWORDS.contains(&w.as_str()) {
        return format!("r#{w}");
    }
    w
}

/// Rust keywords (2024 edition, strict and reserved) that need `r#` as identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Returns `name`, or `name2`, `name3`, ... whichever is not yet in `taken`, and takes it.
pub fn unique(name: String, taken: &mut BTreeSet<String>) -> String {
    if taken.insert(name.clone()) {
        return name;
    }
    // `Self_` and `self_` go on as `Self2` and `self2`.
    let base = name
        .strip_prefix("r#")
        .unwrap_or(&name)
        .trim_end_matches('_')
        .to_owned();
    (2..)
        .map(|i| format!("{base}{i}"))
        .find(|n| taken.insert(n.clone()))
        .unwrap_or(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pascal_table() {
        for (input, want) in [
            ("functionId", "FunctionId"),
            ("nodejs4.3-edge", "Nodejs43Edge"),
            ("dotnetcore1.0", "Dotnetcore10"),
            ("go1.x", "Go1X"),
            ("KMSKeyArn", "KmsKeyArn"),
            ("$LATEST", "Latest"),
            ("2xx", "V2xx"),
            ("", "V"),
            ("TRACE", "Trace"),
            ("package_source", "PackageSource"),
            ("self", "Self_"),
            ("SELF", "Self_"),
            ("unknown", "Unknown"),
            ("unknown_", "Unknown"),
        ] {
            assert_eq!(pascal(input), want, "{input}");
        }
    }

    #[test]
    fn snake_table() {
        for (input, want) in [
            ("functionId", "function_id"),
            ("S3Bucket", "s3_bucket"),
            ("KMSKeyArn", "kms_key_arn"),
            ("X-Amz-Date", "x_amz_date"),
            ("type", "r#type"),
            ("self", "self_"),
            ("sha256", "sha256"),
            ("3d", "n3d"),
            ("ymqTarget", "ymq_target"),
        ] {
            assert_eq!(snake(input), want, "{input}");
        }
    }

    #[test]
    fn tokens_parse_as_identifiers() {
        for name in ["r#type", "self_", "Self_", "Unknown_", "n3d", "r#fn"] {
            let t = token(name);
            syn::parse2::<syn::Ident>(quote::quote!(#t)).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        for s in ["self", "Self", "type", "crate", "super", "unknown", "3"] {
            let (p, n) = (pascal(s), snake(s));
            for name in [p, n] {
                let t = token(&name);
                syn::parse2::<syn::Ident>(quote::quote!(#t))
                    .unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_ne!(name, UNKNOWN_VARIANT);
            }
        }
    }

    #[test]
    fn concatenated_names_stay_camel_case() {
        assert_eq!(concat("Holder", &pascal("self")), "HolderSelf");
        assert_eq!(concat(&pascal("self"), "Item"), "SelfItem");
        assert_eq!(concat("", &pascal("self")), "Self_");
        assert_eq!(concat("Self_", ""), "Self_");
    }

    #[test]
    fn collisions_get_numbered() {
        let mut taken = BTreeSet::new();
        assert_eq!(unique("Nodejs43".into(), &mut taken), "Nodejs43");
        assert_eq!(unique("Nodejs43".into(), &mut taken), "Nodejs432");
        assert_eq!(unique("r#type".into(), &mut taken), "r#type");
        assert_eq!(unique("r#type".into(), &mut taken), "type2");
        assert_eq!(unique("Self_".into(), &mut taken), "Self_");
        assert_eq!(unique("Self_".into(), &mut taken), "Self2");
    }
}

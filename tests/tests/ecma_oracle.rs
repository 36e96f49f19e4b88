//! The pattern translator against a real ECMA-262 engine (GUIDE rule 2): for every `pattern`
//! in `specs/`, in the fixtures, and (with `SHARED_DIR`) in the corpus's OpenAPI documents,
//! the AWS reference documents and the specs imported from the corpus's reference pages, strings drawn from the translated pattern's syntax tree (and mutations of them
//! with the characters where ECMA-262 and the `regex` crate part ways: line terminators,
//! digits and letters of other scripts, case-folding look-alikes, astral characters) must get
//! the verdict of Node's `new RegExp(p, "u").test(s)` from docspec's `Pattern` (search
//! semantics, as JSON Schema's). Patterns the translator refuses (lookaround, backreferences)
//! are counted, not tried. A pattern that only Annex B's syntax admits (an identity escape of
//! punctuation such as `\:`, which the `u` flag refuses: AWS writes them) is compared with
//! `new RegExp(p)` on strings of the Basic Multilingual Plane, where the two modes agree.
//! Needs `node` on PATH (`.ci/run` installs Debian's `nodejs`).

mod support;

use regex_syntax::hir::{Class, Hir, HirKind};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

/// Characters where the dialects differ, or that often break translations.
const EDGE: &[&str] = &[
    "",
    "\n",
    "\r",
    "\u{2028}",
    "\u{2029}",
    " ",
    "\t",
    "\u{a0}",
    "\u{feff}",
    "\u{3000}",
    "١",
    "٣",
    "０",
    "é",
    "ß",
    "\u{212a}",
    "ſ",
    "İ",
    "😀",
    "\u{10ffff}",
    "_",
    "-",
    ".",
    "$",
    "^",
    "\\",
    "/",
    "0",
    "9",
    "a",
    "z",
    "A",
    "Z",
    "@",
    "+",
];

/// Lookaround written by hand beside the documents' own: each kind, anchors and word
/// boundaries inside, nesting, several at one place, empty bodies and bodies at the ends.
const LOOKAROUND: &[&str] = &[
    r"^(?!\s)(.*)(\S)$",
    r"^(?=.*[0-9])(?=.*[a-z])(?=.*[A-Z]).{8,}$",
    r"(?<=a)b",
    r"(?<!a)b",
    r"^(?=a)",
    r"a(?=b)",
    r"a(?!b)",
    r"(?<=^)x",
    r"(?<=\d{3})x",
    r"(?=(?!a)b)",
    r"(?<=a(?=b))b",
    r"\b(?=\w)",
    r"^(?:(?!ab).)*$",
    r"(?<=$)",
    r"x(?<=x)",
    r"(?=$)",
    r"^(?!.*\.\.)[a-z.]+$",
    r"(?<![a-z])[0-9]+(?![a-z])",
    r"^(?=)$",
    r"(?<=\u{1F600})x",
    r"^[^.](?<!-)$",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// A string the tree likely matches (assertions are ignored; the oracle decides).
fn draw(h: &Hir, rng: &mut Rng, out: &mut String, depth: usize) {
    if depth > 40 || out.len() > 200 {
        return;
    }
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(l) => out.push_str(&String::from_utf8_lossy(&l.0)),
        HirKind::Class(Class::Unicode(c)) => {
            let ranges = c.ranges();
            if !ranges.is_empty() {
                let r = ranges[rng.below(ranges.len())];
                let (lo, hi) = (u32::from(r.start()), u32::from(r.end()));
                let pick = match rng.below(3) {
                    0 => lo,
                    1 => hi,
                    _ => lo + (rng.next() % u64::from(hi - lo + 1)) as u32,
                };
                out.extend(char::from_u32(pick));
            }
        }
        HirKind::Class(Class::Bytes(c)) => {
            let ranges = c.ranges();
            if !ranges.is_empty() {
                let r = ranges[rng.below(ranges.len())];
                let b = r.start() + (rng.next() % u64::from(r.end() - r.start() + 1)) as u8;
                if b.is_ascii() {
                    out.push(char::from(b));
                }
            }
        }
        HirKind::Repetition(r) => {
            let extra = r.max.map_or(3, |m| (m - r.min).min(3)) as usize;
            let n = r.min.min(12) as usize + rng.below(extra + 1);
            for _ in 0..n {
                draw(&r.sub, rng, out, depth + 1);
            }
        }
        HirKind::Capture(c) => draw(&c.sub, rng, out, depth + 1),
        HirKind::Concat(hs) => hs.iter().for_each(|x| draw(x, rng, out, depth + 1)),
        HirKind::Alternation(hs) => draw(&hs[rng.below(hs.len())], rng, out, depth + 1),
    }
}

/// Drawn strings and their mutations: a character removed, one of [`EDGE`] inserted, put in
/// place of a character, or around the string.
fn cases(translated: &[&str], rng: &mut Rng) -> Vec<String> {
    let hirs: Vec<Hir> = translated
        .iter()
        .filter_map(|t| regex_syntax::ParserBuilder::new().build().parse(t).ok())
        .collect();
    if hirs.is_empty() {
        return Vec::new();
    }
    let mut out: BTreeSet<String> = EDGE.iter().map(|s| (*s).to_owned()).collect();
    for _ in 0..40 {
        let mut s = String::new();
        // From the main pattern mostly; from a lookaround body, or both, otherwise.
        draw(&hirs[0], rng, &mut s, 0);
        if hirs.len() > 1 && rng.below(2) == 0 {
            draw(&hirs[1 + rng.below(hirs.len() - 1)], rng, &mut s, 0);
        }
        let base = docspec_runtime::lookaround::PLACEHOLDER_BASE;
        s.retain(|c| !(base..base + 0xFE).contains(&u32::from(c)));
        let chars: Vec<char> = s.chars().collect();
        let edge = EDGE[rng.below(EDGE.len())];
        let at = rng.below(chars.len() + 1);
        let mut ins = chars.clone();
        ins.splice(at..at, edge.chars());
        out.insert(ins.into_iter().collect());
        if !chars.is_empty() {
            let at = rng.below(chars.len());
            let mut del = chars.clone();
            del.remove(at);
            out.insert(del.into_iter().collect());
            let mut rep = chars.clone();
            rep.splice(at..=at, edge.chars());
            out.insert(rep.into_iter().collect());
        }
        out.insert(format!("{edge}{s}{edge}"));
        out.insert(s);
    }
    out.into_iter().collect()
}

/// Every string value of a `pattern` key in a YAML document.
fn patterns_in(v: &serde_yaml::Value, out: &mut BTreeSet<String>) {
    match v {
        serde_yaml::Value::Mapping(m) => {
            for (k, x) in m {
                if let (Some("pattern"), serde_yaml::Value::String(p)) = (k.as_str(), x) {
                    out.insert(p.clone());
                }
                patterns_in(x, out);
            }
        }
        serde_yaml::Value::Sequence(s) => s.iter().for_each(|x| patterns_in(x, out)),
        _ => {}
    }
}

fn patterns_of_dir(dir: &Path, out: &mut BTreeSet<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        panic!("{}: not readable", dir.display());
    };
    for e in entries {
        let p = e.expect("entry").path();
        if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
            let text = std::fs::read_to_string(&p).expect("document");
            if let Ok(v) = serde_yaml::from_str::<serde_yaml::Value>(&text) {
                patterns_in(&v, out);
            }
        }
    }
}

/// The patterns of the specs imported from each reference page under `dir` (recursively),
/// one page at a time; pages that do not import are skipped (the import tests cover them).
fn patterns_of_pages(dir: &Path, out: &mut BTreeSet<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        panic!("{}: not readable", dir.display());
    };
    for e in entries {
        let p = e.expect("entry").path();
        if p.is_dir() {
            patterns_of_pages(&p, out);
        } else if p.extension().is_some_and(|x| x == "md") {
            let page = docspec_import::Page {
                name: p.file_name().unwrap().to_string_lossy().into_owned(),
                text: std::fs::read_to_string(&p).expect("page"),
            };
            for spec in docspec_import::import(&[page], &[]).specs {
                if let Ok(v) = serde_yaml::from_str::<serde_yaml::Value>(&spec.yaml) {
                    patterns_in(&v, out);
                }
            }
        }
    }
}

/// Node's verdicts: for each pattern, `[unicode, verdicts]`: whether it compiles with the `u`
/// flag (else it is run without), and a string of `0`/`1`, one per case; `null` when it
/// compiles in neither mode.
fn node_verdicts(batch: &Value) -> Vec<Value> {
    const SCRIPT: &str = r#"
let input = "";
process.stdin.on("data", d => input += d);
process.stdin.on("end", () => {
  const out = JSON.parse(input).map(({p, cases}) => {
    let re, unicode = true;
    try { re = new RegExp(p, "u"); } catch (e) {
      unicode = false;
      try { re = new RegExp(p); } catch (e) { return null; }
    }
    return [unicode, cases.map(s => re.test(s) ? "1" : "0").join("")];
  });
  process.stdout.write(JSON.stringify(out));
});
"#;
    let mut child = Command::new("node")
        .args(["-e", SCRIPT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node is needed for the ECMA-262 oracle (Debian package nodejs)");
    let input = serde_json::to_vec(batch).unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().expect("node output");
    writer.join().unwrap().expect("write to node");
    assert!(out.status.success(), "node failed");
    serde_json::from_slice(&out.stdout).expect("node's verdicts")
}

#[test]
fn translated_patterns_agree_with_node() {
    let root = support::root();
    let mut patterns = BTreeSet::new();
    patterns_of_dir(&root.join("specs"), &mut patterns);
    patterns_of_dir(&root.join("tests/fixtures/specs"), &mut patterns);
    if let Some(shared) = support::shared_dir() {
        patterns_of_dir(&shared.join("corpus/openapi"), &mut patterns);
        patterns_of_dir(&shared.join("reference/aws"), &mut patterns);
        patterns_of_pages(&shared.join("corpus"), &mut patterns);
    }
    patterns.extend(LOOKAROUND.iter().map(|p| (*p).to_owned()));
    let mut rng = Rng(0x0dd5_eed5);
    let mut tried = Vec::new();
    let mut refused = 0;
    for p in &patterns {
        match docspec_codegen::ecma::translate_looks(p) {
            Ok(t) => {
                let mut texts = vec![t.main.as_str()];
                texts.extend(t.looks.iter().map(|(_, b)| b.as_str()));
                let cases = cases(&texts, &mut rng);
                tried.push((p.clone(), t, cases));
            }
            Err(_) => refused += 1,
        }
    }
    let batch: Value = tried
        .iter()
        .map(|(p, _, cases)| json!({"p": p, "cases": cases}))
        .collect();
    let verdicts = node_verdicts(&batch);
    assert_eq!(verdicts.len(), tried.len());
    let mut failures = Vec::new();
    let mut total = 0;
    let mut annex_b = 0;
    let (mut looks, mut look_cases) = (0, 0);
    for ((p, t, cases), v) in tried.iter().zip(&verdicts) {
        let (Some(unicode), Some(v)) = (v[0].as_bool(), v[1].as_str()) else {
            failures.push(format!(
                "{p:?}: node refuses it, the translator took it as {t:?}"
            ));
            continue;
        };
        annex_b += usize::from(!unicode);
        let matcher: Box<dyn Fn(&str) -> bool> = if t.looks.is_empty() {
            let pattern = Box::leak(Box::new(docspec_runtime::Pattern::new(
                Box::leak(p.clone().into_boxed_str()),
                Box::leak(t.main.clone().into_boxed_str()),
            )));
            Box::new(|s| pattern.is_match(s).expect("translation compiles"))
        } else {
            looks += 1;
            let bodies: Vec<_> = t.looks.iter().map(|(k, b)| (*k, b.as_str())).collect();
            let la = docspec_runtime::lookaround::Lookaround::new(&t.main, &bodies)
                .unwrap_or_else(|e| panic!("{p:?}: {e}"));
            Box::new(move |s| la.is_match(s))
        };
        for (s, want) in cases.iter().zip(v.chars()) {
            if !unicode && s.chars().any(|c| u32::from(c) > 0xFFFF) {
                continue;
            }
            total += 1;
            look_cases += usize::from(!t.looks.is_empty());
            let got = matcher(s);
            if got != (want == '1') {
                failures.push(format!(
                    "{p:?} on {s:?}: node says {}, docspec {got} (translated {t:?})",
                    want == '1'
                ));
            }
        }
    }
    eprintln!(
        "ecma oracle: {} of {total} cases agree with node over {} patterns ({looks} with lookaround, {look_cases} cases; {annex_b} valid only without the u flag; {refused} refused by the translator, not tried)",
        total - failures.len().min(total),
        tried.len()
    );
    assert!(
        failures.is_empty(),
        "{} disagreements with node; first ones:\n{}",
        failures.len(),
        failures[..failures.len().min(30)].join("\n")
    );
}

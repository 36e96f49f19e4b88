//! Importer of API reference pages: Yandex Cloud and AWS reference pages (markdown, whatever
//! the file extension) become OpenAPI 3.0.3 specs whose every keyword names the page line it
//! came from (`x-source`). Facts that no page states come from overlays in `specs/overlays/`.
//!
//! Stages: the format is recognised from the content, the page is read into [`model`] (tables,
//! entries and constraint sentences, see [`sentence`]), overlays are merged, the model is
//! written as YAML ([`emit`]) and the result must pass the generator's own spec checks. Nothing
//! is written when any page has an error.

pub mod aws;
pub mod emit;
pub mod model;
pub mod overlay;
pub mod sentence;
pub mod service;
pub mod text;
pub mod yandex;
pub mod yfm;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// A source position: `page:line`, or an overlay entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Src(pub String);

impl fmt::Display for Src {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The lines of one page, with its name for sources.
pub struct Lines {
    page: String,
    lines: Vec<String>,
}

impl Lines {
    /// Splits a page into lines.
    pub fn new(page: &str, text: &str) -> Lines {
        Lines {
            page: page.to_owned(),
            lines: text.lines().map(str::to_owned).collect(),
        }
    }

    /// Line `i` (0-based); empty past the end.
    pub fn get(&self, i: usize) -> &str {
        self.lines.get(i).map_or("", String::as_str)
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Whether the page is empty.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The source of line `i` (0-based), written 1-based.
    pub fn src(&self, i: usize) -> Src {
        Src(format!("{}:{}", self.page, i + 1))
    }
}

/// A warning: something the importer read but could not place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Where.
    pub src: Src,
    /// What.
    pub message: String,
    /// For an unplaced constraint sentence: the field path and the sentence.
    pub unplaced: Option<(String, String)>,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.src, self.message)
    }
}

/// Errors and warnings of one import.
#[derive(Debug, Default)]
pub struct Issues {
    /// Errors: `page:line: message`.
    pub errors: Vec<String>,
    /// Warnings.
    pub warnings: Vec<Warning>,
}

impl Issues {
    /// Records an error.
    pub fn error(&mut self, src: &Src, msg: impl Into<String>) {
        self.errors.push(format!("{src}: {}", msg.into()));
    }

    /// Records a warning.
    pub fn warn(&mut self, src: &Src, msg: impl Into<String>) {
        self.warnings.push(Warning {
            src: src.clone(),
            message: msg.into(),
            unplaced: None,
        });
    }

    /// Records a constraint sentence that matched no form.
    pub fn unplaced(&mut self, src: &Src, at: &str, sentence: &str) {
        self.warnings.push(Warning {
            src: src.clone(),
            message: format!(
                "`{at}`: constraint sentence not recognised, not encoded: \"{sentence}\""
            ),
            unplaced: Some((at.to_owned(), sentence.to_owned())),
        });
    }

    /// Withdraws the unplaced-sentence warnings at `at` that start with `prefix` (an overlay
    /// encodes them). Returns whether there was one.
    pub fn cover(&mut self, at: &str, prefix: &str) -> bool {
        let before = self.warnings.len();
        self.warnings.retain(|w| {
            !w.unplaced
                .as_ref()
                .is_some_and(|(a, s)| a == at && s.starts_with(prefix))
        });
        self.warnings.len() < before
    }
}

/// A page to import.
#[derive(Debug, Clone)]
pub struct Page {
    /// File name (sources and `x-source-document` use it).
    pub name: String,
    /// Content.
    pub text: String,
}

/// An overlay file.
#[derive(Debug, Clone)]
pub struct Overlay {
    /// Path shown in sources (`specs/overlays/x.yaml`).
    pub display: String,
    /// Spec name it produces (file stem).
    pub stem: String,
    /// Content.
    pub text: String,
}

/// One imported spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// Spec file name (`yandex_functions_create_version.yaml`).
    pub file: String,
    /// The page it came from.
    pub page: String,
    /// The YAML text.
    pub yaml: String,
}

/// The result of an import: specs, errors and warnings.
#[derive(Debug, Default)]
pub struct Report {
    /// Specs, in page order; not to be written when there are errors.
    pub specs: Vec<Imported>,
    /// Errors, `page:line: message`, in page order.
    pub errors: Vec<String>,
    /// Warnings, in page order.
    pub warnings: Vec<Warning>,
}

/// What a page is.
enum Parsed {
    /// An operation page.
    Op(Box<model::Op>),
    /// An AWS data-type page.
    Type(Box<aws::TypePage>),
    /// A list of other pages, or a page that failed.
    Nothing,
}

/// Whether the text is a page the importer reads (an operation, a data type or a list of
/// pages). Folders are read for these; their other files are skipped with a note.
pub fn is_reference_page(text: &str) -> bool {
    yfm::is_page(text)
        || yandex::is_page(text)
        || aws::is_page(text)
        || aws::is_type_page(text)
        || aws::is_list_page(text)
        || aws::is_query_protocol_page(text)
}

/// One output file being assembled.
#[derive(Default)]
struct Group {
    /// Indexes of the operation pages, in page order.
    ops: Vec<usize>,
    /// Indexes of the data-type pages.
    types: Vec<usize>,
    /// The overlay that maps a single page to this file.
    overlay: Option<usize>,
}

/// The file of a service: `aws_lambda.yaml`, `yandex_functions.yaml`.
fn service_file(provider: &str, service: &str) -> String {
    let words: Vec<String> = [provider, service]
        .iter()
        .filter(|w| !w.is_empty())
        .map(|w| {
            docspec_codegen::ident::snake(w)
                .trim_start_matches("r#")
                .to_owned()
        })
        .collect();
    format!("{}.yaml", words.join("_"))
}

/// The title of a service document: `AWS Lambda`, `Yandex Cloud Functions`.
fn service_title(provider: &str, service: &str) -> String {
    let provider = match provider {
        "aws" => "AWS",
        "yandex" => "Yandex Cloud",
        p => p,
    };
    let mut c = service.chars();
    let service: String = c
        .next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default();
    format!("{provider} {service}").trim().to_owned()
}

/// Imports pages with overlays: one spec per service (every operation page of it, with the
/// data types of its type pages as shared components), except that a page an overlay names is
/// imported alone into the overlay's file (the seed specs). Any error (all are reported)
/// means nothing may be written.
pub fn import(pages: &[Page], overlays: &[Overlay]) -> Report {
    let mut issues = Issues::default();
    let parsed_overlays = parse_overlays(pages, overlays, &mut issues);
    // Each page read with issues of its own: overlays withdraw warnings of their page only.
    let (mut parsed, mut mine): (Vec<Parsed>, Vec<Issues>) = pages.iter().map(read_page).unzip();
    let groups = assign_files(pages, &parsed, &parsed_overlays, &mut mine);
    let mut ops: Vec<Option<model::Op>> = parsed
        .iter_mut()
        .map(|p| match std::mem::replace(p, Parsed::Nothing) {
            Parsed::Op(op) => Some(*op),
            other => {
                *p = other;
                None
            }
        })
        .collect();
    let unused_types = resolve_types(pages, &parsed, &groups, &mut ops, &mut mine, &mut issues);
    // Overlays, then operation ids and paths unique in each file.
    for (file, g) in &groups {
        if let (Some(k), Some(&i)) = (g.overlay, g.ops.first()) {
            let (o, lines, f) = &parsed_overlays[k];
            if let Some(op) = &mut ops[i] {
                overlay::apply(op, f, &o.display, lines, &mut mine[i]);
            }
        }
        unique_ids(file, g, pages, &mut ops, &mut mine);
    }
    let mut report = Report::default();
    for (file, g) in &groups {
        let failed = g
            .ops
            .iter()
            .chain(&g.types)
            .any(|&i| !mine[i].errors.is_empty());
        if failed {
            continue;
        }
        let overlay = g.overlay.map(|k| parsed_overlays[k].0);
        let types = unused_types.get(file).map_or(&[][..], Vec::as_slice);
        let spec = write_file(file, g, pages, &ops, types, overlay);
        // The spec must pass the generator's checks, or it is not written.
        let checked = docspec_codegen::load::parse(file, spec.yaml.clone())
            .and_then(|s| docspec_codegen::lower::lower(&s, "imported").map(|_| ()));
        if let Err(diags) = checked {
            for d in diags {
                issues
                    .errors
                    .push(format!("{file} (imported from {}): {d}", spec.page));
            }
        }
        report.specs.push(spec);
    }
    let mut all = Issues::default();
    for m in mine {
        all.errors.extend(m.errors);
        all.warnings.extend(m.warnings);
    }
    all.errors.extend(issues.errors);
    all.warnings.extend(issues.warnings);
    report.errors = all.errors;
    report.warnings = all.warnings;
    report
}

/// An overlay with the lines of its entries and its parsed content.
type ParsedOverlay<'a> = (&'a Overlay, Vec<usize>, overlay::File);

/// The overlays that parse (the others are errors), each naming a page that is warned about
/// when it is not among the pages.
fn parse_overlays<'a>(
    pages: &[Page],
    overlays: &'a [Overlay],
    issues: &mut Issues,
) -> Vec<ParsedOverlay<'a>> {
    let mut parsed = Vec::new();
    for o in overlays {
        match serde_yaml::from_str::<overlay::File>(&o.text) {
            Ok(f) => parsed.push((o, overlay::entry_lines(&o.text), f)),
            Err(e) => {
                let line = e.location().map_or(0, |l| l.line());
                issues.errors.push(format!("{}:{line}: {e}", o.display));
            }
        }
    }
    for (o, _, f) in &parsed {
        if !pages.iter().any(|p| p.name == f.page) {
            issues.warn(
                &Src(o.display.clone()),
                format!(
                    "overlay for page `{}`, which is not among the pages",
                    f.page
                ),
            );
        }
    }
    parsed
}

/// One page read by the reader of its format, with its own issues; a page with errors is
/// `Nothing`.
fn read_page(page: &Page) -> (Parsed, Issues) {
    let lines = Lines::new(&page.name, &page.text);
    let mut is = Issues::default();
    let op = |o: Option<model::Op>| o.map_or(Parsed::Nothing, |o| Parsed::Op(Box::new(o)));
    let p = if yfm::is_page(&page.text) {
        op(yfm::parse(&lines, &mut is))
    } else if yandex::is_page(&page.text) {
        op(yandex::parse(&lines, &mut is))
    } else if aws::is_page(&page.text) {
        op(aws::parse(&lines, &mut is))
    } else if aws::is_type_page(&page.text) {
        aws::parse_type(&lines, &mut is).map_or(Parsed::Nothing, |t| Parsed::Type(Box::new(t)))
    } else if aws::is_query_protocol_page(&page.text) {
        is.error(
            &lines.src(0),
            "an AWS query-protocol page (request parameters sent as form fields named by `Action`, an XML response, no Request Syntax): this protocol is not imported",
        );
        Parsed::Nothing
    } else if aws::is_list_page(&page.text) {
        is.warn(
            &lines.src(0),
            "a list of other pages: nothing in it to import",
        );
        Parsed::Nothing
    } else {
        is.error(
            &lines.src(0),
            "not a Yandex Cloud or AWS API reference page (no `## HTTP request {#https-request}` section, no `## Request Syntax` or `## Contents` section)",
        );
        Parsed::Nothing
    };
    if is.errors.is_empty() {
        (p, is)
    } else {
        (Parsed::Nothing, is)
    }
}

/// The file of every page: a page an overlay names goes alone into the overlay's file, the
/// others into their service's; a second page for an overlay's file is an error.
fn assign_files(
    pages: &[Page],
    parsed: &[Parsed],
    overlays: &[ParsedOverlay<'_>],
    mine: &mut [Issues],
) -> BTreeMap<String, Group> {
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    for (i, p) in parsed.iter().enumerate() {
        let ov = overlays
            .iter()
            .position(|(_, _, f)| f.page == pages[i].name);
        let file = match (p, ov) {
            (Parsed::Op(_), Some(k)) => format!("{}.yaml", overlays[k].0.stem),
            (Parsed::Op(op), None) => service_file(op.provider, &op.service),
            (Parsed::Type(t), _) => service_file("aws", &t.service),
            (Parsed::Nothing, _) => continue,
        };
        let g = groups.entry(file.clone()).or_default();
        if let Parsed::Type(_) = p {
            g.types.push(i);
            continue;
        }
        if let Some(&first) = g.ops.first() {
            if ov.is_some() || g.overlay.is_some() {
                let msg = if ov.is_some() {
                    format!(
                        "{file} is the file of {} already; an overlay's file takes one page",
                        pages[first].name
                    )
                } else {
                    format!(
                        "imports into {file}, the overlay file of {}",
                        pages[first].name
                    )
                };
                mine[i].error(&Src(format!("{}:1", pages[i].name)), msg);
                continue;
            }
        }
        if ov.is_some() {
            g.overlay = ov;
        }
        g.ops.push(i);
    }
    groups
}

/// Type pages of a service apply to the operations of its service file, and to pages an
/// overlay takes out of it. Returns, by file, the types no operation names.
fn resolve_types(
    pages: &[Page],
    parsed: &[Parsed],
    groups: &BTreeMap<String, Group>,
    ops: &mut [Option<model::Op>],
    mine: &mut [Issues],
    issues: &mut Issues,
) -> BTreeMap<String, Vec<model::Node>> {
    let mut unused = BTreeMap::new();
    for (file, g) in groups {
        if g.overlay.is_some() || g.types.is_empty() {
            continue;
        }
        let tps: Vec<(&aws::TypePage, &str)> = g
            .types
            .iter()
            .filter_map(|&i| match &parsed[i] {
                Parsed::Type(t) => Some((&**t, pages[i].name.as_str())),
                _ => None,
            })
            .collect();
        let mut types = service::Types::new(&tps, issues);
        let service = tps
            .first()
            .map(|(t, _)| t.service.clone())
            .unwrap_or_default();
        for (i, op) in ops.iter_mut().enumerate() {
            let Some(op) = op else { continue };
            if op.provider == "aws" && op.service == service {
                types.resolve_op(op, &mut mine[i]);
            }
        }
        unused.insert(file.clone(), types.unused(issues));
    }
    unused
}

/// The spec of one file: the overlay's single-page document, or the service's.
fn write_file(
    file: &str,
    g: &Group,
    pages: &[Page],
    ops: &[Option<model::Op>],
    types: &[model::Node],
    overlay: Option<&Overlay>,
) -> Imported {
    let members: Vec<(&model::Op, &str)> = g
        .ops
        .iter()
        .filter_map(|&i| Some((ops[i].as_ref()?, pages[i].name.as_str())))
        .collect();
    let mut names: Vec<String> = g
        .ops
        .iter()
        .chain(&g.types)
        .map(|&i| pages[i].name.clone())
        .collect();
    names.sort();
    let yaml_of =
        |doc: &serde_yaml::Value| yaml_1_1_safe(&serde_yaml::to_string(doc).unwrap_or_default());
    let (yaml, shown) = match (overlay, members.as_slice()) {
        (Some(o), [(op, page)]) => {
            let head = format!(
                "# Imported from {page} by `cargo xtask import` with {}; do not edit: change the page or the overlay.\n",
                o.display
            );
            (head + &yaml_of(&emit::document(op, page)), page.to_string())
        }
        _ => {
            let (provider, service, version) = match members.first() {
                Some((op, _)) => (op.provider, op.service.clone(), op.version.clone()),
                None => ("aws", String::new(), String::new()),
            };
            let doc = emit::service_document(&emit::Doc {
                title: service_title(provider, &service),
                version,
                ops: members.clone(),
                types: types.iter().collect(),
                pages: names.clone(),
            });
            let (head, shown) = match names.as_slice() {
                [one] => (
                    format!(
                        "# Imported from {one} by `cargo xtask import`; do not edit: change the page.\n"
                    ),
                    one.clone(),
                ),
                all => (
                    format!(
                        "# Imported from {} pages (info.x-source-document) by `cargo xtask import`; do not edit: change the pages.\n",
                        all.len()
                    ),
                    format!("{} pages", all.len()),
                ),
            };
            (head + &yaml_of(&doc), shown)
        }
    };
    Imported {
        file: file.to_owned(),
        page: shown,
        yaml,
    }
}

/// Operation ids and `METHOD path`s unique in one file: ids that two resources share are
/// qualified by the resource (`functionCreate`, `triggerCreate`); any other clash is an error
/// naming both pages.
fn unique_ids(
    file: &str,
    g: &Group,
    pages: &[Page],
    ops: &mut [Option<model::Op>],
    mine: &mut [Issues],
) {
    let mut by_id: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for &i in &g.ops {
        if let Some(op) = &ops[i] {
            by_id.entry(op.op_id.clone()).or_default().push(i);
        }
    }
    for (id, is) in by_id {
        if is.len() < 2 {
            continue;
        }
        let resources: BTreeSet<Option<String>> = is
            .iter()
            .map(|&i| ops[i].as_ref().and_then(|o| o.resource.clone()))
            .collect();
        if resources.len() == is.len() && !resources.contains(&None) {
            for &i in &is {
                if let Some(op) = &mut ops[i] {
                    let r = op.resource.clone().unwrap_or_default();
                    let mut c = r.chars();
                    let lower: String = c
                        .next()
                        .map(|f| f.to_lowercase().chain(c).collect())
                        .unwrap_or_default();
                    op.op_id = format!("{lower}{}", docspec_codegen::ident::pascal(&id));
                }
            }
            continue;
        }
        for &i in &is[1..] {
            mine[i].error(
                &Src(format!("{}:1", pages[i].name)),
                format!(
                    "operation `{id}` of {file} is also on {}",
                    pages[is[0]].name
                ),
            );
        }
    }
    let mut by_route: BTreeMap<(String, String), usize> = BTreeMap::new();
    for &i in &g.ops {
        let Some(op) = &ops[i] else { continue };
        let key = (op.method.clone(), op.path.clone());
        match by_route.get(&key) {
            Some(&first) => mine[i].error(
                &Src(format!("{}:1", pages[i].name)),
                format!(
                    "`{} {}` of {file} is also the operation of {}",
                    op.method.to_ascii_uppercase(),
                    op.path,
                    pages[first].name
                ),
            ),
            None => {
                by_route.insert(key, i);
            }
        }
    }
}

/// Pages from files and folders (a folder's files in name order). A folder's files that are
/// not reference pages (a `LICENSE.txt` beside them) are skipped, each named in the notes; a
/// file given by name is always a page.
fn read_pages(args: &[PathBuf]) -> Result<(Vec<Page>, Vec<String>), String> {
    let mut files = Vec::new();
    for a in args {
        if a.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(a)
                .map_err(|e| format!("{}: {e}", a.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect();
            entries.sort();
            files.extend(entries.into_iter().map(|p| (p, true)));
        } else {
            files.push((a.clone(), false));
        }
    }
    let mut pages = Vec::new();
    let mut skipped = Vec::new();
    for (p, in_folder) in files {
        let text = match std::fs::read_to_string(&p) {
            Ok(t) => t,
            Err(_) if in_folder => {
                skipped.push(format!("{}: not text, skipped", p.display()));
                continue;
            }
            Err(e) => return Err(format!("{}: {e}", p.display())),
        };
        if in_folder && !is_reference_page(&text) {
            skipped.push(format!("{}: not a reference page, skipped", p.display()));
            continue;
        }
        let name = p
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        if pages.iter().any(|q: &Page| q.name == name) {
            return Err(format!(
                "{}: two pages named `{name}` (sources name pages by file name)",
                p.display()
            ));
        }
        pages.push(Page { name, text });
    }
    Ok((pages, skipped))
}

/// Overlays in `<out>/overlays/*.yaml`. They are named `overlays/<file>` in sources, relative
/// to the spec folder, so the output does not depend on how `--out` is spelled.
pub fn read_overlays(out: &Path) -> Result<Vec<Overlay>, String> {
    let dir = out.join("overlays");
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    entries.sort();
    entries
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
            let file = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            let stem = p.file_stem().and_then(|n| n.to_str()).unwrap_or_default();
            Ok(Overlay {
                display: format!("overlays/{file}"),
                stem: stem.to_owned(),
                text,
            })
        })
        .collect()
}

/// The first line where two texts differ, for `--check` messages.
fn first_difference(a: &str, b: &str) -> String {
    let (mut la, mut lb) = (a.lines(), b.lines());
    for n in 1.. {
        match (la.next(), lb.next()) {
            (Some(x), Some(y)) if x == y => continue,
            (None, None) => break,
            (x, y) => {
                return format!(
                    "line {n}: checked in `{}`, imported `{}`",
                    x.unwrap_or("<end>"),
                    y.unwrap_or("<end>")
                );
            }
        }
    }
    String::new()
}

/// One import: what `cargo xtask import` runs once it has read its arguments.
#[derive(Debug, Clone)]
pub struct Options {
    /// Pages, and folders whose pages are read (other files in them are skipped with a note).
    pub inputs: Vec<PathBuf>,
    /// The folder specs are written to; its `overlays/` are read.
    pub out: PathBuf,
    /// Write nothing; report the specs that differ from what the pages import to.
    pub check: bool,
}

/// What an import printed and its exit code.
#[derive(Debug)]
pub struct Outcome {
    /// Standard output.
    pub stdout: String,
    /// Standard error: notes, warnings and errors.
    pub stderr: String,
    /// 0 done (or up to date with `check`), 1 `check` found a difference, 2 a page, overlay
    /// or file error (nothing written).
    pub code: u8,
}

/// Reads the pages and overlays, imports, and writes the specs (each through a temporary
/// file, all or none) or, with `check`, compares them.
pub fn run(options: &Options) -> Outcome {
    let fail = |msg: String| Outcome {
        stdout: String::new(),
        stderr: msg,
        code: 2,
    };
    let Options { inputs, out, check } = options;
    let check = *check;
    if inputs.is_empty() {
        return fail("error: no pages given\n".into());
    }
    let display = out.display().to_string();
    let display = display.trim_end_matches('/');
    let (pages, skipped) = match read_pages(inputs) {
        Ok(p) => p,
        Err(e) => return fail(format!("error: {e}\n")),
    };
    let overlays = match read_overlays(out) {
        Ok(o) => o,
        Err(e) => return fail(format!("error: {e}\n")),
    };
    let report = import(&pages, &overlays);
    let mut stderr: String = skipped.iter().map(|s| format!("note: {s}\n")).collect();
    stderr.extend(report.warnings.iter().map(|w| format!("warning: {w}\n")));
    if !report.errors.is_empty() {
        for e in &report.errors {
            stderr.push_str(&format!("error: {e}\n"));
        }
        stderr.push_str(&format!(
            "{} error(s); nothing written\n",
            report.errors.len()
        ));
        return fail(stderr);
    }
    let mut stdout = String::new();
    if check {
        let mut stale = 0;
        for s in &report.specs {
            let path = out.join(&s.file);
            let old = std::fs::read_to_string(&path).unwrap_or_default();
            if old != s.yaml {
                stale += 1;
                stderr.push_str(&format!(
                    "{display}/{} differs from the import of {}: {}\n",
                    s.file,
                    s.page,
                    first_difference(&old, &s.yaml)
                ));
            }
        }
        if stale > 0 {
            stderr.push_str("run `cargo xtask import` to update\n");
            return Outcome {
                stdout,
                stderr,
                code: 1,
            };
        }
        stdout.push_str(&format!(
            "{} spec(s) up to date with their pages\n",
            report.specs.len()
        ));
        return Outcome {
            stdout,
            stderr,
            code: 0,
        };
    }
    let files: Vec<(String, String)> = report
        .specs
        .iter()
        .map(|s| (s.file.clone(), s.yaml.clone()))
        .collect();
    match docspec_codegen::generate::write_all(out, &files) {
        Ok(changed) => {
            for f in &changed {
                stdout.push_str(&format!("updated {display}/{f}\n"));
            }
            if changed.is_empty() {
                stdout.push_str(&format!("{} spec(s) up to date\n", files.len()));
            }
            Outcome {
                stdout,
                stderr,
                code: 0,
            }
        }
        Err(e) => fail(format!("error: {e}\n")),
    }
}

/// Quotes the plain scalar `=` that serde_yaml writes unquoted (YAML 1.2 reads it as a string).
/// YAML 1.1 readers, PyYAML among them (and so schemathesis), read a plain `=` as the `!!value`
/// type and refuse the document; quoted, every reader sees the string. Text inside block
/// scalars (descriptions) is left as it is.
fn yaml_1_1_safe(yaml: &str) -> String {
    let mut out = String::with_capacity(yaml.len());
    // The indentation of the line that opened a block scalar we are inside of.
    let mut block: Option<usize> = None;
    for line in yaml.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        let indent = body.len() - body.trim_start().len();
        if let Some(open) = block {
            if body.trim().is_empty() || indent > open {
                out.push_str(line);
                continue;
            }
            block = None;
        }
        let trimmed = body.trim_start();
        if trimmed == "- =" || body.ends_with(": =") {
            out.push_str(&body[..body.len() - 1]);
            out.push_str("'='");
            out.push_str(&line[body.len()..]);
            continue;
        }
        if ["|", "|-", "|+", ">", ">-", ">+"]
            .iter()
            .any(|m| body.ends_with(&format!(" {m}")))
        {
            block = Some(indent);
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::yaml_1_1_safe;

    #[test]
    fn plain_equals_is_quoted_outside_block_scalars() {
        let yaml = "operators:\n- =\n- '!='\nop: =\ndescription: |-\n  - =\n  a: =\nnext: =\n";
        assert_eq!(
            yaml_1_1_safe(yaml),
            "operators:\n- '='\n- '!='\nop: '='\ndescription: |-\n  - =\n  a: =\nnext: '='\n"
        );
        // serde_yaml still reads the quoted form as the same string.
        let v: serde_yaml::Value = serde_yaml::from_str(&yaml_1_1_safe(yaml)).unwrap();
        assert_eq!(v["operators"][0], serde_yaml::Value::from("="));
    }
}

//! Spec checks and lowering: every schema keyword is read here, and is either turned into IR
//! or rejected with the spec file and JSON pointer. Nothing is dropped silently.

use crate::ecma;
use crate::error::{Diagnostic, escape};
use crate::ident::{concat, pascal, snake, unique};
use crate::ir::*;
use crate::load::Spec;
use openapiv3::{ReferenceOr, StatusCode};
use schema::{Schema, Sub, View};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

pub use keyword::{Keyword, KeywordKind, SchemaType, is_annotation};

/// String formats that constrain nothing: `password` is a UI hint (mask the value), `binary`
/// in a JSON string is any text (raw octets are a body's, not a string's).
const HINT_FORMATS: &[&str] = &["password", "binary"];

/// The `format` values the generator knows, by `type`: enforced ([`Format`]), a choice of
/// Rust type (`int32`, `int64`, `float`, `double`) or a hint (`password`, `binary`). Any other
/// format falls back to its type, as OpenAPI says, and is listed in `gen`'s output.
pub fn formats() -> Vec<(SchemaType, Vec<&'static str>)> {
    let strings = Format::ALL
        .iter()
        .map(|f| f.name())
        .chain(HINT_FORMATS.iter().copied());
    vec![
        (SchemaType::String, strings.collect()),
        (SchemaType::Integer, vec!["int32", "int64"]),
        (SchemaType::Number, vec!["float", "double"]),
    ]
}

/// Schema nesting that lowering follows; real documents stay far below it.
const MAX_DEPTH: usize = 64;

/// Whether the keywords `kw` admit null: `nullable: true`, or `null` listed in `enum`.
fn admits_null(kw: &Map<String, Value>) -> bool {
    kw.get("nullable") == Some(&Value::Bool(true))
        || kw
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|e| e.contains(&Value::Null))
}

/// `shape`, or null (shapes that admit null already stay as they are).
fn or_null(shape: Shape) -> Shape {
    match shape {
        Shape::Any | Shape::Untyped(_) | Shape::Nullable(_) => shape,
        s => Shape::Nullable(Box::new(s)),
    }
}

/// Lowers one parsed spec into a module named `name`.
pub fn lower(spec: &Spec, name: &str) -> Result<Module, Vec<Diagnostic>> {
    let mut l = Lowerer {
        spec,
        diags: Vec::new(),
        types: BTreeMap::new(),
        taken: BTreeSet::new(),
        claimed: BTreeSet::new(),
        depth: 0,
        named: BTreeMap::new(),
        merged: BTreeMap::new(),
        uses: BTreeMap::new(),
        aliases: BTreeMap::new(),
        in_progress: BTreeSet::new(),
        patterns: Vec::new(),
        pattern_ids: BTreeMap::new(),
        filters: Vec::new(),
        pending_rules: Vec::new(),
        unknown_formats: BTreeMap::new(),
        raw_media: BTreeMap::new(),
        notes: Vec::new(),
        vacuous: BTreeMap::new(),
        response_headers: None,
    };
    l.components();
    let operations = l.operations();
    l.resolve_rules();
    l.box_cycles();
    l.same_variants();
    for op in &operations {
        if let Some(b) = &op.response {
            l.mark_tolerant(&b.shape, &mut BTreeSet::new());
        }
    }
    if !l.diags.is_empty() {
        // A schema merged through allOf at several sites reports its problems once.
        let mut seen = BTreeSet::new();
        l.diags
            .retain(|d| seen.insert((d.pointer.clone(), d.message.clone())));
        return Err(l.diags);
    }
    let info = &spec.doc.info;
    let doc = match (&info.description, info.title.is_empty()) {
        (Some(d), false) => Some(format!("{}\n\n{d}", info.title)),
        (None, false) => Some(info.title.clone()),
        (d, true) => d.clone(),
    };
    let notes = l
        .unknown_formats
        .iter()
        .map(|(tf, (ptr, n))| {
            let (ty, f) = tf.split_once('/').unwrap_or(("string", tf));
            let uses = if *n == 1 { "1 use".to_owned() } else { format!("{n} uses") };
            spec.diag(
                ptr,
                format!("format `{f}` is not enforced ({ty}s of it are checked as {ty}s; {uses}, this is the first)"),
            )
        })
        .chain(l.vacuous.iter().map(|(kt, (ptr, n))| {
            let (k, ty) = kt.split_once('/').unwrap_or((kt, ""));
            let uses = if *n == 1 { "1 use".to_owned() } else { format!("{n} uses") };
            spec.diag(
                ptr,
                format!("keyword `{k}` constrains nothing beside `type: {ty}` (JSON Schema: it applies only to values of other types); {uses}, this is the first"),
            )
        }))
        .chain({
            // A schema lowered at several sites notes once.
            let mut seen = BTreeSet::new();
            l.notes
                .iter()
                .filter(move |n| seen.insert(*n))
                .map(|(ptr, m)| spec.diag(ptr, m.clone()))
        })
        .chain(l.raw_media.iter().map(|(media, (ptr, req, resp))| {
            let count = |n: usize, what: &str| match n {
                0 => None,
                1 => Some(format!("1 {what}")),
                n => Some(format!("{n} {what}s")),
            };
            let uses: Vec<String> = [count(*req, "request"), count(*resp, "response")]
                .into_iter()
                .flatten()
                .collect();
            spec.diag(
                ptr,
                format!(
                    "`{media}` bodies are kept raw: their schema is not checked, only a string schema's lengths ({}; this is the first)",
                    uses.join(", ")
                ),
            )
        }))
        .chain(l.response_headers.iter().map(|(ptr, n)| {
            let uses = if *n == 1 { "1 response".to_owned() } else { format!("{n} responses") };
            spec.diag(
                ptr,
                format!("response headers are documentation: `validate_response` checks the body ({uses}; this is the first)"),
            )
        }))
        .collect();
    Ok(Module {
        spec: spec.file.clone(),
        notes,
        name: name.to_owned(),
        doc,
        types: l.types,
        operations,
        patterns: l.patterns,
        filters: l.filters,
    })
}

struct Lowerer<'a> {
    spec: &'a Spec,
    diags: Vec<Diagnostic>,
    types: BTreeMap<String, TypeDef>,
    taken: BTreeSet<String>,
    /// Component pointers whose pre-assigned name a type has taken: a schema lowered into
    /// several named types (a union whose variants merge the object keywords beside it) gives
    /// the name to the first, the outermost, and fresh names to the rest.
    claimed: BTreeSet<String>,
    /// How deep [`Lowerer::shape`] is nested.
    depth: usize,
    /// Component schemas that become named types: component name -> Rust name.
    named: BTreeMap<String, String>,
    /// The merged keywords of each named component and the problems merging found, read once
    /// before lowering (which takes them), and whether its uses are untyped or admit null.
    merged: BTreeMap<String, (Schema, Vec<(String, String)>)>,
    uses: BTreeMap<String, (bool, bool)>,
    /// Component schemas inlined at use sites: component name -> shape (cached).
    aliases: BTreeMap<String, Option<Shape>>,
    in_progress: BTreeSet<String>,
    patterns: Vec<PatternIr>,
    pattern_ids: BTreeMap<String, usize>,
    filters: Vec<Filter>,
    pending_rules: Vec<(String, String, Value)>,
    /// Formats not enforced, by `type/format`: the first use's pointer and the count.
    unknown_formats: BTreeMap<String, (String, usize)>,
    /// Other notes for `gen`'s output, with their pointers.
    notes: Vec<(String, String)>,
    /// Keywords that apply to no value of the schema's `type`, by `keyword/type`: the first
    /// use's pointer and the count.
    vacuous: BTreeMap<String, (String, usize)>,
    /// Media types of bodies kept raw, lower-case: the first use's pointer and the counts of
    /// request and response bodies.
    raw_media: BTreeMap<String, (String, usize, usize)>,
    /// Success responses that document headers: the first one's pointer and the count.
    response_headers: Option<(String, usize)>,
}

/// The one JSON type that every constraint keyword of a schema without `type` applies to, if
/// there is one (`extra_patterns`: allOf members add patterns, which apply to strings).
/// Numeric keywords (`minimum`, `maximum`, `multipleOf`) take `number`, the type they apply
/// to in JSON Schema (integers are numbers).
fn untyped_kind(constraints: &[&String], extra_patterns: bool) -> Option<SchemaType> {
    use SchemaType::*;
    [Object, Array, String, Number].into_iter().find(|&t| {
        constraints
            .iter()
            .all(|k| Keyword::from_name(k).is_some_and(|k| k.applies_to(t)))
            && (!extra_patterns || t == String)
    })
}

/// Whether a component schema lowered as a named object is untyped (its uses then accept
/// values of other types as they are).
fn untyped_object(obj: &Map<String, Value>) -> bool {
    !obj.contains_key("type")
        && !obj.contains_key("enum")
        && !is_union(obj)
        && !obj.contains_key("not")
}

/// Whether a schema holds `oneOf` or `anyOf`.
fn is_union(obj: &Map<String, Value>) -> bool {
    obj.contains_key("oneOf") || obj.contains_key("anyOf")
}

fn is_named(obj: &Map<String, Value>) -> bool {
    is_union(obj)
        || obj.contains_key("not")
        || obj.contains_key("properties")
        || obj.contains_key("x-oneof")
        || obj.contains_key("x-rules")
        || obj.contains_key("enum")
        || obj.get("additionalProperties") == Some(&Value::Bool(false))
}

fn doc_of(obj: &Map<String, Value>) -> Option<String> {
    let title = obj.get("title").and_then(Value::as_str);
    let desc = obj.get("description").and_then(Value::as_str);
    match (title, desc) {
        (Some(t), Some(d)) => Some(format!("{t}\n\n{d}")),
        (t, d) => t.or(d).map(str::to_owned),
    }
    .map(|s| s.trim().to_owned())
    .filter(|s| !s.is_empty())
}

impl<'a> Lowerer<'a> {
    fn err(&mut self, pointer: &str, message: impl Into<String>) {
        let d = self.spec.diag(pointer, message);
        self.diags.push(d);
    }

    fn components(&mut self) {
        let Some(schemas) = self
            .spec
            .at("/components/schemas")
            .and_then(Value::as_object)
        else {
            return;
        };
        // Names first, so references work in any order and through cycles. A component is
        // a named type when its keywords, merged through allOf, are an object's or an enum's.
        for (name, raw) in schemas {
            let ptr = format!("/components/schemas/{}", escape(name));
            let mut errs = Vec::new();
            let merged = match schema::view(self.spec, raw, &ptr, &mut errs) {
                None => Schema::of(raw.as_object().unwrap_or(&Map::new()), &ptr),
                Some(View::Merged(s)) => s,
                Some(View::Ref { .. }) => continue,
            };
            if is_named(&merged) {
                let rust = unique(pascal(name), &mut self.taken);
                self.named.insert(name.clone(), rust);
                let uses = (untyped_object(&merged), admits_null(&merged));
                self.uses.insert(name.clone(), uses);
                self.merged.insert(name.clone(), (merged, errs));
            }
        }
        for (name, raw) in schemas {
            let ptr = format!("/components/schemas/{}", escape(name));
            if let Some(rust) = self.named.get(name).cloned() {
                self.named_type(name, rust);
            } else {
                let rust = unique(pascal(name), &mut self.taken);
                if let Some(shape) = self.component_alias(name) {
                    let doc = raw.as_object().and_then(doc_of);
                    self.types.insert(
                        rust.clone(),
                        TypeDef {
                            name: rust,
                            pointer: ptr,
                            doc,
                            kind: TypeKind::Alias(shape),
                        },
                    );
                }
            }
        }
    }

    /// The use-site shape of a component lowered as a named type.
    fn named_shape(&self, component: &str) -> Option<Shape> {
        let named = Shape::Named(self.named.get(component)?.clone());
        Some(match self.uses.get(component) {
            Some((true, _)) => Shape::Untyped(Box::new(named)),
            Some((_, true)) => or_null(named),
            _ => named,
        })
    }

    fn component_alias(&mut self, name: &str) -> Option<Shape> {
        if let Some(s) = self.aliases.get(name) {
            return s.clone();
        }
        let ptr = format!("/components/schemas/{}", escape(name));
        if !self.in_progress.insert(name.to_owned()) {
            self.err(
                &ptr,
                "cyclic reference through schemas that are not objects",
            );
            return None;
        }
        let raw = self.spec.at(&ptr).cloned().unwrap_or(Value::Null);
        let shape = self.shape(&raw, &ptr, &pascal(name));
        self.in_progress.remove(name);
        self.aliases.insert(name.to_owned(), shape.clone());
        shape
    }

    /// The shape of a use of component `name` (its `$ref` at `ptr`).
    fn component_use(&mut self, name: &str) -> Option<Shape> {
        match self.named_shape(name) {
            Some(shape) => Some(shape),
            None => self.component_alias(name),
        }
    }

    /// Lowers the subschemas `subs` of one keyword (several parts of a merged schema give one
    /// each: they all hold, as an allOf of them).
    fn sub_shape(&mut self, subs: &[Sub], hint: &str) -> Option<Shape> {
        match subs {
            [] => Some(Shape::Any),
            [(raw, ptr)] => self.shape(raw, ptr, hint),
            many => {
                let mut errs = Vec::new();
                let view = schema::view_of(self.spec, many, false, &mut errs);
                if self.report(errs) {
                    return None;
                }
                self.view_shape(view, hint)
            }
        }
    }

    fn report(&mut self, errs: Vec<(String, String)>) -> bool {
        let any = !errs.is_empty();
        for (p, m) in errs {
            self.err(&p, m);
        }
        any
    }

    /// Lowers the schema `raw` found at `ptr`; inline objects and enums are named `hint`.
    fn shape(&mut self, raw: &Value, ptr: &str, hint: &str) -> Option<Shape> {
        // Components recurse through names; a schema lowered in place (a `$ref` into another
        // schema's members) could nest itself without end.
        if self.depth >= MAX_DEPTH {
            self.err(
                ptr,
                format!("schemas nest more than {MAX_DEPTH} levels deep here (a `$ref` into a schema's own members?)"),
            );
            return None;
        }
        self.depth += 1;
        let out = self.shape_at(raw, ptr, hint);
        self.depth -= 1;
        out
    }

    fn shape_at(&mut self, raw: &Value, ptr: &str, hint: &str) -> Option<Shape> {
        let Some(obj) = raw.as_object() else {
            self.err(ptr, "a schema must be a mapping");
            return None;
        };
        let mut errs = Vec::new();
        let view = schema::view(self.spec, raw, ptr, &mut errs);
        if self.report(errs) {
            return None;
        }
        match view {
            None => self.plain(&Schema::of(obj, ptr), hint),
            Some(v) => self.view_shape(v, hint),
        }
    }

    fn view_shape(&mut self, view: View, hint: &str) -> Option<Shape> {
        match view {
            View::Ref { name, nullable } => {
                let shape = self.component_use(&name)?;
                Some(if nullable { or_null(shape) } else { shape })
            }
            View::Merged(s) => self.plain(&s, hint),
        }
    }

    fn plain(&mut self, s: &Schema, hint: &str) -> Option<Shape> {
        // Booleans wherever they are written; their meaning is read where a property is lowered.
        self.flag(s, "readOnly").ok()?;
        self.flag(s, "writeOnly").ok()?;
        if self.flag(s, "nullable").ok()? || admits_null(s) {
            return self.plain_non_null(s, hint).map(or_null);
        }
        self.plain_non_null(s, hint)
    }

    fn plain_non_null(&mut self, s: &Schema, hint: &str) -> Option<Shape> {
        if s.contains_key("not") {
            return self.negation(s, hint);
        }
        if is_union(s) {
            return self.union(s, hint);
        }
        let ty = match s.get("type") {
            Some(t) => match t.as_str().and_then(SchemaType::from_name) {
                Some(t) => t,
                None => {
                    let names: Vec<&str> = SchemaType::ALL.iter().map(|t| t.name()).collect();
                    self.err(
                        &s.kp("type"),
                        format!("unsupported type {t} (one of {names:?})"),
                    );
                    return None;
                }
            },
            // `enum` constrains values of every type: these are all strings.
            None if s
                .get("enum")
                .and_then(Value::as_array)
                .is_some_and(|e| e.iter().all(|v| v.is_string() || v.is_null())) =>
            {
                SchemaType::String
            }
            None => {
                // Unknown keywords count as constraints: the error below names them.
                let constraints: Vec<&String> = s
                    .keys()
                    .filter(|k| {
                        !is_annotation(k)
                            && !Keyword::from_name(k).is_some_and(|k| {
                                k == Keyword::Type || k.kind() == KeywordKind::Modifier
                            })
                    })
                    .collect();
                if constraints.is_empty() && s.more_patterns.is_empty() {
                    return Some(Shape::Any);
                }
                match untyped_kind(&constraints, !s.more_patterns.is_empty()) {
                    Some(t) => {
                        let inner = self.plain_typed(s, t, hint)?;
                        return Some(match inner {
                            // Constraints that constrain nothing (`additionalProperties: true`).
                            Shape::FreeObject => Shape::Any,
                            s => Shape::Untyped(Box::new(s)),
                        });
                    }
                    None => {
                        self.err(
                            &s.ptr,
                            format!("a schema with constraints {constraints:?} must give its `type`: without one, they apply to no single JSON type"),
                        );
                        return None;
                    }
                }
            }
        };
        self.plain_typed(s, ty, hint)
    }

    /// Reports the keywords of `s` that do not apply to `type: ty`; true when there were any.
    fn foreign_keywords(&mut self, s: &Schema, ty: SchemaType) -> bool {
        let mut bad = false;
        for k in s.keys() {
            let Some(kw) = Keyword::from_name(k) else {
                if !is_annotation(k) {
                    self.err(&s.kp(k), format!("unsupported keyword `{k}`"));
                    bad = true;
                }
                continue;
            };
            if kw == Keyword::Type || kw.applies_to(ty) {
                continue;
            }
            match (kw, kw.kind()) {
                (_, KeywordKind::Annotation | KeywordKind::Modifier) => {}
                (Keyword::Enum, _) => {
                    // `enum` constrains values of every type: never vacuous.
                    self.err(
                        &s.kp(k),
                        format!(
                            "`enum` on `type: {ty}` is not supported (it is on strings and integers)"
                        ),
                    );
                    bad = true;
                }
                (_, KeywordKind::Constraint | KeywordKind::Extension) => {
                    // JSON Schema: a keyword constrains only values of its own type, and
                    // `type` admits none of those, so it holds for every value. Noted, not an
                    // error.
                    let e = self
                        .vacuous
                        .entry(format!("{k}/{ty}"))
                        .or_insert_with(|| (s.kp(k), 0));
                    e.1 += 1;
                }
                (_, KeywordKind::Structure) => {
                    self.err(&s.kp(k), format!("unsupported keyword `{k}`"));
                    bad = true;
                }
            }
        }
        bad
    }

    /// [`Self::plain`] once the type is known. Keywords that do not apply are reported, and
    /// the rest is still lowered, so that one run reports every problem under the schema too.
    fn plain_typed(&mut self, s: &Schema, ty: SchemaType, hint: &str) -> Option<Shape> {
        let mut bad = self.foreign_keywords(s, ty);
        if let Some((_, p)) = s.more_patterns.first().filter(|_| ty != SchemaType::String) {
            self.err(p, format!("allOf adds a pattern to `type: {ty}`"));
            bad = true;
        }
        let shape = match ty {
            SchemaType::String => self.string(s, hint),
            SchemaType::Integer => self.integer(s),
            SchemaType::Number => self.number(s),
            SchemaType::Boolean => Some(Shape::Boolean),
            SchemaType::Array => self.array(s, hint),
            SchemaType::Object => self.object(s, hint, None),
        };
        if bad { None } else { shape }
    }

    fn uint(&mut self, s: &Schema, key: &str) -> Result<Option<u64>, ()> {
        match s.get(key) {
            None => Ok(None),
            Some(v) => match v.as_u64() {
                Some(n) => Ok(Some(n)),
                None => {
                    self.err(
                        &s.kp(key),
                        format!("`{key}` must be a non-negative integer, got {v}"),
                    );
                    Err(())
                }
            },
        }
    }

    fn int(&mut self, s: &Schema, key: &str) -> Result<Option<i128>, ()> {
        match s.get(key) {
            None => Ok(None),
            Some(v) => match (v.as_i64(), v.as_u64()) {
                (Some(n), _) => Ok(Some(n.into())),
                (_, Some(n)) => Ok(Some(n.into())),
                _ => {
                    self.err(&s.kp(key), format!("`{key}` must be an integer, got {v}"));
                    Err(())
                }
            },
        }
    }

    fn flag(&mut self, s: &Schema, key: &str) -> Result<bool, ()> {
        match s.get(key) {
            None => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(v) => {
                self.err(&s.kp(key), format!("`{key}` must be a boolean, got {v}"));
                Err(())
            }
        }
    }

    fn min_max<T: PartialOrd + std::fmt::Display>(
        &mut self,
        min: Option<T>,
        max: Option<T>,
        names: (&str, &str),
        s: &Schema,
    ) -> Result<(), ()> {
        if let (Some(a), Some(b)) = (&min, &max)
            && a > b
        {
            self.err(
                &s.kp(names.0),
                format!("`{}` {a} is greater than `{}` {b}", names.0, names.1),
            );
            return Err(());
        }
        Ok(())
    }

    fn pattern(&mut self, source: &str, ptr: &str) -> Option<usize> {
        if let Some(&i) = self.pattern_ids.get(source) {
            return Some(i);
        }
        match ecma::translate_looks(source) {
            Ok(t) => {
                let p = PatternIr {
                    source: source.to_owned(),
                    translated: t.main,
                    looks: t.looks,
                };
                // The lookaround engine compiles it as the runtime will (plain patterns were
                // compiled by `translate_looks`): a failure here is one there.
                if let Some(Err(e)) = (!p.looks.is_empty()).then(|| p.matcher()) {
                    self.err(ptr, format!("pattern `{source}`: {e}"));
                    return None;
                }
                let i = self.patterns.len();
                self.patterns.push(p);
                self.pattern_ids.insert(source.to_owned(), i);
                Some(i)
            }
            Err(e) => {
                self.err(ptr, format!("pattern `{source}`: {e}"));
                None
            }
        }
    }

    /// `minLength`, `maxLength`, `pattern` of a string or a map key.
    fn str_checks(&mut self, s: &Schema) -> Option<StrChecks> {
        let min_length = self.uint(s, "minLength").ok()?;
        let max_length = self.uint(s, "maxLength").ok()?;
        self.min_max(min_length, max_length, ("minLength", "maxLength"), s)
            .ok()?;
        let mut sources = Vec::new();
        match s.get("pattern") {
            Some(Value::String(p)) => sources.push((p.clone(), s.kp("pattern"))),
            Some(v) => {
                self.err(
                    &s.kp("pattern"),
                    format!("`pattern` must be a string, got {v}"),
                );
                return None;
            }
            None => {}
        }
        sources.extend(s.more_patterns.iter().cloned());
        let mut patterns = Vec::new();
        let mut ok = true;
        for (src, p) in sources {
            match self.pattern(&src, &p) {
                Some(i) => patterns.push(i),
                None => ok = false,
            }
        }
        ok.then_some(StrChecks {
            min_length,
            max_length,
            patterns,
            format: None,
            filter: None,
        })
    }

    fn string(&mut self, s: &Schema, hint: &str) -> Option<Shape> {
        if let Some(values) = s.get("enum") {
            return self.string_enum(values, s, hint);
        }
        let mut checks = self.str_checks(s)?;
        checks.format = match s.get("format") {
            None => None,
            Some(Value::String(f)) => match Format::from_name(f) {
                Some(known) => Some(known),
                None if HINT_FORMATS.contains(&f.as_str()) => None,
                None => {
                    self.unknown_format(s, f);
                    None
                }
            },
            Some(v) => {
                self.err(
                    &s.kp("format"),
                    format!("`format` must be a string, got {v}"),
                );
                return None;
            }
        };
        if let Some(f) = s.get("x-filter-expression") {
            checks.filter = Some(self.filter(f, &s.kp("x-filter-expression"))?);
        }
        Some(Shape::String(checks))
    }

    /// A format the generator does not know: OpenAPI says it falls back to the type
    /// (nothing is checked); `gen` lists it once per spec, with its uses.
    fn unknown_format(&mut self, s: &Schema, f: &str) {
        let ty = s.get("type").and_then(Value::as_str).unwrap_or("string");
        let e = self
            .unknown_formats
            .entry(format!("{ty}/{f}"))
            .or_insert_with(|| (s.kp("format"), 0));
        e.1 += 1;
    }

    fn filter(&mut self, raw: &Value, ptr: &str) -> Option<usize> {
        const OPS: &[&str] = &["=", "!=", "IN", "NOT IN"];
        let Some(obj) = raw.as_object() else {
            self.err(ptr, "x-filter-expression must be a mapping");
            return None;
        };
        if let Some(k) = obj
            .keys()
            .find(|k| !matches!(k.as_str(), "fields" | "operators" | "value"))
        {
            self.err(
                &format!("{ptr}/{}", escape(k)),
                format!("unsupported key `{k}` in x-filter-expression"),
            );
            return None;
        }
        let strings = |v: Option<&Value>| -> Option<Vec<String>> {
            v?.as_array()?
                .iter()
                .map(|s| s.as_str().map(str::to_owned))
                .collect()
        };
        let Some(fields) = strings(obj.get("fields")).filter(|f| !f.is_empty()) else {
            self.err(
                &format!("{ptr}/fields"),
                "`fields` must be a non-empty list of strings",
            );
            return None;
        };
        let Some(operators) = strings(obj.get("operators"))
            .filter(|o| !o.is_empty() && o.iter().all(|o| OPS.contains(&o.as_str())))
        else {
            self.err(
                &format!("{ptr}/operators"),
                format!("`operators` must be a non-empty list drawn from {OPS:?}"),
            );
            return None;
        };
        let value = obj
            .get("value")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let vptr = format!("{ptr}/value");
        if let Some(k) = value
            .keys()
            .find(|k| !matches!(k.as_str(), "minLength" | "maxLength" | "pattern"))
        {
            self.err(
                &format!("{vptr}/{}", escape(k)),
                format!("unsupported key `{k}` in a filter value"),
            );
            return None;
        }
        let checks = self.str_checks(&Schema::of(&value, &vptr))?;
        self.filters.push(Filter {
            fields,
            operators,
            min_length: checks.min_length,
            max_length: checks.max_length,
            pattern: checks.patterns.first().copied(),
        });
        Some(self.filters.len() - 1)
    }

    /// A string enum. Beside it, the other string keywords hold too (`enum` and `pattern`
    /// both apply), so a listed value that breaks one can never be valid: it is not a
    /// variant, and `gen` notes it. A format the generator does not know falls back, as
    /// elsewhere; a list that nothing satisfies is an error.
    fn string_enum(&mut self, values: &Value, s: &Schema, hint: &str) -> Option<Shape> {
        let constrained = s
            .keys()
            .any(|k| matches!(k.as_str(), "minLength" | "maxLength" | "pattern" | "format"))
            || !s.more_patterns.is_empty();
        if !constrained {
            return self.enumeration(values, s, hint);
        }
        let checks = self.str_checks(s)?;
        let format = match s.get("format") {
            Some(Value::String(f)) => match Format::from_name(f) {
                Some(known) => Some(known),
                None if HINT_FORMATS.contains(&f.as_str()) => None,
                None => {
                    self.unknown_format(s, f);
                    None
                }
            },
            Some(v) => {
                self.err(
                    &s.kp("format"),
                    format!("`format` must be a string, got {v}"),
                );
                return None;
            }
            None => None,
        };
        let mut regexes = Vec::new();
        for &i in &checks.patterns {
            match self.patterns[i].matcher() {
                Ok(r) => regexes.push((i, r)),
                Err(e) => {
                    self.err(
                        &s.kp("pattern"),
                        format!("pattern `{}`: {e}", self.patterns[i].source),
                    );
                    return None;
                }
            }
        }
        // Why a listed value can never be valid, if it cannot.
        let broken = |w: &str| -> Option<String> {
            let len = w.chars().count() as u64;
            if checks.min_length.is_some_and(|m| len < m) {
                return Some("minLength".into());
            }
            if checks.max_length.is_some_and(|m| len > m) {
                return Some("maxLength".into());
            }
            if let Some((i, _)) = regexes.iter().find(|(_, r)| !r(w)) {
                return Some(format!("pattern `{}`", self.patterns[*i].source));
            }
            format
                .filter(|f| !f.holds(w))
                .map(|f| format!("format `{}`", f.name()))
        };
        let Some(list) = values.as_array() else {
            return self.enumeration(values, s, hint);
        };
        let mut kept = Vec::new();
        let mut notes = Vec::new();
        for (i, v) in list.iter().enumerate() {
            match v.as_str().and_then(|w| broken(w).map(|why| (w, why))) {
                Some((w, why)) => notes.push((
                    format!("{}/{i}", s.kp("enum")),
                    format!("enum value `{w}` breaks the schema's {why}, so no value can be it: it is not a variant"),
                )),
                None => kept.push(v.clone()),
            }
        }
        if kept.iter().all(Value::is_null) {
            self.err(
                &s.kp("enum"),
                "no value of `enum` satisfies the schema's other string keywords: the schema admits no string",
            );
            return None;
        }
        self.notes.extend(notes);
        self.enumeration(&Value::Array(kept), s, hint)
    }

    fn enumeration(&mut self, values: &Value, s: &Schema, hint: &str) -> Option<Shape> {
        let Some(list) = values.as_array().filter(|l| !l.is_empty()) else {
            self.err(&s.kp("enum"), "`enum` must be a non-empty list");
            return None;
        };
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for (i, v) in list.iter().enumerate() {
            if v.is_null() {
                // The value is nullable (`admits_null`), null is not a variant.
                continue;
            }
            let Some(w) = v.as_str() else {
                self.err(
                    &format!("{}/{i}", s.kp("enum")),
                    format!("only string enums are supported, got {v}"),
                );
                return None;
            };
            // A value listed twice is one value (a second variant could never be decoded).
            if !out.iter().any(|(x, _)| x == w) {
                out.push((w.to_owned(), unique(pascal(w), &mut seen)));
            }
        }
        let name = self.type_name(&s.ptr, hint);
        self.types.insert(
            name.clone(),
            TypeDef {
                name: name.clone(),
                pointer: s.ptr.clone(),
                doc: doc_of(s),
                kind: TypeKind::Enum(Enum {
                    values: out,
                    tolerant: false,
                }),
            },
        );
        Some(Shape::Named(name))
    }

    /// The Rust name for a type defined at `ptr`: the component's pre-assigned name, else a
    /// fresh name from `hint`.
    fn type_name(&mut self, ptr: &str, hint: &str) -> String {
        if let Some(c) = ptr
            .strip_prefix("/components/schemas/")
            .filter(|c| !c.contains('/'))
            && let Some(n) = self.named.get(&c.replace("~1", "/").replace("~0", "~"))
            && self.claimed.insert(ptr.to_owned())
        {
            return n.clone();
        }
        unique(hint.to_owned(), &mut self.taken)
    }

    fn integer(&mut self, s: &Schema) -> Option<Shape> {
        let as_string = self.flag(s, "x-int64-string").ok()?;
        let repr = match (s.get("format").and_then(Value::as_str), as_string) {
            (Some("int32"), false) => IntRepr::I32,
            (Some("int64") | None, false) => IntRepr::I64,
            (Some("int64") | None, true) => IntRepr::Int64String,
            (Some("int32"), true) => {
                self.err(
                    &s.kp("x-int64-string"),
                    "x-int64-string needs `format: int64`",
                );
                return None;
            }
            (Some(f), false) => {
                self.unknown_format(s, f);
                IntRepr::I64
            }
            (Some(f), true) => {
                self.err(
                    &s.kp("x-int64-string"),
                    format!("x-int64-string needs `format: int64`, not `{f}`"),
                );
                return None;
            }
        };
        let (lo, hi): (i128, i128) = match repr {
            IntRepr::I32 => (i32::MIN.into(), i32::MAX.into()),
            _ => (i64::MIN.into(), i64::MAX.into()),
        };
        let min = self.int(s, "minimum").ok()?;
        let max = self.int(s, "maximum").ok()?;
        let xmin = self.flag(s, "exclusiveMinimum").ok()?;
        let xmax = self.flag(s, "exclusiveMaximum").ok()?;
        let multiple_of = self.int(s, "multipleOf").ok()?;
        self.min_max(min, max, ("minimum", "maximum"), s).ok()?;
        for (key, v) in [("minimum", min), ("maximum", max)] {
            if let Some(v) = v
                && (v < lo || v > hi)
            {
                self.err(
                    &s.kp(key),
                    format!("`{key}` {v} is outside the range of the integer's format"),
                );
                return None;
            }
        }
        if xmin && min.is_none() || xmax && max.is_none() {
            self.err(
                &s.ptr,
                "exclusiveMinimum/exclusiveMaximum need minimum/maximum",
            );
            return None;
        }
        if let Some(m) = multiple_of
            && m <= 0
        {
            self.err(
                &s.kp("multipleOf"),
                format!("`multipleOf` must be positive, got {m}"),
            );
            return None;
        }
        let mut checks = IntChecks {
            minimum: min.map(|m| (m, xmin)),
            maximum: max.map(|m| (m, xmax)),
            multiple_of,
            values: Vec::new(),
        };
        if let Some(values) = s.get("enum") {
            checks.values = self.int_enum(values, s, &checks, (lo, hi))?;
        }
        Some(Shape::Integer(repr, checks))
    }

    /// The values of an integer's `enum` that can be valid: each listed integer that the
    /// other keywords and the format's range allow, once; the rest are noted (null is
    /// `nullable`'s, read elsewhere).
    fn int_enum(
        &mut self,
        values: &Value,
        s: &Schema,
        c: &IntChecks,
        (lo, hi): (i128, i128),
    ) -> Option<Vec<i128>> {
        let Some(list) = values.as_array().filter(|l| !l.is_empty()) else {
            self.err(&s.kp("enum"), "`enum` must be a non-empty list");
            return None;
        };
        let mut kept = Vec::new();
        for (i, v) in list.iter().enumerate() {
            let at = format!("{}/{i}", s.kp("enum"));
            if v.is_null() {
                continue;
            }
            let n = v
                .as_i64()
                .map(i128::from)
                .or_else(|| v.as_u64().map(i128::from))
                .or_else(|| {
                    v.as_f64()
                        .filter(|x| x.fract() == 0.0 && x.abs() < 1e18)
                        .map(|x| x as i128)
                });
            let why = match n {
                None => Some("is not an integer".to_owned()),
                Some(n) if n < lo || n > hi => {
                    Some("is outside the range of the integer's format".into())
                }
                Some(n) => {
                    let mut r = docspec_runtime::Report::default();
                    crate::describe::int_value(&IntChecks {
                        values: Vec::new(),
                        ..c.clone()
                    })
                    .check(n, &docspec_runtime::Path::root(), &mut r);
                    r.violations()
                        .first()
                        .map(|x| format!("breaks the schema's `{}`", x.code))
                }
            };
            match (why, n) {
                (Some(why), _) => self.notes.push((
                    at,
                    format!("enum value {v} {why}, so no value can be it: it is left out"),
                )),
                (None, Some(n)) if !kept.contains(&n) => kept.push(n),
                (None, _) => {}
            }
        }
        if kept.is_empty() {
            self.err(
                &s.kp("enum"),
                "no value of `enum` satisfies the schema's other integer keywords: the schema admits no integer",
            );
            return None;
        }
        Some(kept)
    }

    fn number(&mut self, s: &Schema) -> Option<Shape> {
        if let Some(f) = s
            .get("format")
            .and_then(Value::as_str)
            .filter(|f| !matches!(*f, "float" | "double"))
        {
            self.unknown_format(s, f);
        }
        let mut num = |key: &str| -> Result<Option<f64>, ()> {
            match s.get(key) {
                None => Ok(None),
                Some(v) => v
                    .as_f64()
                    .map(Some)
                    .ok_or_else(|| self.err(&s.kp(key), format!("`{key}` must be a number"))),
            }
        };
        let min = num("minimum").ok()?;
        let max = num("maximum").ok()?;
        self.min_max(min, max, ("minimum", "maximum"), s).ok()?;
        let xmin = self.flag(s, "exclusiveMinimum").ok()?;
        let xmax = self.flag(s, "exclusiveMaximum").ok()?;
        if xmin && min.is_none() || xmax && max.is_none() {
            // As for integers: the flag would be dropped without a bound to make exclusive.
            self.err(
                &s.ptr,
                "exclusiveMinimum/exclusiveMaximum need minimum/maximum",
            );
            return None;
        }
        let multiple_of = self.decimal_multiple(s).ok()?;
        Some(Shape::Number(NumChecks {
            minimum: min.map(|m| (m, xmin)),
            maximum: max.map(|m| (m, xmax)),
            multiple_of,
        }))
    }

    /// A number's `multipleOf` as the exact decimal the spec writes ([`Decimal`]): an integer
    /// literal exactly, any other as the shortest decimal of the `f64` it parses to (the
    /// literal itself, for up to 17 significant digits). Zero and negative divisors are
    /// refused, as for integers.
    fn decimal_multiple(&mut self, s: &Schema) -> Result<Option<Decimal>, ()> {
        let Some(v) = s.get("multipleOf") else {
            return Ok(None);
        };
        let d = match (v.as_u64(), v.as_f64()) {
            (Some(n), _) => Some(Decimal::from_u64(n)),
            (None, Some(x)) if x > 0.0 => Decimal::from_f64(x),
            _ => None,
        };
        match d.filter(|d| !d.is_zero()) {
            Some(d) => Ok(Some(d)),
            None => {
                let why = if v.is_number() {
                    "must be positive"
                } else {
                    "must be a number"
                };
                self.err(&s.kp("multipleOf"), format!("`multipleOf` {why}, got {v}"));
                Err(())
            }
        }
    }

    fn array(&mut self, s: &Schema, hint: &str) -> Option<Shape> {
        // OpenAPI 3.0 requires `items`; without it, JSON Schema takes items of any value.
        let items = self.sub_shape(s.sub("items"), &concat(hint, "Item"));
        let min_items = self.uint(s, "minItems").ok()?;
        let max_items = self.uint(s, "maxItems").ok()?;
        self.min_max(min_items, max_items, ("minItems", "maxItems"), s)
            .ok()?;
        let unique = self.flag(s, "uniqueItems").ok()?;
        Some(Shape::Array {
            items: Box::new(items?),
            min_items,
            max_items,
            unique,
        })
    }

    fn object(&mut self, s: &Schema, hint: &str, preset: Option<String>) -> Option<Shape> {
        let props = s.get("properties").map(|p| p.as_object());
        if let Some(None) = props {
            self.err(&s.kp("properties"), "`properties` must be a mapping");
            return None;
        }
        let struct_like = is_named(s);
        let additional = s.get("additionalProperties");
        if !struct_like {
            let keys = match s.get("x-property-names") {
                Some(k) => self.property_names(k, &s.kp("x-property-names"))?,
                None => StrChecks::default(),
            };
            let min_props = self.uint(s, "minProperties").ok()?;
            let max_props = self.uint(s, "maxProperties").ok()?;
            self.min_max(min_props, max_props, ("minProperties", "maxProperties"), s)
                .ok()?;
            let required = self.required_list(s).ok()?;
            let plain = keys == StrChecks::default()
                && min_props.is_none()
                && max_props.is_none()
                && required.is_empty();
            let values = match additional {
                None | Some(Value::Bool(true)) if plain => {
                    return Some(Shape::FreeObject);
                }
                None | Some(Value::Bool(true)) => Shape::Any,
                Some(_) => self.sub_shape(s.sub("additionalProperties"), &concat(hint, "Value"))?,
            };
            return Some(Shape::Map {
                values: Box::new(values),
                keys,
                min_props,
                max_props,
                required,
            });
        }
        if s.contains_key("x-property-names") {
            self.err(
                &s.kp("x-property-names"),
                "`x-property-names` needs a map (additionalProperties without properties)",
            );
            return None;
        }
        let name = preset.unwrap_or_else(|| self.type_name(&s.ptr, hint));
        self.named_struct(s, &name);
        Some(Shape::Named(name))
    }

    fn property_names(&mut self, raw: &Value, ptr: &str) -> Option<StrChecks> {
        let Some(obj) = raw.as_object() else {
            self.err(ptr, "x-property-names must be a mapping");
            return None;
        };
        if let Some(k) = obj.keys().find(|k| {
            !matches!(
                k.as_str(),
                "minLength" | "maxLength" | "pattern" | "type" | "description"
            )
        }) {
            self.err(
                &format!("{ptr}/{}", escape(k)),
                format!("unsupported key `{k}` in x-property-names"),
            );
            return None;
        }
        self.str_checks(&Schema::of(obj, ptr))
    }

    /// A component that is an object or enum: lowered under its pre-assigned name.
    fn named_type(&mut self, component: &str, rust: String) {
        let Some((merged, errs)) = self.merged.remove(component) else {
            return;
        };
        if self.report(errs) {
            return;
        }
        let s = &merged;
        if s.contains_key("enum") || is_union(s) || s.contains_key("not") {
            self.plain(s, &rust);
        } else if s.get("type").is_some_and(|t| t != "object") {
            self.err(&s.kp("type"), "`properties` needs `type: object`");
        } else {
            // Report unknown keywords, and still lower the properties to report their problems.
            self.foreign_keywords(s, SchemaType::Object);
            self.object(s, &rust, Some(rust.clone()));
        }
    }

    /// `required`: a list of strings, each name once.
    fn required_list(&mut self, s: &Schema) -> Result<Vec<String>, ()> {
        let list: Option<Vec<String>> = match s.get("required") {
            None => Some(Vec::new()),
            Some(Value::Array(r)) => r.iter().map(|s| s.as_str().map(str::to_owned)).collect(),
            Some(_) => None,
        };
        let Some(list) = list else {
            self.err(&s.kp("required"), "`required` must be a list of strings");
            return Err(());
        };
        // A name listed twice is required once.
        let mut seen = BTreeSet::new();
        Ok(list
            .into_iter()
            .filter(|r| seen.insert(r.clone()))
            .collect())
    }

    fn named_struct(&mut self, s: &Schema, name: &str) {
        let empty = Map::new();
        let props = s
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let Ok(required) = self.required_list(s) else {
            return;
        };
        let (Ok(min_props), Ok(max_props)) =
            (self.uint(s, "minProperties"), self.uint(s, "maxProperties"))
        else {
            return;
        };
        if self
            .min_max(min_props, max_props, ("minProperties", "maxProperties"), s)
            .is_err()
        {
            return;
        }
        let (deny_unknown, extra) = match s.get("additionalProperties") {
            None | Some(Value::Bool(true)) => (None, None),
            // Sorted: the runtime looks members up by binary search.
            Some(Value::Bool(false)) => (Some(s.closed.iter().cloned().collect()), None),
            Some(_) => {
                let subs = s.sub("additionalProperties").to_vec();
                match self.sub_shape(&subs, &concat(name, "Extra")) {
                    Some(shape) => (None, Some(Box::new(shape))),
                    None => return,
                }
            }
        };
        let mut rust_names = BTreeSet::new();
        let mut fields = Vec::new();
        for wire in props.keys() {
            let subs = s.property(wire);
            let Some(shape) = self.sub_shape(subs, &concat(name, &pascal(wire))) else {
                continue;
            };
            let listed = required.contains(wire);
            let access = match self.access(subs) {
                Ok(a) => a.map(|read_only| Access {
                    read_only,
                    required: listed,
                }),
                Err(()) => continue,
            };
            let doc = subs.iter().find_map(|(sub, _)| {
                sub.as_object()
                    .and_then(doc_of)
                    .or_else(|| self.ref_doc(sub))
            });
            fields.push(Field {
                wire: wire.clone(),
                rust: unique(snake(wire), &mut rust_names),
                doc,
                shape,
                pointer: subs.first().map(|(_, p)| p.clone()).unwrap_or_default(),
                required: listed && access.is_none(),
                access,
                boxed: false,
            });
        }
        // A required member that `properties` does not declare: JSON Schema requires it with
        // any value (the additionalProperties schema's, if there is one). A closed object
        // cannot hold it, so no value would be valid.
        for (i, r) in required.iter().enumerate() {
            if props.contains_key(r) {
                continue;
            }
            let at = format!("{}/{i}", s.kp("required"));
            if deny_unknown.is_some() {
                self.err(
                    &at,
                    format!("required member `{r}` is not in `properties`, and `additionalProperties: false` forbids it: no object is valid"),
                );
                continue;
            }
            let shape = extra.as_deref().cloned().unwrap_or(Shape::Any);
            self.notes.push((
                at.clone(),
                format!("required member `{r}` is not in `properties`: it must be present, with any value{}", if extra.is_some() { " of additionalProperties" } else { "" }),
            ));
            fields.push(Field {
                wire: r.clone(),
                rust: unique(snake(r), &mut rust_names),
                doc: None,
                shape,
                pointer: at,
                required: true,
                access: None,
                boxed: false,
            });
        }
        let groups = match s.get("x-oneof") {
            Some(g) => self.groups(g, &s.kp("x-oneof"), name, &mut fields, &mut rust_names),
            None => Vec::new(),
        };
        if let Some(r) = s.get("x-rules") {
            self.pending_rules
                .push((name.to_owned(), s.kp("x-rules"), r.clone()));
        }
        let def = Struct {
            fields,
            groups,
            rules: Vec::new(),
            deny_unknown,
            extra,
            min_props,
            max_props,
            header_names: false,
        };
        self.types.insert(
            name.to_owned(),
            TypeDef {
                name: name.to_owned(),
                pointer: s.ptr.clone(),
                doc: doc_of(s),
                kind: TypeKind::Struct(def),
            },
        );
    }

    /// Whether a property is `readOnly` (`Some(true)`) or `writeOnly` (`Some(false)`), from
    /// every part of its schema (beside a `$ref`, in its target, through `allOf`); both is
    /// an error, as no direction could carry it.
    fn access(&mut self, subs: &[Sub]) -> Result<Option<bool>, ()> {
        // A broken part is reported where the property's shape is lowered.
        let flag = |k| schema::anywhere(self.spec, subs, k, &mut Vec::new());
        let (ro, wo) = (flag("readOnly"), flag("writeOnly"));
        match (ro, wo) {
            (Some(_), Some(p)) => {
                self.err(&p, "a property cannot be both `readOnly` and `writeOnly`");
                Err(())
            }
            (Some(_), None) => Ok(Some(true)),
            (None, Some(_)) => Ok(Some(false)),
            (None, None) => Ok(None),
        }
    }

    fn ref_doc(&self, sub: &Value) -> Option<String> {
        let r = sub.get("$ref")?.as_str()?;
        self.spec
            .raw
            .pointer(&crate::load::ref_pointer(r)?)?
            .as_object()
            .and_then(doc_of)
    }

    fn groups(
        &mut self,
        raw: &Value,
        ptr: &str,
        owner: &str,
        fields: &mut Vec<Field>,
        rust_names: &mut BTreeSet<String>,
    ) -> Vec<GroupField> {
        let Some(list) = raw.as_array() else {
            self.err(ptr, "x-oneof must be a list");
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, g) in list.iter().enumerate() {
            let gptr = format!("{ptr}/{i}");
            let Some(g) = g.as_object() else {
                self.err(&gptr, "an x-oneof group must be a mapping");
                continue;
            };
            if let Some(k) = g
                .keys()
                .find(|k| !matches!(k.as_str(), "name" | "fields" | "exactly-one"))
            {
                self.err(
                    &format!("{gptr}/{}", escape(k)),
                    format!("unsupported key `{k}` in an x-oneof group"),
                );
                continue;
            }
            let name = g.get("name").and_then(Value::as_str).unwrap_or_default();
            let exactly_one = g.get("exactly-one").and_then(Value::as_bool);
            let members: Option<Vec<String>> = g
                .get("fields")
                .and_then(Value::as_array)
                .and_then(|a| a.iter().map(|s| s.as_str().map(str::to_owned)).collect());
            let (Some(exactly_one), Some(members)) =
                (exactly_one, members.filter(|m| m.len() >= 2))
            else {
                self.err(&gptr, "an x-oneof group needs `name`, `fields` (two or more property names) and `exactly-one` (boolean)");
                continue;
            };
            if name.is_empty() {
                self.err(
                    &format!("{gptr}/name"),
                    "an x-oneof group needs a non-empty `name`",
                );
                continue;
            }
            let mut variants = Vec::new();
            let mut taken = BTreeSet::new();
            for (j, m) in members.iter().enumerate() {
                match fields.iter().position(|f| &f.wire == m) {
                    Some(k) if fields[k].required => {
                        self.err(
                            &format!("{gptr}/fields/{j}"),
                            format!("one-of member `{m}` must not be in `required`"),
                        );
                    }
                    Some(k) => {
                        let f = fields.remove(k);
                        rust_names.remove(&f.rust);
                        variants.push(Variant {
                            wire: f.wire,
                            rust: unique(pascal(m), &mut taken),
                            doc: f.doc,
                            shape: f.shape,
                            pointer: f.pointer,
                            boxed: false,
                        });
                    }
                    None => self.err(
                        &format!("{gptr}/fields/{j}"),
                        format!("one-of member `{m}` is not a property (or is in another group)"),
                    ),
                }
            }
            let type_name = unique(concat(owner, &pascal(name)), &mut self.taken);
            self.types.insert(
                type_name.clone(),
                TypeDef {
                    name: type_name.clone(),
                    pointer: gptr.clone(),
                    doc: Some(format!(
                        "The one-of group `{name}` of [`{owner}`]: {} of {}.",
                        if exactly_one {
                            "exactly one"
                        } else {
                            "at most one"
                        },
                        members
                            .iter()
                            .map(|m| format!("`{m}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                    kind: TypeKind::Group(Group { members: variants }),
                },
            );
            out.push(GroupField {
                rust: unique(snake(name), rust_names),
                type_name,
                exactly_one,
                members,
            });
        }
        out
    }

    fn field_path(&mut self, owner: &str, text: &str, ptr: &str) -> Option<FieldPath> {
        let mut steps = Vec::new();
        let mut cur = owner.to_owned();
        let segs: Vec<&str> = text.split('/').collect();
        for (i, seg) in segs.iter().enumerate() {
            let field = match self.types.get(&cur).map(|t| &t.kind) {
                Some(TypeKind::Struct(s)) => s.fields.iter().find(|f| f.wire == *seg).cloned(),
                _ => None,
            };
            let Some(f) = field else {
                self.err(
                    ptr,
                    format!("`{text}`: `{seg}` is not a field of `{cur}` outside one-of groups"),
                );
                return None;
            };
            steps.push((f.wire.clone(), f.rust.clone(), !f.required));
            match (&f.shape, i + 1 == segs.len()) {
                (Shape::Integer(repr, _), true) => {
                    return Some(FieldPath {
                        text: text.to_owned(),
                        steps,
                        repr: *repr,
                    });
                }
                (Shape::Named(n), false) => cur = n.clone(),
                _ => break,
            }
        }
        self.err(ptr, format!("`{text}` must name an integer field"));
        None
    }

    fn resolve_rules(&mut self) {
        for (owner, ptr, raw) in std::mem::take(&mut self.pending_rules) {
            let Some(list) = raw.as_array() else {
                self.err(&ptr, "x-rules must be a list");
                continue;
            };
            let mut rules = Vec::new();
            for (i, r) in list.iter().enumerate() {
                let rptr = format!("{ptr}/{i}");
                if let Some(rule) = self.rule(&owner, r, &rptr) {
                    rules.push(rule);
                }
            }
            if let Some(TypeDef {
                kind: TypeKind::Struct(s),
                ..
            }) = self.types.get_mut(&owner)
            {
                s.rules = rules;
            }
        }
    }

    fn rule(&mut self, owner: &str, raw: &Value, ptr: &str) -> Option<Rule> {
        let obj = raw.as_object()?;
        if let Some(k) = obj
            .keys()
            .find(|k| !matches!(k.as_str(), "description" | "when" | "assert"))
        {
            self.err(
                &format!("{ptr}/{}", escape(k)),
                format!("unsupported key `{k}` in a rule"),
            );
            return None;
        }
        let description = obj
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let when = match obj.get("when") {
            None => None,
            Some(w) => {
                let wptr = format!("{ptr}/when");
                let (Some(f), Some(ne), 2) = (
                    w.get("field").and_then(Value::as_str),
                    w.get("not-equal").and_then(Value::as_i64),
                    w.as_object().map_or(0, Map::len),
                ) else {
                    self.err(&wptr, "`when` must be {field, not-equal: INTEGER}");
                    return None;
                };
                Some((
                    self.field_path(owner, f, &format!("{wptr}/field"))?,
                    i128::from(ne),
                ))
            }
        };
        let Some(list) = obj
            .get("assert")
            .and_then(Value::as_array)
            .filter(|l| !l.is_empty())
        else {
            self.err(ptr, "a rule needs a non-empty `assert` list");
            return None;
        };
        let mut asserts = Vec::new();
        for (i, a) in list.iter().enumerate() {
            let aptr = format!("{ptr}/assert/{i}");
            let Some(a) = a.as_object() else { continue };
            let f = a.get("field").and_then(Value::as_str).unwrap_or_default();
            let (is_min, bound) = match (a.get("minimum"), a.get("maximum"), a.len()) {
                (Some(b), None, 2) => (true, b),
                (None, Some(b), 2) => (false, b),
                _ => {
                    self.err(&aptr, "an assertion is {field, minimum | maximum}");
                    return None;
                }
            };
            let field = self.field_path(owner, f, &format!("{aptr}/field"))?;
            let bound = if let Some(n) = bound.as_i64() {
                Bound::Literal(n.into())
            } else {
                let bptr = format!("{aptr}/{}", if is_min { "minimum" } else { "maximum" });
                let (Some(bf), Some(num), Some(den)) = (
                    bound.get("field").and_then(Value::as_str),
                    bound.get("numerator").and_then(Value::as_i64),
                    bound.get("denominator").and_then(Value::as_i64),
                ) else {
                    self.err(
                        &bptr,
                        "a bound is an integer or {field, numerator, denominator}",
                    );
                    return None;
                };
                if den <= 0 {
                    self.err(&bptr, "`denominator` must be positive");
                    return None;
                }
                Bound::Fraction {
                    field: self.field_path(owner, bf, &format!("{bptr}/field"))?,
                    numerator: num.into(),
                    denominator: den.into(),
                }
            };
            asserts.push(Assert {
                field,
                is_min,
                bound,
            });
        }
        Some(Rule {
            description,
            when,
            asserts,
        })
    }

    /// Boxes every direct (not behind Vec or map) reference that closes a cycle.
    fn box_cycles(&mut self) {
        let direct = |k: &TypeKind| -> Vec<String> {
            let named = |s: &Shape| direct_name(s).map(str::to_owned);
            match k {
                TypeKind::Struct(s) => s
                    .fields
                    .iter()
                    .filter_map(|f| named(&f.shape))
                    .chain(s.groups.iter().map(|g| g.type_name.clone()))
                    .collect(),
                TypeKind::Group(g) => g.members.iter().filter_map(|v| named(&v.shape)).collect(),
                TypeKind::Union(u) => u.variants.iter().filter_map(|v| named(&v.shape)).collect(),
                TypeKind::Alias(_) | TypeKind::Enum(_) => Vec::new(),
            }
        };
        let edges: BTreeMap<String, Vec<String>> = self
            .types
            .iter()
            .map(|(n, t)| (n.clone(), direct(&t.kind)))
            .collect();
        let reaches = |from: &str, to: &str| -> bool {
            let mut stack = vec![from.to_owned()];
            let mut seen = BTreeSet::new();
            while let Some(n) = stack.pop() {
                if n == to {
                    return true;
                }
                if seen.insert(n.clone()) {
                    stack.extend(edges.get(&n).cloned().unwrap_or_default());
                }
            }
            false
        };
        let mut boxes = Vec::new();
        for (name, t) in &self.types {
            let shapes: Vec<&Shape> = match &t.kind {
                TypeKind::Struct(s) => s.fields.iter().map(|f| &f.shape).collect(),
                TypeKind::Group(g) => g.members.iter().map(|v| &v.shape).collect(),
                TypeKind::Union(u) => u.variants.iter().map(|v| &v.shape).collect(),
                _ => Vec::new(),
            };
            let targets = shapes
                .iter()
                .enumerate()
                .filter_map(|(i, s)| Some((i, direct_name(s)?.to_owned())));
            for (i, target) in targets {
                if reaches(&target, name) {
                    boxes.push((name.clone(), i));
                }
            }
        }
        for (name, i) in boxes {
            match self.types.get_mut(&name).map(|t| &mut t.kind) {
                Some(TypeKind::Struct(s)) => s.fields[i].boxed = true,
                Some(TypeKind::Group(g)) => g.members[i].boxed = true,
                Some(TypeKind::Union(u)) => u.variants[i].boxed = true,
                _ => {}
            }
        }
    }

    /// Enums reachable from a response keep unknown values (GUIDE rule 8).
    fn mark_tolerant(&mut self, shape: &Shape, seen: &mut BTreeSet<String>) {
        let mut next = Vec::new();
        match shape {
            Shape::Array { items, .. } => next.push((**items).clone()),
            Shape::Map { values, .. } => next.push((**values).clone()),
            Shape::Untyped(inner) | Shape::Nullable(inner) => next.push((**inner).clone()),
            Shape::Named(n) if seen.insert(n.clone()) => {
                match self.types.get_mut(n).map(|t| &mut t.kind) {
                    Some(TypeKind::Enum(e)) => e.tolerant = true,
                    Some(TypeKind::Struct(s)) => {
                        next.extend(s.fields.iter().map(|f| f.shape.clone()));
                        next.extend(s.extra.iter().map(|x| (**x).clone()));
                        next.extend(s.groups.iter().map(|g| Shape::Named(g.type_name.clone())));
                    }
                    Some(TypeKind::Group(g)) => {
                        next.extend(g.members.iter().map(|v| v.shape.clone()))
                    }
                    Some(TypeKind::Union(u)) => {
                        next.extend(u.variants.iter().map(|v| v.shape.clone()))
                    }
                    Some(TypeKind::Alias(s)) => next.push(s.clone()),
                    None => {}
                }
            }
            _ => {}
        }
        for s in next {
            self.mark_tolerant(&s, seen);
        }
    }
}

/// The named type a field holds in place (not behind a `Vec` or a map), which a cycle through
/// it must box.
fn direct_name(s: &Shape) -> Option<&str> {
    match s {
        Shape::Named(n) => Some(n),
        Shape::Untyped(inner) | Shape::Nullable(inner) => direct_name(inner),
        _ => None,
    }
}

mod keyword;
mod ops;
mod schema;
mod union;

fn status_order(s: &StatusCode) -> (u16, u16) {
    match s {
        StatusCode::Code(c) => (*c, 0),
        StatusCode::Range(r) => (*r * 100, 1),
    }
}

fn is_json(media: &str) -> bool {
    let m = media.split(';').next().unwrap_or("").trim();
    m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"))
}

fn deref<'d, T>(
    r: &'d ReferenceOr<T>,
    table: Option<&'d indexmap::IndexMap<String, ReferenceOr<T>>>,
    section: &str,
) -> Result<(&'d T, Option<String>), String> {
    match r {
        ReferenceOr::Item(t) => Ok((t, None)),
        ReferenceOr::Reference { reference } => {
            let name = crate::load::ref_name(reference, section)
                .ok_or_else(|| format!("unsupported $ref `{reference}`"))?;
            match table.and_then(|t| t.get(&name)) {
                Some(ReferenceOr::Item(t)) => {
                    Ok((t, Some(format!("/components/{section}/{}", escape(&name)))))
                }
                Some(_) => Err(format!("$ref `{reference}` points at another $ref")),
                None => Err(format!("dangling $ref `{reference}`")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_of_variants_alike_but_for_names_are_noted() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    U:\n      oneOf:\n      - {$ref: '#/components/schemas/Mute'}\n      - {$ref: '#/components/schemas/Unmute'}\n      - {$ref: '#/components/schemas/Other'}\n    Mute:\n      properties: {action: {type: string, enum: [mute], description: Mute}}\n    Unmute:\n      properties: {action: {type: string, enum: [mute], description: Unmute}}\n    Other:\n      properties: {action: {type: string, enum: [unmute]}}\n";
        let spec = crate::load::parse("t.yaml", text.to_owned()).unwrap();
        let m = super::lower(&spec, "t").unwrap();
        let notes: Vec<String> = m.notes.iter().map(ToString::to_string).collect();
        assert_eq!(
            notes,
            [
                "t.yaml:9: #/components/schemas/U/oneOf/1: oneOf variants Mute and Unmute accept the same values, so no value matches exactly one of them"
            ]
        );
    }

    #[test]
    fn callbacks_by_ref_are_read_and_noted() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /s:\n    post:\n      operationId: sub\n      callbacks:\n        onEvent: {$ref: '#/components/callbacks/ev'}\n      responses:\n        '204': {description: ok}\ncomponents:\n  callbacks:\n    ev:\n      '{$request.body#/url}':\n        post:\n          responses:\n            '200': {description: ok}\n";
        let spec = crate::load::parse("t.yaml", text.to_owned()).unwrap();
        let m = super::lower(&spec, "t").unwrap();
        let notes: Vec<String> = m.notes.iter().map(ToString::to_string).collect();
        assert_eq!(
            notes,
            [
                "t.yaml:8: #/paths/~1s/post/callbacks/onEvent: callbacks are requests the API sends, not ones it serves: no validators are generated for them"
            ]
        );
    }

    #[test]
    fn a_required_member_not_in_properties_is_required_with_any_value_unless_closed() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      required: [id]\n      properties:\n        Id: {type: string}\n";
        let spec = crate::load::parse("t.yaml", text.to_owned()).unwrap();
        let m = super::lower(&spec, "t").unwrap();
        let super::TypeKind::Struct(s) = &m.types["A"].kind else {
            panic!("A is a struct");
        };
        let id = s.fields.iter().find(|f| f.wire == "id").expect("field id");
        assert!(id.required);
        assert_eq!(id.shape, super::Shape::Any);
        let notes: Vec<String> = m.notes.iter().map(ToString::to_string).collect();
        assert_eq!(
            notes,
            [
                "t.yaml:8: #/components/schemas/A/required/0: required member `id` is not in `properties`: it must be present, with any value"
            ]
        );
        let closed = text.replace(
            "      required: [id]\n",
            "      required: [id]\n      additionalProperties: false\n",
        );
        let spec = crate::load::parse("t.yaml", closed).unwrap();
        let errs: Vec<String> = super::lower(&spec, "t")
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            errs,
            [
                "t.yaml:8: #/components/schemas/A/required/0: required member `id` is not in `properties`, and `additionalProperties: false` forbids it: no object is valid"
            ]
        );
    }

    #[test]
    fn a_component_union_beside_properties_keeps_its_name_and_its_variants_get_their_own() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      required: [name]\n      properties:\n        name: {type: string}\n      oneOf:\n      - {required: [a], properties: {a: {type: string}}}\n      - {required: [b], properties: {b: {type: integer}}}\n";
        let spec = crate::load::parse("t.yaml", text.to_owned()).unwrap();
        let m = super::lower(&spec, "t").unwrap();
        let super::TypeKind::Union(u) = &m.types["Pet"].kind else {
            panic!("Pet is a union");
        };
        let shapes: Vec<&super::Shape> = u.variants.iter().map(|v| &v.shape).collect();
        assert_eq!(
            shapes,
            [
                &super::Shape::Named("PetVariant1".into()),
                &super::Shape::Named("PetVariant2".into())
            ]
        );
        for (v, member) in [("PetVariant1", "a"), ("PetVariant2", "b")] {
            let super::TypeKind::Struct(s) = &m.types[v].kind else {
                panic!("{v} is a struct");
            };
            let wires: Vec<&str> = s.fields.iter().map(|f| f.wire.as_str()).collect();
            assert_eq!(wires, [member, "name"], "{v}");
        }
    }

    #[test]
    fn unknown_formats_fall_back_to_their_type_and_are_noted_once() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        a: {type: string, format: google-datetime}\n        b: {type: string, format: google-datetime}\n        c: {type: integer, format: uint64}\n        d: {type: string, format: uuid}\n";
        let spec = crate::load::parse("t.yaml", text.to_owned()).unwrap();
        let m = super::lower(&spec, "t").unwrap();
        let notes: Vec<String> = m.notes.iter().map(ToString::to_string).collect();
        assert_eq!(
            notes,
            [
                "t.yaml:11: #/components/schemas/A/properties/c/format: format `uint64` is not enforced (integers of it are checked as integers; 1 use, this is the first)",
                "t.yaml:9: #/components/schemas/A/properties/a/format: format `google-datetime` is not enforced (strings of it are checked as strings; 2 uses, this is the first)",
            ]
        );
    }

    #[test]
    fn enum_values_that_break_the_other_keywords_are_not_variants() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    E:\n      type: string\n      pattern: '^[a-z]+$'\n      maxLength: 5\n      enum: [one, Two, three, seventy]\n    F:\n      type: string\n      format: uuid\n      enum: [x]\n    M:\n      type: string\n      format: http-method\n      enum: [GET, POST]\n";
        let spec = crate::load::parse("t.yaml", text.to_owned()).unwrap();
        let errs = super::lower(&spec, "t").unwrap_err();
        let errs: Vec<String> = errs.iter().map(ToString::to_string).collect();
        assert_eq!(
            errs,
            [
                "t.yaml:14: #/components/schemas/F/enum: no value of `enum` satisfies the schema's other string keywords: the schema admits no string"
            ]
        );
        let text = text.replace("      format: uuid\n      enum: [x]\n", "      enum: [x]\n");
        let spec = crate::load::parse("t.yaml", text).unwrap();
        let m = super::lower(&spec, "t").unwrap();
        let super::TypeKind::Enum(e) = &m.types["E"].kind else {
            panic!("E is an enum");
        };
        let kept: Vec<&str> = e.values.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(kept, ["one", "three"]);
        let notes: Vec<String> = m.notes.iter().map(ToString::to_string).collect();
        assert_eq!(
            notes,
            [
                "t.yaml:16: #/components/schemas/M/format: format `http-method` is not enforced (strings of it are checked as strings; 1 use, this is the first)",
                "t.yaml:10: #/components/schemas/E/enum/1: enum value `Two` breaks the schema's pattern `^[a-z]+$`, so no value can be it: it is not a variant",
                "t.yaml:10: #/components/schemas/E/enum/3: enum value `seventy` breaks the schema's maxLength, so no value can be it: it is not a variant",
            ]
        );
    }

    #[test]
    fn keywords_of_other_types_constrain_nothing_and_are_noted() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        a: {type: array, items: {type: string}, maximum: 3}\n        b: {type: array, items: {type: string}, maximum: 4}\n      format: links\n";
        let spec = crate::load::parse("t.yaml", text.to_owned()).unwrap();
        let m = super::lower(&spec, "t").unwrap();
        let notes: Vec<String> = m.notes.iter().map(ToString::to_string).collect();
        assert_eq!(
            notes,
            [
                "t.yaml:11: #/components/schemas/A/format: keyword `format` constrains nothing beside `type: object` (JSON Schema: it applies only to values of other types); 1 use, this is the first",
                "t.yaml:9: #/components/schemas/A/properties/a/maximum: keyword `maximum` constrains nothing beside `type: array` (JSON Schema: it applies only to values of other types); 2 uses, this is the first",
            ]
        );
    }

    #[test]
    fn a_numbers_multiple_of_is_its_exact_decimal_and_must_be_positive() {
        let spec = |props: &str| {
            let text = format!(
                "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n{props}"
            );
            crate::load::parse("t.yaml", text).unwrap()
        };
        let spec_ok = spec(
            "        a: {type: number, multipleOf: 0.01}\n        b: {type: number, multipleOf: 3}\n        c: {multipleOf: 2.5}\n        d: {type: number, multipleOf: 1e20}\n",
        );
        let m = super::lower(&spec_ok, "t").unwrap();
        assert!(m.notes.is_empty(), "{:?}", m.notes);
        let super::TypeKind::Struct(s) = &m.types["A"].kind else {
            panic!("A is a struct");
        };
        let mult = |shape: &super::Shape| match shape {
            super::Shape::Number(c) => c.multiple_of,
            super::Shape::Untyped(inner) => match &**inner {
                super::Shape::Number(c) => c.multiple_of,
                other => panic!("{other:?}"),
            },
            other => panic!("{other:?}"),
        };
        let got: Vec<_> = s.fields.iter().map(|f| mult(&f.shape)).collect();
        assert_eq!(
            got,
            [
                Some(super::Decimal::new(1, -2)),
                Some(super::Decimal::new(3, 0)),
                Some(super::Decimal::new(25, -1)),
                Some(super::Decimal::new(1, 20)),
            ]
        );
        let bad = spec(
            "        a: {type: number, multipleOf: 0}\n        b: {type: number, multipleOf: -0.5}\n",
        );
        let errs: Vec<String> = super::lower(&bad, "t")
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            errs,
            [
                "t.yaml:9: #/components/schemas/A/properties/a/multipleOf: `multipleOf` must be positive, got 0",
                "t.yaml:10: #/components/schemas/A/properties/b/multipleOf: `multipleOf` must be positive, got -0.5",
            ]
        );
    }

    #[test]
    fn an_exclusive_flag_without_its_bound_is_refused_for_numbers_as_for_integers() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        n: {type: number, exclusiveMinimum: true}\n        i: {type: integer, exclusiveMaximum: true}\n        ok: {type: number, exclusiveMinimum: false}\n";
        let spec = crate::load::parse("t.yaml", text.to_owned()).unwrap();
        let errs: Vec<String> = super::lower(&spec, "t")
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            errs,
            [
                "t.yaml:10: #/components/schemas/A/properties/i: exclusiveMinimum/exclusiveMaximum need minimum/maximum",
                "t.yaml:9: #/components/schemas/A/properties/n: exclusiveMinimum/exclusiveMaximum need minimum/maximum",
            ]
        );
    }
}

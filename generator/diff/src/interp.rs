//! An interpreter of the IR: checks a JSON value against a lowered [`Module`] directly and
//! returns the same [`Report`] (pointers, codes, messages, limits, order) as the code that
//! [`docspec_codegen::emit`] generates from that module, so that a spec can be tried without compiling it.
//!
//! It mirrors the generated code step by step: decoding records type errors and builds a typed
//! value (`Val`, one variant per Rust type the emitter would use), a struct whose decoding
//! failed runs the failure-path checks of `emit::struct_def`, and a decoded value is then
//! checked as its Rust type's `Validate` impl would check it. Messages come from the runtime
//! crate, never from here.

use docspec_codegen::describe;
use docspec_codegen::ir::{
    FieldPath, Group, GroupField, IntRepr, Module, Rule, Shape, StrChecks, Struct, TypeKind,
};
use docspec_runtime::filter::FilterSpec;
use docspec_runtime::rules::{FieldRef, MapRules, Read, StrRules};
use docspec_runtime::{
    Cx, Decode, Direction, Int64, JsonType, Map, NoBody, NoParams, Path, Pattern, Report, Value,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Mutex, PoisonError};

/// Compiled regexes of a module, built once (patterns are `Module::patterns[i].translated`).
///
/// The runtime's checks take `&'static` names and patterns, as generated code has them in
/// statics; the interpreter leaks one copy of each distinct string, list and pattern per
/// process (shared between modules and between interpreters), so memory stays bounded by the
/// specs, not by the number of interpreters or requests.
pub struct Interp<'m> {
    module: &'m Module,
    patterns: Vec<&'static Pattern>,
    /// The patterns of every string that has more than one, by their indexes.
    pattern_lists: HashMap<Vec<usize>, Vec<&'static Pattern>>,
    filters: Vec<FilterSpec>,
    names: HashMap<&'m str, &'static str>,
    types: HashMap<&'m str, Prep>,
}

/// The `&'static` lists a named type needs at run time.
#[derive(Default)]
struct Prep {
    /// Enum: the documented values.
    values: &'static [&'static str],
    /// Struct: allowed wire names under `additionalProperties: false`.
    known: Option<&'static [&'static str]>,
    /// Struct: the member wire names of each one-of group.
    groups: Vec<&'static [&'static str]>,
    /// Struct: its `readOnly` and `writeOnly` members, as `emit` lists them.
    access: &'static [docspec_runtime::Access],
}

/// A decoded value: what the generated Rust value would hold, borrowing from the input.
/// `uniqueItems` compares them by their serialization (below), as the runtime compares Rust values.
#[derive(Debug, Clone, PartialEq)]
enum Val<'v> {
    Str(&'v str),
    /// `i32`, `i64` or `Int64`.
    Int(i128),
    Num(f64),
    Bool(bool),
    /// `Shape::Any`.
    Json(&'v Value),
    /// `Shape::FreeObject`.
    Object(&'v Map<String, Value>),
    /// Possibly partial (items with type errors dropped).
    Array(Vec<Val<'v>>),
    /// Possibly partial (members with type errors dropped); ordered as a `BTreeMap` is.
    Map(BTreeMap<&'v str, Val<'v>>),
    Struct(Fields<'v>),
    /// A known value (index) or an unknown one kept by a tolerant enum.
    Enum(Result<usize, String>),
    /// `Shape::Untyped`: a value of another JSON type than its keywords', kept as it is.
    Other(&'v Value),
    /// `Shape::Nullable`'s null (its other values are the inner shape's).
    Null,
    /// A union's value: the variant's index and its value.
    Variant(usize, Box<Val<'v>>),
}

/// For `uniqueItems`, which compares canonical encodings: a value encodes equal to another of
/// its shape exactly when the Rust values they stand for serialize equal (a struct as its
/// fields and chosen group members in order, a known enum value as its index).
impl serde::Serialize for Val<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Val::Str(x) => s.serialize_str(x),
            Val::Int(n) => s.serialize_i128(*n),
            Val::Num(x) => s.serialize_f64(*x),
            Val::Bool(b) => s.serialize_bool(*b),
            Val::Json(v) => v.serialize(s),
            Val::Object(m) => m.serialize(s),
            Val::Array(xs) => xs.serialize(s),
            Val::Map(m) => m.serialize(s),
            // As variants, which no JSON value (an `Untyped` one kept as it is) encodes to.
            Val::Struct(f) => s.serialize_newtype_variant("", 0, "struct", &(&f.fields, &f.groups)),
            Val::Enum(Ok(i)) => s.serialize_newtype_variant("", 1, "enum", i),
            Val::Enum(Err(x)) => s.serialize_str(x),
            Val::Other(v) => v.serialize(s),
            Val::Null => s.serialize_none(),
            Val::Variant(_, v) => v.serialize(s),
        }
    }
}

/// The fields of a decoded struct, parallel to `Struct::fields`, and the chosen member of each
/// group, parallel to `Struct::groups`.
#[derive(Debug, Clone, PartialEq)]
struct Fields<'v> {
    fields: Vec<Option<Val<'v>>>,
    groups: Vec<Option<(usize, Val<'v>)>>,
}

/// Stands in for an operation where only the runtime's request envelope checks are wanted:
/// unknown request parts, a non-object envelope and, with `REQUIRED`, a missing body.
struct Envelope<const REQUIRED: bool>;

impl<const REQUIRED: bool> docspec_runtime::Operation for Envelope<REQUIRED> {
    const ID: &'static str = "";
    const METHOD: &'static str = "";
    const PATH: &'static str = "";
    const HAS_BODY: bool = REQUIRED;
    const BODY_REQUIRED: bool = REQUIRED;
    const REQUEST_MEDIA: &'static [docspec_runtime::Media] = &[];
    const RESPONSE_MEDIA: &'static [docspec_runtime::Media] = &[];
    const FORM_JSON: &'static [&'static str] = &[];
    type PathParams = NoParams;
    type QueryParams = NoParams;
    type HeaderParams = NoParams;
    type Body = NoBody;
    type Response = Value;
}

static STRINGS: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
static LISTS: Mutex<BTreeSet<&'static [&'static str]>> = Mutex::new(BTreeSet::new());
type PatternKey = (&'static str, &'static str);
static PATTERNS: Mutex<BTreeMap<PatternKey, &'static Pattern>> = Mutex::new(BTreeMap::new());

fn intern(s: &str) -> &'static str {
    let mut set = STRINGS.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(s) = set.get(s) {
        return s;
    }
    let s: &'static str = Box::leak(s.to_owned().into_boxed_str());
    set.insert(s);
    s
}

fn intern_list<'a>(items: impl IntoIterator<Item = &'a str>) -> &'static [&'static str] {
    let items: Vec<&'static str> = items.into_iter().map(intern).collect();
    let mut set = LISTS.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(l) = set.get(items.as_slice()) {
        return l;
    }
    let l: &'static [&'static str] = Box::leak(items.into_boxed_slice());
    set.insert(l);
    l
}

static ACCESS: Mutex<BTreeSet<&'static [docspec_runtime::Access]>> = Mutex::new(BTreeSet::new());

fn intern_access(list: Vec<docspec_runtime::Access>) -> &'static [docspec_runtime::Access] {
    let mut set = ACCESS.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(l) = set.get(list.as_slice()) {
        return l;
    }
    let l: &'static [docspec_runtime::Access] = Box::leak(list.into_boxed_slice());
    set.insert(l);
    l
}

fn intern_pattern(p: &docspec_codegen::ir::PatternIr) -> &'static Pattern {
    let key = (intern(&p.source), intern(&p.translated));
    let mut map = PATTERNS.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(p) = map.get(&key) {
        return p;
    }
    let looks: Vec<_> = p.looks.iter().map(|(k, b)| (*k, intern(b))).collect();
    let looks = Box::leak(looks.into_boxed_slice());
    let p: &'static Pattern = Box::leak(Box::new(Pattern::with_looks(key.0, key.1, looks)));
    map.insert(key, p);
    p
}

/// A member a struct's decoder reads: a field, or a member of one of its one-of groups.
#[derive(Clone, Copy)]
struct MemberDecl<'s> {
    /// JSON name.
    wire: &'s str,
    /// Absent is a violation.
    required: bool,
    /// What it decodes as.
    shape: &'s Shape,
}

/// The member `wire` of `obj`, found as the decoder of struct `s` finds it (the emitter's
/// `header_fields` for header parameters).
fn member<'v>(s: &Struct, obj: &'v Map<String, Value>, wire: &str) -> Option<&'v Value> {
    if s.header_names {
        docspec_runtime::header_member(obj, wire)
    } else {
        obj.get(wire)
    }
}

impl<'m> Interp<'m> {
    /// Prepares `module`: compiles its patterns and builds its filter specs.
    pub fn new(module: &'m Module) -> Self {
        let patterns: Vec<&'static Pattern> = module.patterns.iter().map(intern_pattern).collect();
        for p in &patterns {
            // Compiles now rather than on the first request.
            let _ = p.is_match("");
        }
        let filters = module
            .filters
            .iter()
            .map(|f| FilterSpec {
                fields: intern_list(f.fields.iter().map(String::as_str)),
                operators: intern_list(f.operators.iter().map(String::as_str)),
                value_min_length: f.min_length,
                value_max_length: f.max_length,
                value_pattern: f.pattern.and_then(|i| patterns.get(i).copied()),
            })
            .collect();
        let mut names = HashMap::new();
        let mut types = HashMap::new();
        for (name, t) in &module.types {
            let mut prep = Prep::default();
            match &t.kind {
                TypeKind::Struct(s) => {
                    for f in &s.fields {
                        names.insert(f.wire.as_str(), intern(&f.wire));
                    }
                    prep.known = s
                        .deny_unknown
                        .as_ref()
                        .map(|k| intern_list(k.iter().map(String::as_str)));
                    prep.groups = s
                        .groups
                        .iter()
                        .map(|g| intern_list(g.members.iter().map(String::as_str)))
                        .collect();
                    let access: Vec<docspec_runtime::Access> = s
                        .fields
                        .iter()
                        .filter_map(|f| {
                            let a = f.access?;
                            Some(docspec_runtime::Access {
                                name: intern(&f.wire),
                                read_only: a.read_only,
                                required: a.required,
                            })
                        })
                        .collect();
                    prep.access = intern_access(access);
                }
                TypeKind::Enum(e) => {
                    prep.values = intern_list(e.values.iter().map(|(w, _)| w.as_str()));
                }
                TypeKind::Group(_) | TypeKind::Alias(_) | TypeKind::Union(_) => {}
            }
            types.insert(name.as_str(), prep);
        }
        let mut pattern_lists = HashMap::new();
        each_str_checks(module, &mut |c| {
            if c.patterns.len() > 1 {
                let list = c.patterns.iter().filter_map(|i| patterns.get(*i).copied());
                pattern_lists.insert(c.patterns.clone(), list.collect());
            }
        });
        Interp {
            module,
            patterns,
            pattern_lists,
            filters,
            names,
            types,
        }
    }

    /// The module being interpreted.
    pub fn module(&self) -> &'m Module {
        self.module
    }

    /// Like `docspec_runtime::validate_request::<O>(envelope)` for the operation with this
    /// operationId (`envelope` is `{"path": {...}, "query": {...}, "header": {...}, "body": ...}`);
    /// `None` when there is no such operation.
    pub fn validate_request(&self, operation_id: &str, envelope: &Value) -> Option<Report> {
        let op = self
            .module
            .operations
            .iter()
            .find(|o| o.id == operation_id)?;
        let Value::Object(obj) = envelope else {
            return Some(envelope_checks::<false>(envelope));
        };
        let unknown: Map<String, Value> = obj
            .keys()
            .filter(|k| !matches!(k.as_str(), "path" | "query" | "header" | "body"))
            .map(|k| (k.clone(), Value::Null))
            .collect();
        let mut report = envelope_checks::<false>(&Value::Object(unknown));
        let root = Path::root();
        let empty = Value::Object(Map::new());
        for (part, params) in [
            ("path", &op.path_params),
            ("header", &op.header_params),
            ("query", &op.query_params),
        ] {
            let v = obj.get(part).unwrap_or(&empty);
            self.params(params.as_deref(), v, &root.key(part), &mut report);
        }
        let at = root.key("body");
        // As the runtime reads the body by the operation's first media type: form fields as
        // strings, a raw body as the text of a JSON string.
        let first = op.request_media.first().map(|m| m.kind);
        match (obj.get("body"), &op.body) {
            (Some(Value::String(text)), None) if first.is_some_and(|k| !k.typed()) => {
                let kind = first.expect("checked");
                docspec_runtime::check_raw_body(kind, text.as_bytes(), &at, &mut report);
            }
            (Some(v), Some(body)) => {
                let form = matches!(
                    first,
                    Some(docspec_runtime::MediaKind::Form | docspec_runtime::MediaKind::Multipart)
                );
                let json: Vec<&str> = op.form_json.iter().map(String::as_str).collect();
                let v = if form {
                    docspec_runtime::form_json(v, &json, &at, &mut report)
                } else {
                    std::borrow::Cow::Borrowed(v)
                };
                let v = &*v;
                let out = {
                    let mut cx = Cx::new(&mut report, Direction::Request);
                    cx.scalars_from_strings = form;
                    self.decode(&body.shape, v, &at, &mut cx)
                };
                if let Some(d) = &out {
                    self.validate(&body.shape, d, &at, &mut report);
                }
            }
            (Some(v), None) => {
                let _ = NoBody::decode(v, &at, &mut Cx::new(&mut report, Direction::Request));
            }
            (None, _) if op.body_required => {
                report.extend_prefixed("", envelope_checks::<true>(&Value::Object(Map::new())));
            }
            (None, _) => {}
        }
        Some(report)
    }

    /// Decodes and checks a success response body of the operation as a response (tolerant
    /// enums), with pointers relative to the body (`""` is its root), as
    /// `docspec_runtime::from_value::<O::Response>` does; `None` when there is no such operation
    /// or it documents no JSON response body.
    pub fn validate_response(&self, operation_id: &str, body: &Value) -> Option<Report> {
        let op = self
            .module
            .operations
            .iter()
            .find(|o| o.id == operation_id)?;
        let response = op.response.as_ref()?;
        Some(self.validate_shape(&response.shape, body, Direction::Response))
    }

    /// Decodes and checks one value against a shape, at the root pointer.
    ///
    /// This is `docspec_runtime::from_value::<T>` for the Rust type `T` of `shape`: named types
    /// check their own constraints, while constraints written on `shape` itself (a `maxLength`
    /// of a bare string, the `minItems` of an array) are checked where a field uses the shape,
    /// and so not here, exactly as for a request or response body of that type.
    pub fn validate_shape(&self, shape: &Shape, value: &Value, direction: Direction) -> Report {
        let mut report = Report::default();
        let root = Path::root();
        let out = {
            let mut cx = Cx::new(&mut report, direction);
            self.decode(shape, value, &root, &mut cx)
        };
        if let Some(d) = &out {
            self.validate(shape, d, &root, &mut report);
        }
        report
    }

    /// Decode + validate one value as a struct field of this shape would be: unlike
    /// [`Self::validate_shape`], the constraints written on `shape` itself are checked too
    /// (the spec diff asks whether one keyword accepts a value).
    pub fn validate_value(&self, shape: &Shape, value: &Value, direction: Direction) -> Report {
        let mut report = Report::default();
        let root = Path::root();
        let out = {
            let mut cx = Cx::new(&mut report, direction);
            self.decode(shape, value, &root, &mut cx)
        };
        match &out {
            Some(d) => self.checks(shape, d, false, &root, &mut report),
            None => self.raw_checks(shape, value, &root, &mut report),
        }
        report
    }

    /// Path, header or query parameters: the struct `name`, or `NoParams` without one.
    fn params(&self, name: Option<&str>, v: &Value, at: &Path<'_>, report: &mut Report) {
        let out = {
            let mut cx = Cx::new(report, Direction::Request);
            cx.scalars_from_strings = true;
            match name {
                Some(n) => self.decode_named(n, v, at, &mut cx),
                None => NoParams::decode(v, at, &mut cx).and(None),
            }
        };
        if let (Some(n), Some(d)) = (name, &out) {
            self.validate_named(n, d, at, report);
        }
    }

    fn name(&self, s: &str) -> &'static str {
        self.names.get(s).copied().unwrap_or_else(|| intern(s))
    }

    fn kind(&self, name: &str) -> Option<&'m TypeKind> {
        self.module.types.get(name).map(|t| &t.kind)
    }

    fn group(&self, g: &GroupField) -> Option<&'m Group> {
        match self.kind(&g.type_name) {
            Some(TypeKind::Group(group)) => Some(group),
            _ => None,
        }
    }

    /// `T::decode` for the Rust type `T` of `shape`.
    fn decode<'v>(
        &self,
        shape: &Shape,
        v: &'v Value,
        at: &Path<'_>,
        cx: &mut Cx<'_>,
    ) -> Option<Val<'v>> {
        // On a mismatch the runtime's own decoder of the Rust type records the type error.
        match shape {
            Shape::Untyped(inner) => match self.json_type(inner) {
                Some(t) if !t.holds(v) => Some(Val::Other(v)),
                _ => self.decode(inner, v, at, cx),
            },
            Shape::Nullable(_) if v.is_null() => Some(Val::Null),
            Shape::Nullable(inner) => self.decode(inner, v, at, cx),
            Shape::String(_) => match v {
                Value::String(s) => Some(Val::Str(s)),
                _ => String::decode(v, at, cx).and(None),
            },
            Shape::Integer(IntRepr::I32, _) => i32::decode(v, at, cx).map(|n| Val::Int(n.into())),
            Shape::Integer(IntRepr::I64, _) => i64::decode(v, at, cx).map(|n| Val::Int(n.into())),
            Shape::Integer(IntRepr::Int64String, _) => {
                Int64::decode(v, at, cx).map(|n| Val::Int(n.0.into()))
            }
            Shape::Number(..) => f64::decode(v, at, cx).map(Val::Num),
            Shape::Boolean => bool::decode(v, at, cx).map(Val::Bool),
            Shape::Any => Some(Val::Json(v)),
            Shape::FreeObject => match v {
                Value::Object(m) => Some(Val::Object(m)),
                _ => Map::<String, Value>::decode(v, at, cx).and(None),
            },
            Shape::Array { items, .. } => match v {
                Value::Array(a) => {
                    // As the runtime's `Vec` decoder: every item decoded, the prefix before the
                    // first failure kept, so indexes stay the wire's; an item after a failed
                    // one is checked at its own index.
                    let mut out = Vec::with_capacity(a.len());
                    let mut whole = true;
                    for (i, item) in a.iter().enumerate() {
                        let at = at.index(i);
                        match self.decode(items, item, &at, cx) {
                            Some(x) if whole => out.push(x),
                            Some(x) => self.validate(items, &x, &at, cx.report),
                            None => whole = false,
                        }
                    }
                    Some(Val::Array(out))
                }
                _ => Vec::<Value>::decode(v, at, cx).and(None),
            },
            Shape::Map { values, .. } => match v {
                Value::Object(o) => Some(Val::Map(
                    o.iter()
                        .filter_map(|(k, item)| {
                            Some((k.as_str(), self.decode(values, item, &at.key(k), cx)?))
                        })
                        .collect(),
                )),
                _ => BTreeMap::<String, Value>::decode(v, at, cx).and(None),
            },
            Shape::Named(n) => self.decode_named(n, v, at, cx),
        }
    }

    /// `Decode::TYPE` of the Rust type of `shape`.
    fn json_type(&self, shape: &Shape) -> Option<JsonType> {
        match shape {
            Shape::String(_) => Some(JsonType::String),
            Shape::Integer(IntRepr::Int64String, _) => None,
            Shape::Integer(..) => Some(JsonType::Integer),
            Shape::Number(..) => Some(JsonType::Number),
            Shape::Boolean => Some(JsonType::Boolean),
            Shape::Array { .. } => Some(JsonType::Array),
            Shape::Map { .. } | Shape::FreeObject => Some(JsonType::Object),
            Shape::Any | Shape::Untyped(_) | Shape::Nullable(_) => None,
            Shape::Named(n) => match self.kind(n)? {
                TypeKind::Struct(_) => Some(JsonType::Object),
                TypeKind::Enum(_) => Some(JsonType::String),
                TypeKind::Alias(s) => self.json_type(s),
                TypeKind::Group(_) | TypeKind::Union(_) => None,
            },
        }
    }

    fn decode_named<'v>(
        &self,
        name: &str,
        v: &'v Value,
        at: &Path<'_>,
        cx: &mut Cx<'_>,
    ) -> Option<Val<'v>> {
        match self.kind(name) {
            Some(TypeKind::Struct(s)) => self.decode_struct(name, s, v, at, cx),
            Some(TypeKind::Enum(e)) => {
                let values = self.types.get(name).map_or(&[][..], |p| p.values);
                match docspec_runtime::decode_enum(v, values, e.tolerant, at, cx)? {
                    Ok(i) if i < values.len() => Some(Val::Enum(Ok(i))),
                    Ok(_) => None,
                    Err(s) if e.tolerant => Some(Val::Enum(Err(s))),
                    Err(_) => None,
                }
            }
            Some(TypeKind::Alias(s)) => self.decode(s, v, at, cx),
            Some(TypeKind::Union(u)) => {
                let names: Vec<&str> = u.variants.iter().map(|x| x.wire.as_str()).collect();
                let values: Vec<(&str, usize)>;
                let members: Vec<&str>;
                let dispatch = match &u.dispatch {
                    docspec_codegen::ir::Dispatch::Trial => docspec_runtime::Dispatch::Trial,
                    docspec_codegen::ir::Dispatch::Single => docspec_runtime::Dispatch::Single,
                    docspec_codegen::ir::Dispatch::Tag {
                        property,
                        values: vs,
                    } => {
                        values = vs.iter().map(|(w, i)| (w.as_str(), *i)).collect();
                        docspec_runtime::Dispatch::Tag {
                            property,
                            values: &values,
                        }
                    }
                    docspec_codegen::ir::Dispatch::Member(ms) => {
                        members = ms.iter().map(String::as_str).collect();
                        docspec_runtime::Dispatch::Member(&members)
                    }
                };
                let rules = docspec_runtime::UnionRules {
                    any: u.any,
                    names: &names,
                    dispatch,
                };
                // The runtime hands the same value back; the outer one is borrowed for `'v`.
                let start = cx.report.len();
                let out = rules.decode(v, at, cx, |i, _, at, cx| {
                    let shape = &u.variants.get(i)?.shape;
                    let x = self.decode(shape, v, at, cx)?;
                    self.checks(shape, &x, false, at, cx.report);
                    Some(Val::Variant(i, Box::new(x)))
                });
                for n in &u.not {
                    docspec_runtime::not(v, at, cx, |v, at, cx| self.matches(n, v, at, cx));
                }
                out.filter(|_| cx.report.len() == start)
            }
            // The emitter never uses a group (or an unknown name) as a shape.
            Some(TypeKind::Group(_)) | None => Some(Val::Json(v)),
        }
    }

    /// Decodes `v` as `shape` and checks it (a `not` subschema's test).
    fn matches(&self, shape: &Shape, v: &Value, at: &Path<'_>, cx: &mut Cx<'_>) -> Option<()> {
        let x = self.decode(shape, v, at, cx)?;
        self.checks(shape, &x, false, at, cx.report);
        Some(())
    }

    /// `decode_field`: the member `m` of `obj`, decoded; an absent required one is recorded.
    fn field<'v>(
        &self,
        s: &Struct,
        obj: &'v Map<String, Value>,
        m: MemberDecl<'_>,
        at: &Path<'_>,
        cx: &mut Cx<'_>,
    ) -> Option<Val<'v>> {
        let MemberDecl {
            wire,
            required,
            shape,
        } = m;
        match member(s, obj, wire) {
            Some(v) => self.decode(shape, v, &at.key(wire), cx),
            None => {
                if required {
                    // The member is absent, so this only records the runtime's `required`.
                    let _ =
                        docspec_runtime::decode_field::<Value>(obj, self.name(wire), true, at, cx);
                }
                None
            }
        }
    }

    /// `Decode` of a struct, as `emit::struct_def` writes it.
    fn decode_struct<'v>(
        &self,
        name: &str,
        s: &Struct,
        v: &'v Value,
        at: &Path<'_>,
        cx: &mut Cx<'_>,
    ) -> Option<Val<'v>> {
        let obj = docspec_runtime::expect_object(v, at, cx)?;
        let prep = self.types.get(name);
        let start = cx.report.len();
        let locals: Vec<Option<Val<'v>>> = s
            .fields
            .iter()
            .map(|f| {
                let m = MemberDecl {
                    wire: &f.wire,
                    required: f.required,
                    shape: &f.shape,
                };
                self.field(s, obj, m, at, cx)
            })
            .collect();
        // `None` for a group whose type is missing: the emitter leaves such a group out.
        let mut members: Vec<Option<Vec<Option<Val<'v>>>>> = Vec::new();
        for g in &s.groups {
            let Some(group) = self.group(g) else {
                members.push(None);
                continue;
            };
            members.push(Some(
                group
                    .members
                    .iter()
                    .map(|m| {
                        // A group member is never required on its own: the group counts them.
                        let m = MemberDecl {
                            wire: &m.wire,
                            required: false,
                            shape: &m.shape,
                        };
                        self.field(s, obj, m, at, cx)
                    })
                    .collect(),
            ));
        }
        // As the emitted code: every member is decoded before any group is counted.
        for (i, g) in s.groups.iter().enumerate() {
            if self.group(g).is_some() {
                let list = prep.and_then(|p| p.groups.get(i).copied()).unwrap_or(&[]);
                docspec_runtime::one_of(obj, list, g.exactly_one, at, cx);
            }
        }
        if let Some(one_way) = prep.map(|p| p.access).filter(|a| !a.is_empty()) {
            let present: Vec<bool> = one_way
                .iter()
                .map(|a| member(s, obj, a.name).is_some())
                .collect();
            docspec_runtime::access(&present, one_way, at, cx);
        }
        if let Some(extra) = &s.extra {
            for (k, x) in obj {
                let declared = s.fields.iter().any(|f| f.wire == *k)
                    || s.groups.iter().any(|g| g.members.contains(k));
                if !declared {
                    let at = &at.key(k);
                    if let Some(val) = self.decode(extra, x, at, cx) {
                        self.checks(extra, &val, false, at, cx.report);
                    }
                }
            }
        }
        if let Some(min) = s.min_props {
            docspec_runtime::check::min_properties(obj.len(), min, at, cx.report);
        }
        if let Some(max) = s.max_props {
            docspec_runtime::check::max_properties(obj.len(), max, at, cx.report);
        }
        if let Some(known) = prep.and_then(|p| p.known) {
            docspec_runtime::deny_unknown(obj, known, at, cx);
        }
        if cx.report.len() != start {
            let r = &mut *cx.report;
            for (f, local) in s.fields.iter().zip(&locals) {
                let raw = member(s, obj, &f.wire);
                self.failed(&f.shape, &f.wire, local.as_ref(), raw, at, r);
            }
            for (g, ms) in s.groups.iter().zip(&members) {
                let (Some(group), Some(ms)) = (self.group(g), ms) else {
                    continue;
                };
                for (m, local) in group.members.iter().zip(ms) {
                    let raw = member(s, obj, &m.wire);
                    self.failed(&m.shape, &m.wire, local.as_ref(), raw, at, r);
                }
            }
            for rule in &s.rules {
                self.rule(s, rule, &locals, Some(obj), at, r);
            }
            return None;
        }
        if s.fields
            .iter()
            .zip(&locals)
            .any(|(f, l)| f.required && l.is_none())
        {
            return None;
        }
        let mut groups = Vec::with_capacity(members.len());
        for (g, ms) in s.groups.iter().zip(members) {
            let chosen = ms.and_then(|ms| {
                ms.into_iter()
                    .enumerate()
                    .find_map(|(i, m)| m.map(|m| (i, m)))
            });
            if chosen.is_none() && g.exactly_one && self.group(g).is_some() {
                return None;
            }
            groups.push(chosen);
        }
        Some(Val::Struct(Fields {
            fields: locals,
            groups,
        }))
    }

    /// The failure-path checks of one member: its partly decoded value, then its raw JSON.
    fn failed(
        &self,
        shape: &Shape,
        wire: &str,
        local: Option<&Val<'_>>,
        raw: Option<&Value>,
        at: &Path<'_>,
        r: &mut Report,
    ) {
        let at = &at.key(wire);
        if let Some(v) = local {
            self.checks(shape, v, true, at, r);
        }
        if let Some(raw) = raw {
            self.raw_checks(shape, raw, at, r);
        }
    }

    /// `Validate::validate_at` of the Rust type of `shape`: leaf types check nothing (their
    /// constraints belong to the field that holds them), containers recurse.
    fn validate(&self, shape: &Shape, v: &Val<'_>, at: &Path<'_>, r: &mut Report) {
        match (shape, v) {
            (Shape::Untyped(_), Val::Other(_)) => {}
            (Shape::Untyped(inner), _) => self.validate(inner, v, at, r),
            (Shape::Nullable(_), Val::Null) => {}
            (Shape::Nullable(inner), _) => self.validate(inner, v, at, r),
            (Shape::Named(n), _) => self.validate_named(n, v, at, r),
            (Shape::Array { items, .. }, Val::Array(xs)) => {
                for (i, x) in xs.iter().enumerate() {
                    self.validate(items, x, &at.index(i), r);
                }
            }
            (Shape::Map { values, .. }, Val::Map(m)) => {
                for (k, x) in m {
                    self.validate(values, x, &at.key(k), r);
                }
            }
            _ => {}
        }
    }

    fn validate_named(&self, name: &str, v: &Val<'_>, at: &Path<'_>, r: &mut Report) {
        match (self.kind(name), v) {
            (Some(TypeKind::Struct(s)), Val::Struct(f)) => self.validate_struct(s, f, at, r),
            (Some(TypeKind::Alias(shape)), _) => self.validate(shape, v, at, r),
            (Some(TypeKind::Union(u)), Val::Variant(i, x)) => {
                if let Some(variant) = u.variants.get(*i) {
                    self.checks(&variant.shape, x, false, at, r);
                }
                for n in &u.not {
                    docspec_runtime::not_held(v, at, r, |v, at, cx| self.matches(n, v, at, cx));
                }
            }
            _ => {}
        }
    }

    fn validate_struct(&self, s: &Struct, v: &Fields<'_>, at: &Path<'_>, r: &mut Report) {
        for (f, x) in s.fields.iter().zip(&v.fields) {
            if let Some(x) = x {
                self.checks(&f.shape, x, false, &at.key(&f.wire), r);
            }
        }
        for (g, x) in s.groups.iter().zip(&v.groups) {
            let (Some(group), Some((i, x))) = (self.group(g), x) else {
                continue;
            };
            if let Some(m) = group.members.get(*i) {
                self.checks(&m.shape, x, false, &at.key(&m.wire), r);
            }
        }
        for rule in &s.rules {
            self.rule(s, rule, &v.fields, None, at, r);
        }
    }

    /// The use-site checks of `shape` (`emit::checks_in`); with `partial`, `v` may be a partly
    /// decoded collection, whose counts, uniqueness and keys are left to [`Self::raw_checks`].
    fn checks(&self, shape: &Shape, v: &Val<'_>, partial: bool, at: &Path<'_>, r: &mut Report) {
        match (shape, v) {
            (Shape::String(c), Val::Str(s)) => self.str_rules(c).check(s, at, r),
            (Shape::Integer(_, c), Val::Int(n)) => describe::int_value(c).check(*n, at, r),
            (Shape::Number(c), Val::Num(x)) => describe::num_value(c).check(*x, at, r),
            (
                Shape::Array {
                    items,
                    min_items,
                    max_items,
                    unique,
                },
                Val::Array(xs),
            ) => {
                if !partial {
                    describe::array_value(*min_items, *max_items, *unique).check(xs, at, r);
                }
                for (i, x) in xs.iter().enumerate() {
                    self.checks(items, x, partial, &at.index(i), r);
                }
            }
            (Shape::Map { values, .. }, Val::Map(m)) => {
                let names = self.map_required(shape);
                let rules = self.map_rules(shape, &names);
                if !partial {
                    rules.check(m.len(), |k| m.contains_key(k), at, r);
                }
                for (k, x) in m {
                    let at = &at.key(k);
                    if !partial {
                        rules.check_key(k, at, r);
                    }
                    self.checks(values, x, partial, at, r);
                }
            }
            (Shape::Named(n), _) => self.validate_named(n, v, at, r),
            (Shape::Untyped(_), Val::Other(_)) => {}
            (Shape::Untyped(inner), _) => self.checks(inner, v, partial, at, r),
            (Shape::Nullable(_), Val::Null) => {}
            (Shape::Nullable(inner), _) => self.checks(inner, v, partial, at, r),
            _ => {}
        }
    }

    /// `emit::raw_checks`: counts, uniqueness and keys of a member whose object failed to
    /// decode, on its raw JSON, so that items with type errors count too.
    fn raw_checks(&self, shape: &Shape, raw: &Value, at: &Path<'_>, r: &mut Report) {
        match (shape, raw) {
            (Shape::Untyped(inner) | Shape::Nullable(inner), _) => {
                self.raw_checks(inner, raw, at, r)
            }
            (
                Shape::Array {
                    min_items,
                    max_items,
                    unique,
                    ..
                },
                Value::Array(a),
            ) => describe::array_value(*min_items, *max_items, *unique).check(a, at, r),
            (Shape::Map { .. }, Value::Object(o)) => {
                let names = self.map_required(shape);
                let rules = self.map_rules(shape, &names);
                rules.check(o.len(), |k| o.contains_key(k), at, r);
                for k in o.keys() {
                    rules.check_key(k, &at.key(k), r);
                }
            }
            _ => {}
        }
    }

    /// The `StrRules` of `c`.
    fn str_rules<'s>(&'s self, c: &StrChecks) -> StrRules<'s> {
        describe::str_value(c, &self.patterns, &self.pattern_lists, &self.filters)
    }

    /// The `required` names of a map shape, borrowed.
    fn map_required<'s>(&self, shape: &'s Shape) -> Vec<&'s str> {
        match shape {
            Shape::Map { required, .. } => required.iter().map(String::as_str).collect(),
            _ => Vec::new(),
        }
    }

    /// The `MapRules` of a map shape, with its `required` names from [`Self::map_required`].
    fn map_rules<'s>(&'s self, shape: &Shape, required: &'s [&'s str]) -> MapRules<'s> {
        let (min, max, keys) = match shape {
            Shape::Map {
                min_props,
                max_props,
                keys,
                ..
            } => (*min_props, *max_props, self.str_rules(keys)),
            _ => (None, None, StrRules::NONE),
        };
        MapRules {
            min_properties: min,
            max_properties: max,
            required,
            keys,
        }
    }

    /// What reading the integer at `p` finds in the fields of a struct (or, on the failure
    /// path, in the decoded locals of one, where a first step present in `obj` but not
    /// decoded is undecodable).
    fn access(
        &self,
        s: &Struct,
        fields: &[Option<Val<'_>>],
        p: &FieldPath,
        obj: Option<&Map<String, Value>>,
    ) -> Read {
        let Some(((wire, first, _), rest)) = p.steps.split_first() else {
            return Read::Absent;
        };
        let Some(i) = s.fields.iter().position(|f| f.rust == *first) else {
            return Read::Absent;
        };
        let Some(mut cur) = fields.get(i).and_then(Option::as_ref) else {
            return match obj {
                Some(obj) if obj.contains_key(wire) => Read::Undecodable,
                _ => Read::Absent,
            };
        };
        let mut shape = &s.fields[i].shape;
        for (_, rust, _) in rest {
            let (Shape::Named(n), Val::Struct(f)) = (shape, cur) else {
                return Read::Absent;
            };
            let Some(TypeKind::Struct(inner)) = self.kind(n) else {
                return Read::Absent;
            };
            let Some(j) = inner.fields.iter().position(|f| f.rust == *rust) else {
                return Read::Absent;
            };
            shape = &inner.fields[j].shape;
            match f.fields.get(j).and_then(Option::as_ref) {
                Some(x) => cur = x,
                None => return Read::Absent,
            }
        }
        match cur {
            Val::Int(n) => Read::Value(*n),
            _ => Read::Absent,
        }
    }

    /// A rule's check (`emit::rule_checks`), on the runtime's description of it. With `obj`
    /// (the failure path of decoding) a field present but undecodable skips the rule.
    fn rule(
        &self,
        s: &Struct,
        rule: &Rule,
        fields: &[Option<Val<'_>>],
        obj: Option<&Map<String, Value>>,
        at: &Path<'_>,
        r: &mut Report,
    ) {
        let paths = describe::rule_fields(rule);
        let steps: Vec<Vec<&str>> = paths
            .iter()
            .map(|p| p.steps.iter().map(|(w, ..)| w.as_str()).collect())
            .collect();
        let refs: Vec<FieldRef<'_>> = paths
            .iter()
            .zip(&steps)
            .map(|(p, steps)| FieldRef {
                text: &p.text,
                steps,
            })
            .collect();
        let asserts = describe::rule_asserts(rule);
        let reads: Vec<Read> = paths
            .iter()
            .map(|p| self.access(s, fields, p, obj))
            .collect();
        describe::rule_value(rule, &refs, &asserts).check(&reads, at, r);
    }
}

/// Calls `f` with the string constraints of every shape of `module`: values, map keys, items.
fn each_str_checks(module: &Module, f: &mut dyn FnMut(&StrChecks)) {
    fn shape(s: &Shape, f: &mut dyn FnMut(&StrChecks)) {
        match s {
            Shape::String(c) => f(c),
            Shape::Array { items, .. } => shape(items, f),
            Shape::Map { values, keys, .. } => {
                f(keys);
                shape(values, f);
            }
            Shape::Untyped(inner) | Shape::Nullable(inner) => shape(inner, f),
            _ => {}
        }
    }
    for t in module.types.values() {
        match &t.kind {
            TypeKind::Struct(s) => {
                s.fields.iter().for_each(|x| shape(&x.shape, f));
                s.extra.iter().for_each(|x| shape(x, f));
            }
            TypeKind::Group(g) => g.members.iter().for_each(|x| shape(&x.shape, f)),
            TypeKind::Union(u) => {
                u.variants.iter().for_each(|x| shape(&x.shape, f));
                u.not.iter().for_each(|x| shape(x, f));
            }
            TypeKind::Alias(s) => shape(s, f),
            TypeKind::Enum(_) => {}
        }
    }
    for op in &module.operations {
        for body in op.body.iter().chain(&op.response) {
            shape(&body.shape, f);
        }
    }
}

/// The runtime's own envelope checks of `validate_request`, run on an envelope whose parts are
/// all unknown (or that is not an object), with or without a required body.
fn envelope_checks<const REQUIRED: bool>(envelope: &Value) -> Report {
    docspec_runtime::validate_request::<Envelope<REQUIRED>>(envelope)
        .err()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    //! Expected reports were taken from the code that `emit` generates for this spec (compiled
    //! outside the workspace and compared with the interpreter on thousands of mutated inputs).

    use super::*;
    use serde_json::json;

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: Edge cases, version: v1}
paths:
  /things/{id}:
    post:
      operationId: makeThing
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer, format: int32, minimum: 1}}
        - {name: X-Count, in: header, schema: {type: integer, format: int64, maximum: 10}}
        - {name: dry, in: query, schema: {type: boolean}}
        - {name: ratio, in: query, schema: {type: number, minimum: 0, maximum: 1, exclusiveMaximum: true}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Thing'}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Answer'}
components:
  schemas:
    Short: {type: string, maxLength: 3}
    Thing:
      type: object
      additionalProperties: false
      required: [name, sizes]
      properties:
        name: {$ref: '#/components/schemas/Short'}
        sizes:
          type: array
          minItems: 1
          maxItems: 3
          uniqueItems: true
          items: {type: integer, format: int64, x-int64-string: true, minimum: 0}
        weights:
          type: array
          uniqueItems: true
          items: {type: number, minimum: 0, exclusiveMinimum: true}
        labels:
          type: object
          minProperties: 1
          maxProperties: 2
          additionalProperties: {type: string, minLength: 2}
          x-property-names: {minLength: 2, maxLength: 4, pattern: '^(?:[a-z]+)$'}
        extra: {}
        opts: {type: object}
        children:
          type: array
          uniqueItems: true
          items: {$ref: '#/components/schemas/Child'}
        low: {type: integer, format: int64, x-int64-string: true}
        high: {type: integer, format: int64, x-int64-string: true}
        mode: {type: string, enum: [a, b]}
        tags:
          type: array
          items: {type: string, pattern: '^(?:[a-z]+)$'}
      x-rules:
        - description: high is at least twice low
          assert:
            - {field: high, minimum: {field: low, numerator: 2, denominator: 1}}
    Child:
      type: object
      properties:
        n: {type: integer, format: int32}
        when: {type: string, format: date-time}
        child: {$ref: '#/components/schemas/Child'}
    Answer:
      type: object
      required: [state, count]
      properties:
        state: {type: string, enum: [ON, OFF]}
        count: {type: integer, format: int32, maximum: 5}
        states:
          type: array
          uniqueItems: true
          items: {type: string, enum: [ON, OFF]}
"#;

    fn module() -> Module {
        let spec = docspec_codegen::load::parse("specs/edge.yaml", SPEC.to_owned()).expect("spec");
        docspec_codegen::lower::lower(&spec, "edge").expect("lowered")
    }

    /// The report of a request whose path is valid and whose body adds `body` to a valid one.
    fn body(body: Value) -> Value {
        let m = module();
        let mut b = json!({"name": "abc", "sizes": ["1"]});
        if let (Some(b), Value::Object(extra)) = (b.as_object_mut(), body) {
            b.extend(extra);
        }
        let req = json!({"path": {"id": "7"}, "body": b});
        let r = Interp::new(&m).validate_request("makeThing", &req);
        r.expect("operation").to_json()
    }

    fn response(v: Value) -> Value {
        let m = module();
        let r = Interp::new(&m).validate_response("makeThing", &v);
        r.expect("operation").to_json()
    }

    fn errors(r: &Value) -> Vec<(String, String)> {
        r["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| {
                (
                    e["pointer"].as_str().unwrap_or("").to_owned(),
                    e["code"].as_str().unwrap_or("").to_owned(),
                )
            })
            .collect()
    }

    fn pairs(want: &[(&str, &str)]) -> Vec<(String, String)> {
        want.iter()
            .map(|(p, c)| (p.to_string(), c.to_string()))
            .collect()
    }

    #[test]
    fn valid_request_and_response() {
        let r = body(json!({
            "weights": [0.5, 1], "labels": {"ab": "xy"}, "extra": [1], "opts": {},
            "children": [{"n": 1, "when": "2024-01-01T00:00:00Z", "child": {"n": 2}}],
            "low": "1", "high": "2", "mode": "a", "tags": ["x"]
        }));
        assert_eq!(r, json!({"valid": true, "errors": []}));
        assert_eq!(
            response(json!({"state": "ON", "count": 3})),
            json!({"valid": true, "errors": []})
        );
    }

    /// Out-of-range int64 strings and numbers are type errors; items after the first bad one
    /// are not checked (the third item's minimum), so no check lands on a shifted index.
    #[test]
    fn int64_overflow() {
        let r = body(
            json!({"sizes": ["9223372036854775808", 9223372036854775808u64, "-9223372036854775808", "1"]}),
        );
        let what = "an int64 (a decimal string or an integer)";
        assert_eq!(
            r["errors"],
            json!([
                {"pointer": "/body/sizes/0", "code": "type", "limit": what,
                 "message": format!("9223372036854775808 is out of range for {what}")},
                {"pointer": "/body/sizes/1", "code": "type", "limit": what,
                 "message": format!("9223372036854775808 is out of range for {what}")},
                {"pointer": "/body/sizes", "code": "max_items", "limit": 3,
                 "message": "must have at most 3 items, got 4"}
            ])
        );
        let r =
            body(json!({"sizes": ["99999999999999999999999999999999999999999999", "+1", " 1"]}));
        assert_eq!(
            errors(&r),
            pairs(&[
                ("/body/sizes/0", "type"),
                ("/body/sizes/1", "type"),
                ("/body/sizes/2", "type")
            ])
        );
    }

    #[test]
    fn lengths_count_code_points() {
        assert_eq!(body(json!({"name": "жжж"}))["valid"], json!(true));
        let r = body(json!({"name": "жжжж"}));
        assert_eq!(
            r["errors"],
            json!([{"pointer": "/body/name", "code": "max_length", "limit": 3,
                    "message": "value must be at most 3 characters long, got 4"}])
        );
        let r = body(json!({"labels": {"жж": "ж"}}));
        assert_eq!(
            errors(&r),
            pairs(&[
                ("/body/labels/жж", "property_name"),
                ("/body/labels/жж", "min_length")
            ])
        );
    }

    /// Unknown enum values pass in responses (checks of the other members still run, even when
    /// the enum member is required) and are violations in requests.
    #[test]
    fn tolerant_enum() {
        let r = response(json!({"state": "DIMMED", "count": 9, "states": ["ON", "NEW", "NEW"]}));
        assert_eq!(
            errors(&r),
            pairs(&[("/count", "maximum"), ("/states/2", "unique_items")])
        );
        let r = response(json!({"state": 1, "count": 9}));
        assert_eq!(
            errors(&r),
            pairs(&[("/state", "type"), ("/count", "maximum")])
        );
        let r = body(json!({"mode": "DIMMED"}));
        assert_eq!(
            r["errors"],
            json!([{"pointer": "/body/mode", "code": "enum", "limit": ["a", "b"],
                    "message": "\"DIMMED\" is not one of `a`, `b`"}])
        );
        let m = module();
        let answer = Shape::Named("Answer".into());
        let strict = Interp::new(&m).validate_shape(
            &answer,
            &json!({"state": "DIMMED", "count": 1}),
            Direction::Request,
        );
        assert_eq!(errors(&strict.to_json()), pairs(&[("/state", "enum")]));
    }

    /// Uniqueness compares decoded values ("1" and 1 are the same int64, 1 and 1.0 the same
    /// number) but raw JSON when the array has a type error somewhere.
    #[test]
    fn unique_items() {
        assert_eq!(
            errors(&body(json!({"sizes": ["1", 1, "2"]}))),
            pairs(&[("/body/sizes/1", "unique_items")])
        );
        assert_eq!(
            errors(&body(json!({"sizes": ["1", 1, null]}))),
            pairs(&[("/body/sizes/2", "type")])
        );
        assert_eq!(
            errors(&body(json!({"weights": [1, 1.0, -0.0, 0]}))),
            pairs(&[
                ("/body/weights/1", "unique_items"),
                ("/body/weights/2", "minimum"),
                ("/body/weights/3", "minimum")
            ])
        );
    }

    /// A rule runs on the failure path unless a field it reads failed to decode.
    #[test]
    fn rules_on_the_failure_path() {
        let rule = ("/body/high", "rule");
        assert_eq!(
            errors(&body(json!({"low": "5", "high": "3"}))),
            pairs(&[rule])
        );
        assert_eq!(
            errors(&body(json!({"low": "5", "high": "3", "name": 5}))),
            pairs(&[("/body/name", "type"), rule])
        );
        assert_eq!(
            errors(&body(json!({"low": "5", "high": "x"}))),
            pairs(&[("/body/high", "type")])
        );
        assert_eq!(
            errors(&body(json!({"tags": ["a", 1, "B"], "size": 1}))),
            pairs(&[("/body/tags/1", "type"), ("/body/size", "unknown_field")])
        );
    }

    #[test]
    fn parameters_and_envelope() {
        let m = module();
        let i = Interp::new(&m);
        let req = json!({"path": {"id": "0"}, "header": {"X-Count": "11"}, "query": {"dry": "yes", "ratio": "1"}, "paths": {}});
        let r = i
            .validate_request("makeThing", &req)
            .expect("operation")
            .to_json();
        assert_eq!(
            errors(&r),
            pairs(&[
                ("/paths", "unknown_field"),
                ("/path/id", "minimum"),
                ("/header/X-Count", "maximum"),
                ("/query/dry", "type"),
                ("/query/ratio", "maximum"),
                ("/body", "required"),
            ])
        );
        let req = json!({"path": "7", "header": [], "query": {"ratio": 0.5, "dry": "true"}, "body": {"name": "abc", "sizes": ["1"]}});
        let r = i
            .validate_request("makeThing", &req)
            .expect("operation")
            .to_json();
        assert_eq!(errors(&r), pairs(&[("/path", "type"), ("/header", "type")]));
        let r = i
            .validate_request("makeThing", &json!([]))
            .expect("operation")
            .to_json();
        assert_eq!(errors(&r), pairs(&[("", "type")]));
        assert!(i.validate_request("nothing", &json!({})).is_none());
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        let m = module();
        let i = Interp::new(&m);
        let mut deep = json!({"n": 1});
        for _ in 0..200 {
            deep = json!({"child": deep, "n": "x"});
        }
        let r = body(json!({"children": [deep.clone(), deep]}));
        assert_eq!(r["valid"], json!(false));
        for v in [
            json!(null),
            json!(1e308),
            json!(u64::MAX),
            json!("\u{0}"),
            json!({"": {"~/": []}}),
        ] {
            let _ = i.validate_request("makeThing", &json!({"path": v, "body": v, "query": v}));
            let _ = i.validate_response("makeThing", &v);
            for t in m.types.keys() {
                let _ = i.validate_shape(&Shape::Named(t.clone()), &v, Direction::Response);
            }
        }
    }
}

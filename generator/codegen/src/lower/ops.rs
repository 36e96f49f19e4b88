//! Lowering operations: parameters into per-location structs, the JSON request body and the
//! documented success response.

use super::{Lowerer, deref, is_json, status_order};
use crate::error::escape;
use crate::ident::{concat, pascal, snake, unique};
use crate::ir::*;
use openapiv3::{Parameter, ParameterSchemaOrContent, ReferenceOr};
use serde_json::Value;
use std::collections::BTreeSet;

struct Param {
    wire: String,
    doc: Option<String>,
    required: bool,
    schema_ptr: String,
}

/// Whether a shape has constraints that only a containing struct would check.
fn has_checks(s: &Shape) -> bool {
    match s {
        Shape::String(c) => *c != StrChecks::default(),
        Shape::Integer(_, c) => *c != IntChecks::default(),
        Shape::Number(c) => *c != NumChecks::default(),
        Shape::Array {
            items,
            min_items,
            max_items,
            unique,
        } => min_items.is_some() || max_items.is_some() || *unique || has_checks(items),
        Shape::Map {
            values,
            keys,
            min_props,
            max_props,
            required,
        } => {
            *keys != StrChecks::default()
                || min_props.is_some()
                || max_props.is_some()
                || !required.is_empty()
                || has_checks(values)
        }
        Shape::Untyped(inner) | Shape::Nullable(inner) => has_checks(inner),
        Shape::Boolean | Shape::Any | Shape::FreeObject | Shape::Named(_) => false,
    }
}

/// How a body of a media type is read: JSON, form and multipart into the body's type, text
/// (`text/*` and XML) and everything else raw.
fn media_kind(name: &str) -> MediaKind {
    let essence = name
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if is_json(&essence) {
        MediaKind::Json
    } else if essence == "application/x-www-form-urlencoded" {
        MediaKind::Form
    } else if essence == "multipart/form-data" {
        MediaKind::Multipart
    } else if essence.starts_with("text/")
        || essence == "application/xml"
        || essence.ends_with("+xml")
    {
        MediaKind::Text {
            min_length: None,
            max_length: None,
        }
    } else {
        MediaKind::Binary {
            min_length: None,
            max_length: None,
        }
    }
}

impl Lowerer<'_> {
    pub(super) fn operations(&mut self) -> Vec<Operation> {
        let spec = self.spec;
        let mut out = Vec::new();
        let mut names = BTreeSet::new();
        let mut ids = std::collections::BTreeMap::new();
        for (path, item) in spec.doc.paths.iter() {
            let pptr = format!("/paths/{}", escape(path));
            let ReferenceOr::Item(item) = item else {
                self.err(&pptr, "path item $ref is not supported");
                continue;
            };
            for (method, op) in item.iter() {
                let optr = format!("{pptr}/{method}");
                let callbacks = spec.at(&format!("{optr}/callbacks"));
                if let Some(name) = callbacks
                    .and_then(Value::as_object)
                    .and_then(|c| c.keys().next())
                {
                    self.notes.push((
                        format!("{optr}/callbacks/{}", escape(name)),
                        "callbacks are requests the API sends, not ones it serves: no validators are generated for them".into(),
                    ));
                }
                let id = match op.operation_id.clone() {
                    Some(id) => {
                        if let Some(first) = ids.get(&id) {
                            // The second one could never be reached by its operationId.
                            self.err(
                                &format!("{optr}/operationId"),
                                format!("operationId `{id}` is also that of `{first}`: operationIds must be unique"),
                            );
                        } else {
                            ids.insert(
                                id.clone(),
                                format!("{} {path}", method.to_ascii_uppercase()),
                            );
                        }
                        id
                    }
                    // Named by method and path (`GET /pets/{id}`, Rust `GetPetsId`), which are
                    // unique in a document and stable across its versions.
                    None => format!("{} {path}", method.to_ascii_uppercase()),
                };
                let rust = unique(pascal(&id), &mut names);
                let mut params: Vec<(&'static str, Param)> = Vec::new();
                let lists = [
                    (&item.parameters, format!("{pptr}/parameters")),
                    (&op.parameters, format!("{optr}/parameters")),
                ];
                for (list, lptr) in lists {
                    // The parameters of this list so far: a name may appear once per location.
                    let mut listed: Vec<(&'static str, String)> = Vec::new();
                    for (i, p) in list.iter().enumerate() {
                        let ptr = format!("{lptr}/{i}");
                        let (p, at) = match deref(
                            p,
                            spec.doc.components.as_ref().map(|c| &c.parameters),
                            "parameters",
                        ) {
                            Ok((p, at)) => (p, at.unwrap_or(ptr.clone())),
                            Err(e) => {
                                self.err(&ptr, e);
                                continue;
                            }
                        };
                        let location = match p {
                            Parameter::Query { .. } => "query",
                            Parameter::Path { .. } => "path",
                            Parameter::Header { .. } => "header",
                            Parameter::Cookie { .. } => {
                                self.err(&at, "cookie parameters are not supported");
                                continue;
                            }
                        };
                        let data = p.parameter_data_ref();
                        // openapiv3 collects parameter extensions aside. A vendor's are
                        // annotations (GUIDE rule 9); one of the generator's own, here beside
                        // the schema rather than in it, would constrain nothing: an error.
                        for k in data.extensions.keys().filter(|k| !super::is_annotation(k)) {
                            self.err(
                                &format!("{at}/{}", escape(k)),
                                format!("extension `{k}` on a parameter is not applied (constraints go in its `schema`)"),
                            );
                        }
                        if let ParameterSchemaOrContent::Content(_) = data.format {
                            self.err(
                                &format!("{at}/content"),
                                "parameters with `content` are not supported (use `schema`)",
                            );
                            continue;
                        }
                        // Header names are case-insensitive; others are not.
                        let same = |l: &str, name: &str| {
                            l == location
                                && if location == "header" {
                                    name.eq_ignore_ascii_case(&data.name)
                                } else {
                                    name == data.name
                                }
                        };
                        if let Some((_, first)) = listed.iter().find(|(l, n)| same(l, n)) {
                            self.err(
                                &format!("{at}/name"),
                                format!(
                                    "{location} parameter `{}` is listed twice here (also as `{first}`)",
                                    data.name
                                ),
                            );
                            continue;
                        }
                        listed.push((location, data.name.clone()));
                        // Operation-level parameters override path-level ones of the same name.
                        params.retain(|(l, q)| !same(l, &q.wire));
                        params.push((
                            location,
                            Param {
                                wire: data.name.clone(),
                                doc: data.description.clone(),
                                required: data.required || location == "path",
                                schema_ptr: format!("{at}/schema"),
                            },
                        ));
                    }
                }
                let template: BTreeSet<String> = path
                    .split('{')
                    .skip(1)
                    .filter_map(|s| s.split_once('}').map(|(n, _)| n.to_owned()))
                    .collect();
                let declared: BTreeSet<String> = params
                    .iter()
                    .filter(|(l, _)| *l == "path")
                    .map(|(_, p)| p.wire.clone())
                    .collect();
                if template != declared {
                    self.err(&optr, format!("path template parameters {template:?} differ from the declared path parameters {declared:?}"));
                }
                let oneof = op.extensions.get("x-oneof").cloned();
                let path_params =
                    self.param_struct(&rust, "path", "PathParams", &params, None, &optr);
                let query_params = self.param_struct(
                    &rust,
                    "query",
                    "QueryParams",
                    &params,
                    oneof.as_ref(),
                    &optr,
                );
                let header_params =
                    self.param_struct(&rust, "header", "HeaderParams", &params, None, &optr);
                let (mut request_media, mut body_required) = (Vec::new(), false);
                let mut form_json = Vec::new();
                let mut response_media = Vec::new();
                let body = op.request_body.as_ref().and_then(|b| {
                    let bptr = format!("{optr}/requestBody");
                    match deref(
                        b,
                        spec.doc.components.as_ref().map(|c| &c.request_bodies),
                        "requestBodies",
                    ) {
                        Ok((b, at)) => {
                            let at = at.unwrap_or(bptr);
                            let (shape, media) =
                                self.content(&b.content, &at, &concat(&rust, "Request"), "request");
                            form_json = self.form_json(&b.content, shape.as_ref());
                            request_media = media;
                            body_required = b.required;
                            shape.map(|shape| Body {
                                shape,
                                required: b.required,
                            })
                        }
                        Err(e) => {
                            self.err(&bptr, e);
                            None
                        }
                    }
                });
                let mut success: Vec<_> = op
                    .responses
                    .responses
                    .iter()
                    .filter(|(s, _)| (200..300).contains(&status_order(s).0))
                    .collect();
                success.sort_by_key(|(s, _)| status_order(s));
                let (response, response_status) = match success.first() {
                    None => (None, None),
                    Some((status, r)) => {
                        let rptr = format!("{optr}/responses/{}", status);
                        match deref(
                            r,
                            spec.doc.components.as_ref().map(|c| &c.responses),
                            "responses",
                        ) {
                            Ok((r, at)) => {
                                let at = at.unwrap_or(rptr);
                                if !r.headers.is_empty() {
                                    let n = self
                                        .response_headers
                                        .get_or_insert_with(|| (format!("{at}/headers"), 0));
                                    n.1 += 1;
                                }
                                let (shape, media) = self.content(
                                    &r.content,
                                    &at,
                                    &concat(&rust, "Response"),
                                    "response",
                                );
                                response_media = media;
                                (
                                    shape.map(|shape| Body {
                                        shape,
                                        required: true,
                                    }),
                                    Some(status.to_string()),
                                )
                            }
                            Err(e) => {
                                self.err(&rptr, e);
                                (None, None)
                            }
                        }
                    }
                };
                let doc = match (&op.summary, &op.description) {
                    (Some(s), Some(d)) => Some(format!("{s}\n\n{d}")),
                    (s, d) => s.clone().or(d.clone()),
                };
                out.push(Operation {
                    id,
                    rust,
                    method: method.to_ascii_uppercase(),
                    path: path.clone(),
                    doc,
                    path_params,
                    query_params,
                    header_params,
                    body,
                    request_media,
                    body_required,
                    form_json,
                    response,
                    response_media,
                    response_status,
                });
            }
        }
        out
    }

    /// The media types of a body and the type its schema gives: JSON, form and multipart
    /// bodies are read into that type (they must share one schema); text, XML and other media
    /// types are kept raw, with only a string schema's lengths checked, and noted.
    fn content(
        &mut self,
        content: &indexmap::IndexMap<String, openapiv3::MediaType>,
        ptr: &str,
        hint: &str,
        direction: &str,
    ) -> (Option<Shape>, Vec<Media>) {
        let mut shape = None;
        let mut media = Vec::new();
        // The first typed media type and its schema, which the others must repeat.
        let mut typed: Option<(String, Value)> = None;
        for (name, m) in content {
            let mptr = format!("{ptr}/content/{}", escape(name));
            let sptr = format!("{mptr}/schema");
            let raw = m
                .schema
                .as_ref()
                .map(|_| self.spec.at(&sptr).cloned().unwrap_or_default());
            let kind = media_kind(name);
            let kind = match kind {
                MediaKind::Text { .. } | MediaKind::Binary { .. } => {
                    let lengths = raw
                        .as_ref()
                        .map_or(Ok((None, None)), |r| self.raw_lengths(r, &sptr));
                    let e = self
                        .raw_media
                        .entry(name.to_ascii_lowercase())
                        .or_insert_with(|| (mptr.clone(), 0, 0));
                    if direction == "request" {
                        e.1 += 1
                    } else {
                        e.2 += 1
                    }
                    let Ok((min_length, max_length)) = lengths else {
                        continue;
                    };
                    if matches!(kind, MediaKind::Text { .. }) {
                        MediaKind::Text {
                            min_length,
                            max_length,
                        }
                    } else {
                        MediaKind::Binary {
                            min_length,
                            max_length,
                        }
                    }
                }
                _ if direction == "response" && kind != MediaKind::Json => {
                    self.err(
                        &mptr,
                        format!(
                            "a `{name}` response body is not supported (responses are JSON or raw)"
                        ),
                    );
                    continue;
                }
                typed_kind => {
                    let here = raw.clone().unwrap_or(Value::Bool(true));
                    match &typed {
                        Some((first, schema)) => {
                            if *schema != here {
                                self.err(&sptr, format!("the schema of `{name}` differs from that of `{first}`: the media types of one body are read into one type, so they must share its schema"));
                            }
                        }
                        None => {
                            typed = Some((name.clone(), here));
                            shape = match &raw {
                                None => Some(Shape::Any),
                                Some(raw) => self
                                    .shape(raw, &sptr, hint)
                                    .map(|s| self.checked_body(s, &sptr, hint)),
                            };
                        }
                    }
                    typed_kind
                }
            };
            media.push(Media {
                name: name.clone(),
                kind,
            });
        }
        (shape, media)
    }

    /// The members of a form or multipart body sent as JSON text (see
    /// [`Operation::form_json`]).
    fn form_json(
        &self,
        content: &indexmap::IndexMap<String, openapiv3::MediaType>,
        shape: Option<&Shape>,
    ) -> Vec<String> {
        let Some(Shape::Named(n)) = shape else {
            return Vec::new();
        };
        let Some(TypeKind::Struct(st)) = self.types.get(n).map(|t| &t.kind) else {
            return Vec::new();
        };
        let forms: Vec<&openapiv3::MediaType> = content
            .iter()
            .filter(|(name, _)| matches!(media_kind(name), MediaKind::Form | MediaKind::Multipart))
            .map(|(_, m)| m)
            .collect();
        let mut out = Vec::new();
        for f in &st.fields {
            let declared = forms
                .iter()
                .find_map(|m| m.encoding.get(&f.wire)?.content_type.clone());
            let json = match declared {
                Some(ct) => is_json(ct.split(',').next().unwrap_or("").trim()),
                None => self.object_valued(&f.shape),
            };
            if json {
                out.push(f.wire.clone());
            }
        }
        out
    }

    /// Whether values of a shape are objects, or arrays of them (OpenAPI's `encoding` sends
    /// those as `application/json`).
    fn object_valued(&self, shape: &Shape) -> bool {
        match shape {
            Shape::Map { .. } | Shape::FreeObject => true,
            Shape::Nullable(s) | Shape::Untyped(s) => self.object_valued(s),
            Shape::Array { items, .. } => self.object_valued(items),
            Shape::Named(n) => match self.types.get(n).map(|t| &t.kind) {
                Some(TypeKind::Struct(_) | TypeKind::Group(_)) => true,
                Some(TypeKind::Alias(s)) => self.object_valued(s),
                _ => false,
            },
            _ => false,
        }
    }

    /// A body shape whose own constraints (an array body's `minItems`) a struct field would
    /// check: given a type of its own, a one-variant enum that checks them (named types
    /// check themselves, so they are used as they are).
    fn checked_body(&mut self, shape: Shape, ptr: &str, hint: &str) -> Shape {
        if !has_checks(&shape) {
            return shape;
        }
        let name = unique(hint.to_owned(), &mut self.taken);
        let rust = match &shape {
            Shape::Array { .. } => "Array",
            Shape::Map { .. } => "Map",
            Shape::String(_) => "String",
            Shape::Integer(..) | Shape::Number(..) => "Number",
            _ => "Value",
        };
        self.types.insert(
            name.clone(),
            TypeDef {
                name: name.clone(),
                pointer: ptr.to_owned(),
                doc: Some(format!(
                    "The body at `{ptr}`: its schema constrains the value itself, so it has a type of its own that checks it (`let {name}::{rust}(value) = body;`)."
                )),
                kind: TypeKind::Union(Union {
                    any: false,
                    variants: vec![Variant {
                        wire: rust.to_owned(),
                        rust: rust.to_owned(),
                        doc: None,
                        shape,
                        pointer: ptr.to_owned(),
                        boxed: false,
                    }],
                    dispatch: Dispatch::Single,
                    not: Vec::new(),
                }),
            },
        );
        Shape::Named(name)
    }

    /// The lengths of a raw body's schema: those of a `type: string` schema; any other schema
    /// describes a structure (XML) that the raw body is not read into, so nothing applies.
    fn raw_lengths(&mut self, raw: &Value, ptr: &str) -> Result<(Option<u64>, Option<u64>), ()> {
        use super::schema::{View, view_of};
        let mut errs = Vec::new();
        let view = view_of(self.spec, &[(raw.clone(), ptr.to_owned())], true, &mut errs);
        if !errs.is_empty() {
            for (at, e) in errs {
                self.err(&at, e);
            }
            return Err(());
        }
        let kw = match &view {
            View::Merged(s) => &s.kw,
            View::Ref { name, .. } => match self.merged.get(name) {
                Some((s, _)) => &s.kw,
                None => return Ok((None, None)),
            },
        };
        if kw.get("type").and_then(Value::as_str) != Some("string") {
            return Ok((None, None));
        }
        let int = |k: &str| kw.get(k).and_then(Value::as_u64);
        Ok((int("minLength"), int("maxLength")))
    }

    fn param_struct(
        &mut self,
        op: &str,
        location: &str,
        suffix: &str,
        params: &[(&str, Param)],
        oneof: Option<&serde_json::Value>,
        optr: &str,
    ) -> Option<String> {
        let here: Vec<&Param> = params
            .iter()
            .filter(|(l, _)| *l == location)
            .map(|(_, p)| p)
            .collect();
        if here.is_empty() {
            if oneof.is_some() {
                self.err(
                    &format!("{optr}/x-oneof"),
                    "x-oneof on an operation groups query parameters, and it has none",
                );
            }
            return None;
        }
        let name = unique(concat(op, suffix), &mut self.taken);
        let mut rust_names = BTreeSet::new();
        let mut fields = Vec::new();
        for p in here {
            let raw = self.spec.at(&p.schema_ptr).cloned().unwrap_or_default();
            let Some(shape) = self.shape(&raw, &p.schema_ptr, &concat(&name, &pascal(&p.wire)))
            else {
                continue;
            };
            if let Shape::Untyped(_) = shape {
                // A parameter arrives as text: `5` could be the number or the string.
                self.err(
                    &p.schema_ptr,
                    "a parameter schema with constraints must give its `type` (the value arrives as a string, so without a type it is not known which constraints apply)",
                );
                continue;
            }
            fields.push(Field {
                wire: p.wire.clone(),
                rust: unique(snake(&p.wire), &mut rust_names),
                doc: p.doc.clone(),
                shape,
                pointer: p.schema_ptr.clone(),
                required: p.required,
                access: None,
                boxed: false,
            });
        }
        let groups = match oneof {
            Some(g) => self.groups(
                g,
                &format!("{optr}/x-oneof"),
                &name,
                &mut fields,
                &mut rust_names,
            ),
            None => Vec::new(),
        };
        let doc = Some(format!(
            "The {location} parameters of [`operations::{op}`](super::operations::{op})."
        ));
        self.types.insert(
            name.clone(),
            TypeDef {
                name: name.clone(),
                pointer: optr.to_owned(),
                doc,
                kind: TypeKind::Struct(Struct {
                    fields,
                    groups,
                    rules: Vec::new(),
                    deny_unknown: None,
                    extra: None,
                    min_props: None,
                    max_props: None,
                    header_names: location == "header",
                }),
            },
        );
        Some(name)
    }
}

//! A schema as lowering reads it: the keywords of one schema object, or of several merged
//! (`allOf`, and `$ref` with keywords beside it), each keyword with the pointer where it is
//! written, so that every diagnostic points at a place that exists in the document.

use super::{Keyword, KeywordKind};
use crate::error::escape;
use crate::load::Spec;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A subschema with the pointer where it is written.
pub(super) type Sub = (Value, String);

/// The keywords of a schema, merged from its parts.
#[derive(Debug, Default, Clone)]
pub(super) struct Schema {
    /// The keywords (`properties` holds each property's first subschema: lowering takes the
    /// subschemas from [`Schema::property`]).
    pub kw: Map<String, Value>,
    /// Where the schema is used.
    pub ptr: String,
    /// Where each keyword is written, when that is not under `ptr`.
    at: BTreeMap<String, String>,
    /// Every part's subschema of each property, in part order.
    props: BTreeMap<String, Vec<Sub>>,
    /// Every part's subschema of `items`, `additionalProperties` (a schema), `not`.
    subs: BTreeMap<String, Vec<Sub>>,
    /// Patterns beyond `pattern` (one per further part that has one), with their pointers.
    pub more_patterns: Vec<(String, String)>,
    /// With `additionalProperties: false`: the members that every part that says so
    /// declares (sorted), the only ones a value may hold.
    pub closed: std::collections::BTreeSet<String>,
}

impl std::ops::Deref for Schema {
    type Target = Map<String, Value>;
    fn deref(&self) -> &Map<String, Value> {
        &self.kw
    }
}

impl Schema {
    /// One schema object found at `ptr`.
    pub fn of(obj: &Map<String, Value>, ptr: &str) -> Schema {
        let mut s = Schema {
            ptr: ptr.to_owned(),
            ..Schema::default()
        };
        s.add(obj.clone(), ptr, &mut Vec::new());
        s
    }

    /// The pointer of keyword `k`.
    pub fn kp(&self, k: &str) -> String {
        match self.at.get(k) {
            Some(p) => format!("{p}/{}", escape(k)),
            None => format!("{}/{}", self.ptr, escape(k)),
        }
    }

    /// The subschemas of property `name`, one per part that declares it.
    pub fn property(&self, name: &str) -> &[Sub] {
        self.props.get(name).map_or(&[], Vec::as_slice)
    }

    /// The schema without keyword `k` (and its subschemas).
    pub fn without(&self, k: &str) -> Schema {
        let mut s = self.clone();
        s.kw.remove(k);
        s.subs.remove(k);
        s.at.remove(k);
        s
    }

    /// The subschemas of keyword `k` (`items`, `additionalProperties`, `not`).
    pub fn sub(&self, k: &str) -> &[Sub] {
        self.subs.get(k).map_or(&[], Vec::as_slice)
    }

    /// Merges the schemas of `parts` (each with the pointer where it is written), as `allOf`
    /// means: every part holds. Disagreements that no single schema can express are returned
    /// as (pointer, message).
    pub fn merge(
        parts: Vec<(Map<String, Value>, String)>,
        ptr: &str,
        outer: bool,
    ) -> (Schema, Vec<(String, String)>) {
        let mut s = Schema {
            ptr: ptr.to_owned(),
            ..Schema::default()
        };
        let mut errs = Vec::new();
        let typed_parts = parts.iter().filter(|(p, _)| p.contains_key("type")).count();
        let nullable_typed = parts
            .iter()
            .filter(|(p, _)| {
                p.contains_key("type") && p.get("nullable") == Some(&Value::Bool(true))
            })
            .count();
        // The first part is the schema that holds the `allOf` (or the `$ref`).
        let outer_nullable = outer
            && parts
                .first()
                .is_some_and(|(p, _)| p.get("nullable") == Some(&Value::Bool(true)));
        for (part, at) in parts {
            s.add(part, &at, &mut errs);
        }
        // null satisfies every part that has no `type`; a part with a type admits it only
        // when it is nullable. The schema holding the allOf may admit null for all of them
        // (OpenAPI 3.0's way to write a nullable reference).
        let nullable = outer_nullable || (typed_parts > 0 && nullable_typed == typed_parts);
        if nullable {
            s.kw.insert("nullable".into(), Value::Bool(true));
        } else {
            s.kw.remove("nullable");
        }
        (s, errs)
    }

    fn add(&mut self, mut part: Map<String, Value>, at: &str, errs: &mut Vec<(String, String)>) {
        let here = |k: &str| format!("{at}/{}", escape(k));
        if part.get("additionalProperties") == Some(&Value::Bool(false)) {
            let own = part
                .get("properties")
                .and_then(Value::as_object)
                .map(|p| p.keys().cloned().collect())
                .unwrap_or_default();
            self.closed = if self.kw.get("additionalProperties") == Some(&Value::Bool(false)) {
                self.closed.intersection(&own).cloned().collect()
            } else {
                own
            };
        }
        // An exclusive flag goes with its part's bound.
        let mut flags = BTreeMap::new();
        for (bound, flag) in [
            ("minimum", "exclusiveMinimum"),
            ("maximum", "exclusiveMaximum"),
        ] {
            if let Some(v) = part.remove(flag) {
                if part.contains_key(bound) {
                    flags.insert(bound, v);
                } else {
                    // Without its bound: left for lowering to report.
                    self.first(flag.to_owned(), v, at);
                }
            }
        }
        for (k, v) in part {
            // Keywords the generator does not know are kept as written, for lowering to
            // report (or to pass over, a vendor's extension).
            match Keyword::from_name(&k) {
                Some(Keyword::Properties) => {
                    if let Value::Object(props) = &v {
                        for (name, sub) in props {
                            let p = format!("{at}/properties/{}", escape(name));
                            self.props
                                .entry(name.clone())
                                .or_default()
                                .push((sub.clone(), p));
                        }
                        let names = self
                            .kw
                            .entry("properties")
                            .or_insert_with(|| Value::Object(Map::new()));
                        if let Value::Object(names) = names {
                            for (name, sub) in props {
                                names.entry(name.clone()).or_insert_with(|| sub.clone());
                            }
                        }
                        self.at.entry(k).or_insert_with(|| at.to_owned());
                    } else {
                        self.first(k, v, at);
                    }
                }
                // Keywords whose value is a subschema (`additionalProperties` when it is one).
                Some(sub @ (Keyword::Items | Keyword::Not | Keyword::AdditionalProperties))
                    if sub != Keyword::AdditionalProperties || v.is_object() =>
                {
                    self.subs
                        .entry(k.clone())
                        .or_default()
                        .push((v.clone(), here(&k)));
                    self.first(k, v, at);
                }
                Some(Keyword::AdditionalProperties) => {
                    match (self.kw.get("additionalProperties"), &v) {
                        // `false` anywhere forbids what its part does not declare; `true`
                        // adds nothing.
                        (Some(Value::Bool(false)), _) | (_, Value::Bool(true)) => {}
                        _ => self.set(k, v, at),
                    }
                }
                Some(Keyword::Required) => match (self.kw.get_mut("required"), &v) {
                    (Some(Value::Array(list)), Value::Array(more)) => {
                        for r in more {
                            if !list.contains(r) {
                                list.push(r.clone());
                            }
                        }
                    }
                    (None, _) => self.first(k, v, at),
                    _ => errs.push((here(&k), "`required` must be a list of strings".into())),
                },
                Some(Keyword::Pattern) => {
                    if self.kw.contains_key("pattern") {
                        if self.kw.get("pattern") != Some(&v) {
                            self.more_patterns
                                .push((v.as_str().unwrap_or_default().to_owned(), here(&k)));
                        }
                    } else {
                        self.first(k, v, at);
                    }
                }
                // Decided over all parts by `merge`.
                Some(Keyword::Nullable) => self.first(k, v, at),
                Some(Keyword::ReadOnly | Keyword::WriteOnly | Keyword::UniqueItems) => {
                    if v == Value::Bool(true) || !self.kw.contains_key(&k) {
                        self.set(k, v, at);
                    }
                }
                Some(Keyword::MinLength | Keyword::MinItems | Keyword::MinProperties) => {
                    self.bound(k, v, None, at, true, errs)
                }
                Some(Keyword::MaxLength | Keyword::MaxItems | Keyword::MaxProperties) => {
                    self.bound(k, v, None, at, false, errs)
                }
                Some(b @ (Keyword::Minimum | Keyword::Maximum)) => {
                    let flag = flags.remove(k.as_str());
                    self.bound(k, v, flag, at, b == Keyword::Minimum, errs);
                }
                Some(Keyword::Type) => match self.kw.get("type") {
                    None => self.first(k, v, at),
                    Some(old) if *old == v => {}
                    // An integer is a number: both hold for integers.
                    Some(old) if old == "number" && v == "integer" => self.set(k, v, at),
                    Some(old) if old == "integer" && v == "number" => {}
                    Some(old) => errs.push((
                        here(&k),
                        format!(
                            "allOf members disagree on `type` ({old} and {v}): no value is both"
                        ),
                    )),
                },
                Some(Keyword::Enum) => match (self.kw.get("enum"), &v) {
                    (Some(Value::Array(old)), Value::Array(new)) => {
                        let both: Vec<Value> =
                            old.iter().filter(|x| new.contains(x)).cloned().collect();
                        if both.is_empty() {
                            errs.push((
                                here(&k),
                                "allOf members' `enum` lists have no value in common".into(),
                            ));
                        }
                        self.kw.insert(k, Value::Array(both));
                    }
                    _ => self.first(k, v, at),
                },
                _ if super::is_annotation(&k) => self.first(k, v, at),
                _ => match self.kw.get(&k) {
                    None => self.first(k, v, at),
                    Some(old) if *old == v => {}
                    Some(_) => errs.push((here(&k), format!("allOf members disagree on `{k}`"))),
                },
            }
        }
    }

    /// Keyword `k` is `v`, written at `at`.
    fn set(&mut self, k: String, v: Value, at: &str) {
        self.kw.insert(k.clone(), v);
        self.at.insert(k, at.to_owned());
    }

    /// Keyword `k` is `v`, written at `at`, unless an earlier part gave it.
    fn first(&mut self, k: String, v: Value, at: &str) {
        if !self.kw.contains_key(&k) {
            self.set(k, v, at);
        }
    }

    /// Keeps the stricter of two bounds (`min`: the larger), with the exclusive flag `flag`
    /// of a `minimum` or `maximum` (of equal bounds, exclusive if either is).
    fn bound(
        &mut self,
        k: String,
        v: Value,
        flag: Option<Value>,
        at: &str,
        min: bool,
        errs: &mut Vec<(String, String)>,
    ) {
        let flag_key = if min {
            "exclusiveMinimum"
        } else {
            "exclusiveMaximum"
        };
        let flag_key = (k == "minimum" || k == "maximum").then_some(flag_key);
        let order = match self.kw.get(&k) {
            None => Some(std::cmp::Ordering::Greater),
            Some(old) => compare(&v, old, min),
        };
        let Some(order) = order else {
            errs.push((
                format!("{at}/{}", escape(&k)),
                format!("`{k}` must be a number"),
            ));
            return;
        };
        let Some(flag_key) = flag_key else {
            if order.is_gt() {
                self.set(k, v, at);
            }
            return;
        };
        let exclusive = flag == Some(Value::Bool(true));
        match order {
            std::cmp::Ordering::Greater => {
                self.set(k, v, at);
                match flag {
                    Some(f) => self.set(flag_key.to_owned(), f, at),
                    None => {
                        self.kw.remove(flag_key);
                    }
                }
            }
            std::cmp::Ordering::Equal if exclusive => {
                self.set(flag_key.to_owned(), Value::Bool(true), at)
            }
            _ => {}
        }
    }
}

/// How bound `new` compares with `old` by strictness (`Greater`: stricter), exactly for
/// integers; `None` when either is not a number.
fn compare(new: &Value, old: &Value, min: bool) -> Option<std::cmp::Ordering> {
    let int = |v: &Value| v.as_i64().map(i128::from).or(v.as_u64().map(i128::from));
    let o = match (int(new), int(old)) {
        (Some(a), Some(b)) => a.cmp(&b),
        _ => new.as_f64()?.partial_cmp(&old.as_f64()?)?,
    };
    Some(if min { o } else { o.reverse() })
}

/// What a schema with `$ref` or `allOf` is, once its parts are known.
pub(super) enum View {
    /// A use of the component `name` with nothing but annotations beside it (`nullable`
    /// admits null there).
    Ref {
        /// Component name.
        name: String,
        /// Whether a schema around the reference admits null.
        nullable: bool,
    },
    /// The parts, merged.
    Merged(Schema),
}

/// A part of a schema: its own keywords where they are written, or (not expanded) a
/// referenced component's name and where the `$ref` is.
type Piece = Result<(Map<String, Value>, String), (String, String)>;

/// The parts of the schema `raw` at `ptr`: the schema's own keywords, then its `$ref` target
/// and its `allOf` members, recursively. `expand` follows `$ref`s; without it a referenced
/// component is a part of its own, `Err(name)`.
fn parts(
    spec: &Spec,
    raw: &Value,
    ptr: &str,
    expand: bool,
    stack: &mut Vec<String>,
    out: &mut Vec<Piece>,
    errs: &mut Vec<(String, String)>,
) {
    let Some(obj) = raw.as_object() else {
        errs.push((ptr.to_owned(), "a schema must be a mapping".into()));
        return;
    };
    let mut own = obj.clone();
    let r = own.remove("$ref");
    let all = own.remove("allOf");
    out.push(Ok((own, ptr.to_owned())));
    if let Some(r) = r {
        let rptr = format!("{ptr}/$ref");
        let Some(r) = r.as_str() else {
            errs.push((rptr, "$ref must be a string".into()));
            return;
        };
        // A component by name, or any other place in the document (a member of another
        // schema, `#/components/schemas/A/properties/b`): that schema, read where it is.
        let (target, name) = match crate::load::ref_name(r, "schemas") {
            Some(name) => (format!("/components/schemas/{}", escape(&name)), Some(name)),
            None => match crate::load::ref_pointer(r).filter(|p| !p.is_empty()) {
                Some(p) => (p, None),
                None => {
                    errs.push((
                        rptr,
                        format!("unsupported $ref `{r}`: only references within the document (`#/...`) are supported"),
                    ));
                    return;
                }
            },
        };
        match (spec.at(&target), name) {
            (None, _) => errs.push((rptr, format!("dangling $ref `{r}`: no such schema"))),
            (Some(_), _) if stack.contains(&target) => errs.push((
                rptr,
                format!(
                    "`{r}` refers back to itself through $ref and allOf: no schema is its own part"
                ),
            )),
            (Some(_), Some(name)) if !expand => out.push(Err((name, rptr))),
            (Some(t), _) => {
                stack.push(target.clone());
                parts(spec, t, &target, expand, stack, out, errs);
                stack.pop();
            }
        }
    }
    if let Some(all) = all {
        let aptr = format!("{ptr}/allOf");
        let Some(all) = all.as_array() else {
            errs.push((aptr, "allOf must be a list".into()));
            return;
        };
        for (i, m) in all.iter().enumerate() {
            parts(spec, m, &format!("{aptr}/{i}"), expand, stack, out, errs);
        }
    }
}

/// The view of a schema that has `$ref` or `allOf` (`None` for one that has neither).
/// Keywords beside a `$ref` are applied with it, as `allOf` would (OpenAPI 3.0 says they are
/// ignored; a document that writes `nullable` or `maxLength` there means them).
pub(super) fn view(
    spec: &Spec,
    raw: &Value,
    ptr: &str,
    errs: &mut Vec<(String, String)>,
) -> Option<View> {
    let obj = raw.as_object()?;
    if !obj.contains_key("$ref") && !obj.contains_key("allOf") {
        return None;
    }
    Some(view_of(spec, &[(raw.clone(), ptr.to_owned())], true, errs))
}

/// The view of the schemas `subs`, which all hold (the parts of one schema, or one keyword's
/// subschemas from several merged parts). With `outer`, the first is the schema that holds
/// the others (its `nullable` admits null for all of them).
pub(super) fn view_of(
    spec: &Spec,
    subs: &[Sub],
    outer: bool,
    errs: &mut Vec<(String, String)>,
) -> View {
    let at = subs.first().map_or("", |(_, p)| p.as_str());
    let mut shallow = Vec::new();
    let mut e = Vec::new();
    for (raw, ptr) in subs {
        parts(spec, raw, ptr, false, &mut Vec::new(), &mut shallow, &mut e);
    }
    if !e.is_empty() {
        errs.extend(e);
        return View::Merged(Schema::of(&Map::new(), at));
    }
    let refs: Vec<&(String, String)> = shallow.iter().filter_map(|p| p.as_ref().err()).collect();
    // Annotations and modifiers (`nullable`, `readOnly`, `writeOnly`) beside a `$ref` keep it
    // a use of the named component.
    let constrained = shallow
        .iter()
        .filter_map(|p| p.as_ref().ok())
        .any(|(m, _)| {
            m.keys().any(|k| {
                !super::is_annotation(k)
                    && Keyword::from_name(k).is_none_or(|k| k.kind() != KeywordKind::Modifier)
            })
        });
    if let ([(name, _)], false) = (refs.as_slice(), constrained) {
        let nullable = shallow
            .iter()
            .filter_map(|p| p.as_ref().ok())
            .any(|(m, _)| m.get("nullable") == Some(&Value::Bool(true)));
        return View::Ref {
            name: name.clone(),
            nullable,
        };
    }
    let mut deep = Vec::new();
    for (raw, ptr) in subs {
        parts(spec, raw, ptr, true, &mut Vec::new(), &mut deep, errs);
    }
    let (s, e) = Schema::merge(deep.into_iter().filter_map(Result::ok).collect(), at, outer);
    errs.extend(e);
    View::Merged(s)
}

/// Where keyword `k` is `true` in some part of the schemas `subs` (`$ref`s followed), if
/// anywhere.
pub(super) fn anywhere(
    spec: &Spec,
    subs: &[Sub],
    k: &str,
    errs: &mut Vec<(String, String)>,
) -> Option<String> {
    let mut all = Vec::new();
    for (raw, ptr) in subs {
        parts(spec, raw, ptr, true, &mut Vec::new(), &mut all, errs);
    }
    all.into_iter()
        .filter_map(Result::ok)
        .find(|(m, _)| m.get(k) == Some(&Value::Bool(true)))
        .map(|(_, at)| format!("{at}/{k}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const DOC: &str = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    A:
      type: object
      required: [a]
      properties:
        a: {type: string, minLength: 2}
    Cyc1: {allOf: [{$ref: '#/components/schemas/Cyc2'}]}
    Cyc2: {allOf: [{$ref: '#/components/schemas/Cyc1'}]}
"#;

    fn spec() -> Spec {
        crate::load::parse("t.yaml", DOC.to_owned()).unwrap()
    }

    fn merged(raw: Value) -> (Schema, Vec<(String, String)>) {
        let mut errs = Vec::new();
        match view(&spec(), &raw, "/s", &mut errs) {
            Some(View::Merged(s)) => (s, errs),
            Some(View::Ref { name, .. }) => panic!("a use of {name}"),
            None => panic!("no view"),
        }
    }

    #[test]
    fn properties_and_required_merge_and_keep_where_they_are_written() {
        let (s, errs) = merged(json!({"allOf": [
            {"$ref": "#/components/schemas/A"},
            {"required": ["b"], "properties": {"b": {"type": "integer"}, "a": {"maxLength": 5}}}
        ]}));
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(s["required"], json!(["a", "b"]));
        assert_eq!(s["type"], "object");
        let ptrs: Vec<&str> = s.property("a").iter().map(|(_, p)| p.as_str()).collect();
        assert_eq!(
            ptrs,
            [
                "/components/schemas/A/properties/a",
                "/s/allOf/1/properties/a"
            ]
        );
        assert_eq!(s.property("b")[0].1, "/s/allOf/1/properties/b");
        assert_eq!(s.kp("type"), "/components/schemas/A/type");
    }

    #[test]
    fn bounds_keep_the_stricter_with_their_exclusive_flags() {
        let (s, errs) = merged(json!({"allOf": [
            {"minLength": 2, "minimum": 3, "exclusiveMinimum": true, "maximum": 10},
            {"minLength": 5, "maxLength": 9, "minimum": 4, "maximum": 10, "exclusiveMaximum": true},
            {"maxLength": 7}
        ]}));
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!((&s["minLength"], &s["maxLength"]), (&json!(5), &json!(7)));
        assert_eq!(s.kp("minLength"), "/s/allOf/1/minLength");
        assert_eq!(s.kp("maxLength"), "/s/allOf/2/maxLength");
        // The larger bound wins, with its own flag (4 is at least as strict as 3 exclusive).
        assert_eq!(s["minimum"], json!(4));
        assert!(!s.contains_key("exclusiveMinimum"));
        // Equal bounds: exclusive when either is.
        assert_eq!(s["maximum"], json!(10));
        assert_eq!(s["exclusiveMaximum"], json!(true));
        let (s, _) =
            merged(json!({"allOf": [{"minimum": 5, "exclusiveMinimum": true}, {"minimum": 5}]}));
        assert_eq!(s["exclusiveMinimum"], json!(true));
        let (s, _) =
            merged(json!({"allOf": [{"minimum": 5}, {"minimum": 5, "exclusiveMinimum": true}]}));
        assert_eq!(s["exclusiveMinimum"], json!(true));
        let (s, _) = merged(
            json!({"allOf": [{"minimum": 9007199254740993_i64}, {"minimum": 9007199254740992_i64}]}),
        );
        assert_eq!(s["minimum"], json!(9007199254740993_i64));
    }

    #[test]
    fn disagreements_are_located_where_they_are_written() {
        let (_, errs) = merged(json!({"allOf": [{"type": "string"}, {"type": "integer"}]}));
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].0, "/s/allOf/1/type");
        let (s, errs) = merged(json!({"allOf": [{"type": "number"}, {"type": "integer"}]}));
        assert!(errs.is_empty());
        assert_eq!(s["type"], "integer");
        let (_, errs) = merged(json!({"allOf": [{"enum": ["a"]}, {"enum": ["b"]}]}));
        assert_eq!(errs[0].0, "/s/allOf/1/enum");
        let (s, _) = merged(json!({"allOf": [{"enum": ["a", "b", "c"]}, {"enum": ["c", "a"]}]}));
        assert_eq!(s["enum"], json!(["a", "c"]));
        let (_, errs) = merged(json!({"allOf": [{"format": "uuid"}, {"format": "uri"}]}));
        assert_eq!(errs[0].0, "/s/allOf/1/format");
        let (s, _) = merged(json!({"allOf": [{"pattern": "^a"}, {"pattern": "b$"}]}));
        assert_eq!(s["pattern"], "^a");
        assert_eq!(
            s.more_patterns,
            [("b$".to_owned(), "/s/allOf/1/pattern".to_owned())]
        );
    }

    #[test]
    fn a_reference_with_annotations_stays_a_use_of_its_component() {
        let spec = spec();
        let mut errs = Vec::new();
        for raw in [
            json!({"allOf": [{"$ref": "#/components/schemas/A"}], "description": "d"}),
            json!({"$ref": "#/components/schemas/A", "nullable": true, "x-vendor": 1}),
        ] {
            match view(&spec, &raw, "/s", &mut errs) {
                Some(View::Ref { name, nullable, .. }) => {
                    assert_eq!(name, "A");
                    assert_eq!(nullable, raw.get("nullable").is_some());
                }
                _ => panic!("{raw} is not a use of A"),
            }
        }
        assert!(errs.is_empty());
        // Beside a constraint, the component is merged in.
        let (s, _) = merged(json!({"$ref": "#/components/schemas/A", "minProperties": 1}));
        assert_eq!(s["minProperties"], json!(1));
        assert_eq!(s.property("a")[0].1, "/components/schemas/A/properties/a");
    }

    #[test]
    fn cycles_through_allof_are_errors_not_loops() {
        let mut errs = Vec::new();
        let raw = json!({"$ref": "#/components/schemas/Cyc1", "maxLength": 1});
        view(&spec(), &raw, "/s", &mut errs);
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(errs[0].1.contains("refers back to itself"), "{errs:?}");
    }

    #[test]
    fn closed_parts_allow_only_what_each_declares() {
        let (s, _) = merged(json!({"allOf": [
            {"properties": {"a": {}, "b": {}}, "additionalProperties": false},
            {"properties": {"c": {}}},
            {"properties": {"b": {}, "c": {}}, "additionalProperties": false}
        ]}));
        assert_eq!(s["additionalProperties"], json!(false));
        assert_eq!(s.closed.iter().collect::<Vec<_>>(), ["b"]);
    }

    #[test]
    fn null_passes_when_every_typed_part_admits_it_or_the_outer_schema_does() {
        let n = |raw: Value| merged(raw).0.get("nullable") == Some(&json!(true));
        assert!(n(
            json!({"allOf": [{"type": "string", "nullable": true}, {"maxLength": 3}]})
        ));
        let (s, errs) =
            merged(json!({"allOf": [{"type": "string", "nullable": true}, {"type": "string"}]}));
        assert!(errs.is_empty(), "{errs:?}");
        assert!(!s.contains_key("nullable"));
        assert!(n(
            json!({"nullable": true, "allOf": [{"type": "string"}, {"maxLength": 3}]})
        ));
        assert!(!n(json!({"allOf": [{"maxLength": 3}]})));
    }
}

//! The comparison: two lowered specs side by side, keyword by keyword, into findings that
//! say which way each change moves the accepted set and carry candidate witnesses.
//!
//! For a request, a change breaks when some value the old spec accepts is rejected by the new
//! one *because of this keyword*: old(x) and not new_k(x). For a response, the mirror: new(x)
//! and not old_k(x). Integers and plain lengths are decided by arithmetic; patterns, formats and
//! rules by searching for a witness, so a failed search is `Maybe`, never `No`.

use super::witness::{self, Edit, IntSet, Prefer, Seg, Synth, remove, set};
use super::{Component, Finding, Rule, Side, Tri};
use docspec_codegen::ir::{self, *};
use docspec_runtime::{Code, Direction};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// Where a comparison is: the component, the place inside it, and the schemas on both sides.
#[derive(Clone)]
pub(super) struct Loc {
    pub component: Component,
    /// Readable place inside the component, e.g. `resources.memory`.
    pub place: String,
    /// Instance path from the component's instance to here.
    pub focus: Vec<Seg>,
    pub old_ptr: String,
    pub new_ptr: String,
    /// Scalars travel as strings (parameters).
    pub strings: bool,
}

impl Loc {
    fn child(&self, seg: Seg, label: &str, old_ptr: String, new_ptr: String) -> Loc {
        let mut focus = self.focus.clone();
        focus.push(seg);
        Loc {
            component: self.component.clone(),
            place: if self.place.is_empty() {
                label.to_owned()
            } else if label.starts_with('[') || label.starts_with('{') {
                format!("{}{label}", self.place)
            } else {
                format!("{}.{label}", self.place)
            },
            focus,
            old_ptr,
            new_ptr,
            strings: self.strings,
        }
    }
}

pub(super) struct Walker<'a> {
    pub old: &'a Side<'a>,
    pub new: &'a Side<'a>,
    pub out: Vec<Finding>,
}

/// Which keyword of a string's checks a comparison is about.
#[derive(Clone, Copy, PartialEq, Eq)]
enum StrKw {
    MinLength,
    MaxLength,
    Pattern,
    Format,
    Filter,
}

impl StrKw {
    /// As written in the spec.
    fn keyword(self) -> &'static str {
        match self {
            StrKw::MinLength => "minLength",
            StrKw::MaxLength => "maxLength",
            StrKw::Pattern => "pattern",
            StrKw::Format => "format",
            StrKw::Filter => "x-filter-expression",
        }
    }
}

/// Which count bound of an array, a map or a struct a comparison is about.
#[derive(Clone, Copy)]
enum CountKw {
    MinItems,
    MaxItems,
    MinProperties,
    MaxProperties,
}

impl CountKw {
    fn rule(self) -> Rule {
        match self {
            CountKw::MinItems => Rule::MinItemsChanged,
            CountKw::MaxItems => Rule::MaxItemsChanged,
            CountKw::MinProperties => Rule::MinPropertiesChanged,
            CountKw::MaxProperties => Rule::MaxPropertiesChanged,
        }
    }

    /// As written in the spec.
    fn keyword(self) -> &'static str {
        match self {
            CountKw::MinItems => "minItems",
            CountKw::MaxItems => "maxItems",
            CountKw::MinProperties => "minProperties",
            CountKw::MaxProperties => "maxProperties",
        }
    }

    /// A lower bound (else an upper one).
    fn is_min(self) -> bool {
        matches!(self, CountKw::MinItems | CountKw::MinProperties)
    }
}

/// A keyword's old and new value, as a report shows them.
struct Shown {
    old: String,
    new: String,
}

/// How a change moves what each direction accepts, and what it does to the Rust API.
pub(super) struct Verdict {
    /// Whether some value the old spec accepts is rejected by the new one (breaks requests),
    /// with candidate edits that show it.
    pub req: (Tri, Vec<Edit>),
    /// Whether some value the new spec accepts is rejected by the old one (breaks responses),
    /// with candidate edits that show it.
    pub resp: (Tri, Vec<Edit>),
    /// Breaks Rust code written against the old generated types.
    pub rust_breaking: bool,
}

fn only(c: &StrChecks, k: StrKw) -> StrChecks {
    let mut o = StrChecks::default();
    match k {
        StrKw::MinLength => o.min_length = c.min_length,
        StrKw::MaxLength => o.max_length = c.max_length,
        StrKw::Pattern => o.patterns = c.patterns.clone(),
        StrKw::Format => o.format = c.format,
        StrKw::Filter => o.filter = c.filter,
    }
    o
}

fn without(c: &StrChecks, k: StrKw) -> StrChecks {
    let mut o = c.clone();
    match k {
        StrKw::MinLength => o.min_length = None,
        StrKw::MaxLength => o.max_length = None,
        StrKw::Pattern => o.patterns.clear(),
        StrKw::Format => o.format = None,
        StrKw::Filter => o.filter = None,
    }
    o
}

fn fmt_name(f: Option<Format>) -> String {
    f.map_or("none", Format::name).to_owned()
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(|| "none".into(), |x| x.to_string())
}

fn bound(b: Option<(i128, bool)>, word: &str) -> String {
    match b {
        None => "none".into(),
        Some((x, false)) => format!("{word}: {x}"),
        Some((x, true)) => format!("exclusive {word}: {x}"),
    }
}

/// A short description of a shape's type, for messages.
pub(super) fn type_name(s: &Shape) -> String {
    match s {
        Shape::String(_) => "string".into(),
        Shape::Integer(IntRepr::I32, _) => "integer (int32)".into(),
        Shape::Integer(IntRepr::I64, _) => "integer (int64)".into(),
        Shape::Integer(IntRepr::Int64String, _) => "integer (int64 as string)".into(),
        Shape::Number(..) => "number".into(),
        Shape::Boolean => "boolean".into(),
        Shape::Array { items, .. } => format!("array of {}", type_name(items)),
        Shape::Map { values, .. } => format!("map of {}", type_name(values)),
        Shape::Any => "any value".into(),
        Shape::FreeObject => "object".into(),
        Shape::Named(n) => n.clone(),
        Shape::Untyped(inner) => format!("{}, or any value of another type", type_name(inner)),
        Shape::Nullable(inner) => format!("{} or null", type_name(inner)),
    }
}

/// Where a keyword of the schema at `base` is written: at `base/kw`, inside an `allOf`
/// member, or behind a `$ref`; else `base` itself.
pub(super) fn kw_ptr(side: &Side<'_>, base: &str, kw: &str) -> String {
    fn find(side: &Side<'_>, base: &str, kw: &str, depth: usize) -> Option<String> {
        if depth > 8 {
            return None;
        }
        let here = format!("{base}/{kw}");
        if side.spec.at(&here).is_some() {
            return Some(here);
        }
        if let Some(Value::Array(all)) = side.spec.at(&format!("{base}/allOf")) {
            for i in 0..all.len() {
                if let Some(p) = find(side, &format!("{base}/allOf/{i}"), kw, depth + 1) {
                    return Some(p);
                }
            }
        }
        let target =
            docspec_codegen::load::ref_pointer(side.spec.at(&format!("{base}/$ref"))?.as_str()?)?;
        find(side, &target, kw, depth + 1)
    }
    if kw.is_empty() {
        return base.to_owned();
    }
    find(side, base, kw, 0).unwrap_or_else(|| base.to_owned())
}

/// A field or group member of a struct, by wire name.
struct Member<'s> {
    shape: &'s Shape,
    pointer: &'s str,
    required: bool,
    /// `readOnly` / `writeOnly`.
    access: Option<Access>,
    /// Index of the group it belongs to.
    group: Option<usize>,
}

fn members<'s>(m: &'s Module, s: &'s Struct) -> BTreeMap<&'s str, Member<'s>> {
    let mut out = BTreeMap::new();
    for f in &s.fields {
        out.insert(
            f.wire.as_str(),
            Member {
                shape: &f.shape,
                pointer: &f.pointer,
                required: f.required,
                access: f.access,
                group: None,
            },
        );
    }
    for (gi, g) in s.groups.iter().enumerate() {
        if let Some(TypeDef {
            kind: TypeKind::Group(grp),
            ..
        }) = m.types.get(&g.type_name)
        {
            for v in &grp.members {
                out.insert(
                    v.wire.as_str(),
                    Member {
                        shape: &v.shape,
                        pointer: &v.pointer,
                        required: false,
                        access: None,
                        group: Some(gi),
                    },
                );
            }
        }
    }
    out
}

impl<'a> Walker<'a> {
    fn synth(&self, side: &'a Side<'a>) -> Synth<'a> {
        Synth {
            m: side.m,
            interp: &side.interp,
        }
    }

    /// Records a finding at `loc`; `kw` is the keyword its pointers name (empty: the schema).
    fn push(
        &mut self,
        loc: &Loc,
        rule: Rule,
        kw: &str,
        shown: Shown,
        message: String,
        verdict: Verdict,
    ) {
        let Verdict {
            req,
            resp,
            rust_breaking,
        } = verdict;
        self.out.push(Finding {
            rule,
            component: loc.component.clone(),
            place: loc.place.clone(),
            focus: loc.focus.clone(),
            old_ptr: kw_ptr(self.old, &loc.old_ptr, kw),
            new_ptr: kw_ptr(self.new, &loc.new_ptr, kw),
            old_val: shown.old,
            new_val: shown.new,
            message,
            req: req.0,
            req_edits: req.1,
            resp: resp.0,
            resp_edits: resp.1,
            rust_breaking,
            code: None,
            only: None,
            strings: loc.strings,
        });
    }

    // -----------------------------------------------------------------------------------------
    // Named types

    /// Compares two named types reached at the same place.
    pub fn typedefs(&mut self, loc: &Loc, a: &'a TypeDef, b: &'a TypeDef) {
        match (&a.kind, &b.kind) {
            (TypeKind::Struct(x), TypeKind::Struct(y)) => self.structs(loc, x, y, "property"),
            (TypeKind::Enum(x), TypeKind::Enum(y)) => self.enums(loc, x, y),
            (TypeKind::Alias(x), TypeKind::Alias(y)) => self.shapes(loc, x, y),
            (TypeKind::Group(_), TypeKind::Group(_)) => {}
            (TypeKind::Union(x), TypeKind::Union(y)) => self.unions(loc, x, y),
            _ => {
                let (o, n) = (Shape::Named(a.name.clone()), Shape::Named(b.name.clone()));
                self.type_changed(loc, &o, &n, kind_word(&a.kind), kind_word(&b.kind));
            }
        }
    }

    /// Compares two unions: variants matched by name (component, or Rust variant of an
    /// inline subschema), the keyword, and a discriminator's values. Under `oneOf` a variant
    /// added or removed can also change which values match two variants, so those verdicts
    /// are left to the witness: a value of the variant, tried on both specs.
    fn unions(&mut self, loc: &Loc, x: &'a Union, y: &'a Union) {
        let word = |u: &Union| if u.any { "anyOf" } else { "oneOf" };
        if x.any != y.any {
            self.push(
                loc,
                Rule::UnionKindChanged,
                if y.any { "anyOf" } else { "oneOf" },
                Shown {
                    old: word(x).into(),
                    new: word(y).into(),
                },
                format!("{} became {}", word(x), word(y)),
                Verdict {
                    req: (if y.any { Tri::No } else { Tri::Maybe }, vec![]),
                    resp: (if y.any { Tri::Maybe } else { Tri::No }, vec![]),
                    rust_breaking: false,
                },
            );
        }
        let kw = word(y);
        for v in &x.variants {
            match y.variants.iter().find(|w| w.wire == v.wire) {
                Some(w) => self.shapes(loc, &v.shape, &w.shape),
                None => {
                    let witness = self.synth(self.old).value(&v.shape, &[], loc.strings);
                    self.push(
                        loc,
                        Rule::UnionVariantRemoved,
                        kw,
                        Shown {
                            old: v.wire.clone(),
                            new: "absent".into(),
                        },
                        format!("{} variant {} removed", word(x), v.wire),
                        Verdict {
                            req: (Tri::Maybe, witness.map(set).into_iter().collect()),
                            resp: (if y.any { Tri::No } else { Tri::Maybe }, vec![]),
                            rust_breaking: true,
                        },
                    );
                }
            }
        }
        for w in &y.variants {
            if x.variants.iter().any(|v| v.wire == w.wire) {
                continue;
            }
            let witness = self.synth(self.new).value(&w.shape, &[], loc.strings);
            self.push(
                loc,
                Rule::UnionVariantAdded,
                kw,
                Shown {
                    old: "absent".into(),
                    new: w.wire.clone(),
                },
                format!("{} variant {} added", word(y), w.wire),
                Verdict {
                    req: (if y.any { Tri::No } else { Tri::Maybe }, vec![]),
                    resp: (Tri::Maybe, witness.map(set).into_iter().collect()),
                    rust_breaking: true,
                },
            );
        }
        // `not`: a tighter subschema admits more values and a looser one fewer, and which
        // values move is not searched for (`maybe` both ways).
        let same = |a: &Shape, b: &Shape| {
            a == b
                && match (a, b) {
                    (Shape::Named(a), Shape::Named(b)) => {
                        self.old.m.types.get(a).map(|t| &t.kind)
                            == self.new.m.types.get(b).map(|t| &t.kind)
                    }
                    _ => true,
                }
        };
        let not_same =
            x.not.len() != y.not.len() || x.not.iter().zip(&y.not).any(|(a, b)| !same(a, b));
        if not_same {
            let count = |u: &Union| match u.not.len() {
                0 => "absent".to_owned(),
                1 => "a schema".to_owned(),
                n => format!("{n} schemas"),
            };
            self.push(
                loc,
                Rule::NotChanged,
                "not",
                Shown {
                    old: count(x),
                    new: count(y),
                },
                "the schema under `not` changed".into(),
                Verdict {
                    req: (Tri::Maybe, vec![]),
                    resp: (Tri::Maybe, vec![]),
                    rust_breaking: false,
                },
            );
        }
        let tags = |u: &Union| -> BTreeSet<String> {
            match &u.dispatch {
                Dispatch::Tag { property, values } => values
                    .iter()
                    .map(|(t, i)| format!("{property}={t} -> {}", u.variants[*i].wire))
                    .collect(),
                _ => BTreeSet::new(),
            }
        };
        let (old_tags, new_tags) = (tags(x), tags(y));
        if old_tags != new_tags {
            let gone = !old_tags.is_subset(&new_tags);
            let came = !new_tags.is_subset(&old_tags);
            let list = |t: &BTreeSet<String>| {
                if t.is_empty() {
                    "none".to_owned()
                } else {
                    t.iter().cloned().collect::<Vec<_>>().join(", ")
                }
            };
            self.push(
                loc,
                Rule::DiscriminatorChanged,
                "discriminator",
                Shown {
                    old: list(&old_tags),
                    new: list(&new_tags),
                },
                format!(
                    "discriminator mapping changed from [{}] to [{}]",
                    list(&old_tags),
                    list(&new_tags)
                ),
                Verdict {
                    req: (if gone { Tri::Maybe } else { Tri::No }, vec![]),
                    resp: (if came { Tri::Maybe } else { Tri::No }, vec![]),
                    rust_breaking: false,
                },
            );
        }
    }

    fn enums(&mut self, loc: &Loc, x: &Enum, y: &Enum) {
        let old: BTreeSet<&str> = x.values.iter().map(|(w, _)| w.as_str()).collect();
        let new: BTreeSet<&str> = y.values.iter().map(|(w, _)| w.as_str()).collect();
        for v in x
            .values
            .iter()
            .map(|(w, _)| w.as_str())
            .filter(|v| !new.contains(v))
        {
            self.push(
                loc,
                Rule::EnumValueRemoved,
                "enum",
                Shown {
                    old: format!("{v:?}"),
                    new: "absent".into(),
                },
                format!("enum value {v:?} removed"),
                Verdict {
                    req: (Tri::Yes, vec![set(json!(v))]),
                    resp: (Tri::No, vec![]),
                    rust_breaking: true,
                },
            );
        }
        for v in y
            .values
            .iter()
            .map(|(w, _)| w.as_str())
            .filter(|v| !old.contains(v))
        {
            // A tolerant old enum already keeps unknown values in responses: old clients accept it.
            let resp = if x.tolerant { Tri::No } else { Tri::Yes };
            let note = if x.tolerant {
                "; old clients keep unknown values of this response enum"
            } else {
                ""
            };
            self.push(
                loc,
                Rule::EnumValueAdded,
                "enum",
                Shown {
                    old: "absent".into(),
                    new: format!("{v:?}"),
                },
                format!("enum value {v:?} added{note}"),
                Verdict {
                    req: (Tri::No, vec![]),
                    resp: (resp, vec![set(json!(v))]),
                    rust_breaking: true,
                },
            );
        }
    }

    /// Compares two structs (`what` is `property` or `parameter`).
    pub fn structs(&mut self, loc: &Loc, x: &Struct, y: &Struct, what: &'static str) {
        let (om, nm) = (members(self.old.m, x), members(self.new.m, y));
        let names: BTreeSet<&str> = om.keys().chain(nm.keys()).copied().collect();
        for w in names {
            let child = |o: Option<&Member<'_>>, n: Option<&Member<'_>>| {
                loc.child(
                    Seg::Key(w.to_owned()),
                    w,
                    o.map_or_else(|| loc.old_ptr.clone(), |m| m.pointer.to_owned()),
                    n.map_or_else(|| loc.new_ptr.clone(), |m| m.pointer.to_owned()),
                )
            };
            match (om.get(w), nm.get(w)) {
                (Some(o), Some(n)) => {
                    let c = child(Some(o), Some(n));
                    if o.access == n.access {
                        self.required(&c, w, o.required, n.required, what);
                    } else {
                        self.access(&c, w, o, n);
                    }
                    self.shapes(&c, o.shape, n.shape);
                }
                // A member that comes or goes with a one-of group is reported by the group.
                (Some(o), None) if o.group.is_some() => {}
                (None, Some(n)) if n.group.is_some() && !om.contains_key(w) => {}
                (Some(o), None) => {
                    let c = child(Some(o), None);
                    // Undeclared names are outside the new contract; a closed object rejects them.
                    let closed = y.deny_unknown.is_some();
                    let req = if closed && what == "property" {
                        let v = self.synth(self.old).value(o.shape, &[], loc.strings);
                        (Tri::Yes, v.map(set).into_iter().collect())
                    } else {
                        (Tri::No, vec![])
                    };
                    let resp = if o.required {
                        (Tri::Yes, vec![remove()])
                    } else {
                        (Tri::No, vec![])
                    };
                    let rule = if what == "property" {
                        Rule::PropertyRemoved
                    } else {
                        Rule::ParameterRemoved
                    };
                    let req_s = if o.required { "required" } else { "optional" };
                    self.push(
                        &c,
                        rule,
                        "",
                        Shown {
                            old: format!("{req_s} {}", type_name(o.shape)),
                            new: "absent".into(),
                        },
                        format!("{req_s} {what} `{w}` removed"),
                        Verdict {
                            req,
                            resp,
                            rust_breaking: true,
                        },
                    );
                }
                (None, Some(n)) => {
                    let c = child(None, Some(n));
                    let req = if n.required {
                        (Tri::Yes, vec![remove()])
                    } else {
                        (Tri::No, vec![])
                    };
                    let resp = if x.deny_unknown.is_some() && what == "property" {
                        let v = self.synth(self.new).value(n.shape, &[], loc.strings);
                        (Tri::Yes, v.map(set).into_iter().collect())
                    } else {
                        (Tri::No, vec![])
                    };
                    let rule = if what == "property" {
                        Rule::PropertyAdded
                    } else {
                        Rule::ParameterAdded
                    };
                    let req_s = if n.required { "required" } else { "optional" };
                    self.push(
                        &c,
                        rule,
                        "",
                        Shown {
                            old: "absent".into(),
                            new: format!("{req_s} {}", type_name(n.shape)),
                        },
                        format!("{req_s} {what} `{w}` added"),
                        Verdict {
                            req,
                            resp,
                            rust_breaking: true,
                        },
                    );
                }
                (None, None) => {}
            }
        }
        self.groups(loc, x, y, &om, &nm);
        self.rules(loc, x, y);
        let zero = |x: Option<u64>| x.filter(|&v| v > 0);
        let (amin, bmin) = (zero(x.min_props), zero(y.min_props));
        self.counts(loc, CountKw::MinProperties, amin, bmin, x, y);
        let (amax, bmax) = (x.max_props, y.max_props);
        self.counts(loc, CountKw::MaxProperties, amax, bmax, x, y);
        let undeclared = (0..)
            .map(|i| format!("undeclared{i}"))
            .find(|k| !om.contains_key(k.as_str()) && !nm.contains_key(k.as_str()))
            .unwrap_or_default();
        match (&x.extra, &y.extra) {
            (Some(a), Some(b)) => {
                let c = loc.child(
                    Seg::Key(undeclared),
                    "{*}",
                    kw_ptr(self.old, &loc.old_ptr, "additionalProperties"),
                    kw_ptr(self.new, &loc.new_ptr, "additionalProperties"),
                );
                self.shapes(&c, a, b);
            }
            // Undeclared members of an open object were outside the contract: a schema for
            // them constrains requests that were never promised; responses may now carry
            // members the old schema did not allow (no witness is drawn: `maybe`).
            (None, Some(_)) if y.deny_unknown.is_none() => self.push(
                loc,
                Rule::AdditionalPropertiesChanged,
                "additionalProperties",
                Shown {
                    old: "open".into(),
                    new: "a schema".into(),
                },
                "undeclared properties must now be values of the additionalProperties schema"
                    .into(),
                Verdict {
                    req: (Tri::No, vec![]),
                    resp: (Tri::No, vec![]),
                    rust_breaking: false,
                },
            ),
            (Some(_), None) if x.deny_unknown.is_none() => self.push(
                loc,
                Rule::AdditionalPropertiesChanged,
                "additionalProperties",
                Shown {
                    old: "a schema".into(),
                    new: if y.deny_unknown.is_some() {
                        "closed"
                    } else {
                        "open"
                    }
                    .into(),
                },
                "undeclared properties are no longer values of the additionalProperties schema"
                    .into(),
                Verdict {
                    req: (Tri::No, vec![]),
                    resp: (
                        if y.deny_unknown.is_some() {
                            Tri::No
                        } else {
                            Tri::Maybe
                        },
                        vec![],
                    ),
                    rust_breaking: false,
                },
            ),
            _ => {}
        }
        match (&x.deny_unknown, &y.deny_unknown) {
            (None, Some(_)) => self.push(loc, Rule::AdditionalPropertiesChanged, "additionalProperties", Shown { old: "open".into(), new: "closed".into() }, "the object no longer accepts undeclared properties (they were outside the contract)".into(), Verdict { req: (Tri::No, vec![]), resp: (Tri::No, vec![]), rust_breaking: false }),
            (Some(_), None) => {
                let name = (0..).map(|i| format!("undeclared{i}")).find(|k| !nm.contains_key(k.as_str())).unwrap_or_default();
                self.push(loc, Rule::AdditionalPropertiesChanged, "additionalProperties", Shown { old: "closed".into(), new: "open".into() }, "the object now accepts undeclared properties".into(), Verdict { req: (Tri::No, vec![]), resp: (Tri::Yes, vec![vec![(vec![name], Some(json!("x")))]]), rust_breaking: false });
            }
            _ => {}
        }
    }

    fn required(&mut self, c: &Loc, w: &str, o: bool, n: bool, what: &'static str) {
        if o == n {
            return;
        }
        let (rule, req, resp, msg) = if n {
            let rule = if what == "parameter" {
                Rule::ParameterRequiredAdded
            } else {
                Rule::RequiredAdded
            };
            (
                rule,
                (Tri::Yes, vec![remove()]),
                (Tri::No, vec![]),
                format!("{what} `{w}` became required"),
            )
        } else {
            let rule = if what == "parameter" {
                Rule::ParameterRequiredRemoved
            } else {
                Rule::RequiredRemoved
            };
            (
                rule,
                (Tri::No, vec![]),
                (Tri::Yes, vec![remove()]),
                format!("{what} `{w}` became optional"),
            )
        };
        let word = |r: bool| if r { "required" } else { "optional" }.to_owned();
        // A map is a map whatever keys it requires; a field becomes `T` or `Option<T>`.
        let rust_breaking = what != "map key";
        self.push(
            c,
            rule,
            "",
            Shown {
                old: word(o),
                new: word(n),
            },
            msg,
            Verdict {
                req,
                resp,
                rust_breaking,
            },
        );
    }

    /// `readOnly` or `writeOnly` added, removed or swapped on member `w`: where it may be
    /// sent, and where it is required, change per direction.
    fn access(&mut self, c: &Loc, w: &str, o: &Member<'_>, n: &Member<'_>) {
        // (sent, required) in requests and in responses.
        let sides = |m: &Member<'_>| match m.access {
            None => ((true, m.required), (true, m.required)),
            Some(a) if a.read_only => ((false, false), (true, a.required)),
            Some(a) => ((true, a.required), (false, false)),
        };
        let ((oq, oqr), (op, opr)) = sides(o);
        let ((nq, nqr), (np, npr)) = sides(n);
        let value = self.synth(self.old).value(o.shape, &[], c.strings);
        let present = |v: Option<Value>| v.map(set).into_iter().collect::<Vec<_>>();
        // Requests break when one that was valid is refused: the member is no longer sent,
        // or it became required. Responses break when one a client did not expect arrives:
        // the member may now be sent, or it is no longer required.
        let req = if oq && !nq {
            (Tri::Yes, present(value.clone()))
        } else if nqr && !oqr {
            (Tri::Yes, vec![remove()])
        } else {
            (Tri::No, vec![])
        };
        let resp = if np && !op {
            let nv = self.synth(self.new).value(n.shape, &[], c.strings);
            (Tri::Yes, present(nv))
        } else if opr && !npr {
            (Tri::Yes, vec![remove()])
        } else {
            (Tri::No, vec![])
        };
        let word = |m: &Member<'_>| match m.access {
            None => "both directions",
            Some(a) if a.read_only => "readOnly",
            Some(_) => "writeOnly",
        };
        let (ow, nw) = (word(o), word(n));
        self.push(
            c,
            Rule::AccessChanged,
            if n.access.or(o.access).is_some_and(|a| a.read_only) {
                "readOnly"
            } else {
                "writeOnly"
            },
            Shown {
                old: ow.to_owned(),
                new: nw.to_owned(),
            },
            format!("property `{w}` changed from {ow} to {nw}"),
            Verdict {
                req,
                resp,
                // The field is `T` when required in both directions, else `Option<T>`.
                rust_breaking: o.required != n.required,
            },
        );
    }

    fn groups(
        &mut self,
        loc: &Loc,
        x: &Struct,
        y: &Struct,
        om: &BTreeMap<&str, Member<'_>>,
        nm: &BTreeMap<&str, Member<'_>>,
    ) {
        let gptr = |side: &Side<'_>, base: &str, i: usize| {
            let p = format!("{base}/x-oneof/{i}");
            if side.spec.at(&p).is_some() {
                p
            } else {
                base.to_owned()
            }
        };
        // Groups are matched by the members they share.
        for (ni, ng) in y.groups.iter().enumerate() {
            let matched = x
                .groups
                .iter()
                .enumerate()
                .max_by_key(|(_, og)| og.members.iter().filter(|m| ng.members.contains(m)).count())
                .filter(|(_, og)| og.members.iter().any(|m| ng.members.contains(m)));
            let (old_members, old_exact, oi): (Vec<String>, bool, Option<usize>) = match matched {
                Some((oi, og)) => (og.members.clone(), og.exactly_one, Some(oi)),
                None => (Vec::new(), false, None),
            };
            let gloc = Loc {
                old_ptr: oi
                    .map_or_else(|| loc.old_ptr.clone(), |i| gptr(self.old, &loc.old_ptr, i)),
                new_ptr: gptr(self.new, &loc.new_ptr, ni),
                ..loc.clone()
            };
            let gname = ng.rust.clone();
            let list = |v: &[String]| v.join(", ");
            let first_old = old_members.first().cloned();
            if oi.is_some() && old_exact != ng.exactly_one {
                let word = |e: bool| if e { "exactly one" } else { "at most one" }.to_owned();
                let none: Edit = old_members
                    .iter()
                    .map(|m| (vec![m.clone()], None))
                    .collect();
                let (req, resp) = if ng.exactly_one {
                    ((Tri::Yes, vec![none]), (Tri::No, vec![]))
                } else {
                    let none: Edit = ng.members.iter().map(|m| (vec![m.clone()], None)).collect();
                    ((Tri::No, vec![]), (Tri::Yes, vec![none]))
                };
                self.push(
                    &gloc,
                    Rule::OneOfKindChanged,
                    "",
                    Shown {
                        old: word(old_exact),
                        new: word(ng.exactly_one),
                    },
                    format!(
                        "one-of group `{gname}` ({}) now requires {}",
                        list(&ng.members),
                        word(ng.exactly_one)
                    ),
                    Verdict {
                        req,
                        resp,
                        rust_breaking: true,
                    },
                );
            }
            for m in ng.members.iter().filter(|m| !old_members.contains(m)) {
                let was_field = om.get(m.as_str()).is_some_and(|f| f.group.is_none());
                let old_shape = om.get(m.as_str()).map(|f| f.shape);
                let new_shape = nm.get(m.as_str()).map(|f| f.shape);
                // Another member the old spec declares, to send beside this one.
                let other = first_old.clone().or_else(|| {
                    ng.members
                        .iter()
                        .find(|x| *x != m && om.get(x.as_str()).is_some_and(|f| f.group.is_none()))
                        .cloned()
                });
                let req = match (was_field, old_shape, &other) {
                    // It was a plain field: sending it beside another member is now a conflict.
                    (true, Some(_), Some(other)) => {
                        self.both(self.old, om, m, other, loc.strings, Tri::Maybe)
                    }
                    _ => (Tri::No, vec![]),
                };
                // A response holding only the new member lacks the old group's required member.
                let resp = match new_shape {
                    Some(s) if old_exact && oi.is_some() => {
                        self.alone(self.new, s, m, &ng.members, loc.strings)
                    }
                    _ => (Tri::No, vec![]),
                };
                let c = gloc.child(
                    Seg::Key(m.clone()),
                    m,
                    gloc.old_ptr.clone(),
                    gloc.new_ptr.clone(),
                );
                let c = Loc {
                    focus: loc.focus.clone(),
                    ..c
                };
                self.push(
                    &c,
                    Rule::OneOfMemberAdded,
                    "fields",
                    Shown {
                        old: "absent".into(),
                        new: format!("member of `{gname}`"),
                    },
                    format!(
                        "`{m}` joined one-of group `{gname}` ({})",
                        list(&ng.members)
                    ),
                    Verdict {
                        req,
                        resp,
                        rust_breaking: true,
                    },
                );
            }
            for m in old_members.iter().filter(|m| !ng.members.contains(m)) {
                let still_field = nm.get(m.as_str()).is_some_and(|f| f.group.is_none());
                let old_shape = om.get(m.as_str()).map(|f| f.shape);
                // A request holding only this member satisfied the old group; the new one may want another.
                let req = match old_shape {
                    Some(s) if ng.exactly_one => {
                        self.alone(self.old, s, m, &old_members, loc.strings)
                    }
                    _ => (Tri::No, vec![]),
                };
                let resp = match (still_field, ng.members.first()) {
                    (true, Some(other)) => {
                        self.both(self.new, nm, m, other, loc.strings, Tri::Maybe)
                    }
                    _ => (Tri::No, vec![]),
                };
                self.push(
                    &gloc,
                    Rule::OneOfMemberRemoved,
                    "fields",
                    Shown {
                        old: format!("member of `{gname}`"),
                        new: "absent".into(),
                    },
                    format!("`{m}` left one-of group `{gname}`"),
                    Verdict {
                        req,
                        resp,
                        rust_breaking: true,
                    },
                );
            }
        }
        for og in x.groups.iter().filter(|og| {
            !y.groups
                .iter()
                .any(|ng| ng.members.iter().any(|m| og.members.contains(m)))
        }) {
            // The whole group is gone: members that stay are free to appear together.
            let resp = match og.members.as_slice() {
                [a, b, ..] => self.both(self.new, nm, a, b, loc.strings, Tri::No),
                _ => (Tri::No, vec![]),
            };
            self.push(
                loc,
                Rule::OneOfGroupRemoved,
                "x-oneof",
                Shown {
                    old: og.members.join(", "),
                    new: "absent".into(),
                },
                format!("one-of group `{}` removed", og.rust),
                Verdict {
                    req: (Tri::No, vec![]),
                    resp,
                    rust_breaking: true,
                },
            );
        }
    }

    /// An edit that sends members `a` and `b` together (valid values of the side), or
    /// `otherwise` when either cannot be made.
    fn both(
        &self,
        side: &'a Side<'a>,
        members: &BTreeMap<&str, Member<'_>>,
        a: &str,
        b: &str,
        strings: bool,
        otherwise: Tri,
    ) -> (Tri, Vec<Edit>) {
        let syn = self.synth(side);
        let value = |k: &str| {
            members
                .get(k)
                .and_then(|f| syn.value(f.shape, &[], strings))
        };
        match (value(a), value(b)) {
            (Some(va), Some(vb)) => (
                Tri::Yes,
                vec![vec![
                    (vec![a.to_owned()], Some(va)),
                    (vec![b.to_owned()], Some(vb)),
                ]],
            ),
            _ => (otherwise, vec![]),
        }
    }

    /// An edit that leaves member `m` (of `shape`) as the only one of `group` present.
    fn alone(
        &self,
        side: &'a Side<'a>,
        shape: &Shape,
        m: &str,
        group: &[String],
        strings: bool,
    ) -> (Tri, Vec<Edit>) {
        match self.synth(side).value(shape, &[], strings) {
            Some(v) => {
                let mut e: Edit = group.iter().map(|k| (vec![k.clone()], None)).collect();
                e.push((vec![m.to_owned()], Some(v)));
                (Tri::Yes, vec![e])
            }
            None => (Tri::No, vec![]),
        }
    }

    fn rules(&mut self, loc: &Loc, x: &Struct, y: &Struct) {
        let declared = |s: &Struct, m: &Module, r: &ir::Rule| {
            let mut fields: Vec<&FieldPath> = r.asserts.iter().map(|a| &a.field).collect();
            if let Some((f, _)) = &r.when {
                fields.push(f);
            }
            fields.iter().all(|f| path_declared(m, s, f))
        };
        for (i, r) in x
            .rules
            .iter()
            .enumerate()
            .filter(|(_, r)| !y.rules.contains(r))
        {
            let c = Loc {
                old_ptr: format!("{}/x-rules/{i}", loc.old_ptr),
                ..loc.clone()
            };
            let resp = if declared(y, self.new.m, r) {
                (Tri::Maybe, rule_breakers(r))
            } else {
                (Tri::No, vec![])
            };
            self.push(
                &c,
                Rule::RuleRemoved,
                "",
                Shown {
                    old: r.description.clone(),
                    new: "absent".into(),
                },
                format!("rule removed: {}", r.description),
                Verdict {
                    req: (Tri::No, vec![]),
                    resp,
                    rust_breaking: false,
                },
            );
            if let Some(f) = self.out.last_mut() {
                f.code = Some(Code::Rule);
            }
        }
        for (i, r) in y
            .rules
            .iter()
            .enumerate()
            .filter(|(_, r)| !x.rules.contains(r))
        {
            let c = Loc {
                new_ptr: format!("{}/x-rules/{i}", loc.new_ptr),
                ..loc.clone()
            };
            // A rule that reads a field the old spec does not declare only binds values outside the old contract.
            let req = if declared(x, self.old.m, r) {
                (Tri::Maybe, rule_breakers(r))
            } else {
                (Tri::No, vec![])
            };
            let note = if req.0 == Tri::No {
                " (it reads fields the old spec does not declare)"
            } else {
                ""
            };
            self.push(
                &c,
                Rule::RuleAdded,
                "",
                Shown {
                    old: "absent".into(),
                    new: r.description.clone(),
                },
                format!("rule added{note}: {}", r.description),
                Verdict {
                    req,
                    resp: (Tri::No, vec![]),
                    rust_breaking: false,
                },
            );
            if let Some(f) = self.out.last_mut() {
                f.code = Some(Code::Rule);
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // Shapes at one place

    /// Compares the shapes at one place. Named types are compared once on their own.
    pub fn shapes(&mut self, loc: &Loc, o: &Shape, n: &Shape) {
        // A free-form object is the map of any values with no constraints: against a map,
        // each keyword that appears or goes is compared as itself.
        let free = || Shape::Map {
            values: Box::new(Shape::Any),
            keys: StrChecks::default(),
            min_props: None,
            max_props: None,
            required: Vec::new(),
        };
        match (o, n) {
            (Shape::FreeObject, Shape::Map { .. }) => return self.shapes(loc, &free(), n),
            (Shape::Map { .. }, Shape::FreeObject) => return self.shapes(loc, o, &free()),
            _ => {}
        }
        match (o, n) {
            (Shape::String(a), Shape::String(b)) => self.strings(loc, a, b),
            (Shape::Integer(ra, a), Shape::Integer(rb, b)) => {
                self.integers(loc, (*ra, a), (*rb, b))
            }
            (Shape::Number(a), Shape::Number(b)) => self.numbers(loc, a, b),
            (Shape::Boolean, Shape::Boolean)
            | (Shape::Any, Shape::Any)
            | (Shape::FreeObject, Shape::FreeObject) => {}
            (
                Shape::Array {
                    items: ai,
                    min_items: amin,
                    max_items: amax,
                    unique: au,
                },
                Shape::Array {
                    items: bi,
                    min_items: bmin,
                    max_items: bmax,
                    unique: bu,
                },
            ) => {
                let zero = |x: Option<u64>| x.filter(|&v| v > 0);
                self.counts(loc, CountKw::MinItems, zero(*amin), zero(*bmin), o, n);
                self.counts(loc, CountKw::MaxItems, *amax, *bmax, o, n);
                if au != bu {
                    self.unique(loc, o, n, *bu);
                }
                let c = loc.child(
                    Seg::Index,
                    "[]",
                    format!("{}/items", loc.old_ptr),
                    format!("{}/items", loc.new_ptr),
                );
                self.shapes(&c, ai, bi);
            }
            (
                Shape::Map {
                    values: av,
                    keys: ak,
                    min_props: amin,
                    max_props: amax,
                    required: ar,
                },
                Shape::Map {
                    values: bv,
                    keys: bk,
                    min_props: bmin,
                    max_props: bmax,
                    required: br,
                },
            ) => {
                let zero = |x: Option<u64>| x.filter(|&v| v > 0);
                self.counts(loc, CountKw::MinProperties, zero(*amin), zero(*bmin), o, n);
                self.counts(loc, CountKw::MaxProperties, *amax, *bmax, o, n);
                let names: BTreeSet<&String> = ar.iter().chain(br).collect();
                for k in names {
                    let c = loc.child(
                        Seg::Key(k.clone()),
                        k,
                        kw_ptr(self.old, &loc.old_ptr, "required"),
                        kw_ptr(self.new, &loc.new_ptr, "required"),
                    );
                    self.required(&c, k, ar.contains(k), br.contains(k), "map key");
                }
                let kc = Loc {
                    place: format!("{}{{key}}", loc.place),
                    old_ptr: kw_ptr(self.old, &loc.old_ptr, "x-property-names"),
                    new_ptr: kw_ptr(self.new, &loc.new_ptr, "x-property-names"),
                    ..loc.clone()
                };
                self.keys(&kc, ak, bk, av, bv);
                let c = loc.child(
                    Seg::Entry,
                    "{*}",
                    kw_ptr(self.old, &loc.old_ptr, "additionalProperties"),
                    kw_ptr(self.new, &loc.new_ptr, "additionalProperties"),
                );
                self.shapes(&c, av, bv);
            }
            (Shape::Nullable(a), Shape::Nullable(b)) => self.shapes(loc, a, b),
            // `Any` and untyped shapes admit null already.
            (Shape::Nullable(a), b) if !matches!(b, Shape::Any | Shape::Untyped(_)) => {
                self.nullable_changed(loc, false);
                self.shapes(loc, a, b);
            }
            (a, Shape::Nullable(b)) if !matches!(a, Shape::Any | Shape::Untyped(_)) => {
                self.nullable_changed(loc, true);
                self.shapes(loc, a, b);
            }
            (Shape::Nullable(a), b) => self.shapes(loc, a, b),
            (a, Shape::Nullable(b)) => self.shapes(loc, a, b),
            (Shape::Untyped(a), Shape::Untyped(b)) => self.shapes(loc, a, b),
            // Values of other JSON types than the keywords' are accepted on one side only
            // (`null` is one for every shape); the keywords are compared as well.
            // (`Any` accepts the other types too: only the constraints differ, a plain type
            // change below.)
            (Shape::Untyped(a), b) if *b != Shape::Any => {
                self.untyped_changed(loc, o, n, true);
                self.shapes(loc, a, b);
            }
            (a, Shape::Untyped(b)) if *a != Shape::Any => {
                self.untyped_changed(loc, o, n, false);
                self.shapes(loc, a, b);
            }
            (Shape::Named(a), Shape::Named(b)) if a == b => {}
            (Shape::Named(a), Shape::Named(b)) => {
                // Both named: the pair is compared on its own (walked from the operations); here
                // only the Rust type name changes.
                self.push(
                    loc,
                    Rule::ReferenceChanged,
                    "$ref",
                    Shown {
                        old: a.clone(),
                        new: b.clone(),
                    },
                    format!("type `{a}` replaced by `{b}` (compared member by member)"),
                    Verdict {
                        req: (Tri::No, vec![]),
                        resp: (Tri::No, vec![]),
                        rust_breaking: true,
                    },
                );
            }
            _ => self.type_changed(loc, o, n, type_name(o), type_name(n)),
        }
    }

    /// `nullable: true` added (`now`) or removed: null is then accepted in responses a client
    /// did not expect, or refused in requests that were valid.
    fn nullable_changed(&mut self, loc: &Loc, now: bool) {
        let null = (Tri::Yes, vec![set(Value::Null)]);
        let (rule, req, resp, msg) = if now {
            (
                Rule::NullableAdded,
                (Tri::No, vec![]),
                null,
                "null is now allowed",
            )
        } else {
            (
                Rule::NullableRemoved,
                null,
                (Tri::No, vec![]),
                "null is no longer allowed",
            )
        };
        self.push(
            loc,
            rule,
            "nullable",
            Shown {
                old: (!now).to_string(),
                new: now.to_string(),
            },
            msg.to_owned(),
            Verdict {
                req,
                resp,
                rust_breaking: true,
            },
        );
    }

    /// `type` added to (`now_typed`) or removed from a schema whose keywords apply to one type.
    fn untyped_changed(&mut self, loc: &Loc, o: &Shape, n: &Shape, now_typed: bool) {
        let other = (Tri::Yes, vec![set(Value::Null)]);
        let (req, resp) = if now_typed {
            (other, (Tri::No, vec![]))
        } else {
            ((Tri::No, vec![]), other)
        };
        self.type_push(loc, type_name(o), type_name(n), req, resp);
    }

    fn type_changed(&mut self, loc: &Loc, o: &Shape, n: &Shape, ow: String, nw: String) {
        let ov = self.synth(self.old).value(o, &[], loc.strings);
        let nv = self.synth(self.new).value(n, &[], loc.strings);
        // A side that accepts any value takes in whatever the other side allows: that
        // direction cannot break.
        let verdict = |to: &Shape, w: Option<Value>| match to {
            Shape::Any => (Tri::No, vec![]),
            _ => (Tri::Maybe, w.map(set).into_iter().collect()),
        };
        let (req, resp) = (verdict(n, ov), verdict(o, nv));
        self.type_push(loc, ow, nw, req, resp);
    }

    /// A `type-changed` finding.
    fn type_push(
        &mut self,
        loc: &Loc,
        ow: String,
        nw: String,
        req: (Tri, Vec<Edit>),
        resp: (Tri, Vec<Edit>),
    ) {
        self.push(
            loc,
            Rule::TypeChanged,
            "type",
            Shown {
                old: ow.clone(),
                new: nw.clone(),
            },
            format!("type changed from {ow} to {nw}"),
            Verdict {
                req,
                resp,
                rust_breaking: true,
            },
        );
    }

    fn strings(&mut self, loc: &Loc, a: &StrChecks, b: &StrChecks) {
        let pats = |side: &Side<'_>, c: &StrChecks| -> Vec<String> {
            c.patterns
                .iter()
                .filter_map(|&i| side.m.patterns.get(i).map(|p| p.source.clone()))
                .collect()
        };
        let filt = |side: &Side<'_>, c: &StrChecks| {
            c.filter
                .and_then(|i| side.m.filters.get(i))
                .map(|f| filter_text(side.m, f))
        };
        let (pa, pb) = (pats(self.old, a), pats(self.new, b));
        let zero = |x: Option<u64>| x.filter(|&v| v > 0);
        if zero(a.min_length) != zero(b.min_length) {
            self.str_kw(
                loc,
                a,
                b,
                StrKw::MinLength,
                Rule::MinLengthChanged,
                Shown {
                    old: opt(a.min_length),
                    new: opt(b.min_length),
                },
            );
        }
        if a.max_length != b.max_length {
            self.str_kw(
                loc,
                a,
                b,
                StrKw::MaxLength,
                Rule::MaxLengthChanged,
                Shown {
                    old: opt(a.max_length),
                    new: opt(b.max_length),
                },
            );
        }
        if pa != pb {
            let rule = match (pa.is_empty(), pb.is_empty()) {
                (true, false) => Rule::PatternAdded,
                (false, true) => Rule::PatternRemoved,
                _ => Rule::PatternChanged,
            };
            let show = |p: &[String]| {
                if p.is_empty() {
                    "none".to_owned()
                } else {
                    p.join(" and ")
                }
            };
            self.str_kw(
                loc,
                a,
                b,
                StrKw::Pattern,
                rule,
                Shown {
                    old: show(&pa),
                    new: show(&pb),
                },
            );
        }
        if a.format != b.format {
            self.str_kw(
                loc,
                a,
                b,
                StrKw::Format,
                Rule::FormatChanged,
                Shown {
                    old: fmt_name(a.format),
                    new: fmt_name(b.format),
                },
            );
        }
        let (fa, fb) = (filt(self.old, a), filt(self.new, b));
        if fa != fb {
            self.str_kw(
                loc,
                a,
                b,
                StrKw::Filter,
                Rule::FilterChanged,
                Shown {
                    old: opt(fa),
                    new: opt(fb),
                },
            );
        }
    }

    /// One string keyword: decided by arithmetic for plain lengths, by witness search otherwise.
    fn str_kw(
        &mut self,
        loc: &Loc,
        a: &StrChecks,
        b: &StrChecks,
        k: StrKw,
        rule: Rule,
        shown: Shown,
    ) {
        let req = self.str_side(self.old, a, self.new, b, k);
        let resp = self.str_side(self.new, b, self.old, a, k);
        let kw = k.keyword();
        let msg = format!("{kw} changed from {} to {}", shown.old, shown.new);
        let wrap = |w: Option<String>, t: Tri| match w {
            Some(s) => (Tri::Yes, vec![set(Value::String(s))]),
            None => (t, vec![]),
        };
        let req = wrap(req.0, req.1);
        let resp = wrap(resp.0, resp.1);
        self.push(
            loc,
            rule,
            kw,
            shown,
            msg,
            Verdict {
                req,
                resp,
                rust_breaking: false,
            },
        );
    }

    /// A string `from` accepts and keyword `k` of `to` rejects (preferring one all other keywords
    /// of `to` accept), with the verdict when none is found.
    fn str_side(
        &self,
        from: &'a Side<'a>,
        fc: &StrChecks,
        to: &'a Side<'a>,
        tc: &StrChecks,
        k: StrKw,
    ) -> (Option<String>, Tri) {
        // A keyword `to` does not have rejects nothing.
        if only(tc, k) == StrChecks::default() {
            return (None, Tri::No);
        }
        // A filter whose every part accepts no more than the other's: decided without search.
        if k == StrKw::Filter {
            let (f, t) = (
                fc.filter.and_then(|i| from.m.filters.get(i)),
                tc.filter.and_then(|i| to.m.filters.get(i)),
            );
            if let (Some(f), Some(t)) = (f, t) {
                let pat = |side: &Side<'_>, x: &Filter| {
                    x.pattern
                        .and_then(|i| side.m.patterns.get(i))
                        .map(|p| p.source.clone())
                };
                let within = f.fields.iter().all(|x| t.fields.contains(x))
                    && f.operators.iter().all(|x| t.operators.contains(x))
                    && t.min_length
                        .is_none_or(|m| f.min_length.is_some_and(|n| n >= m))
                    && t.max_length
                        .is_none_or(|m| f.max_length.is_some_and(|n| n <= m))
                    && (t.pattern.is_none() || pat(from, f) == pat(to, t));
                if within {
                    return (None, Tri::No);
                }
            }
        }
        let plain = fc.patterns.is_empty() && fc.format.is_none() && fc.filter.is_none();
        let len_verdict = |s: Tri| if plain { s } else { Tri::Maybe };
        // The lengths that can show the difference.
        let fmin = fc.min_length.unwrap_or(0);
        let fmax = fc.max_length;
        let mut lens = Vec::new();
        let none_left = match k {
            StrKw::MinLength => match tc.min_length {
                Some(t) if t > fmin => {
                    lens.extend([fmin, t - 1]);
                    false
                }
                _ => true,
            },
            StrKw::MaxLength => match tc.max_length {
                Some(t) if fmax.is_none_or(|m| m > t) => {
                    lens.push(t + 1);
                    false
                }
                _ => true,
            },
            _ => false,
        };
        // Every length `from` allows passes this bound of `to`: whatever other keywords either
        // side has, this one rejects nothing more (decided by arithmetic, not search).
        if none_left {
            return (None, Tri::No);
        }
        let to_k = Shape::String(only(tc, k));
        let to_rest = Shape::String(without(tc, k));
        let from_shape = Shape::String(fc.clone());
        let lens: Vec<usize> = lens
            .into_iter()
            .filter_map(|l| usize::try_from(l).ok())
            .filter(|&l| l <= 1 << 16)
            .collect();
        let mut pool = witness::string_candidates(from.m, fc, &lens);
        pool.extend(witness::string_candidates(to.m, &without(tc, k), &lens));
        let ok = |side: &Side<'_>, s: &Shape, v: &Value| {
            side.interp
                .validate_value(s, v, Direction::Request)
                .is_empty()
        };
        let mut fallback = None;
        for cand in pool {
            let v = Value::String(cand.clone());
            if ok(from, &from_shape, &v) && !ok(to, &to_k, &v) {
                if ok(to, &to_rest, &v) {
                    return (Some(cand), Tri::Yes);
                }
                fallback.get_or_insert(cand);
            }
        }
        match fallback {
            Some(c) => (Some(c), Tri::Yes),
            None if matches!(k, StrKw::MinLength | StrKw::MaxLength) => {
                (None, len_verdict(Tri::Yes))
            }
            None => (None, Tri::Maybe),
        }
    }

    /// Integers of which one side lists an `enum`: the two sets of values compared as sets,
    /// through candidates (every listed value and its neighbours, the bounds, 0 and ±1),
    /// checked on both sides. With both sides listed the search is exhaustive, so no
    /// witness means no change in that direction; otherwise it is `maybe`.
    fn integer_enums(
        &mut self,
        loc: &Loc,
        (ra, a): (IntRepr, &IntChecks),
        (rb, b): (IntRepr, &IntChecks),
    ) {
        let holds = |r: IntRepr, c: &IntChecks, x: i128| {
            let range = witness::int_set(r, &IntChecks::default());
            let mut rep = docspec_runtime::Report::default();
            docspec_codegen::describe::int_value(c).check(
                x,
                &docspec_runtime::Path::root(),
                &mut rep,
            );
            rep.is_empty() && range.lo.is_none_or(|l| x >= l) && range.hi.is_none_or(|h| x <= h)
        };
        let mut cands: Vec<i128> = vec![0, 1, -1];
        for c in [a, b] {
            for &x in &c.values {
                cands.extend([x, x - 1, x + 1]);
            }
            for (m, _) in c.minimum.iter().chain(&c.maximum) {
                cands.extend([*m - 1, *m, *m + 1]);
            }
        }
        let find = |from: (IntRepr, &IntChecks), to: (IntRepr, &IntChecks)| {
            cands
                .iter()
                .copied()
                .find(|&x| holds(from.0, from.1, x) && !holds(to.0, to.1, x))
        };
        let (req, resp) = (find((ra, a), (rb, b)), find((rb, b), (ra, a)));
        let exhaustive = !a.values.is_empty() && !b.values.is_empty();
        if req.is_none() && resp.is_none() && (exhaustive || a == b) {
            return;
        }
        let strings = loc.strings;
        let tri = |w: Option<i128>, r: IntRepr| match w {
            Some(x) => (Tri::Yes, vec![set(witness::int_value(r, x, strings))]),
            None if exhaustive => (Tri::No, vec![]),
            None => (Tri::Maybe, vec![]),
        };
        let list = |c: &IntChecks| {
            if c.values.is_empty() {
                "any".to_owned()
            } else {
                let v: Vec<String> = c.values.iter().map(i128::to_string).collect();
                v.join(", ")
            }
        };
        self.push(
            loc,
            Rule::IntegerEnumChanged,
            "enum",
            Shown {
                old: list(a),
                new: list(b),
            },
            format!("allowed integers changed from {} to {}", list(a), list(b)),
            Verdict {
                req: tri(req, ra),
                resp: tri(resp, rb),
                rust_breaking: false,
            },
        );
    }

    fn integers(
        &mut self,
        loc: &Loc,
        (ra, a): (IntRepr, &IntChecks),
        (rb, b): (IntRepr, &IntChecks),
    ) {
        if !a.values.is_empty() || !b.values.is_empty() {
            return self.integer_enums(loc, (ra, a), (rb, b));
        }
        let (sa, sb) = (witness::int_set(ra, a), witness::int_set(rb, b));
        // Bounds as the integer sets they are: exclusive ones moved in, and a bound at or
        // beyond the representation's own range is no bound.
        let range = |r: IntRepr| witness::int_set(r, &IntChecks::default());
        let lo = |c: &IntChecks, r: IntRepr| {
            c.minimum
                .map(|(x, e)| if e { x + 1 } else { x })
                .filter(|&x| range(r).lo.is_none_or(|l| x > l))
        };
        let hi = |c: &IntChecks, r: IntRepr| {
            c.maximum
                .map(|(x, e)| if e { x - 1 } else { x })
                .filter(|&x| range(r).hi.is_none_or(|h| x < h))
        };
        let (a, b) = (
            &IntChecks {
                multiple_of: a.multiple_of.filter(|&m| m != 1),
                ..a.clone()
            },
            &IntChecks {
                multiple_of: b.multiple_of.filter(|&m| m != 1),
                ..b.clone()
            },
        );
        let strings = loc.strings;
        let val = |r: IntRepr, x: i128| witness::int_value(r, x, strings);
        // x in `from`, outside `k` (a constraint of `to`), preferring x inside the rest of `to`.
        let pick = |from: &IntSet,
                    rest: &IntSet,
                    k: &IntSet,
                    not_mult: Option<i128>,
                    prefer: Prefer|
         -> Option<i128> {
            let isolated = witness::meet(from, rest);
            let tries = [isolated, from.clone()];
            tries
                .iter()
                .find_map(|s| witness::solve(&witness::meet(s, k), not_mult, prefer))
        };
        let unbounded = IntSet {
            lo: None,
            hi: None,
            multiples: vec![],
        };
        let rest_of = |s: &IntSet, drop_lo: bool, drop_hi: bool, drop_mult: bool| IntSet {
            lo: if drop_lo { None } else { s.lo },
            hi: if drop_hi { None } else { s.hi },
            multiples: if drop_mult {
                vec![]
            } else {
                s.multiples.clone()
            },
        };
        if lo(a, ra) != lo(b, rb) {
            // Old values below the new minimum, and new values below the old one.
            let req = lo(b, rb).and_then(|m| {
                pick(
                    &sa,
                    &rest_of(&sb, true, false, false),
                    &IntSet {
                        hi: m.checked_sub(1),
                        ..unbounded.clone()
                    },
                    None,
                    Prefer::Low,
                )
            });
            let resp = lo(a, ra).and_then(|m| {
                pick(
                    &sb,
                    &rest_of(&sa, true, false, false),
                    &IntSet {
                        hi: m.checked_sub(1),
                        ..unbounded.clone()
                    },
                    None,
                    Prefer::Low,
                )
            });
            self.int_push(
                loc,
                Rule::MinimumChanged,
                "minimum",
                Shown {
                    old: bound(a.minimum, "minimum"),
                    new: bound(b.minimum, "minimum"),
                },
                req.map(|x| val(ra, x)),
                resp.map(|x| val(rb, x)),
            );
        }
        if hi(a, ra) != hi(b, rb) {
            let req = hi(b, rb).and_then(|m| {
                pick(
                    &sa,
                    &rest_of(&sb, false, true, false),
                    &IntSet {
                        lo: m.checked_add(1),
                        ..unbounded.clone()
                    },
                    None,
                    Prefer::High,
                )
            });
            let resp = hi(a, ra).and_then(|m| {
                pick(
                    &sb,
                    &rest_of(&sa, false, true, false),
                    &IntSet {
                        lo: m.checked_add(1),
                        ..unbounded.clone()
                    },
                    None,
                    Prefer::High,
                )
            });
            self.int_push(
                loc,
                Rule::MaximumChanged,
                "maximum",
                Shown {
                    old: bound(a.maximum, "maximum"),
                    new: bound(b.maximum, "maximum"),
                },
                req.map(|x| val(ra, x)),
                resp.map(|x| val(rb, x)),
            );
        }
        if a.multiple_of != b.multiple_of {
            let req = b.multiple_of.and_then(|m| {
                pick(
                    &sa,
                    &rest_of(&sb, false, false, true),
                    &unbounded,
                    Some(m),
                    Prefer::Low,
                )
            });
            let resp = a.multiple_of.and_then(|m| {
                pick(
                    &sb,
                    &rest_of(&sa, false, false, true),
                    &unbounded,
                    Some(m),
                    Prefer::Low,
                )
            });
            self.int_push(
                loc,
                Rule::MultipleOfChanged,
                "multipleOf",
                Shown {
                    old: opt(a.multiple_of),
                    new: opt(b.multiple_of),
                },
                req.map(|x| val(ra, x)),
                resp.map(|x| val(rb, x)),
            );
        }
        if ra != rb {
            let range = |r: IntRepr| witness::int_set(r, &IntChecks::default());
            let out_of = |from: &IntSet, r: IntRepr| {
                let t = range(r);
                let below = t.lo.and_then(|l| {
                    witness::solve(
                        &witness::meet(
                            from,
                            &IntSet {
                                hi: Some(l - 1),
                                ..unbounded.clone()
                            },
                        ),
                        None,
                        Prefer::High,
                    )
                });
                below.or_else(|| {
                    t.hi.and_then(|h| {
                        witness::solve(
                            &witness::meet(
                                from,
                                &IntSet {
                                    lo: Some(h + 1),
                                    ..unbounded.clone()
                                },
                            ),
                            None,
                            Prefer::Low,
                        )
                    })
                })
            };
            // Outside parameters, only an int64 string also accepts the string form.
            let string_form = |from: IntRepr, to: IntRepr, s: &IntSet| {
                (!strings && from == IntRepr::Int64String && to != IntRepr::Int64String)
                    .then(|| witness::solve(s, None, Prefer::Zero))
                    .flatten()
                    .map(|x| Value::String(x.to_string()))
            };
            let req = out_of(&sa, rb)
                .map(|x| val(ra, x))
                .or_else(|| string_form(ra, rb, &sa));
            let resp = out_of(&sb, ra)
                .map(|x| val(rb, x))
                .or_else(|| string_form(rb, ra, &sb));
            let (o, n) = (
                type_name(&Shape::Integer(ra, a.clone())),
                type_name(&Shape::Integer(rb, b.clone())),
            );
            let tri = |w: &Option<Value>| {
                (
                    if w.is_some() { Tri::Yes } else { Tri::No },
                    w.clone().map(set).into_iter().collect(),
                )
            };
            self.push(
                loc,
                Rule::TypeChanged,
                "format",
                Shown {
                    old: o.clone(),
                    new: n.clone(),
                },
                format!("type changed from {o} to {n}"),
                Verdict {
                    req: tri(&req),
                    resp: tri(&resp),
                    rust_breaking: true,
                },
            );
        }
    }

    /// A bound decided by arithmetic, with the value that shows it in each direction, if any.
    fn int_push(
        &mut self,
        loc: &Loc,
        rule: Rule,
        kw: &str,
        shown: Shown,
        req: Option<Value>,
        resp: Option<Value>,
    ) {
        let tri = |w: Option<Value>| match w {
            Some(v) => (Tri::Yes, vec![set(v)]),
            None => (Tri::No, vec![]),
        };
        let msg = format!("{kw} changed from {} to {}", shown.old, shown.new);
        self.push(
            loc,
            rule,
            kw,
            shown,
            msg,
            Verdict {
                req: tri(req),
                resp: tri(resp),
                rust_breaking: false,
            },
        );
    }

    /// Floating-point bounds and `multipleOf`. The set a bound change adds or removes is an
    /// interval whose ends are among the four bounds, so the bounds, their midpoints and their
    /// neighbours include a member of it whenever it is not empty: without `multipleOf` the
    /// search is exact. With one, multiples of the divisors near those points (and points off
    /// both grids) are candidates too, each decided exactly by the interpreter; a change
    /// without a witness is then non-breaking only where that is proven (the interval is
    /// empty, or, for `multipleOf` itself, the new divisor divides the old one), and
    /// undecided otherwise.
    fn numbers(&mut self, loc: &Loc, a: &NumChecks, b: &NumChecks) {
        let (alo, ahi, blo, bhi) = (a.minimum, a.maximum, b.minimum, b.maximum);
        let (am, bm) = (a.multiple_of, b.multiple_of);
        let show = |b: Option<(f64, bool)>, w: &str| match b {
            None => "none".to_owned(),
            Some((x, e)) => format!("{}{w}: {x}", if e { "exclusive " } else { "" }),
        };
        let ends: Vec<f64> = [alo, ahi, blo, bhi].iter().flatten().map(|b| b.0).collect();
        let mut cands: Vec<f64> = ends.iter().flat_map(|x| [*x, x - 1.0, x + 1.0]).collect();
        for a in &ends {
            cands.extend(ends.iter().map(|b| (a + b) / 2.0));
        }
        let divisors: Vec<Decimal> = [am, bm].into_iter().flatten().collect();
        if !divisors.is_empty() {
            let mut points = cands.clone();
            points.push(0.0);
            for &d in &divisors {
                cands.extend(points.iter().flat_map(|&x| witness::multiples_near(x, d)));
            }
            // Values need not be multiples of the other divisor: points off either grid.
            for &d in &divisors {
                let half = witness::decimal_f64(d) / 2.0;
                cands.extend(points.iter().flat_map(|&x| [x + half, x - half]));
            }
        }
        let find = |from: &Side<'_>, fs: &Shape, to: &Side<'_>, k: &Shape| {
            cands.iter().map(|x| json!(x)).find(|v| {
                from.interp
                    .validate_value(fs, v, Direction::Request)
                    .is_empty()
                    && !to
                        .interp
                        .validate_value(k, v, Direction::Request)
                        .is_empty()
            })
        };
        let only = |minimum, maximum, multiple_of| {
            Shape::Number(NumChecks {
                minimum,
                maximum,
                multiple_of,
            })
        };
        // A witness, or `proven`: no witness exists.
        let tri = |w: Option<Value>, proven: bool| match w {
            Some(v) => (Tri::Yes, vec![set(v)]),
            None if proven => (Tri::No, vec![]),
            None => (Tri::Maybe, vec![]),
        };
        let (old, new) = (Shape::Number(*a), Shape::Number(*b));
        let bounds = [
            (
                Rule::MinimumChanged,
                "minimum",
                (alo, blo),
                only(blo, None, None),
                only(alo, None, None),
            ),
            (
                Rule::MaximumChanged,
                "maximum",
                (ahi, bhi),
                only(None, bhi, None),
                only(None, ahi, None),
            ),
        ];
        // Without their divisors: the interval a bound change adds or removes, which the
        // first candidates settle exactly (empty there, empty with the divisors too).
        let (old_plain, new_plain) = (only(alo, ahi, None), only(blo, bhi, None));
        for (rule, kw, (ob, nb), new_only, old_only) in bounds {
            if ob == nb {
                continue;
            }
            let req = find(self.old, &old, self.new, &new_only);
            let resp = find(self.new, &new, self.old, &old_only);
            let req_proven =
                am.is_none() || find(self.old, &old_plain, self.new, &new_only).is_none();
            let resp_proven =
                bm.is_none() || find(self.new, &new_plain, self.old, &old_only).is_none();
            let shown = Shown {
                old: show(ob, kw),
                new: show(nb, kw),
            };
            let msg = format!("{kw} changed from {} to {}", shown.old, shown.new);
            let verdict = Verdict {
                req: tri(req, req_proven),
                resp: tri(resp, resp_proven),
                rust_breaking: false,
            };
            self.push(loc, rule, kw, shown, msg, verdict);
        }
        if am != bm {
            let req = find(self.old, &old, self.new, &only(None, None, bm));
            let resp = find(self.new, &new, self.old, &only(None, None, am));
            // Every multiple of `from` is one of `to`.
            let divides = |from: Option<Decimal>, to: Option<Decimal>| {
                to.is_none_or(|t| from.is_some_and(|f| f.is_multiple_of(t)))
            };
            let shown = Shown {
                old: opt(am),
                new: opt(bm),
            };
            let msg = format!("multipleOf changed from {} to {}", shown.old, shown.new);
            let verdict = Verdict {
                req: tri(req, divides(am, bm)),
                resp: tri(resp, divides(bm, am)),
                rust_breaking: false,
            };
            self.push(
                loc,
                Rule::MultipleOfChanged,
                "multipleOf",
                shown,
                msg,
                verdict,
            );
        }
    }

    /// Count bound `kw` changed from `a` (on `o`) to `b` (on `n`).
    fn counts<'s>(
        &mut self,
        loc: &Loc,
        kw: CountKw,
        a: Option<u64>,
        b: Option<u64>,
        o: impl Into<Counted<'s>>,
        n: impl Into<Counted<'s>>,
    ) {
        if a == b {
            return;
        }
        let is_min = kw.is_min();
        let (o, n) = (o.into(), n.into());
        let (omin, omax, nmin, nmax) = (o.min(), o.max(), n.min(), n.max());
        // A count the `from` side allows and the `to` bound forbids.
        let witness_count = |fmin: u64, fmax: Option<u64>, to: Option<u64>| -> Option<u64> {
            let t = to?;
            if is_min {
                (t > fmin).then_some(fmin)
            } else {
                let c = t + 1;
                fmax.is_none_or(|m| c <= m).then_some(c)
            }
        };
        // No witness is drawn for the member count of a struct (`maybe`).
        let sized = |side, x: Counted<'_>, c| match x {
            Counted::Shape(x) => self.sized(side, x, c, loc.strings),
            Counted::Struct(_) => None,
        };
        let req = witness_count(omin, omax, b).map(|c| sized(self.old, o, c));
        let resp = witness_count(nmin, nmax, a).map(|c| sized(self.new, n, c));
        let tri = |w: Option<Option<Value>>| match w {
            None => (Tri::No, vec![]),
            Some(None) => (Tri::Maybe, vec![]),
            Some(Some(v)) => (Tri::Yes, vec![set(v)]),
        };
        let name = kw.keyword();
        self.push(
            loc,
            kw.rule(),
            name,
            Shown {
                old: opt(a),
                new: opt(b),
            },
            format!("{name} changed from {} to {}", opt(a), opt(b)),
            Verdict {
                req: tri(req),
                resp: tri(resp),
                rust_breaking: false,
            },
        );
    }

    /// A valid array or map of the side's shape with exactly `count` members.
    fn sized(&self, side: &'a Side<'a>, s: &Shape, count: u64, strings: bool) -> Option<Value> {
        let fixed = match s.clone() {
            Shape::Array { items, unique, .. } => Shape::Array {
                items,
                min_items: Some(count),
                max_items: Some(count),
                unique,
            },
            Shape::Map {
                values,
                keys,
                required,
                ..
            } => Shape::Map {
                values,
                keys,
                required,
                min_props: Some(count),
                max_props: Some(count),
            },
            _ => return None,
        };
        let v = self.synth(side).value(&fixed, &[], strings)?;
        let n = match &v {
            Value::Array(a) => a.len(),
            Value::Object(o) => o.len(),
            _ => return None,
        };
        (u64::try_from(n).ok() == Some(count)).then_some(v)
    }

    fn unique(&mut self, loc: &Loc, o: &Shape, n: &Shape, now: bool) {
        let pair = |side: &'a Side<'a>, s: &Shape| -> Option<Value> {
            let Shape::Array {
                items, max_items, ..
            } = s
            else {
                return None;
            };
            if max_items.is_some_and(|m| m < 2) {
                return None;
            }
            let v = self.synth(side).value(items, &[], loc.strings)?;
            Some(Value::Array(vec![v.clone(), v]))
        };
        let (req, resp) = if now {
            (
                pair(self.old, o).map_or((Tri::No, vec![]), |v| (Tri::Yes, vec![set(v)])),
                (Tri::No, vec![]),
            )
        } else {
            (
                (Tri::No, vec![]),
                pair(self.new, n).map_or((Tri::No, vec![]), |v| (Tri::Yes, vec![set(v)])),
            )
        };
        self.push(
            loc,
            Rule::UniqueItemsChanged,
            "uniqueItems",
            Shown {
                old: (!now).to_string(),
                new: now.to_string(),
            },
            format!("uniqueItems changed from {} to {now}", !now),
            Verdict {
                req,
                resp,
                rust_breaking: false,
            },
        );
    }

    fn keys(&mut self, loc: &Loc, a: &StrChecks, b: &StrChecks, av: &Shape, bv: &Shape) {
        let before = self.out.len();
        self.strings(loc, a, b);
        // The witnesses are keys: put each into the map with a valid value.
        let (ov, nv) = (
            self.synth(self.old).value(av, &[], loc.strings),
            self.synth(self.new).value(bv, &[], loc.strings),
        );
        for f in &mut self.out[before..] {
            f.rule = f.rule.of_property_name().unwrap_or(f.rule);
            f.message = format!("map key {}", f.message);
            let as_key = |edits: &mut Vec<Edit>, val: &Option<Value>| {
                for e in edits.iter_mut() {
                    if let [(p, Some(Value::String(k)))] = e.as_slice() {
                        if p.is_empty() {
                            *e = val
                                .clone()
                                .map(|v| vec![(vec![k.clone()], Some(v))])
                                .unwrap_or_default();
                        }
                    }
                }
                edits.retain(|e| !e.is_empty());
            };
            as_key(&mut f.req_edits, &ov);
            as_key(&mut f.resp_edits, &nv);
        }
    }
}

fn count_min(s: &Shape) -> u64 {
    match s {
        Shape::Array { min_items, .. } => min_items.unwrap_or(0),
        Shape::Map { min_props, .. } => min_props.unwrap_or(0),
        _ => 0,
    }
}

/// What a count bound belongs to: an array or map shape, or a struct's member count.
#[derive(Clone, Copy)]
enum Counted<'s> {
    Shape(&'s Shape),
    Struct(&'s Struct),
}

impl<'s> From<&'s Shape> for Counted<'s> {
    fn from(s: &'s Shape) -> Self {
        Counted::Shape(s)
    }
}

impl<'s> From<&'s Struct> for Counted<'s> {
    fn from(s: &'s Struct) -> Self {
        Counted::Struct(s)
    }
}

impl Counted<'_> {
    fn min(self) -> u64 {
        match self {
            Counted::Shape(s) => count_min(s),
            Counted::Struct(s) => s.min_props.unwrap_or(0),
        }
    }

    fn max(self) -> Option<u64> {
        match self {
            Counted::Shape(s) => count_max(s),
            Counted::Struct(s) => s.max_props,
        }
    }
}

fn count_max(s: &Shape) -> Option<u64> {
    match s {
        Shape::Array { max_items, .. } => *max_items,
        Shape::Map { max_props, .. } => *max_props,
        _ => None,
    }
}

fn kind_word(k: &TypeKind) -> String {
    match k {
        TypeKind::Struct(_) => "object".into(),
        TypeKind::Enum(_) => "string enum".into(),
        TypeKind::Group(_) => "one-of group".into(),
        TypeKind::Alias(s) => type_name(s),
        TypeKind::Union(u) if u.any => "anyOf".into(),
        TypeKind::Union(_) => "oneOf".into(),
    }
}

fn filter_text(m: &Module, f: &Filter) -> String {
    let pat = f
        .pattern
        .and_then(|i| m.patterns.get(i))
        .map(|p| format!(", value pattern {}", p.source))
        .unwrap_or_default();
    format!(
        "fields [{}], operators [{}], value length {}..{}{pat}",
        f.fields.join(", "),
        f.operators.join(", "),
        opt(f.min_length),
        opt(f.max_length)
    )
}

/// Whether every step of a rule's field path is declared by this struct (and the structs below).
fn path_declared(m: &Module, s: &Struct, p: &FieldPath) -> bool {
    let mut cur = s;
    for (i, (wire, _, _)) in p.steps.iter().enumerate() {
        let Some(f) = members(m, cur).remove(wire.as_str()) else {
            return false;
        };
        if i + 1 == p.steps.len() {
            return true;
        }
        let Shape::Named(n) = f.shape else {
            return false;
        };
        let Some(TypeDef {
            kind: TypeKind::Struct(next),
            ..
        }) = m.types.get(n)
        else {
            return false;
        };
        cur = next;
    }
    true
}

/// Edits that try to break a rule while keeping each field within its own limits: the
/// condition field set off its excluded value, each asserted field pushed past its bound.
fn rule_breakers(r: &ir::Rule) -> Vec<Edit> {
    let path = |f: &FieldPath| {
        f.steps
            .iter()
            .map(|(w, _, _)| w.clone())
            .collect::<Vec<_>>()
    };
    let set_int = |f: &FieldPath, x: i128| (path(f), Some(witness::int_value(f.repr, x, false)));
    let mut values: Vec<i128> = vec![1];
    for a in &r.asserts {
        if let Bound::Literal(x) = a.bound {
            values.extend([x - 1, x, x + 1]);
        }
    }
    if let Some((_, v)) = &r.when {
        values.extend([v + 1, v - 1]);
    }
    // Each assertion pushed past its bound: a literal one by the values around it, a fraction
    // of another field by small pairs on both sides of `field * numerator / denominator`.
    let mut breaks: Vec<Edit> = Vec::new();
    for a in &r.asserts {
        match &a.bound {
            Bound::Literal(_) => breaks.extend(values.iter().map(|&x| vec![set_int(&a.field, x)])),
            Bound::Fraction {
                field,
                numerator: n,
                denominator: d,
            } => {
                for y in [*d, 2 * d, 1] {
                    for x in [n + 1, 2 * n + 1, 1, 0, n - 1] {
                        breaks.push(vec![set_int(&a.field, x), set_int(field, y)]);
                    }
                }
            }
        }
    }
    let mut out: Vec<Edit> = Vec::new();
    let whens: Vec<Option<(Vec<String>, Option<Value>)>> = match &r.when {
        Some((f, _)) => values.iter().map(|&x| Some(set_int(f, x))).collect(),
        None => vec![None],
    };
    for w in &whens {
        for b in breaks.iter().cloned().chain([Vec::new()]) {
            let mut e: Edit = w.iter().cloned().collect();
            e.extend(b);
            if !e.is_empty() && !out.contains(&e) {
                out.push(e);
            }
        }
    }
    out
}

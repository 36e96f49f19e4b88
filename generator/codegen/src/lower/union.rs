//! Lowering `oneOf` and `anyOf` into unions: one Rust enum variant per subschema, and how a
//! value's variant is found (a `discriminator`, a member only one variant requires, or trying
//! each).

use super::schema::{Schema, View, view_of};
use super::{Keyword, KeywordKind, Lowerer, is_annotation, is_union};
use crate::error::escape;
use crate::ident::{concat, pascal, unique};
use crate::ir::*;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// Keywords of a union's own schema that are not constraints beside its subschemas.
const UNION_KEYWORDS: &[Keyword] = &[
    Keyword::OneOf,
    Keyword::AnyOf,
    Keyword::Discriminator,
    Keyword::Not,
];

/// The component a `$ref` names, when the subschema is one (`#/components/schemas/X`).
fn ref_name(raw: &Value) -> Option<String> {
    let r = raw.as_object()?.get("$ref")?.as_str()?;
    let name = r.strip_prefix("#/components/schemas/")?;
    Some(name.replace("~1", "/").replace("~0", "~"))
}

impl Lowerer<'_> {
    /// A schema with `oneOf` or `anyOf` (`s`, already known to hold one). Keywords beside
    /// them hold as well: each variant is then the subschema merged with them (`A and (B or
    /// C)` is `(A and B) or (A and C)`, also for exactly-one), so that every variant checks
    /// everything. A lone `type` beside `$ref` variants of that type adds nothing.
    pub(super) fn union(&mut self, s: &Schema, hint: &str) -> Option<Shape> {
        let (key, any) = match (s.get("oneOf"), s.get("anyOf")) {
            (Some(_), Some(_)) => {
                self.err(&s.kp("anyOf"), "`oneOf` and `anyOf` in one schema are not supported (put one in an `allOf` member)");
                return None;
            }
            (Some(_), None) => ("oneOf", false),
            _ => ("anyOf", true),
        };
        let Some(list) = s
            .get(key)
            .and_then(Value::as_array)
            .filter(|l| !l.is_empty())
        else {
            self.err(
                &s.kp(key),
                format!("`{key}` must be a non-empty list of schemas"),
            );
            return None;
        };
        let list = list.clone();
        let lptr = s.kp(key);
        let base: Map<String, Value> =
            s.kw.iter()
                .filter(|(k, _)| {
                    !is_annotation(k)
                        && !Keyword::from_name(k).is_some_and(|k| {
                            UNION_KEYWORDS.contains(&k) || k.kind() == KeywordKind::Modifier
                        })
                })
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
        let name = self.type_name(&s.ptr, hint);
        let mut seen = BTreeSet::new();
        let mut variants = Vec::new();
        let mut refs = Vec::new();
        let mut ok = true;
        for (i, sub) in list.iter().enumerate() {
            let vptr = format!("{lptr}/{i}");
            let component = ref_name(sub);
            let label = match (&component, sub.get("title").and_then(Value::as_str)) {
                (Some(c), _) => pascal(c),
                (None, Some(t)) => pascal(t),
                (None, None) => match sub.get("type").and_then(Value::as_str) {
                    Some(t) => pascal(t),
                    None => format!("Variant{}", i + 1),
                },
            };
            let rust = unique(label, &mut seen);
            // Only a `type` the variant's own schema already gives is left out of the merge.
            let type_only = base.keys().all(|k| k == "type");
            let same_type = type_only
                && component.as_ref().is_some_and(|c| {
                    self.component_type(c).as_deref() == base.get("type").and_then(Value::as_str)
                });
            let shape = if base.is_empty() || same_type {
                self.shape(sub, &vptr, &concat(&name, &rust))
            } else {
                let subs = [
                    (Value::Object(base.clone()), s.ptr.clone()),
                    (sub.clone(), vptr.clone()),
                ];
                let mut errs = Vec::new();
                let view = view_of(self.spec, &subs, false, &mut errs);
                if self.report(errs) {
                    None
                } else {
                    match view {
                        View::Merged(m) => self.plain(&m, &concat(&name, &rust)),
                        v @ View::Ref { .. } => self.view_shape(v, &concat(&name, &rust)),
                    }
                }
            };
            let Some(shape) = shape else {
                ok = false;
                continue;
            };
            refs.push(component.clone());
            variants.push(Variant {
                wire: component.unwrap_or_else(|| rust.clone()),
                rust,
                doc: sub.as_object().and_then(super::doc_of),
                shape,
                pointer: vptr,
                boxed: false,
            });
        }
        if !ok {
            return None;
        }
        let dispatch = match s.get("discriminator") {
            Some(d) => self.discriminator(d, &s.kp("discriminator"), &refs)?,
            None => self.member_dispatch(&variants),
        };

        self.types.insert(
            name.clone(),
            TypeDef {
                name: name.clone(),
                pointer: s.ptr.clone(),
                doc: super::doc_of(s),
                kind: TypeKind::Union(Union {
                    any,
                    variants,
                    dispatch,
                    not: Vec::new(),
                }),
            },
        );
        Some(Shape::Named(name))
    }

    /// A schema with `not` (every part's `not`, merged through `allOf`): a type of its own
    /// whose values are those of the rest of the schema that no `not` subschema accepts. On a
    /// union the subschemas go to the union itself; otherwise the rest is its one variant.
    pub(super) fn negation(&mut self, s: &Schema, hint: &str) -> Option<Shape> {
        let nots = s.sub("not").to_vec();
        let base = s.without("not");
        let (name, shape) = if is_union(&base) {
            let shape = self.union(&base, hint)?;
            let Shape::Named(name) = &shape else {
                return None;
            };
            (name.clone(), shape)
        } else {
            let name = self.type_name(&s.ptr, hint);
            let value = self.plain_non_null(&base, &concat(&name, "Value"));
            let nots = self.negated(&nots, &name)?;
            let value = value?;
            self.types.insert(
                name.clone(),
                TypeDef {
                    name: name.clone(),
                    pointer: s.ptr.clone(),
                    doc: super::doc_of(s),
                    kind: TypeKind::Union(Union {
                        any: false,
                        variants: vec![Variant {
                            wire: "value".into(),
                            rust: "Value".into(),
                            doc: None,
                            shape: value,
                            pointer: s.ptr.clone(),
                            boxed: false,
                        }],
                        dispatch: Dispatch::Single,
                        not: nots,
                    }),
                },
            );
            return Some(Shape::Named(name));
        };
        let nots = self.negated(&nots, &name)?;
        if let Some(TypeDef {
            kind: TypeKind::Union(u),
            ..
        }) = self.types.get_mut(&name)
        {
            u.not = nots;
        }
        Some(shape)
    }

    /// The shapes of `not` subschemas; every problem in them is reported.
    fn negated(&mut self, nots: &[super::schema::Sub], name: &str) -> Option<Vec<Shape>> {
        let hint = concat(name, "Not");
        let shapes: Vec<Option<Shape>> = nots
            .iter()
            .map(|(raw, ptr)| self.shape(raw, ptr, &hint))
            .collect();
        shapes.into_iter().collect()
    }

    /// Notes `oneOf` variants that accept exactly the same values (alike shapes, named
    /// types compared by what they hold, not their names or docs): no value can match
    /// exactly one of them. JSON Schema's verdict is kept. Only sure cases are noted.
    /// Run once every type is lowered (variants may name types lowered after the union).
    pub(super) fn same_variants(&mut self) {
        let mut notes = Vec::new();
        for u in self.types.values() {
            let TypeKind::Union(u) = &u.kind else {
                continue;
            };
            if u.any || u.dispatch != Dispatch::Trial {
                continue;
            }
            let v = &u.variants;
            for j in 0..v.len() {
                if let Some(i) = (0..j).find(|&i| self.alike(&v[i].shape, &v[j].shape, 0)) {
                    notes.push((
                        v[j].pointer.clone(),
                        format!(
                            "oneOf variants {} and {} accept the same values, so no value matches exactly one of them",
                            v[i].wire, v[j].wire
                        ),
                    ));
                }
            }
        }
        self.notes.extend(notes);
    }

    /// Whether two shapes surely accept the same values.
    fn alike(&self, a: &Shape, b: &Shape, depth: usize) -> bool {
        if a == b {
            return true;
        }
        if depth > 8 {
            return false;
        }
        let d = depth + 1;
        match (a, b) {
            (Shape::Named(x), Shape::Named(y)) => {
                let (Some(x), Some(y)) = (self.types.get(x), self.types.get(y)) else {
                    return false;
                };
                match (&x.kind, &y.kind) {
                    (TypeKind::Enum(x), TypeKind::Enum(y)) => {
                        let w = |e: &Enum| {
                            e.values
                                .iter()
                                .map(|(w, _)| w.clone())
                                .collect::<BTreeSet<_>>()
                        };
                        w(x) == w(y)
                    }
                    (TypeKind::Alias(x), TypeKind::Alias(y)) => self.alike(x, y, d),
                    (TypeKind::Struct(x), TypeKind::Struct(y)) => {
                        x.fields.len() == y.fields.len()
                            && x.groups.is_empty()
                            && y.groups.is_empty()
                            && x.rules.is_empty()
                            && y.rules.is_empty()
                            && x.deny_unknown == y.deny_unknown
                            && (x.min_props, x.max_props) == (y.min_props, y.max_props)
                            && match (&x.extra, &y.extra) {
                                (None, None) => true,
                                (Some(a), Some(b)) => self.alike(a, b, d),
                                _ => false,
                            }
                            && x.fields.iter().zip(&y.fields).all(|(f, g)| {
                                f.wire == g.wire
                                    && f.required == g.required
                                    && f.access == g.access
                                    && self.alike(&f.shape, &g.shape, d)
                            })
                    }
                    _ => false,
                }
            }
            (Shape::Nullable(x), Shape::Nullable(y)) | (Shape::Untyped(x), Shape::Untyped(y)) => {
                self.alike(x, y, d)
            }
            (
                Shape::Array {
                    items: x,
                    min_items,
                    max_items,
                    unique,
                },
                Shape::Array {
                    items: y,
                    min_items: n,
                    max_items: m,
                    unique: u,
                },
            ) => (min_items, max_items, unique) == (n, m, u) && self.alike(x, y, d),
            _ => false,
        }
    }

    /// The `type` a component's merged keywords give, if any.
    fn component_type(&self, component: &str) -> Option<String> {
        let ptr = format!("/components/schemas/{}", escape(component));
        let raw = self.spec.at(&ptr)?;
        let mut errs = Vec::new();
        match view_of(self.spec, &[(raw.clone(), ptr)], true, &mut errs) {
            View::Merged(m) => m.get("type").and_then(Value::as_str).map(str::to_owned),
            View::Ref { name, .. } => self.component_type(&name),
        }
    }

    /// OpenAPI's `discriminator`: `propertyName`, and `mapping` from values to `$ref`s (or
    /// component names); a `$ref` variant that no mapping names is named by its component
    /// name. Every variant must be reachable, so each must be a `$ref`.
    fn discriminator(&mut self, d: &Value, ptr: &str, refs: &[Option<String>]) -> Option<Dispatch> {
        let Some(obj) = d.as_object() else {
            self.err(ptr, "`discriminator` must be a mapping");
            return None;
        };
        let Some(property) = obj.get("propertyName").and_then(Value::as_str) else {
            self.err(
                &format!("{ptr}/propertyName"),
                "`discriminator` needs a string `propertyName`",
            );
            return None;
        };
        let mut values: Vec<(String, usize)> = Vec::new();
        let mut mapped = BTreeSet::new();
        if let Some(m) = obj.get("mapping") {
            let Some(m) = m.as_object() else {
                self.err(
                    &format!("{ptr}/mapping"),
                    "`mapping` must map values to schema references",
                );
                return None;
            };
            for (value, target) in m {
                let at = format!("{ptr}/mapping/{}", escape(value));
                let target = target.as_str().unwrap_or_default();
                let component = target
                    .strip_prefix("#/components/schemas/")
                    .map(|c| c.replace("~1", "/").replace("~0", "~"))
                    .unwrap_or_else(|| target.to_owned());
                match refs
                    .iter()
                    .position(|r| r.as_deref() == Some(component.as_str()))
                {
                    Some(i) => {
                        values.push((value.clone(), i));
                        mapped.insert(i);
                    }
                    None => {
                        self.err(
                            &at,
                            format!("`{target}` is not one of the union's `$ref` variants"),
                        );
                        return None;
                    }
                }
            }
        }
        for (i, r) in refs.iter().enumerate() {
            match r {
                Some(c) if !mapped.contains(&i) => values.push((c.clone(), i)),
                Some(_) => {}
                None => {
                    self.err(ptr, format!("with a `discriminator`, every variant must be a `$ref` (variant {i} is not)"));
                    return None;
                }
            }
        }
        Some(Dispatch::Tag {
            property: property.to_owned(),
            values,
        })
    }

    /// [`Dispatch::Member`] when every variant is an object that requires a member no other
    /// variant requires, else [`Dispatch::Trial`].
    fn member_dispatch(&self, variants: &[Variant]) -> Dispatch {
        let required: Vec<Option<Vec<&str>>> = variants
            .iter()
            .map(|v| match &v.shape {
                Shape::Named(n) => match self.types.get(n).map(|t| &t.kind) {
                    Some(TypeKind::Struct(st)) => Some(
                        st.fields
                            .iter()
                            .filter(|f| f.required)
                            .map(|f| f.wire.as_str())
                            .collect(),
                    ),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        let mut members = Vec::new();
        for (i, own) in required.iter().enumerate() {
            let Some(own) = own else {
                return Dispatch::Trial;
            };
            let distinct = own.iter().find(|m| {
                required
                    .iter()
                    .enumerate()
                    .all(|(j, other)| j == i || !other.as_ref().is_some_and(|o| o.contains(m)))
            });
            match distinct {
                Some(m) => members.push((*m).to_owned()),
                None => return Dispatch::Trial,
            }
        }
        Dispatch::Member(members)
    }
}

//! Emitters: IR to tokens (`quote!`). Generated code names absolute paths only, so it never
//! depends on the imports around it. Conventions inside generated functions: `at` is the
//! current `&Path`, `r` the `&mut Report`, and checked values are references.

use crate::ir::*;
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use crate::describe;
use crate::ident::token as ident;

/// The lines of a text, split at every line end the spec may carry (`\r\n`, `\r`, `\n`):
/// rustc refuses a bare carriage return in a doc comment.
fn doc_lines(doc: &str) -> impl Iterator<Item = String> + '_ {
    doc.split("\r\n")
        .flat_map(|l| l.split(['\r', '\n']))
        .map(|l| format!(" {}", l.trim_end()))
}

/// The docs of a type or member, or, where the spec has none, a line saying where it comes
/// from: generated code is documented throughout, so that crates holding it can keep
/// `missing_docs` on.
fn docs_or(doc: Option<&str>, fallback: impl FnOnce() -> String) -> TokenStream {
    match doc {
        Some(d) => docs(Some(d)),
        None => docs(Some(&fallback())),
    }
}

/// The fallback doc of a named type.
fn type_doc(t: &TypeDef) -> TokenStream {
    docs_or(t.doc.as_deref(), || {
        format!("The schema at `#{}`.", t.pointer)
    })
}

/// The fallback doc of a member.
fn member_doc(doc: Option<&str>, wire: &str) -> TokenStream {
    docs_or(doc, || format!("The `{wire}` member."))
}

/// `#[doc]` attributes of a text, a line each.
pub(crate) fn docs(doc: Option<&str>) -> TokenStream {
    let Some(doc) = doc else {
        return TokenStream::new();
    };
    let lines = doc_lines(doc).map(|l| quote!(#[doc = #l]));
    quote!(#(#lines)*)
}

/// A wire value shown in a doc comment: as it is, or quoted with Rust escapes when it holds a
/// control character (a line end would otherwise break the comment).
fn value_doc(v: &str) -> TokenStream {
    if v.chars().any(char::is_control) {
        docs(Some(&format!("{v:?}")))
    } else {
        docs(Some(v))
    }
}

/// The Rust type of a shape; named types are prefixed with `prefix` (e.g. `super::`).
pub fn rust_type(shape: &Shape, prefix: &TokenStream) -> TokenStream {
    match shape {
        Shape::String(_) => quote!(::std::string::String),
        Shape::Integer(IntRepr::I32, _) => quote!(i32),
        Shape::Integer(IntRepr::I64, _) => quote!(i64),
        Shape::Integer(IntRepr::Int64String, _) => quote!(::docspec_runtime::Int64),
        Shape::Number(..) => quote!(f64),
        Shape::Boolean => quote!(bool),
        Shape::Array { items, .. } => {
            let t = rust_type(items, prefix);
            quote!(::std::vec::Vec<#t>)
        }
        Shape::Map { values, .. } => {
            let t = rust_type(values, prefix);
            quote!(::std::collections::BTreeMap<::std::string::String, #t>)
        }
        Shape::Any => quote!(::docspec_runtime::Value),
        Shape::FreeObject => {
            quote!(::docspec_runtime::Map<::std::string::String, ::docspec_runtime::Value>)
        }
        Shape::Named(n) => {
            let n = ident(n);
            quote!(#prefix #n)
        }
        Shape::Untyped(inner) => {
            let t = rust_type(inner, prefix);
            quote!(::docspec_runtime::Untyped<#t>)
        }
        Shape::Nullable(inner) => {
            let t = rust_type(inner, prefix);
            quote!(::std::option::Option<#t>)
        }
    }
}

fn field_type(shape: &Shape, boxed: bool) -> TokenStream {
    let t = rust_type(shape, &TokenStream::new());
    if boxed {
        quote!(::std::boxed::Box<#t>)
    } else {
        t
    }
}

/// `static R: T = value; R.call` in a block: a constraint description kept in a `static`
/// (local to the block) and the runtime method that checks it.
fn described(ty: TokenStream, value: TokenStream, call: TokenStream) -> TokenStream {
    quote!({
        static R: ::docspec_runtime::rules::#ty = #value;
        R.#call;
    })
}

/// Checks of a string value `v` (a `&String` or `&str`), or (`key`) of a map key.
fn str_checks(c: &StrChecks, v: &TokenStream, key: bool) -> TokenStream {
    if key {
        if !keys_checked(c) {
            return TokenStream::new();
        }
        return described(
            quote!(StrRules),
            describe::str_tokens(c),
            quote!(check_key(#v, at, r)),
        );
    }
    if *c == StrChecks::default() {
        return TokenStream::new();
    }
    described(
        quote!(StrRules),
        describe::str_tokens(c),
        quote!(check(#v, at, r)),
    )
}

/// Statements that check the value `v` (an expression of type `&T`) of `shape` at `at`.
pub fn checks(shape: &Shape, v: &TokenStream) -> TokenStream {
    checks_in(shape, v, false)
}

/// Like [`checks`]; with `partial`, `v` may be a partly decoded collection (items with type
/// errors dropped), so counts, uniqueness and map keys are left to [`raw_checks`].
fn checks_in(shape: &Shape, v: &TokenStream, partial: bool) -> TokenStream {
    match shape {
        Shape::String(c) => str_checks(c, v, false),
        Shape::Integer(repr, c) => {
            if *c == IntChecks::default() {
                return TokenStream::new();
            }
            let n = match repr {
                IntRepr::Int64String => quote!(i128::from(#v.0)),
                _ => quote!(i128::from(*#v)),
            };
            described(
                quote!(IntRules),
                describe::int_tokens(c),
                quote!(check(#n, at, r)),
            )
        }
        Shape::Number(c) => {
            if *c == NumChecks::default() {
                return TokenStream::new();
            }
            described(
                quote!(NumRules),
                describe::num_tokens(c),
                quote!(check(*#v, at, r)),
            )
        }
        Shape::Boolean | Shape::Any | Shape::FreeObject => TokenStream::new(),
        Shape::Array {
            items,
            min_items,
            max_items,
            unique,
        } => {
            let mut out = TokenStream::new();
            let whole = describe::array_value(*min_items, *max_items, *unique);
            if !partial && whole.any() {
                out.extend(described(
                    quote!(ArrayRules),
                    describe::array_tokens(&whole),
                    quote!(check(#v, at, r)),
                ));
            }
            let inner = checks_in(items, &quote!(item), partial);
            if !inner.is_empty() {
                out.extend(quote! {
                    for (i, item) in #v.iter().enumerate() {
                        let at = &at.index(i);
                        #inner
                    }
                });
            }
            out
        }
        Shape::Map {
            values,
            keys,
            min_props,
            max_props,
            required,
        } => {
            let inner = checks_in(values, &quote!(item), partial);
            let has_keys = !partial && keys_checked(keys);
            let whole =
                !partial && (min_props.is_some() || max_props.is_some() || !required.is_empty());
            if !whole && !has_keys && inner.is_empty() {
                return TokenStream::new();
            }
            let mut out = TokenStream::new();
            if whole || has_keys {
                let rules = describe::map_tokens(*min_props, *max_props, required, keys);
                out.extend(quote!(static R: ::docspec_runtime::rules::MapRules = #rules;));
            }
            if whole {
                out.extend(quote!(R.check(#v.len(), |k| #v.contains_key(k), at, r);));
            }
            let k = if has_keys {
                quote!(R.check_key(k, at, r);)
            } else {
                TokenStream::new()
            };
            if inner.is_empty() {
                if has_keys {
                    out.extend(quote! {
                        for k in #v.keys() {
                            let at = &at.key(k);
                            #k
                        }
                    });
                }
            } else {
                out.extend(quote! {
                    for (k, item) in #v {
                        let at = &at.key(k);
                        #k
                        #inner
                    }
                });
            }
            quote!({ #out })
        }
        Shape::Named(_) => quote!(::docspec_runtime::Validate::validate_at(#v, at, r);),
        Shape::Untyped(inner) => {
            let c = checks_in(inner, &quote!(typed), partial);
            if c.is_empty() {
                return c;
            }
            // A method call, so that a boxed field derefs too.
            quote!(if let ::std::option::Option::Some(typed) = #v.typed() { #c })
        }
        Shape::Nullable(inner) => {
            let c = checks_in(inner, &quote!(value), partial);
            if c.is_empty() {
                return c;
            }
            quote!(if let ::std::option::Option::Some(value) = ::docspec_runtime::non_null(#v) { #c })
        }
    }
}

/// Whether key constraints can break: `x-property-names` holds only lengths and patterns.
fn keys_checked(keys: &StrChecks) -> bool {
    keys.min_length.is_some() || keys.max_length.is_some() || !keys.patterns.is_empty()
}

/// Collection-level checks on the raw JSON value `raw` of a member whose object failed to
/// decode: counts, uniqueness and map keys must see every item, including those with type
/// errors, which the partly decoded value has dropped.
fn raw_checks(shape: &Shape) -> TokenStream {
    match shape {
        // The inner checks test the raw value's JSON type themselves (null has none).
        Shape::Untyped(inner) | Shape::Nullable(inner) => raw_checks(inner),
        Shape::Array {
            min_items,
            max_items,
            unique,
            ..
        } => {
            let whole = describe::array_value(*min_items, *max_items, *unique);
            if !whole.any() {
                return TokenStream::new();
            }
            let c = described(
                quote!(ArrayRules),
                describe::array_tokens(&whole),
                quote!(check(a, at, r)),
            );
            quote!(if let ::docspec_runtime::Value::Array(a) = raw #c)
        }
        Shape::Map {
            keys,
            min_props,
            max_props,
            required,
            ..
        } => {
            let whole = min_props.is_some() || max_props.is_some() || !required.is_empty();
            let has_keys = keys_checked(keys);
            if !whole && !has_keys {
                return TokenStream::new();
            }
            let rules = describe::map_tokens(*min_props, *max_props, required, keys);
            let mut out = quote!(static R: ::docspec_runtime::rules::MapRules = #rules;);
            if whole {
                out.extend(quote!(R.check(o.len(), |k| o.contains_key(k), at, r);));
            }
            if has_keys {
                out.extend(quote!(for k in o.keys() {
                    let at = &at.key(k);
                    R.check_key(k, at, r);
                }));
            }
            quote!(if let ::docspec_runtime::Value::Object(o) = raw { #out })
        }
        _ => TokenStream::new(),
    }
}

/// Where the failure path of a struct's decoding finds a member's raw JSON and whether the
/// member was present: in the object being decoded (`obj`, `Decode::decode`), or in what
/// the recording reader kept (`p` and `m`, [`struct_record`]).
#[derive(Clone, Copy)]
enum Raw<'a> {
    Object,
    Members(&'a std::collections::BTreeMap<&'a str, usize>),
}

/// How the recording reader keeps what the failure path checks on a member's raw JSON.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kept {
    /// Nothing: the failure path does not look at the raw JSON.
    Nothing,
    /// `read::Facts`, from which `read::Collection::skeleton` rebuilds what the checks see
    /// (counts and keys): arrays without `uniqueItems`, and maps.
    Facts,
    /// The whole `Value` (the member is read into it, then decoded from it): arrays whose
    /// uniqueness must see the items that did not decode, and untyped members.
    Value,
}

impl Kept {
    fn of(shape: &Shape, boxed: bool) -> Kept {
        if raw_checks(shape).is_empty() {
            return Kept::Nothing;
        }
        match shape {
            Shape::Array { unique: false, .. } | Shape::Map { .. } if !boxed => Kept::Facts,
            _ => Kept::Value,
        }
    }
}

impl Raw<'_> {
    /// An `Option<&Value>`: the raw JSON of the member `wire` held in the slot `local`.
    fn value(self, wire: &str, local: &Ident, kept: Kept, ty: &TokenStream) -> TokenStream {
        match (self, kept) {
            (Raw::Object, _) => quote!(obj.get(#wire)),
            (Raw::Members(_), Kept::Facts) => {
                let raw = raw_slot(local);
                quote!(<#ty as ::docspec_runtime::read::Collection>::skeleton(p.#local.as_ref(), &p.#raw).as_ref())
            }
            (Raw::Members(_), _) => {
                let raw = raw_slot(local);
                quote!(p.#raw.as_ref())
            }
        }
    }

    /// A `bool`: whether the member `wire` was present.
    fn present(self, wire: &str) -> TokenStream {
        match self {
            Raw::Object => quote!(obj.contains_key(#wire)),
            Raw::Members(pos) => {
                let i = pos[wire];
                quote!(m.has(#i))
            }
        }
    }
}

/// The slot of the recording reader's `Partial_` that keeps the raw JSON of `local`.
fn raw_slot(local: &Ident) -> Ident {
    format_ident!("r_{}", local)
}

/// Failure-path checks of one member: its decoded (possibly partial) value and its raw JSON.
fn failed_checks(
    shape: &Shape,
    boxed: bool,
    wire: &str,
    local: &Ident,
    raw: Raw<'_>,
) -> TokenStream {
    let mut out = TokenStream::new();
    let c = checks_in(shape, &quote!(v), true);
    if !c.is_empty() {
        let w = wrap_at(wire, c);
        out.extend(quote!(if let ::std::option::Option::Some(v) = &p.#local #w));
    }
    let checks = raw_checks(shape);
    if !checks.is_empty() {
        let w = wrap_at(wire, checks);
        let ty = field_type(shape, boxed);
        let value = raw.value(wire, local, Kept::of(shape, boxed), &ty);
        out.extend(quote!(if let ::std::option::Option::Some(raw) = #value #w));
    }
    out
}

fn wrap_at(wire: &str, body: TokenStream) -> TokenStream {
    quote!({
        let at = &at.key(#wire);
        #body
    })
}

fn decode_sig() -> TokenStream {
    quote!(fn decode(
        v: &::docspec_runtime::Value,
        at: &::docspec_runtime::Path<'_>,
        cx: &mut ::docspec_runtime::Cx<'_>,
    ) -> ::std::option::Option<Self>)
}

/// `Decode::record` through the runtime reader `read::#reader` (`object`, `scalar`).
fn record_fn(reader: TokenStream) -> TokenStream {
    quote! {
        #[inline]
        fn record<'de, D: ::serde::Deserializer<'de>>(
            d: D,
            at: &::docspec_runtime::Path<'_>,
            cx: &mut ::docspec_runtime::Cx<'_>,
        ) -> ::std::result::Result<::std::option::Option<Self>, D::Error> {
            ::docspec_runtime::read::#reader(d, at, cx)
        }
    }
}

fn serde_impls(name: &Ident) -> TokenStream {
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                ::docspec_runtime::read::strict(d, ::docspec_runtime::Direction::Response)
            }
        }
    }
}

fn validate_impl(name: &Ident, body: TokenStream) -> TokenStream {
    let (at, r) = if body.is_empty() {
        (quote!(_at), quote!(_r))
    } else {
        (quote!(at), quote!(r))
    };
    // A recursive type with no checks of its own only passes `at` and `r` on to itself.
    quote! {
        impl ::docspec_runtime::Validate for #name {
            #[allow(clippy::only_used_in_recursion)]
            fn validate_at(&self, #at: &::docspec_runtime::Path<'_>, #r: &mut ::docspec_runtime::Report) {
                #body
            }
        }
    }
}

/// A struct: the type, `Decode`, `Validate` and `Deserialize`.
pub fn struct_def(
    t: &TypeDef,
    s: &Struct,
    types: &std::collections::BTreeMap<String, TypeDef>,
) -> TokenStream {
    let name = ident(&t.name);
    let doc = type_doc(t);
    let mut fields = TokenStream::new();
    // Decoding fills one local struct of options (`p`), a member per field of its literal (in
    // order, so violations come in member order): a `let` per member would nest one
    // debug-info scope per member, which overflows rustc's stack for objects of a few
    // thousand properties.
    let mut partial = TokenStream::new();
    let mut decode = TokenStream::new();
    // Checks of the whole object, after its members are decoded.
    let mut after = TokenStream::new();
    let mut failed = TokenStream::new();
    let mut build = TokenStream::new();
    let mut validate = TokenStream::new();
    // `PartialEq` and `Serialize` are written out, a statement per member: their derives
    // chain one `&&` or `+` per field into a single expression, whose nesting overflows
    // rustc's stack for objects of some ten thousand properties.
    let ser = Ser {
        map: s.groups.iter().any(|g| {
            matches!(
                types.get(&g.type_name).map(|t| &t.kind),
                Some(TypeKind::Group(_))
            )
        }),
    };
    let mut eq = TokenStream::new();
    // The recording reader (`Decode::record`, [`struct_record`]): every member's slot, and
    // what decoding does after reading the members, by the members' sorted positions.
    let group_members = s
        .groups
        .iter()
        .filter_map(|g| match types.get(&g.type_name) {
            Some(TypeDef {
                kind: TypeKind::Group(group),
                ..
            }) => Some(group.members.iter().map(|m| m.wire.as_str())),
            _ => None,
        });
    let mut sorted: Vec<&str> = s.fields.iter().map(|f| f.wire.as_str()).collect();
    sorted.extend(group_members.flatten());
    sorted.sort_unstable();
    let pos: std::collections::BTreeMap<&str, usize> =
        sorted.iter().enumerate().map(|(i, w)| (*w, i)).collect();
    let mut slots: Vec<Slot<'_>> = Vec::new();
    let mut rec_after = TokenStream::new();
    let mut failed_rec = TokenStream::new();
    // The value built from `p`, returning early (from a function of `Result<Option<_>, _>`)
    // where `build` uses `?`.
    let mut rec_build = TokenStream::new();
    let mut required_count = 0usize;
    let mut ser_len = TokenStream::new();
    let mut ser_members = TokenStream::new();
    for f in &s.fields {
        let fname = ident(&f.rust);
        let local = partial_field(&f.rust);
        let ty = field_type(&f.shape, f.boxed);
        let fdoc = match f.access {
            None => member_doc(f.doc.as_deref(), &f.wire),
            Some(a) => {
                let line = match (a.read_only, a.required) {
                    (true, true) => {
                        "Read-only: sent in responses, where it is required; never in requests."
                    }
                    (true, false) => "Read-only: sent in responses only.",
                    (false, true) => {
                        "Write-only: sent in requests, where it is required; never in responses."
                    }
                    (false, false) => "Write-only: sent in requests only.",
                };
                let text = f.doc.as_deref().map_or_else(
                    || format!("The `{}` member.\n\n{line}", f.wire),
                    |d| format!("{d}\n\n{line}"),
                );
                docs(Some(&text))
            }
        };
        let wire = &f.wire;
        let req = f.required;
        let c = checks(&f.shape, &quote!(v));
        eq.extend(quote!(if self.#fname != other.#fname { return false; }));
        if f.required {
            fields.extend(quote!(#fdoc pub #fname: #ty,));
            required_count += 1;
            ser_members.extend(ser.entry(wire, &quote!(&self.#fname)));
            build.extend(quote!(#fname: p.#local?,));
            rec_build.extend(quote!(#fname: match p.#local {
                ::std::option::Option::Some(v) => v,
                ::std::option::Option::None => return ::std::result::Result::Ok(::std::option::Option::None),
            },));
            if !c.is_empty() {
                let w = wrap_at(wire, c.clone());
                validate.extend(quote!({ let v = &self.#fname; #w }));
            }
        } else {
            fields.extend(quote!(#fdoc pub #fname: ::std::option::Option<#ty>,));
            ser_len.extend(quote!(if self.#fname.is_some() { len += 1; }));
            let entry = ser.entry(wire, &quote!(v));
            let skip = ser.skip(wire);
            let skip = if skip.is_empty() {
                skip
            } else {
                quote!(else { #skip })
            };
            ser_members.extend(
                quote!(if let ::std::option::Option::Some(v) = &self.#fname { #entry } #skip),
            );
            build.extend(quote!(#fname: p.#local,));
            rec_build.extend(quote!(#fname: p.#local,));
            if !c.is_empty() {
                let w = wrap_at(wire, c.clone());
                validate.extend(quote!(if let ::std::option::Option::Some(v) = &self.#fname #w));
            }
        }
        partial.extend(quote!(#local: ::std::option::Option<#ty>,));
        decode.extend(
            quote!(#local: ::docspec_runtime::decode_field::<#ty>(obj, #wire, #req, at, cx),),
        );
        slots.push(Slot {
            wire,
            local: local.clone(),
            ty: ty.clone(),
            required: req,
            kept: Kept::of(&f.shape, f.boxed),
        });
        failed.extend(failed_checks(&f.shape, f.boxed, wire, &local, Raw::Object));
        failed_rec.extend(failed_checks(
            &f.shape,
            f.boxed,
            wire,
            &local,
            Raw::Members(&pos),
        ));
    }
    for (gi, g) in s.groups.iter().enumerate() {
        let gname = ident(&g.rust);
        let gty = ident(&g.type_name);
        let Some(TypeKind::Group(group)) = types.get(&g.type_name).map(|t| &t.kind) else {
            continue;
        };
        let members = &g.members;
        let exactly = g.exactly_one;
        let kind = if exactly {
            "exactly one"
        } else {
            "at most one"
        };
        let gdoc = format!(
            "One-of group ({kind} of {}), flattened on the wire.",
            members
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let gdoc = docs(Some(&gdoc));
        if exactly {
            fields.extend(quote!(#gdoc pub #gname: #gty,));
        } else {
            fields.extend(quote!(#gdoc pub #gname: ::std::option::Option<#gty>,));
        }
        eq.extend(quote!(if self.#gname != other.#gname { return false; }));
        let mut chain = Vec::new();
        let mut arms = TokenStream::new();
        let mut ser_arms = TokenStream::new();
        for (mi, m) in group.members.iter().enumerate() {
            // By position: member names of two groups could join into the same text.
            let local = format_ident!("g{}_{}", gi, mi);
            let ty = field_type(&m.shape, m.boxed);
            let wire = &m.wire;
            let var = ident(&m.rust);
            partial.extend(quote!(#local: ::std::option::Option<#ty>,));
            decode.extend(
                quote!(#local: ::docspec_runtime::decode_field::<#ty>(obj, #wire, false, at, cx),),
            );
            slots.push(Slot {
                wire,
                local: local.clone(),
                ty: ty.clone(),
                required: false,
                kept: Kept::of(&m.shape, m.boxed),
            });
            chain.push(quote!(p.#local.map(#gty::#var)));
            let entry = ser.entry(wire, &quote!(v));
            ser_arms.extend(quote!(#gty::#var(v) => { #entry }));
            let c = checks(&m.shape, &quote!(v));
            if c.is_empty() {
                arms.extend(quote!(#gty::#var(_) => {}));
            } else {
                let w = wrap_at(wire, c);
                arms.extend(quote!(#gty::#var(v) => #w));
            }
            failed.extend(failed_checks(&m.shape, m.boxed, wire, &local, Raw::Object));
            failed_rec.extend(failed_checks(
                &m.shape,
                m.boxed,
                wire,
                &local,
                Raw::Members(&pos),
            ));
        }
        after.extend(quote!(::docspec_runtime::one_of(obj, &[#(#members),*], #exactly, at, cx);));
        let present = members.iter().map(|w| {
            let i = pos[w.as_str()];
            quote!(m.has(#i))
        });
        rec_after.extend(quote! {
            ::docspec_runtime::one_of_present(&[#(#present),*], &[#(#members),*], #exactly, at, cx);
        });
        let first = &chain[0];
        let rest = &chain[1..];
        let all = quote!(#first #(.or(#rest))*);
        if exactly {
            build.extend(quote!(#gname: #all?,));
            rec_build.extend(quote!(#gname: match #all {
                ::std::option::Option::Some(v) => v,
                ::std::option::Option::None => return ::std::result::Result::Ok(::std::option::Option::None),
            },));
            validate.extend(quote!(match &self.#gname { #arms }));
            ser_members.extend(quote!(match &self.#gname { #ser_arms }));
        } else {
            build.extend(quote!(#gname: #all,));
            rec_build.extend(quote!(#gname: #all,));
            validate.extend(
                quote!(if let ::std::option::Option::Some(g) = &self.#gname { match g { #arms } }),
            );
            ser_members.extend(quote!(if let ::std::option::Option::Some(g) = &self.#gname { match g { #ser_arms } }));
        }
    }
    let one_way: Vec<(&Field, Access)> = s
        .fields
        .iter()
        .filter_map(|f| Some((f, f.access?)))
        .collect();
    if !one_way.is_empty() {
        let specs = one_way.iter().map(|(f, a)| {
            let (name, read_only, required) = (&f.wire, a.read_only, a.required);
            quote!(::docspec_runtime::Access { name: #name, read_only: #read_only, required: #required })
        });
        let specs = quote!(&[#(#specs),*]);
        let in_obj = one_way.iter().map(|(f, _)| {
            let w = &f.wire;
            quote!(obj.contains_key(#w))
        });
        let in_members = one_way.iter().map(|(f, _)| {
            let i = pos[f.wire.as_str()];
            quote!(m.has(#i))
        });
        after.extend(quote!(::docspec_runtime::access(&[#(#in_obj),*], #specs, at, cx);));
        rec_after.extend(quote!(::docspec_runtime::access(&[#(#in_members),*], #specs, at, cx);));
    }
    if let Some(extra) = &s.extra {
        // Undeclared members, each a value of the additionalProperties schema.
        let ty = rust_type(extra, &TokenStream::new());
        let c = checks(extra, &quote!(x));
        let c = if c.is_empty() {
            c
        } else {
            quote!({ let (x, r) = (&x, &mut *cx.report); #c })
        };
        after.extend(quote! {
            for (k, v) in obj {
                static KNOWN: &[&str] = &[#(#sorted),*];
                if KNOWN.binary_search(&k.as_str()).is_err() {
                    let at = &at.key(k);
                    if let ::std::option::Option::Some(x) = <#ty as ::docspec_runtime::Decode>::decode(v, at, cx) {
                        #c
                    }
                }
            }
        });
    }
    if let Some(min) = s.min_props {
        after.extend(
            quote!(::docspec_runtime::check::min_properties(obj.len(), #min, at, cx.report);),
        );
    }
    if let Some(max) = s.max_props {
        after.extend(
            quote!(::docspec_runtime::check::max_properties(obj.len(), #max, at, cx.report);),
        );
    }
    if let Some(known) = &s.deny_unknown {
        after.extend(quote!(::docspec_runtime::deny_unknown(obj, &[#(#known),*], at, cx);));
        rec_after.extend(quote!(m.deny_unknown(&[#(#known),*], at, cx);));
    }
    for rule in &s.rules {
        validate.extend(rule_checks(rule, None));
        failed.extend(rule_checks(rule, Some(Raw::Object)));
        failed_rec.extend(rule_checks(rule, Some(Raw::Members(&pos))));
    }
    let failed = if failed.is_empty() {
        quote!(return ::std::option::Option::None;)
    } else {
        quote!(let r = &mut *cx.report; #failed return ::std::option::Option::None;)
    };
    let sig = decode_sig();
    let validate = validate_impl(&name, validate);
    let serde = serde_impls(&name);
    let body = if decode.is_empty() && after.is_empty() {
        quote! {
            ::docspec_runtime::expect_object(v, at, cx)?;
            ::std::option::Option::Some(Self {})
        }
    } else {
        let members = if decode.is_empty() {
            TokenStream::new()
        } else {
            // `Partial_`: a local name no schema's type can take (PascalCase has no `_`), which
            // would otherwise hide a module-level type of the members.
            quote!(struct Partial_ { #partial } let p = Partial_ { #decode };)
        };
        let headers = if s.header_names {
            let names = s.fields.iter().map(|f| &f.wire);
            quote! {
                let headers = ::docspec_runtime::header_fields(obj, &[#(#names),*]);
                let obj = &*headers;
            }
        } else {
            TokenStream::new()
        };
        quote! {
            let obj = ::docspec_runtime::expect_object(v, at, cx)?;
            #headers
            let start = cx.report.len();
            #members
            #after
            if cx.report.len() != start {
                #failed
            }
            ::std::option::Option::Some(Self { #build })
        }
    };
    let other = if eq.is_empty() {
        quote!(_other)
    } else {
        quote!(other)
    };
    let serialize = ser.body(&t.name, required_count, ser_len, ser_members);
    let whole_object = s.extra.is_some() || s.min_props.is_some() || s.max_props.is_some();
    let (record, object) = if s.header_names || whole_object {
        // Header parameters are never read from a body; undeclared members checked against a
        // schema, and member counts, need the whole object: the default (through a `Value`).
        (TokenStream::new(), TokenStream::new())
    } else {
        let object = struct_record(
            &name,
            &slots,
            Record {
                deny_unknown: s.deny_unknown.is_some(),
                after: rec_after,
                failed: failed_rec,
                build: &rec_build,
                pos: &pos,
            },
        );
        let record = record_fn(quote!(object));
        (record, object)
    };
    quote! {
        #doc
        #[derive(Debug, Clone)]
        pub struct #name { #fields }

        impl ::std::cmp::PartialEq for #name {
            fn eq(&self, #other: &Self) -> bool {
                #eq
                true
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                #serialize
            }
        }

        impl ::docspec_runtime::Decode for #name {
            const TYPE: ::std::option::Option<::docspec_runtime::JsonType> =
                ::std::option::Option::Some(::docspec_runtime::JsonType::Object);

            #sig {
                #body
            }

            #record
        }

        #object
        #validate
        #serde
    }
}

/// Structs of more members than this are read into a box (see [`struct_read`]).
const WIDE_STRUCT: usize = 256;

/// A member of a struct as its recording reader sees it.
struct Slot<'a> {
    wire: &'a str,
    /// Its slot in `Partial_`.
    local: Ident,
    ty: TokenStream,
    required: bool,
    /// What is kept of its raw JSON for the failure path.
    kept: Kept,
}

/// What a struct's recording reader does once the members are read (see [`struct_record`]).
struct Record<'a> {
    deny_unknown: bool,
    /// One-of groups and unknown members.
    after: TokenStream,
    /// The failure path's checks.
    failed: TokenStream,
    /// The fields of the value, from `p`.
    build: &'a TokenStream,
    /// Every member's position among the sorted names.
    pos: &'a std::collections::BTreeMap<&'a str, usize>,
}

/// The position of a member name among `sorted` (the struct's names in `str` order) as a
/// closure: a `match` on the name's length, then on the few names of that length.
fn slot_fn(sorted: &[&str]) -> TokenStream {
    let mut by_len: std::collections::BTreeMap<usize, Vec<(usize, &str)>> = Default::default();
    for (i, k) in sorted.iter().enumerate() {
        by_len.entry(k.len()).or_default().push((i, k));
    }
    let arms = by_len.iter().map(|(len, names)| {
        let names = names
            .iter()
            .map(|(i, k)| quote!(#k => ::std::option::Option::Some(#i),));
        quote!(#len => match name { #(#names)* _ => ::std::option::Option::None },)
    });
    quote! {
        |name: &str| match name.len() {
            #(#arms)*
            _ => ::std::option::Option::None,
        }
    }
}

/// `read::Object` of a struct, its recording reader: members read in text order into the
/// slots of a `Partial_` (found by [`slot_fn`], by binary search of their sorted names in a
/// wide struct) with their
/// violations kept apart by [`docspec_runtime::read::Members`], then, in declaration order,
/// what `decode` records, the failure path, and the value.
fn struct_record(name: &Ident, slots: &[Slot<'_>], rec: Record<'_>) -> TokenStream {
    let mut sorted: Vec<&Slot<'_>> = slots.iter().collect();
    sorted.sort_by(|a, b| a.wire.cmp(b.wire));
    let keys = sorted.iter().map(|s| s.wire);
    let n = slots.len();
    let arms = sorted.iter().enumerate().map(|(i, s)| {
        let (local, ty) = (&s.local, &s.ty);
        let raw = raw_slot(local);
        match s.kept {
            Kept::Nothing => quote!(::std::option::Option::Some(#i) => m.value::<A, #ty>(&mut map, #i, &mut p.#local, at, cx),),
            Kept::Facts => quote!(::std::option::Option::Some(#i) => m.collection::<A, #ty>(&mut map, #i, &mut p.#local, &mut p.#raw, at, cx),),
            Kept::Value => quote!(::std::option::Option::Some(#i) => m.raw_value::<A, #ty>(&mut map, #i, &mut p.#local, &mut p.#raw, at, cx),),
        }
    });
    let fields = slots.iter().map(|s| {
        let i = rec.pos[s.wire];
        let req = s.required;
        quote!(m.field(#i, #req, at, cx);)
    });
    let next = quote!(::serde::de::MapAccess::next_key_seed(&mut map, m.key())?);
    let deny = rec.deny_unknown;
    let Record {
        after,
        failed,
        build,
        ..
    } = rec;
    // An object of very many members is returned in a box through serde's generic frames,
    // each of which would otherwise hold copies of it: in a debug build, a struct of 4,000
    // members then fits a 2 MiB thread stack.
    let boxed = n > WIDE_STRUCT;
    let (out, unbox, wrap, built) = if boxed {
        (
            quote!(::std::boxed::Box<#name>),
            quote!(*out),
            quote!(::std::boxed::Box::new(value)),
            quote!(::std::boxed::Box::new(#name { #build })),
        )
    } else {
        (
            quote!(#name),
            quote!(out),
            quote!(value),
            quote!(#name { #build }),
        )
    };
    let (at, cx) = if slots.is_empty() && after.is_empty() {
        (quote!(_at), quote!(_cx))
    } else {
        (quote!(at), quote!(cx))
    };
    let body = if slots.is_empty() && after.is_empty() {
        quote! {
            let mut m = ::docspec_runtime::read::Members::new(&[], &mut [], false);
            while #next.is_some() {
                m.skip(&mut map)?;
            }
            ::std::result::Result::Ok(::std::option::Option::Some(Self::wrap(#name {})))
        }
    } else if slots.is_empty() {
        quote! {
            let mut m = ::docspec_runtime::read::Members::new(&[], &mut [], #deny);
            while #next.is_some() {
                m.skip(&mut map)?;
            }
            let start = cx.report.len();
            #after
            if cx.report.len() != start {
                return ::std::result::Result::Ok(::std::option::Option::None);
            }
            ::std::result::Result::Ok(::std::option::Option::Some(Self::wrap(#name {})))
        }
    } else {
        let mut decl = TokenStream::new();
        let mut init = TokenStream::new();
        for s in slots {
            let (local, ty) = (&s.local, &s.ty);
            decl.extend(quote!(#local: ::std::option::Option<#ty>,));
            init.extend(quote!(#local: ::std::option::Option::None,));
            let raw = raw_slot(local);
            match s.kept {
                Kept::Nothing => {}
                Kept::Facts => {
                    decl.extend(quote!(#raw: ::docspec_runtime::read::Facts,));
                    init.extend(quote!(#raw: ::docspec_runtime::read::Facts::NONE,));
                }
                Kept::Value => {
                    decl.extend(quote!(#raw: ::std::option::Option<::docspec_runtime::Value>,));
                    init.extend(quote!(#raw: ::std::option::Option::None,));
                }
            }
        }
        let failed = if failed.is_empty() {
            TokenStream::new()
        } else {
            quote!(let r = &mut *cx.report; #failed)
        };
        let slot = if boxed {
            TokenStream::new()
        } else {
            let slot = slot_fn(&sorted.iter().map(|s| s.wire).collect::<Vec<_>>());
            quote!(.by(#slot))
        };
        quote! {
            static KEYS: &[&str] = &[#(#keys),*];
            struct Partial_ { #decl }
            let mut p = Partial_ { #init };
            let mut seen = [false; #n];
            let mut m = ::docspec_runtime::read::Members::new(KEYS, &mut seen, #deny)#slot;
            let start = cx.report.len();
            // One `?` for all members: in a debug build, each arm's own would take stack.
            while let ::std::option::Option::Some(k) = #next {
                let read = match k {
                    #(#arms)*
                    _ => m.skip(&mut map),
                };
                read?;
            }
            #(#fields)*
            #after
            if cx.report.len() != start {
                #failed
                return ::std::result::Result::Ok(::std::option::Option::None);
            }
            ::std::result::Result::Ok(::std::option::Option::Some(#built))
        }
    };
    quote! {
        impl ::docspec_runtime::read::Object for #name {
            type Out = #out;

            fn members<'de, A: ::serde::de::MapAccess<'de>>(
                mut map: A,
                #at: &::docspec_runtime::Path<'_>,
                #cx: &mut ::docspec_runtime::Cx<'_>,
            ) -> ::std::result::Result<::std::option::Option<#out>, A::Error> {
                #body
            }

            #[inline]
            fn unbox(out: #out) -> Self {
                #unbox
            }

            #[inline]
            fn wrap(value: Self) -> #out {
                #wrap
            }
        }
    }
}

/// How a struct serializes: as a struct, or as a map when one-of groups flatten into it (as
/// serde's derive does with `#[serde(flatten)]`).
struct Ser {
    map: bool,
}

impl Ser {
    /// Writes the member `wire` with the value `v` (a reference).
    fn entry(&self, wire: &str, v: &TokenStream) -> TokenStream {
        if self.map {
            quote!(::serde::ser::SerializeMap::serialize_entry(&mut out, #wire, #v)?;)
        } else {
            quote!(::serde::ser::SerializeStruct::serialize_field(&mut out, #wire, #v)?;)
        }
    }

    /// An absent optional member (serde's `skip_serializing_if`).
    fn skip(&self, wire: &str) -> TokenStream {
        if self.map {
            TokenStream::new()
        } else {
            quote!(::serde::ser::SerializeStruct::skip_field(&mut out, #wire)?;)
        }
    }

    /// The body of `serialize`: the member count (structs), then the members.
    fn body(
        &self,
        name: &str,
        required: usize,
        len: TokenStream,
        members: TokenStream,
    ) -> TokenStream {
        let mutable = if members.is_empty() {
            quote!()
        } else {
            quote!(mut)
        };
        if self.map {
            return quote! {
                let #mutable out = ::serde::Serializer::serialize_map(serializer, ::std::option::Option::None)?;
                #members
                ::serde::ser::SerializeMap::end(out)
            };
        }
        let count = if len.is_empty() {
            quote!(let len: usize = #required;)
        } else {
            quote!(let mut len: usize = #required; #len)
        };
        quote! {
            #count
            let #mutable out = ::serde::Serializer::serialize_struct(serializer, #name, len)?;
            #members
            ::serde::ser::SerializeStruct::end(out)
        }
    }
}

/// The member of the decoder's `Partial_` struct that holds the field named `rust`.
fn partial_field(rust: &str) -> Ident {
    format_ident!("f_{}", rust.trim_start_matches("r#"))
}

/// The [`docspec_runtime::rules::Read`] of the integer at `p`: from `self`, or (`locals`)
/// from the decoded locals of a struct whose decoding failed elsewhere, where a first step
/// that is present on the wire but did not decode reads as undecodable.
fn access(p: &FieldPath, locals: Option<Raw<'_>>) -> TokenStream {
    let (mut e, steps) = if locals.is_some() {
        let local = partial_field(&p.steps[0].1);
        (quote!(p.#local.as_ref()), &p.steps[1..])
    } else {
        (quote!(::std::option::Option::Some(self)), &p.steps[..])
    };
    for (_, rust, optional) in steps {
        let f = ident(rust);
        e = if *optional {
            quote!(#e.and_then(|x| x.#f.as_ref()))
        } else {
            quote!(#e.map(|x| &x.#f))
        };
    }
    let n = match p.repr {
        IntRepr::Int64String => quote!(i128::from(x.0)),
        _ => quote!(i128::from(*x)),
    };
    let read = quote!(match #e {
        ::std::option::Option::Some(x) => ::docspec_runtime::rules::Read::Value(#n),
        ::std::option::Option::None => ::docspec_runtime::rules::Read::Absent,
    });
    let Some(raw) = locals else {
        return read;
    };
    let (wire, rust, _) = &p.steps[0];
    let local = partial_field(rust);
    let present = raw.present(wire);
    quote!(if p.#local.is_none() && #present {
        ::docspec_runtime::rules::Read::Undecodable
    } else {
        #read
    })
}

/// A rule's check; with `locals`, for the failure path of decoding.
fn rule_checks(rule: &Rule, locals: Option<Raw<'_>>) -> TokenStream {
    let reads = describe::rule_fields(rule)
        .into_iter()
        .map(|p| access(p, locals));
    described(
        quote!(RuleSpec),
        describe::rule_tokens(rule),
        quote!(check(&[#(#reads),*], at, r)),
    )
}

/// `read::Scalar` of a string enum: a documented value by binary search of the sorted
/// values, its variant by its position there; anything else goes to `decode` (which keeps an
/// unknown value where the type is tolerant and reports it otherwise).
///
/// A `match` on thousands of string literals is a chain of comparisons that optimizing
/// builds take minutes and gigabytes over; a `match` on integers is a jump table.
fn enum_scalar(name: &Ident, wires: &[&String], vars: &[Ident]) -> TokenStream {
    let mut sorted: Vec<(&String, &Ident)> = wires.iter().copied().zip(vars).collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    let names = sorted.iter().map(|(w, _)| w);
    let arms = sorted.iter().enumerate().map(|(i, (_, v))| {
        quote!(::std::result::Result::Ok(#i) => ::std::option::Option::Some(#name::#v),)
    });
    quote! {
        impl ::docspec_runtime::read::Scalar for #name {
            fn accept(got: ::docspec_runtime::read::Got<'_>) -> ::std::option::Option<Self> {
                static NAMES: &[&str] = &[#(#names),*];
                let ::docspec_runtime::read::Got::Str(s) = got else {
                    return ::std::option::Option::None;
                };
                match NAMES.binary_search(&s) {
                    #(#arms)*
                    _ => ::std::option::Option::None,
                }
            }
        }
    }
}

/// A string enum.
pub fn enum_def(t: &TypeDef, e: &Enum) -> TokenStream {
    let name = ident(&t.name);
    let doc = type_doc(t);
    let vars: Vec<Ident> = e.values.iter().map(|(_, v)| ident(v)).collect();
    let wires: Vec<&String> = e.values.iter().map(|(w, _)| w).collect();
    let wire_docs: Vec<TokenStream> = wires.iter().map(|w| value_doc(w)).collect();
    let idx: Vec<Literal> = (0..e.values.len()).map(Literal::usize_unsuffixed).collect();
    let tolerant = e.tolerant;
    let unknown = ident(crate::ident::UNKNOWN_VARIANT);
    let (unknown_var, unknown_str, unknown_arm, derive_eq) = if tolerant {
        (
            quote!(
                #[doc = " A value the spec does not list: responses keep it, so that a provider adding a value does not break clients."]
                #[serde(untagged)]
                #unknown(::std::string::String),
            ),
            quote!(Self::#unknown(s) => s,),
            quote!(::std::result::Result::Err(s) => ::std::option::Option::Some(Self::#unknown(s)),),
            quote!(),
        )
    } else {
        (
            quote!(),
            quote!(),
            quote!(::std::result::Result::Err(_) => ::std::option::Option::None,),
            quote!(Copy,),
        )
    };
    let sig = decode_sig();
    let validate = validate_impl(&name, TokenStream::new());
    let serde = serde_impls(&name);
    let scalar = enum_scalar(&name, &wires, &vars);
    let record = record_fn(quote!(scalar));
    let kind = if tolerant {
        "Unknown values are kept (the type appears in a response)."
    } else {
        "Unknown values are rejected (the type appears only in requests)."
    };
    quote! {
        #doc
        #[doc = ""]
        #[doc = #kind]
        #[derive(Debug, Clone, #derive_eq PartialEq, Eq, Hash, ::serde::Serialize)]
        pub enum #name {
            #(#wire_docs #[serde(rename = #wires)] #vars,)*
            #unknown_var
        }

        impl #name {
            /// The documented values, in spec order.
            pub const VALUES: &'static [&'static str] = &[#(#wires),*];

            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#vars => #wires,)*
                    #unknown_str
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::docspec_runtime::Decode for #name {
            const TYPE: ::std::option::Option<::docspec_runtime::JsonType> =
                ::std::option::Option::Some(::docspec_runtime::JsonType::String);

            #sig {
                match ::docspec_runtime::decode_enum(v, Self::VALUES, #tolerant, at, cx)? {
                    #(::std::result::Result::Ok(#idx) => ::std::option::Option::Some(Self::#vars),)*
                    ::std::result::Result::Ok(_) => ::std::option::Option::None,
                    #unknown_arm
                }
            }

            #record
        }

        #scalar
        #validate
        #serde
    }
}

/// The enum of a one-of group (decoded and checked by the struct that holds it).
pub fn group_def(t: &TypeDef, g: &Group) -> TokenStream {
    let name = ident(&t.name);
    let doc = type_doc(t);
    let vars = g.members.iter().map(|m| {
        let v = ident(&m.rust);
        let ty = field_type(&m.shape, m.boxed);
        let d = member_doc(m.doc.as_deref(), &m.wire);
        let w = &m.wire;
        quote!(#d #[serde(rename = #w)] #v(#ty),)
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
        pub enum #name { #(#vars)* }
    }
}

/// `oneOf` / `anyOf`: the enum (serialized as its variant's value), `Decode` through
/// `docspec_runtime::UnionRules`, `Validate` of the held variant, `Deserialize`.
pub fn union_def(t: &TypeDef, u: &Union) -> TokenStream {
    let name = ident(&t.name);
    let doc = type_doc(t);
    let mut vars = TokenStream::new();
    let mut decode_arms = TokenStream::new();
    let mut validate_arms = TokenStream::new();
    let mut any_checks = false;
    for (i, v) in u.variants.iter().enumerate() {
        let var = ident(&v.rust);
        let ty = field_type(&v.shape, v.boxed);
        let inner = rust_type(&v.shape, &TokenStream::new());
        let d = docs_or(v.doc.as_deref(), || {
            format!("The subschema at `#{}`.", v.pointer)
        });
        vars.extend(quote!(#d #var(#ty),));
        let check_new = checks(&v.shape, &quote!(x));
        let wrap = if v.boxed {
            quote!(::std::boxed::Box::new(x))
        } else {
            quote!(x)
        };
        let check_new = if check_new.is_empty() {
            check_new
        } else {
            quote!({
                let (x, r) = (&x, &mut *cx.report);
                #check_new
            })
        };
        decode_arms.extend(quote! {
            #i => {
                let x = <#inner as ::docspec_runtime::Decode>::decode(v, at, cx)?;
                #check_new
                ::std::option::Option::Some(Self::#var(#wrap))
            }
        });
        let check_held = checks(&v.shape, &quote!(x));
        let bind = if v.boxed {
            quote!(let x = &**x;)
        } else {
            TokenStream::new()
        };
        any_checks |= !check_held.is_empty();
        validate_arms.extend(if check_held.is_empty() {
            quote!(Self::#var(_) => {})
        } else {
            quote!(Self::#var(x) => { #bind #check_held })
        });
    }
    let any = u.any;
    let names = u.variants.iter().map(|v| &v.wire);
    let dispatch = match &u.dispatch {
        Dispatch::Trial => quote!(Trial),
        Dispatch::Tag { property, values } => {
            let values = values.iter().map(|(w, i)| quote!((#w, #i)));
            quote!(Tag { property: #property, values: &[#(#values),*] })
        }
        Dispatch::Member(members) => quote!(Member(&[#(#members),*])),
        Dispatch::Single => quote!(Single),
    };
    let sig = decode_sig();
    // `not`: each subschema decodes and checks the value into a scratch report.
    let nots: Vec<TokenStream> = u
        .not
        .iter()
        .map(|n| {
            let ty = rust_type(n, &TokenStream::new());
            let c = checks(n, &quote!(x));
            let body = if c.is_empty() {
                quote!(<#ty as ::docspec_runtime::Decode>::decode(v, at, cx).map(|_| ()))
            } else {
                quote! {
                    let x = <#ty as ::docspec_runtime::Decode>::decode(v, at, cx)?;
                    { let (x, r) = (&x, &mut *cx.report); #c }
                    ::std::option::Option::Some(())
                }
            };
            quote!(|v: &::docspec_runtime::Value, at: &::docspec_runtime::Path<'_>, cx: &mut ::docspec_runtime::Cx<'_>| { #body })
        })
        .collect();
    let held = if any_checks {
        quote!(match self { #validate_arms })
    } else {
        TokenStream::new()
    };
    let validate = validate_impl(
        &name,
        quote!(#held #(::docspec_runtime::not_held(self, at, r, #nots);)*),
    );
    let serde = serde_impls(&name);
    let variant = quote! {
        R.decode(v, at, cx, |i, v, at, cx| match i {
            #decode_arms
            _ => ::std::option::Option::None,
        })
    };
    let decode = if nots.is_empty() {
        variant
    } else {
        quote! {
            let start = cx.report.len();
            let out = #variant;
            #(::docspec_runtime::not(v, at, cx, #nots);)*
            out.filter(|_| cx.report.len() == start)
        }
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
        #[serde(untagged)]
        pub enum #name { #vars }

        impl ::docspec_runtime::Decode for #name {
            #sig {
                static R: ::docspec_runtime::UnionRules<'static> = ::docspec_runtime::UnionRules {
                    any: #any,
                    names: &[#(#names),*],
                    dispatch: ::docspec_runtime::Dispatch::#dispatch,
                };
                #decode
            }
        }

        #validate
        #serde
    }
}

/// A component schema that is neither object nor enum.
pub fn alias_def(t: &TypeDef, s: &Shape) -> TokenStream {
    let name = ident(&t.name);
    let doc = type_doc(t);
    let ty = rust_type(s, &TokenStream::new());
    let note = " Constraints of this schema are checked where it is used.";
    quote!(#doc #[doc = ""] #[doc = #note] pub type #name = #ty;)
}

/// A `&[docspec_runtime::Media]` literal.
fn media_list(list: &[Media]) -> TokenStream {
    let items = list.iter().map(|m| {
        let name = &m.name;
        let opt = |v: Option<u64>| match v {
            Some(v) => quote!(::std::option::Option::Some(#v)),
            None => quote!(::std::option::Option::None),
        };
        let kind = match m.kind {
            MediaKind::Json => quote!(Json),
            MediaKind::Form => quote!(Form),
            MediaKind::Multipart => quote!(Multipart),
            MediaKind::Text {
                min_length,
                max_length,
            } => {
                let (min, max) = (opt(min_length), opt(max_length));
                quote!(Text { min_length: #min, max_length: #max })
            }
            MediaKind::Binary {
                min_length,
                max_length,
            } => {
                let (min, max) = (opt(min_length), opt(max_length));
                quote!(Binary { min_length: #min, max_length: #max })
            }
        };
        quote!(::docspec_runtime::Media { name: #name, kind: ::docspec_runtime::MediaKind::#kind })
    });
    quote!(&[#(#items),*])
}

/// The `operations` module and the per-module request entry point.
pub fn operations(m: &Module) -> TokenStream {
    let sup = quote!(super::);
    let mut items = TokenStream::new();
    let mut arms = TokenStream::new();
    let mut body_arms = TokenStream::new();
    let mut response_arms = TokenStream::new();
    for op in &m.operations {
        let name = ident(&op.rust);
        let doc = docs(op.doc.as_deref());
        let (id, method, path) = (&op.id, &op.method, &op.path);
        let params = |p: &Option<String>| match p {
            Some(n) => {
                let n = ident(n);
                quote!(super::#n)
            }
            None => quote!(::docspec_runtime::NoParams),
        };
        let (pp, qp, hp) = (
            params(&op.path_params),
            params(&op.query_params),
            params(&op.header_params),
        );
        let body = match &op.body {
            Some(b) => rust_type(&b.shape, &sup),
            None => quote!(::docspec_runtime::NoBody),
        };
        let (has_body, body_required) = (!op.request_media.is_empty(), op.body_required);
        let (request_media, response_media) = (
            media_list(&op.request_media),
            media_list(&op.response_media),
        );
        let form_json = &op.form_json;
        let response = match &op.response {
            Some(b) => rust_type(&b.shape, &sup),
            None => quote!(::docspec_runtime::Value),
        };
        let line = docs(Some(&format!("`{method} {path}` (operationId `{id}`).")));
        let status = match &op.response_status {
            Some(s) => format!(" Success response: HTTP {s}."),
            None => " No documented success response body.".to_owned(),
        };
        items.extend(quote! {
            #line
            #[doc = ""]
            #doc
            #[doc = ""]
            #[doc = #status]
            #[derive(Debug, Clone, Copy, PartialEq, Eq)]
            pub struct #name;

            impl ::docspec_runtime::Operation for #name {
                const ID: &'static str = #id;
                const METHOD: &'static str = #method;
                const PATH: &'static str = #path;
                const HAS_BODY: bool = #has_body;
                const BODY_REQUIRED: bool = #body_required;
                const REQUEST_MEDIA: &'static [::docspec_runtime::Media] = #request_media;
                const RESPONSE_MEDIA: &'static [::docspec_runtime::Media] = #response_media;
                const FORM_JSON: &'static [&'static str] = &[#(#form_json),*];
                type PathParams = #pp;
                type QueryParams = #qp;
                type HeaderParams = #hp;
                type Body = #body;
                type Response = #response;
            }
        });
        arms.extend(quote!(#id => ::std::option::Option::Some(
            ::docspec_runtime::validate_request::<operations::#name>(parts).err().unwrap_or_default()
        ),));
        // `from_slice` of one of the operation's types, as a match arm on its operationId.
        let bytes_arm = |ty: TokenStream, direction: TokenStream| {
            quote!(#id => ::std::option::Option::Some(
                ::docspec_runtime::from_slice::<<operations::#name as ::docspec_runtime::Operation>::#ty>(
                    body,
                    ::docspec_runtime::Direction::#direction,
                ).err().unwrap_or_default()
            ),)
        };
        body_arms.extend(bytes_arm(quote!(Body), quote!(Request)));
        response_arms.extend(bytes_arm(quote!(Response), quote!(Response)));
    }
    let ids: Vec<&String> = m.operations.iter().map(|o| &o.id).collect();
    quote! {
        /// One marker type per operation, implementing [`docspec_runtime::Operation`].
        pub mod operations { #items }

        /// The operationIds of this spec, in document order.
        pub const OPERATION_IDS: &[&str] = &[#(#ids),*];

        /// Validates a request of `operation_id` given as
        /// `{"path": {...}, "query": {...}, "header": {...}, "body": ...}`; `None` when the
        /// operation is not in this spec.
        pub fn validate_request(operation_id: &str, parts: &::docspec_runtime::Value) -> ::std::option::Option<::docspec_runtime::Report> {
            match operation_id {
                #arms
                _ => ::std::option::Option::None,
            }
        }

        /// Decodes and checks the JSON bytes of a request body of `operation_id`, as
        /// `docspec_runtime::from_slice` does for its body type (an empty report when valid);
        /// `None` when the operation is not in this spec. Form, multipart and raw bodies are
        /// read from their own bytes: see `docspec_runtime::validate_parts`.
        pub fn validate_body(operation_id: &str, body: &[u8]) -> ::std::option::Option<::docspec_runtime::Report> {
            match operation_id {
                #body_arms
                _ => ::std::option::Option::None,
            }
        }

        /// Decodes and checks the JSON bytes of a success response body of `operation_id` as
        /// a response (enums keep unknown values), as `docspec_runtime::from_slice` does for
        /// its response type (any JSON value where none is documented); `None` when the
        /// operation is not in this spec.
        pub fn validate_response(operation_id: &str, body: &[u8]) -> ::std::option::Option<::docspec_runtime::Report> {
            match operation_id {
                #response_arms
                _ => ::std::option::Option::None,
            }
        }
    }
}

/// The items of one named type.
pub fn type_def(t: &TypeDef, m: &Module) -> TokenStream {
    match &t.kind {
        TypeKind::Struct(s) => struct_def(t, s, &m.types),
        TypeKind::Enum(e) => enum_def(t, e),
        TypeKind::Group(g) => group_def(t, g),
        TypeKind::Alias(s) => alias_def(t, s),
        TypeKind::Union(u) => union_def(t, u),
    }
}

/// The doc lines of one spec's module: where it comes from, then the spec's title and
/// description. Written as inner attributes in a module file, or outer ones on an inline
/// `mod` (a file given to `include!` cannot hold inner attributes).
pub fn module_doc(m: &Module) -> Vec<String> {
    let mut lines: Vec<String> =
        doc_lines(&format!("Models and validators for `{}`.", m.spec)).collect();
    lines.push(String::new());
    lines.extend(doc_lines(m.doc.as_deref().unwrap_or("")));
    lines
}

/// The items of one spec's module: patterns, filters, types and operations.
pub fn module(m: &Module) -> TokenStream {
    let patterns = m.patterns.iter().enumerate().map(|(i, p)| {
        let id = describe::pattern_ident(i);
        let (s, t) = (&p.source, &p.translated);
        if p.looks.is_empty() {
            return quote!(static #id: ::docspec_runtime::Pattern = ::docspec_runtime::Pattern::new(#s, #t););
        }
        let looks = p.looks.iter().map(|(k, b)| {
            let k = format_ident!("{}", format!("{k:?}"));
            quote!((::docspec_runtime::lookaround::LookKind::#k, #b))
        });
        quote!(static #id: ::docspec_runtime::Pattern = ::docspec_runtime::Pattern::with_looks(#s, #t, &[#(#looks),*]);)
    });
    let filters = m.filters.iter().enumerate().map(|(i, f)| {
        let id = describe::filter_ident(i);
        let (fields, ops) = (&f.fields, &f.operators);
        let opt_u64 = |n: Option<u64>| match n {
            Some(n) => {
                let n = Literal::u64_unsuffixed(n);
                quote!(::std::option::Option::Some(#n))
            }
            None => quote!(::std::option::Option::None),
        };
        let (min, max) = (opt_u64(f.min_length), opt_u64(f.max_length));
        let pat = match f.pattern {
            Some(p) => {
                let p = describe::pattern_ident(p);
                quote!(::std::option::Option::Some(&#p))
            }
            None => quote!(::std::option::Option::None),
        };
        quote!(static #id: ::docspec_runtime::filter::FilterSpec = ::docspec_runtime::filter::FilterSpec {
            fields: &[#(#fields),*],
            operators: &[#(#ops),*],
            value_min_length: #min,
            value_max_length: #max,
            value_pattern: #pat,
        };)
    });
    let types = m.types.values().map(|t| type_def(t, m));
    let ops = operations(m);
    quote! {
        #(#patterns)*
        #(#filters)*
        #(#types)*
        #ops
    }
}

//! Emitters: IR to tokens (`quote!`). Generated code names absolute paths only, so it never
//! depends on the imports around it. Conventions inside generated functions: `at` is the
//! current `&Path`, `r` the `&mut Report`, and checked values are references.

use crate::ir::*;
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use crate::ident::token as ident;

/// The lines of a text, split at every line end the spec may carry (`\r\n`, `\r`, `\n`):
/// rustc refuses a bare carriage return in a doc comment.
fn doc_lines(doc: &str) -> impl Iterator<Item = String> + '_ {
    doc.split("\r\n")
        .flat_map(|l| l.split(['\r', '\n']))
        .map(|l| format!(" {}", l.trim_end()))
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

fn int(n: i128) -> Literal {
    Literal::i128_unsuffixed(n)
}

fn uint(n: u64) -> Literal {
    Literal::u64_unsuffixed(n)
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

fn pattern_ident(i: usize) -> Ident {
    format_ident!("PATTERN_{}", i)
}

fn str_checks(c: &StrChecks, v: &TokenStream, key: bool) -> TokenStream {
    let mut out = TokenStream::new();
    if key {
        if c.min_length.is_some() || c.max_length.is_some() {
            let min = opt_u64(c.min_length);
            let max = opt_u64(c.max_length);
            out.extend(quote!(::docspec_runtime::check::key_length(#v, #min, #max, at, r);));
        }
        for p in &c.patterns {
            let p = pattern_ident(*p);
            out.extend(quote!(::docspec_runtime::check::key_pattern(#v, &#p, at, r);));
        }
        return out;
    }
    if let Some(n) = c.min_length {
        let n = uint(n);
        out.extend(quote!(::docspec_runtime::check::min_length(#v, #n, at, r);));
    }
    if let Some(n) = c.max_length {
        let n = uint(n);
        out.extend(quote!(::docspec_runtime::check::max_length(#v, #n, at, r);));
    }
    for p in &c.patterns {
        let p = pattern_ident(*p);
        out.extend(quote!(::docspec_runtime::check::pattern(#v, &#p, at, r);));
    }
    match c.format {
        Some(Format::DateTime) => {
            out.extend(quote!(::docspec_runtime::check::date_time(#v, at, r);))
        }
        Some(Format::Byte) => out.extend(quote!(::docspec_runtime::check::base64(#v, at, r);)),
        None => {}
    }
    if let Some(f) = c.filter {
        let f = format_ident!("FILTER_{}", f);
        out.extend(quote!(::docspec_runtime::filter::check(#v, &#f, at, r);));
    }
    out
}

fn opt_u64(n: Option<u64>) -> TokenStream {
    match n {
        Some(n) => {
            let n = uint(n);
            quote!(::std::option::Option::Some(#n))
        }
        None => quote!(::std::option::Option::None),
    }
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
            let mut out = quote!(let n = #n;);
            if let Some((m, x)) = c.minimum {
                let m = int(m);
                out.extend(quote!(::docspec_runtime::check::minimum(n, #m, #x, at, r);));
            }
            if let Some((m, x)) = c.maximum {
                let m = int(m);
                out.extend(quote!(::docspec_runtime::check::maximum(n, #m, #x, at, r);));
            }
            if let Some(m) = c.multiple_of {
                let m = int(m);
                out.extend(quote!(::docspec_runtime::check::multiple_of(n, #m, at, r);));
            }
            quote!({ #out })
        }
        Shape::Number(min, max) => {
            let mut out = TokenStream::new();
            if let Some((m, x)) = min {
                let m = Literal::f64_suffixed(*m);
                out.extend(quote!(::docspec_runtime::check::number_minimum(*#v, #m, #x, at, r);));
            }
            if let Some((m, x)) = max {
                let m = Literal::f64_suffixed(*m);
                out.extend(quote!(::docspec_runtime::check::number_maximum(*#v, #m, #x, at, r);));
            }
            out
        }
        Shape::Boolean | Shape::Any | Shape::FreeObject => TokenStream::new(),
        Shape::Array {
            items,
            min_items,
            max_items,
            unique,
        } => {
            let mut out = TokenStream::new();
            let (min_items, max_items, unique) = if partial {
                (&None, &None, &false)
            } else {
                (min_items, max_items, unique)
            };
            if let Some(n) = min_items {
                let n = uint(*n);
                out.extend(quote!(::docspec_runtime::check::min_items(#v.len(), #n, at, r);));
            }
            if let Some(n) = max_items {
                let n = uint(*n);
                out.extend(quote!(::docspec_runtime::check::max_items(#v.len(), #n, at, r);));
            }
            if *unique {
                out.extend(quote!(::docspec_runtime::check::unique_items(#v, at, r);));
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
            let mut out = TokenStream::new();
            let empty = StrChecks::default();
            let (min_props, max_props, keys, required) = if partial {
                (&None, &None, &empty, &[][..])
            } else {
                (min_props, max_props, keys, &required[..])
            };
            if let Some(n) = min_props {
                let n = uint(*n);
                out.extend(quote!(::docspec_runtime::check::min_properties(#v.len(), #n, at, r);));
            }
            if let Some(n) = max_props {
                let n = uint(*n);
                out.extend(quote!(::docspec_runtime::check::max_properties(#v.len(), #n, at, r);));
            }
            if !required.is_empty() {
                out.extend(quote!(::docspec_runtime::check::required_members(|k| #v.contains_key(k), &[#(#required),*], at, r);));
            }
            let k = str_checks(keys, &quote!(k), true);
            let inner = checks_in(values, &quote!(item), partial);
            if k.is_empty() && inner.is_empty() {
                return out;
            }
            if inner.is_empty() {
                return quote! {
                    #out
                    for k in #v.keys() {
                        let at = &at.key(k);
                        #k
                    }
                };
            }
            quote! {
                #out
                for (k, item) in #v {
                    let at = &at.key(k);
                    #k
                    #inner
                }
            }
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
    }
}

/// Collection-level checks on the raw JSON value `raw` of a member whose object failed to
/// decode: counts, uniqueness and map keys must see every item, including those with type
/// errors, which the partly decoded value has dropped.
fn raw_checks(shape: &Shape) -> TokenStream {
    let mut out = TokenStream::new();
    match shape {
        // The inner checks test the raw value's JSON type themselves.
        Shape::Untyped(inner) => return raw_checks(inner),
        Shape::Array {
            min_items,
            max_items,
            unique,
            ..
        } => {
            if let Some(n) = min_items {
                let n = uint(*n);
                out.extend(quote!(::docspec_runtime::check::min_items(a.len(), #n, at, r);));
            }
            if let Some(n) = max_items {
                let n = uint(*n);
                out.extend(quote!(::docspec_runtime::check::max_items(a.len(), #n, at, r);));
            }
            if *unique {
                out.extend(quote!(::docspec_runtime::check::unique_items(a, at, r);));
            }
            if !out.is_empty() {
                out = quote!(if let ::docspec_runtime::Value::Array(a) = raw { #out });
            }
        }
        Shape::Map {
            keys,
            min_props,
            max_props,
            required,
            ..
        } => {
            if let Some(n) = min_props {
                let n = uint(*n);
                out.extend(quote!(::docspec_runtime::check::min_properties(o.len(), #n, at, r);));
            }
            if let Some(n) = max_props {
                let n = uint(*n);
                out.extend(quote!(::docspec_runtime::check::max_properties(o.len(), #n, at, r);));
            }
            if !required.is_empty() {
                out.extend(quote!(::docspec_runtime::check::required_members(|k| o.contains_key(k), &[#(#required),*], at, r);));
            }
            let k = str_checks(keys, &quote!(k), true);
            if !k.is_empty() {
                out.extend(quote!(for k in o.keys() { let at = &at.key(k); #k }));
            }
            if !out.is_empty() {
                out = quote!(if let ::docspec_runtime::Value::Object(o) = raw { #out });
            }
        }
        _ => {}
    }
    out
}

/// Failure-path checks of one member: its decoded (possibly partial) value and its raw JSON.
fn failed_checks(shape: &Shape, wire: &str, local: &TokenStream) -> TokenStream {
    let mut out = TokenStream::new();
    let c = checks_in(shape, &quote!(v), true);
    if !c.is_empty() {
        let w = wrap_at(wire, c);
        out.extend(quote!(if let ::std::option::Option::Some(v) = &#local #w));
    }
    let raw = raw_checks(shape);
    if !raw.is_empty() {
        let w = wrap_at(wire, raw);
        out.extend(quote!(if let ::std::option::Option::Some(raw) = obj.get(#wire) #w));
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

fn serde_impls(name: &Ident) -> TokenStream {
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                ::docspec_runtime::deserialize_via_decode(d)
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
    let doc = docs(t.doc.as_deref());
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
    let mut required_count = 0usize;
    let mut ser_len = TokenStream::new();
    let mut ser_members = TokenStream::new();
    for f in &s.fields {
        let fname = ident(&f.rust);
        let local = partial_field(&f.rust);
        let ty = field_type(&f.shape, f.boxed);
        let fdoc = docs(f.doc.as_deref());
        let wire = &f.wire;
        let req = f.required;
        let c = checks(&f.shape, &quote!(v));
        eq.extend(quote!(if self.#fname != other.#fname { return false; }));
        if f.required {
            fields.extend(quote!(#fdoc pub #fname: #ty,));
            required_count += 1;
            ser_members.extend(ser.entry(wire, &quote!(&self.#fname)));
            build.extend(quote!(#fname: p.#local?,));
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
            if !c.is_empty() {
                let w = wrap_at(wire, c.clone());
                validate.extend(quote!(if let ::std::option::Option::Some(v) = &self.#fname #w));
            }
        }
        partial.extend(quote!(#local: ::std::option::Option<#ty>,));
        decode.extend(
            quote!(#local: ::docspec_runtime::decode_field::<#ty>(obj, #wire, #req, at, cx),),
        );
        failed.extend(failed_checks(&f.shape, wire, &quote!(p.#local)));
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
            failed.extend(failed_checks(&m.shape, wire, &quote!(p.#local)));
        }
        after.extend(quote!(::docspec_runtime::one_of(obj, &[#(#members),*], #exactly, at, cx);));
        let first = &chain[0];
        let rest = &chain[1..];
        let all = quote!(#first #(.or(#rest))*);
        if exactly {
            build.extend(quote!(#gname: #all?,));
            validate.extend(quote!(match &self.#gname { #arms }));
            ser_members.extend(quote!(match &self.#gname { #ser_arms }));
        } else {
            build.extend(quote!(#gname: #all,));
            validate.extend(
                quote!(if let ::std::option::Option::Some(g) = &self.#gname { match g { #arms } }),
            );
            ser_members.extend(quote!(if let ::std::option::Option::Some(g) = &self.#gname { match g { #ser_arms } }));
        }
    }
    if let Some(known) = &s.deny_unknown {
        after.extend(quote!(::docspec_runtime::deny_unknown(obj, &[#(#known),*], at, cx);));
    }
    for rule in &s.rules {
        validate.extend(rule_checks(rule, false));
        failed.extend(rule_checks(rule, true));
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
        }

        #validate
        #serde
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

/// `Option<i128>` of the integer at `p`: from `self`, or (`locals`) from the decoded locals of
/// a struct whose decoding failed elsewhere.
fn access(p: &FieldPath, locals: bool) -> TokenStream {
    let (mut e, steps) = if locals {
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
    match p.repr {
        IntRepr::Int64String => quote!(#e.map(|x| i128::from(x.0))),
        _ => quote!(#e.map(|x| i128::from(*x))),
    }
}

/// A rule's checks; with `locals`, for the failure path of decoding, where it runs only if
/// none of the fields it reads is present but undecodable.
fn rule_checks(rule: &Rule, locals: bool) -> TokenStream {
    let desc = &rule.description;
    let mut body = TokenStream::new();
    for a in &rule.asserts {
        let value = access(&a.field, locals);
        let text = &a.field.text;
        let is_min = a.is_min;
        let mut at_chain = TokenStream::new();
        for (wire, ..) in &a.field.steps {
            at_chain.extend(quote!(let at = &at.key(#wire);));
        }
        let call = match &a.bound {
            Bound::Literal(n) => {
                let n = int(*n);
                quote!(::docspec_runtime::check::rule_bound(#value, #is_min, #n, #text, #desc, at, r);)
            }
            Bound::Fraction {
                field,
                numerator,
                denominator,
            } => {
                let other = access(field, locals);
                let other_text = &field.text;
                let (num, den) = (int(*numerator), int(*denominator));
                quote!(::docspec_runtime::check::rule_fraction(#value, #is_min, #other, (#num, #den), (#text, #other_text), #desc, at, r);)
            }
        };
        body.extend(quote!({ #at_chain #call }));
    }
    let mut conds = Vec::new();
    if locals {
        let mut paths: Vec<&FieldPath> = rule.asserts.iter().map(|a| &a.field).collect();
        paths.extend(rule.asserts.iter().filter_map(|a| match &a.bound {
            Bound::Fraction { field, .. } => Some(field),
            Bound::Literal(_) => None,
        }));
        paths.extend(rule.when.iter().map(|(p, _)| p));
        let mut firsts: Vec<(&String, &String)> = paths
            .iter()
            .map(|p| (&p.steps[0].0, &p.steps[0].1))
            .collect();
        firsts.sort();
        firsts.dedup();
        conds.extend(firsts.iter().map(|(wire, rust)| {
            let local = partial_field(rust);
            quote!((p.#local.is_some() || !obj.contains_key(#wire)))
        }));
    }
    if let Some((p, ne)) = &rule.when {
        let w = access(p, locals);
        let ne = int(*ne);
        conds.push(quote!(#w.is_some_and(|w| w != #ne)));
    }
    if conds.is_empty() {
        body
    } else {
        quote!(if #(#conds)&&* { #body })
    }
}

/// A string enum.
pub fn enum_def(t: &TypeDef, e: &Enum) -> TokenStream {
    let name = ident(&t.name);
    let doc = docs(t.doc.as_deref());
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
        }

        #validate
        #serde
    }
}

/// The enum of a one-of group (decoded and checked by the struct that holds it).
pub fn group_def(t: &TypeDef, g: &Group) -> TokenStream {
    let name = ident(&t.name);
    let doc = docs(t.doc.as_deref());
    let vars = g.members.iter().map(|m| {
        let v = ident(&m.rust);
        let ty = field_type(&m.shape, m.boxed);
        let d = docs(m.doc.as_deref());
        let w = &m.wire;
        quote!(#d #[serde(rename = #w)] #v(#ty),)
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
        pub enum #name { #(#vars)* }
    }
}

/// A component schema that is neither object nor enum.
pub fn alias_def(t: &TypeDef, s: &Shape) -> TokenStream {
    let name = ident(&t.name);
    let doc = docs(t.doc.as_deref());
    let ty = rust_type(s, &TokenStream::new());
    let note = " Constraints of this schema are checked where it is used.";
    quote!(#doc #[doc = ""] #[doc = #note] pub type #name = #ty;)
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
        let (has_body, body_required, body) = match &op.body {
            Some(b) => (true, b.required, rust_type(&b.shape, &sup)),
            None => (false, false, quote!(::docspec_runtime::NoBody)),
        };
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
        /// `None` when the operation is not in this spec.
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
    }
}

/// The whole module file of one spec.
pub fn module(m: &Module) -> TokenStream {
    let mdoc: Vec<String> = doc_lines(m.doc.as_deref().unwrap_or("")).collect();
    let src_lines: Vec<String> =
        doc_lines(&format!("Models and validators for `{}`.", m.spec)).collect();
    let patterns = m.patterns.iter().enumerate().map(|(i, p)| {
        let id = pattern_ident(i);
        let (s, t) = (&p.source, &p.translated);
        quote!(static #id: ::docspec_runtime::Pattern = ::docspec_runtime::Pattern::new(#s, #t);)
    });
    let filters = m.filters.iter().enumerate().map(|(i, f)| {
        let id = format_ident!("FILTER_{}", i);
        let (fields, ops) = (&f.fields, &f.operators);
        let (min, max) = (opt_u64(f.min_length), opt_u64(f.max_length));
        let pat = match f.pattern {
            Some(p) => {
                let p = pattern_ident(p);
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
        #(#![doc = #src_lines])*
        #![doc = ""]
        #(#![doc = #mdoc])*

        #(#patterns)*
        #(#filters)*
        #(#types)*
        #ops
    }
}

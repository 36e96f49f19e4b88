//! From the IR's constraints to the runtime's constraint descriptions
//! ([`docspec_runtime::rules`]), in the two forms they are used in: as tokens of a `static`
//! (for [`crate::emit`]) and as values (for the interpreter of the `docspec-diff` crate).
//!
//! The two forms of each description sit side by side and destructure the IR without `..`,
//! so a keyword added to the IR fails to compile here until both forms carry it; what the
//! keyword means is written once, in the runtime.

use crate::ir::{Assert, Bound, Decimal, Format, IntChecks, NumChecks, Rule, StrChecks};
use docspec_runtime::Pattern;
use docspec_runtime::filter::FilterSpec;
use docspec_runtime::rules::{self, AssertSpec, FieldRef, IntRules, NumRules, RuleBound, StrRules};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

pub(crate) fn pattern_ident(i: usize) -> proc_macro2::Ident {
    format_ident!("PATTERN_{}", i)
}

pub(crate) fn filter_ident(i: usize) -> proc_macro2::Ident {
    format_ident!("FILTER_{}", i)
}

fn opt<T>(v: Option<T>, f: impl FnOnce(T) -> TokenStream) -> TokenStream {
    match v {
        Some(v) => {
            let v = f(v);
            quote!(::std::option::Option::Some(#v))
        }
        None => quote!(::std::option::Option::None),
    }
}

fn u(n: u64) -> TokenStream {
    let n = Literal::u64_unsuffixed(n);
    quote!(#n)
}

fn i(n: i128) -> TokenStream {
    let n = Literal::i128_unsuffixed(n);
    quote!(#n)
}

fn format_token(f: Format) -> TokenStream {
    // The variant's name is its Debug form (the IR holds the runtime's own enum).
    let v = quote::format_ident!("{f:?}");
    quote!(::docspec_runtime::rules::Format::#v)
}

/// `StrRules { .. }` as an expression of a `static` (patterns and filters name the module's
/// `PATTERN_n` and `FILTER_n`).
pub(crate) fn str_tokens(c: &StrChecks) -> TokenStream {
    let StrChecks {
        min_length,
        max_length,
        patterns,
        format,
        filter,
    } = c;
    let (min, max) = (opt(*min_length, u), opt(*max_length, u));
    let pats = patterns.iter().map(|p| pattern_ident(*p));
    let format = opt(*format, format_token);
    let filter = opt(*filter, |f| {
        let f = filter_ident(f);
        quote!(&#f)
    });
    quote!(::docspec_runtime::rules::StrRules {
        min_length: #min,
        max_length: #max,
        patterns: &[#(&#pats),*],
        format: #format,
        filter: #filter,
    })
}

/// `StrRules` as a value, borrowing `patterns` (the module's compiled patterns, which
/// `pattern_lists` must hold for every list of more than one) and `filters`.
pub fn str_value<'a>(
    c: &StrChecks,
    patterns: &'a [&'static Pattern],
    lists: &'a std::collections::HashMap<Vec<usize>, Vec<&'static Pattern>>,
    filters: &'a [FilterSpec],
) -> StrRules<'a> {
    let StrChecks {
        min_length,
        max_length,
        patterns: used,
        format,
        filter,
    } = c;
    let patterns: &'a [&'static Pattern] = match used.as_slice() {
        [] => &[],
        [p] => patterns.get(*p).map_or(&[], std::slice::from_ref),
        many => lists.get(many).map_or(&[], Vec::as_slice),
    };
    StrRules {
        min_length: *min_length,
        max_length: *max_length,
        patterns,
        format: *format,
        filter: filter.and_then(|f| filters.get(f)),
    }
}

/// `IntRules`, a value of plain data: the emitter writes it out field by field.
pub fn int_value(c: &IntChecks) -> IntRules<'_> {
    let IntChecks {
        minimum,
        maximum,
        multiple_of,
        values,
    } = c;
    IntRules {
        minimum: *minimum,
        maximum: *maximum,
        multiple_of: *multiple_of,
        values,
    }
}

pub(crate) fn int_tokens(c: &IntChecks) -> TokenStream {
    let IntRules {
        minimum,
        maximum,
        multiple_of,
        values,
    } = int_value(c);
    let values = values.iter().map(|&n| i(n));
    let bound = |(n, x): (i128, bool)| {
        let n = i(n);
        quote!((#n, #x))
    };
    let (min, max, mult) = (
        opt(minimum, bound),
        opt(maximum, bound),
        opt(multiple_of, i),
    );
    quote!(::docspec_runtime::rules::IntRules { minimum: #min, maximum: #max, multiple_of: #mult, values: &[#(#values),*] })
}

/// `NumRules`, plain data.
pub fn num_value(c: &NumChecks) -> NumRules {
    let NumChecks {
        minimum,
        maximum,
        multiple_of,
    } = *c;
    NumRules {
        minimum,
        maximum,
        multiple_of,
    }
}

pub(crate) fn num_tokens(c: &NumChecks) -> TokenStream {
    let NumRules {
        minimum,
        maximum,
        multiple_of,
    } = num_value(c);
    let bound = |(n, x): (f64, bool)| {
        let n = Literal::f64_suffixed(n);
        quote!((#n, #x))
    };
    let decimal = |d: Decimal| {
        let (m, e) = (
            Literal::u64_unsuffixed(d.mantissa()),
            Literal::i32_unsuffixed(d.exponent()),
        );
        quote!(::docspec_runtime::Decimal::new(#m, #e))
    };
    let (min, max, mult) = (
        opt(minimum, bound),
        opt(maximum, bound),
        opt(multiple_of, decimal),
    );
    quote!(::docspec_runtime::rules::NumRules { minimum: #min, maximum: #max, multiple_of: #mult })
}

/// `ArrayRules`, plain data.
pub fn array_value(min: Option<u64>, max: Option<u64>, unique: bool) -> rules::ArrayRules {
    rules::ArrayRules {
        min_items: min,
        max_items: max,
        unique,
    }
}

pub(crate) fn array_tokens(a: &rules::ArrayRules) -> TokenStream {
    let rules::ArrayRules {
        min_items,
        max_items,
        unique,
    } = *a;
    let (min, max) = (opt(min_items, u), opt(max_items, u));
    quote!(::docspec_runtime::rules::ArrayRules { min_items: #min, max_items: #max, unique: #unique })
}

/// `MapRules { .. }` as an expression of a `static`.
pub(crate) fn map_tokens(
    min: Option<u64>,
    max: Option<u64>,
    required: &[String],
    keys: &StrChecks,
) -> TokenStream {
    let (min, max) = (opt(min, u), opt(max, u));
    let keys = str_tokens(keys);
    quote!(::docspec_runtime::rules::MapRules {
        min_properties: #min,
        max_properties: #max,
        required: &[#(#required),*],
        keys: #keys,
    })
}

/// The field paths a rule reads, in the order `rule_tokens` and [`rule_value`] list them
/// (and the caller passes their values): every assertion's field, then every fraction's
/// other field, then the `when` field, each once.
pub fn rule_fields(rule: &Rule) -> Vec<&crate::ir::FieldPath> {
    let Rule {
        description: _,
        when,
        asserts,
    } = rule;
    let mut out: Vec<&crate::ir::FieldPath> = Vec::new();
    let mut add = |p| {
        if !out.contains(&p) {
            out.push(p);
        }
    };
    for a in asserts {
        add(&a.field);
    }
    for a in asserts {
        if let Bound::Fraction { field, .. } = &a.bound {
            add(field);
        }
    }
    if let Some((p, _)) = when {
        add(p);
    }
    out
}

fn index_of(fields: &[&crate::ir::FieldPath], p: &crate::ir::FieldPath) -> usize {
    fields.iter().position(|f| *f == p).unwrap_or(usize::MAX)
}

fn assert_value(fields: &[&crate::ir::FieldPath], a: &Assert) -> AssertSpec {
    let Assert {
        field,
        is_min,
        bound,
    } = a;
    AssertSpec {
        field: index_of(fields, field),
        is_min: *is_min,
        bound: match bound {
            Bound::Literal(n) => RuleBound::Literal(*n),
            Bound::Fraction {
                field,
                numerator,
                denominator,
            } => RuleBound::Fraction {
                field: index_of(fields, field),
                numerator: *numerator,
                denominator: *denominator,
            },
        },
    }
}

/// `RuleSpec { .. }` as an expression of a `static`.
pub(crate) fn rule_tokens(rule: &Rule) -> TokenStream {
    let fields = rule_fields(rule);
    let refs = fields.iter().map(|f| {
        let text = &f.text;
        let steps = f.steps.iter().map(|(wire, ..)| wire);
        quote!(::docspec_runtime::rules::FieldRef { text: #text, steps: &[#(#steps),*] })
    });
    let when = opt(rule.when.as_ref(), |(p, ne)| {
        let (p, ne) = (Literal::usize_unsuffixed(index_of(&fields, p)), i(*ne));
        quote!((#p, #ne))
    });
    let asserts = rule.asserts.iter().map(|a| {
        let AssertSpec {
            field,
            is_min,
            bound,
        } = assert_value(&fields, a);
        let field = Literal::usize_unsuffixed(field);
        let bound = match bound {
            RuleBound::Literal(n) => {
                let n = i(n);
                quote!(::docspec_runtime::rules::RuleBound::Literal(#n))
            }
            RuleBound::Fraction {
                field,
                numerator,
                denominator,
            } => {
                let field = Literal::usize_unsuffixed(field);
                let (n, d) = (i(numerator), i(denominator));
                quote!(::docspec_runtime::rules::RuleBound::Fraction { field: #field, numerator: #n, denominator: #d })
            }
        };
        quote!(::docspec_runtime::rules::AssertSpec { field: #field, is_min: #is_min, bound: #bound })
    });
    let desc = &rule.description;
    quote!(::docspec_runtime::rules::RuleSpec {
        description: #desc,
        fields: &[#(#refs),*],
        when: #when,
        asserts: &[#(#asserts),*],
    })
}

/// A rule's description as values: its field references borrow `steps` (the wire names of
/// each of [`rule_fields`], which the caller collects).
pub fn rule_value<'a>(
    rule: &'a Rule,
    refs: &'a [FieldRef<'a>],
    asserts: &'a [AssertSpec],
) -> rules::RuleSpec<'a> {
    let fields = rule_fields(rule);
    rules::RuleSpec {
        description: &rule.description,
        fields: refs,
        when: rule
            .when
            .as_ref()
            .map(|(p, ne)| (index_of(&fields, p), *ne)),
        asserts,
    }
}

/// The assertions of `rule`, for [`rule_value`].
pub fn rule_asserts(rule: &Rule) -> Vec<AssertSpec> {
    let fields = rule_fields(rule);
    rule.asserts
        .iter()
        .map(|a| assert_value(&fields, a))
        .collect()
}

//! The keyword fixture (`tests/fixtures/specs/keywords.yaml`): one spec that uses every schema
//! keyword, format and extension the generator supports, compiled in every build of
//! `docspec-fixtures`. Its boundary cases go through the compiled validators and the IR
//! interpreter, which must agree and give the expected violations; and the spec must keep up
//! with the generator: a keyword it learns fails here until the fixture uses it.

mod support;

use docspec_diff::interp::Interp;
use docspec_runtime::{Code, Report};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::sync::OnceLock;

const FILE: &str = "keywords.yaml";

fn interp() -> &'static Interp<'static> {
    static I: OnceLock<Interp<'static>> = OnceLock::new();
    I.get_or_init(|| Interp::new(support::lowered("tests/fixtures/specs", "fixtures", FILE)))
}

/// The report of an envelope, compiled and interpreted (which must agree); the body read
/// from its bytes must get the body part of the same report.
fn check(envelope: &Value) -> Report {
    let compiled = docspec_fixtures::validate_request(FILE, "postThing", envelope)
        .unwrap_or_else(|| panic!("no operation postThing"));
    if let Some(body) = envelope.get("body") {
        let bytes = serde_json::to_vec(body).unwrap();
        let read = docspec_fixtures::validate_body(FILE, "postThing", &bytes)
            .unwrap_or_else(|| panic!("no operation postThing"));
        let mut part = Report::default();
        for v in compiled.violations() {
            if let Some(p) = v.pointer.strip_prefix("/body") {
                let mut v = v.clone();
                v.pointer = p.to_owned();
                part.push(v);
            }
        }
        assert_eq!(
            read.to_json(),
            part.to_json(),
            "the body of {envelope} read from bytes"
        );
    }
    let interpreted = interp()
        .validate_request("postThing", envelope)
        .unwrap_or_else(|| panic!("no operation postThing"));
    assert_eq!(
        compiled.to_json(),
        interpreted.to_json(),
        "compiled and interpreted reports differ for {envelope}"
    );
    compiled
}

/// A valid request; `edit` changes it.
fn request(edit: impl FnOnce(&mut Value)) -> Value {
    let mut v = json!({
        "path": {"thingId": "abc"},
        "query": {"pageSize": "10", "filter": "name IN (\"ab\", \"cd\")", "verbose": "true"},
        "header": {"X-Trace": "trace-1"},
        "body": {
            "name": "Box 1",
            "secret": "hunter2",
            "when": "2024-02-29T12:00:00Z",
            "url": "https://example.com/a",
            "color": "red",
            "size": 20,
            "padding": 10,
            "big": "4999999999",
            "ratio": 1,
            "weight": 2.5,
            "fragile": false,
            "tags": ["a", "b"],
            "labels": {"kind": "x", "color": "y"},
            "dict": {"abc": "x"},
            "extra": {"any": [1]},
            "anything": null,
            "loose": 7,
            "part": {"code": "AB1"},
            "level": 3,
            "pin": "1234",
            "note": "abc",
            "marks": ["x"],
        },
    });
    edit(&mut v);
    v
}

fn found(r: &Report) -> Vec<(String, Code)> {
    r.violations()
        .iter()
        .map(|v| (v.pointer.clone(), v.code))
        .collect()
}

fn set(v: &mut Value, pointer: &str, x: Value) {
    *v.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("{pointer}")) = x;
}

fn insert(v: &mut Value, at: &str, key: &str, x: Value) {
    v.pointer_mut(at)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("{at}"))
        .insert(key.to_owned(), x);
}

fn remove(v: &mut Value, at: &str, key: &str) {
    v.pointer_mut(at)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("{at}"))
        .remove(key);
}

#[test]
fn the_valid_request_is_valid() {
    let r = check(&request(|_| {}));
    assert!(r.is_empty(), "{r}");
}

/// One violation per case, at the keyword's boundary (the value just past it), and the value
/// at the boundary accepted.
/// Where a member has a type error, the object's other checks still run; counts, member
/// names and uniqueness then see what arrived, items and members that did not decode
/// included (the readers keep a skeleton of them, or the raw JSON).
#[test]
fn collections_of_a_failed_object_are_checked_on_what_arrived() {
    let cases: Vec<(Value, Vec<(&str, Code)>)> = vec![
        (
            json!({"codes": [1, "x", 3]}),
            vec![
                ("/body/codes/1", Code::Type),
                ("/body/codes", Code::MaxItems),
            ],
        ),
        (json!({"codes": ["x"]}), vec![("/body/codes/0", Code::Type)]),
        (
            json!({"dict": {"abc": 1, "ab": "x", "abd": "y"}}),
            vec![
                ("/body/dict/abc", Code::Type),
                ("/body/dict", Code::MaxProperties),
                ("/body/dict/ab", Code::PropertyName),
            ],
        ),
        (
            json!({"labels": {"kind": 5}, "tags": ["a", 1, "a"]}),
            vec![
                ("/body/labels/kind", Code::Type),
                ("/body/tags/1", Code::Type),
                ("/body/tags/2", Code::UniqueItems),
            ],
        ),
    ];
    for (members, want) in cases {
        let r = check(&request(|v| {
            for (k, x) in members.as_object().unwrap() {
                insert(v, "/body", k, x.clone());
            }
        }));
        let want: Vec<(String, Code)> = want.into_iter().map(|(p, c)| (p.to_owned(), c)).collect();
        assert_eq!(found(&r), want, "{members}: {r}");
    }
}

#[test]
fn each_keyword_at_its_boundary() {
    type Edit = Box<dyn Fn(&mut Value)>;
    let cases: Vec<(&str, Edit, Edit, &str, Code)> = vec![
        (
            "minLength",
            Box::new(|v| set(v, "/body/name", json!("Bo"))),
            Box::new(|v| set(v, "/body/name", json!("B"))),
            "/body/name",
            Code::MinLength,
        ),
        (
            "maxLength",
            Box::new(|v| set(v, "/body/name", json!("B23456789012"))),
            Box::new(|v| set(v, "/body/name", json!("B234567890123"))),
            "/body/name",
            Code::MaxLength,
        ),
        (
            "pattern",
            Box::new(|v| set(v, "/body/name", json!("B 2"))),
            Box::new(|v| set(v, "/body/name", json!("2B"))),
            "/body/name",
            Code::Pattern,
        ),
        (
            "date-time",
            Box::new(|v| set(v, "/body/when", json!("2024-12-31T23:59:60Z"))),
            Box::new(|v| set(v, "/body/when", json!("2023-02-29T12:00:00Z"))),
            "/body/when",
            Code::Format,
        ),
        (
            "byte",
            Box::new(|v| {
                remove(v, "/body", "url");
                insert(v, "/body", "blob", json!("QUJD"))
            }),
            Box::new(|v| {
                remove(v, "/body", "url");
                insert(v, "/body", "blob", json!("QUJDR"))
            }),
            "/body/blob",
            Code::Format,
        ),
        (
            "enum",
            Box::new(|v| set(v, "/body/color", json!("green"))),
            Box::new(|v| set(v, "/body/color", json!("blue"))),
            "/body/color",
            Code::Enum,
        ),
        (
            "minimum",
            Box::new(|v| {
                set(v, "/body/size", json!(0));
                set(v, "/body/padding", json!(0))
            }),
            Box::new(|v| {
                set(v, "/body/size", json!(-2));
                set(v, "/body/padding", json!(0))
            }),
            "/body/size",
            Code::Minimum,
        ),
        (
            "maximum",
            Box::new(|v| set(v, "/body/size", json!(100))),
            Box::new(|v| set(v, "/body/size", json!(102))),
            "/body/size",
            Code::Maximum,
        ),
        (
            "multipleOf",
            Box::new(|v| set(v, "/body/size", json!(22))),
            Box::new(|v| set(v, "/body/size", json!(21))),
            "/body/size",
            Code::MultipleOf,
        ),
        (
            "exclusiveMinimum",
            Box::new(|v| set(v, "/body/big", json!("-4"))),
            Box::new(|v| set(v, "/body/big", json!(-5))),
            "/body/big",
            Code::Minimum,
        ),
        (
            "exclusiveMaximum",
            Box::new(|v| set(v, "/body/big", json!(4999999999i64))),
            Box::new(|v| set(v, "/body/big", json!("5000000000"))),
            "/body/big",
            Code::Maximum,
        ),
        (
            "number exclusiveMinimum",
            Box::new(|v| set(v, "/body/ratio", json!(5e-324))),
            Box::new(|v| set(v, "/body/ratio", json!(0))),
            "/body/ratio",
            Code::Minimum,
        ),
        (
            "number maximum",
            Box::new(|v| set(v, "/body/weight", json!(2.5))),
            Box::new(|v| set(v, "/body/weight", json!(2.5000000000000004))),
            "/body/weight",
            Code::Maximum,
        ),
        (
            "number multipleOf",
            Box::new(|v| insert(v, "/body", "price", json!(0.15))),
            Box::new(|v| insert(v, "/body", "price", json!(0.015))),
            "/body/price",
            Code::MultipleOf,
        ),
        (
            "untyped multipleOf",
            Box::new(|v| insert(v, "/body", "loosenum", json!(1.5))),
            Box::new(|v| insert(v, "/body", "loosenum", json!(0.75))),
            "/body/loosenum",
            Code::MultipleOf,
        ),
        (
            "minItems",
            Box::new(|v| set(v, "/body/tags", json!(["a"]))),
            Box::new(|v| set(v, "/body/tags", json!([]))),
            "/body/tags",
            Code::MinItems,
        ),
        (
            "maxItems",
            Box::new(|v| set(v, "/body/tags", json!(["a", "b", "c"]))),
            Box::new(|v| set(v, "/body/tags", json!(["a", "b", "c", "d"]))),
            "/body/tags",
            Code::MaxItems,
        ),
        (
            "uniqueItems",
            Box::new(|v| set(v, "/body/tags", json!(["a", "ab"]))),
            Box::new(|v| set(v, "/body/tags", json!(["a", "a"]))),
            "/body/tags/1",
            Code::UniqueItems,
        ),
        (
            "items",
            Box::new(|v| set(v, "/body/tags", json!(["abcde"]))),
            Box::new(|v| set(v, "/body/tags", json!(["abcdef"]))),
            "/body/tags/0",
            Code::MaxLength,
        ),
        (
            "minProperties",
            Box::new(|v| set(v, "/body/dict", json!({"abc": "x"}))),
            Box::new(|v| set(v, "/body/dict", json!({}))),
            "/body/dict",
            Code::MinProperties,
        ),
        (
            "maxProperties",
            Box::new(|v| set(v, "/body/dict", json!({"abc": "x", "abd": "y"}))),
            Box::new(|v| set(v, "/body/dict", json!({"abc": "x", "abd": "y", "abe": "z"}))),
            "/body/dict",
            Code::MaxProperties,
        ),
        (
            "map required",
            Box::new(|v| set(v, "/body/labels", json!({"kind": "x"}))),
            Box::new(|v| set(v, "/body/labels", json!({"abc": "x"}))),
            "/body/labels/kind",
            Code::Required,
        ),
        (
            "x-property-names",
            Box::new(|v| set(v, "/body/dict", json!({"abcdef": "y"}))),
            Box::new(|v| set(v, "/body/dict", json!({"abcdefg": "y"}))),
            "/body/dict/abcdefg",
            Code::PropertyName,
        ),
        (
            "required",
            Box::new(|_| {}),
            Box::new(|v| remove(v, "/body", "name")),
            "/body/name",
            Code::Required,
        ),
        (
            "additionalProperties: false",
            Box::new(|_| {}),
            Box::new(|v| insert(v, "/body", "other", json!(1))),
            "/body/other",
            Code::UnknownField,
        ),
        (
            "x-oneof exactly one",
            Box::new(|_| {}),
            Box::new(|v| remove(v, "/body", "url")),
            "/body",
            Code::OneOfMissing,
        ),
        (
            "x-oneof conflict",
            Box::new(|_| {}),
            Box::new(|v| insert(v, "/body", "blob", json!("QUJD"))),
            "/body",
            Code::OneOfConflict,
        ),
        (
            "x-oneof at most one",
            Box::new(|v| remove(v, "/body", "color")),
            Box::new(|v| insert(v, "/body", "shade", json!("dark"))),
            "/body",
            Code::OneOfConflict,
        ),
        (
            "x-rules literal",
            Box::new(|v| {
                set(v, "/body/size", json!(10));
                set(v, "/body/padding", json!(5))
            }),
            Box::new(|v| {
                set(v, "/body/size", json!(8));
                set(v, "/body/padding", json!(4))
            }),
            "/body/size",
            Code::Rule,
        ),
        (
            "x-rules fraction",
            Box::new(|v| set(v, "/body/padding", json!(10))),
            Box::new(|v| set(v, "/body/padding", json!(11))),
            "/body/padding",
            Code::Rule,
        ),
        (
            "untyped minLength",
            Box::new(|v| set(v, "/body/loose", json!("ab"))),
            Box::new(|v| set(v, "/body/loose", json!("a"))),
            "/body/loose",
            Code::MinLength,
        ),
        (
            "$ref and allOf",
            Box::new(|v| set(v, "/body/part/code", json!("ZZ9"))),
            Box::new(|v| set(v, "/body/part/code", json!("Z99"))),
            "/body/part/code",
            Code::Pattern,
        ),
        (
            "int32",
            Box::new(|v| set(v, "/body/size", json!(100))),
            Box::new(|v| set(v, "/body/size", json!(2147483648u64))),
            "/body/size",
            Code::Type,
        ),
        (
            "boolean",
            Box::new(|v| set(v, "/body/fragile", json!(true))),
            Box::new(|v| set(v, "/body/fragile", json!("true"))),
            "/body/fragile",
            Code::Type,
        ),
        (
            "free object",
            Box::new(|v| set(v, "/body/extra", json!({}))),
            Box::new(|v| set(v, "/body/extra", json!([]))),
            "/body/extra",
            Code::Type,
        ),
        (
            "path pattern",
            Box::new(|v| set(v, "/path/thingId", json!("abcdefgh"))),
            Box::new(|v| set(v, "/path/thingId", json!("abcdefghi"))),
            "/path/thingId",
            Code::Pattern,
        ),
        (
            "query integer",
            Box::new(|v| set(v, "/query/pageSize", json!("1000"))),
            Box::new(|v| set(v, "/query/pageSize", json!("1001"))),
            "/query/pageSize",
            Code::Maximum,
        ),
        (
            "query boolean",
            Box::new(|v| set(v, "/query/verbose", json!("false"))),
            Box::new(|v| set(v, "/query/verbose", json!("yes"))),
            "/query/verbose",
            Code::Type,
        ),
        (
            "x-filter-expression",
            Box::new(|v| set(v, "/query/filter", json!("name=ab"))),
            Box::new(|v| set(v, "/query/filter", json!("name=a"))),
            "/query/filter",
            Code::Filter,
        ),
        (
            "header",
            Box::new(|v| set(v, "/header/X-Trace", json!("abcd"))),
            Box::new(|v| set(v, "/header/X-Trace", json!("abc"))),
            "/header/X-Trace",
            Code::MinLength,
        ),
        (
            "nullable",
            Box::new(|v| set(v, "/body/note", json!(null))),
            Box::new(|v| set(v, "/body/note", json!("abcd"))),
            "/body/note",
            Code::MaxLength,
        ),
        (
            "nullable required",
            Box::new(|v| set(v, "/body/level", json!(null))),
            Box::new(|v| remove(v, "/body", "level")),
            "/body/level",
            Code::Required,
        ),
        (
            "nullable integer",
            Box::new(|v| set(v, "/body/level", json!(9))),
            Box::new(|v| set(v, "/body/level", json!("9"))),
            "/body/level",
            Code::Type,
        ),
        (
            "null in enum",
            Box::new(|v| insert(v, "/body", "mood", json!(null))),
            Box::new(|v| insert(v, "/body", "mood", json!("null"))),
            "/body/mood",
            Code::Enum,
        ),
        (
            "nullable $ref",
            Box::new(|v| insert(v, "/body", "kin", json!(null))),
            Box::new(|v| insert(v, "/body", "kin", json!({"code": "A"}))),
            "/body/kin/code",
            Code::Pattern,
        ),
        (
            "nullable array",
            Box::new(|v| set(v, "/body/marks", json!(null))),
            Box::new(|v| set(v, "/body/marks", json!([""]))),
            "/body/marks/0",
            Code::MinLength,
        ),
        (
            "allOf: every pattern",
            Box::new(|v| insert(v, "/body", "blend", json!("AB1"))),
            Box::new(|v| insert(v, "/body", "blend", json!("BB1"))),
            "/body/blend",
            Code::Pattern,
        ),
        (
            "allOf: the stricter bound, with its exclusive flag",
            Box::new(|v| insert(v, "/body", "span", json!(4))),
            Box::new(|v| insert(v, "/body", "span", json!(3))),
            "/body/span",
            Code::Minimum,
        ),
        (
            "allOf: required of a member",
            Box::new(|v| insert(v, "/body", "wide", json!({"code": "AB1", "size": 5}))),
            Box::new(|v| insert(v, "/body", "wide", json!({"code": "AB1"}))),
            "/body/wide/size",
            Code::Required,
        ),
        (
            "allOf: a property two members declare holds both",
            Box::new(|v| insert(v, "/body", "wide", json!({"code": "AB1", "size": 0}))),
            Box::new(|v| insert(v, "/body", "wide", json!({"code": "BB1", "size": 0}))),
            "/body/wide/code",
            Code::Pattern,
        ),
    ];
    // Each format: a value in it (the boundary) and one just outside.
    let formats: &[(&str, &str, &str)] = &[
        ("day", "2024-02-29", "2023-02-29"),
        ("clock", "23:59:60Z", "23:59:60+01:00"),
        ("mail", "a@example.com", "Joe <a@example.com>"),
        (
            "uid",
            "123e4567-e89b-12d3-a456-426614174000",
            "123e4567-e89b-12d3-a456-42661417400",
        ),
        ("home", "urn:isbn:0451450523", "/relative"),
        ("link", "/relative", "a b"),
        ("host", "a-b.example", "a-.example"),
        ("v4", "192.0.2.255", "192.0.2.256"),
        ("v6", "::ffff:192.0.2.1", "::ffff:192.0.2.256"),
        ("n32", "2147483647", "2147483648"),
        ("n64", "-9223372036854775808", "-9223372036854775809"),
    ];
    let mut cases = cases;
    for &(field, good, bad) in formats {
        let at = format!("/body/{field}");
        cases.push((
            field,
            Box::new(move |v| insert(v, "/body", field, json!(good))),
            Box::new(move |v| insert(v, "/body", field, json!(bad))),
            Box::leak(at.into_boxed_str()),
            Code::Format,
        ));
    }
    for (keyword, at_bound, past, pointer, code) in cases {
        let ok = check(&request(|v| at_bound(v)));
        assert!(
            ok.is_empty(),
            "{keyword}: the boundary value is refused: {ok}"
        );
        let bad = check(&request(|v| past(v)));
        assert_eq!(
            found(&bad),
            [(pointer.to_owned(), code)],
            "{keyword}: {bad}"
        );
    }
}

/// `multipleOf` beside `type: number` is decided exactly in decimal: the value is the
/// shortest decimal that reads back as the JSON number, the divisor the spec's literal.
#[test]
fn number_multiples_are_exact_decimals() {
    let cases: Vec<(&str, Value, Option<&str>)> = vec![
        ("price", json!(0.15), None),
        (
            "price",
            json!(0.015),
            Some("must be a multiple of 0.01, got 0.015"),
        ),
        ("price", json!(-0.15), None),
        (
            "price",
            json!(-0.015),
            Some("must be a multiple of 0.01, got -0.015"),
        ),
        // 10^300 is 10^302 hundredths; f64 division would say otherwise.
        ("price", json!(1e300), None),
        (
            "price",
            json!(1e-300),
            Some("must be a multiple of 0.01, got 1e-300"),
        ),
        ("price", json!(123456.78), None),
        ("price", json!(0), None),
        // Integers given for a number field.
        ("price", json!(7), None),
        ("price", json!(-3), None),
        ("price", json!(12345678901234567890u64), None),
        ("tenth", json!(0.3), None),
        // 0.1 + 0.2: its shortest decimal has 17 digits, not a multiple of 0.1.
        (
            "tenth",
            json!(0.1 + 0.2),
            Some("must be a multiple of 0.1, got 0.30000000000000004"),
        ),
        (
            "tenth",
            json!(0.30000000000000004),
            Some("must be a multiple of 0.1, got 0.30000000000000004"),
        ),
        ("tenth", json!(3), None),
        ("step", json!(7.5), None),
        (
            "step",
            json!(7.4),
            Some("must be a multiple of 2.5, got 7.4"),
        ),
        ("step", json!(-7.5), None),
        ("step", json!(10), None),
        ("step", json!(1), Some("must be a multiple of 2.5, got 1")),
        // A divisor far above the value: only zero and multiples of 10^20 pass.
        ("vast", json!(3), Some("must be a multiple of 1e20, got 3")),
        (
            "vast",
            json!(0.5),
            Some("must be a multiple of 1e20, got 0.5"),
        ),
        ("vast", json!(0), None),
        ("vast", json!(3e20), None),
        (
            "vast",
            json!(1.5e20),
            Some("must be a multiple of 1e20, got 1.5e20"),
        ),
        // Untyped: numbers are checked, values of other types pass.
        ("loosenum", json!(1.5), None),
        ("loosenum", json!(2), None),
        ("loosenum", json!("x"), None),
        (
            "loosenum",
            json!(0.75),
            Some("must be a multiple of 0.5, got 0.75"),
        ),
    ];
    for (field, x, want) in cases {
        let r = check(&request(|v| insert(v, "/body", field, x.clone())));
        let got: Vec<Value> = r
            .violations()
            .iter()
            .map(|v| json!([v.pointer, v.code.as_str(), v.message]))
            .collect();
        let want: Vec<Value> = want
            .into_iter()
            .map(|m| json!([format!("/body/{field}"), "multiple_of", m]))
            .collect();
        assert_eq!(got, want, "{field} = {x}");
    }
    // The limit is the divisor as a JSON number that reads back as the spec's decimal.
    let r = check(&request(|v| insert(v, "/body", "price", json!(0.015))));
    assert_eq!(r.to_json()["errors"][0]["limit"], json!(0.01));
    let r = check(&request(|v| insert(v, "/body", "step", json!(7.4))));
    assert_eq!(r.to_json()["errors"][0]["limit"], json!(2.5));
}

/// The report of a response body, compiled (from its bytes) and interpreted, which must agree.
fn check_response(body: &Value) -> Report {
    let bytes = serde_json::to_vec(body).unwrap();
    let compiled = docspec_fixtures::validate_response(FILE, "postThing", &bytes)
        .unwrap_or_else(|| panic!("no operation postThing"));
    let interpreted = interp()
        .validate_response("postThing", body)
        .unwrap_or_else(|| panic!("no operation postThing"));
    assert_eq!(compiled.to_json(), interpreted.to_json(), "response {body}");
    compiled
}

/// `readOnly` members are sent in responses only (required there), `writeOnly` ones in
/// requests only, wherever the keyword is written (here beside the type, and in a component
/// reached through allOf).
#[test]
fn read_only_and_write_only_members_by_direction() {
    let ok = check(&request(|_| {}));
    assert!(
        ok.is_empty(),
        "a request without the read-only member: {ok}"
    );
    let r = check(&request(|v| insert(v, "/body", "serial", json!("s-1"))));
    assert_eq!(
        found(&r),
        [("/body/serial".to_owned(), Code::ReadOnly)],
        "{r}"
    );
    let r = check(&request(|v| remove(v, "/body", "pin")));
    assert_eq!(found(&r), [("/body/pin".to_owned(), Code::Required)], "{r}");
    let r = check(&request(|v| set(v, "/body/pin", json!("123"))));
    assert_eq!(
        found(&r),
        [("/body/pin".to_owned(), Code::MinLength)],
        "{r}"
    );

    let mut thing = request(|_| {})["body"].clone();
    remove(&mut thing, "", "pin");
    insert(&mut thing, "", "serial", json!("s-1"));
    let stored = |thing: Value| json!({"state": "ready", "thing": thing});
    let r = check_response(&stored(thing.clone()));
    assert!(r.is_empty(), "a response with the read-only member: {r}");
    let mut with_pin = thing.clone();
    insert(&mut with_pin, "", "pin", json!("1234"));
    let r = check_response(&stored(with_pin));
    assert_eq!(
        found(&r),
        [("/thing/pin".to_owned(), Code::WriteOnly)],
        "{r}"
    );
    let mut without = thing;
    remove(&mut without, "", "serial");
    let r = check_response(&stored(without));
    assert_eq!(
        found(&r),
        [("/thing/serial".to_owned(), Code::Required)],
        "{r}"
    );
}

/// Keys of every schema object in the document, found where OpenAPI puts schemas.
fn schema_keys(v: &Value, out: &mut BTreeSet<String>, formats: &mut BTreeSet<(String, String)>) {
    let Some(o) = v.as_object() else { return };
    out.extend(o.keys().cloned());
    if let (Some(t), Some(f)) = (
        o.get("type").and_then(Value::as_str),
        o.get("format").and_then(Value::as_str),
    ) {
        formats.insert((t.to_owned(), f.to_owned()));
    }
    for key in ["items", "additionalProperties", "x-property-names"] {
        if let Some(s) = o.get(key) {
            schema_keys(s, out, formats);
        }
    }
    for s in o
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|p| p.values())
    {
        schema_keys(s, out, formats);
    }
    for s in o
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        schema_keys(s, out, formats);
    }
}

#[test]
fn the_fixture_uses_every_keyword_and_format_the_generator_supports() {
    let text = std::fs::read_to_string(support::root().join("tests/fixtures/specs").join(FILE))
        .unwrap_or_else(|e| panic!("{e}"));
    let doc: Value = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let mut keys = BTreeSet::new();
    let mut formats = BTreeSet::new();
    for s in doc["components"]["schemas"]
        .as_object()
        .into_iter()
        .flat_map(|m| m.values())
    {
        schema_keys(s, &mut keys, &mut formats);
    }
    for op in doc["paths"]
        .as_object()
        .into_iter()
        .flat_map(|p| p.values())
        .flat_map(|i| i.as_object().into_iter().flat_map(|m| m.values()))
    {
        for p in op["parameters"].as_array().into_iter().flatten() {
            schema_keys(&p["schema"], &mut keys, &mut formats);
        }
    }
    let missing: Vec<&str> = docspec_codegen::lower::Keyword::ALL
        .iter()
        .map(|k| k.name())
        .filter(|k| !keys.contains(*k))
        .collect();
    assert!(missing.is_empty(), "keywords.yaml does not use {missing:?}");
    let mut missing_formats = Vec::new();
    for (ty, fs) in docspec_codegen::lower::formats() {
        for f in fs {
            if !formats.contains(&(ty.name().to_owned(), f.to_owned())) {
                missing_formats.push(format!("{ty}/{f}"));
            }
        }
    }
    assert!(
        missing_formats.is_empty(),
        "keywords.yaml does not use {missing_formats:?}"
    );
}

#[test]
fn one_of_and_any_of_by_discriminator_member_and_trial() {
    let with = |k: &str, x: Value| check(&request(|v| insert(v, "/body", k, x)));
    // Discriminator: the mapped value and the component name pick the variant, whose
    // violations are the value's.
    assert!(with("figure", json!({"kind": "round", "radius": 2})).is_empty());
    assert!(with("figure", json!({"kind": "Square", "side": 5})).is_empty());
    assert_eq!(
        found(&with("figure", json!({"kind": "round", "radius": 0}))),
        [("/body/figure/radius".to_owned(), Code::Minimum)]
    );
    assert_eq!(
        found(&with("figure", json!({"kind": "Circle", "radius": 1}))),
        [("/body/figure/kind".to_owned(), Code::Enum)],
        "a component name that the mapping renames is not a tag"
    );
    assert_eq!(
        found(&with("figure", json!({"radius": 1}))),
        [("/body/figure/kind".to_owned(), Code::Required)]
    );
    assert_eq!(
        found(&with("figure", json!(3))),
        [("/body/figure".to_owned(), Code::Type)]
    );
    // anyOf: the first that matches; none is one violation naming why each failed.
    assert!(with("either", json!("abc")).is_empty());
    assert!(with("either", json!(10)).is_empty());
    let r = with("either", json!("abcd"));
    assert_eq!(found(&r), [("/body/either".to_owned(), Code::AnyOf)]);
    let msg = &r.violations()[0].message;
    assert!(
        msg.contains("String: ") && msg.contains("Integer: "),
        "names each variant: {msg}"
    );
    // A member only one variant requires picks it; otherwise every variant is tried.
    assert!(with("pick", json!({"byName": "ab"})).is_empty());
    assert_eq!(
        found(&with("pick", json!({"byName": "a"}))),
        [("/body/pick/byName".to_owned(), Code::MinLength)]
    );
    assert_eq!(
        found(&with("pick", json!({"byName": "ab", "byId": 1}))),
        [("/body/pick".to_owned(), Code::OneOf)],
        "both variants match"
    );
    assert_eq!(
        found(&with("pick", json!({}))),
        [("/body/pick".to_owned(), Code::OneOf)]
    );
    // oneOf by trial: exactly one must match.
    assert!(with("overlap", json!(-1)).is_empty());
    assert!(with("overlap", json!(11)).is_empty());
    let r = with("overlap", json!(5));
    assert_eq!(found(&r), [("/body/overlap".to_owned(), Code::OneOf)]);
    assert!(r.violations()[0].message.contains("matches 2 of"), "{r}");
    assert_eq!(
        found(&with("overlap", json!("5"))),
        [("/body/overlap".to_owned(), Code::OneOf)]
    );
}

#[test]
fn unions_serialize_as_their_variant() {
    let body = request(|v| {
        insert(v, "/body", "figure", json!({"kind": "round", "radius": 2}));
        insert(v, "/body", "either", json!(12));
        insert(v, "/body", "pick", json!({"byId": 7}));
    })["body"]
        .clone();
    let thing: docspec_fixtures::keywords::Thing =
        docspec_runtime::from_value(&body, docspec_runtime::Direction::Request).expect("valid");
    let back = serde_json::to_value(&thing).unwrap();
    for k in ["figure", "either", "pick"] {
        assert_eq!(back[k], body[k], "{k}");
    }
    assert!(matches!(
        thing.figure,
        Some(docspec_fixtures::keywords::ThingFigure::Circle(_))
    ));
}

#[test]
fn undeclared_members_beside_properties_are_values_of_additional_properties() {
    let with = |x: Value| check(&request(|v| insert(v, "/body", "counts", x)));
    assert!(with(json!({"total": "x", "a": 1, "b": 5})).is_empty());
    assert_eq!(
        found(&with(json!({"total": 3, "a": 6, "b": "no"}))),
        [
            ("/body/counts/total".to_owned(), Code::Type),
            ("/body/counts/a".to_owned(), Code::Maximum),
            ("/body/counts/b".to_owned(), Code::Type)
        ]
    );
}

#[test]
fn member_counts_of_an_object_with_properties_count_every_member() {
    let with = |x: Value| check(&request(|v| insert(v, "/body", "counts", x)));
    assert!(with(json!({"total": "x", "a": 1, "b": 5})).is_empty());
    assert_eq!(
        found(&with(json!({}))),
        [("/body/counts".to_owned(), Code::MinProperties)]
    );
    assert_eq!(
        found(&with(json!({"total": "x", "a": 1, "b": 2, "c": 3}))),
        [("/body/counts".to_owned(), Code::MaxProperties)]
    );
}

#[test]
fn not_rejects_exactly_the_values_its_subschema_accepts() {
    let with = |k: &str, x: Value| check(&request(|v| insert(v, "/body", k, x)));
    assert!(with("handle", json!("alice")).is_empty());
    assert_eq!(
        found(&with("handle", json!("admin"))),
        [("/body/handle".to_owned(), Code::Not)]
    );
    // The subschema rejects it, so `not` holds; only the length is broken.
    assert_eq!(
        found(&with("handle", json!("administrator"))),
        [("/body/handle".to_owned(), Code::MaxLength)]
    );
    assert!(with("apart", json!({"a": "x"})).is_empty());
    assert!(with("apart", json!({})).is_empty());
    assert_eq!(
        found(&with("apart", json!({"a": "x", "b": "y"}))),
        [("/body/apart".to_owned(), Code::Not)]
    );
    // Both present, `a` of the wrong type: the object's own violation, and `not` still fails.
    assert_eq!(
        found(&with("apart", json!({"a": 1, "b": "y"}))),
        [
            ("/body/apart/a".to_owned(), Code::Type),
            ("/body/apart".to_owned(), Code::Not)
        ]
    );
}

#[test]
fn not_holds_for_values_built_in_rust() {
    use docspec_fixtures::keywords::ThingHandle;
    use docspec_runtime::Validate;
    assert!(ThingHandle::Value("alice".into()).validate().is_ok());
    let r = ThingHandle::Value("root".into()).validate().unwrap_err();
    assert_eq!(found(&r), [(String::new(), Code::Not)]);
}

#[test]
fn integer_enums_allow_the_listed_values_that_the_other_keywords_allow() {
    let with = |x: Value| check(&request(|v| insert(v, "/body", "fps", x)));
    for ok in [12, 15, 24, 30] {
        assert!(with(json!(ok)).is_empty(), "{ok}");
    }
    // A multiple of 3 that is not listed.
    assert_eq!(
        found(&with(json!(27))),
        [("/body/fps".to_owned(), Code::Enum)]
    );
    // 17 is listed but breaks multipleOf: it is left out, and reported as both.
    assert_eq!(
        found(&with(json!(17))),
        [
            ("/body/fps".to_owned(), Code::Enum),
            ("/body/fps".to_owned(), Code::MultipleOf)
        ]
    );
    let r = with(json!(27));
    assert_eq!(r.violations()[0].message, "27 is not one of 12, 15, 24, 30");
}

#[test]
fn a_ref_into_another_schemas_member_is_that_schema() {
    let with = |x: Value| check(&request(|v| insert(v, "/body", "nick", x)));
    assert!(with(json!("alice")).is_empty());
    assert_eq!(
        found(&with(json!("root"))),
        [("/body/nick".to_owned(), Code::Not)]
    );
    assert_eq!(
        found(&with(json!("a name too long"))),
        [("/body/nick".to_owned(), Code::MaxLength)]
    );
}

#[test]
fn lookaround_patterns_are_enforced() {
    let with = |x: Value| check(&request(|v| insert(v, "/body", "alias", x)));
    for ok in ["prod", "v1.2", "1a"] {
        assert!(with(json!(ok)).is_empty(), "{ok}");
    }
    for bad in ["123", "prod.", "", "a b"] {
        assert_eq!(
            found(&with(json!(bad))),
            [("/body/alias".to_owned(), Code::Pattern)],
            "{bad}"
        );
    }
}

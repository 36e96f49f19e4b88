//! Defects found by using the tool as a demanding user would, each reproduced on a small
//! hand-written spec in `tests/fixtures/specs` (compiled at build time into `docspec-fixtures`).
//! Every request goes through the compiled validators and through the IR interpreter, which
//! must agree.

mod support;

use docspec_diff::interp::Interp;
use docspec_runtime::{Code, Direction, Report};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The fixture spec `file` (or the synthesized `wide.yaml`), lowered and interpreted.
fn interp(file: &str) -> &'static Interp<'static> {
    static ALL: OnceLock<BTreeMap<String, Interp<'static>>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        docspec_fixtures::SPECS
            .iter()
            .map(|(name, _)| {
                let m = support::lowered("tests/fixtures/specs", "fixtures", name);
                ((*name).to_owned(), Interp::new(m))
            })
            .collect()
    });
    &all[file]
}

/// The report for a request envelope of `op` in the fixture `spec`, from the compiled
/// validators; the interpreter must give the same one.
fn request(spec: &str, op: &str, envelope: Value) -> Report {
    let compiled = docspec_fixtures::validate_request(spec, op, &envelope)
        .unwrap_or_else(|| panic!("no operation {op} in {spec}"));
    let interpreted = interp(spec).validate_request(op, &envelope).unwrap();
    assert_eq!(
        compiled.to_json(),
        interpreted.to_json(),
        "compiled and interpreted reports differ for {envelope}"
    );
    compiled
}

/// The report for a request body.
fn body(spec: &str, op: &str, body: Value) -> Report {
    request(spec, op, json!({ "body": body }))
}

/// `(pointer, code)` of every violation.
fn found(r: &Report) -> Vec<(String, Code)> {
    r.violations()
        .iter()
        .map(|v| (v.pointer.clone(), v.code))
        .collect()
}

fn one(pointer: &str, code: Code) -> Vec<(String, Code)> {
    vec![(pointer.to_owned(), code)]
}

/// 2 and 4: identifiers that are keywords or prelude names, and text with carriage returns,
/// compile (the crate builds) and work.
#[test]
fn keyword_names_and_carriage_returns() {
    use docspec_fixtures::names::{Kind, Self_};
    let ok = json!({"self": "a", "Self": "b", "type": "c", "kind": "with\rCR", "some": "abcd"});
    assert!(body("names.yaml", "postNames", ok.clone()).is_empty());
    let v: Self_ =
        docspec_runtime::from_slice(ok.to_string().as_bytes(), Direction::Request).unwrap();
    // Members are read in sorted order: `Self` comes first and takes `self_`.
    assert_eq!(v.self2, "a");
    assert_eq!(v.self_.as_deref(), Some("b"));
    assert_eq!(v.r#type.as_deref(), Some("c"));
    assert_eq!(v.kind, Some(Kind::WithCr));
    assert_eq!(Kind::Self_.as_str(), "self");
    assert_eq!(Kind::Self2.as_str(), "Self");
    // A value or a required name listed twice is one.
    assert_eq!(Kind::VALUES.len(), 7);
    assert_eq!(
        found(&body("names.yaml", "postNames", json!({}))),
        one("/body/self", Code::Required)
    );
    assert_eq!(
        found(&body(
            "names.yaml",
            "postNames",
            json!({"self": "a", "some": "abcde"})
        )),
        one("/body/some", Code::MaxLength)
    );
    // The module of `type.yaml` is `r#type`.
    let r = body("type.yaml", "type", json!({"type": "fn"}));
    assert!(r.is_empty(), "{r}");
    assert_eq!(docspec_fixtures::r#type::OPERATION_IDS, ["type"]);
}

/// 3: an object of 4,000 properties compiles (the fixture crate builds) and is checked.
#[test]
fn objects_of_thousands_of_properties() {
    let mut b = serde_json::Map::new();
    for i in 0..4000 {
        b.insert(format!("p{i}"), json!("x"));
    }
    b.insert("choice".into(), json!("v3999"));
    assert!(body("wide.yaml", "postWide", Value::Object(b.clone())).is_empty());
    b.remove("p3999");
    b.insert("p1234".into(), json!("too long!"));
    b.insert("p77".into(), json!(7));
    b.insert("choice".into(), json!("v4000"));
    assert_eq!(
        found(&body("wide.yaml", "postWide", Value::Object(b))),
        // Type errors and absences while decoding (members in sorted order), then constraints.
        [
            ("/body/choice".to_owned(), Code::Enum),
            ("/body/p3999".to_owned(), Code::Required),
            ("/body/p77".to_owned(), Code::Type),
            ("/body/p1234".to_owned(), Code::MaxLength),
        ]
    );
}

/// 6: a float bound is the very number the spec writes, and the request's number is read
/// exactly as written.
#[test]
fn float_bounds_are_exact() {
    let m = |v: Value| body("numbers.yaml", "postMeasure", v);
    assert!(m(json!({"big": 9.727837981879871e26})).is_empty());
    let r = m(serde_json::from_str(r#"{"big": 9.727837981879871e+26}"#).unwrap());
    assert!(r.is_empty(), "{r}");
    let over = r#"{"body": {"big": 9.727837981879872e+26}}"#;
    let r = request(
        "numbers.yaml",
        "postMeasure",
        serde_json::from_str(over).unwrap(),
    );
    assert_eq!(found(&r), one("/body/big", Code::Maximum));
    // Bytes straight into the typed value, as a server reads a body.
    let bytes = br#"{"big": 9.727837981879871e+26, "low": -9.72783798187987e+26, "tiny": 5e-324, "third": 0.3}"#;
    let v = docspec_runtime::from_slice::<docspec_fixtures::numbers::Measure>(
        bytes,
        Direction::Request,
    );
    assert!(v.is_ok(), "{:?}", v.err());
    let r = m(json!({"low": -9.727837981879871e26, "third": 0.30000000000000004}));
    assert_eq!(
        found(&r),
        [
            ("/body/low".to_owned(), Code::Minimum),
            ("/body/third".to_owned(), Code::Maximum)
        ]
    );
}

/// 7: a surrogate pair in a pattern is the one astral character it encodes.
#[test]
fn surrogate_pairs_in_patterns() {
    let e = |v: Value| found(&body("patterns.yaml", "postEmoji", v));
    assert!(e(json!({"face": "😀😀", "range": "😀🙏", "braced": "😀"})).is_empty());
    assert_eq!(e(json!({"face": "😃"})), one("/body/face", Code::Pattern));
    assert_eq!(e(json!({"range": "🚀"})), one("/body/range", Code::Pattern));
    assert_eq!(
        e(json!({"braced": "A"})),
        one("/body/braced", Code::Pattern)
    );
}

/// 8: a leap second only ends a UTC day.
#[test]
fn leap_seconds_end_a_utc_day() {
    let at = |s: &str| found(&body("formats.yaml", "postEvent", json!({"at": s})));
    for ok in [
        "2016-12-31T23:59:60Z",
        "2016-12-31T15:59:60-08:00",
        "2017-01-01T05:29:60+05:30",
    ] {
        assert!(at(ok).is_empty(), "{ok}");
    }
    for bad in [
        "2016-12-31T23:58:60Z",
        "2016-12-31T23:59:60+01:00",
        "2016-12-31T12:00:60Z",
    ] {
        assert_eq!(at(bad), one("/body/at", Code::Format), "{bad}");
    }
}

/// 9: `$ref`s are URI fragments: percent-escapes and pointer escapes are decoded.
#[test]
fn refs_are_decoded() {
    let r = |v: Value| found(&body("refs.yaml", "postRefs", v));
    assert!(r(json!({"percent": "abc", "slash": 5, "space": true, "tilde": {"x": "ab"}, "merged": "ab"})).is_empty());
    assert_eq!(
        r(json!({"percent": "abcd", "slash": 6, "space": 1, "tilde": {"x": "a"}, "merged": "a"})),
        [
            ("/body/space".to_owned(), Code::Type),
            ("/body/merged".to_owned(), Code::MinLength),
            ("/body/percent".to_owned(), Code::MaxLength),
            ("/body/slash".to_owned(), Code::Maximum),
            ("/body/tilde/x".to_owned(), Code::MinLength),
        ]
    );
}

/// 12: a response enum may list `unknown` and `Unknown`; unknown values are still kept.
#[test]
fn response_enums_may_list_unknown() {
    use docspec_fixtures::names::{Reply, State};
    let reply: Reply = docspec_runtime::from_slice(
        br#"{"state": "unknown", "states": ["Unknown", "known", "new-in-2027"]}"#,
        Direction::Response,
    )
    .unwrap();
    assert_eq!(reply.state, Some(State::Unknown));
    assert_eq!(
        reply.states.unwrap(),
        [
            State::Unknown2,
            State::Known,
            State::Unknown_("new-in-2027".into())
        ]
    );
    assert_eq!(State::Unknown_("x".into()).as_str(), "x");
}

/// 1: `required` on a map (an object without `properties`) is enforced, on a map of typed
/// values and on a free-form object, also when some values have the wrong type.
#[test]
fn maps_with_required_members() {
    let m = |v: Value| found(&body("maps.yaml", "postMaps", v));
    let ok = json!({"labels": {"name": "x", "a": "b"}, "bag": {"id": null}, "counts": {"a": 1, "b": 0}, "closed": {}});
    assert!(m(ok).is_empty());
    assert_eq!(
        m(json!({"labels": {}, "bag": {"x": 1}, "counts": {"a": 1}})),
        [
            ("/body/bag/id".to_owned(), Code::Required),
            ("/body/counts/b".to_owned(), Code::Required),
            ("/body/labels/name".to_owned(), Code::Required),
        ]
    );
    // A value with a type error does not hide the missing key, nor count as it.
    assert_eq!(
        m(json!({"counts": {"a": "one", "c": 2, "d": -1, "e": 4}})),
        [
            ("/body/counts/a".to_owned(), Code::Type),
            ("/body/counts/d".to_owned(), Code::Minimum),
            ("/body/counts".to_owned(), Code::MaxProperties),
            ("/body/counts/b".to_owned(), Code::Required),
        ]
    );
    assert_eq!(
        m(json!({"closed": {"x": 1}})),
        one("/body/closed/x", Code::UnknownField)
    );
}

/// 10: header parameters are matched case-insensitively, in the JSON envelope too.
#[test]
fn header_names_are_case_insensitive() {
    let h = |headers: Value| {
        found(&request(
            "headers.yaml",
            "getHeaders",
            json!({"header": headers}),
        ))
    };
    assert!(h(json!({"x-request-id": "0badcafe", "X-COUNT": "3"})).is_empty());
    assert_eq!(
        h(json!({"x-request-id": "nothex", "x-count": "4"})),
        [
            ("/header/X-Request-Id".to_owned(), Code::Pattern),
            ("/header/X-Count".to_owned(), Code::Maximum),
        ]
    );
    assert_eq!(
        h(json!({"x-count": "1"})),
        one("/header/X-Request-Id", Code::Required)
    );
    // The exact name wins over a variant in case.
    assert!(h(json!({"x-request-id": "nothex", "X-Request-Id": "0badcafe"})).is_empty());
}

/// 11: `uniqueItems` compares items as JSON in linear time: a body of 10⁵ items is checked
/// (through a hash set) where pairwise comparison would take 5·10⁹ steps.
#[test]
fn unique_items_in_linear_time() {
    let s = |v: Value| found(&body("unique.yaml", "postSets", v));
    assert!(
        s(json!({"names": ["a", "b"], "anys": [1, "1", [1], {"a": 1}], "floats": [1.5, 2]}))
            .is_empty()
    );
    assert_eq!(
        s(json!({"names": ["a", "b", "a"]})),
        one("/body/names/2", Code::UniqueItems)
    );
    assert_eq!(
        s(json!({"floats": [1, 2, 1.0]})),
        one("/body/floats/2", Code::UniqueItems)
    );
    // Values of any type are equal as JSON: numbers by value, members in any order.
    assert_eq!(
        s(json!({"anys": [1, 1.0]})),
        one("/body/anys/1", Code::UniqueItems)
    );
    assert_eq!(
        s(json!({"anys": [{"a": [1, {"b": 2}]}, {"a": [1.0, {"b": 2.0}]}]})),
        one("/body/anys/1", Code::UniqueItems)
    );
    let things = json!({"things": [{"a": 1, "tags": {"x": "1", "y": "2"}}, {"tags": {"y": "2", "x": "1"}, "a": 1}]});
    assert_eq!(s(things), one("/body/things/1", Code::UniqueItems));
    // A type error elsewhere in the array: the raw items are compared.
    assert_eq!(
        s(json!({"counts": [1, "x", 1]})),
        [
            ("/body/counts/1".to_owned(), Code::Type),
            ("/body/counts/2".to_owned(), Code::UniqueItems)
        ]
    );
    let mut counts: Vec<Value> = (0..100_000).map(|i| json!(i)).collect();
    assert!(s(json!({"counts": counts.clone()})).is_empty());
    counts.push(json!(54_321));
    assert_eq!(
        s(json!({"counts": counts})),
        one("/body/counts/100000", Code::UniqueItems)
    );
}

/// 13: a schema without `type` constrains only values of the type its keywords apply to
/// (JSON Schema, which OpenAPI 3.0 follows); any other value is valid as it is.
#[test]
fn untyped_schemas_accept_other_types() {
    use docspec_fixtures::untyped::{Loose, Node, Shape};
    use docspec_runtime::Untyped;
    let l = |v: Value| found(&body("untyped.yaml", "postLoose", v));
    let others = json!({"obj": 12, "str": 5, "num": "x", "list": {}, "map": [], "shape": true,
        "shapes": [1, {"kind": "abc"}, null], "anything": null, "merged": 7});
    assert!(l(others.clone()).is_empty());
    assert_eq!(
        l(
            json!({"obj": {}, "str": "a", "num": 10, "list": [1, 2, 3], "map": {"k": "v"},
            "shape": {"kind": "four"}, "shapes": [{"kind": 1}], "merged": "abc"})
        ),
        [
            ("/body/map/k".to_owned(), Code::Type),
            ("/body/obj/a".to_owned(), Code::Required),
            ("/body/shapes/0/kind".to_owned(), Code::Type),
            ("/body/list".to_owned(), Code::MaxItems),
            ("/body/merged".to_owned(), Code::MaxLength),
            ("/body/num".to_owned(), Code::Maximum),
            ("/body/shape/kind".to_owned(), Code::MaxLength),
            ("/body/str".to_owned(), Code::MinLength),
        ]
    );
    // The Rust value keeps what arrived.
    let v: Loose =
        docspec_runtime::from_slice(others.to_string().as_bytes(), Direction::Request).unwrap();
    assert_eq!(v.obj, Some(Untyped::Other(json!(12))));
    assert!(matches!(
        &v.shapes.as_deref(),
        Some([
            Untyped::Other(_),
            Untyped::Typed(Shape { .. }),
            Untyped::Other(Value::Null)
        ])
    ));
    assert_eq!(serde_json::to_value(&v).unwrap(), others);
    // An untyped body: any JSON value but an object without `kind`.
    let s = |v: Value| found(&body("untyped.yaml", "postShape", v));
    assert!(
        s(json!(12)).is_empty() && s(json!([{}])).is_empty() && s(json!({"kind": "k"})).is_empty()
    );
    assert_eq!(s(json!({})), one("/body/kind", Code::Required));
    // A recursive untyped response type.
    let node: Node = docspec_runtime::from_slice(
        br#"{"next": {"next": 5}, "label": "a"}"#,
        Direction::Response,
    )
    .unwrap();
    let inner = node.next.as_deref().and_then(Untyped::typed).unwrap();
    assert_eq!(inner.next.as_deref(), Some(&Untyped::Other(json!(5))));
    let bad = docspec_runtime::from_slice::<Node>(
        br#"{"next": {"next": {"label": 1}}}"#,
        Direction::Response,
    );
    assert_eq!(
        found(&bad.unwrap_err()),
        one("/next/next/label", Code::Type)
    );
}

/// 4: an operation and its parameters and body named `self` compose camel-case names.
#[test]
fn names_built_from_self() {
    use docspec_fixtures::names::{
        SelfQueryParams, SelfQueryParamsSelf, SelfRequest, SelfRequestSelfItem,
    };
    let r = request(
        "names.yaml",
        "self",
        json!({"path": {"self": "abcd"}, "query": {"Self": "c"}, "body": {"self": [{"self": 2}]}}),
    );
    assert_eq!(
        found(&r),
        [
            ("/path/self".to_owned(), Code::MaxLength),
            ("/query/Self".to_owned(), Code::Enum),
            ("/body/self/0/self".to_owned(), Code::Maximum),
        ]
    );
    let q = SelfQueryParams {
        self_: Some(SelfQueryParamsSelf::A),
    };
    let b = SelfRequest {
        self_: Some(vec![SelfRequestSelfItem { self_: Some(1) }]),
    };
    assert_eq!(
        (q.self_.unwrap().as_str(), b.self_.unwrap().len()),
        ("a", 1)
    );
}

/// Keywords the five documented specs do not use, compiled and checked: exclusive integer
/// bounds, int64 strings at the ends of their range, minProperties and key constraints.
#[test]
fn keywords_the_documents_do_not_use() {
    let n = |v: Value| found(&body("numbers.yaml", "postMeasure", v));
    assert!(n(json!({"even": 8, "huge": "-9223372036854775808"})).is_empty());
    assert!(n(json!({"huge": 9223372036854775807i64})).is_empty());
    assert_eq!(
        n(json!({"even": 10, "huge": "9223372036854775808"})),
        [
            ("/body/huge".to_owned(), Code::Type),
            ("/body/even".to_owned(), Code::Maximum)
        ]
    );
    assert_eq!(n(json!({"even": 0})), one("/body/even", Code::Minimum));
    assert_eq!(n(json!({"even": 3})), one("/body/even", Code::MultipleOf));
    let m = |v: Value| found(&body("maps.yaml", "postMaps", v));
    assert!(m(json!({"keyed": {"abcd": "x"}})).is_empty());
    assert_eq!(
        m(json!({"keyed": {}})),
        one("/body/keyed", Code::MinProperties)
    );
    assert_eq!(
        m(json!({"keyed": {"abcde": "x", "A": "y"}})),
        [
            ("/body/keyed/A".to_owned(), Code::PropertyName),
            ("/body/keyed/abcde".to_owned(), Code::PropertyName)
        ]
    );
}

/// 15: an item after one that fails to decode is still checked. `Vec` decoding keeps the
/// items before the first failure (so every pointer stays the wire's); the items after it
/// were decoded for their type errors and then dropped unchecked, so `[{}, {"id": "toolong"}]`
/// reported only the missing `id`. Compiled (from a `Value` and from bytes) and interpreted.
#[test]
fn items_after_a_failed_item_are_checked() {
    let v = json!({"rows": [{"id": "abcd"}, {}, {"id": "toolong"}, {"id": "ok"}, {"id": 5}]});
    let want = [
        ("/rows/0/id".to_owned(), Code::MaxLength),
        ("/rows/1/id".to_owned(), Code::Required),
        ("/rows/2/id".to_owned(), Code::MaxLength),
        ("/rows/4/id".to_owned(), Code::Type),
        ("/rows".to_owned(), Code::MaxItems),
    ];
    let mut sorted = want.to_vec();
    sorted.sort();
    let mut got: Vec<(String, Code)> = found(&body("maps.yaml", "postMaps", v.clone()))
        .into_iter()
        .map(|(p, c)| (p.trim_start_matches("/body").to_owned(), c))
        .collect();
    got.sort();
    assert_eq!(got, sorted);
    let bytes = docspec_fixtures::validate_body("maps.yaml", "postMaps", v.to_string().as_bytes())
        .expect("operation");
    let mut from_bytes = found(&bytes);
    from_bytes.sort();
    assert_eq!(from_bytes, sorted);
}

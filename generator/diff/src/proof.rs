//! Proofs: a whole request the old spec accepts and the new one rejects, or a response body the
//! new spec allows and the old one rejects, each checked with both specs' validators before it
//! is shown. The rejection must be at the changed place (and of the expected kind, for rules),
//! so a proof cannot pass on some other change's account.

use super::witness::{Edit, Seg, Synth, apply};
use super::{OpPair, Side};
use docspec_codegen::ir::Operation;
use docspec_runtime::{Code, Report};
use serde_json::{Map, Value, json};

/// Where a proof is looked for and what it must show: a candidate edit applied at the focus,
/// rejected by one spec at that place (with `code`, when the change is about one kind of
/// violation).
#[derive(Debug, Clone, Copy)]
pub struct Claim<'a> {
    /// Instance path of the changed place, from the request envelope, the response body or
    /// the value.
    pub focus: &'a [Seg],
    /// Candidate edits to apply there.
    pub edits: &'a [Edit],
    /// The violation code the rejection must have, when it is specific.
    pub code: Option<Code>,
}

/// A minimal request envelope for the operation that reaches the focus.
fn envelope(side: &Side<'_>, op: &Operation, focus: &[Seg]) -> Option<Value> {
    let synth = Synth {
        m: side.m,
        interp: &side.interp,
    };
    let rest = |part: &str| match focus.split_first() {
        Some((Seg::Key(k), rest)) if k == part => rest,
        _ => &[],
    };
    let mut env = Map::new();
    for (part, params) in [
        ("path", &op.path_params),
        ("query", &op.query_params),
        ("header", &op.header_params),
    ] {
        if let Some(name) = params {
            let v = synth.value(
                &docspec_codegen::ir::Shape::Named(name.clone()),
                rest(part),
                true,
            )?;
            if v.as_object().is_some_and(|o| !o.is_empty()) || !rest(part).is_empty() {
                env.insert(part.to_owned(), v);
            }
        }
    }
    if let Some(b) = &op.body {
        env.insert("body".into(), synth.value(&b.shape, rest("body"), false)?);
    }
    Some(Value::Object(env))
}

/// The pointer of the focus's parent inside `v` (map entries resolved to their keys).
fn parent_pointer(v: &Value, focus: &[Seg]) -> String {
    let mut out = String::new();
    let mut cur = Some(v);
    for s in focus.iter().take(focus.len().saturating_sub(1)) {
        match s {
            Seg::Key(k) => {
                out.push('/');
                out.push_str(&docspec_codegen::error::escape(k));
                cur = cur.and_then(|c| c.get(k));
            }
            Seg::Index => {
                out.push_str("/0");
                cur = cur.and_then(|c| c.get(0));
            }
            Seg::Entry => {
                let key = cur
                    .and_then(Value::as_object)
                    .and_then(|o| o.keys().next().cloned())
                    .unwrap_or_default();
                out.push('/');
                out.push_str(&docspec_codegen::error::escape(&key));
                cur = cur.and_then(|c| c.get(&key));
            }
        }
    }
    out
}

fn at_focus(r: &Report, parent: &str, code: Option<Code>) -> bool {
    r.violations().iter().any(|v| {
        (v.pointer == parent || v.pointer.starts_with(&format!("{parent}/")) || parent.is_empty())
            && code.is_none_or(|c| v.code == c)
    })
}

/// Every base with every edit applied at the focus (where the focus is there).
fn candidates<'e>(
    bases: &'e [Value],
    focus: &'e [Seg],
    edits: &'e [Edit],
) -> impl Iterator<Item = Value> + 'e {
    bases.iter().flat_map(move |base| {
        edits.iter().filter_map(move |e| {
            let mut v = base.clone();
            apply(&mut v, focus, e).then_some(v)
        })
    })
}

/// A checked request proof, or why none was found.
pub fn request(
    old: &Side<'_>,
    new: &Side<'_>,
    p: &OpPair<'_>,
    claim: Claim<'_>,
    removed: bool,
) -> Result<Value, String> {
    let Claim { focus, edits, code } = claim;
    let oop = p.old.ok_or("the operation is not in the old spec")?;
    let mut bases = Vec::new();
    if let Some(nop) = p.new {
        bases.extend(envelope(new, nop, focus));
    }
    bases.extend(envelope(old, oop, focus));
    if bases.is_empty() {
        return Err("no valid request of this operation could be made".into());
    }
    for env in candidates(&bases, focus, edits) {
        let Some(old_r) = old.interp.validate_request(&oop.id, &env) else {
            continue;
        };
        if !old_r.is_empty() {
            continue;
        }
        let new_r = match p.new {
            Some(nop) => match new.interp.validate_request(&nop.id, &env) {
                Some(r) => Some(r),
                None => continue,
            },
            None => None,
        };
        let parent = format!("/{}", parent_pointer(&env, focus).trim_start_matches('/'));
        let parent = if focus.len() <= 1 {
            String::new()
        } else {
            parent
        };
        let new_json = match &new_r {
            None if removed => json!("the new spec has no such operation"),
            Some(r) if !r.is_empty() && at_focus(r, &parent, code) => r.to_json(),
            _ => continue,
        };
        return Ok(json!({
            "operation": oop.id,
            "request": env,
            "old": old_r.to_json(),
            "new": new_json,
        }));
    }
    Err("no candidate request was accepted by the old spec and rejected by the new one at this place".into())
}

/// A checked response proof, or why none was found.
pub fn response(
    old: &Side<'_>,
    new: &Side<'_>,
    p: &OpPair<'_>,
    claim: Claim<'_>,
) -> Result<Value, String> {
    let Claim { focus, edits, code } = claim;
    let (Some(oop), Some(nop)) = (p.old, p.new) else {
        return Err("the operation is not in both specs".into());
    };
    let (Some(ob), Some(nb)) = (&oop.response, &nop.response) else {
        return Err("the operation documents no JSON response body in both specs".into());
    };
    let mut bases = Vec::new();
    for (side, shape) in [(old, &ob.shape), (new, &nb.shape)] {
        let synth = Synth {
            m: side.m,
            interp: &side.interp,
        };
        bases.extend(synth.value(shape, focus, false));
    }
    for body in candidates(&bases, focus, edits) {
        let (Some(new_r), Some(old_r)) = (
            new.interp.validate_response(&nop.id, &body),
            old.interp.validate_response(&oop.id, &body),
        ) else {
            continue;
        };
        let parent = if focus.len() <= 1 {
            String::new()
        } else {
            parent_pointer(&body, focus)
        };
        if new_r.is_empty() && !old_r.is_empty() && at_focus(&old_r, &parent, code) {
            return Ok(json!({
                "operation": nop.id,
                "status": nop.response_status,
                "body": body,
                "new": new_r.to_json(),
                "old": old_r.to_json(),
            }));
        }
    }
    Err(
        "no candidate body was allowed by the new spec and rejected by the old one at this place"
            .into(),
    )
}

/// A checked proof for a type compared on its own: a value of the type that one spec's
/// validators accept and the other's reject (old accepts for `Request`, new for `Response`).
pub fn value(
    old: &Side<'_>,
    new: &Side<'_>,
    (a, b): (&str, &str),
    dir: super::Dir,
    claim: Claim<'_>,
) -> Result<Value, String> {
    let Claim { focus, edits, code } = claim;
    use docspec_codegen::ir::Shape;
    use docspec_runtime::Direction;
    let (sa, sb) = (Shape::Named(a.to_owned()), Shape::Named(b.to_owned()));
    let direction = match dir {
        super::Dir::Request => Direction::Request,
        super::Dir::Response => Direction::Response,
    };
    let mut bases = Vec::new();
    for (side, shape) in [(new, &sb), (old, &sa)] {
        let synth = Synth {
            m: side.m,
            interp: &side.interp,
        };
        bases.extend(synth.value(shape, focus, false));
    }
    for v in candidates(&bases, focus, edits) {
        let old_r = old.interp.validate_value(&sa, &v, direction);
        let new_r = new.interp.validate_value(&sb, &v, direction);
        let (accepting, rejecting) = match dir {
            super::Dir::Request => (&old_r, &new_r),
            super::Dir::Response => (&new_r, &old_r),
        };
        let parent = if focus.is_empty() {
            String::new()
        } else {
            parent_pointer(&v, focus)
        };
        if accepting.is_empty() && !rejecting.is_empty() && at_focus(rejecting, &parent, code) {
            return Ok(json!({
                "type": b,
                "value": v,
                "old": old_r.to_json(),
                "new": new_r.to_json(),
            }));
        }
    }
    Err("no candidate value of the type was accepted by one spec and rejected by the other at this place".into())
}

/// A proof for a changed success status: a body the new spec allows under the new status,
/// which the old spec does not document at all.
pub fn status(new: &Side<'_>, p: &OpPair<'_>) -> Result<Value, String> {
    let (Some(oop), Some(nop)) = (p.old, p.new) else {
        return Err("the operation is not in both specs".into());
    };
    let status = nop
        .response_status
        .clone()
        .ok_or("the new spec documents no success status")?;
    if oop.response_status.as_deref() == Some(status.as_str()) {
        return Err("the status did not change".into());
    }
    let body = match &nop.response {
        Some(b) => {
            let v = Synth {
                m: new.m,
                interp: &new.interp,
            }
            .value(&b.shape, &[], false)
            .ok_or("no valid body of the new response could be made")?;
            let r = new
                .interp
                .validate_response(&nop.id, &v)
                .ok_or("no response validator")?;
            if !r.is_empty() {
                return Err("the made body is not valid under the new spec".into());
            }
            Some((v, r.to_json()))
        }
        None => None,
    };
    let (body, report) = body.unzip();
    Ok(json!({
        "operation": nop.id,
        "status": status,
        "body": body,
        "new": report.unwrap_or_else(|| json!({"valid": true, "errors": []})),
        "old": format!("the old spec documents no {status} response for `{}`", oop.id),
    }))
}

/// A proof for a response body that is no longer documented: a body the old spec's validators
/// reject, which the new spec no longer constrains.
pub fn body_removed(old: &Side<'_>, p: &OpPair<'_>) -> Result<Value, String> {
    let oop = p.old.ok_or("the operation is not in the old spec")?;
    for v in [json!(null), json!("x"), json!([]), json!({"x": []})] {
        let Some(r) = old.interp.validate_response(&oop.id, &v) else {
            continue;
        };
        if !r.is_empty() {
            return Ok(json!({
                "operation": p.new.map_or(oop.id.clone(), |o| o.id.clone()),
                "status": oop.response_status,
                "body": v,
                "new": "the new spec documents no JSON body for this response",
                "old": r.to_json(),
            }));
        }
    }
    Err("the old spec's response validator accepts every candidate".into())
}

"""Schemathesis hooks for `.ci/run`: where schemathesis reads our specs differently from the
semantics the project documents (../shared/GUIDE.md), each difference narrowed to one place,
with the failure that showed it."""

import itertools
import re

import schemathesis


def _int64_strings(node):
    """GUIDE rule 4 (`x-int64-string: true`): an int64 is a decimal string on the wire, and a
    JSON number is accepted too. Schemathesis sees only `type: integer`, so it flags every
    answer (listVersions, 200: '"134217728" is not of type "integer"' at
    Version.resources.memory and Version.imageSize) and would take a request's "134217728" for
    negative data. Such a schema becomes: the integer with its bounds, or a decimal string."""
    if isinstance(node, list):
        for item in node:
            _int64_strings(item)
        return
    if not isinstance(node, dict):
        return
    for value in node.values():
        _int64_strings(value)
    if node.get("x-int64-string") is True:
        number = dict(node)
        del number["x-int64-string"]
        node.clear()
        # The string's range cannot be written in JSON Schema: a string out of range is only a
        # positive case that the server refuses, never a negative case that it accepts.
        node["anyOf"] = [number, {"type": "string", "pattern": "^-?[0-9]+$"}]


@schemathesis.hook
def before_load_schema(context, raw_schema):
    _int64_strings(raw_schema)
    # GUIDE rule 8, "responses tolerant": a response enum keeps unknown values, so the emulator
    # answers with whatever runtime the function has. The two AWS documents list different
    # runtimes (CreateFunction's request allows nodejs8.10, its FunctionConfiguration does not;
    # PublishVersion's FunctionConfiguration lacks nodejs, nodejs4.3, ...), so a function
    # created with "nodejs" is published as Runtime "nodejs". Evidence (PublishVersion, 201):
    # '"nodejs" is not one of "nodejs8.10", "nodejs10.x" or 9 other candidates'. Only this
    # response-only enum is opened; it stays `type: string`.
    schemas = raw_schema.get("components", {}).get("schemas", {})
    runtime = schemas.get("FunctionConfiguration", {}).get("properties", {}).get("Runtime")
    if isinstance(runtime, dict):
        runtime.pop("enum", None)


_serial = itertools.count(1)
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_-]+")


@schemathesis.hook.apply_to(operation_id="CreateFunction")
def map_body(context, body):
    # Not an exclusion, coverage: Hypothesis draws few distinct names ("0", "A"), so nearly
    # every valid CreateFunction after the first is a correct 409 and the 201 answer is hardly
    # checked. A plain name of at most 64 characters gets a fresh suffix (a valid name stays
    # valid, so a negative case stays negative; other names are left alone).
    if isinstance(body, dict):
        name = body.get("FunctionName")
        if isinstance(name, str) and _PLAIN_NAME.fullmatch(name):
            suffix = f"-{next(_serial)}"
            if len(name) + len(suffix) <= 64:
                body["FunctionName"] = name + suffix
    return body

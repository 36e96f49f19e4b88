#!/usr/bin/env python3
"""Runs the anchors of this field on the corpus our corpus test uses, for the README's table
(not in CI: it installs and compiles a lot).

For each document of $SHARED_DIR/corpus/openapi:
  - progenitor (`cargo progenitor`): generates a client crate from the OpenAPI document
    (JSON); counted as generating when it exits 0, as compiling when `cargo check` of the
    crate succeeds;
  - typify (`cargo typify`): takes JSON Schema, not OpenAPI, so the document's
    `components/schemas` become `definitions` of one schema (references rewritten); counted
    as generating when it exits 0, as compiling when the output checks in a crate with the
    dependencies typify's output names.
Both share one target folder, so dependencies compile once.

Usage: tests/anchors/compare.py [--tools DIR] [--work DIR]
  --tools: where `cargo install --root DIR cargo-typify cargo-progenitor` put them
           (default: on PATH); --work: scratch folder (default /tmp/docspec-anchors).
Prints one line per document and the totals.
"""

import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys

import yaml


def reason(err):
    """The first line of a tool's or compiler's complaint, for the table."""
    for line in err.splitlines():
        if "fail" in line or line.startswith("error") or "panicked" in line:
            return line.strip()[:160]
    return err.strip().splitlines()[0][:160] if err.strip() else ""


def run(cmd, cwd=None, env=None, timeout=900):
    try:
        p = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
        return p.returncode == 0, (p.stdout + "\n" + p.stderr)[:6000]
    except subprocess.TimeoutExpired:
        return False, "timeout"


def rewrite_refs(node):
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str) and v.startswith("#/components/schemas/"):
                out[k] = "#/definitions/" + v[len("#/components/schemas/"):]
            else:
                out[k] = rewrite_refs(v)
        return out
    if isinstance(node, list):
        return [rewrite_refs(x) for x in node]
    return node


TYPIFY_DEPS = """serde = { version = "1", features = ["derive"] }
serde_json = "1"
chrono = { version = "0.4", features = ["serde"] }
uuid = { version = "1", features = ["serde"] }
regress = "0.10"
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tools", default=None)
    ap.add_argument("--work", default="/tmp/docspec-anchors")
    args = ap.parse_args()
    shared = pathlib.Path(os.environ.get("SHARED_DIR", pathlib.Path(__file__).resolve().parents[3] / "shared"))
    corpus = shared / "corpus" / "openapi"
    work = pathlib.Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    env = dict(os.environ)
    if args.tools:
        env["PATH"] = str(pathlib.Path(args.tools) / "bin") + os.pathsep + env["PATH"]
    env["CARGO_TARGET_DIR"] = str(work / "target")

    docs = sorted(p for p in corpus.iterdir() if p.suffix in (".yaml", ".yml", ".json"))
    totals = {"progenitor": [0, 0], "typify": [0, 0]}
    for doc in docs:
        name = doc.stem.replace("-", "_").lower()
        spec = yaml.safe_load(doc.read_text())
        spec_json = work / f"{name}.json"
        spec_json.write_text(json.dumps(spec, default=str))
        row = [doc.name]

        out = work / "progenitor" / name
        env["RUST_BACKTRACE"] = "0"
        gen, err = run(["cargo", "progenitor", "-i", str(spec_json), "-o", str(out), "-n", name, "-v", "0.1.0"], env=env)
        built = False
        if gen:
            (out / "Cargo.toml").write_text((out / "Cargo.toml").read_text() + "\n[workspace]\n")
            built, err = run(["cargo", "check", "--quiet"], cwd=out, env=env)
        totals["progenitor"][0] += gen
        totals["progenitor"][1] += built
        row.append(f"progenitor: {'generates' if gen else 'refused'}{', compiles' if built else (', does not compile' if gen else '')}" + ("" if built else f" ({reason(err)})"))

        schema = {
            "$schema": "http://json-schema.org/draft-07/schema#",
            "definitions": rewrite_refs((spec.get("components") or {}).get("schemas") or {}),
        }
        sfile = work / f"{name}.schema.json"
        sfile.write_text(json.dumps(schema, default=str))
        crate = work / "typify" / name
        (crate / "src").mkdir(parents=True)
        gen, err = run(["cargo", "typify", str(sfile), "-o", str(crate / "src" / "lib.rs")], env=env)
        built = False
        if gen:
            (crate / "Cargo.toml").write_text(
                f'[package]\nname = "{name}"\nversion = "0.1.0"\nedition = "2021"\n\n[workspace]\n\n[dependencies]\n{TYPIFY_DEPS}'
            )
            built, err = run(["cargo", "check", "--quiet"], cwd=crate, env=env)
        totals["typify"][0] += gen
        totals["typify"][1] += built
        row.append(f"typify: {'generates' if gen else 'refused'}{', compiles' if built else (', does not compile' if gen else '')}" + ("" if built else f" ({reason(err)})"))
        print(" | ".join(row), flush=True)

    n = len(docs)
    for tool, (gen, built) in totals.items():
        print(f"{tool}: {gen} of {n} generate, {built} of {n} generate and compile")
    return 0


if __name__ == "__main__":
    sys.exit(main())

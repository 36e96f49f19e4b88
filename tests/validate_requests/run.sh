#!/usr/bin/env bash
# Imports the whole AWS Lambda and Yandex Cloud Functions references ($SHARED_DIR/corpus) into
# one spec each under target/imported/, and runs `cargo xtask validate` (the compiled
# validators of each spec, in a crate of its own) on the requests of cases.tsv: each must get
# the exit code of the verdict its page states. `.ci/run` runs it; so can you.
set -euo pipefail
cd "$(dirname "$0")/../.."
shared="${SHARED_DIR:?set SHARED_DIR to the shared folder}"
out=target/imported
rm -rf "$out"
cargo xtask import "$shared/corpus/aws-lambda-2022-11" --out "$out/aws_lambda" 2>/dev/null
cargo xtask import "$shared/corpus/yandex-functions/en" --out "$out/yandex_functions_en" 2>/dev/null
cargo xtask import "$shared/corpus/yandex-functions/ru" --out "$out/yandex_functions_ru" 2>/dev/null
failed=0
n=0
while IFS=$'\t' read -r service request operation want why; do
  [[ "$service" == \#* || -z "$service" ]] && continue
  spec=$(ls "$out/$service"/*.yaml)
  set +e
  cargo xtask validate --spec "$spec" --operation "$operation" "tests/validate_requests/$request" >"$out/last.json" 2>&1
  got=$?
  set -e
  n=$((n + 1))
  if [ "$got" != "$want" ]; then
    echo "FAIL $request ($operation): exit $got, want $want ($why)" >&2
    cat "$out/last.json" >&2
    failed=1
  fi
done < tests/validate_requests/cases.tsv
if [ "$failed" != 0 ]; then
  exit 1
fi
echo "$n requests of 3 imported services got the verdicts their pages state"

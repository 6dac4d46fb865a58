#!/usr/bin/env bash
# The project's test command (`npm test`): type-check everything, make sure the services the tests
# use are there (Debian's Chromium for the browser tests, Tesseract and poppler for OCR, curl for the
# docs' examples, a throw-away PostgreSQL cluster for the PostgreSQL backend), then run every test file
# with node's built-in runner against both backends.
#
# Output: node's spec reporter (failures are listed again at its end with their file and line),
# then a short summary — counts, failed tests by name and file, and the line
# "tests: N passed, N failed, N skipped". The full TAP goes to artifacts/test-results.tap.
#
# The tests' temporary files (and the PostgreSQL cluster) live in a folder of this run under
# $TMPDIR; whatever a test leaves there is listed at the end and fails the run, then the folder
# is removed, so nothing stays behind in /tmp.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -p tsconfig.check.json
bash scripts/ensure-chromium.sh
bash scripts/ensure-ocr.sh
bash scripts/ensure-curl.sh
mkdir -p artifacts

RUN_TMP=$(mktemp -d "${TMPDIR:-/tmp}/gongbao-test-run.XXXXXX")
# Like /tmp: the cluster's folder in it belongs to the postgres user.
chmod 1777 "$RUN_TMP"
trap 'rm -rf "$RUN_TMP"' EXIT
export TMPDIR=$RUN_TMP

TAP=artifacts/test-results.tap
status=0
bash scripts/with-postgres.sh node --import tsx --test --test-concurrency=1 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$TAP" \
  test/*.test.ts || status=$?

# tsx keeps its compile cache in the temporary folder: that one is expected.
leftovers=$(find "$RUN_TMP" -mindepth 1 -maxdepth 1 ! -name 'tsx-*' -printf '%f\n' | sort)
if [[ -n "$leftovers" ]]; then
  echo "left behind in the temporary folder by the tests (a test that does not clean up):"
  sed 's/^/  /' <<<"$leftovers"
  status=1
fi

node scripts/test-summary.mjs "$TAP" || status=$?
exit "$status"

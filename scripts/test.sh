#!/usr/bin/env bash
# The project's test command (`npm test`): type-check everything, make sure the services the tests
# use are there (Debian's Chromium for the browser tests, Tesseract and poppler for OCR, curl for the
# docs' examples, a throw-away PostgreSQL cluster for the PostgreSQL backend), then run every test file
# with node's built-in runner against both backends.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -p tsconfig.check.json
bash scripts/ensure-chromium.sh
bash scripts/ensure-ocr.sh
bash scripts/ensure-curl.sh
exec bash scripts/with-postgres.sh node --import tsx --test --test-concurrency=1 test/*.test.ts

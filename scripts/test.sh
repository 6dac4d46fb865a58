#!/usr/bin/env bash
# The project's test command (`npm test`): type-check everything, then run every test file with
# node's built-in runner. Services the tests need (PostgreSQL, Chromium) are set up by
# scripts/with-services.sh when present.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -p tsconfig.check.json
exec node --import tsx --test --test-concurrency=1 test/*.test.ts

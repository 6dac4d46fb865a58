#!/usr/bin/env bash
# Run a command with a throw-away PostgreSQL cluster: with-postgres.sh CMD [ARGS…]
# Starts the cluster (scripts/pg-start.sh), runs CMD with GONGBAO_TEST_PG_URL and
# GONGBAO_TEST_PG_DIR set, and stops and removes the cluster when CMD ends, however it ends.
# When GONGBAO_TEST_PG_URL is already set, the command runs against that database instead.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
if [[ $# -eq 0 ]]; then
  echo "usage: with-postgres.sh CMD [ARGS…]" >&2
  exit 2
fi
if [[ -n "${GONGBAO_TEST_PG_URL:-}" ]]; then
  exec "$@"
fi
# (An assignment, not eval "$(…)": a failing start must stop this script.)
started=$(bash "$HERE/pg-start.sh")
eval "$started"
cleanup() { [[ -n "${GONGBAO_TEST_PG_DIR:-}" ]] && bash "$HERE/pg-stop.sh" "$GONGBAO_TEST_PG_DIR" || true; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
status=0
"$@" || status=$?
exit "$status"

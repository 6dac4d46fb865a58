#!/usr/bin/env bash
# Stop a cluster started by pg-start.sh and remove its folder: pg-stop.sh [DIR]
# (DIR defaults to $GONGBAO_TEST_PG_DIR). Refuses folders pg-start.sh did not make.
set -euo pipefail
DIR=${1:-${GONGBAO_TEST_PG_DIR:-}}
if [[ -z "$DIR" ]]; then
  echo "usage: pg-stop.sh DIR (or set GONGBAO_TEST_PG_DIR)" >&2
  exit 2
fi
if [[ ! -x "$DIR/ctl" || "$(basename "$DIR")" != gongbao-pg.* ]]; then
  echo "pg-stop: $DIR is not a cluster made by pg-start.sh" >&2
  exit 2
fi
"$DIR/ctl" stop 2>/dev/null || "$DIR/ctl" kill 2>/dev/null || true
rm -rf "$DIR"
echo "pg-stop: stopped and removed $DIR" >&2

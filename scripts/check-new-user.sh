#!/usr/bin/env bash
# What a new user meets first, checked from a checkout where `npm ci` has run (issue 12):
#   1. the home page names the same newest issue on every reload;
#   2. every curl example of the docs answers 2xx (test/docs-examples.test.ts, real curl);
#   3. a closed pipe ends parse and export quietly (exit 0, nothing on stderr);
#   4. export writes a real .xlsx and refuses an unknown extension;
#   5. usage errors are one line and a pointer to the help, exit 2;
#   6. `gongbao --help` costs at most 1.5× the CPU time of a bare `node -e 0` (median of 15 runs).
#
#   bash scripts/check-new-user.sh            # prints one line per check, exits 1 if any fails
set -uo pipefail
cd "$(dirname "$0")/.."
GONGBAO="node bin/gongbao.js"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gongbao-new-user.XXXXXX")
server=""
cleanup() { [[ -n "$server" ]] && kill "$server" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
failed=0
pass() { echo "ok   $1"; }
fail() { echo "FAIL $1"; failed=1; }

# 1. The demo's home page, five times.
port=$(node -e "const s=require('net').createServer().listen(0,()=>{console.log(s.address().port);s.close()})")
$GONGBAO demo --db "$tmp/demo.db" --port "$port" >"$tmp/demo.out" 2>"$tmp/demo.err" &
server=$!
for _ in $(seq 1 120); do grep -q 'Gongbao reader' "$tmp/demo.out" 2>/dev/null && break; sleep 1; done
newest=()
for _ in 1 2 3 4 5; do
  newest+=("$(curl -s "http://127.0.0.1:$port/" | grep -o '最新一期所载文件[^<]*' | head -n 1)")
done
if [[ -n "${newest[0]}" && "$(printf '%s\n' "${newest[@]}" | sort -u | wc -l)" -eq 1 ]]; then pass "home page stable over 5 reloads (${newest[0]})"
else fail "home page changes between reloads: ${newest[*]}"; fi
kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; server=""

# 2. The docs' examples.
if node --import tsx --test test/docs-examples.test.ts >"$tmp/docs.log" 2>&1; then pass "every curl example of the docs answers 2xx"
else fail "docs examples (see below)"; tail -n 20 "$tmp/docs.log"; fi

# 3. Closed pipes.
sample=fixtures/corpus/yangquan-2020-01.txt
$GONGBAO parse "$sample" 2>"$tmp/parse.err" | head -c 400 >/dev/null
status=${PIPESTATUS[0]}
if [[ $status -eq 0 && ! -s "$tmp/parse.err" ]]; then pass "parse | head -c 400: exit 0, quiet"; else fail "parse | head: exit $status, stderr: $(head -c 200 "$tmp/parse.err")"; fi
$GONGBAO export tasks --db "$tmp/demo.db" 2>"$tmp/export.err" | head -n 1 >/dev/null
status=${PIPESTATUS[0]}
if [[ $status -eq 0 && ! -s "$tmp/export.err" ]]; then pass "export | head: exit 0, quiet"; else fail "export | head: exit $status, stderr: $(head -c 200 "$tmp/export.err")"; fi

# 4. Export formats.
$GONGBAO export tasks --db "$tmp/demo.db" -o "$tmp/t.xlsx" 2>/dev/null
if [[ "$(head -c 2 "$tmp/t.xlsx" 2>/dev/null)" == "PK" ]]; then pass "export -o t.xlsx writes a spreadsheet"; else fail "export -o t.xlsx is not a spreadsheet"; fi
$GONGBAO export tasks --db "$tmp/demo.db" -o "$tmp/t.foo" 2>"$tmp/foo.err"
status=$?
if [[ $status -eq 2 && ! -e "$tmp/t.foo" ]]; then pass "export -o t.foo refused (exit 2)"; else fail "export -o t.foo: exit $status"; fi

# 5. Usage errors.
for args in "--bogus" "parse" "frobnicate" "search --limit x 耐火"; do
  # shellcheck disable=SC2086
  $GONGBAO $args >/dev/null 2>"$tmp/usage.err"
  status=$?
  lines=$(wc -l <"$tmp/usage.err")
  if [[ $status -eq 2 && $lines -le 2 ]]; then pass "gongbao $args: exit 2, $lines line(s)"; else fail "gongbao $args: exit $status, $lines lines"; fi
done

# 6. Start-up.
ratio=$(node --import tsx bench/startup.ts --ratio-only 2>/dev/null)
if [[ -n "$ratio" ]] && node -e "process.exit(Number('$ratio') <= 1.5 ? 0 : 1)"; then pass "gongbao --help CPU ${ratio}× a bare node start (≤ 1.5×)"
else fail "gongbao --help CPU ${ratio:-?}× a bare node start (target ≤ 1.5×)"; fi

exit $failed

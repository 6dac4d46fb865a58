#!/usr/bin/env bash
# Make sure Debian's `chromium` is installed for the browser tests (test/browser*.test.ts), with a
# Chinese font so pages and screenshots render text rather than boxes.
#
#   bash scripts/ensure-chromium.sh        # apt-get installs chromium (+ fonts-noto-cjk) when missing
#
# Idempotent and silent when both are already there. Needs root (or sudo) and Debian/Ubuntu apt;
# exits non-zero with a message otherwise, so the browser tests fail loudly rather than skip.
# When another apt/dpkg process holds apt's locks, it waits up to GONGBAO_APT_LOCK_TIMEOUT seconds
# (default 300) before giving up with a message saying so.
set -euo pipefail

CHROMIUM=${GONGBAO_CHROMIUM:-/usr/bin/chromium}

has_cjk_font() {
  command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh 2>/dev/null | head -n 1)" ]
}

if [ -x "$CHROMIUM" ] && has_cjk_font; then
  exit 0
fi

# Chromium present, only the font missing: try to add it, but never fail the tests over a font.
fail() {
  if [ -x "$CHROMIUM" ]; then
    echo "ensure-chromium: warning: $1 (no Chinese font: screenshots will show boxes)" >&2
    exit 0
  fi
  echo "ensure-chromium: $1" >&2
  exit 1
}

command -v apt-get >/dev/null 2>&1 || fail "$CHROMIUM is missing and apt-get is not available; install Chromium by hand"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || fail "not root and no sudo; install the 'chromium' and 'fonts-noto-cjk' packages"
  SUDO="sudo -n"
fi

LOCK_TIMEOUT=${GONGBAO_APT_LOCK_TIMEOUT:-300}
LOCK_POLL=${GONGBAO_APT_LOCK_POLL:-5}

# apt-get with a bounded wait for apt's locks. It waits for dpkg's own lock itself
# (DPkg::Lock::Timeout) but fails at once on the package lists' lock (apt-get update) and the
# download cache's: those failures are retried here until the same deadline.
apt_get() {
  local deadline=$(($(date +%s) + LOCK_TIMEOUT)) said="" out status
  while :; do
    status=0
    out=$($SUDO apt-get -o DPkg::Lock::Timeout="$LOCK_TIMEOUT" "$@" 2>&1 >/dev/null) || status=$?
    [ "$status" -eq 0 ] && return 0
    if ! grep -q 'Could not get lock' <<<"$out"; then
      printf '%s\n' "$out" >&2
      return "$status"
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "ensure-chromium: another apt/dpkg process still holds apt's lock after ${LOCK_TIMEOUT} s ($(grep -m 1 'Could not get lock' <<<"$out" | sed 's/^E: //')); run this again when it has finished" >&2
      return "$status"
    fi
    [ -n "$said" ] || echo "ensure-chromium: another apt/dpkg process holds apt's lock; waiting for it (up to ${LOCK_TIMEOUT} s) ..." >&2
    said=1
    sleep "$LOCK_POLL"
  done
}

PACKAGES="fonts-noto-cjk"
[ -x "$CHROMIUM" ] || PACKAGES="chromium $PACKAGES"
echo "ensure-chromium: installing $PACKAGES (apt-get) ..." >&2
export DEBIAN_FRONTEND=noninteractive
apt_get update -qq || fail "apt-get update failed"
# shellcheck disable=SC2086
apt_get install -y -qq --no-install-recommends $PACKAGES || fail "apt-get install $PACKAGES failed"

if [ ! -x "$CHROMIUM" ]; then
  echo "ensure-chromium: apt-get finished but $CHROMIUM is still missing" >&2
  exit 1
fi
echo "ensure-chromium: $("$CHROMIUM" --version 2>/dev/null || echo chromium) installed" >&2

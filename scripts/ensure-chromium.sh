#!/usr/bin/env bash
# Make sure Debian's `chromium` is installed for the browser tests (test/browser*.test.ts), with a
# Chinese font so pages and screenshots render text rather than boxes.
#
#   bash scripts/ensure-chromium.sh        # apt-get installs chromium (+ fonts-noto-cjk) when missing
#
# Idempotent and silent when both are already there. Needs root (or sudo) and Debian/Ubuntu apt;
# exits non-zero with a message otherwise, so the browser tests fail loudly rather than skip.
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

PACKAGES="fonts-noto-cjk"
[ -x "$CHROMIUM" ] || PACKAGES="chromium $PACKAGES"
echo "ensure-chromium: installing $PACKAGES (apt-get) ..." >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null || fail "apt-get update failed"
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $PACKAGES >/dev/null || fail "apt-get install $PACKAGES failed"

if [ ! -x "$CHROMIUM" ]; then
  echo "ensure-chromium: apt-get finished but $CHROMIUM is still missing" >&2
  exit 1
fi
echo "ensure-chromium: $("$CHROMIUM" --version 2>/dev/null || echo chromium) installed" >&2

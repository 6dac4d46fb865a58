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

APT_WHO=ensure-chromium
# shellcheck source=scripts/lib/apt.sh
. "$(dirname "$0")/lib/apt.sh"
PACKAGES="fonts-noto-cjk"
[ -x "$CHROMIUM" ] || PACKAGES="chromium $PACKAGES"
apt_need_root "$PACKAGES"
# shellcheck disable=SC2086
apt_install $PACKAGES

if [ ! -x "$CHROMIUM" ]; then
  echo "ensure-chromium: apt-get finished but $CHROMIUM is still missing" >&2
  exit 1
fi
echo "ensure-chromium: $("$CHROMIUM" --version 2>/dev/null || echo chromium) installed" >&2

#!/usr/bin/env bash
# Make sure Tesseract with its Simplified Chinese data and poppler's pdftoppm/pdfinfo are installed,
# for OCR of scanned PDF pages (src/pdf/ocr.ts) and its tests (test/ocr*.test.ts).
#
#   bash scripts/ensure-ocr.sh        # apt-get installs tesseract-ocr tesseract-ocr-chi-sim poppler-utils when missing
#
# Idempotent and silent when all are there. Needs root (or sudo) and Debian/Ubuntu apt; exits
# non-zero with a message otherwise, so the OCR tests fail loudly rather than skip. A concurrent apt
# (another ensure script) is waited for rather than failed on.
set -euo pipefail

has_chi_sim() {
  local langs
  # Read the whole list before matching (grep -q closing the pipe early would fail it under pipefail).
  command -v tesseract >/dev/null 2>&1 && langs=$(tesseract --list-langs 2>/dev/null) && grep -qx chi_sim <<<"$langs"
}

PACKAGES=""
command -v tesseract >/dev/null 2>&1 || PACKAGES="$PACKAGES tesseract-ocr"
has_chi_sim || PACKAGES="$PACKAGES tesseract-ocr-chi-sim"
{ command -v pdftoppm >/dev/null 2>&1 && command -v pdfinfo >/dev/null 2>&1; } || PACKAGES="$PACKAGES poppler-utils"
PACKAGES=${PACKAGES# }
[ -z "$PACKAGES" ] && exit 0

fail() {
  echo "ensure-ocr: $1" >&2
  exit 1
}

APT_WHO=ensure-ocr
# shellcheck source=scripts/lib/apt.sh
. "$(dirname "$0")/lib/apt.sh"
apt_need_root "$PACKAGES"
# shellcheck disable=SC2086
apt_install $PACKAGES

has_chi_sim || fail "apt-get finished but tesseract with chi_sim is still missing"
command -v pdftoppm >/dev/null 2>&1 || fail "apt-get finished but pdftoppm is still missing"
echo "ensure-ocr: $(tesseract --version 2>/dev/null | head -n 1) with chi_sim, $(pdftoppm -v 2>&1 | head -n 1) installed" >&2

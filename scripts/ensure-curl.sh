#!/usr/bin/env bash
# Make sure Debian's `curl` is installed: test/docs-examples.test.ts runs every `curl` line of the
# docs with the real binary. Silent when it is there; apt-get installs it otherwise (root or sudo).
set -euo pipefail

command -v curl >/dev/null 2>&1 && exit 0

fail() {
  echo "ensure-curl: $1" >&2
  exit 1
}

APT_WHO=ensure-curl
# shellcheck source=scripts/lib/apt.sh
. "$(dirname "$0")/lib/apt.sh"
apt_need_root curl
apt_install curl ca-certificates
command -v curl >/dev/null 2>&1 || fail "apt-get finished but curl is still missing"
echo "ensure-curl: $(curl --version | head -n 1) installed" >&2

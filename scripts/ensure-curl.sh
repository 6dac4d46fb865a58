#!/usr/bin/env bash
# Make sure Debian's `curl` is installed: test/docs-examples.test.ts runs every `curl` line of the
# docs with the real binary. Silent when it is there; apt-get installs it otherwise (root or sudo).
set -euo pipefail

command -v curl >/dev/null 2>&1 && exit 0

fail() {
  echo "ensure-curl: $1" >&2
  exit 1
}

command -v apt-get >/dev/null 2>&1 || fail "curl is missing and apt-get is not available; install curl by hand"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || fail "not root and no sudo; install the 'curl' package"
  SUDO="sudo -n"
fi
echo "ensure-curl: installing curl (apt-get) ..." >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null || fail "apt-get update failed"
$SUDO apt-get install -y -qq --no-install-recommends curl ca-certificates >/dev/null || fail "apt-get install curl failed"
command -v curl >/dev/null 2>&1 || fail "apt-get finished but curl is still missing"
echo "ensure-curl: $(curl --version | head -n 1) installed" >&2

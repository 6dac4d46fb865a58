# Shared by scripts/ensure-*.sh (sourced): install Debian packages with apt-get, as root or through
# sudo, waiting (bounded) for another apt/dpkg process that holds apt's locks.
#
# The sourcing script sets APT_WHO (its name, for messages) and defines `fail MESSAGE`.
# GONGBAO_APT_LOCK_TIMEOUT (seconds, default 300) bounds the wait; GONGBAO_APT_LOCK_POLL (default 5)
# is how often it looks again.

LOCK_TIMEOUT=${GONGBAO_APT_LOCK_TIMEOUT:-300}
LOCK_POLL=${GONGBAO_APT_LOCK_POLL:-5}

# Root, or sudo without a password; `fail`s with what to install by hand otherwise.
apt_need_root() {
  command -v apt-get >/dev/null 2>&1 || fail "$1 missing and apt-get is not available; install by hand"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || fail "not root and no sudo; install the packages $1"
    SUDO="sudo -n"
  fi
  export DEBIAN_FRONTEND=noninteractive
}

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
      echo "$APT_WHO: another apt/dpkg process still holds apt's lock after ${LOCK_TIMEOUT} s ($(grep -m 1 'Could not get lock' <<<"$out" | sed 's/^E: //')); run this again when it has finished" >&2
      return "$status"
    fi
    [ -n "$said" ] || echo "$APT_WHO: another apt/dpkg process holds apt's lock; waiting for it (up to ${LOCK_TIMEOUT} s) ..." >&2
    said=1
    sleep "$LOCK_POLL"
  done
}

# Update the package lists and install PACKAGES (without recommends).
apt_install() {
  echo "$APT_WHO: installing $* (apt-get) ..." >&2
  apt_get update -qq || fail "apt-get update failed"
  apt_get install -y -qq --no-install-recommends "$@" || fail "apt-get install $* failed"
}

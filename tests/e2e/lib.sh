# Shared helpers for the end-to-end editor tests (sourced, not run).
# Everything is installed and written under target/e2e/ in the repository; nothing in $HOME.

E2E_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
E2E_OUT="$E2E_ROOT/target/e2e"
E2E_TOOLS="$E2E_OUT/tools"
mkdir -p "$E2E_OUT" "$E2E_TOOLS"
export npm_config_cache="$E2E_OUT/cache/npm"
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
export PIP_CACHE_DIR="$E2E_OUT/cache/pip" PIP_DISABLE_PIP_VERSION_CHECK=1

log() { printf '[e2e %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
die() { log "ERROR: $*"; exit 1; }

# retry N CMD...: runs CMD up to N times (network installs), 5 s apart.
retry() {
  local n=$1 i=1; shift
  until "$@"; do
    if [ "$i" -ge "$n" ]; then return 1; fi
    log "attempt $i of $n failed: $*; retrying"
    i=$((i + 1)); sleep 5
  done
}

# apt_install PKG...: installs the Debian packages that are missing (as root, or via sudo).
apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  log "apt-get install ${missing[*]}"
  retry 3 $SUDO apt-get update -qq || return 1
  DEBIAN_FRONTEND=noninteractive retry 3 $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The lectern binary under test: $LECTERN_BIN, else built by cargo from this repository.
lectern_bin() {
  if [ -n "${LECTERN_BIN:-}" ]; then
    case "$LECTERN_BIN" in
      /*) printf '%s\n' "$LECTERN_BIN" ;;
      */*) printf '%s/%s\n' "$PWD" "$LECTERN_BIN" ;;
      *) command -v "$LECTERN_BIN" || printf '%s\n' "$LECTERN_BIN" ;;
    esac
    return
  fi
  (cd "$E2E_ROOT" && cargo build --release --quiet >&2) || return 1
  printf '%s\n' "$E2E_ROOT/target/release/lectern"
}

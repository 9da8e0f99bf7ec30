#!/usr/bin/env bash
# Installs the peers of `kubesense check` for the bench — kubeconform and kubectl-validate — with `go install`
# into ${KUBESENSE_CACHE:-~/.cache/kubesense}/validators/bin. Idempotent: a binary already built at the pinned
# version is reused. Prints the bin folder.
set -euo pipefail
CACHE="${KUBESENSE_CACHE:-$HOME/.cache/kubesense}"
BIN="$CACHE/validators/bin"
KUBECONFORM_VERSION=v0.7.0
# The newest kubectl-validate release on the Go module proxy (commits after it are not served there).
KUBECTL_VALIDATE_VERSION=v0.0.4
mkdir -p "$BIN"
chmod 700 "$CACHE/validators" 2>/dev/null || true
stamp() { cat "$BIN/.$1.version" 2>/dev/null || true; }
if ! command -v go >/dev/null 2>&1; then
  echo "install-validators: go is not installed (needed for kubeconform and kubectl-validate)" >&2
  exit 1
fi
if [ ! -x "$BIN/kubeconform" ] || [ "$(stamp kubeconform)" != "$KUBECONFORM_VERSION" ]; then
  echo "install-validators: go install kubeconform@$KUBECONFORM_VERSION" >&2
  GOBIN="$BIN" GOFLAGS=-mod=mod go install "github.com/yannh/kubeconform/cmd/kubeconform@$KUBECONFORM_VERSION" >&2
  echo "$KUBECONFORM_VERSION" > "$BIN/.kubeconform.version"
fi
if [ ! -x "$BIN/kubectl-validate" ] || [ "$(stamp kubectl-validate)" != "$KUBECTL_VALIDATE_VERSION" ]; then
  echo "install-validators: go install kubectl-validate@$KUBECTL_VALIDATE_VERSION" >&2
  GOBIN="$BIN" go install "sigs.k8s.io/kubectl-validate@$KUBECTL_VALIDATE_VERSION" >&2
  echo "$KUBECTL_VALIDATE_VERSION" > "$BIN/.kubectl-validate.version"
fi
echo "$BIN"

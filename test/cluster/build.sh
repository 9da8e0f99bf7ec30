#!/usr/bin/env bash
# Builds the test cluster binary (real kube-apiserver + embedded etcd, kube-controller-manager,
# kube-scheduler) once per source version and reuses it: the output lives under a hash of
# go.mod, go.sum and the Go sources. kwok (the simulated kubelets) is its own module with newer
# k8s.io/* dependencies, so it is `go install`ed once per kwok version and linked beside it.
# Prints the binary's path as the last line of stdout. Idempotent and safe to run concurrently.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/apiserver"
cache_root="${KUBESENSE_CACHE:-$HOME/.cache/kubesense}/cluster"
k8s_version="v1.35.4"
kwok_version="v0.8.0"  # the newest v0.8.x on the module proxy; needs Go >= 1.26
kwok_dir="${KUBESENSE_CACHE:-$HOME/.cache/kubesense}/kwok/$kwok_version"

if ! command -v go >/dev/null 2>&1; then
  echo "build.sh: 'go' not found on PATH; Go >= 1.26 is needed to build the test cluster (https://go.dev/dl/)" >&2
  exit 1
fi

hash="$(cd "$src" && cat go.mod go.sum $(ls *.go | LC_ALL=C sort) | sha256sum | cut -c1-16)"
out_dir="$cache_root/$hash"
bin="$out_dir/kube-testcluster"

# Module downloads come only from the Go module proxy (no VCS fallback).
export GOPROXY="${GOPROXY:-https://proxy.golang.org}"

build_kwok() {
  [[ -x "$kwok_dir/kwok" ]] && return 0
  mkdir -p "$kwok_dir"
  exec 8>"$kwok_dir/.lock"
  flock 8
  if [[ ! -x "$kwok_dir/kwok" ]]; then
    echo "build.sh: building kwok $kwok_version into $kwok_dir (first build takes minutes)" >&2
    local start tmp
    start=$(date +%s)
    tmp="$(mktemp -d "$kwok_dir/.gobin.XXXXXX")"
    GOFLAGS= GOBIN="$tmp" nice -n 10 go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$kwok_version"
    mv -f "$tmp/kwok" "$kwok_dir/kwok"
    rm -rf "$tmp"
    echo "build.sh: built kwok in $(( $(date +%s) - start ))s" >&2
  fi
  exec 8>&-
}

# kwok lives beside the cluster binary, which finds it there.
link_kwok() {
  [[ -x "$out_dir/kwok" ]] || ln -f "$kwok_dir/kwok" "$out_dir/kwok" 2>/dev/null || cp -f "$kwok_dir/kwok" "$out_dir/kwok"
}

if [[ -x "$bin" ]]; then
  build_kwok
  link_kwok
  echo "build.sh: reusing $bin" >&2
  echo "$bin"
  exit 0
fi

mkdir -p "$out_dir"
chmod 700 "$cache_root" "$out_dir"
exec 9>"$out_dir/.lock"
flock 9
if [[ -x "$bin" ]]; then  # another build finished while we waited for the lock
  build_kwok
  link_kwok
  echo "$bin"
  exit 0
fi

build_kwok
export GOFLAGS="${GOFLAGS:-} -mod=readonly"
# Stamp the version the way Kubernetes' own build does, so /version and kubectl report 1.35.
pkgs=(k8s.io/component-base/version k8s.io/client-go/pkg/version)
ldflags="-s -w"
for p in "${pkgs[@]}"; do
  ldflags+=" -X $p.gitVersion=$k8s_version -X $p.gitMajor=1 -X $p.gitMinor=35"
  ldflags+=" -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
done

echo "build.sh: building kube-apiserver $k8s_version test cluster into $out_dir (first build takes minutes)" >&2
start=$(date +%s)
tmp="$out_dir/.kube-testcluster.$$"
(cd "$src" && nice -n 10 go build -trimpath -ldflags "$ldflags" -o "$tmp" .)
link_kwok
mv -f "$tmp" "$bin"
echo "build.sh: built in $(( $(date +%s) - start ))s" >&2
# Keep the three newest builds (each ~100 MB); older source versions are not coming back.
ls -1dt "$cache_root"/*/ 2>/dev/null | tail -n +4 | while read -r old; do
  [[ "$old" == "$out_dir/" ]] || rm -rf "$old"
done
echo "$bin"

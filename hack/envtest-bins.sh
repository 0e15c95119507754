#!/usr/bin/env bash
# Builds the real kube-apiserver and etcd that envtest starts, from Go
# modules, into a cache outside the repository (or $ENVTEST_BIN), prints
# that directory, and builds nothing when the binaries are already there.
# Each binary is built in a build module of its own, never the project's
# go.mod. Progress and errors go to stderr; stdout is only the directory.
set -euo pipefail

K8S_VERSION=${K8S_VERSION:-1.37.2}
ETCD_VERSION=${ETCD_VERSION:-3.6.16}
BIN=${ENVTEST_BIN:-${XDG_CACHE_HOME:-$HOME/.cache}/meshlint/envtest/k8s-$K8S_VERSION}
mkdir -p "$BIN"
export GOWORK=off GOFLAGS=-mod=mod

# quiet runs a command, showing its output only when it fails.
quiet() {
	local out
	if ! out=$("$@" 2>&1); then
		echo "envtest-bins: $* failed:" >&2
		echo "$out" >&2
		return 1
	fi
}

# install builds into a temporary name and renames, so that a concurrent
# run never sees half a binary.
install() {
	local name=$1 pkg=$2
	go build -o "$BIN/.$name.$$" "$pkg"
	mv -f "$BIN/.$name.$$" "$BIN/$name"
}

build_apiserver() {
	echo "envtest-bins: building kube-apiserver v$K8S_VERSION into $BIN (about 8 minutes cold on 2 cores)" >&2
	local mod; mod=$(mktemp -d)
	trap 'rm -rf "$mod"; rm -f "$BIN/.kube-apiserver.$$"' RETURN
	cd "$mod"
	quiet go mod init envtest-apiserver
	go mod edit -require=k8s.io/kubernetes@v$K8S_VERSION
	# k8s.io/kubernetes replaces its staging repositories with local paths;
	# a consumer must replace each with the published module of the same
	# minor version.
	quiet go mod download k8s.io/kubernetes@v$K8S_VERSION
	local gomod
	gomod=$(go env GOMODCACHE)/cache/download/k8s.io/kubernetes/@v/v$K8S_VERSION.mod
	local staging="0.${K8S_VERSION#1.}"
	for repo in $(grep -oE '^\s*k8s.io/[a-z0-9-]+ => \./staging' "$gomod" | awk '{print $1}'); do
		go mod edit -replace="$repo=$repo@v$staging"
	done
	quiet go get k8s.io/kubernetes/cmd/kube-apiserver@v$K8S_VERSION
	install kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver
}

build_etcd() {
	echo "envtest-bins: building etcd v$ETCD_VERSION into $BIN (about 1 minute cold)" >&2
	local mod; mod=$(mktemp -d)
	trap 'rm -rf "$mod"; rm -f "$BIN/.etcd.$$"' RETURN
	cd "$mod"
	quiet go mod init envtest-etcd
	cat > main.go <<'GO'
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
	quiet go get go.etcd.io/etcd/server/v3@v$ETCD_VERSION
	quiet go mod tidy
	install etcd .
}

[ -x "$BIN/kube-apiserver" ] || (build_apiserver)
[ -x "$BIN/etcd" ] || (build_etcd)
echo "$BIN"

// Package parts gates the tests that use a real part (nginx, the
// kube-apiserver and etcd that envtest runs, the helm CLI, git, curl,
// Graphviz, Node.js, pre-commit, zsh, fish, unshare): `make test` runs them, and a missing part
// fails them saying how to get it, never a skip; `make test-unit` (go test
// -short) skips them, so the rest runs on a machine without the parts.
// Each part has one helper that finds it (nginxtest.Binary,
// envtestbin.Require, Command here for programs on PATH); each calls Skip
// first. For tests only.
package parts

import (
	"flag"
	"fmt"
	"os/exec"
	"testing"
)

// Skip skips t in -short mode, naming the part: the only place a test
// that needs a real part may skip.
func Skip(t testing.TB, part string) {
	t.Helper()
	if testing.Short() {
		t.Skip("needs " + part + ": run make test")
	}
}

// Command returns the path of the program name on PATH; in -short mode it
// skips t, and without the program it fails t with install, what to run
// to get it.
func Command(t testing.TB, name, install string) string {
	t.Helper()
	Skip(t, name)
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s is not installed; this test needs it: %s", name, install)
	}
	return p
}

// SkipMain is Skip for a TestMain whose shared setup needs the part (the
// e2e suite's cluster): in -short mode it says so and returns true, and
// TestMain exits 0 without running the tests.
func SkipMain(part string) bool {
	flag.Parse() // testing.Short reads the flags m.Run would parse
	if !testing.Short() {
		return false
	}
	fmt.Println("skip: needs " + part + ": run make test")
	return true
}

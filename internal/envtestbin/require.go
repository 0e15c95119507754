package envtestbin

import (
	"testing"

	"github.com/meshlint/meshlint/internal/parts"
)

// Part names the real part Assets finds, as skips and failures say it.
const Part = "kube-apiserver and etcd (envtest)"

// Require is Assets for a test: it fails t, saying what to run, when a
// binary is missing, and skips t in -short mode (make test-unit).
func Require(t testing.TB) string {
	t.Helper()
	parts.Skip(t, Part)
	dir, err := Assets()
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

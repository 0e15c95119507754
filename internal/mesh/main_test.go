package mesh

import (
	"fmt"
	"os"
	"testing"
)

// TestMain fails the suite when a test wrote a string map the model's
// constructions share (mesh/sharedmaps.go): every fixture this package
// models checks that no construction does.
func TestMain(m *testing.M) {
	code := m.Run()
	if err := SharedMapsIntact(); err != nil {
		fmt.Fprintln(os.Stderr, "FAIL:", err)
		code = 1
	}
	os.Exit(code)
}

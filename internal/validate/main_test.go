package validate

import (
	"fmt"
	"os"
	"testing"

	"github.com/meshlint/meshlint/internal/mesh"
)

// TestMain fails the suite when a test wrote a string map the model's
// constructions share (mesh/sharedmaps.go): every fixture this package
// models checks that no construction does.
func TestMain(m *testing.M) {
	code := m.Run()
	if err := mesh.SharedMapsIntact(); err != nil {
		fmt.Fprintln(os.Stderr, "FAIL:", err)
		code = 1
	}
	os.Exit(code)
}

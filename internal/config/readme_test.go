package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadmeConfigExampleLoads keeps the README's configuration example
// valid: every key it shows must load.
func TestReadmeConfigExampleLoads(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), "```yaml\nrootNamespace")
	example, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("README.md has no configuration example")
	}
	p := filepath.Join(t.TempDir(), FileName)
	if err := os.WriteFile(p, []byte("rootNamespace"+example), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(p); err != nil {
		t.Fatalf("the README's example does not load: %v", err)
	}
}

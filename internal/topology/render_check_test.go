package topology

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/meshlint/meshlint/internal/parts"
)

// checkDOT renders each file with Graphviz: what `meshlint graph --format
// dot` prints must be a graph dot accepts as is.
func checkDOT(t *testing.T, files ...string) {
	t.Helper()
	bin := parts.Command(t, "dot", "apt-get install -y graphviz")
	for _, f := range files {
		out, err := exec.Command(bin, "-Tsvg", "-o", os.DevNull, f).CombinedOutput()
		if err != nil || len(out) > 0 { // dot warns on stderr about what it ignored
			t.Errorf("dot -Tsvg %s: %v\n%s", filepath.Base(f), err, out)
		}
	}
}

// checkMermaid parses each file with Mermaid itself, the library GitHub
// draws ```mermaid blocks with (testdata/mermaid/check.mjs). Mermaid and
// jsdom come from npm at the versions package-lock.json pins, installed
// once into the user cache directory.
func checkMermaid(t *testing.T, tools string, files ...string) {
	t.Helper()
	dir := mermaidTools(t, tools)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, "node", append([]string{filepath.Join(dir, "check.mjs")}, files...)...).CombinedOutput()
	if err != nil {
		t.Errorf("Mermaid rejects the output: %v\n%s", err, out)
	}
}

// mermaidTools returns a directory holding check.mjs and its node_modules,
// running `npm ci` there when the lock file's versions are not installed.
// src is testdata/mermaid.
func mermaidTools(t *testing.T, src string) string {
	t.Helper()
	for _, tool := range []string{"node", "npm"} {
		parts.Command(t, tool, "apt-get install -y nodejs npm")
	}
	lock, err := os.ReadFile(filepath.Join(src, "package-lock.json"))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(lock)
	cache, err := os.UserCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(cache, "meshlint", "mermaid-"+hex.EncodeToString(sum[:8]))
	for _, f := range []string{"package.json", "package-lock.json", "check.mjs"} {
		copyFile(t, filepath.Join(src, f), filepath.Join(dir, f))
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "mermaid", "package.json")); err == nil {
		return dir
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("npm ci in %s: %v\n%s", dir, err, out)
	}
	return dir
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

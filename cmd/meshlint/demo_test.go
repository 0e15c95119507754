package main

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeDemoIsWhatLintPrints keeps the README's quick start honest:
// the output shown is what `meshlint lint examples/demo` prints.
func TestReadmeDemoIsWhatLintPrints(t *testing.T) {
	r := meshlint(t, "../..", "", "lint", "--no-color", "examples/demo")
	r.expect(t, 1, "ML201", "")
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(readme), "<!-- demo output -->\n```text\n")
	shown, _, ok2 := strings.Cut(after, "```")
	if !ok || !ok2 {
		t.Fatal("README.md has no demo output block")
	}
	if shown != r.stdout {
		t.Errorf("README demo output is stale; lint prints:\n%s", r.stdout)
	}
}

func TestLintExplainListsWhatTheInputsDidNotTell(t *testing.T) {
	r := meshlint(t, "", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: nginx}]}\n", "lint", "--explain", "-")
	r.expect(t, 0, "0 errors", "namespace shop is not in the inputs")
}

package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExcludeGlobs(t *testing.T) {
	base := t.TempDir()
	tests := []struct {
		sentence string
		pattern  string
		path     string
		want     bool
	}{
		{"a name matches at the base only", "tsconfig.json", "tsconfig.json", true},
		{"a name does not match deeper", "tsconfig.json", "web/tsconfig.json", false},
		{"** matches any depth", "**/tsconfig.json", "web/app/tsconfig.json", true},
		{"** matches no element too", "**/tsconfig.json", "tsconfig.json", true},
		{"a directory leaves out all it holds", "node_modules", "node_modules/x/y.yaml", true},
		{"dir/** leaves out all it holds", "testdata/**", "testdata/bad/x.yaml", true},
		{"* stays within one element", "deploy/*.yaml", "deploy/sub/x.yaml", false},
		{"* within one element", "deploy/*.yaml", "deploy/x.yaml", true},
		{"** in the middle", "charts/**/values.yaml", "charts/a/b/values.yaml", true},
		{"a ./ prefix is the base", "./docs", "docs/compose.yaml", true},
		{"the base itself is never excluded", "**", ".", false},
		{"a path outside the base", "**/x.yaml", "../elsewhere/x.yaml", true},
		{"character classes", "[ab].yaml", "b.yaml", true},
	}
	for _, tc := range tests {
		t.Run(tc.sentence, func(t *testing.T) {
			var e Excludes
			if err := e.Add(base, tc.pattern); err != nil {
				t.Fatal(err)
			}
			if got := e.Match(filepath.Join(base, tc.path)); got != tc.want {
				t.Errorf("%q matches %q: %v, want %v", tc.pattern, tc.path, got, tc.want)
			}
		})
	}
}

// exclude: in the config is relative to the config's directory; a bad
// pattern is an error at its line.
func TestConfigExclude(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, FileName)
	if err := os.WriteFile(p, []byte("exclude:\n  - \"**/tsconfig.json\"\n  - vendor\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	e := cfg.Excludes()
	if !e.Match(filepath.Join(dir, "web", "tsconfig.json")) || !e.Match(filepath.Join(dir, "vendor", "a.yaml")) || e.Match(filepath.Join(dir, "deploy", "a.yaml")) {
		t.Error("the config's globs are not matched against its directory")
	}
	if err := os.WriteFile(p, []byte("rootNamespace: x\nexclude:\n  - ok\n  - \"[\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(p); err == nil || !strings.Contains(err.Error(), FileName+":4: exclude: \"[\"") {
		t.Errorf("want an error at line 4, got %v", err)
	}
}

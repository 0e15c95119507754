package manifest

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// setStdin makes "-" read s for the rest of the test.
func setStdin(t *testing.T, s string) {
	old := Stdin
	Stdin = strings.NewReader(s)
	t.Cleanup(func() { Stdin = old })
}

func TestLoadPaths(t *testing.T) {
	const tree = "testdata/tree"
	tests := []struct {
		name  string
		paths []string
		stdin string
		want  []string
	}{
		{"a directory is walked in lexical order for .yaml, .yml and .json, skipping hidden directories",
			[]string{tree}, "", []string{
				"obj testdata/tree/a/x.yml:2 Pod/x",
				"obj testdata/tree/a/y.json:1 Pod/y",
				"obj testdata/tree/b.yaml:1 Service/b",
				"obj testdata/tree/c.YAML:1 Pod/c",
			}},
		{"a hidden directory named explicitly is read",
			[]string{tree + "/a/.hidden"}, "", []string{"obj testdata/tree/a/.hidden/z.yaml:1 Pod/hidden"}},
		{"a file named explicitly is read whatever its extension",
			[]string{tree + "/notes.txt"}, "", []string{"skip testdata/tree/notes.txt:1: document is a scalar"}},
		{"stdin is read for -, named -",
			[]string{"-"}, "apiVersion: v1\nkind: Pod\nmetadata: {name: in}\n", []string{"obj -:1 Pod/in"}},
		{"JSON on stdin is detected by its first character",
			[]string{"-"}, "\n\t{\"apiVersion\": \"v1\", \"kind\": \"Pod\"}", []string{"obj -:2 Pod/"}},
		{"a path that does not exist is an error and the other paths still load",
			[]string{tree + "/nope.yaml", tree + "/b.yaml"}, "", []string{
				"obj testdata/tree/b.yaml:1 Service/b",
				"err testdata/tree/nope.yaml: no such file or directory",
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			setStdin(t, tc.stdin)
			match(t, outline(Load(tc.paths, Options{})), tc.want)
		})
	}
}

func TestLoadIndexesAcrossInputs(t *testing.T) {
	setStdin(t, "apiVersion: v1\nkind: Pod\n---\napiVersion: v1\nkind: Pod\n")
	r := Load([]string{"testdata/tree/b.yaml", "-", "testdata/tree/a"}, Options{})
	var files []string
	for i, o := range r.Objects {
		if o.Index != i {
			t.Errorf("object %d has Index %d", i, o.Index)
		}
		files = append(files, filepath.Base(o.File))
	}
	if got, want := strings.Join(files, " "), "b.yaml - - x.yml y.json"; got != want {
		t.Errorf("order = %s, want %s", got, want)
	}
}

func TestLoadUnreadable(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "dangling.yaml")
	if err := os.Symlink(filepath.Join(dir, "gone"), link); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "ok.yaml"), []byte("apiVersion: v1\nkind: Pod\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	match(t, outline(Load([]string{dir}, Options{})), []string{
		"obj " + dir + "/ok.yaml:1 Pod/",
		"err " + link + ": no such file or directory",
	})
}

func TestStdinTooLarge(t *testing.T) {
	setStdin(t, strings.Repeat("# filler\n", 100))
	match(t, outline(Load([]string{"-"}, Options{MaxDocumentSize: 64})), []string{
		"err -:1: document too large (more than 64 bytes",
	})
}

// A FIFO named like a manifest is refused at once instead of blocking the
// run (nothing ever writes to it here).
func TestFIFOIsRefused(t *testing.T) {
	p := filepath.Join(t.TempDir(), "pipe.yaml")
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan []string, 1)
	go func() { done <- outline(Load([]string{p}, Options{})) }()
	select {
	case got := <-done:
		match(t, got, []string{"err " + p + ": not a regular file (p---------): refused; use - for standard input"})
	case <-time.After(10 * time.Second):
		t.Fatal("Load blocked on a FIFO")
	}
}

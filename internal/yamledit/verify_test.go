package yamledit

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mutate"
)

func TestVerifyRefusesTextThatMissesTheIntent(t *testing.T) {
	t.Parallel()
	src := "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\n"
	res := manifest.LoadBytes("x.yaml", []byte(src), manifest.Options{})
	targets := []Target{{Object: res.Objects[0], Edits: []mutate.Edit{field("v", "metadata", "labels", "k")}}}
	cases := []struct {
		sentence string
		after    string
		err      string
	}{
		{"the edit is missing", src, "does not decode to the intended object"},
		{"another object changed too", strings.Replace(src, "name: a\n", "name: a\n  labels: {k: v}\n", 1) + "  labels: {k: v}\n", "Pod/b: the edited text does not decode"},
		{"a document is gone", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels: {k: v}\n", "other documents"},
		{"the text does not parse", src + "  labels: [\n", "does not load"},
	}
	for _, tc := range cases {
		t.Run(tc.sentence, func(t *testing.T) {
			t.Parallel()
			err := verify("x.yaml", []byte(src), []byte(tc.after), targets)
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("err = %v, want one containing %q", err, tc.err)
			}
		})
	}
	good := strings.Replace(src, "name: a\n", "name: a\n  labels: {k: v}\n", 1)
	if err := verify("x.yaml", []byte(src), []byte(good), targets); err != nil {
		t.Errorf("the intended text is refused: %v", err)
	}
}

func TestWriteFileReplacesAtomicallyKeepingMode(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "a.yaml")
	if err := os.WriteFile(path, []byte("old\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.yaml")
	if err := os.Symlink("a.yaml", link); err != nil {
		t.Fatal(err)
	}
	_, orig, err := ReadOriginal(link)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(link, []byte("new\n"), orig); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	info, _ := os.Stat(path)
	if string(data) != "new\n" || info.Mode().Perm() != 0o600 {
		t.Errorf("after WriteFile: %q, mode %v; want \"new\\n\", 0600", data, info.Mode().Perm())
	}
	if l, err := os.Lstat(link); err != nil || l.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced by a file")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("temporary files left: %v", entries)
	}
	if err := WriteFile(filepath.Join(dir, "missing", "x.yaml"), nil, nil); err == nil {
		t.Error("writing into a missing directory succeeded")
	}
}

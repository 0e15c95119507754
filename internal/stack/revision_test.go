package stack

import (
	"archive/tar"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/parts"
)

func TestExportWritesTheRevisionsTree(t *testing.T) {
	parts.Command(t, "git", "apt-get install -y git")
	repo := t.TempDir()
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = repo
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(repo, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git("init", "-q")
	write("deploy/a.yaml", "first\n")
	git("add", "-A")
	git("commit", "-q", "-m", "one")
	write("deploy/a.yaml", "second\n")
	if err := os.Symlink("a.yaml", filepath.Join(repo, "deploy/link.yaml")); err != nil {
		t.Fatal(err)
	}
	git("add", "-A")
	git("commit", "-q", "-m", "two")

	r, err := FindRepo(filepath.Join(repo, "deploy"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Prefix != "deploy/" || !r.IsRevision("HEAD~1") || r.IsRevision("no-such-rev") || r.IsRevision("--all") {
		t.Errorf("repo %+v, HEAD~1 a revision: %v", r, r.IsRevision("HEAD~1"))
	}
	for rev, want := range map[string]string{"HEAD~1": "first\n", "HEAD": "second\n"} {
		dir, cleanup, err := r.Export(rev)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(dir, "deploy/a.yaml"))
		if err != nil || string(got) != want {
			t.Errorf("%s: %q, %v; want %q", rev, got, err, want)
		}
		if rev == "HEAD" {
			if via, err := os.ReadFile(filepath.Join(dir, "deploy/link.yaml")); err != nil || string(via) != want {
				t.Errorf("symlink: %q, %v", via, err)
			}
		}
		cleanup()
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Errorf("%s: export %s not removed", rev, dir)
		}
	}
	if _, _, err := r.Export("no-such-rev"); err == nil || !strings.Contains(err.Error(), "not a revision") {
		t.Errorf("unknown revision: %v", err)
	}
}

func TestUntarRefusesNamesOutsideTheTree(t *testing.T) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	if err := tw.WriteHeader(&tar.Header{Name: "../escape.yaml", Typeflag: tar.TypeReg, Mode: 0o644}); err != nil {
		t.Fatal(err)
	}
	tw.Close()
	dir := filepath.Join(t.TempDir(), "tree")
	if err := untar(&buf, dir); err == nil || !strings.Contains(err.Error(), "outside the tree") {
		t.Errorf("untar: %v, want a refusal", err)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "escape.yaml")); !os.IsNotExist(err) {
		t.Error("a file was written outside the tree")
	}
}

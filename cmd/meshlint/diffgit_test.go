package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/parts"
)

// gitRepo makes a repository in a temporary directory with the real git
// program (the test fails without it, and skips in -short mode) and
// returns its directory and a function that runs git there.
func gitRepo(t *testing.T) (string, func(args ...string)) {
	t.Helper()
	parts.Command(t, "git", "meshlint diff reads revisions with the git program: apt-get install -y git")
	repo := t.TempDir()
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = repo
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	run("init", "-q", "-b", "main")
	return repo, run
}

func TestDiffOfTwoRevisions(t *testing.T) {
	t.Parallel()
	repo, git := gitRepo(t)
	config, err := filepath.Abs("../../manifests/blog-system/.meshlint.yaml")
	if err != nil {
		t.Fatal(err)
	}
	blogStack(t, repo, "deploy", "")
	git("add", "-A")
	git("commit", "-q", "-m", "the blog stack")
	blogStack(t, repo, "deploy", "web-nginx-config.yaml", hostOfClient...)
	git("commit", "-q", "-a", "-m", "nginx forwards the client's Host")
	tmp := t.TempDir() // the exports go here, and must be gone after each run
	diff := func(dir string, args ...string) result {
		t.Helper()
		r := meshlintIn(t, dir, "", []string{"TMPDIR=" + tmp}, append([]string{"diff", "--config", config}, args...)...)
		if left, _ := os.ReadDir(tmp); len(left) > 0 {
			t.Errorf("meshlint diff %v left %s in TMPDIR", args, left[0].Name())
		}
		return r
	}

	r := diff(repo, "--format", "json", "HEAD~1", "HEAD", "--", "deploy/")
	d := parseDiff(t, r)
	if r.code != exitFindings {
		t.Errorf("exit %d, want 1\n%s", r.code, r.stderr)
	}
	if c, before, after := d.hop(t, "ConfigMap/blog-system/web-nginx-config", 8080); c != "changed" || !slices.Equal(before, []string{"mtls"}) || slices.Equal(after, before) {
		t.Errorf("web -> was: %s %v -> %v", c, before, after)
	}
	for _, f := range d.Findings.Added {
		if filepath.Dir(f.File) != "deploy" {
			t.Errorf("finding in %s, want a file of deploy/ as the repository names it", f.File)
		}
	}

	// From a subdirectory, the PATHs default to it; the text names the
	// revisions.
	diff(filepath.Join(repo, "deploy"), "HEAD~1", "HEAD").expect(t, exitFindings, "meshlint diff HEAD~1 -> HEAD\n1 hop changed", "")

	// The working tree as HEAD: undoing the change fixes what it broke.
	blogStack(t, repo, "deploy", "")
	for _, args := range [][]string{{"HEAD", "--", "deploy"}, {"HEAD", ".", "--", "deploy"}} {
		r = diff(repo, append([]string{"--format", "json"}, args...)...)
		if d = parseDiff(t, r); r.code != exitOK || len(d.Findings.Fixed) == 0 || len(d.Findings.Added) != 0 {
			t.Errorf("diff %v: exit %d, fixed %v, added %v", args, r.code, rulesOf(d.Findings.Fixed), rulesOf(d.Findings.Added))
		}
	}

	// A stack the change creates: every hop is added.
	blogStack(t, repo, "other", "")
	git("add", "-A")
	git("commit", "-q", "-m", "a second copy")
	r = diff(repo, "--format", "json", "HEAD~1", "HEAD", "--", "other")
	d = parseDiff(t, r)
	if r.code != exitOK || len(d.Hops) == 0 || d.MeshCoverage.Before.Percent != 0 {
		t.Errorf("new stack: exit %d, coverage %+v\n%s", r.code, d.MeshCoverage, r.stderr)
	}
	for _, h := range d.Hops {
		if h.Change != "added" {
			t.Errorf("%s: %s, want added", h.Hop, h.Change)
		}
	}

	// As in git, an existing path wins over a revision of the same name,
	// unless -- separates them.
	if err := os.Mkdir(filepath.Join(repo, "main"), 0o755); err != nil {
		t.Fatal(err)
	}
	diff(repo, "main", "HEAD").expect(t, exitUsage, "", "main is a path")
	diff(repo, "main", "HEAD", "--", "deploy").expect(t, exitOK, "meshlint diff main -> HEAD", "")
	diff(repo, "no-such-rev", "HEAD", "--", "deploy").expect(t, exitUsage, "", "no-such-rev: neither a path nor a revision")
	diff(repo, "HEAD~1", "HEAD", "--", "nowhere").expect(t, exitUsage, "", "nowhere: in neither HEAD~1 nor HEAD")
	diff(repo, "HEAD~1", "HEAD", "--", "../elsewhere").expect(t, exitUsage, "", "../elsewhere: outside the repository")
	diff(t.TempDir(), "HEAD~1", "HEAD").expect(t, exitUsage, "", "HEAD~1 is neither a path nor a revision")
}

// A Helm chart in each revision is rendered there (in the child process
// lint uses; the release namespace is "default"), and its findings name
// the chart's files as the repository does.
func TestDiffOfTwoRevisionsOfAChart(t *testing.T) {
	t.Parallel()
	repo, git := gitRepo(t)
	chart := filepath.Join(repo, "charts", "blog")
	if err := os.CopyFS(chart, os.DirFS("../../internal/render/testdata/helm/blog")); err != nil {
		t.Fatal(err)
	}
	git("add", "-A")
	git("commit", "-q", "-m", "the blog chart")
	copyFixture(t, chart, "values.yaml", filepath.Join(chart, "values.yaml"), 0o644, "strict: false", "strict: true")
	git("commit", "-q", "-a", "-m", "STRICT blog-system")

	r := meshlint(t, repo, "", "diff", "--format", "json", "HEAD~1", "HEAD", "--", "charts/blog")
	d := parseDiff(t, r)
	if r.code != exitFindings {
		t.Errorf("exit %d, want 1\n%s", r.code, r.stderr)
	}
	if c, before, after := d.hop(t, "Ingress/default/blog", 80); c != "changed" || !slices.Equal(before, []string{"plaintext"}) || !slices.Equal(after, []string{"rejected"}) {
		t.Errorf("ingress -> web: %s %v -> %v, want plaintext -> rejected", c, before, after)
	}
	for _, f := range d.Findings.Added {
		if !strings.HasPrefix(f.File, "charts/blog/") {
			t.Errorf("%s on %s, want a file of the chart as the repository names it", f.Rule, f.File)
		}
	}
}

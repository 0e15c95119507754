package action

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/parts"
)

// The break the tests make in the blog stack (manifests/blog-system):
// nginx forwards the client's Host, which the mesh does not know (ML201,
// as test/precommit does).
const (
	goodHost  = "proxy_set_header Host was-service;"
	badHost   = "proxy_set_header Host $host;"
	nginxConf = "deploy/web-nginx-config.yaml"
)

// workspace is a checkout as actions/checkout with fetch-depth: 0 leaves
// it: a clone of an upstream whose main holds the blog stack in deploy/,
// on a branch "change" whose one commit forwards the client's Host when
// broken is set. It returns the checkout and the line of the break.
func workspace(t *testing.T, broken bool) (string, int) {
	t.Helper()
	parts.Command(t, "git", "apt-get install -y git")
	parts.Command(t, "curl", "apt-get install -y curl") // the install step fetches archives with it
	upstream := t.TempDir()
	copyTree(t, filepath.Join(root, "manifests", "blog-system"), filepath.Join(upstream, "deploy"))
	git(t, upstream, "init", "-q", "-b", "main")
	git(t, upstream, "add", ".")
	git(t, upstream, "commit", "-q", "-m", "blog stack")
	ws := filepath.Join(t.TempDir(), "repo")
	git(t, "", "clone", "-q", upstream, ws)
	git(t, ws, "checkout", "-q", "-b", "change")
	if !broken {
		return ws, 0
	}
	conf := filepath.Join(ws, nginxConf)
	text := readFile(t, conf)
	if !strings.Contains(text, goodHost) {
		t.Fatalf("%s no longer has %q: update the test", nginxConf, goodHost)
	}
	text = strings.Replace(text, goodHost, badHost, 1)
	if err := os.WriteFile(conf, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	git(t, ws, "commit", "-q", "-am", "web: forward the client's Host")
	return ws, 1 + strings.Count(text[:strings.LastIndex(text, badHost)], "\n")
}

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Package precommit tests the pre-commit hook this repository publishes
// (.pre-commit-hooks.yaml) with the real pre-commit: a git repository of
// manifests whose pre-commit hook runs `pre-commit try-repo` against this
// repository, so pre-commit builds meshlint with `go install` as it does
// for users, and `git commit` succeeds or fails on meshlint's verdict.
package precommit

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/parts"
)

// root is this repository, the hook's source.
var root, _ = filepath.Abs("../..")

func TestHookBlocksHostPassthroughCommit(t *testing.T) {
	for _, tool := range []string{"git", "pre-commit", "go"} {
		parts.Command(t, tool, "`make deps` installs pre-commit (Debian's package)")
	}
	repo := t.TempDir()
	copyManifests(t, filepath.Join(root, "manifests", "blog-system"), repo)
	// A broken object committed before the hook: a run on other files
	// must read it for context and not report it.
	write(t, filepath.Join(repo, "legacy.yaml"), legacyDestinationRule)
	git(t, repo, "init", "-q", "-b", "main")
	git(t, repo, "add", ".")
	git(t, repo, "commit", "-q", "--no-verify", "-m", "blog stack")
	hookRepo := snapshot(t)
	// The context really is broken: linted on its own, legacy.yaml fails.
	if r := direct(t, repo, "lint", "--context", ".", "legacy.yaml"); r.code != 1 || !strings.Contains(r.out, "ML103") {
		t.Fatalf("legacy.yaml should fail on its own with ML103: exit %d\n%s", r.code, r.out)
	}
	installHook(t, repo, hookRepo)

	conf := filepath.Join(repo, "web-nginx-config.yaml")
	fixed := read(t, conf)
	const good, bad = "proxy_set_header Host was-service;", "proxy_set_header Host $host;"
	if !strings.Contains(fixed, good) {
		t.Fatalf("%s no longer has %q: update the test", conf, good)
	}
	broken := strings.Replace(fixed, good, bad, 1)
	line := 1 + strings.Count(broken[:strings.LastIndex(broken, bad)], "\n") // the comment above quotes it too

	write(t, conf, broken)
	git(t, repo, "add", "web-nginx-config.yaml")
	head := git(t, repo, "rev-parse", "HEAD")
	out, err := commit(repo, "api: forward the client's Host")
	if err == nil {
		t.Fatalf("the commit adding %q went through; hook output:\n%s", bad, out)
	}
	for _, want := range []string{
		"web-nginx-config.yaml:" + strconv.Itoa(line), "ML201", "host-header-passthrough", "PassthroughCluster",
		"Failed",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("hook output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "legacy.yaml") {
		t.Errorf("the hook reported on legacy.yaml, which the commit does not touch:\n%s", out)
	}
	if now := git(t, repo, "rev-parse", "HEAD"); now != head {
		t.Fatalf("HEAD moved from %s to %s although the hook failed", head, now)
	}

	// The fix: keep the mesh name as Host and pass the external one on.
	write(t, conf, strings.Replace(fixed, "proxy_set_header X-Real-IP", "proxy_set_header X-Request-Start \"t=${msec}\";\n            proxy_set_header X-Real-IP", 1))
	git(t, repo, "add", "web-nginx-config.yaml")
	out, err = commit(repo, "api: pass the request start time")
	if err != nil {
		t.Fatalf("the fixed commit was refused: %v\n%s", err, out)
	}
	if !strings.Contains(out, "meshlint") || !strings.Contains(out, "Passed") {
		t.Errorf("the hook did not run on the fixed commit:\n%s", out)
	}
	if now := git(t, repo, "rev-parse", "HEAD"); now == head {
		t.Fatalf("HEAD did not move after the fixed commit")
	}
	commitsWithExclude(t, repo)
}

// A vendored manifest that does not parse fails the commit that adds it,
// pre-commit naming it; once the config's exclude: covers it, the same
// commit goes through (pre-commit still names the file: meshlint skips
// it). A tsconfig.json with comments in the repository is no error.
func commitsWithExclude(t *testing.T, repo string) {
	t.Helper()
	write(t, filepath.Join(repo, "tsconfig.json"), "{\n  // comments\n  \"compilerOptions\": {}\n}\n")
	if err := os.MkdirAll(filepath.Join(repo, "vendor"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(repo, "vendor", "broken.yaml"), "apiVersion: v1\nkind: Service\nmetadata:\n  name: [x\n")
	git(t, repo, "add", "tsconfig.json", "vendor/broken.yaml")
	out, err := commit(repo, "vendor a chart's output")
	if err == nil || !strings.Contains(out, "vendor/broken.yaml:4: invalid YAML") {
		t.Fatalf("the commit of a broken manifest went through, or meshlint did not name it: %v\n%s", err, out)
	}
	config := filepath.Join(repo, ".meshlint.yaml")
	write(t, config, read(t, config)+"\nexclude: [vendor]\n")
	git(t, repo, "add", ".meshlint.yaml")
	if out, err := commit(repo, "vendor a chart's output"); err != nil || strings.Contains(out, "invalid") {
		t.Fatalf("the excluded file still fails the commit: %v\n%s", err, out)
	}
}

// legacyDestinationRule asks ISTIO_MUTUAL towards mysql, which the stack
// keeps out of the mesh (ML103), for was's sidecar: a workloadSelector
// rule comes before the stack's own mysql rule for the workloads it
// selects, whatever the order the files are read in.
const legacyDestinationRule = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: mysql-legacy
  namespace: blog-system
spec:
  host: mysql.blog-system.svc.cluster.local
  workloadSelector:
    matchLabels:
      app: was
  trafficPolicy:
    tls:
      mode: ISTIO_MUTUAL
`

// installHook makes the repository's git pre-commit hook run meshlint's
// hook from hookRepo through `pre-commit try-repo`. The module cache is
// the one of this machine (pre-commit gives the Go build a GOPATH of its
// own, whose module cache would be cold), and the release's build flags
// (static, -trimpath) let the build reuse compiled packages whatever
// directory pre-commit clones into, and those make test compiled.
func installHook(t *testing.T, repo, hookRepo string) {
	t.Helper()
	modcache := strings.TrimSpace(run(t, root, "go", "env", "GOMODCACHE"))
	buildcache := strings.TrimSpace(run(t, root, "go", "env", "GOCACHE")) // git runs the hook with the test's HOME
	script := "#!/bin/sh\n" +
		"export PRE_COMMIT_HOME=" + shellQuote(filepath.Join(t.TempDir(), "pre-commit")) + "\n" +
		"export GOMODCACHE=" + shellQuote(modcache) + "\n" +
		"export GOCACHE=" + shellQuote(buildcache) + "\n" +
		"export GOFLAGS=-trimpath CGO_ENABLED=0\n" +
		"exec pre-commit try-repo " + shellQuote(hookRepo) + " meshlint --verbose\n"
	write(t, filepath.Join(repo, ".git", "hooks", "pre-commit"), script)
	if err := os.Chmod(filepath.Join(repo, ".git", "hooks", "pre-commit"), 0o755); err != nil {
		t.Fatal(err)
	}
}

// snapshot commits this repository's working tree (tracked files and new
// ones git does not ignore) to a new repository: try-repo would make such
// a commit itself on a work tree with changes, but anew for every run,
// and build meshlint again each time.
func snapshot(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	list := run(t, root, "git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	for _, name := range strings.Split(list, "\x00") {
		if name == "" {
			continue
		}
		data, err := os.ReadFile(filepath.Join(root, name))
		if errors.Is(err, fs.ErrNotExist) {
			continue // deleted in the work tree
		} else if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(dir, name), string(data))
	}
	git(t, dir, "init", "-q", "-b", "main")
	git(t, dir, "add", ".")
	git(t, dir, "commit", "-q", "--no-verify", "-m", "snapshot")
	return dir
}

type ran struct {
	out  string
	code int
}

// direct builds this repository's meshlint and runs it in dir.
func direct(t *testing.T, dir string, args ...string) ran {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "meshlint")
	run(t, root, "go", "build", "-o", bin, "./cmd/meshlint")
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("go run meshlint: %v\n%s", err, out)
	}
	return ran{string(out), cmd.ProcessState.ExitCode()}
}

func commit(repo, msg string) (string, error) {
	cmd := exec.Command("git", "commit", "-m", msg)
	cmd.Dir = repo
	cmd.Env = gitEnv()
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = gitEnv()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func gitEnv() []string {
	return append(os.Environ(), "GIT_AUTHOR_NAME=meshlint test", "GIT_AUTHOR_EMAIL=test@example.com",
		"GIT_COMMITTER_NAME=meshlint test", "GIT_COMMITTER_EMAIL=test@example.com", "GIT_CONFIG_NOSYSTEM=1",
		"HOME="+os.TempDir())
}

func run(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	return string(out)
}

// copyManifests copies a directory's manifests and config (not its docs).
func copyManifests(t *testing.T, from, to string) {
	t.Helper()
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !(strings.HasSuffix(name, ".yaml") || name == "mysql.env.example") {
			continue
		}
		write(t, filepath.Join(to, name), read(t, filepath.Join(from, name)))
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

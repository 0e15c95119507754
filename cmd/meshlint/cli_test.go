package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/meshlint/meshlint/internal/catalog"
)

func TestUsageErrorsExit2(t *testing.T) {
	t.Parallel()
	cases := []struct {
		sentence string
		args     []string
		stderr   string
	}{
		{"no command prints help", nil, ""},
		{"an unknown command", []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"an unknown flag", []string{"lint", "--bogus", "x.yaml"}, "flag provided but not defined: -bogus"},
		{"lint without a path", []string{"lint"}, "lint needs at least one PATH"},
		{"an unknown lint format", []string{"lint", "--format", "xml", "testdata/clean/good.yaml"}, `unknown format "xml"`},
		{"an unknown --fail-on", []string{"lint", "--fail-on", "fatal", "testdata/clean/good.yaml"}, `unknown severity "fatal"`},
		{"explain without an ID", []string{"explain"}, "explain takes one rule ID"},
		{"explain of an unknown ID", []string{"explain", "ML999"}, `unknown rule "ML999"`},
		{"an unknown help topic", []string{"help", "nope"}, "No help topic"},
		{"an unknown rules format", []string{"rules", "--format", "html"}, `unknown format "html"`},
		{"--output-dir with text", []string{"rules", "--output-dir", "x"}, "--output-dir needs --format markdown"},
	}
	for _, tc := range cases {
		t.Run(tc.sentence, func(t *testing.T) {
			t.Parallel()
			meshlint(t, "", "", tc.args...).expect(t, exitUsage, "", tc.stderr)
		})
	}
}

func TestLintCleanInputExits0(t *testing.T) {
	t.Parallel()
	meshlint(t, "", "", "lint", "testdata/clean/good.yaml").expect(t, exitOK, "in 2 objects", "")
	meshlint(t, "", "", "lint", "testdata/clean").expect(t, exitOK, "in 2 objects", "")
}

func TestLintReadsStdin(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("testdata/clean/good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	meshlint(t, "", string(doc), "lint", "-").expect(t, exitOK, "in 2 objects", "")
}

func TestLintJSONContract(t *testing.T) {
	t.Parallel()
	r := meshlint(t, "", "", "lint", "--format", "json", "testdata/clean/good.yaml")
	var doc struct {
		Findings []any          `json:"findings"`
		Summary  map[string]int `json:"summary"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("%v:\n%s", err, r.stdout)
	}
	if doc.Findings == nil || doc.Summary["objects"] != 2 {
		t.Errorf("json = %s", r.stdout)
	}
}

// A broken file exits 2 with file:line on stderr, and the other files are
// still linted and reported.
func TestLintInputErrorsWinButOthersAreReported(t *testing.T) {
	t.Parallel()
	r := meshlint(t, "", "", "lint", "--format", "json", "--fail-on", "none", "testdata/clean", "testdata/broken/bad.yaml")
	r.expect(t, exitUsage, `"objects": 2`, "")
	if !regexp.MustCompile(`(?m)^testdata/broken/bad\.yaml:\d+: `).MatchString(r.stderr) {
		t.Errorf("stderr lacks file:line: msg:\n%s", r.stderr)
	}
	meshlint(t, "", "", "lint", "testdata/missing.yaml").expect(t, exitUsage, "1 input error", "testdata/missing.yaml")
}

func TestLintConfig(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, ".meshlint.yaml")
	if err := os.WriteFile(cfg, []byte("rules:\n  ML999: {mode: \"off\"}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	good, _ := filepath.Abs("testdata/clean/good.yaml")
	// Found upward from the working directory.
	meshlint(t, sub, "", "lint", good).expect(t, exitUsage, "", cfg+":2: rules: unknown rule ID")
	// --config wins over the search.
	ok := filepath.Join(dir, "ok.yaml")
	if err := os.WriteFile(ok, []byte("autoMtls: true\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	meshlint(t, sub, "", "lint", "--config", ok, good).expect(t, exitOK, "in 2 objects", "")
	meshlint(t, sub, "", "lint", "--config", ok+".missing", good).expect(t, exitUsage, "", "read config")
}

func TestRulesAndExplain(t *testing.T) {
	t.Parallel()
	r := meshlint(t, "", "", "rules")
	r.expect(t, exitOK, "ML201  error     host-header-passthrough", "")
	for _, e := range catalog.All() {
		if !strings.Contains(r.stdout, e.ID+" ") {
			t.Errorf("rules lacks %s", e.ID)
		}
	}
	meshlint(t, "", "", "rules", "--format", "markdown").expect(t, exitOK, "| [MM04](MM04.md) |", "")
	meshlint(t, "", "", "explain", "ML201").expect(t, exitOK, "## How to fix", "")
	meshlint(t, "", "", "explain", "ml302").expect(t, exitOK, "# ML302 service-port-protocol-undeclared", "")
	meshlint(t, "", "", "explain", "nginx-host-rewrite").expect(t, exitOK, "# MM01", "")
	meshlint(t, "", "", "version").expect(t, exitOK, "meshlint dev (commit none", "")
	meshlint(t, "", "", "--version").expect(t, exitOK, "meshlint dev (commit none", "")
}

// The docs in docs/rules are generated from the catalogue; this fails when
// someone edits the catalogue without running make generate.
func TestGeneratedDocsAreCurrent(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	meshlint(t, "", "", "rules", "--format", "markdown", "--output-dir", out).expect(t, exitOK, "", "")
	want, _ := filepath.Glob(filepath.Join(out, "*.md"))
	have, _ := filepath.Glob("../../docs/rules/*.md")
	if len(want) != len(have) {
		t.Errorf("docs/rules has %d pages, the catalogue %d: run make generate", len(have), len(want))
	}
	for _, w := range want {
		got, err := os.ReadFile(filepath.Join("../../docs/rules", filepath.Base(w)))
		exp, _ := os.ReadFile(w)
		if err != nil || string(got) != string(exp) {
			t.Errorf("docs/rules/%s is stale: run make generate", filepath.Base(w))
		}
	}
}

func TestLintFailOnAndConfigSeverities(t *testing.T) {
	t.Parallel()
	const stack = "testdata/findings" // ML104 and ML302, both info by default
	meshlint(t, "", "", "lint", stack).expect(t, exitOK, "0 errors, 0 warnings, 2 info in 3 objects", "")
	meshlint(t, "", "", "lint", "--fail-on", "info", stack).expect(t, exitFindings, "ML302 service-port-protocol-undeclared", "")
	meshlint(t, "", "", "lint", "--fail-on", "none", stack).expect(t, exitOK, "2 info", "")

	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	raised := write("raised.yaml", "rules:\n  ML302: {severity: error}\n")
	meshlint(t, "", "", "lint", "--config", raised, stack).expect(t, exitFindings, "1 error, 0 warnings, 1 info", "")
	quiet := write("quiet.yaml", "rules:\n  ML104: {mode: \"off\"}\nignores:\n  - {rule: ML302, kind: Service, reason: ports are named by the chart}\n")
	meshlint(t, "", "", "lint", "--fail-on", "info", "--config", quiet, stack).expect(t, exitOK, "0 errors, 0 warnings, 0 info", "")
}

func TestLintPolicyDirMustExist(t *testing.T) {
	t.Parallel()
	meshlint(t, "", "", "lint", "--policy", "testdata/no-such-dir", "testdata/clean").expect(t, exitUsage, "", "load policies")
}

// A symbolic link to a directory, given as a PATH, is walked through its
// target: it used to yield no file and pass with exit 0.
func TestLintFollowsASymlinkedDirectory(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real")
	if err := os.MkdirAll(real, 0o755); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("../../testdata/rules/ML103/declared-namespace-no-injection.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(real, "stack.yaml"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real", filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	r := meshlint(t, dir, "", "lint", "link")
	if r.code != 1 || !strings.Contains(r.stdout, "link/stack.yaml:16") || !strings.Contains(r.stdout, "ML103") {
		t.Errorf("exit %d, want 1 with ML103 at link/stack.yaml:16:\n%s\n%s", r.code, r.stdout, r.stderr)
	}
}

// endless is `yes`: standard input that never ends.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = "y\n"[i%2]
	}
	return len(p), nil
}

// `yes | meshlint lint -` stops reading at the document size cap and says so,
// instead of draining standard input to count it.
func TestLintStopsReadingEndlessStdin(t *testing.T) {
	cmd := exec.Command(bin, "lint", "-")
	cmd.Stdin = endless{}
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 2 || !strings.Contains(errOut.String(), "-:1: document too large (more than") {
			t.Errorf("want exit 2 with a too-large error, got %v:\n%s", err, errOut.String())
		}
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("meshlint lint - kept reading an endless standard input")
	}
}

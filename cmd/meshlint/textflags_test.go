package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const findingsStack = "testdata/findings" // ML104 and ML302 on Service/shop/web, both info

// --quiet prints the counts line alone, with the exit status of a full
// run; machine formats are the same bytes with or without it.
func TestLintQuietPrintsTheSummaryOnly(t *testing.T) {
	t.Parallel()
	r := meshlint(t, "", "", "lint", "--quiet", "--fail-on", "info", findingsStack)
	r.expect(t, exitFindings, "", "")
	if r.stdout != "0 errors, 0 warnings, 2 info in 3 objects\n" {
		t.Errorf("stdout = %q, want the summary line alone", r.stdout)
	}
	meshlint(t, "", "", "lint", "-q", findingsStack).expect(t, exitOK, "2 info in 3 objects", "")
	for _, format := range []string{"json", "sarif", "junit", "github"} {
		full := meshlint(t, "", "", "lint", "--format", format, findingsStack)
		quiet := meshlint(t, "", "", "lint", "--quiet", "--format", format, findingsStack)
		if full.stdout != quiet.stdout || full.code != quiet.code {
			t.Errorf("--quiet changed the %s output:\n%s\n---\n%s", format, quiet.stdout, full.stdout)
		}
	}
	// Input errors still reach standard error: they explain exit 2.
	r = meshlint(t, "", "", "lint", "--quiet", "testdata/clean", "testdata/broken/bad.yaml")
	r.expect(t, exitUsage, "; 1 input error", "testdata/broken/bad.yaml:")
	if strings.Count(r.stdout, "\n") != 1 {
		t.Errorf("stdout = %q, want one line", r.stdout)
	}
}

func TestLintColorModes(t *testing.T) {
	t.Parallel()
	const esc = "\x1b["
	cases := []struct {
		sentence string
		env      []string
		args     []string
		colored  bool
	}{
		{"auto colors nothing that is not a terminal", nil, []string{"--color=auto"}, false},
		{"auto is the default", nil, nil, false},
		{"always colors a pipe", nil, []string{"--color=always"}, true},
		{"always wins over NO_COLOR, as an explicit flag should", []string{"NO_COLOR=1"}, []string{"--color", "always"}, true},
		{"never", nil, []string{"--color=never"}, false},
		{"--no-color is never", nil, []string{"--no-color"}, false},
		{"--no-color agrees with --color=never", nil, []string{"--no-color", "--color=never"}, false},
	}
	for _, tc := range cases {
		t.Run(tc.sentence, func(t *testing.T) {
			t.Parallel()
			args := append(append([]string{"lint"}, tc.args...), findingsStack)
			r := meshlintIn(t, "", "", tc.env, args...)
			r.expect(t, exitOK, "2 info in 3 objects", "")
			if got := strings.Contains(r.stdout, esc); got != tc.colored {
				t.Errorf("colored = %v, want %v:\n%q", got, tc.colored, r.stdout)
			}
		})
	}
	meshlint(t, "", "", "lint", "--color=sometimes", findingsStack).expect(t, exitUsage, "", `--color: unknown mode "sometimes"`)
	meshlint(t, "", "", "lint", "--no-color", "--color=always", findingsStack).expect(t, exitUsage, "", "contradict")
	// Colors never reach a machine format, even when asked for.
	r := meshlint(t, "", "", "lint", "--color=always", "--format", "json", findingsStack)
	if strings.Contains(r.stdout, esc) {
		t.Errorf("escape codes in JSON:\n%s", r.stdout)
	}
}

// suppressedStack writes the findings stack with ML104 waived by an
// annotation on the Service and ML302 by an ignore of .meshlint.yaml.
func suppressedStack(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join(findingsStack, "stack.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	annotated := strings.Replace(string(src), "  name: web\n  namespace: shop\nspec:\n  selector:\n    app: web\n",
		"  name: web\n  namespace: shop\n  annotations:\n    meshlint.io/ignore: ML104\nspec:\n  selector:\n    app: web\n", 1)
	if annotated == string(src) {
		t.Fatal("the Service was not annotated")
	}
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("stack.yaml", annotated)
	write(".meshlint.yaml", "ignores:\n  - rule: ML302\n    kind: Service\n    reason: ports are named by the chart\n")
	return dir
}

func TestLintSaysWhatWasSuppressed(t *testing.T) {
	t.Parallel()
	dir := suppressedStack(t)
	meshlint(t, dir, "", "lint", "--fail-on", "info", "stack.yaml").expect(t, exitOK,
		"0 errors, 0 warnings, 0 info in 3 objects (2 suppressed: 1 by .meshlint.yaml, 1 by annotation meshlint.io/ignore)\n", "")
	meshlint(t, dir, "", "lint", "--explain", "stack.yaml").expect(t, exitOK, "",
		"stack.yaml:30: Service/shop/web: ML104 meshed-service-without-istio-mutual: by annotation meshlint.io/ignore")

	r := meshlint(t, dir, "", "lint", "--format", "json", "stack.yaml")
	var doc struct {
		Suppressed struct {
			Count    int `json:"count"`
			Findings []struct {
				Rule string `json:"rule"`
				File string `json:"file"`
				Line int    `json:"line"`
				By   struct {
					Kind, File, Reason string
					Line               int
				} `json:"by"`
			} `json:"findings"`
		} `json:"suppressed"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("%v:\n%s", err, r.stdout)
	}
	s := doc.Suppressed
	if s.Count != 2 || len(s.Findings) != 2 {
		t.Fatalf("suppressed = %+v", s)
	}
	ann, cfg := s.Findings[0], s.Findings[1]
	if ann.Rule != "ML104" || ann.By.Kind != "annotation" || ann.File != "stack.yaml" || ann.By.File != "stack.yaml" || ann.By.Line != 30 {
		t.Errorf("annotation waiver = %+v", ann)
	}
	if cfg.Rule != "ML302" || cfg.By.Kind != "config" || filepath.Base(cfg.By.File) != ".meshlint.yaml" || cfg.By.Line != 2 ||
		cfg.By.Reason != "ports are named by the chart" || cfg.Line == 0 {
		t.Errorf("config waiver = %+v", cfg)
	}
}

func TestLintSARIFKeepsSuppressedResults(t *testing.T) {
	t.Parallel()
	r := meshlint(t, suppressedStack(t), "", "lint", "--format", "sarif", "stack.yaml")
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID       string `json:"ruleId"`
				Suppressions []struct {
					Kind          string `json:"kind"`
					Justification string `json:"justification"`
				} `json:"suppressions"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
		t.Fatalf("%v:\n%s", err, r.stdout)
	}
	got := map[string]string{}
	for _, res := range log.Runs[0].Results {
		for _, s := range res.Suppressions {
			got[res.RuleID] = s.Kind + ": " + s.Justification
		}
	}
	want := map[string]string{
		"ML104": "inSource: meshlint.io/ignore annotation on Service/shop/web",
		"ML302": "external: ports are named by the chart",
	}
	if len(got) != 2 || got["ML104"] != want["ML104"] || got["ML302"] != want["ML302"] {
		t.Errorf("suppressions = %v, want %v", got, want)
	}
}

// The JSON report is written when input errors end the run with exit 2,
// and says why: the errors, with file and line.
func TestLintJSONCarriesTheInputErrors(t *testing.T) {
	t.Parallel()
	r := meshlint(t, "", "", "lint", "--format", "json", "testdata/clean", "testdata/broken/bad.yaml")
	r.expect(t, exitUsage, "", "testdata/broken/bad.yaml:")
	var doc struct {
		Errors []struct {
			File    string `json:"file"`
			Line    int    `json:"line"`
			Message string `json:"message"`
		} `json:"errors"`
		Summary map[string]int `json:"summary"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("%v:\n%s", err, r.stdout)
	}
	if len(doc.Errors) != 1 || doc.Errors[0].File != "testdata/broken/bad.yaml" || doc.Errors[0].Line == 0 ||
		doc.Errors[0].Message == "" || !strings.Contains(r.stderr, doc.Errors[0].Message) {
		t.Errorf("errors = %+v\nstderr: %s", doc.Errors, r.stderr)
	}
	if doc.Summary["objects"] != 2 {
		t.Errorf("the other files were not reported: %v", doc.Summary)
	}
	r = meshlint(t, "", "", "lint", "--format", "json", "testdata/missing.yaml")
	r.expect(t, exitUsage, `"file": "testdata/missing.yaml"`, "")
}

// diff --quiet prints the heading and the summary line of its text, with
// the exit status of the full diff; markdown and json are unchanged.
func TestDiffQuietPrintsTheSummaryOnly(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	base := blogStack(t, dir, "base", "")
	host := blogStack(t, dir, "host", "web-nginx-config.yaml", hostOfClient...)
	config := "../../manifests/blog-system/.meshlint.yaml"
	full := meshlint(t, "", "", "diff", "--config", config, base, host)
	quiet := meshlint(t, "", "", "diff", "--config", config, "--quiet", base, host)
	lines := strings.SplitAfter(full.stdout, "\n")
	if len(lines) < 4 || quiet.stdout != lines[0]+lines[1] || quiet.code != full.code || full.code != exitFindings {
		t.Errorf("exit %d (full %d), quiet:\n%s\nfull:\n%s", quiet.code, full.code, quiet.stdout, full.stdout)
	}
	for _, format := range []string{"markdown", "json"} {
		f := meshlint(t, "", "", "diff", "--config", config, "--format", format, base, host)
		q := meshlint(t, "", "", "diff", "--config", config, "--format", format, "-q", base, host)
		if f.stdout != q.stdout {
			t.Errorf("--quiet changed the %s diff", format)
		}
	}
}

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const factsStack = "testdata/field-report/host/stack.yaml" // from the repository root

func TestFactsPrintTheRulesInputStably(t *testing.T) {
	t.Parallel()
	first := meshlint(t, "../..", "", "facts", factsStack)
	first.expect(t, exitOK, `"hops": [`, "")
	if again := meshlint(t, "../..", "", "facts", factsStack); again.stdout != first.stdout {
		t.Errorf("two runs print different facts:\n%s\n---\n%s", first.stdout, again.stdout)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(first.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	for _, section := range []string{"settings", "workloads", "services", "hops", "destinations"} {
		if doc[section] == nil {
			t.Errorf("facts lack %s (docs/facts.md)", section)
		}
	}
	meshlint(t, "", "", "facts", "testdata/broken/bad.yaml").expect(t, exitUsage, "{", "bad.yaml")
}

// A user's Rego test evaluates the built-in and the user's rules with
// input as saved facts, and finds what lint finds on the same stack.
func TestRegoTestsRunOverSavedFacts(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writePolicyFile(t, filepath.Join(dir, "host", "facts.json"), meshlint(t, "../..", "", "facts", factsStack).stdout)
	rule, err := os.ReadFile("../../testdata/policies/team/no_plaintext_hops.rego")
	if err != nil {
		t.Fatal(err)
	}
	writePolicyFile(t, filepath.Join(dir, "no_plaintext_hops.rego"), string(rule))
	counts := lintCounts(t, "--policy", "testdata/policies/team", factsStack)
	if counts["TEAM001"] == 0 || counts["ML201"] == 0 {
		t.Fatalf("the stack no longer has the findings this test needs: %v", counts)
	}
	test := "package meshlint.rules.team_no_plaintext_hops_test\n\nimport data.meshlint.rules.ml201\nimport data.meshlint.rules.team_no_plaintext_hops\n\n" +
		fmt.Sprintf("test_team if count(team_no_plaintext_hops.findings) == %d with input as data.host\n\n", counts["TEAM001"]) +
		fmt.Sprintf("test_builtin if count(ml201.findings) == %d with input as data.host\n", counts["ML201"])
	writePolicyFile(t, filepath.Join(dir, "team_test.rego"), test)
	meshlint(t, "", "", "test", dir).expect(t, exitOK, "PASS: 2/2", "")
	verbose := meshlint(t, "", "", "test", "--verbose", dir)
	verbose.expect(t, exitOK, "data.meshlint.rules.team_no_plaintext_hops_test.test_builtin: PASS", "")

	writePolicyFile(t, filepath.Join(dir, "wrong_test.rego"), "package meshlint.rules.wrong_test\n\n"+
		"import data.meshlint.rules.ml201\n\ntest_none if count(ml201.findings) == 0 with input as data.host\n")
	r := meshlint(t, "", "", "test", dir)
	r.expect(t, exitFindings, "data.meshlint.rules.wrong_test.test_none: FAIL", "")
	r.expect(t, exitFindings, "FAIL: 1/3", "")
	meshlint(t, "", "", "test", "--run", "test_team", dir).expect(t, exitOK, "PASS: 1/1", "")
}

func lintCounts(t *testing.T, args ...string) map[string]int {
	t.Helper()
	r := meshlint(t, "../..", "", append([]string{"lint", "--format", "json", "--fail-on", "none"}, args...)...)
	var doc struct {
		Findings []struct{ Rule string } `json:"findings"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("%v:\n%s%s", err, r.stdout, r.stderr)
	}
	counts := map[string]int{}
	for _, f := range doc.Findings {
		counts[f.Rule]++
	}
	return counts
}

func writePolicyFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A policy written for another tool is an error of every command that
// loads policies, naming the file and its package.
func TestPoliciesMeshlintDoesNotReadFailEveryCommand(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "deny.rego")
	writePolicyFile(t, file, "package main\n\ndeny contains msg if {\n\tsome s in input.services\n\tmsg := s.ref.name\n}\n")
	want := "policy " + file + ": package main is never read"
	for _, args := range [][]string{
		{"lint", "--policy", dir, "testdata/clean"},
		{"rules", "--policy", dir},
		{"explain", "--policy", dir, "TEAM001"},
		{"test", dir},
	} {
		meshlint(t, "", "", args...).expect(t, exitUsage, "", want)
	}
}

func TestRulesAndExplainShowUserRulesFromMetadata(t *testing.T) {
	t.Parallel()
	const dir = "../../internal/policy/testdata/good"
	r := meshlint(t, "", "", "rules", "--policy", dir)
	r.expect(t, exitOK, "TEAM001", "")
	if !strings.Contains(r.stdout, "no-sniffed-ports") || strings.Index(r.stdout, "TEAM001") > strings.Index(r.stdout, "MM01") {
		t.Errorf("want TEAM001 with its title, among the rules before the mutations:\n%s", r.stdout)
	}
	e := meshlint(t, "", "", "explain", "--policy", dir, "TEAM001")
	e.expect(t, exitOK, "# TEAM001 no-sniffed-ports\n\nA Service port whose protocol Istio sniffs.", "")
	e.expect(t, exitOK, "Name the port http-*", "")
	meshlint(t, "", "", "explain", "TEAM001").expect(t, exitUsage, "", `unknown rule "TEAM001"`)
	meshlint(t, "", "", "rules", "--format", "markdown", "--policy", dir).expect(t, exitUsage, "", "--policy lists your rules in the text table")
}

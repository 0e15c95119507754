package main

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// stackRel is the field report's host stack as named from the repository
// root, where the output tests run; ML201 sits on its Host $host line.
const stackRel = "testdata/field-report/host/stack.yaml"

func stackML201(t *testing.T) string {
	t.Helper()
	return srcPos(t, topDir, stackRel, "proxy_set_header Host $host;")
}

// sarifFile validates a SARIF file the CLI wrote against the official
// schema and returns its results.
func sarifFile(t *testing.T, path string) []sarifResult {
	t.Helper()
	schema, err := os.Open(filepath.Join(topDir, "testdata", "sarif", "sarif-2.1.0-rtm.5.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer schema.Close()
	doc, err := jsonschema.UnmarshalJSON(schema)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("sarif.json")
	if err != nil {
		t.Fatal(err)
	}
	body := readText(t, path)
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(body))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Errorf("%s is not valid SARIF 2.1.0: %v", path, err)
	}
	var log struct {
		Runs []struct {
			Results []sarifResult `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(body), &log); err != nil || len(log.Runs) != 1 {
		t.Fatalf("%s: %v, %d runs", path, err, len(log.Runs))
	}
	return log.Runs[0].Results
}

type sarifResult struct {
	RuleID    string `json:"ruleId"`
	Locations []struct {
		PhysicalLocation struct {
			ArtifactLocation struct {
				URI string `json:"uri"`
			} `json:"artifactLocation"`
			Region struct {
				StartLine int `json:"startLine"`
			} `json:"region"`
		} `json:"physicalLocation"`
	} `json:"locations"`
}

func (r sarifResult) pos() string {
	if len(r.Locations) == 0 {
		return ""
	}
	l := r.Locations[0].PhysicalLocation
	return l.ArtifactLocation.URI + ":" + strconv.Itoa(l.Region.StartLine)
}

// hasSpot tells whether a finding is among the reported ones.
func hasSpot(got []spot, want spot) bool { return slices.Contains(got, want) }

func TestOutputSARIFFileBesideTextOnStdout(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "meshlint.sarif")
	r := meshlint(t, topDir, "", "lint", "--format", "text", "--output", "sarif="+out, stackRel)
	r.expect(t, exitFindings, "", "")
	ml201 := stackML201(t)
	if !hasSpot(textSpots(r.stdout), spot{"error", "ML201", ml201}) {
		t.Errorf("text lacks ML201 at %s:\n%s", ml201, r.stdout)
	}
	var found bool
	for _, res := range sarifFile(t, out) {
		if res.RuleID == "ML201" && res.pos() == ml201 {
			found = true
		}
	}
	if !found {
		t.Errorf("%s lacks ML201 at %s:\n%s", out, ml201, readText(t, out))
	}
	if info, err := os.Stat(out); err != nil || info.Mode().Perm() != 0o644 {
		t.Errorf("%s: %v %v, want mode 0644", out, info, err)
	}
}

func TestOutputJSONOnStdoutJUnitToAFile(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "junit.xml")
	r := meshlint(t, topDir, "", "lint", "--format", "json,junit", "--output", "junit="+out, stackRel)
	r.expect(t, exitFindings, "", "")
	ml201 := stackML201(t)
	var got []spot
	for _, f := range jsonSpots(t, r.stdout) {
		got = append(got, f.spot())
	}
	if !hasSpot(got, spot{"error", "ML201", ml201}) {
		t.Errorf("json lacks ML201 at %s:\n%s", ml201, r.stdout)
	}

	var doc struct {
		XMLName xml.Name `xml:"testsuites"`
		Suites  []struct {
			Name     string `xml:"name,attr"`
			Failures int    `xml:"failures,attr"`
			Cases    []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Body string `xml:",chardata"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal([]byte(readText(t, out)), &doc); err != nil {
		t.Fatalf("%s: %v", out, err)
	}
	var failed []string
	for _, s := range doc.Suites {
		if !strings.HasPrefix(s.Name, "ML201 ") {
			continue
		}
		for _, c := range s.Cases {
			if c.Failure != nil && strings.Contains(c.Failure.Body, "at: "+ml201+"\n") {
				failed = append(failed, c.Name)
			}
		}
		if s.Failures != 1 {
			t.Errorf("suite %s: %d failures, want 1", s.Name, s.Failures)
		}
	}
	if !slices.Equal(failed, []string{"ConfigMap/blog-system/web-nginx-config"}) {
		t.Errorf("ML201 failures at %s: %v\n%s", ml201, failed, readText(t, out))
	}
}

// github lines are workflow commands: ::error file=F,line=N,title=RULE name::
var ghCommand = regexp.MustCompile(`(?m)^::(error|warning|notice) file=([^,]+),line=(\d+),title=(\S+) `)

func ghSpots(out string) []spot {
	var s []spot
	for _, m := range ghCommand.FindAllStringSubmatch(out, -1) {
		s = append(s, spot{m[1], m[4], m[2] + ":" + m[3]})
	}
	return s
}

// One format and --output FILE: the file gets it, standard output nothing.
func TestOutputOneFormatToAFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ml201 := spot{"error", "ML201", stackML201(t)}

	r := meshlint(t, topDir, "", "lint", "--format", "github", stackRel)
	r.expect(t, exitFindings, "", "")
	if !hasSpot(ghSpots(r.stdout), ml201) {
		t.Errorf("github lacks ::error file=...,line=...,title=ML201 at %s:\n%s", ml201.pos, r.stdout)
	}

	gh := filepath.Join(dir, "annotations.txt")
	if err := os.WriteFile(gh, []byte("an older, longer report that must not survive\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r = meshlint(t, topDir, "", "lint", "--format", "github", "--output", gh, stackRel)
	r.expect(t, exitFindings, "", "")
	if r.stdout != "" {
		t.Errorf("stdout: %s", r.stdout)
	}
	if body := readText(t, gh); !hasSpot(ghSpots(body), ml201) || strings.Contains(body, "older") {
		t.Errorf("%s:\n%s", gh, body)
	}

	text := filepath.Join(dir, "report.txt")
	r = meshlint(t, topDir, "", "lint", "-o", text, stackRel)
	r.expect(t, exitFindings, "", "")
	if body := readText(t, text); r.stdout != "" || !hasSpot(textSpots(body), ml201) {
		t.Errorf("stdout %q; %s:\n%s", r.stdout, text, body)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".meshlint-*")); len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

// Reports are written even when inputs fail: CI uploads what was linted.
func TestOutputFileWrittenOnInputErrors(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "meshlint.sarif")
	r := meshlint(t, topDir, "", "lint", "--output", "sarif="+out, stackRel, "cmd/meshlint/testdata/broken/bad.yaml")
	r.expect(t, exitUsage, "1 input error", "cmd/meshlint/testdata/broken/bad.yaml:")
	ml201 := stackML201(t)
	found := false
	for _, res := range sarifFile(t, out) {
		found = found || res.RuleID == "ML201" && res.pos() == ml201
	}
	if !found {
		t.Errorf("%s lacks ML201 at %s", out, ml201)
	}
}

func TestOutputUsageErrorsExit2(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	f := filepath.Join(dir, "report")
	cases := []struct {
		sentence string
		args     []string
		stderr   string
	}{
		{"two formats to standard output", []string{"--format", "json,sarif"}, "json and sarif would both go to standard output"},
		{"two --format flags to standard output", []string{"--format", "json", "--format", "junit"}, "json and junit would both go to standard output"},
		{"--output FILE with two formats unassigned", []string{"--format", "json,sarif", "--output", f}, "--output " + f + ": say which format goes there (json or sarif)"},
		{"--output FILE when every format has a file", []string{"--output", "text=" + f + ".txt", "--output", f}, "--output " + f + ": every format (text) already has a file"},
		{"two plain --output files", []string{"--output", f, "--output", f + "2"}, "--output: 2 plain files"},
		{"an unknown format", []string{"--format", "text,xml"}, `unknown format "xml"`},
		{"an empty file after FORMAT=", []string{"--output", "sarif="}, `--output sarif=: no file after "sarif="`},
		{"one format named with two files", []string{"--output", "sarif=" + f, "--output", "sarif=" + f + "2"}, "format sarif named twice"},
	}
	for _, tc := range cases {
		t.Run(tc.sentence, func(t *testing.T) {
			t.Parallel()
			args := append(append([]string{"lint"}, tc.args...), stackRel)
			r := meshlint(t, topDir, "", args...)
			r.expect(t, exitUsage, "", tc.stderr)
			if r.stdout != "" {
				t.Errorf("a usage error linted anyway: %s", r.stdout)
			}
		})
	}
	if left, _ := os.ReadDir(dir); len(left) > 0 {
		t.Errorf("usage errors wrote %v", left)
	}
}

// A file that cannot be written is an error naming it, and nothing of the
// report is left behind: not in a missing directory, not over a directory.
func TestOutputUnwritableFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	missing := filepath.Join(dir, "no-such-dir", "meshlint.sarif")
	r := meshlint(t, topDir, "", "lint", "--format", "text", "--output", "sarif="+missing, stackRel)
	r.expect(t, exitUsage, "", "write sarif report to "+missing)
	if _, err := os.Stat(filepath.Dir(missing)); !os.IsNotExist(err) {
		t.Errorf("%s: %v", filepath.Dir(missing), err)
	}

	taken := filepath.Join(dir, "taken")
	if err := os.Mkdir(taken, 0o755); err != nil {
		t.Fatal(err)
	}
	r = meshlint(t, topDir, "", "lint", "--output", "junit="+taken, stackRel)
	r.expect(t, exitUsage, "", "write junit report to "+taken)
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{"taken"}) {
		t.Errorf("left in %s: %v", dir, names)
	}
}

package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/meshlint/meshlint/internal/catalog"
	"github.com/meshlint/meshlint/internal/finding"
)

// sarifSchemaFile is the official SARIF 2.1.0 schema; its README names the
// source. A missing file fails the test: validation is the point.
var sarifSchemaFile = filepath.Join("..", "..", "testdata", "sarif", "sarif-2.1.0-rtm.5.json")

func compileSARIFSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(sarifSchemaFile)
	if err != nil {
		t.Fatalf("SARIF schema: %v (see testdata/sarif/README.md)", err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat() // uri and uri-reference too, not only structure
	if err := c.AddResource("sarif-2.1.0-rtm.5.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("sarif-2.1.0-rtm.5.json")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func TestSARIFValidatesAgainstTheSchema(t *testing.T) {
	sch := compileSARIFSchema(t)
	odd := sample()
	odd.Findings[0].File = "dir with space/a:b.yaml"
	cases := map[string]*Report{
		"the sample":                                sample(),
		"an empty report with an input error":       empty(),
		"a cluster run, no files, with a user rule": cluster(),
		"a report with nothing at all":              {},
		"a path that needs escaping":                odd,
	}
	for name, r := range cases {
		t.Run(name, func(t *testing.T) {
			f, err := New("sarif", Options{Version: "1.2.3"})
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			if err := f.Format(&out, r); err != nil {
				t.Fatal(err)
			}
			inst, err := jsonschema.UnmarshalJSON(&out)
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(inst); err != nil {
				t.Errorf("%s\n%#v", out.String(), err)
			}
		})
	}
}

func TestSARIFSchemaCatchesAnInvalidLog(t *testing.T) {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(`{"version": "2.1.0", "runs": [{"results": []}]}`)))
	if err != nil {
		t.Fatal(err)
	}
	if compileSARIFSchema(t).Validate(inst) == nil {
		t.Error("a run without tool validated: the schema checks nothing")
	}
}

// sarifDoc is the part of a SARIF log the tests read back.
type sarifDoc struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Version string `json:"version"`
				Rules   []struct {
					ID      string `json:"id"`
					Name    string `json:"name"`
					HelpURI string `json:"helpUri"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Invocations []struct {
			ExecutionSuccessful bool `json:"executionSuccessful"`
			Notifications       []struct {
				Locations []sarifLocation `json:"locations"`
			} `json:"toolExecutionNotifications"`
		} `json:"invocations"`
		Results []struct {
			RuleID       string            `json:"ruleId"`
			RuleIndex    int               `json:"ruleIndex"`
			Level        string            `json:"level"`
			Locations    []sarifLocation   `json:"locations"`
			Fingerprints map[string]string `json:"partialFingerprints"`
		} `json:"results"`
	} `json:"runs"`
}

func readSARIF(t *testing.T, opts Options, r *Report) sarifDoc {
	t.Helper()
	f, err := New("sarif", opts)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := f.Format(&out, r); err != nil {
		t.Fatal(err)
	}
	var doc sarifDoc
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(doc.Runs))
	}
	return doc
}

func TestSARIFEveryResultResolvesItsRule(t *testing.T) {
	for _, r := range []*Report{sample(), cluster()} {
		run := readSARIF(t, Options{}, r).Runs[0]
		rules := run.Tool.Driver.Rules
		for _, res := range run.Results {
			if res.RuleIndex >= len(rules) || rules[res.RuleIndex].ID != res.RuleID {
				t.Errorf("%s: ruleIndex %d does not point at it", res.RuleID, res.RuleIndex)
			}
		}
	}
}

func TestSARIFDescribesEveryCatalogueRuleAndNoMutation(t *testing.T) {
	run := readSARIF(t, Options{Version: "1.2.3"}, cluster()).Runs[0]
	if run.Tool.Driver.Version != "1.2.3" {
		t.Errorf("driver version = %q", run.Tool.Driver.Version)
	}
	got := map[string]string{}
	for _, r := range run.Tool.Driver.Rules {
		got[r.ID] = r.HelpURI
	}
	for _, r := range catalog.Rules() {
		if got[r.ID] != r.HelpURI() {
			t.Errorf("%s: helpUri %q, want %q", r.ID, got[r.ID], r.HelpURI())
		}
	}
	for _, m := range catalog.Mutations() {
		if _, ok := got[m.ID]; ok {
			t.Errorf("mutation %s listed as a rule", m.ID)
		}
	}
	if uri, ok := got["ACME001"]; !ok || uri != "" {
		t.Errorf("user rule ACME001: listed %v, helpUri %q; want listed without a page", ok, uri)
	}
}

func TestSARIFLevelIsTheFindingsNotTheDefault(t *testing.T) {
	r := sample()
	r.Findings[1].Severity = finding.Info // ML201 defaults to error; config lowered it
	if got := readSARIF(t, Options{}, r).Runs[0].Results[1].Level; got != "note" {
		t.Errorf("level = %s, want note", got)
	}
}

func TestSARIFLocations(t *testing.T) {
	run := readSARIF(t, Options{}, sample()).Runs[0]
	noLine, withLine := run.Results[0].Locations[0], run.Results[1].Locations[0]
	if noLine.Physical == nil || noLine.Physical.Region != nil {
		t.Errorf("a finding without a line: %+v, want a file and no region", noLine.Physical)
	}
	if p := withLine.Physical; p == nil || p.Region == nil || p.Region.StartLine != 14 ||
		p.Artifact != (sarifArtifact{URI: "manifests/web.yaml", URIBaseID: "%SRCROOT%"}) {
		t.Errorf("a finding at manifests/web.yaml:14: %+v", p)
	}
	if l := withLine.Logical; len(l) != 1 || l[0].FullyQualifiedName != "ConfigMap/blog-system/web-nginx-config" {
		t.Errorf("logical location = %+v", l)
	}
	for _, res := range readSARIF(t, Options{}, cluster()).Runs[0].Results {
		if loc := res.Locations[0]; loc.Physical != nil || len(loc.Logical) != 1 {
			t.Errorf("%s from a cluster: %+v, want only a logical location", res.RuleID, loc)
		}
	}
}

func TestSARIFInputErrors(t *testing.T) {
	inv := readSARIF(t, Options{}, empty()).Runs[0].Invocations[0]
	// One input error, then the two input notices of empty().
	if inv.ExecutionSuccessful || len(inv.Notifications) != 3 {
		t.Fatalf("invocation = %+v, want unsuccessful with three notifications", inv)
	}
	want := sarifLocation{Physical: &sarifPhysical{Artifact: sarifArtifact{URI: "bad.yaml", URIBaseID: "%SRCROOT%"},
		Region: &sarifRegion{StartLine: 2}}}
	if got := inv.Notifications[0].Locations; len(got) != 1 || *got[0].Physical.Region != *want.Physical.Region ||
		got[0].Physical.Artifact != want.Physical.Artifact {
		t.Errorf("notification locations = %+v", got)
	}
	if !readSARIF(t, Options{}, sample()).Runs[0].Invocations[0].ExecutionSuccessful {
		t.Error("a run without input errors is not successful")
	}
}

func TestSARIFFingerprintIgnoresLinesAndTellsFindingsApart(t *testing.T) {
	r := cluster()
	moved := r.Findings[1]
	moved.File, moved.Line = "dr.yaml", 40
	moved.Object.APIVersion = "networking.istio.io/v1beta1"
	if fingerprint(&moved) != fingerprint(&r.Findings[1]) {
		t.Error("fingerprint changed with file, line or apiVersion")
	}
	if fingerprint(&r.Findings[1]) == fingerprint(&r.Findings[2]) {
		t.Error("two findings of ML102 on one object share a fingerprint")
	}
}

func TestSARIFArtifactURIs(t *testing.T) {
	cases := map[string]sarifArtifact{
		"manifests/web.yaml":  {URI: "manifests/web.yaml", URIBaseID: "%SRCROOT%"},
		"dir with space/a.ya": {URI: "dir%20with%20space/a.ya", URIBaseID: "%SRCROOT%"},
		"a:b.yaml":            {URI: "./a:b.yaml", URIBaseID: "%SRCROOT%"},
		"/abs/web.yaml":       {URI: "file:///abs/web.yaml"},
	}
	for in, want := range cases {
		if got := sarifArtifactOf(in); got != want {
			t.Errorf("%q -> %+v, want %+v", in, got, want)
		}
	}
}

// With a source root (the repository's, as the CLI finds it) paths are
// relative to it, whatever the working directory: code scanning and
// Actions resolve them against the checkout.
func TestSourceRootMakesPathsRepositoryRelative(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	r := sample()
	r.Findings[0].File = "testdata/web.yaml" // relative to this package's directory
	r.Findings[1].File = "/elsewhere/web.yaml"
	r.Findings[1].Line = 3
	opts := Options{SourceRoot: root}

	doc := readSARIF(t, opts, r)
	uris := map[string]string{}
	for _, res := range doc.Runs[0].Results {
		uris[res.RuleID] = res.Locations[0].Physical.Artifact.URI + " " + res.Locations[0].Physical.Artifact.URIBaseID
	}
	if got, want := uris[r.Findings[0].Rule], "internal/report/testdata/web.yaml %SRCROOT%"; got != want {
		t.Errorf("inside the root: %q, want %q", got, want)
	}
	if got, want := uris[r.Findings[1].Rule], "file:///elsewhere/web.yaml "; got != want {
		t.Errorf("outside the root: %q, want %q", got, want)
	}
	out := render(t, "sarif", r)
	f, _ := New("sarif", opts)
	var buf bytes.Buffer
	if err := f.Format(&buf, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"originalUriBaseIds"`) || !strings.Contains(buf.String(), `"uri": "file://`+filepath.ToSlash(root)+`/"`) {
		t.Errorf("no %%SRCROOT%% base naming %s:\n%s", root, buf.String())
	}
	inst, err := jsonschema.UnmarshalJSON(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if err := compileSARIFSchema(t).Validate(inst); err != nil {
		t.Errorf("SARIF with a source root is invalid: %v", err)
	}
	if strings.Contains(string(out), "originalUriBaseIds") {
		t.Errorf("without a source root the run names a base:\n%s", out)
	}

	g, _ := New("github", opts)
	buf.Reset()
	if err := g.Format(&buf, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "file=internal/report/testdata/web.yaml,") {
		t.Errorf("github annotation not relative to the root:\n%s", buf.String())
	}
}

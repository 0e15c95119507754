package report

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// The JSON contract grows by keys only: errors and suppressed sit beside
// findings, notices and summary, each always present.
func TestJSONErrorsAndSuppressedAreAddedKeys(t *testing.T) {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(render(t, "json", sample()), &doc); err != nil {
		t.Fatal(err)
	}
	want := map[string]json.RawMessage{}
	for _, k := range []string{"findings", "notices", "errors", "suppressed", "summary"} {
		want[k] = nil
	}
	if keys(doc) != keys(want) {
		t.Fatalf("top-level keys = %s, want %s", keys(doc), keys(want))
	}
	var sup struct {
		Count    int                          `json:"count"`
		Findings []map[string]json.RawMessage `json:"findings"`
	}
	if err := json.Unmarshal(doc["suppressed"], &sup); err != nil {
		t.Fatal(err)
	}
	if sup.Count != 2 || len(sup.Findings) != 2 {
		t.Fatalf("suppressed = %s", doc["suppressed"])
	}
	if got := keys(sup.Findings[0]); got != "by file line message name object related remediation rule severity" {
		t.Errorf("suppressed finding keys = %s", got)
	}
	var by []map[string]any
	for _, f := range sup.Findings {
		var b map[string]any
		if err := json.Unmarshal(f["by"], &b); err != nil {
			t.Fatal(err)
		}
		by = append(by, b)
	}
	wantBy := []map[string]any{
		{"kind": "config", "file": ".meshlint.yaml", "line": 12.0, "reason": "ports are named by the chart"},
		{"kind": "annotation", "file": "manifests/mysql.yaml", "line": 25.0, "reason": ""},
	}
	if !reflect.DeepEqual(by, wantBy) {
		t.Errorf("by = %v, want %v", by, wantBy)
	}
}

func TestJSONListsInputErrors(t *testing.T) {
	var doc struct {
		Errors []map[string]any `json:"errors"`
	}
	if err := json.Unmarshal(render(t, "json", empty()), &doc); err != nil {
		t.Fatal(err)
	}
	want := []map[string]any{{"file": "bad.yaml", "line": 2.0, "message": "mapping values are not allowed"}}
	if !reflect.DeepEqual(doc.Errors, want) {
		t.Errorf("errors = %v, want %v", doc.Errors, want)
	}
	if err := json.Unmarshal(render(t, "json", cluster()), &doc); err != nil {
		t.Fatal(err)
	}
	want = []map[string]any{{"file": "", "line": 0.0, "message": "list security.istio.io/v1 AuthorizationPolicy: forbidden"}}
	if !reflect.DeepEqual(doc.Errors, want) {
		t.Errorf("cluster errors = %v, want %v", doc.Errors, want)
	}
	if !strings.Contains(string(render(t, "json", &Report{})), `"errors": []`) {
		t.Error("errors is not [] in a clean run")
	}
}

// SARIF keeps a waived finding as a result marked with its suppression:
// inSource for the annotation in the manifest, external for the config.
func TestSARIFMarksSuppressedResults(t *testing.T) {
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID       string `json:"ruleId"`
				Suppressions []struct {
					Kind, Justification string
				} `json:"suppressions"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(render(t, "sarif", sample()), &log); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range log.Runs[0].Results {
		s := r.RuleID
		for _, sup := range r.Suppressions {
			s += " " + sup.Kind + ": " + sup.Justification
		}
		got = append(got, s)
	}
	want := []string{"ML106", "ML201", "ML302",
		"ML302 external: ports are named by the chart",
		"ML103 inSource: meshlint.io/ignore annotation on DestinationRule/blog-system/mysql"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("results = %q, want %q", got, want)
	}
}

func TestTextSummaryCountsWhatWasSuppressed(t *testing.T) {
	got := summaryLine(sample())
	want := "1 error, 1 warning, 1 info in 23 objects (2 suppressed: 1 by .meshlint.yaml, 1 by annotation meshlint.io/ignore)"
	if got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
	if got := summaryLine(&Report{Objects: 1}); strings.Contains(got, "suppressed") {
		t.Errorf("nothing suppressed, yet: %q", got)
	}
}

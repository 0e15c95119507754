package report

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// docs/lint-json.md documents the JSON contract by example: the example
// must parse and have exactly the keys the format writes, at every level
// the doc shows.
func TestTheJSONContractDocMatchesTheFormat(t *testing.T) {
	doc, err := os.ReadFile("../../docs/lint-json.md")
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(doc), "```json\n")
	block, _, ok2 := strings.Cut(block, "```")
	if !ok || !ok2 {
		t.Fatal("docs/lint-json.md has no json block")
	}
	var example, actual map[string]any
	if err := json.Unmarshal([]byte(block), &example); err != nil {
		t.Fatalf("the example does not parse: %v", err)
	}
	r := sample()
	r.Errors, r.Notices = empty().Errors, empty().Notices
	if err := json.Unmarshal(render(t, "json", r), &actual); err != nil {
		t.Fatal(err)
	}
	sameKeys(t, "", example, actual)
}

// sameKeys compares the keys of two JSON values, descending into objects
// and into the first element of lists both have.
func sameKeys(t *testing.T, at string, doc, got any) {
	t.Helper()
	switch d := doc.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			t.Errorf("%s: the doc shows an object, the format writes %T", at, got)
			return
		}
		for k := range d {
			if _, ok := g[k]; !ok {
				t.Errorf("%s.%s: in the doc, not written", at, k)
			}
		}
		for k, v := range g {
			if dv, ok := d[k]; !ok {
				t.Errorf("%s.%s: written, not in the doc", at, k)
			} else {
				sameKeys(t, at+"."+k, dv, v)
			}
		}
	case []any:
		if g, ok := got.([]any); ok && len(d) > 0 && len(g) > 0 {
			sameKeys(t, at+"[0]", d[0], g[0])
		}
	}
}

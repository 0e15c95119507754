package catalog

import (
	"strings"
	"testing"
)

func TestHelpURIPointsAtAGeneratedPage(t *testing.T) {
	files := DocFiles()
	for _, r := range Rules() {
		page, ok := strings.CutPrefix(r.HelpURI(), DocsBase)
		if !ok || files[page] == "" {
			t.Errorf("%s: HelpURI %s names no generated page", r.ID, r.HelpURI())
		}
	}
}

func TestEveryRuleHasAnAreaTag(t *testing.T) {
	for _, r := range Rules() {
		if tags := r.Tags(); len(tags) < 2 || tags[0] != "istio" {
			t.Errorf("%s: tags %v, want istio and an area", r.ID, tags)
		}
	}
	if tags := (Rule{ID: "MM01", Kind: KindMutation}).Tags(); tags != nil {
		t.Errorf("mutation tags = %v, want none", tags)
	}
}

package validate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/catalog"
)

// TestEveryRuleIsComplete fails when a catalogue rule lacks its Rego file,
// its Rego test, its fixture suite (with a firing and a passing case) or
// its doc page: one rule, one place of each kind.
func TestEveryRuleIsComplete(t *testing.T) {
	for _, r := range catalog.Rules() {
		base := strings.ToLower(r.ID) + "_" + strings.ReplaceAll(r.Name, "-", "_")
		for _, p := range []string{
			filepath.Join("../../policies", base+".rego"),
			filepath.Join("../../policies", base+"_test.rego"),
			filepath.Join("../../docs/rules", r.ID+".md"),
			filepath.Join(rulesDir, r.ID, "suite.yaml"),
		} {
			if _, err := os.Stat(p); err != nil {
				t.Errorf("%s (%s): missing %s", r.ID, r.Name, p)
			}
		}
		if _, err := os.Stat(filepath.Join(rulesDir, r.ID, "suite.yaml")); err != nil {
			continue
		}
		fires, passes := false, false
		for _, c := range loadSuite(t, r.ID).Cases {
			fires = fires || len(c.Expect) > 0
			passes = passes || len(c.Expect) == 0
		}
		if !fires || !passes {
			t.Errorf("%s: the suite needs a case that fires and one that does not (fires=%v passes=%v)", r.ID, fires, passes)
		}
	}
}

// TestFixturesNameCatalogueRules catches a fixture folder for an ID the
// catalogue does not have.
func TestFixturesNameCatalogueRules(t *testing.T) {
	for _, id := range ruleDirs(t) {
		if _, ok := catalog.Lookup(id); !ok {
			t.Errorf("testdata/rules/%s: no such rule in the catalogue", id)
		}
	}
}

package e2e

import (
	"slices"
	"strings"
	"sync"

	"github.com/meshlint/meshlint/internal/admission"
	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/validate"
)

// The oracle is the CLI's engine run offline on the same objects with the
// webhook's config: the webhook must deny with exactly the errors that
// `meshlint lint` finds in (state + change) and not in (state). One engine,
// one verdict.
var oracle = sync.OnceValues(func() (*validate.Validator, error) {
	cfg, err := config.Load(cluster.config)
	if err != nil {
		return nil, err
	}
	return validate.New(cfg, nil)
})

// newErrors lints before and after, each with the base (the platform
// objects), and returns the errors of after that before has not.
func newErrors(t tb, base, before, after stack) []finding.Finding {
	t.Helper()
	v, err := oracle()
	if err != nil {
		t.Fatalf("the oracle: %v", err)
	}
	lint := func(s stack) []finding.Finding {
		res, err := v.Lint(base.with(s...))
		if err != nil {
			t.Fatalf("lint: %v", err)
		}
		return res.Findings
	}
	old := map[string]bool{}
	for _, f := range lint(before) {
		old[f.Key()] = true
	}
	var out []finding.Finding
	for _, f := range lint(after) {
		if f.Severity == finding.Error && !old[f.Key()] {
			out = append(out, f)
		}
	}
	return out
}

// checkDenial requires a denial naming exactly the rules wantIDs, and,
// for every new error the oracle finds, its ID, what breaks and the fix.
func checkDenial(t tb, v verdict, oracle []finding.Finding, wantIDs ...string) {
	t.Helper()
	if v.allowed {
		t.Fatalf("allowed (warnings %q), want a denial with %v", v.warnings, wantIDs)
	}
	var ids []string
	for _, f := range oracle {
		ids = append(ids, f.Rule)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if !slices.Equal(ids, wantIDs) {
		t.Fatalf("the oracle finds new errors %v, the test expects %v: fix the test's setup", ids, wantIDs)
	}
	t.Logf("denied: %s", v.message)
	msg := oneLine(v.message)
	for _, f := range oracle {
		for what, text := range map[string]string{"its ID": f.Rule, "what breaks": f.Message, "the fix": f.Remediation} {
			text = admission.Redact(v.namespace, clusterNamespaces(t), text) // the webhook names nothing of other namespaces
			if !strings.Contains(msg, oneLine(text)) {
				t.Fatalf("the denial lacks %s for %s on %s (%q):\n%s", what, f.Rule, f.Object, text, v.message)
			}
		}
	}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

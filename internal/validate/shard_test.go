package validate

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"testing"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/policy"
)

// TestShardedEvaluationFindsWhatWholeEvaluationFinds guards the property
// sharding rests on: every built-in rule reads one item of one fact list
// at a time, so cutting the lists anywhere changes nothing. The sharded
// evaluation also leaves out the items the rules' own tests rule out
// (policy/prefilter.go), and the whole one does not: so this is the
// prefilter's test on every rule fixture too.
func TestShardedEvaluationFindsWhatWholeEvaluationFinds(t *testing.T) {
	files := ruleFixtures(t)
	dir := writeCorpus(t, 3000)
	v, err := New(config.Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	v.Engine().ShardItems = 7
	for _, path := range append(files, dir) {
		res := manifest.Load([]string{path}, manifest.Options{})
		m := mesh.Build(res.Objects, v.settings)
		sharded, err := v.Engine().EvalSections(context.Background(), sections(m))
		if err != nil {
			t.Fatal(err)
		}
		whole, err := v.Engine().Eval(context.Background(), m.Facts())
		if err != nil {
			t.Fatal(err)
		}
		if a, b := keys(sharded), keys(whole); fmt.Sprint(a) != fmt.Sprint(b) {
			t.Errorf("%s: sharded %d findings, whole %d:\n%v\n%v", path, len(a), len(b), a, b)
		}
	}
}

func keys(raws []policy.Raw) []string {
	out := make([]string, len(raws))
	for i, r := range raws {
		out[i] = fmt.Sprint(r.Rule, r.Name, r.Severity, r.Object, r.Line, r.Message, r.Remediation, r.Related)
	}
	sort.Strings(out)
	return out
}

// TestEveryRuleReadsOneItemAtATime evaluates each fixture with one item of
// one list at a time (the other lists empty): a rule that joins two lists
// (a destination with its DestinationRule in the other list) finds less
// than the whole evaluation, wherever sharding would cut them apart.
func TestEveryRuleReadsOneItemAtATime(t *testing.T) {
	files := ruleFixtures(t)
	v, err := New(config.Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range files {
		m := mesh.Build(manifest.Load([]string{path}, manifest.Options{}).Objects, v.settings)
		whole, err := v.Engine().Eval(context.Background(), m.Facts())
		if err != nil {
			t.Fatal(err)
		}
		var single []policy.Raw
		for _, in := range singleItems(sections(m)) {
			raws, err := v.Engine().EvalSections(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			single = append(single, raws...)
		}
		if a, b := slices.Compact(keys(single)), keys(whole); fmt.Sprint(a) != fmt.Sprint(b) {
			t.Errorf("%s: item by item %d findings, whole %d:\n%v\n%v", path, len(a), len(b), a, b)
		}
	}
}

// singleItems gives one input per list item: that item alone in its list,
// the other lists empty, the single-value sections whole.
func singleItems(secs []policy.Section) [][]policy.Section {
	var out [][]policy.Section
	for k, s := range secs {
		for j := range max(s.Len, 0) {
			in := make([]policy.Section, len(secs))
			for i, o := range secs {
				in[i] = policy.Section{Name: o.Name, Len: min(o.Len, 0), Build: o.Build}
			}
			in[k] = policy.Section{Name: s.Name, Len: 1, Build: func(int, int) any { return s.Build(j, j+1) }}
			out = append(out, in)
		}
	}
	return out
}

// ruleFixtures are the rules' fixture files (testdata/rules).
func ruleFixtures(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../../testdata/rules/*/*.yaml")
	if err != nil || len(files) < 50 {
		t.Fatalf("fixtures: %d files, %v", len(files), err)
	}
	return files
}

package validate

import (
	"context"
	"fmt"
	"os"
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
	all := everyItem(t)
	for _, path := range append(files, dir) {
		res := manifest.Load([]string{path}, manifest.Options{})
		m := mesh.Build(res.Objects, v.settings)
		sharded, err := v.Engine().EvalSections(context.Background(), sections(m))
		if err != nil {
			t.Fatal(err)
		}
		whole, err := all.Engine().Eval(context.Background(), m.Facts())
		if err != nil {
			t.Fatal(err)
		}
		if a, b := keys(sharded), keys(whole); fmt.Sprint(a) != fmt.Sprint(b) {
			t.Errorf("%s: sharded %d findings, whole %d:\n%v\n%v", path, len(a), len(b), a, b)
		}
	}
}

// everyItem is a validator whose evaluations take every fact item (no
// prefilter): the oracle of the others.
func everyItem(t *testing.T) *Validator {
	t.Helper()
	v, err := New(config.Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	v.Engine().EvaluateEveryItem()
	return v
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
	all := everyItem(t)
	for _, path := range files {
		m := mesh.Build(manifest.Load([]string{path}, manifest.Options{}).Objects, v.settings)
		whole, err := all.Engine().Eval(context.Background(), m.Facts())
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

// joinRule joins two lists and tests both items: the prefilter keeps, of
// each list, the items its own tests pass.
const joinRule = `package meshlint.rules.team_join

findings contains f if {
	some h in input.hops
	h.kind == "nginx"
	h.outcome != "mtls"
	some s in input.services
	s.meshed_endpoints > 0
	s.ref == h.target
	f := {"rule": "TEAM900", "severity": "warning", "object": s.ref, "line": s.line,
		"message": sprintf("%s is reached without mTLS from %s", [s.ref.name, h.via.ref.name])}
}
`

// TestUserRulesFindWhatEveryItemFinds: with user rules the facts are
// evaluated whole, through the prefilter read over the built-in and the
// user rules alike (a join among them); the findings are those of every
// item.
func TestUserRulesFindWhatEveryItemFinds(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "join.rego"), []byte(joinRule), 0o644); err != nil {
		t.Fatal(err)
	}
	policies := []string{filepath.Join("..", "..", "testdata", "policies", "team"), dir}
	v, err := New(config.Default(), policies)
	if err != nil {
		t.Fatal(err)
	}
	all, err := New(config.Default(), policies)
	if err != nil {
		t.Fatal(err)
	}
	all.Engine().EvaluateEveryItem()
	joined := 0
	for _, path := range append(ruleFixtures(t), writeCorpus(t, 1000)) {
		m := mesh.Build(manifest.Load([]string{path}, manifest.Options{}).Objects, v.settings)
		got, err := v.Engine().EvalSections(context.Background(), sections(m))
		if err != nil {
			t.Fatal(err)
		}
		want, err := all.Engine().Eval(context.Background(), m.Facts())
		if err != nil {
			t.Fatal(err)
		}
		if a, b := keys(got), keys(want); fmt.Sprint(a) != fmt.Sprint(b) {
			t.Errorf("%s: prefiltered %d findings, every item %d:\n%v\n%v", path, len(a), len(b), a, b)
		}
		for _, r := range want {
			if r.Rule == "TEAM900" {
				joined++
			}
		}
	}
	if joined == 0 {
		t.Error("the joining rule found nothing anywhere: the test exercises no join")
	}
}

package admission

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/manifest"
)

// TestIncrementalVerdictEqualsFullReevaluation is the differential test of
// the incremental path (scope, caches of states and verdicts): on a cluster
// state of correct and broken copies of the stack, random changes are
// answered both by the engine and by an exhaustive one (every namespace,
// nothing remembered), which must agree. The changes are applied, so the
// state evolves and the cache is read and outdated; some are asked twice
// first (a dry-run, then the apply), some never applied (a denied change).
// MESHLINT_DIFF_SEED and MESHLINT_DIFF_CHANGES replay or lengthen a run.
func TestIncrementalVerdictEqualsFullReevaluation(t *testing.T) {
	seed, changes := uint64(time.Now().UnixNano()), 400
	if testing.Short() {
		changes = 40
	}
	seed = envUint(t, "MESHLINT_DIFF_SEED", seed)
	changes = int(envUint(t, "MESHLINT_DIFF_CHANGES", uint64(changes)))
	t.Logf("MESHLINT_DIFF_SEED=%d MESHLINT_DIFF_CHANGES=%d", seed, changes)
	d := newDiffer(t, diffStore(t), seed)
	a0, v0, s0 := d.inc.CacheHits()
	for step := range changes {
		d.step(step)
		if t.Failed() && d.mismatches >= 10 {
			t.Fatalf("stopped after %d mismatches (MESHLINT_DIFF_SEED=%d)", d.mismatches, seed)
		}
	}
	a, v, st := d.inc.CacheHits()
	t.Logf("%d changes, %d answers, %d verdicts and %d states from the caches: %s", changes, a-a0, v-v0, st-s0, d.tally())
}

func envUint(t *testing.T, name string, def uint64) uint64 {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		t.Fatalf("%s=%q: %v", name, v, err)
	}
	return n
}

// diffStore is about 900 objects of the corpus (every breakage several
// times), the repo's own stacks, each moved to a namespace of its own,
// and the links across namespaces the scope follows (crossTopology).
func diffStore(t testing.TB) *Store {
	s := corpusStoreT(t, 900)
	stacks := map[string][]*manifest.Object{"fr-final": load(t, finalStack), "fr-strict": load(t, strictStack),
		"fr-host": load(t, hostStack), "blog-repo": load(t, blogSystem)}
	for ns, objs := range stacks {
		for _, o := range objs {
			if o.Namespace == "blog-system" || o.Kind == "Namespace" && o.Name == "blog-system" {
				s.Set(moved(t, o, ns))
			}
		}
	}
	for _, o := range crossTopology(t) { // Gateway API, F5, aliases, relays (scope_cross_test.go)
		s.Set(o)
	}
	return s
}

// moved is o in namespace ns (every mention of blog-system, hosts
// included), as the informer cache holds it.
func moved(t testing.TB, o *manifest.Object, ns string) *manifest.Object {
	t.Helper()
	m := renamedNamespace(t, o, "blog-system", ns)
	m.Body["metadata"].(map[string]any)["resourceVersion"] = "1"
	return m
}

// differ runs the changes: the engine under test (inc) and the oracle
// (full) on one Store.
type differ struct {
	t          *testing.T
	s          *Store
	inc, full  *Engine
	rng        *rand.Rand
	seed       uint64
	rv         int // the last resourceVersion given
	mismatches int
	counts     map[string]int
	only       func(*manifest.Object) bool // the objects changes are drawn on (nil: every one)
}

// newDiffer compares a fresh engine, warmed on the state as the webhook
// warms it once ready (its stand-ins for the meshed clients then come
// from that evaluation, which the changes make stale), with the oracle.
func newDiffer(t *testing.T, s *Store, seed uint64) *differ {
	inc, err := New(config.Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return warmDiffer(t, inc, s, seed)
}

// warmDiffer is newDiffer with the engine under test given (it may have
// served other states: what it remembers is keyed by content).
func warmDiffer(t *testing.T, inc *Engine, s *Store, seed uint64) *differ {
	if err := inc.Warm(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	return &differ{t: t, s: s, inc: inc, full: oracle(t), rng: rand.New(rand.NewPCG(seed, 0x6d65)),
		seed: seed, rv: 1, counts: map[string]int{}}
}

var (
	oracleOnce sync.Once
	oracleEng  *Engine
	oracleErr  error
)

// oracle is an exhaustive engine with the default config, built once; it
// prepares its own rules, so it shares no memo with engine(t, ""), and it
// evaluates every fact item, where the engine leaves out those no rule
// could find anything in (policy/prefilter.go).
func oracle(t testing.TB) *Engine {
	t.Helper()
	oracleOnce.Do(func() {
		if oracleEng, oracleErr = New(config.Default(), nil); oracleErr == nil {
			oracleEng.exhaustive = true
			oracleEng.v.Engine().EvaluateEveryItem()
		}
	})
	if oracleErr != nil {
		t.Fatal(oracleErr)
	}
	return oracleEng
}

// step makes one random change: both engines answer it (twice on a
// dry-run first), then it is applied, unless it was abandoned.
func (d *differ) step(step int) {
	objs := d.s.Objects(d.s.Namespaces())
	m, o := d.pick(objs)
	ch := m.build(d, objs, o)
	d.counts[m.name]++
	if d.rng.IntN(5) == 0 {
		dry := ch.req
		dry.DryRun = true
		d.compare(step, ch.desc+" (dry-run)", dry)
	}
	d.compare(step, ch.desc, ch.req)
	if d.rng.IntN(8) != 0 {
		ch.apply()
		checkReaders(d.t, d.s)
	}
}

// checkReaders holds the Store's reader sets, kept up to date by Set and
// Delete, to their definition over every namespace it holds.
func checkReaders(t testing.TB, s *Store) {
	t.Helper()
	var mode, sidecar []string
	for _, ns := range s.Namespaces() {
		if s.reach.widePA[ns] == 0 || s.reach.unsetPA[ns] > 0 {
			mode = append(mode, ns)
		}
		if s.reach.sidecars[ns] == 0 {
			sidecar = append(sidecar, ns)
		}
	}
	if got := s.MeshModeReaders(); !slices.Equal(got, mode) {
		t.Errorf("MeshModeReaders %v, want %v", got, mode)
	}
	if got := s.MeshSidecarReaders(); !slices.Equal(got, sidecar) {
		t.Errorf("MeshSidecarReaders %v, want %v", got, sidecar)
	}
}

// pick draws a edit and an object it applies to.
func (d *differ) pick(objs []*manifest.Object) (edit, *manifest.Object) {
	for {
		m := edits[d.rng.IntN(len(edits))]
		var cands []*manifest.Object
		for _, o := range objs {
			if m.on(o) && (d.only == nil || d.only(o)) {
				cands = append(cands, o)
			}
		}
		if len(cands) > 0 {
			return m, cands[d.rng.IntN(len(cands))]
		}
	}
}

func (d *differ) compare(step int, desc string, req Request) {
	vi, erri := d.inc.Validate(context.Background(), d.s, req)
	vf, errf := d.full.Validate(context.Background(), d.s, req)
	a, b := verdictText(vi, erri), verdictText(vf, errf)
	if a != b {
		d.mismatches++
		d.t.Errorf("MESHLINT_DIFF_SEED=%d step %d: %s:\nincremental:\n%s\nfull re-evaluation:\n%s", d.seed, step, desc, a, b)
	}
	if !vf.Allowed {
		d.counts["(denied)"]++
	}
	if len(vf.Findings) > 0 {
		d.counts["(with findings)"]++
	}
}

// verdictText is what the two engines must agree on, in a stable order.
func verdictText(v Verdict, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	if strings.HasPrefix(v.Skipped, inertSkip) { // the change decides nothing: the oracle evaluates it to no finding
		v.Skipped = ""
	}
	fs := make([]string, 0, len(v.Findings))
	for _, f := range v.Findings {
		fs = append(fs, fmt.Sprintf("  %s %s %s: %s", f.Rule, f.Severity, f.Object, f.Message))
	}
	sorted := func(xs []string) []string { return slices.Sorted(slices.Values(xs)) }
	return fmt.Sprintf("allowed %v skipped %q unjudgeable %v\nerrors %q\nignored %q\nwarnings:%s\nfindings:\n%s",
		v.Allowed, v.Skipped, v.Unjudgeable, sorted(v.Errors), sorted(v.Ignored),
		strings.Join(append([]string{""}, sorted(v.Warnings)...), "\n  "), strings.Join(sorted(fs), "\n"))
}

func (d *differ) tally() string {
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range d.counts {
			if !yield(k) {
				return
			}
		}
	})
	var out []string
	for _, k := range keys {
		out = append(out, fmt.Sprintf("%s %d", k, d.counts[k]))
	}
	return strings.Join(out, ", ")
}

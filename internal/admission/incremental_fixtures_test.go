package admission

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/stack"
)

// fixtureChanges is how many random changes each state gets.
const fixtureChanges = 6

// TestIncrementalVerdictEqualsFullOnRuleFixtures is the differential test
// (incremental_test.go) on every layout the rules' fixtures hold
// (testdata/rules: ambient capture and waypoints, Gateway API by vendor,
// F5 and Traefik routes, ServiceEntries, injector installs, mesh
// configs...) and the repository's stacks and examples, each beside two
// meshed namespaces of its own (fillers), so that a change's scope is
// smaller than the state: random changes drawn on the layout's objects
// get the engine's verdict and the oracle's, which must agree. Then pairs
// of layouts drawn at random share a state (where both hold an object,
// the second's stands): two ingress controllers, a mesh config beside a
// Gateway, ambient beside sidecars. MESHLINT_DIFF_SEED replays a run,
// MESHLINT_DIFF_CHANGES sets the changes per state.
func TestIncrementalVerdictEqualsFullOnRuleFixtures(t *testing.T) {
	seed := envUint(t, "MESHLINT_DIFF_SEED", uint64(time.Now().UnixNano()))
	t.Logf("MESHLINT_DIFF_SEED=%d", seed)
	changes, pairs := fixtureChanges, fixturePairs
	if testing.Short() {
		changes, pairs = 1, 10
	}
	changes = int(envUint(t, "MESHLINT_DIFF_CHANGES", uint64(changes)))
	inc, err := New(config.Default(), nil) // one engine for every state, as a webhook serves a changing cluster
	if err != nil {
		t.Fatal(err)
	}
	r := layoutRun{inc: inc, seed: seed, changes: changes, total: &differ{counts: map[string]int{}}}
	all := loadLayouts(t)
	for _, l := range all {
		r.run(t, l.name, l.objs)
	}
	rng := rand.New(rand.NewPCG(seed, 0x7061))
	for i := range pairs {
		a, b := all[rng.IntN(len(all))], all[rng.IntN(len(all))]
		r.run(t, fmt.Sprintf("pair-%03d %s + %s", i, a.name, b.name), append(slices.Clone(a.objs), b.objs...))
	}
	t.Logf("%d layouts and %d pairs, %d changes each: %s", len(all), pairs, changes, r.total.tally())
}

// fixturePairs is how many pairs of layouts share a state.
const fixturePairs = 120

// layout is a fixture's or a stack's objects, as the informers give them.
type layout struct {
	name string
	objs []*manifest.Object
}

// loadLayouts reads the rule fixtures and the repository's layouts.
func loadLayouts(t *testing.T) []layout {
	files, err := filepath.Glob("../../testdata/rules/*/*.yaml")
	if err != nil || len(files) < 300 {
		t.Fatalf("the rule fixtures: %d files, %v", len(files), err)
	}
	var out []layout
	for _, f := range append(files, layouts...) {
		if filepath.Base(f) == "suite.yaml" {
			continue
		}
		objs := fixtureObjects(t, f)
		if len(objs) == 0 { // a fixture of unreadable input (ML001's): nothing to change
			continue
		}
		name := strings.TrimPrefix(filepath.Base(filepath.Dir(f))+"/"+strings.TrimSuffix(filepath.Base(f), ".yaml"), "../")
		out = append(out, layout{name, objs})
	}
	return out
}

// layoutRun runs the changes of each state on one engine under test.
type layoutRun struct {
	inc     *Engine
	seed    uint64
	changes int
	total   *differ // the changes drawn, over every state
}

func (r *layoutRun) run(t *testing.T, name string, objs []*manifest.Object) {
	t.Run(name, func(t *testing.T) {
		d := warmDiffer(t, r.inc, storeOf(append(objs, informed(t, fillers())...)), r.seed^pathHash(name))
		d.only = func(o *manifest.Object) bool { return o.Namespace != "aa" && o.Namespace != "ab" }
		for step := range r.changes {
			d.step(step)
		}
		for k, n := range d.counts {
			r.total.counts[k] += n
		}
	})
}

// layouts are the repository's stacks and examples, as `meshlint lint`
// loads them (kustomizations built): sidecars, ambient, Gateway API, and
// both sides of a migration from ingress-nginx to Envoy Gateway.
var layouts = []string{"../../manifests/blog-system", "../../manifests/blog-system-ambient", "../../manifests/blog-system-gateway",
	"../../examples/migration/ingress-nginx", "../../examples/migration/envoy-gateway", "../../examples/demo/blog.yaml"}

// fixtureObjects are a fixture's objects (a file, or a directory as
// `meshlint lint` reads it) as the informers give them (a resourceVersion
// each).
func fixtureObjects(t *testing.T, path string) []*manifest.Object {
	t.Helper()
	if st, err := os.Stat(path); err != nil {
		t.Fatal(err)
	} else if st.IsDir() {
		res := stack.Load(stack.Options{Paths: []string{path}}).Loaded
		if len(res.Errors) > 0 || len(res.Objects) == 0 {
			t.Fatalf("%s: %d objects, %v", path, len(res.Objects), res.Errors)
		}
		return versioned(t, res.Objects, "1")
	}
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return versioned(t, manifest.LoadBytes(path, text, manifest.Options{}).Objects, "1")
}

// informed is the objects of a YAML text as the informers give them.
func informed(t testing.TB, text string) []*manifest.Object {
	return versioned(t, yamlObjects(t, text), "1")
}

func pathHash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

package admission

import (
	"encoding/json"
	"hash/fnv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/stack"
)

// fixtureChanges is how many random changes each rule fixture gets.
const fixtureChanges = 6

// TestIncrementalVerdictEqualsFullOnRuleFixtures is the differential test
// (incremental_test.go) on every layout the rules' fixtures hold
// (testdata/rules: ambient capture and waypoints, Gateway API by vendor,
// F5 and Traefik routes, ServiceEntries, injector installs, mesh
// configs...), each beside two meshed namespaces of its own (fillers), so
// that a change's scope is smaller than the state: random changes drawn
// on the fixture's objects get the engine's verdict and the oracle's, which
// must agree. MESHLINT_DIFF_SEED replays a run, MESHLINT_DIFF_CHANGES
// sets the changes per fixture.
func TestIncrementalVerdictEqualsFullOnRuleFixtures(t *testing.T) {
	files, err := filepath.Glob("../../testdata/rules/*/*.yaml")
	if err != nil || len(files) < 300 {
		t.Fatalf("the rule fixtures: %d files, %v", len(files), err)
	}
	files = append(files, layouts...)
	seed := envUint(t, "MESHLINT_DIFF_SEED", uint64(time.Now().UnixNano()))
	t.Logf("MESHLINT_DIFF_SEED=%d", seed)
	changes, ran := fixtureChanges, 0
	if testing.Short() {
		changes = 1
	}
	changes = int(envUint(t, "MESHLINT_DIFF_CHANGES", uint64(changes)))
	total := &differ{counts: map[string]int{}}
	inc, err := New(config.Default(), nil) // one engine for every fixture, as a webhook serves a changing cluster
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if filepath.Base(f) == "suite.yaml" {
			continue
		}
		objs := fixtureObjects(t, f)
		if len(objs) == 0 { // a fixture of unreadable input (ML001's): nothing to change
			continue
		}
		name := strings.TrimPrefix(filepath.Base(filepath.Dir(f))+"/"+strings.TrimSuffix(filepath.Base(f), ".yaml"), "../")
		t.Run(name, func(t *testing.T) {
			d := warmDiffer(t, inc, storeOf(append(objs, informed(t, fillers())...)), seed^pathHash(name))
			d.only = func(o *manifest.Object) bool { return o.Namespace != "aa" && o.Namespace != "ab" }
			for step := range changes {
				d.step(step)
			}
			for k, n := range d.counts {
				total.counts[k] += n
			}
		})
		ran++
	}
	t.Logf("%d fixtures, %d changes each: %s", ran, changes, total.tally())
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
		return informedObjects(t, res.Objects)
	}
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return informedObjects(t, manifest.LoadBytes(path, text, manifest.Options{}).Objects)
}

// informed is the objects of a YAML text as the informers give them.
func informed(t testing.TB, text string) []*manifest.Object {
	return informedObjects(t, yamlObjects(t, text))
}

func informedObjects(t testing.TB, objs []*manifest.Object) []*manifest.Object {
	t.Helper()
	out := make([]*manifest.Object, 0, len(objs))
	for _, o := range objs {
		body := map[string]any{}
		if err := json.Unmarshal(jsonOf(t, o), &body); err != nil {
			t.Fatal(err)
		}
		meta, _ := body["metadata"].(map[string]any)
		if meta == nil {
			continue
		}
		meta["resourceVersion"] = "1"
		out = append(out, ObjectFromMap(body))
	}
	return out
}

func pathHash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

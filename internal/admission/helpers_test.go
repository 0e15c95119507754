package admission

import (
	"context"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"sigs.k8s.io/kustomize/kyaml/resid"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/manifest"
)

const (
	finalStack  = "../../testdata/field-report/final/stack.yaml"
	strictStack = "../../testdata/field-report/strict/stack.yaml"
	hostStack   = "../../testdata/field-report/host/stack.yaml"
	blogSystem  = "../../manifests/blog-system"
)

// load reads manifests with the CLI's loader.
func load(t testing.TB, paths ...string) []*manifest.Object {
	t.Helper()
	res := manifest.Load(paths, manifest.Options{})
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors[0])
	}
	return res.Objects
}

// find returns the object named "Kind/ns/name" (Kind/name when cluster-scoped).
func find(t testing.TB, objs []*manifest.Object, ref string) *manifest.Object {
	t.Helper()
	for _, o := range objs {
		if o.Ref().String() == ref {
			return o
		}
	}
	t.Fatalf("no %s", ref)
	return nil
}

// without returns objs minus the named ones.
func without(t testing.TB, objs []*manifest.Object, refs ...string) []*manifest.Object {
	t.Helper()
	var out []*manifest.Object
	for _, o := range objs {
		drop := false
		for _, r := range refs {
			drop = drop || o.Ref().String() == r
		}
		if !drop {
			out = append(out, o)
		}
	}
	if len(out) != len(objs)-len(refs) {
		t.Fatalf("without %v: %d of %d objects left", refs, len(out), len(objs))
	}
	return out
}

// informerJSON decodes an object's JSON as the webhook decodes a
// request's (decodeObject: the loader, manifest/json.go): a whole number
// is an int64, as in the informers' unstructured objects, and only a
// fraction a float64. encoding/json's float64 for every number would make
// objects that no informer gives, which the Istio schema check refuses
// (an int field holding a float64) while the content sum takes them for
// the integer (sum.go).
func informerJSON(t testing.TB, data []byte) map[string]any {
	t.Helper()
	res := manifest.LoadBytes("object.json", data, manifest.Options{})
	if len(res.Errors) > 0 || len(res.Objects) != 1 {
		t.Fatalf("decode: %d objects, %v", len(res.Objects), res.Errors)
	}
	return res.Objects[0].Body
}

// edited returns a copy of o whose body edit has changed; o is left as is.
func edited(t testing.TB, o *manifest.Object, edit func(body map[string]any)) *manifest.Object {
	t.Helper()
	body := informerJSON(t, jsonOf(t, o))
	edit(body)
	c := ObjectFromMap(body)
	if c == nil {
		t.Fatal("edit removed apiVersion or kind")
	}
	return c
}

// replaced is edited on the object named ref inside objs.
func replaced(t testing.TB, objs []*manifest.Object, ref string, edit func(body map[string]any)) []*manifest.Object {
	t.Helper()
	out := make([]*manifest.Object, len(objs))
	for i, o := range objs {
		out[i] = o
		if o.Ref().String() == ref {
			out[i] = edited(t, o, edit)
		}
	}
	return out
}

func jsonOf(t testing.TB, o *manifest.Object) []byte {
	t.Helper()
	b, err := json.Marshal(o.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func storeOf(objs []*manifest.Object) *Store {
	s := NewStore()
	for _, o := range objs {
		s.Set(o)
	}
	return s
}

// request builds an admission request for o (new) and old, as the API
// server sends them: JSON, with the request's namespace and name.
func request(t testing.TB, op Operation, old, o *manifest.Object) Request {
	t.Helper()
	req := Request{UID: "uid-1", Operation: op}
	for _, x := range []*manifest.Object{old, o} {
		if x != nil {
			req.Kind, req.Namespace, req.Name = x.Kind, x.Namespace, x.Name
		}
	}
	if o != nil {
		req.Object = jsonOf(t, o)
	}
	if old != nil {
		req.OldObject = jsonOf(t, old)
	}
	return req
}

func setLabel(path ...string) func(key, value string) func(map[string]any) {
	return func(key, value string) func(map[string]any) {
		return func(body map[string]any) {
			m := body
			for _, p := range path {
				next, _ := m[p].(map[string]any)
				if next == nil {
					next = map[string]any{}
					m[p] = next
				}
				m = next
			}
			m[key] = value
		}
	}
}

var (
	label      = setLabel("metadata", "labels")
	annotation = setLabel("metadata", "annotations")
)

// engines are built once per config: preparing the rules is the slow part.
var (
	enginesMu sync.Mutex
	engines   = map[string]*Engine{}
)

func engine(t testing.TB, cfgYAML string) *Engine {
	t.Helper()
	enginesMu.Lock()
	defer enginesMu.Unlock()
	if e := engines[cfgYAML]; e != nil {
		return e
	}
	cfg := config.Default()
	if cfgYAML != "" {
		p := t.TempDir() + "/" + config.FileName
		writeFile(t, p, cfgYAML)
		var err error
		if cfg, err = config.Load(p); err != nil {
			t.Fatal(err)
		}
	}
	e, err := New(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	engines[cfgYAML] = e
	return e
}

func check(t testing.TB, e *Engine, snap Snapshot, req Request) Verdict {
	t.Helper()
	v, err := e.Validate(context.Background(), snap, req)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func writeFile(t testing.TB, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// kustomizeOrder sorts objects as `kubectl apply -k` sends them
// (kustomize's legacy order: Namespaces, ConfigMaps, Services and
// workloads first, then the other kinds by group and kind).
func kustomizeOrder(objs []*manifest.Object) []*manifest.Object {
	out := slices.Clone(objs)
	gvk := func(o *manifest.Object) resid.Gvk {
		g, v := resid.ParseGroupVersion(o.APIVersion)
		return resid.NewGvk(g, v, o.Kind)
	}
	slices.SortStableFunc(out, func(a, b *manifest.Object) int {
		switch ga, gb := gvk(a), gvk(b); {
		case ga.IsLessThan(gb):
			return -1
		case gb.IsLessThan(ga):
			return 1
		}
		return strings.Compare(a.Ref().String(), b.Ref().String())
	})
	return out
}

func reversed(objs []*manifest.Object) []*manifest.Object {
	out := slices.Clone(objs)
	slices.Reverse(out)
	return out
}

// sharedObjects are what manifests/blog-system assumes the cluster has:
// istio-system, the ingress controller and its class.
func sharedObjects(t testing.TB) []*manifest.Object {
	final := load(t, finalStack)
	return []*manifest.Object{find(t, final, "Namespace/istio-system"), find(t, final, "Namespace/ingress-nginx"),
		find(t, final, "IngressClass/nginx"), find(t, final, "Deployment/ingress-nginx/ingress-nginx-controller")}
}

// verifiedOwner marks the request's owner reference as checked by the
// caller (the webhook looks the owner up in its cache).
func verifiedOwner(r Request) Request {
	r.OwnerVerified = true
	return r
}

// warmEverywhere is a Store of n corpus objects where no namespace sets
// its own mode (a mesh-wide mode reaches every one), and an engine that
// has evaluated it (Warm).
func warmEverywhere(t testing.TB, n int) (*Store, *Engine) {
	t.Helper()
	s := corpusStoreT(t, n)
	deleteNamespacePeerAuths(s)
	e, err := New(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Warm(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	return s, e
}

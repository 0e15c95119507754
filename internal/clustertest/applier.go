package clustertest

import (
	"slices"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
)

// Applier creates objects through client-go's dynamic client: another
// client than the ones under test.
type Applier struct {
	Client dynamic.Interface // for what Create does not do
	mapper *restmapper.DeferredDiscoveryRESTMapper
}

// NewApplier is an Applier for the API server of cfg, mapping kinds to
// resources by its discovery.
func NewApplier(t testing.TB, cfg *rest.Config) *Applier {
	t.Helper()
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	dc, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &Applier{Client: dyn, mapper: restmapper.NewDeferredDiscoveryRESTMapper(memory.NewMemCacheClient(dc))}
}

// Load reads manifest files, failing the test on any input problem.
func Load(t testing.TB, paths ...string) []*manifest.Object {
	t.Helper()
	res := manifest.Load(paths, manifest.Options{})
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	return res.Objects
}

// ApplyFiles creates the files' objects, Namespaces first. A namespace an
// object lives in that the files do not declare (the field report's
// before/host.yaml has a PeerAuthentication in istio-system) is created
// bare: the API server refuses objects in a namespace that does not
// exist.
func (a *Applier) ApplyFiles(t testing.TB, paths ...string) {
	t.Helper()
	objs := Load(t, paths...)
	slices.SortStableFunc(objs, func(x, y *manifest.Object) int { return rankNS(x) - rankNS(y) })
	declared := map[string]bool{"default": true}
	for _, o := range objs {
		if o.Kind == "Namespace" {
			declared[o.Name] = true
		} else if ns := mesh.NamespaceOf(o); ns != "" && !declared[ns] {
			declared[ns] = true
			a.Create(t, map[string]any{"apiVersion": "v1", "kind": "Namespace", "metadata": map[string]any{"name": ns}})
		}
		a.Create(t, o.Body)
	}
}

func rankNS(o *manifest.Object) int {
	if o.Kind == "Namespace" {
		return 0
	}
	return 1
}

// Create creates one object, in namespace default if it names none; a
// Namespace that exists already is no error.
func (a *Applier) Create(t testing.TB, body map[string]any) *unstructured.Unstructured {
	t.Helper()
	u := &unstructured.Unstructured{Object: body}
	gvk := u.GroupVersionKind()
	m, err := a.mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	if err != nil {
		t.Fatalf("map %s: %v", gvk, err)
	}
	var r dynamic.ResourceInterface = a.Client.Resource(m.Resource)
	if m.Scope.Name() == "namespace" {
		ns := u.GetNamespace()
		if ns == "" {
			ns = "default"
		}
		r = a.Client.Resource(m.Resource).Namespace(ns)
	}
	out, err := r.Create(t.Context(), u, metav1.CreateOptions{FieldManager: "meshlint-test"})
	if err != nil && !(gvk.Kind == "Namespace" && apierrors.IsAlreadyExists(err)) {
		t.Fatalf("create %s %s/%s: %v", gvk.Kind, u.GetNamespace(), u.GetName(), err)
	}
	return out
}

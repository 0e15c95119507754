package cluster

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"
	"sigs.k8s.io/controller-runtime/pkg/envtest"

	"github.com/meshlint/meshlint/internal/envtestbin"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
)

// The real parts: kube-apiserver and etcd built by hack/envtest-bins.sh
// (KUBEBUILDER_ASSETS; make test sets it) and the Istio CRDs of
// istio.io/api from the module cache, as the webhook and e2e tests take
// them. A missing part fails the test, saying what to run; never a skip.
const (
	istioAPI     = "istio.io/api@v1.32.0"
	istioCRDFile = "kubernetes/customresourcedefinitions.gen.yaml"
	repoRoot     = "../.."
)

// startAPIServer starts kube-apiserver and etcd with the Istio CRDs, for
// the test and its subtests.
func startAPIServer(t *testing.T) (*envtest.Environment, *rest.Config) {
	t.Helper()
	assets, err := envtestbin.Assets()
	if err != nil {
		t.Fatal(err)
	}
	dir, err := envtestbin.ModuleDir(repoRoot, istioAPI)
	if err != nil {
		t.Fatal(err)
	}
	env := &envtest.Environment{BinaryAssetsDirectory: assets, CRDDirectoryPaths: []string{filepath.Join(dir, istioCRDFile)},
		ErrorIfCRDPathMissing: true, ControlPlaneStartTimeout: 2 * time.Minute}
	cfg, err := env.Start()
	if err != nil {
		t.Fatalf("start kube-apiserver and etcd from %s: %v", assets, err)
	}
	t.Cleanup(func() {
		if err := env.Stop(); err != nil {
			t.Errorf("stop the API server: %v", err)
		}
	})
	return env, cfg
}

// applier creates objects through client-go's dynamic client: another
// client than the one under test.
type applier struct {
	dyn    dynamic.Interface
	mapper *restmapper.DeferredDiscoveryRESTMapper
}

func newApplier(t *testing.T, cfg *rest.Config) *applier {
	t.Helper()
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	dc, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &applier{dyn: dyn, mapper: restmapper.NewDeferredDiscoveryRESTMapper(memory.NewMemCacheClient(dc))}
}

// load reads manifest files, failing the test on any input problem.
func load(t *testing.T, paths ...string) []*manifest.Object {
	t.Helper()
	res := manifest.Load(paths, manifest.Options{})
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	return res.Objects
}

// applyFiles creates the files' objects, Namespaces first. A namespace an
// object lives in that the files do not declare (the field report's
// before/host.yaml has a PeerAuthentication in istio-system) is created
// bare: the API server refuses objects in a namespace that does not
// exist. It returns those namespaces.
func (a *applier) applyFiles(ctx context.Context, t *testing.T, paths ...string) (added []string) {
	t.Helper()
	objs := load(t, paths...)
	slices.SortStableFunc(objs, func(x, y *manifest.Object) int { return rankNS(x) - rankNS(y) })
	declared := map[string]bool{"default": true}
	for _, o := range objs {
		if o.Kind == "Namespace" {
			declared[o.Name] = true
		} else if ns := mesh.NamespaceOf(o); ns != "" && !declared[ns] {
			declared[ns] = true
			added = append(added, ns)
			a.create(ctx, t, map[string]any{"apiVersion": "v1", "kind": "Namespace", "metadata": map[string]any{"name": ns}})
		}
		a.create(ctx, t, o.Body)
	}
	return added
}

func rankNS(o *manifest.Object) int {
	if o.Kind == "Namespace" {
		return 0
	}
	return 1
}

// create creates one object.
func (a *applier) create(ctx context.Context, t *testing.T, body map[string]any) *unstructured.Unstructured {
	t.Helper()
	u := &unstructured.Unstructured{Object: body}
	gvk := u.GroupVersionKind()
	m, err := a.mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	if err != nil {
		t.Fatalf("map %s: %v", gvk, err)
	}
	r := a.dyn.Resource(m.Resource).Namespace(u.GetNamespace())
	if m.Scope.Name() != "namespace" {
		r = a.dyn.Resource(m.Resource)
	} else if u.GetNamespace() == "" {
		r = a.dyn.Resource(m.Resource).Namespace("default")
	}
	out, err := r.Create(ctx, u, metav1.CreateOptions{FieldManager: "meshlint-test"})
	if err != nil && !(gvk.Kind == "Namespace" && apierrors.IsAlreadyExists(err)) {
		t.Fatalf("create %s %s/%s: %v", gvk.Kind, u.GetNamespace(), u.GetName(), err)
	}
	return out
}

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }

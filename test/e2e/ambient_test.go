package e2e

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/render"
)

// ambientDir is the blog stack in ambient mode, a kustomize overlay.
const ambientDir = "manifests/blog-system-ambient"

// ambientStack builds the overlay as kubectl apply -k does and keeps the
// objects of the field report's namespace, renamed to ns.
func ambientStack(t tb, ns string) stack {
	t.Helper()
	res, err := render.Kustomize(filepath.Join(repoRoot(), ambientDir))
	if err != nil {
		t.Fatalf("build %s: %v", ambientDir, err)
	}
	var objs []*manifest.Object
	for _, f := range res.Files {
		loaded := manifest.LoadBytes(f.Name, f.Data, manifest.Options{})
		if len(loaded.Errors) > 0 {
			t.Fatalf("load %s: %v", f.Name, loaded.Errors)
		}
		objs = append(objs, loaded.Objects...)
	}
	out := ownObjects(t, objs, ns)
	if len(out) == 0 {
		t.Fatalf("%s built no object of namespace %s", ambientDir, reportNamespace)
	}
	return out
}

// The ambient stack applies cleanly, object by object: ztunnel carries
// web's and was's hops, the unmeshed ingress reaches web under PERMISSIVE.
func TestAmbientStackAppliesCleanly(t *testing.T) {
	ctx := context.Background()
	c := newClient(t)
	const ns = "blog-ambient"
	t.Cleanup(func() { deleteIngress(t, c, ns) })
	s := ambientStack(t, ns)
	s.find(t, "Namespace", ns)
	for _, o := range s {
		if v := c.create(ctx, t, o, false); !v.allowed {
			t.Fatalf("create %s: %s", o.Ref(), v)
		}
	}
	for _, o := range s {
		if c.get(ctx, t, o) == nil {
			t.Errorf("%s was not stored", o.Ref())
		}
	}
}

// STRICT for the ambient namespace, behind the ingress controller that
// runs outside the mesh, is denied with ML101: ztunnel would reset the
// controller's plaintext connections (502).
func TestAmbientStrictBehindUnmeshedIngressIsDenied(t *testing.T) {
	ctx := context.Background()
	c := newClient(t)
	const ns = "blog-ambient-strict"
	t.Cleanup(func() { deleteIngress(t, c, ns) })
	s := ambientStack(t, ns)
	permissive := s.find(t, "PeerAuthentication", "default")
	strict := edited(t, permissive, func(body map[string]any) {
		body["spec"] = map[string]any{"mtls": map[string]any{"mode": "STRICT"}}
	})
	setup := s.without("PeerAuthentication", "default")
	applyAll(ctx, t, c, setup)
	want := newErrors(t, platform(t), setup, setup.with(strict))
	if real := denied(ctx, t, c, strict, want, "ML101"); !strings.Contains(real.message, "The ztunnel resets the connection") {
		t.Errorf("the denial does not say that ztunnel resets the hop:\n%s", real.message)
	}
}

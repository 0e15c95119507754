package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/meshlint/meshlint/internal/manifest"
)

// Deleting blog-system's PERMISSIVE PeerAuthentication while the mesh-wide
// one is STRICT makes web STRICT behind the unmeshed ingress: the DELETE
// itself is denied (ML101), dry-run or not, and the policy stays.
func TestDeleteOfNamespacePermissiveUnderMeshWideStrictIsDenied(t *testing.T) {
	const ns = "blog-delete"
	ctx := context.Background()
	c := newClient(t)
	t.Cleanup(func() { deleteIngress(t, c, ns) })
	s := loadStack(t, ns, finalStack)
	applyAll(ctx, t, c, s)

	meshWide := setMeshWideMode(ctx, t, c, "STRICT")
	t.Cleanup(func() { setMeshWideMode(ctx, t, c, "PERMISSIVE") })

	pa := s.find(t, "PeerAuthentication", "default")
	base := platform(t).without("PeerAuthentication", "default").with(meshWide)
	want := newErrors(t, base, s, s.without("PeerAuthentication", "default"))
	err := eventually(ctx, 15*time.Second, func() error {
		if v := c.delete(ctx, t, pa, true); v.allowed {
			return fmt.Errorf("dry-run delete of %s: %s", pa.Ref(), v)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("the webhook's cache did not catch up with the mesh-wide STRICT: %v", err)
	}
	dry := c.delete(ctx, t, pa, true)
	real := c.delete(ctx, t, pa, false)
	for _, v := range []verdict{dry, real} {
		checkDenial(t, v, want, "ML101")
	}
	sameVerdict(t, dry, real)
	if c.get(ctx, t, pa) == nil {
		t.Fatalf("%s was deleted though the DELETE was denied", pa.Ref())
	}
}

// setMeshWideMode sets the mesh-wide PeerAuthentication's mode (the
// change must be allowed) and returns it as stored.
func setMeshWideMode(ctx context.Context, t tb, c *apiClient, mode string) *manifest.Object {
	t.Helper()
	ref := &manifest.Object{APIVersion: "security.istio.io/v1", Kind: "PeerAuthentication", Namespace: "istio-system", Name: "default"}
	u := c.get(ctx, t, ref)
	if u == nil {
		t.Fatalf("no mesh-wide PeerAuthentication")
	}
	if err := unstructured.SetNestedField(u.Object, mode, "spec", "mtls", "mode"); err != nil {
		t.Fatalf("set mode: %v", err)
	}
	v := c.update(ctx, t, u, false)
	if !v.allowed {
		t.Fatalf("make the mesh %s: %s", mode, v)
	}
	return fromUnstructured(v.object)
}

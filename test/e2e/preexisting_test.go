package e2e

import (
	"context"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/meshlint/meshlint/internal/manifest"
)

// A violation that is already in the cluster (created while the validating
// webhook was not registered) blocks no unrelated change, nor a change to
// the violating object that keeps the violation as it is; a new violation
// is still denied.
func TestPreExistingViolationBlocksNoUnrelatedUpdate(t *testing.T) {
	const ns = "blog-legacy"
	ctx := context.Background()
	c := newClient(t)
	t.Cleanup(func() { deleteIngress(t, c, ns) })
	s := loadStack(t, ns, strictStack)
	strict := s.find(t, "PeerAuthentication", "default")
	applyAll(ctx, t, c, s.without("PeerAuthentication", "default"))
	withoutWebhook(ctx, t, c, "validating", func() {
		if v := c.create(ctx, t, strict, false); !v.allowed {
			t.Fatalf("create %s without the validating webhook: %s", strict.Ref(), v)
		}
	})
	// The webhook knows the violation once a second Ingress to web is
	// denied (a new ML101 finding of the same policy).
	second := edited(t, s.find(t, "Ingress", "blog"), func(b map[string]any) {
		unstructured.SetNestedField(b, "blog-2", "metadata", "name")
	})
	awaitVerdict(ctx, t, c, second, false)

	tests := []struct {
		name    string
		obj     *manifest.Object
		edit    func(u *unstructured.Unstructured)
		allowed bool
		denial  string // the rule a denial names
	}{
		{"scaling was, unrelated to the violation, is allowed", s.find(t, "Deployment", "was"),
			func(u *unstructured.Unstructured) {
				unstructured.SetNestedField(u.Object, int64(3), "spec", "replicas")
			}, true, ""},
		{"labelling the STRICT PeerAuthentication itself is allowed: the violation is not new", strict,
			func(u *unstructured.Unstructured) { u.SetLabels(map[string]string{"team": "blog"}) }, true, ""},
		{"making mysql's DestinationRule ISTIO_MUTUAL (a new ML103) is still denied", s.find(t, "DestinationRule", "mysql"),
			func(u *unstructured.Unstructured) {
				unstructured.SetNestedField(u.Object, "ISTIO_MUTUAL", "spec", "trafficPolicy", "tls", "mode")
			}, false, "ML103"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := c.get(ctx, t, tt.obj)
			if u == nil {
				t.Fatalf("%s is missing", tt.obj.Ref())
			}
			tt.edit(u)
			dry := c.update(ctx, t, u, true)
			real := c.update(ctx, t, u, false)
			sameVerdict(t, dry, real)
			if real.allowed != tt.allowed || !strings.Contains(real.message, tt.denial) {
				t.Fatalf("update %s: %s", tt.obj.Ref(), real)
			}
		})
	}
}

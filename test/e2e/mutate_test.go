package e2e

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/meshlint/meshlint/internal/admission"
	"github.com/meshlint/meshlint/internal/manifest"
)

// With mutation on, what MM01-MM03 fix is stored fixed: the verdict is
// allowed, the reason comes back as an admission warning and an
// annotation on the object, and a dry-run returns the same object.
func TestMutationsAreStored(t *testing.T) {
	tests := []struct {
		name      string
		ns        string
		file      string
		kind, obj string
		edit      func(body map[string]any) // how the user's object differs from the stack's
		mutation  string
		stored    func(t tb, u *unstructured.Unstructured) error
	}{
		{"web's nginx ConfigMap with Host $host is stored with Host was-service (MM01)",
			"mutate-host", hostStack, "ConfigMap", "web-nginx-config", nil, "MM01", storedHostService},
		{`the mysql StatefulSet without an inject label is stored with sidecar.istio.io/inject: "false" (MM02)`,
			"mutate-mysql", finalStack, "StatefulSet", "mysql", dropInjectLabel, "MM02", storedNotInjected},
		{"a DestinationRule without tls is stored with ISTIO_MUTUAL (MM03)",
			"mutate-dr", finalStack, "DestinationRule", "was-service", dropTrafficPolicy, "MM03", storedIstioMutual},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			c := newClient(t)
			t.Cleanup(func() { deleteIngress(t, c, tt.ns) })
			s := loadStack(t, tt.ns, tt.file)
			applyAll(ctx, t, c, s.without(tt.kind, tt.obj))
			o := s.find(t, tt.kind, tt.obj)
			if tt.edit != nil {
				o = edited(t, o, tt.edit)
			}
			awaitMutation(ctx, t, c, o, tt.stored)
			dry := c.create(ctx, t, o, true)
			real := c.create(ctx, t, o, false)
			sameVerdict(t, dry, real)
			for _, v := range []verdict{dry, real} {
				if !v.allowed {
					t.Fatalf("create %s: %s", o.Ref(), v)
				}
				if err := tt.stored(t, v.object); err != nil {
					t.Fatalf("create %s answered: %v", o.Ref(), err)
				}
				checkMutationReported(t, v, tt.mutation)
			}
			if stored := c.get(ctx, t, o); stored == nil {
				t.Fatalf("%s was not stored", o.Ref())
			} else if err := tt.stored(t, stored); err != nil {
				t.Fatalf("%s as stored: %v", o.Ref(), err)
			}
		})
	}
}

// awaitMutation waits, with dry-runs, until the webhook's cache holds the
// stack, so that the mutation applies.
func awaitMutation(ctx context.Context, t tb, c *apiClient, o *manifest.Object, stored func(tb, *unstructured.Unstructured) error) {
	t.Helper()
	err := eventually(ctx, 15*time.Second, func() error {
		v := c.create(ctx, t, o, true)
		if !v.allowed {
			return fmt.Errorf("dry-run create of %s: %s", o.Ref(), v)
		}
		return stored(t, v.object)
	})
	if err != nil {
		t.Fatalf("the mutation never applied: %v", err)
	}
}

// checkMutationReported: the reason goes back as an admission warning and
// as an annotation of the object listing what meshlint changed.
func checkMutationReported(t tb, v verdict, mutation string) {
	t.Helper()
	if len(v.warnings) == 0 {
		t.Fatalf("no admission warning says what %s changed", mutation)
	}
	t.Logf("warnings: %q", v.warnings)
	ids := strings.Split(v.object.GetAnnotations()[admission.MutatedAnnotation], ",")
	if !slices.Contains(ids, mutation) {
		t.Fatalf("annotation %s does not list %s: %v", admission.MutatedAnnotation, mutation, v.object.GetAnnotations())
	}
}

func storedHostService(t tb, u *unstructured.Unstructured) error {
	conf := nginxConf(t, u)
	if !strings.Contains(conf, hostService) || strings.Contains(conf, hostPassthrough) {
		return fmt.Errorf("nginx config not rewritten:\n%s", conf)
	}
	return nil
}

const injectLabel = "sidecar.istio.io/inject"

func dropInjectLabel(body map[string]any) {
	unstructured.RemoveNestedField(body, "spec", "template", "metadata", "labels", injectLabel)
}

func storedNotInjected(_ tb, u *unstructured.Unstructured) error {
	v, _, _ := unstructured.NestedString(u.Object, "spec", "template", "metadata", "labels", injectLabel)
	if v != "false" {
		return fmt.Errorf("pod template label %s is %q, want \"false\"", injectLabel, v)
	}
	return nil
}

func dropTrafficPolicy(body map[string]any) {
	unstructured.RemoveNestedField(body, "spec", "trafficPolicy")
}

func storedIstioMutual(_ tb, u *unstructured.Unstructured) error {
	v, _, _ := unstructured.NestedString(u.Object, "spec", "trafficPolicy", "tls", "mode")
	if v != "ISTIO_MUTUAL" {
		return fmt.Errorf("spec.trafficPolicy.tls.mode is %q, want ISTIO_MUTUAL", v)
	}
	return nil
}

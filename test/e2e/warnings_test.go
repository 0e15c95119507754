package e2e

import (
	"context"
	"slices"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// New warnings do not deny: they reach the client as admission warnings
// (the client's rest.Config WarningHandler collects them), dry-run or not.
func TestWarningsReachTheClient(t *testing.T) {
	const ns = "blog-warn"
	ctx := context.Background()
	c := newClient(t)
	t.Cleanup(func() { deleteIngress(t, c, ns) })
	s := loadStack(t, ns, finalStack)
	applyAll(ctx, t, c, s)
	// A DestinationRule for a host no Service has: ML501, a warning.
	dr := edited(t, s.find(t, "DestinationRule", "web-service"), func(b map[string]any) {
		unstructured.SetNestedField(b, "no-such-service", "metadata", "name")
		unstructured.SetNestedField(b, "no-such-service", "spec", "host")
	})
	awaitVerdict(ctx, t, c, dr, true)
	dry := c.create(ctx, t, dr, true)
	real := c.create(ctx, t, dr, false)
	sameVerdict(t, dry, real)
	for _, v := range []verdict{dry, real} {
		if !v.allowed {
			t.Fatalf("create %s: %s", dr.Ref(), v)
		}
		if !containsAny(v.warnings, "ML501") {
			t.Fatalf("create %s: no ML501 among the warnings %q", dr.Ref(), v.warnings)
		}
		t.Logf("warnings: %q", v.warnings)
	}
	hasML501 := func(s string) bool { return slices.Contains(strings.Split(s, ","), "ML501") }
	if err := awaitAudit(ctx, ns, "no-such-service", auditWarnings, hasML501); err != nil {
		t.Errorf("the warning's rule is not on record: %v", err)
	}
}

func containsAny(list []string, sub string) bool {
	for _, s := range list {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

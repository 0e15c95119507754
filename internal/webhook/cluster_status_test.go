package webhook

import (
	"context"
	"fmt"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/meshlint/meshlint/internal/admission"
	"github.com/meshlint/meshlint/internal/tree"
)

// testStatusUpdate: a status update reaches the Store through the real
// informers as a new resourceVersion of the object, its status stripped
// (kinds.Bound): that is no change of the state (admission sum.go), so
// the Store's count stays and the webhook does not evaluate the cluster
// again; a label is a change.
func testStatusUpdate(ctx context.Context, t *testing.T, c client.Client, store *admission.Store) {
	svc := &unstructured.Unstructured{}
	svc.SetGroupVersionKind(schema.GroupVersionKind{Version: "v1", Kind: "Service"})
	key := types.NamespacedName{Namespace: "mirror", Name: "web"}
	if err := c.Get(ctx, key, svc); err != nil {
		t.Fatal(err)
	}
	changes := store.Changes()
	svc.Object["status"] = map[string]any{"conditions": []any{map[string]any{"type": "Probed", "status": "True",
		"reason": "Test", "message": "", "lastTransitionTime": "2026-12-07T00:00:00Z"}}}
	if err := c.Status().Update(ctx, svc); err != nil {
		t.Fatal(err)
	}
	waitForVersion(t, store, svc.GetResourceVersion())
	if n := store.Changes(); n != changes {
		t.Errorf("a status update moved the Store's count from %d to %d", changes, n)
	}
	labels := svc.GetLabels()
	if labels == nil {
		labels = map[string]string{}
	}
	labels["tier"] = "front"
	svc.SetLabels(labels)
	if err := c.Update(ctx, svc); err != nil {
		t.Fatal(err)
	}
	waitForVersion(t, store, svc.GetResourceVersion())
	if n := store.Changes(); n == changes {
		t.Error("a label left the Store's count as it was")
	}
}

// waitForVersion waits until the Store holds Service mirror/web at
// resourceVersion rv.
func waitForVersion(t *testing.T, store *admission.Store, rv string) {
	t.Helper()
	eventually(t, "the Service reaches the Store at resourceVersion "+rv, func() error {
		for _, o := range store.Objects([]string{"mirror"}) {
			if o.Kind == "Service" && o.Name == "web" {
				if got := tree.String(o.Body, "metadata", "resourceVersion"); got != rv {
					return fmt.Errorf("resourceVersion %s", got)
				}
				if _, ok := o.Body["status"]; ok {
					return fmt.Errorf("its status kept")
				}
				return nil
			}
		}
		return fmt.Errorf("no Service")
	})
}

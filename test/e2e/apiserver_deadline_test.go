package e2e

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	admissionv1 "k8s.io/api/admissionregistration/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/meshlint/meshlint/internal/clustertest"
	"github.com/meshlint/meshlint/internal/manifest"
)

// slowNamespace is intercepted by both webhooks; the test fills it with
// the slow stack while they are unregistered.
const slowNamespace = "slow-admission"

// Issue 11, point 1, through the real API server: with the validating
// webhook's timeoutSeconds at 1, a slow change is refused by the
// webhook's failurePolicy (Fail) with meshlint's reason, which proves the
// webhook answered before the API server stopped waiting (a timeout on
// the API server's side would read "context deadline exceeded"), and the
// webhook counts it.
func TestASlowChangeThroughTheAPIServerGetsTheFailurePolicy(t *testing.T) {
	ctx := context.Background()
	c := newClient(t)
	res := manifest.LoadBytes("slow.yaml", []byte("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: "+slowNamespace+"\n---\n"+
		clustertest.SlowNginxStack(slowNamespace, slowConfigs)), manifest.Options{})
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	withoutWebhooks(ctx, t, c, func() {
		for _, o := range res.Objects {
			if err := c.Create(ctx, toUnstructured(o)); err != nil {
				t.Fatalf("create %s: %v", o.Ref(), err)
			}
		}
	})
	t.Cleanup(func() {
		withoutWebhooks(ctx, t, c, func() {
			for _, o := range res.Objects[1:] { // envtest runs no namespace controller: the empty namespace stays
				if err := c.Delete(ctx, toUnstructured(o)); err != nil {
					t.Errorf("delete %s: %v", o.Ref(), err)
				}
			}
		})
	})
	setValidatingTimeout(ctx, t, c, 1)
	defer setValidatingTimeout(ctx, t, c, 10)
	change := toUnstructured(stackObject(t, map[string]any{"apiVersion": "v1", "kind": "ConfigMap",
		"metadata": map[string]any{"name": "slow-change", "namespace": slowNamespace}, "data": map[string]any{"a": "b"}}))
	before := cluster.hook.metric(t, "meshlint_admission_given_up_total", `webhook="validate"`, `reason="deadline"`)
	err := eventually(ctx, 90*time.Second, func() error {
		err := c.Create(ctx, change.DeepCopy(), client.DryRunAll)
		switch {
		case err == nil:
			return errors.New("allowed: the 1 s timeout is not in force yet")
		case !strings.Contains(err.Error(), "meshlint did not check this change: the evaluation ran out of time (the API server waits 1s; meshlint answers 250ms before)"):
			return err
		}
		t.Logf("refused: %v", err)
		return nil
	})
	if err != nil {
		t.Errorf("a slow change through the API server: %v", err)
	}
	if after := cluster.hook.metric(t, "meshlint_admission_given_up_total", `webhook="validate"`, `reason="deadline"`); after <= before {
		t.Errorf("given_up{validate,deadline} went from %v to %v, want more", before, after)
	}
}

// withoutWebhooks runs f while neither webhook is registered.
func withoutWebhooks(ctx context.Context, t *testing.T, c *apiClient, f func()) {
	t.Helper()
	withoutWebhook(ctx, t, c, "validating", func() { withoutWebhook(ctx, t, c, "mutating", f) })
}

// setValidatingTimeout sets the registered validating webhook's
// timeoutSeconds.
func setValidatingTimeout(ctx context.Context, t *testing.T, c *apiClient, seconds int32) {
	t.Helper()
	var cfg admissionv1.ValidatingWebhookConfiguration
	if err := c.Get(ctx, client.ObjectKey{Name: validatingName}, &cfg); err != nil {
		t.Fatalf("get the validating webhook: %v", err)
	}
	for i := range cfg.Webhooks {
		cfg.Webhooks[i].TimeoutSeconds = &seconds
	}
	if err := c.Update(ctx, &cfg); err != nil {
		t.Fatalf("set timeoutSeconds %d: %v", seconds, err)
	}
}

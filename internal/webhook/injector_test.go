package webhook

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/meshlint/meshlint/internal/admission"
	"github.com/meshlint/meshlint/internal/mesh"
)

// testInjector: the informers bring Istio's injector install into the
// Store, reduced to what the model reads, and every evaluation reads it.
// Only revision canary's webhooks (testdata/rules/ML301/inject-canary-only-install.yaml,
// in a namespace of its own) select nothing in a namespace labelled
// istio-injection=enabled; once they are deleted the chart's webhooks
// stand in and inject. Istio: pkg/kube/inject/webhook.go injectRequired.
func testInjector(ctx context.Context, t *testing.T, c client.Client, store *admission.Store) {
	b, err := os.ReadFile(filepath.Join(repoRootFromPkg, "testdata", "rules", "ML301", "inject-canary-only-install.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "install.yaml")
	if err := os.WriteFile(path, []byte(strings.ReplaceAll(string(b), "blog-system", "injected")), 0o600); err != nil {
		t.Fatal(err)
	}
	objs := applyFile(ctx, t, c, path)
	meshed := func() string {
		m := mesh.Build(store.Objects([]string{"injected"}), mesh.DefaultSettings())
		var out []string
		for _, w := range m.Workloads {
			if w.Namespace == "injected" {
				out = append(out, fmt.Sprintf("%s=%v", w.Ref.Name, w.Meshed))
			}
		}
		return strings.Join(out, " ")
	}
	eventually(t, "the install reaches the Store, and no sidecar is injected", func() error {
		if got := meshed(); got != "was=false mysql=false" {
			return fmt.Errorf("sidecars %q", got)
		}
		return nil
	})
	for _, o := range store.Objects(nil) {
		if o.Kind == "MutatingWebhookConfiguration" {
			hooks, _ := o.Body["webhooks"].([]any)
			if len(hooks) != 2 || hooks[0].(map[string]any)["clientConfig"] != nil {
				t.Errorf("the Store's %s holds webhooks %v", o.Name, hooks)
			}
		}
	}
	var mwc *unstructured.Unstructured
	for _, u := range objs {
		if u.GetKind() == "MutatingWebhookConfiguration" {
			mwc = u
		}
	}
	if err := c.Delete(ctx, mwc); err != nil {
		t.Fatal(err)
	}
	eventually(t, "without the install the chart's webhooks inject", func() error {
		if got := meshed(); got != "was=true mysql=true" {
			return fmt.Errorf("sidecars %q", got)
		}
		return nil
	})
}

package oracle

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	admv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"istio.io/istio/operator/pkg/render"
	"istio.io/istio/pkg/kube/inject"
)

// install is one istiod revision as Istio's installer renders it: its
// injector webhooks and its istio-sidecar-injector ConfigMap.
type install struct {
	revision string
	webhooks []admv1.MutatingWebhookConfiguration
	config   string   // data.config of the ConfigMap
	values   string   // data.values
	yaml     []string // the webhooks and the ConfigMap as rendered
	cmYAML   string   // the ConfigMap alone
}

// renderInstall renders the istio-discovery chart with Istio's own
// installer (operator/pkg/render, the code behind istioctl install and
// manifest generate), from the charts built into the module.
func renderInstall(t *testing.T, operatorSpec string) install {
	t.Helper()
	file := filepath.Join(t.TempDir(), "iop.yaml")
	iop := "apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  profile: empty\n  components:\n    pilot:\n      enabled: true\n" + operatorSpec
	if err := os.WriteFile(file, []byte(iop), 0o600); err != nil {
		t.Fatal(err)
	}
	sets, _, err := render.GenerateManifest([]string{file}, nil, false, nil, nil)
	if err != nil {
		t.Fatalf("render the Istio chart: %v", err)
	}
	var in install
	for _, set := range sets {
		for _, m := range set.Manifests {
			switch {
			case m.GetKind() == "MutatingWebhookConfiguration":
				var mwc admv1.MutatingWebhookConfiguration
				if err := runtime.DefaultUnstructuredConverter.FromUnstructured(m.Object, &mwc); err != nil {
					t.Fatal(err)
				}
				in.webhooks = append(in.webhooks, mwc)
				in.revision = mwc.Labels["istio.io/rev"]
				in.yaml = append(in.yaml, m.Content)
			case m.GetKind() == "ConfigMap" && strings.HasPrefix(m.GetName(), "istio-sidecar-injector"):
				data := m.Object["data"].(map[string]any)
				in.config, in.values = data["config"].(string), data["values"].(string)
				in.yaml, in.cmYAML = append(in.yaml, m.Content), m.Content
			}
		}
	}
	if len(in.webhooks) == 0 || in.config == "" {
		t.Fatalf("the rendered chart has no injector webhooks or ConfigMap:\n%s", iop)
	}
	if _, err := inject.UnmarshalConfig([]byte(in.config)); err != nil {
		t.Fatal(err)
	}
	return in
}

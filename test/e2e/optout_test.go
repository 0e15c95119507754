package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	admissionv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"
)

// The opt-out label, in the API server (the chart's namespaceSelector) and
// in the webhook (config.OptedOut), is one rule: the value "true" opts a
// namespace out, any other value does not. The chart's own
// ValidatingWebhookConfiguration (manifests/webhook/install.yaml, the
// chart rendered with its defaults) is registered in place of the suite's,
// pointing at the webhook binary; in each namespace, a mysql Pod in the
// mesh behind a sniffed port (ML301) is denied unless the namespace opted
// out. Before, "yes" or "" passed the namespaceSelector and the webhook
// then skipped them as opted out.
func TestTheChartAndTheWebhookAgreeOnWhichNamespacesOptedOut(t *testing.T) {
	ctx := context.Background()
	c := newClient(t)
	const label = "meshlint.io/ignore-namespace"
	cases := []struct {
		sentence string
		labels   map[string]string
		allowed  bool
	}{
		{"a namespace labelled true opted out: not judged", map[string]string{label: "true"}, true},
		{"yes does not opt out", map[string]string{label: "yes"}, false},
		{"an empty value does not opt out", map[string]string{label: ""}, false},
		{"True with a capital does not opt out", map[string]string{label: "True"}, false},
		{"false does not opt out", map[string]string{label: "false"}, false},
		{"no label does not opt out", nil, false},
	}
	withoutWebhook(ctx, t, c, "validating", func() {
		chart := chartValidating(t)
		if err := c.Create(ctx, chart); err != nil {
			t.Fatalf("register the chart's ValidatingWebhookConfiguration: %v", err)
		}
		defer func() {
			if err := c.Delete(ctx, chart); err != nil {
				t.Errorf("unregister the chart's ValidatingWebhookConfiguration: %v", err)
			}
			waitInForce(ctx, t, c, "chart's validating", validationInForce, false)
		}()
		waitInForce(ctx, t, c, "chart's validating", validationInForce, true)
		for i, tc := range cases {
			ns := "optout-" + itoa(i)
			s := loadStack(t, ns, mysqlSniffed)
			nsObj := edited(t, s.find(t, "Namespace", ns), func(b map[string]any) {
				for k, v := range tc.labels {
					b["metadata"].(map[string]any)["labels"].(map[string]any)[k] = v
				}
			})
			applyAll(ctx, t, c, append(stack{nsObj}, s.without("Namespace", ns).without("StatefulSet", "mysql")...))
			template := templateOf(t, s.find(t, "StatefulSet", "mysql"))
			template["metadata"].(map[string]any)["labels"].(map[string]any)["sidecar.istio.io/inject"] = "true"
			v := c.create(ctx, t, podOf(t, ns, "mysql-0", template, nil), true)
			if v.allowed != tc.allowed || !v.allowed && !strings.Contains(v.message, "ML301") {
				t.Errorf("%s: %s", tc.sentence, v)
			}
		}
	})
}

// chartValidating is the chart's ValidatingWebhookConfiguration as
// install.yaml renders it, called at the suite's webhook binary instead
// of the in-cluster Service, with envtest's CA: its rules,
// namespaceSelector and policies unchanged.
func chartValidating(t tb) *admissionv1.ValidatingWebhookConfiguration {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot(), "manifests", "webhook", "install.yaml"))
	if err != nil {
		t.Fatalf("%v", err)
	}
	for _, doc := range strings.Split(string(data), "\n---\n") {
		if !strings.Contains(doc, "\nkind: ValidatingWebhookConfiguration\n") {
			continue
		}
		var vwc admissionv1.ValidatingWebhookConfiguration
		if err := yaml.UnmarshalStrict([]byte(doc), &vwc); err != nil {
			t.Fatalf("install.yaml's ValidatingWebhookConfiguration: %v", err)
		}
		vwc.ObjectMeta = metav1.ObjectMeta{Name: "meshlint-chart-validating"}
		url := "https://127.0.0.1:" + itoa(cluster.port) + "/validate"
		for i := range vwc.Webhooks {
			vwc.Webhooks[i].ClientConfig = admissionv1.WebhookClientConfig{URL: &url, CABundle: cluster.caData}
		}
		return &vwc
	}
	t.Fatalf("install.yaml has no ValidatingWebhookConfiguration")
	return nil
}

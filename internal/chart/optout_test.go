package chart

import (
	"testing"

	admissionv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// TestTheOptOutLabelIsInTheNamespaceSelector: the API server itself skips
// opted-out namespaces, so the opt-out holds while the webhook is down.
func TestTheOptOutLabelIsInTheNamespaceSelector(t *testing.T) {
	for _, tc := range []struct {
		name, values, label string
	}{
		{"the default label opts a namespace out", "", "meshlint.io/ignore-namespace"},
		{"another label can be chosen", "webhooks: {optOutLabel: example.com/no-mesh-checks}", "example.com/no-mesh-checks"},
		{"an empty label means no opt-out", `webhooks: {optOutLabel: ""}`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := mustRender(t, tc.values)
			var mwc admissionv1.MutatingWebhookConfiguration
			r.one(t, "MutatingWebhookConfiguration", &mwc)
			var vwc admissionv1.ValidatingWebhookConfiguration
			r.one(t, "ValidatingWebhookConfiguration", &vwc)
			for _, sel := range []*metav1.LabelSelector{mwc.Webhooks[0].NamespaceSelector, vwc.Webhooks[0].NamespaceSelector} {
				got := ""
				for _, e := range sel.MatchExpressions {
					if e.Key != "kubernetes.io/metadata.name" && e.Operator == metav1.LabelSelectorOpNotIn && len(e.Values) == 1 && e.Values[0] == "true" {
						got = e.Key
					}
				}
				if got != tc.label {
					t.Errorf("opt-out expression on %q, want %q: %+v", got, tc.label, sel.MatchExpressions)
				}
			}
		})
	}
}

package chart

import (
	"encoding/json"
	"reflect"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	networkingv1 "k8s.io/api/networking/v1"
)

// The NetworkPolicy opens the webhook port (to webhookFrom, or to any
// source) and the metrics port (to metricsFrom only), by the container
// ports' names, on the Deployment's pods; every other port is closed.
func TestTheNetworkPolicyOpensTheWebhookPortAndMetricsToTheirPeersOnly(t *testing.T) {
	monitoring := `[{"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"monitoring"}}}]`
	for _, tc := range []struct {
		sentence, values string
		webhookFrom      string // JSON of the peers; "" for any source
		metricsFrom      string // "": the metrics port is closed
	}{
		{"by default any source reaches the webhook port only, the monitoring namespace /metrics", "", "", monitoring},
		{"webhookFrom narrows the webhook port to the API server's address",
			"networkPolicy: {webhookFrom: [{ipBlock: {cidr: 10.0.0.0/24}}]}", `[{"ipBlock":{"cidr":"10.0.0.0/24"}}]`, monitoring},
		{"an empty metricsFrom closes /metrics", "networkPolicy: {metricsFrom: []}", "", ""},
	} {
		r := mustRender(t, tc.values)
		var np networkingv1.NetworkPolicy
		r.one(t, "NetworkPolicy", &np)
		var d appsv1.Deployment
		r.one(t, "Deployment", &d)
		if !reflect.DeepEqual(np.Spec.PodSelector.MatchLabels, d.Spec.Selector.MatchLabels) || np.Namespace != releaseNS {
			t.Errorf("%s: selects %v in %s, want the Deployment's pods %v", tc.sentence, np.Spec.PodSelector.MatchLabels, np.Namespace, d.Spec.Selector.MatchLabels)
		}
		got := map[string]string{}
		for _, rule := range np.Spec.Ingress {
			if len(rule.Ports) != 1 || rule.Ports[0].Port == nil {
				t.Fatalf("%s: a rule without exactly one port: %+v", tc.sentence, rule)
			}
			got[rule.Ports[0].Port.String()] = ""
			if rule.From != nil {
				got[rule.Ports[0].Port.String()] = string(mustJSONOf(t, rule.From))
			}
		}
		want := map[string]string{"webhook": tc.webhookFrom}
		if tc.metricsFrom != "" {
			want["metrics"] = tc.metricsFrom
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: ports and peers %v, want %v", tc.sentence, got, want)
		}
		names := map[string]bool{}
		for _, p := range d.Spec.Template.Spec.Containers[0].Ports {
			names[p.Name] = true
		}
		for port := range got {
			if !names[port] {
				t.Errorf("%s: the policy opens %q, which no container port is named", tc.sentence, port)
			}
		}
	}
	if n := mustRender(t, "networkPolicy: {enabled: false}").count("NetworkPolicy"); n != 0 {
		t.Errorf("networkPolicy.enabled false renders %d NetworkPolicies", n)
	}
}

func mustJSONOf(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

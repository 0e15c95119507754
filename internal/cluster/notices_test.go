package cluster

import (
	"slices"
	"testing"

	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/meshlint/meshlint/internal/kinds"
)

// One notice per reason, the kinds in kinds.Watched order.
func TestNotices(t *testing.T) {
	gvk := func(kind string) schema.GroupVersionKind {
		g, ok := kinds.ByKind(kind)
		if !ok {
			t.Fatalf("%s is not watched", kind)
		}
		return g
	}
	var s skipped
	s.narrowed(gvk("Namespace"), nil, []string{"blog-system", "istio-system"})
	s.narrowed(gvk("Service"), []string{"blog-system", "istio-system"}, nil)
	s.narrowed(gvk("ConfigMap"), []string{"blog-system", "istio-system"}, nil)
	s.narrowed(gvk("Pod"), []string{"blog-system"}, []string{"istio-system"})
	s.unlisted(gvk("IngressClass"))
	s.unserved(gvk("DestinationRule"))
	s.unserved(gvk("PeerAuthentication"))
	s.unserved(gvk("Ingress"))
	s.noInstall = append(s.noInstall, "MutatingWebhookConfiguration")
	s.noOptional = append(s.noOptional, "Gateway", "HTTPRoute")
	want := []string{
		"Istio CRDs not installed: no DestinationRule, PeerAuthentication read",
		"not served by the API server: no Ingress (networking.k8s.io/v1) read",
		"cluster-wide list forbidden: no Namespace read (forbidden in blog-system, istio-system too)",
		"cluster-wide list forbidden: Service, ConfigMap read only in namespaces blog-system, istio-system",
		"cluster-wide list forbidden: Pod read only in namespace blog-system (forbidden in istio-system too)",
		"cluster-wide list forbidden: no IngressClass read (cluster-scoped)",
		"list forbidden: no MutatingWebhookConfiguration read: who has a sidecar follows the webhooks of Istio's chart, not the cluster's",
		"list forbidden: no Gateway, HTTPRoute read: the hops of gateways and other ingress controllers are not judged (grant list on them, as the chart's ClusterRole does)",
	}
	if got := s.notices(); !slices.Equal(got, want) {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}

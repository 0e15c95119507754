package e2e

import (
	"context"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
)

// clusterNamespaces lists the namespaces of the cluster, as the webhook's
// cache holds them.
func clusterNamespaces(t tb) []string {
	t.Helper()
	var list corev1.NamespaceList
	if err := newClient(t).List(context.Background(), &list); err != nil {
		t.Fatalf("list namespaces: %v", err)
	}
	out := make([]string, 0, len(list.Items))
	for _, ns := range list.Items {
		out = append(out, ns.Name)
	}
	return out
}

// A STRICT PeerAuthentication in one namespace behind the ingress
// controller of another (ingress-nginx) is denied with ML101, its fix and
// this namespace's objects by name, and nothing of ingress-nginx by name:
// whoever reaches the webhook or makes the request reads only the
// objects of the request's namespace and cluster-scoped ones.
func TestADenialNamesNothingOfAnotherNamespace(t *testing.T) {
	ctx := context.Background()
	c := newClient(t)
	const ns = "bypass-redact"
	t.Cleanup(func() { deleteIngress(t, c, ns) })
	s := loadStack(t, ns, strictStack)
	applyAll(ctx, t, c, s.without("PeerAuthentication", "default"))
	v := c.create(ctx, t, s.find(t, "PeerAuthentication", "default"), true)
	if v.allowed {
		t.Fatalf("the STRICT PeerAuthentication is allowed: %s", v)
	}
	for _, want := range []string{"ML101", "PeerAuthentication/" + ns + "/default", "Ingress/" + ns + "/blog", "a Deployment in another namespace", "PERMISSIVE"} {
		if !strings.Contains(v.message, want) {
			t.Errorf("the denial lacks %q: %s", want, v.message)
		}
	}
	if strings.Contains(v.message, "ingress-nginx/") || strings.Contains(v.message, "namespace ingress-nginx") {
		t.Errorf("the denial names the ingress controller's namespace or objects: %s", v.message)
	}
}

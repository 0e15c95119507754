package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mutate"
)

// With --generate-destination-rules the webhook's manager runs MM04 as a
// controller (with leader election): it creates a managed ISTIO_MUTUAL
// DestinationRule for a meshed Service that none covers, brings it back
// when it is deleted, and never touches a user-written one.
func TestGeneratorCreatesAndKeepsManagedDestinationRules(t *testing.T) {
	const ns = "blog-generate"
	ctx := context.Background()
	c := newClient(t)
	t.Cleanup(func() { deleteIngress(t, c, ns) })
	s := loadStack(t, ns, finalStack)
	// The user wrote a rule for web-service only; was-service has none.
	applyAll(ctx, t, c, s.without("DestinationRule", "was-service"))
	userDR := c.get(ctx, t, s.find(t, "DestinationRule", "web-service"))

	p, err := startWebhook(cluster.bin, cluster.dir, processOptions{
		kubeconfig: cluster.kubeconfig, certDir: cluster.certDir, port: freePort(), config: cluster.config,
		extra: generatorFlags,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.kill)
	if err := p.waitFor("/readyz", 200, 60*time.Second); err != nil {
		t.Fatal(err)
	}

	managed := &manifest.Object{APIVersion: "networking.istio.io/v1", Kind: "DestinationRule", Namespace: ns, Name: "was-service"}
	first := awaitManaged(ctx, t, c, managed, "was-service."+ns+".svc.cluster.local", p)
	if err := c.Delete(ctx, first); err != nil {
		t.Fatalf("delete the managed rule: %v", err)
	}
	again := awaitManaged(ctx, t, c, managed, "was-service."+ns+".svc.cluster.local", p)
	if again.GetUID() == first.GetUID() {
		t.Fatalf("the managed rule was not deleted")
	}

	var list unstructured.UnstructuredList
	list.SetAPIVersion("networking.istio.io/v1")
	list.SetKind("DestinationRuleList")
	if err := c.List(ctx, &list, client.InNamespace(ns)); err != nil {
		t.Fatal(err)
	}
	for _, dr := range list.Items {
		host, _, _ := unstructured.NestedString(dr.Object, "spec", "host")
		switch {
		case dr.GetName() == userDR.GetName():
			if dr.GetResourceVersion() != userDR.GetResourceVersion() {
				t.Errorf("the user's rule %s was changed: resourceVersion %s -> %s", dr.GetName(), userDR.GetResourceVersion(), dr.GetResourceVersion())
			}
		case dr.GetName() == "mysql":
		case dr.GetName() != managed.Name:
			t.Errorf("an unexpected rule %s (host %s, labels %v): web-service has the user's, mysql has no sidecar", dr.GetName(), host, dr.GetLabels())
		}
	}
	if err := p.stop(30 * time.Second); err != nil {
		t.Fatal(err)
	}
}

// generatorFlags turn the generator on, with leader election in the
// webhook's namespace.
var generatorFlags = []string{"--generate-destination-rules", "--leader-elect", "--leader-election-namespace", webhookNamespace}

// awaitManaged waits for the managed rule: labelled as meshlint's, host
// the Service's FQDN, ISTIO_MUTUAL.
func awaitManaged(ctx context.Context, t tb, c *apiClient, ref *manifest.Object, host string, p *webhookProcess) *unstructured.Unstructured {
	t.Helper()
	var got *unstructured.Unstructured
	err := eventually(ctx, 30*time.Second, func() error {
		u := c.get(ctx, t, ref)
		if u == nil {
			return fmt.Errorf("no %s", ref.Ref())
		}
		if u.GetLabels()[mutate.ManagedBy] != "meshlint" {
			return fmt.Errorf("%s is not labelled %s=meshlint: %v", ref.Ref(), mutate.ManagedBy, u.GetLabels())
		}
		if h, _, _ := unstructured.NestedString(u.Object, "spec", "host"); h != host {
			return fmt.Errorf("%s has host %q, want %q", ref.Ref(), h, host)
		}
		if err := storedIstioMutual(t, u); err != nil {
			return err
		}
		got = u
		return nil
	})
	if err != nil {
		t.Fatalf("the generator: %v\n%s", err, p.logTail())
	}
	return got
}

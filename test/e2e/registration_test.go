package e2e

import (
	"context"
	"fmt"
	"strings"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/meshlint/meshlint/internal/manifest"
)

// probeNamespace holds a copy of the final stack that nothing changes: a
// dry-run against it tells whether a webhook configuration the suite
// removed or restored is in force in the API server yet (the API server
// reads them through an informer, so a change takes a moment).
const probeNamespace = "probe"

// hostHeader is the field report's Host header line, before and after MM01.
const (
	hostPassthrough = "proxy_set_header Host $host;"
	hostService     = "proxy_set_header Host was-service;"
)

// withoutWebhook runs f while the webhook configuration named kind
// ("validating" or "mutating") is not registered, then registers it again
// and waits until it is in force.
func withoutWebhook(ctx context.Context, t tb, c *apiClient, kind string, f func()) {
	t.Helper()
	var obj client.Object = cluster.validating
	probe := validationInForce
	if kind == "mutating" {
		obj, probe = cluster.mutating, mutationInForce
	}
	if err := c.Delete(ctx, obj.DeepCopyObject().(client.Object)); err != nil {
		t.Fatalf("unregister the %s webhook: %v", kind, err)
	}
	defer func() {
		fresh := obj.DeepCopyObject().(client.Object)
		fresh.SetResourceVersion("")
		fresh.SetUID("")
		fresh.SetCreationTimestamp(metav1.Time{})
		fresh.SetManagedFields(nil)
		if err := c.Create(ctx, fresh); err != nil {
			t.Fatalf("register the %s webhook again: %v", kind, err)
		}
		waitInForce(ctx, t, c, kind, probe, true)
	}()
	waitInForce(ctx, t, c, kind, probe, false)
	f()
}

// withWebhookFlags runs f while the registered webhook runs with extra
// flags: it is stopped (SIGTERM, exit 0) and started again with them, as
// users restart it, then restarted as it was.
func withWebhookFlags(t tb, extra []string, f func()) {
	t.Helper()
	restart := func(extra []string) {
		t.Helper()
		if err := cluster.hook.stop(30 * time.Second); err != nil {
			t.Fatalf("stop the webhook: %v", err)
		}
		p, err := startWebhook(cluster.bin, cluster.dir, processOptions{kubeconfig: cluster.kubeconfig,
			certDir: cluster.certDir, port: cluster.port, config: cluster.config, extra: extra})
		if err != nil {
			t.Fatalf("restart the webhook with %v: %v", extra, err)
		}
		cluster.hook = p
		if err := p.waitFor("/readyz", 200, 60*time.Second); err != nil {
			t.Fatalf("restart the webhook with %v: %v", extra, err)
		}
	}
	restart(extra)
	defer restart(nil)
	f()
}

func waitInForce(ctx context.Context, t tb, c *apiClient, kind string, probe func(context.Context, tb, *apiClient) bool, want bool) {
	t.Helper()
	err := eventually(ctx, 30*time.Second, func() error {
		if probe(ctx, t, c) != want {
			return fmt.Errorf("the %s webhook is still %s", kind, map[bool]string{true: "off", false: "on"}[want])
		}
		return nil
	})
	if err != nil {
		t.Fatalf("%v", err)
	}
}

// validationInForce: a workload PeerAuthentication making web STRICT
// behind the unmeshed ingress (ML101) is denied.
func validationInForce(ctx context.Context, t tb, c *apiClient) bool {
	t.Helper()
	pa := manifest.LoadBytes("probe", []byte(`apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: probe-strict
  namespace: `+probeNamespace+`
spec:
  selector:
    matchLabels:
      app: web
  mtls:
    mode: STRICT
`), manifest.Options{}).Objects[0]
	return !c.create(ctx, t, pa, true).allowed
}

// mutationInForce: web's nginx ConfigMap with Host $host comes back with
// Host was-service from a dry-run update (MM01).
func mutationInForce(ctx context.Context, t tb, c *apiClient) bool {
	t.Helper()
	cm := c.get(ctx, t, &manifest.Object{APIVersion: "v1", Kind: "ConfigMap", Namespace: probeNamespace, Name: "web-nginx-config"})
	if cm == nil {
		t.Fatalf("the probe's ConfigMap is gone")
	}
	setNginx(t, cm, strings.ReplaceAll(nginxConf(t, cm), hostService, hostPassthrough))
	v := c.update(ctx, t, cm, true)
	return v.allowed && strings.Contains(nginxConf(t, v.object), hostService)
}

// nginxConf is the nginx text of web's ConfigMap.
func nginxConf(t tb, cm *unstructured.Unstructured) string {
	t.Helper()
	s, ok, err := unstructured.NestedString(cm.Object, "data", "default.conf")
	if !ok || err != nil {
		t.Fatalf("%s has no data.default.conf (%v)", cm.GetName(), err)
	}
	return s
}

func setNginx(t tb, cm *unstructured.Unstructured, text string) {
	t.Helper()
	if err := unstructured.SetNestedField(cm.Object, text, "data", "default.conf"); err != nil {
		t.Fatalf("set data.default.conf: %v", err)
	}
}

// deleteIngress removes a test's Ingress at its end: with no ingress hop
// left, its namespace cannot make a later mesh-wide change a new error
// (the DELETE test makes the mesh STRICT for a moment).
func deleteIngress(t tb, c *apiClient, ns string) {
	t.Helper()
	u := &unstructured.Unstructured{}
	u.SetAPIVersion("networking.k8s.io/v1")
	u.SetKind("Ingress")
	u.SetNamespace(ns)
	u.SetName("blog")
	err := c.Delete(context.Background(), u)
	if err != nil && !apierrors.IsNotFound(err) {
		t.Fatalf("delete Ingress %s/blog: %v", ns, err)
	}
}

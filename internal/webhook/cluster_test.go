package webhook

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-logr/logr"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/types"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"

	"github.com/meshlint/meshlint/internal/admission"
	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mutate"
	"github.com/meshlint/meshlint/internal/validate"
	buildinfo "github.com/meshlint/meshlint/internal/version"
)

// Against a real kube-apiserver with the Istio CRDs: the informers fill
// the Store, the generator keeps its DestinationRules, Run serves, and
// with the API server gone the webhook answers from the last state. One
// API server for all, in this order (the last step stops it).
func TestAgainstAPIServer(t *testing.T) {
	recheckUnserved = 200 * time.Millisecond
	env, cfg := startAPIServer(t)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(func() {
		cancel() // the watches end before the API server stops
		if err := env.Stop(); err != nil {
			t.Errorf("stop the API server: %v", err)
		}
	})
	c, err := client.New(cfg, client.Options{})
	if err != nil {
		t.Fatal(err)
	}
	apiserver := newProxy(t, mustURL(t, cfg.Host).Host)
	store, ready := startMirror(ctx, t, apiserver.config(cfg))
	t.Run("the informers fill the Store and keep it in step", func(t *testing.T) { testMirror(ctx, t, c, store) })
	t.Run("a status update is no change of the state", func(t *testing.T) { testStatusUpdate(ctx, t, c, store) })
	t.Run("the Store holds the injector's install and the model reads it", func(t *testing.T) { testInjector(ctx, t, c, store) })
	t.Run("the Gateway API CRDs installed later are watched", func(t *testing.T) { testWatchLater(ctx, t, cfg, c, store, ready) })
	t.Run("the generator keeps the managed DestinationRules", func(t *testing.T) { testGenerator(ctx, t, cfg, c) })
	t.Run("Run serves the webhooks, the probes and the metrics, and stops on SIGTERM", func(t *testing.T) { testRun(t, env) })
	t.Run("with the API server gone the webhook answers from the last state", func(t *testing.T) {
		testGone(ctx, t, c, apiserver, store, ready)
	})
}

// testGone: the field report's stack is in the cluster; the nginx
// ConfigMap updated to Host $host is denied, and still is, the same way,
// once every connection to the API server is cut.
func testGone(ctx context.Context, t *testing.T, c client.Client, apiserver *proxy, store *admission.Store, ready *Readiness) {
	root := filepath.Join(repoRootFromPkg, "testdata", "field-report")
	applyFile(ctx, t, c, filepath.Join(root, "final", "stack.yaml"))
	eventually(t, "the stack reaches the Store", func() error {
		if n := len(store.Objects([]string{"blog-system"})); n < 15 {
			return fmt.Errorf("%d objects", n)
		}
		return nil
	})
	h := newTestHandlers(t, mustEngine(t))
	h.State, h.Ready = store, ready.Ready
	find := func(file string) map[string]any {
		for _, o := range manifest.Load([]string{filepath.Join(root, file)}, manifest.Options{}).Objects {
			if o.Kind == "ConfigMap" && o.Name == "web-nginx-config" {
				return o.Body
			}
		}
		t.Fatalf("no nginx ConfigMap in %s", file)
		return nil
	}
	rv := review{op: "UPDATE", kind: "ConfigMap", ns: "blog-system", name: "web-nginx-config",
		object: find("host/stack.yaml"), old: find("final/stack.yaml")}
	_, before := post(t, h.serve(routeOf(t, h, webhookValidate), DefaultMaxBodyBytes), rv.json(t))
	if before.Response.Allowed || !strings.Contains(before.Response.Result.Message, "ML201") {
		t.Fatalf("with the API server up: %+v", before.Response.Result)
	}
	n := len(store.Objects(store.Namespaces()))
	apiserver.cut()
	time.Sleep(2 * time.Second) // the watches fail and retry
	if !ready.Ready() || len(store.Objects(store.Namespaces())) != n {
		t.Fatalf("ready %v, %d objects of %d", ready.Ready(), len(store.Objects(store.Namespaces())), n)
	}
	_, after := post(t, h.serve(routeOf(t, h, webhookValidate), DefaultMaxBodyBytes), rv.json(t))
	if !reflect.DeepEqual(before.Response, after.Response) {
		t.Errorf("before: %+v\nafter:  %+v", before.Response, after.Response)
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func mustEngine(t *testing.T) *admission.Engine {
	t.Helper()
	e, err := admission.New(config.Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// startMirror runs a manager whose cache feeds a Store, as Run wires it.
func startMirror(ctx context.Context, t *testing.T, cfg *rest.Config) (*admission.Store, *Readiness) {
	t.Helper()
	mgr, err := ctrl.NewManager(cfg, ctrl.Options{Scheme: clientgoscheme.Scheme,
		Cache: cache.Options{DefaultTransform: transform}, Metrics: metricsserver.Options{BindAddress: "0"}})
	if err != nil {
		t.Fatal(err)
	}
	store := admission.NewStore()
	ready, err := mirrorCluster(ctx, mgr.GetCache(), store)
	if err != nil {
		t.Fatal(err)
	}
	if ready.Ready() {
		t.Error("ready before the cache started")
	}
	go ready.watchLater(ctx, mgr.GetCache(), store, logr.Discard())
	go func() { _ = mgr.Start(ctx) }()
	eventually(t, "the Store is loaded", func() error { return ready.Check(nil) })
	return store, ready
}

func testMirror(ctx context.Context, t *testing.T, c client.Client, store *admission.Store) {
	applyFile(ctx, t, c, filepath.Join("testdata", "mirror.yaml"))
	refs := func() []string {
		var out []string
		for _, o := range store.Objects([]string{"mirror"}) {
			out = append(out, o.Ref().String())
		}
		slices.Sort(out)
		return out
	}
	want := []string{"ConfigMap/mirror/app-settings", "ConfigMap/mirror/web-nginx-config", "DestinationRule/mirror/web",
		"Namespace/mirror", "Pod/mirror/debug", "Service/mirror/web"}
	eventually(t, "the objects reach the Store; the ReplicaSet's Pod does not", func() error {
		if got := refs(); !slices.Equal(got, want) {
			return fmt.Errorf("got %v, want %v", got, want)
		}
		return nil
	})
	for _, o := range store.Objects([]string{"mirror"}) {
		if o.Name == "app-settings" {
			if got := o.Body["data"]; !reflect.DeepEqual(got, map[string]any{"application.yml": "mysql://mysql:3306", "ca.crt": ""}) {
				t.Errorf("the settings ConfigMap holds %v", got)
			}
		}
	}
	dr := &unstructured.Unstructured{}
	dr.SetGroupVersionKind(gvkOf("DestinationRule"))
	if err := c.Get(ctx, types.NamespacedName{Namespace: "mirror", Name: "web"}, dr); err != nil {
		t.Fatal(err)
	}
	if err := c.Delete(ctx, dr); err != nil {
		t.Fatal(err)
	}
	want = slices.DeleteFunc(want, func(s string) bool { return s == "DestinationRule/mirror/web" })
	eventually(t, "a deleted object leaves the Store", func() error {
		if got := refs(); !slices.Equal(got, want) {
			return fmt.Errorf("got %v, want %v", got, want)
		}
		return nil
	})
}

func testGenerator(ctx context.Context, t *testing.T, cfg *rest.Config, c client.Client) {
	mgr, err := ctrl.NewManager(cfg, ctrl.Options{Scheme: clientgoscheme.Scheme,
		Cache: cache.Options{DefaultTransform: transform}, Metrics: metricsserver.Options{BindAddress: "0"}})
	if err != nil {
		t.Fatal(err)
	}
	g := &Generator{Client: mgr.GetClient(), Settings: validate.Settings(config.Default())}
	if err := g.SetupWithManager(mgr); err != nil {
		t.Fatal(err)
	}
	// The MM04 fixture, moved to a namespace of its own, is in place
	// before the generator starts: else the generator may take the name
	// of the user's rule before the user creates it.
	dir := inNamespace(t, filepath.Join(repoRootFromPkg, "testdata", "mutations", "MM04", "name-taken"), genNS)
	applyFile(ctx, t, c, filepath.Join(dir, "input.yaml"))
	userRule := getDR(ctx, t, c, "web-service")
	gctx, stop := context.WithCancel(ctx)
	defer stop()
	go func() { _ = mgr.Start(gctx) }()
	expected := manifest.Load([]string{filepath.Join(dir, "expected.yaml")}, manifest.Options{}).Objects
	wantRules := func(names ...string) func() error {
		return func() error {
			got := managedRules(ctx, t, c)
			if !reflect.DeepEqual(keys(got), names) {
				return fmt.Errorf("managed rules %v, want %v", keys(got), names)
			}
			for _, e := range expected {
				if u, ok := got[e.Name]; ok && !reflect.DeepEqual(u.Object["spec"], e.Body["spec"]) {
					return fmt.Errorf("%s: spec %v, want %v", e.Name, u.Object["spec"], e.Body["spec"])
				}
			}
			return nil
		}
	}
	eventually(t, "the rules of expected.yaml are created, beside the user's rule of the same name", wantRules("was-service", "web-service-mtls"))

	drifted := getDR(ctx, t, c, "was-service")
	drifted.Object["spec"] = map[string]any{"host": "was-service." + genNS + ".svc.cluster.local",
		"trafficPolicy": map[string]any{"tls": map[string]any{"mode": "DISABLE"}}}
	if err := c.Update(ctx, drifted); err != nil {
		t.Fatal(err)
	}
	eventually(t, "a managed rule edited by hand is set back", wantRules("was-service", "web-service-mtls"))

	if err := c.Delete(ctx, getDR(ctx, t, c, "web-service-mtls")); err != nil {
		t.Fatal(err)
	}
	eventually(t, "a managed rule deleted by hand is created again", wantRules("was-service", "web-service-mtls"))

	own := &unstructured.Unstructured{Object: map[string]any{"apiVersion": "networking.istio.io/v1", "kind": "DestinationRule",
		"metadata": map[string]any{"name": "was-tls", "namespace": genNS},
		"spec": map[string]any{"host": "was-service." + genNS + ".svc.cluster.local",
			"trafficPolicy": map[string]any{"tls": map[string]any{"mode": "ISTIO_MUTUAL"}}}}}
	if err := c.Create(ctx, own); err != nil {
		t.Fatal(err)
	}
	eventually(t, "a managed rule a user's rule makes needless is deleted", wantRules("web-service-mtls"))

	if got := getDR(ctx, t, c, "web-service"); got.GetResourceVersion() != userRule.GetResourceVersion() {
		t.Errorf("the user's rule web-service was changed: %v", got.Object)
	}
	if got := getDR(ctx, t, c, "was-tls"); got.GetLabels()[mutate.ManagedBy] != "" {
		t.Errorf("the user's rule was-tls was labelled: %v", got.GetLabels())
	}
}

// genNS is the generator test's namespace.
const genNS = "generated"

// inNamespace copies a fixture directory with blog-system renamed.
func inNamespace(t *testing.T, dir, ns string) string {
	t.Helper()
	out := t.TempDir()
	for _, f := range []string{"input.yaml", "expected.yaml"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(out, f), []byte(strings.ReplaceAll(string(b), "blog-system", ns)), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func getDR(ctx context.Context, t *testing.T, c client.Client, name string) *unstructured.Unstructured {
	t.Helper()
	u := &unstructured.Unstructured{}
	u.SetGroupVersionKind(gvkOf("DestinationRule"))
	if err := c.Get(ctx, types.NamespacedName{Namespace: genNS, Name: name}, u); err != nil {
		t.Fatal(err)
	}
	return u
}

func managedRules(ctx context.Context, t *testing.T, c client.Client) map[string]*unstructured.Unstructured {
	t.Helper()
	list := &unstructured.UnstructuredList{}
	list.SetGroupVersionKind(gvkOf("DestinationRule").GroupVersion().WithKind("DestinationRuleList"))
	if err := c.List(ctx, list, client.InNamespace(genNS), client.MatchingLabels{mutate.ManagedBy: managedBy}); err != nil {
		t.Fatal(err)
	}
	out := map[string]*unstructured.Unstructured{}
	for i := range list.Items {
		out[list.Items[i].GetName()] = &list.Items[i]
	}
	return out
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// testRun runs the composition root in-process as cmd/webhook does.
func testRun(t *testing.T, env *envtest.Environment) {
	dir := t.TempDir()
	kubeconfig := filepath.Join(dir, "kubeconfig")
	if err := os.WriteFile(kubeconfig, env.KubeConfig, 0o600); err != nil {
		t.Fatal(err)
	}
	certDir := filepath.Join(dir, "certs")
	if err := os.Mkdir(certDir, 0o700); err != nil {
		t.Fatal(err)
	}
	writeCert(t, certDir, 1)
	o := DefaultOptions()
	o.Kubeconfig, o.CertDir, o.Port = kubeconfig, certDir, freePort(t)
	o.Build = buildinfo.Info{Version: "v9.9.9", Commit: "abc", GoVersion: runtime.Version()}
	o.MetricsAddr = "127.0.0.1:" + strconv.Itoa(freePort(t))
	o.ProbeAddr = "127.0.0.1:" + strconv.Itoa(freePort(t))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Run(ctx, o) }()
	defer func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run after SIGTERM: %v", err)
			}
		case <-time.After(40 * time.Second):
			t.Error("Run did not return after SIGTERM")
		}
	}()
	get := func(url string) (int, string, error) {
		resp, err := http.Get(url)
		if err != nil {
			return 0, "", err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), err
	}
	eventually(t, "/readyz answers 200", func() error {
		code, body, err := get("http://" + o.ProbeAddr + "/readyz")
		if err == nil && code != 200 {
			err = fmt.Errorf("%d %s", code, body)
		}
		return err
	})
	if code, _, err := get("http://" + o.ProbeAddr + "/healthz"); err != nil || code != 200 {
		t.Errorf("/healthz: %d %v", code, err)
	}
	s := &tlsServer{addr: "127.0.0.1:" + strconv.Itoa(o.Port)}
	resp, b, err := s.post("/validate", review{op: "CREATE", kind: "ConfigMap", ns: "default", name: "plain",
		object: map[string]any{"apiVersion": "v1", "kind": "ConfigMap", "metadata": map[string]any{"name": "plain", "namespace": "default"}, "data": map[string]any{"a": "b"}}}.json(t))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("/validate: %v %v", resp, err)
	}
	if r := decodeReview(t, b).Response; !r.Allowed || r.UID != "req-1" {
		t.Errorf("/validate answered %+v", r)
	}
	checkVersion(t, s, `{"version":"v9.9.9","commit":"abc","goversion":"`+runtime.Version()+`"}`)
	_, metrics, err := get("http://" + o.MetricsAddr + "/metrics")
	if err != nil || !strings.Contains(metrics, `meshlint_admission_requests_total{decision="allowed",kind="ConfigMap",operation="CREATE",webhook="validate"} 1`) ||
		!strings.Contains(metrics, `meshlint_build_info{commit="abc",goversion="`+runtime.Version()+`",version="v9.9.9"} 1`) {
		t.Errorf("/metrics (%v) lacks the request:\n%s", err, grep(metrics, "meshlint_"))
	}
}

// checkVersion: GET /version on the webhook's HTTPS port answers the
// build as JSON, what meshlint_build_info says; other methods are refused.
func checkVersion(t *testing.T, s *tlsServer, want string) {
	t.Helper()
	resp, b, err := s.do(http.MethodGet, "/version", nil)
	if err != nil || resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" || strings.TrimSpace(string(b)) != want {
		t.Errorf("GET /version: %v %v %q, want 200 application/json %s", err, resp, b, want)
	}
	if resp, _, err := s.do(http.MethodPost, "/version", nil); err != nil || resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /version: %v %v, want 405", resp, err)
	}
}

func grep(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

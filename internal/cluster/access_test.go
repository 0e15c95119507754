package cluster

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	"sigs.k8s.io/controller-runtime/pkg/envtest"

	"github.com/meshlint/meshlint/internal/clustertest"
	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/validate"
)

func testKubeconfig(ctx context.Context, t *testing.T, cfg *rest.Config) {
	// The current context, "gone", points at a server nothing answers for.
	path := clustertest.WriteKubeconfig(t, clustertest.Context{Name: "gone", Config: clustertest.Dead(cfg)},
		clustertest.Context{Name: "envtest", Config: cfg})
	want := refs(mustLoad(ctx, t, Options{Config: cfg}).Objects)
	if got := refs(mustLoad(ctx, t, Options{Kubeconfig: path, Context: "envtest"}).Objects); !slices.Equal(got, want) {
		t.Errorf("--kubeconfig --context envtest read %d objects, want %d", len(got), len(want))
	}
	t.Setenv("KUBECONFIG", path)
	if got := refs(mustLoad(ctx, t, Options{Context: "envtest"}).Objects); !slices.Equal(got, want) {
		t.Errorf("KUBECONFIG, --context envtest read %d objects, want %d", len(got), len(want))
	}
	_, err := Load(ctx, Options{Kubeconfig: path})
	if err == nil || !strings.HasPrefix(err.Error(), "discover the API of "+clustertest.DeadServer+": ") {
		t.Errorf("the current context, whose server is gone: %v", err)
	}
	_, err = Load(ctx, Options{Kubeconfig: path, Context: "prod"})
	if err == nil || err.Error() != `kubeconfig: context "prod" not found (contexts: envtest, gone)` {
		t.Errorf("an unknown context: %v", err)
	}
}

// Kubeconfig errors need no API server.
func TestKubeconfigErrors(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage")
	if err := os.WriteFile(garbage, []byte("clusters: [\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// No ~/.kube/config, no KUBECONFIG, not in a pod.
	defer func(home string) { clientcmd.RecommendedHomeFile = home }(clientcmd.RecommendedHomeFile)
	clientcmd.RecommendedHomeFile = filepath.Join(dir, "home", ".kube", "config")
	t.Setenv("KUBECONFIG", "")
	t.Setenv("KUBERNETES_SERVICE_HOST", "")
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"a kubeconfig file that does not exist",
			Options{Kubeconfig: filepath.Join(dir, "missing")}, "kubeconfig " + filepath.Join(dir, "missing") + ": no such file or directory"},
		{"a kubeconfig file that is not one",
			Options{Kubeconfig: garbage}, "kubeconfig: error loading config file \"" + garbage + "\""},
		{"no kubeconfig anywhere",
			Options{}, "no kubeconfig: none given, KUBECONFIG unset, ~/.kube/config absent, and not running in a cluster"},
		{"a context and no kubeconfig",
			Options{Context: "prod"}, `kubeconfig: context "prod" not found (contexts: none)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(context.Background(), tc.opts)
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("got %v\nwant %s", err, tc.want)
			}
		})
	}
}

// testRBAC: the auditor may get and list the model's kinds in blog-system
// only (testdata/rbac.yaml). The audit of blog-system reads it there,
// says what it could not read, and still finds the host trap.
func testRBAC(ctx context.Context, t *testing.T, v *validate.Validator, env *envtest.Environment, a *clustertest.Applier, cfg *rest.Config) {
	a.ApplyFiles(t, filepath.Join("testdata", "rbac.yaml"))
	user, err := env.AddUser(envtest.User{Name: "auditor"}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{Config: user.Config(), Namespace: "blog-system"}
	var res *Result
	clustertest.Eventually(t, "the auditor's role applies", func() error { res, err = Load(ctx, opts); return err })
	want := []string{
		"cluster-wide list forbidden: Namespace, Service, ConfigMap, Pod, ReplicationController, Deployment, StatefulSet, " +
			"DaemonSet, ReplicaSet, Job, CronJob, Ingress, DestinationRule, VirtualService, ServiceEntry, Sidecar, " +
			"PeerAuthentication, AuthorizationPolicy read only in namespace blog-system (forbidden in istio-system too)",
		// testdata/rbac.yaml predates the Gateway API kinds: the audit goes on without them.
		"cluster-wide list forbidden: no Gateway, HTTPRoute, GRPCRoute, TLSRoute, TCPRoute, ReferenceGrant, BackendTLSPolicy read (forbidden in blog-system, istio-system too)",
		"cluster-wide list forbidden: no IngressClass, GatewayClass read (cluster-scoped)",
		"list forbidden: no MutatingWebhookConfiguration read: who has a sidecar follows the webhooks of Istio's chart, not the cluster's",
	}
	if !slices.Equal(res.Notices, want) {
		t.Errorf("notices:\n%q\nwant\n%q", res.Notices, want)
	}
	for _, o := range res.Objects {
		if o.Namespace != "blog-system" && !(o.Kind == "Namespace" && o.Name == "blog-system") {
			t.Errorf("read %s", o.Ref())
		}
	}
	admin := mustLoad(ctx, t, Options{Config: cfg, Namespace: "blog-system"})
	var limited, full []string
	for _, f := range lint(t, v, res.Objects) {
		if opts.Reports(f.Object) {
			limited = append(limited, key(f))
		}
	}
	for _, f := range lint(t, v, admin.Objects) {
		if opts.Reports(f.Object) {
			full = append(full, key(f))
		}
	}
	if d := diff(limited, full); d != "" {
		t.Logf("what reading blog-system alone changes (live: the auditor, files: the admin):\n%s", d)
	}
	if got := rules(lint(t, v, res.Objects), "blog-system"); !slices.Contains(got, "ML201") || !slices.Contains(got, "ML401") {
		t.Errorf("the host trap is not found from blog-system alone: %v", got)
	}

	// The strict trap (shop) needs the ingress controller, in a namespace
	// the auditor may not read: ML101 still names the 502, as a condition
	// the inputs do not settle, at the severity of what is not known.
	for _, o := range renamespace(t, clustertest.Load(t, filepath.Join("testdata", "rbac.yaml")), "blog-system", "shop") {
		a.Create(t, o.Body)
	}
	opts.Namespace = "shop"
	clustertest.Eventually(t, "the auditor's role in shop applies", func() error { res, err = Load(ctx, opts); return err })
	var ml101 []finding.Finding
	for _, f := range lint(t, v, res.Objects) {
		if f.Rule == "ML101" && opts.Reports(f.Object) {
			ml101 = append(ml101, f)
		}
	}
	if len(ml101) != 1 || ml101[0].Severity != finding.Info || !strings.Contains(ml101[0].Message, "which the inputs do not tell") {
		t.Errorf("ML101 from shop alone: %+v", ml101)
	}
}

// testNoRBAC: a user bound to nothing.
func testNoRBAC(ctx context.Context, t *testing.T, env *envtest.Environment, cfg *rest.Config) {
	user, err := env.AddUser(envtest.User{Name: "nobody"}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Load(ctx, Options{Config: user.Config()})
	if err == nil || !strings.HasPrefix(err.Error(), "list Namespace (v1) in all namespaces: ") || !strings.Contains(err.Error(), "forbidden") {
		t.Errorf("all namespaces: %v", err)
	}
	_, err = Load(ctx, Options{Config: user.Config(), Namespace: "blog-system"})
	if err == nil || !strings.HasPrefix(err.Error(), "list Service (v1) in namespace blog-system: ") || !strings.Contains(err.Error(), "forbidden") {
		t.Errorf("blog-system: %v", err)
	}
}

// testNoCRDs removes the security.istio.io CRDs, as a cluster without
// (all of) Istio has them.
func testNoCRDs(ctx context.Context, t *testing.T, a *clustertest.Applier, cfg *rest.Config) {
	crds := a.Client.Resource(schema.GroupVersionResource{Group: "apiextensions.k8s.io", Version: "v1", Resource: "customresourcedefinitions"})
	for _, name := range []string{"peerauthentications.security.istio.io", "authorizationpolicies.security.istio.io"} {
		if err := crds.Delete(ctx, name, metav1.DeleteOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	want := "Istio CRDs not installed: no PeerAuthentication, AuthorizationPolicy read"
	var res *Result
	clustertest.Eventually(t, "the CRDs are gone", func() error {
		var err error
		if res, err = Load(ctx, Options{Config: cfg}); err == nil && !slices.Equal(res.Notices, []string{want}) {
			err = fmt.Errorf("notices %q", res.Notices)
		}
		return err
	})
	for _, o := range res.Objects {
		if o.Kind == "PeerAuthentication" || o.Kind == "AuthorizationPolicy" {
			t.Errorf("read %s", o.Ref())
		}
	}
	if find(t, res, "DestinationRule", "blog-system", "was-service") == nil {
		t.Error("the other Istio kinds are not read")
	}
}

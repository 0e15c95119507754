package cluster

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	"sigs.k8s.io/yaml"

	"github.com/meshlint/meshlint/internal/clustertest"
)

// A cluster holding Istio's injector install is audited by its install,
// as the files are: only revision canary's MutatingWebhookConfiguration
// (testdata/rules/ML301/inject-canary-only-install.yaml) selects nothing
// in a namespace labelled istio-injection=enabled, so ML301 stays quiet;
// without it the chart's webhooks stand in and inject; an
// istio-sidecar-injector ConfigMap's policy: disabled, read live, leaves
// the pods alone again.
// Istio: pkg/kube/inject/webhook.go injectRequired; the chart's
// mutatingwebhook.yaml and istiod-injector-configmap.yaml.
func TestLiveAuditReadsTheInjectorInstall(t *testing.T) {
	ctx := context.Background()
	env, cfg := clustertest.Start(t)
	a := clustertest.NewApplier(t, cfg)
	v := validator(t)
	canary := filepath.Join(repoRoot, "testdata", "rules", "ML301", "inject-canary-only-install.yaml")
	a.ApplyFiles(t, canary)

	res := mustLoad(ctx, t, Options{Config: cfg})
	live, files := lint(t, v, res.Objects), lint(t, v, clustertest.Load(t, canary))
	if d := diff(keys(live), keys(files)); d != "" {
		t.Errorf("live and file findings differ:\n%s", d)
	}
	if got := rules(live, "blog-system"); slices.Contains(got, "ML301") {
		t.Errorf("ML301 fires with only revision canary installed: %v", got)
	}
	t.Run("docs/ci.md's audit ClusterRole reads what an admin reads", func(t *testing.T) { testDocsRole(ctx, t, env, a, cfg, res) })
	mwc := find(t, res, "MutatingWebhookConfiguration", "", "istio-sidecar-injector-canary")
	hooks, _ := mwc.Body["webhooks"].([]any)
	if len(hooks) != 2 || hooks[0].(map[string]any)["clientConfig"] != nil || hooks[1].(map[string]any)["objectSelector"] == nil {
		t.Errorf("the injector's webhooks, as read: %v", hooks)
	}

	gvr := schema.GroupVersionResource{Group: "admissionregistration.k8s.io", Version: "v1", Resource: "mutatingwebhookconfigurations"}
	if err := a.Client.Resource(gvr).Delete(ctx, mwc.Name, metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	res = mustLoad(ctx, t, Options{Config: cfg})
	if got := rules(lint(t, v, res.Objects), "blog-system"); !slices.Contains(got, "ML301") {
		t.Errorf("without the install the chart's webhooks inject, and ML301 fires: %v", got)
	}

	disabled := filepath.Join(repoRoot, "testdata", "rules", "ML301", "inject-policy-disabled.yaml")
	for _, o := range clustertest.Load(t, disabled) {
		if o.Kind == "ConfigMap" {
			a.Create(t, map[string]any{"apiVersion": "v1", "kind": "Namespace", "metadata": map[string]any{"name": o.Namespace}})
			a.Create(t, o.Body)
		}
	}
	res = mustLoad(ctx, t, Options{Config: cfg})
	live, files = lint(t, v, res.Objects), lint(t, v, clustertest.Load(t, disabled))
	if d := diff(keys(live), keys(files)); d != "" {
		t.Errorf("policy disabled: live and file findings differ:\n%s", d)
	}
	if got := rules(live, "blog-system"); slices.Contains(got, "ML301") {
		t.Errorf("ML301 fires under the injector's policy: disabled: %v", got)
	}
}

// testDocsRole binds the read-only ClusterRole docs/ci.md gives for a
// scheduled audit to a user of its own: the audit reads every object the
// admin's does, with no notice.
func testDocsRole(ctx context.Context, t *testing.T, env *envtest.Environment, a *clustertest.Applier, cfg *rest.Config, admin *Result) {
	doc, err := os.ReadFile(filepath.Join(repoRoot, "docs", "ci.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, after, _ := strings.Cut(string(doc), "ClusterRole for a scheduled audit:")
	_, block, _ := strings.Cut(after, "```yaml\n")
	block, _, _ = strings.Cut(block, "```")
	var role map[string]any
	if err := yaml.Unmarshal([]byte(block), &role); err != nil || role["kind"] != "ClusterRole" {
		t.Fatalf("docs/ci.md's audit role: %v %v", err, role)
	}
	a.Create(t, role)
	a.Create(t, map[string]any{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
		"metadata": map[string]any{"name": "meshlint-audit"},
		"roleRef":  map[string]any{"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "meshlint-audit"},
		"subjects": []any{map[string]any{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "ci"}}})
	user, err := env.AddUser(envtest.User{Name: "ci"}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var res *Result
	clustertest.Eventually(t, "the audit role applies", func() error { res, err = Load(ctx, Options{Config: user.Config()}); return err })
	if len(res.Notices) > 0 {
		t.Errorf("notices: %q", res.Notices)
	}
	if got, want := refs(res.Objects), refs(admin.Objects); !slices.Equal(got, want) {
		t.Errorf("the role reads\n%v\nthe admin\n%v", got, want)
	}
}

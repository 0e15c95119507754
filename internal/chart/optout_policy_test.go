package chart

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/go-logr/logr"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	ctrllog "sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/yaml"
)

// The chart's optional ValidatingAdmissionPolicy, applied to a real
// kube-apiserver (envtest): a user who may create and update Namespaces
// but is in no allowed group cannot set, change or remove the opt-out
// label; a member of an allowed group can; other labels stay free.
func TestTheOptOutPolicyLetsOnlyAllowedGroupsOptANamespaceOut(t *testing.T) {
	ctrllog.SetLogger(logr.Discard())
	env := &envtest.Environment{BinaryAssetsDirectory: apiserverAssets(t), ControlPlaneStartTimeout: 2 * time.Minute}
	cfg, err := env.Start()
	if err != nil {
		t.Fatalf("start kube-apiserver and etcd: %v", err)
	}
	t.Cleanup(func() { _ = env.Stop() })
	admin, err := client.New(cfg, client.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	r := mustRender(t, "optOutPolicy: {enabled: true, allowedGroups: [platform-admins]}")
	for _, kind := range []string{"ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"} {
		u := &unstructured.Unstructured{}
		if err := yaml.Unmarshal(r.one(t, kind, nil).YAML, &u.Object); err != nil {
			t.Fatal(err)
		}
		if err := admin.Create(ctx, u, client.FieldValidation("Strict")); err != nil {
			t.Fatalf("create %s: %v", kind, err)
		}
	}
	grantNamespaces(ctx, t, admin)
	dev, platform := as(t, cfg, "dev", "developers"), as(t, cfg, "ops", "platform-admins")
	const label = "meshlint.io/ignore-namespace"
	waitForPolicy(ctx, t, dev, label)

	cases := []struct {
		sentence string
		c        client.Client
		before   map[string]string // nil: create
		after    map[string]string
		allowed  bool
	}{
		{"a developer cannot create a namespace opted out", dev, nil, map[string]string{label: "true"}, false},
		{"a developer can create a namespace without the label", dev, nil, map[string]string{"team": "a"}, true},
		{"a developer cannot add the label to a namespace", dev, map[string]string{}, map[string]string{label: "true"}, false},
		{"a developer cannot remove the label from a namespace", dev, map[string]string{label: "true"}, map[string]string{}, false},
		{"a developer cannot change its value either", dev, map[string]string{label: "true"}, map[string]string{label: "false"}, false},
		{"a developer can change other labels of an opted-out namespace", dev, map[string]string{label: "true"}, map[string]string{label: "true", "team": "b"}, true},
		{"a platform admin can opt a namespace out", platform, map[string]string{}, map[string]string{label: "true"}, true},
		{"a platform admin can create a namespace opted out", platform, nil, map[string]string{label: "true"}, true},
	}
	for i, tc := range cases {
		name := fmt.Sprintf("optout-%d", i)
		err := writeNamespace(ctx, platform, tc.c, name, tc.before, tc.after)
		if err != nil && strings.HasPrefix(err.Error(), "set up") {
			t.Fatalf("%s: %v", tc.sentence, err)
		}
		if (err == nil) != tc.allowed || err != nil && !strings.Contains(err.Error(), "only the groups platform-admins may set, change or remove the label "+label) {
			t.Errorf("%s: error %v, want allowed %v", tc.sentence, err, tc.allowed)
		}
	}
}

// grantNamespaces lets every authenticated user create, update and read
// Namespaces: RBAC is no obstacle, only the policy is.
func grantNamespaces(ctx context.Context, t *testing.T, admin client.Client) {
	t.Helper()
	role := &rbacv1.ClusterRole{ObjectMeta: metav1.ObjectMeta{Name: "namespace-editor"},
		Rules: []rbacv1.PolicyRule{{APIGroups: []string{""}, Resources: []string{"namespaces"}, Verbs: []string{"get", "create", "update"}}}}
	binding := &rbacv1.ClusterRoleBinding{ObjectMeta: metav1.ObjectMeta{Name: "namespace-editor"},
		RoleRef:  rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: role.Name},
		Subjects: []rbacv1.Subject{{Kind: "Group", APIGroup: "rbac.authorization.k8s.io", Name: "system:authenticated"}}}
	for _, o := range []client.Object{role, binding} {
		if err := admin.Create(ctx, o); err != nil {
			t.Fatalf("create %s: %v", o.GetName(), err)
		}
	}
}

// as is a client impersonating user in group.
func as(t *testing.T, cfg *rest.Config, user, group string) client.Client {
	t.Helper()
	c := rest.CopyConfig(cfg)
	c.Impersonate = rest.ImpersonationConfig{UserName: user, Groups: []string{group, "system:authenticated"}}
	cl, err := client.New(c, client.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return cl
}

// waitForPolicy waits until the API server enforces the policy (it reads
// policies through an informer): a dry-run create by c is refused.
func waitForPolicy(ctx context.Context, t *testing.T, c client.Client, label string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "probe", Labels: map[string]string{label: "true"}}}
		if err := c.Create(ctx, ns, client.DryRunAll); err != nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the policy is not enforced after 30 s")
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// writeNamespace creates the namespace with the labels before as setup
// (unless before is nil), then has c create it or update it to after.
func writeNamespace(ctx context.Context, setup, c client.Client, name string, before, after map[string]string) error {
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: after}}
	if before == nil {
		return c.Create(ctx, ns)
	}
	ns.Labels = before
	if err := setup.Create(ctx, ns); err != nil {
		return fmt.Errorf("set up: %w", err)
	}
	if err := c.Get(ctx, client.ObjectKey{Name: name}, ns); err != nil {
		return fmt.Errorf("set up: %w", err)
	}
	ns.Labels = after
	return c.Update(ctx, ns)
}

// TestTheREADMEShowsTheOptOutPolicyTheChartRenders: the README's example
// is the chart's policy with allowedGroups [platform-admins], spec for spec.
func TestTheREADMEShowsTheOptOutPolicyTheChartRenders(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(chartDir(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), "```yaml\napiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\n")
	block, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("the README shows no ValidatingAdmissionPolicy")
	}
	docs := strings.Split("apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\n"+block, "\n---\n")
	r := mustRender(t, "optOutPolicy: {enabled: true, allowedGroups: [platform-admins]}")
	for i, kind := range []string{"ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"} {
		var shown, rendered map[string]any
		if i >= len(docs) || yaml.Unmarshal([]byte(docs[i]), &shown) != nil {
			t.Fatalf("the README's %s does not read", kind)
		}
		if err := yaml.Unmarshal(r.one(t, kind, nil).YAML, &rendered); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(shown["spec"], rendered["spec"]) || shown["kind"] != kind {
			t.Errorf("the README's %s differs from the chart's:\nREADME: %v\nchart:  %v", kind, shown["spec"], rendered["spec"])
		}
	}
}

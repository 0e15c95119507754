package cluster

import (
	"context"
	"encoding/json"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"k8s.io/client-go/rest"

	"github.com/meshlint/meshlint/internal/clustertest"
	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/validate"
)

// One API server holds the field report's host trap (blog-system), the
// same stack's strict trap copied into a namespace of its own (shop), and
// the objects of testdata/owned.yaml; the subtests read it in every way
// the CLI can. The last one removes CRDs.
func TestLiveAudit(t *testing.T) {
	ctx := context.Background()
	env, cfg := clustertest.Start(t)
	a := clustertest.NewApplier(t, cfg)
	a.ApplyFiles(t, filepath.Join(repoRoot, "testdata", "field-report", "host"))
	for _, o := range renamespace(t, clustertest.Load(t, filepath.Join(repoRoot, "testdata", "field-report", "before", "strict.yaml")), "blog-system", "shop") {
		a.Create(t, o.Body)
	}
	a.ApplyFiles(t, filepath.Join("testdata", "owned.yaml"))
	v := validator(t)
	all := mustLoad(ctx, t, Options{Config: cfg})

	t.Run("objects are read as the model reads them", func(t *testing.T) { testBounded(t, all) })
	t.Run("objects a workload controller created are left out", func(t *testing.T) { testOwned(t, all) })
	t.Run("pages of a few objects give what one page gives", func(t *testing.T) { testPaging(ctx, t, cfg, all) })
	t.Run("a namespace audit reads the whole cluster and reports on the namespace", func(t *testing.T) {
		testNamespace(ctx, t, v, cfg, all)
	})
	t.Run("the oldest PeerAuthentication wins, by creationTimestamp", func(t *testing.T) { testPrecedence(ctx, t, a, cfg) })
	t.Run("a kubeconfig context selects the cluster", func(t *testing.T) { testKubeconfig(ctx, t, cfg) })
	t.Run("a user who may read one namespace audits it, with a notice", func(t *testing.T) { testRBAC(ctx, t, v, env, a, cfg) })
	t.Run("a user who may read nothing gets an error naming the kind", func(t *testing.T) { testNoRBAC(ctx, t, env, cfg) })
	t.Run("without Istio's CRDs the audit goes on, with a notice", func(t *testing.T) { testNoCRDs(ctx, t, a, cfg) })
}

func mustLoad(ctx context.Context, t *testing.T, opts Options) *Result {
	t.Helper()
	res, err := Load(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// renamespace moves the objects of namespace from into namespace to (the
// Namespace object renamed, and the names .from. in nginx configuration
// and URLs), leaving out the rest (shared with the stack already applied).
func renamespace(t *testing.T, objs []*manifest.Object, from, to string) []*manifest.Object {
	var out []*manifest.Object
	for _, o := range objs {
		b, err := json.Marshal(o.Body)
		if err != nil {
			t.Fatal(err)
		}
		o.Body = nil
		if err := json.Unmarshal([]byte(strings.ReplaceAll(string(b), "."+from+".", "."+to+".")), &o.Body); err != nil {
			t.Fatal(err)
		}
		meta := o.Body["metadata"].(map[string]any)
		switch {
		case o.Kind == "Namespace" && o.Name == from:
			meta["name"] = to
		case o.Namespace == from:
			meta["namespace"] = to
		default:
			continue
		}
		out = append(out, o)
	}
	return out
}

func testBounded(t *testing.T, res *Result) {
	var order []string
	for i, o := range res.Objects {
		order = append(order, o.Ref().String())
		meta, _ := o.Body["metadata"].(map[string]any)
		if o.Index != i || o.File != "" || o.Line != 0 {
			t.Errorf("%s: index %d file %q line %d, want %d, none, 0", o.Ref(), o.Index, o.File, o.Line, i)
		}
		if meta["creationTimestamp"] == nil {
			t.Errorf("%s: no creationTimestamp", o.Ref())
		}
		if meta["managedFields"] != nil {
			t.Errorf("%s: managedFields kept", o.Ref())
		}
		if _, ok := o.Body["status"]; ok != (o.Kind == "Namespace") {
			t.Errorf("%s: status kept %v", o.Ref(), ok)
		}
	}
	sorted := slices.Clone(res.Objects)
	sortObjects(sorted)
	if !slices.Equal(sorted, res.Objects) {
		t.Errorf("not in kind, namespace, name order: %v", order)
	}
	ns := find(t, res, "Namespace", "", "blog-system")
	if labels, _ := ns.Body["metadata"].(map[string]any)["labels"].(map[string]any); labels["istio-injection"] != "enabled" {
		t.Errorf("Namespace blog-system labels: %v", labels)
	}
	cm := find(t, res, "ConfigMap", "owned", "settings")
	meta := cm.Body["metadata"].(map[string]any)
	if ann := meta["annotations"].(map[string]any); !reflect.DeepEqual(ann, map[string]any{"team": "payments"}) {
		t.Errorf("ConfigMap annotations: %v", ann)
	}
	if data := cm.Body["data"].(map[string]any); data["application.yml"] != "mysql://mysql:3306" {
		t.Errorf("ConfigMap data: %q, want only its URL", data["application.yml"])
	}
	if nginx := find(t, res, "ConfigMap", "blog-system", "web-nginx-config"); !strings.Contains(nginx.Body["data"].(map[string]any)["default.conf"].(string), "proxy_set_header Host $host;") {
		t.Error("the nginx configuration is not kept whole")
	}
}

func testOwned(t *testing.T, res *Result) {
	var got []string
	for _, o := range res.Objects {
		if o.Namespace == "owned" {
			got = append(got, o.Kind+"/"+o.Name)
		}
	}
	want := []string{"ConfigMap/settings", "Pod/canary-0", "Pod/debug", "Deployment/api", "CronJob/nightly"}
	if !slices.Equal(got, want) {
		t.Errorf("in namespace owned: %v, want %v", got, want)
	}
}

func testPaging(ctx context.Context, t *testing.T, cfg *rest.Config, all *Result) {
	defer func(n int64) { pageSize = n }(pageSize)
	pageSize = 2
	res := mustLoad(ctx, t, Options{Config: cfg})
	if got, want := refs(res.Objects), refs(all.Objects); !slices.Equal(got, want) {
		t.Errorf("in pages of 2:\n%v\nin one page:\n%v", got, want)
	}
}

func refs(objs []*manifest.Object) []string {
	out := make([]string, len(objs))
	for i, o := range objs {
		out[i] = o.Ref().String()
	}
	return out
}

func find(t *testing.T, res *Result, kind, ns, name string) *manifest.Object {
	t.Helper()
	for _, o := range res.Objects {
		if o.Kind == kind && o.Namespace == ns && o.Name == name {
			return o
		}
	}
	t.Fatalf("%s %s/%s not read", kind, ns, name)
	return nil
}

func testNamespace(ctx context.Context, t *testing.T, v *validate.Validator, cfg *rest.Config, all *Result) {
	everywhere := lint(t, v, all.Objects)
	for _, ns := range []string{"shop", "blog-system", "ingress-nginx"} {
		opts := Options{Config: cfg, Namespace: ns}
		res := mustLoad(ctx, t, opts)
		if !slices.Equal(refs(res.Objects), refs(all.Objects)) {
			t.Errorf("%s: the audit did not read the whole cluster", ns)
		}
		var got, want []string
		for _, f := range lint(t, v, res.Objects) {
			if opts.Reports(f.Object) {
				got = append(got, key(f))
			}
		}
		for _, f := range everywhere {
			if f.Object.Namespace == ns {
				want = append(want, key(f))
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: reported\n%v\nwant\n%v", ns, got, want)
		}
		if ns != "ingress-nginx" && len(got) == 0 {
			t.Errorf("%s: no finding", ns)
		}
		if len(res.Notices) != 0 {
			t.Errorf("%s: notices %v", ns, res.Notices)
		}
	}
	if got := rules(everywhere, "shop"); !slices.Equal(got, []string{"ML101", "ML104", "ML104"}) {
		t.Errorf("shop (the strict trap): %v", got)
	}
	opts := Options{Namespace: "shop"}
	for ref, want := range map[manifest.Ref]bool{
		{Kind: "Namespace", Name: "shop"}:                         true,
		{Kind: "Namespace", Name: "blog-system"}:                  false,
		{Kind: "IngressClass", Name: "nginx"}:                     false,
		{Kind: "Service", Namespace: "shop", Name: "web-service"}: true,
		{Kind: "Service", Namespace: "blog-system", Name: "web"}:  false,
	} {
		if opts.Reports(ref) != want || !(Options{}).Reports(ref) {
			t.Errorf("Reports(%s) = %v, want %v (and true for all namespaces)", ref, opts.Reports(ref), want)
		}
	}
	res := mustLoad(ctx, t, Options{Config: cfg, Namespace: "no-such-namespace"})
	if !slices.Equal(res.Notices, []string{"namespace no-such-namespace: nothing read (no such namespace, or none of it readable)"}) {
		t.Errorf("an unknown namespace: %v", res.Notices)
	}
}

// rules lists the rule IDs of the findings on objects in ns, sorted.
func rules(fs []finding.Finding, ns string) []string {
	var out []string
	for _, f := range fs {
		if f.Object.Namespace == ns {
			out = append(out, f.Rule)
		}
	}
	slices.Sort(out)
	return out
}

func testPrecedence(ctx context.Context, t *testing.T, a *clustertest.Applier, cfg *rest.Config) {
	objs := clustertest.Load(t, filepath.Join("testdata", "precedence.yaml"))
	for i, o := range objs {
		if i == 2 {
			time.Sleep(1100 * time.Millisecond) // creationTimestamp has seconds
		}
		a.Create(t, o.Body)
	}
	res := mustLoad(ctx, t, Options{Config: cfg, Namespace: "precedence"})
	m := mesh.Build(res.Objects, validate.Settings(config.Default()))
	for _, pa := range m.PeerAuths {
		if pa.Namespace != "precedence" {
			continue
		}
		if ignored := pa.Ref.Name == "a-new"; pa.Ignored != ignored {
			t.Errorf("%s (created %s): ignored %v, want %v", pa.Ref, pa.Created, pa.Ignored, ignored)
		}
	}
}

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/envtest"

	"github.com/meshlint/meshlint/internal/clustertest"
	"github.com/meshlint/meshlint/internal/manifest"
)

// liveCluster is an API server holding a state, and a kubeconfig for it.
type liveCluster struct {
	admin      *rest.Config // the test's own client
	kubeconfig string       // contexts "good" (current; user cliUser) and "dead" (clustertest.DeadServer)
	auditLog   string
}

// startCluster starts kube-apiserver and etcd with the Istio CRDs and an
// audit log of every request, and creates the objects of files.
func startCluster(t *testing.T, files ...string) *liveCluster {
	t.Helper()
	dir := t.TempDir()
	c := &liveCluster{auditLog: filepath.Join(dir, "audit.log")}
	policy := filepath.Join(dir, "audit-policy.yaml")
	if err := os.WriteFile(policy, []byte("apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: Metadata\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env, admin := clustertest.Start(t, clustertest.Flag{Name: "audit-policy-file", Value: policy},
		clustertest.Flag{Name: "audit-log-path", Value: c.auditLog})
	c.admin = admin
	c.admin.UserAgent = "meshlint-cli-test"
	c.admin.WarningHandler = rest.NoWarnings{} // listing everything lists deprecated kinds
	user, err := env.AddUser(envtest.User{Name: cliUser, Groups: []string{"system:masters"}}, c.admin)
	if err != nil {
		t.Fatal(err)
	}
	cli := user.Config()
	c.kubeconfig = clustertest.WriteKubeconfig(t, clustertest.Context{Name: "good", Config: cli},
		clustertest.Context{Name: "dead", Config: clustertest.Dead(cli)})
	clustertest.NewApplier(t, c.admin).ApplyFiles(t, files...)
	return c
}

// versions maps every object the API server holds (resource/namespace/name)
// to its resourceVersion, but the Leases kube-apiserver renews on
// its own every few seconds.
func (c *liveCluster) versions(t *testing.T) map[string]string {
	t.Helper()
	dc, err := discovery.NewDiscoveryClientForConfig(c.admin)
	if err != nil {
		t.Fatal(err)
	}
	dyn, err := dynamic.NewForConfig(c.admin)
	if err != nil {
		t.Fatal(err)
	}
	lists, err := dc.ServerPreferredResources()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, l := range lists {
		gv, err := schema.ParseGroupVersion(l.GroupVersion)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range l.APIResources {
			if !slices.Contains(r.Verbs, "list") || r.Name == "leases" {
				continue
			}
			items, err := dyn.Resource(gv.WithResource(r.Name)).List(context.Background(), metav1.ListOptions{})
			if err != nil {
				t.Fatalf("list %s: %v", r.Name, err)
			}
			for _, u := range items.Items {
				ref := manifest.Ref{Kind: schema.GroupResource{Group: gv.Group, Resource: r.Name}.String(), Namespace: u.GetNamespace(), Name: u.GetName()}
				out[ref.String()] = u.GetResourceVersion()
			}
		}
	}
	return out
}

func diffVersions(before, after map[string]string) string {
	var lines []string
	for k, v := range before {
		if w, ok := after[k]; !ok {
			lines = append(lines, "  deleted: "+k)
		} else if v != w {
			lines = append(lines, fmt.Sprintf("  changed: %s (resourceVersion %s -> %s)", k, v, w))
		}
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			lines = append(lines, "  created: "+k)
		}
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// auditReadOnly reads the API server's audit log: every request the
// binary's user made is a get or a list, made as meshlint (the user agent
// internal/cluster sets), and there were some.
func (c *liveCluster) auditReadOnly(t *testing.T) {
	t.Helper()
	f, err := os.Open(c.auditLog)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	verbs := map[string]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var ev struct {
			Stage, Verb, RequestURI, UserAgent string
			User                               struct{ Username string }
		}
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			t.Fatalf("audit log: %v: %s", err, sc.Text())
		}
		if ev.User.Username != cliUser || ev.Stage != "RequestReceived" {
			continue
		}
		verbs[ev.Verb]++
		if (ev.Verb != "get" && ev.Verb != "list") || ev.UserAgent != "meshlint" {
			t.Errorf("meshlint sent %s %s as %q", ev.Verb, ev.RequestURI, ev.UserAgent)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if verbs["list"] == 0 {
		t.Errorf("the audit log has no list by %s: %v", cliUser, verbs)
	}
}

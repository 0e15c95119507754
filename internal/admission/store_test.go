package admission

import (
	"fmt"
	"reflect"
	"slices"
	"sync"
	"testing"

	"github.com/meshlint/meshlint/internal/manifest"
)

// yamlObjects loads objects from YAML text.
func yamlObjects(t testing.TB, text string) []*manifest.Object {
	t.Helper()
	res := manifest.LoadBytes("test.yaml", []byte(text), manifest.Options{})
	if len(res.Errors) > 0 || len(res.Objects) == 0 {
		t.Fatalf("load: %v", res.Errors)
	}
	return res.Objects
}

func yamlObject(t testing.TB, text string) *manifest.Object { return yamlObjects(t, text)[0] }

// setAll stores the object of each text in s.
func setAll(t testing.TB, s *Store, texts ...string) {
	t.Helper()
	for _, text := range texts {
		s.Set(yamlObject(t, text))
	}
}

func nginxProxy(ns, target string) string {
	return fmt.Sprintf(`apiVersion: v1
kind: ConfigMap
metadata: {name: nginx, namespace: %s}
data:
  default.conf: |
    server { location / { proxy_pass http://%s:8080; } }
`, ns, target)
}

const (
	envURL = `apiVersion: apps/v1
kind: Deployment
metadata: {name: app, namespace: app-a}
spec:
  template:
    spec:
      containers:
        - name: app
          image: example/app:1.2.3
          env: [{name: DB, value: "jdbc:mysql://mysql.db.svc.cluster.local:3306/app"}]
`
	crossNamespaceDR = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: dr, namespace: app-a}
spec: {host: reviews.app-r.svc.cluster.local}
`
	sameNamespaceIngress = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: app-a}
spec:
  rules: [{host: blog, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]
`
	externalSE = `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: api, namespace: app-c}
spec: {hosts: [api.example.com, "*.payments.example"]}
`
	controller = `apiVersion: apps/v1
kind: Deployment
metadata: {name: ingress-nginx-controller, namespace: ingress-nginx}
spec:
  template:
    spec:
      containers: [{name: controller, image: registry.k8s.io/ingress-nginx/controller:v1.11.2}]
`
)

func TestStoreIndexes(t *testing.T) {
	s := NewStore()
	proxyB := yamlObject(t, nginxProxy("app-a", "api.app-b.svc.cluster.local"))
	s.Set(proxyB)
	s.Set(yamlObject(t, envURL))
	s.Set(yamlObject(t, crossNamespaceDR))
	s.Set(yamlObject(t, sameNamespaceIngress))
	s.Set(yamlObject(t, externalSE))
	s.Set(yamlObject(t, nginxProxy("app-d", "api.example.com")))
	s.Set(yamlObject(t, controller))
	s.Set(yamlObject(t, "apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: app-a}\n"))

	expect := func(sentence string, got, want []string) {
		t.Helper()
		if len(got) == 0 && len(want) == 0 {
			return
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %v, want %v", sentence, got, want)
		}
	}
	expect("an nginx proxy_pass to svc.app-b makes app-a a referrer of app-b", s.Referrers("app-b"), []string{"app-a"})
	expect("a JDBC URL in an env value points into db", s.Referrers("db"), []string{"app-a"})
	expect("a DestinationRule host in app-r points into app-r", s.Referrers("app-r"), []string{"app-a"})
	expect("an Ingress backend stays in its namespace", s.Referrers("app-a"), nil)
	expect("a namespace that only a version string names has no referrers", s.Referrers("2"), nil)
	expect("the namespaces naming an external host", s.Mentioning("api.example.com"), []string{"app-c", "app-d"})
	expect("a wildcard lists the namespaces naming what it covers", s.Mentioning("*.example.com"), []string{"app-c", "app-d"})
	expect("the namespaces declaring an external host", s.Declaring("api.example.com"), []string{"app-c"})
	expect("a declared wildcard covers the hosts under it", s.Declaring("eu.payments.example"), []string{"app-c"})
	expect("the ingress controller's namespace", s.IngressNamespaces(), []string{"ingress-nginx"})
	expect("every namespace holding objects", s.Namespaces(), []string{"app-a", "app-c", "app-d", "ingress-nginx"})
	if s.Len() != 7 {
		t.Errorf("a Secret, which the model does not read, is kept: %d objects", s.Len())
	}

	s.Set(yamlObject(t, nginxProxy("app-a", "api.app-e")))
	expect("a replaced object leaves its old targets", s.Referrers("app-b"), nil)
	expect("and points to its new ones", s.Referrers("app-e"), []string{"app-a"})
	s.Delete(manifest.Ref{APIVersion: "v1", Kind: "ConfigMap", Namespace: "app-a", Name: "nginx"})
	expect("a deleted object points nowhere", s.Referrers("app-e"), nil)
	s.Delete(manifest.Ref{APIVersion: "apps/v1", Kind: "Deployment", Namespace: "ingress-nginx", Name: "ingress-nginx-controller"})
	expect("a deleted controller's namespace runs none", s.IngressNamespaces(), nil)
	s.Delete(manifest.Ref{APIVersion: "networking.istio.io/v1beta1", Kind: "ServiceEntry", Namespace: "app-c", Name: "api"})
	expect("another version of a kind is the same object", s.Declaring("api.example.com"), nil)
	s.Delete(manifest.Ref{APIVersion: "v1", Kind: "ConfigMap", Namespace: "app-z", Name: "absent"})
}

func TestStoreObjects(t *testing.T) {
	s := storeOf(load(t, finalStack))
	s.Set(yamlObject(t, nginxProxy("other", "x.y")))
	// The injector's install decides who has a sidecar in every namespace:
	// every evaluation reads it, wherever it lives.
	s.Set(yamlObject(t, "apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\nmetadata: {name: istio-sidecar-injector}\n"))
	s.Set(yamlObject(t, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: istio-sidecar-injector-canary, namespace: istiod}\ndata: {config: \"policy: enabled\"}\n"))
	var got []string
	for _, o := range s.Objects([]string{"blog-system", "blog-system"}) {
		got = append(got, o.Ref().String())
	}
	for _, want := range []string{"Namespace/blog-system", "IngressClass/nginx", "ConfigMap/blog-system/web-nginx-config", "PeerAuthentication/blog-system/default",
		"MutatingWebhookConfiguration/istio-sidecar-injector", "ConfigMap/istiod/istio-sidecar-injector-canary"} {
		if !slices.Contains(got, want) {
			t.Errorf("the objects of blog-system lack %s: %v", want, got)
		}
	}
	for _, absent := range []string{"Namespace/istio-system", "ConfigMap/other/nginx", "PeerAuthentication/istio-system/default"} {
		if slices.Contains(got, absent) {
			t.Errorf("the objects of blog-system hold %s", absent)
		}
	}
	if len(got) != len(slices.Compact(slices.Clone(got))) {
		t.Errorf("a namespace asked twice is listed twice: %v", got)
	}
	again := s.Objects([]string{"blog-system"})
	for i, o := range again {
		if o.Ref().String() != got[i] {
			t.Fatalf("the order is not stable: %s then %s", got[i], o.Ref())
		}
	}
	s.Delete(manifest.Ref{APIVersion: "v1", Kind: "ConfigMap", Namespace: "istiod", Name: "istio-sidecar-injector-canary"})
	for _, o := range s.Objects([]string{"blog-system"}) {
		if o.Name == "istio-sidecar-injector-canary" {
			t.Error("a deleted injector ConfigMap is still read")
		}
	}
}

func TestObjectFromMap(t *testing.T) {
	m := map[string]any{"apiVersion": "v1", "kind": "Service",
		"metadata": map[string]any{"name": "a", "namespace": "b", "managedFields": []any{map[string]any{"manager": "kubectl"}},
			"annotations": map[string]any{lastApplied: "{}", "keep": "me"}},
		"spec": map[string]any{"ports": []any{map[string]any{"port": 80, "targetPort": int32(8080), "weight": float32(0.5)}},
			"names": []string{"x"}, "labels": map[string]string{"a": "b"}}}
	o := ObjectFromMap(m)
	if o == nil || o.Ref().String() != "Service/b/a" || o.APIVersion != "v1" {
		t.Fatalf("ObjectFromMap = %+v", o)
	}
	meta := o.Body["metadata"].(map[string]any)
	if meta["managedFields"] != nil || o.Annotations()[lastApplied] != "" || o.Annotations()["keep"] != "me" {
		t.Errorf("managedFields or last-applied kept, or another annotation lost: %v", meta)
	}
	port := o.Body["spec"].(map[string]any)["ports"].([]any)[0].(map[string]any)
	if port["port"] != int64(80) || port["targetPort"] != int64(8080) || port["weight"] != float64(0.5) {
		t.Errorf("numbers are not the loader's types: %#v", port)
	}
	if _, ok := o.Body["spec"].(map[string]any)["names"].([]any); !ok {
		t.Error("a []string is not a list of the loader's type")
	}
	if m["metadata"].(map[string]any)["managedFields"] == nil {
		t.Error("the caller's map was modified")
	}
	for _, bad := range []map[string]any{nil, {"kind": "Service"}, {"apiVersion": "v1"}, {"apiVersion": 1, "kind": "x"}} {
		if ObjectFromMap(bad) != nil {
			t.Errorf("ObjectFromMap(%v) is not nil", bad)
		}
	}
}

// TestStoreIsSafeForConcurrentUse is for -race: informer events while
// requests read.
func TestStoreIsSafeForConcurrentUse(t *testing.T) {
	s := storeOf(load(t, finalStack))
	proxies := make([]*manifest.Object, 7)
	for i := range proxies {
		proxies[i] = yamlObject(t, nginxProxy(fmt.Sprintf("app-%d", i), "api.blog-system"))
	}
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for j := range 200 {
				p := proxies[(i+j)%len(proxies)]
				s.Set(ObjectFromMap(p.Body))
				s.Delete(p.Ref())
			}
		})
		wg.Go(func() {
			for range 200 {
				_ = s.Objects(s.Referrers("blog-system"))
				_ = s.Objects(s.Namespaces()) // the whole order (store_order.go)
				_ = s.Namespaces()
				_ = s.Declaring("x.example")
			}
		})
	}
	wg.Wait()
	if got := s.Referrers("blog-system"); len(got) != 0 {
		t.Errorf("referrers left after every Set was deleted: %v", got)
	}
}

// TestStoreObjectsInKeyOrder: a scope of most namespaces is read off the
// order the Store keeps, a small one gathered and sorted; both give the
// scope's objects, the latest version of each, in key order, through
// replacements, additions and deletions.
func TestStoreObjectsInKeyOrder(t *testing.T) {
	s := NewStore()
	want := map[string]*manifest.Object{} // key -> the version stored last
	set := func(ns, name, v string) {
		o := yamlObject(t, fmt.Sprintf("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: %s, namespace: %s}\ndata: {k: %q}\n", name, ns, v))
		s.Set(o)
		want[key(o)] = o
	}
	var all []string
	for i := range 8 {
		ns := fmt.Sprintf("ns-%d", i)
		all = append(all, ns)
		set(ns, "b", "1")
		set(ns, "a", "1")
	}
	check := func(step string) {
		t.Helper()
		for _, scope := range [][]string{all, all[2:3]} {
			var exp []string
			for k, o := range want {
				if slices.Contains(scope, o.Namespace) {
					exp = append(exp, k)
				}
			}
			slices.Sort(exp)
			var got []string
			for _, o := range s.Objects(scope) {
				if o != want[key(o)] {
					t.Errorf("%s: %s is not the version stored last", step, key(o))
				}
				got = append(got, key(o))
			}
			if !slices.Equal(got, exp) {
				t.Errorf("%s, scope %v:\ngot  %v\nwant %v", step, scope, got, exp)
			}
		}
	}
	check("first")
	set("ns-2", "a", "2")
	set("ns-5", "b", "2")
	check("replaced")
	set("ns-2", "c", "1")
	set("ns-9", "a", "1")
	all = append(all, "ns-9")
	check("added")
	s.Delete(manifest.Ref{APIVersion: "v1", Kind: "ConfigMap", Namespace: "ns-2", Name: "b"})
	delete(want, "/ConfigMap/ns-2/b")
	set("ns-2", "a", "3")
	check("deleted, then replaced")
}

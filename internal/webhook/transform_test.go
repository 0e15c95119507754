package webhook

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unsafe"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	toolscache "k8s.io/client-go/tools/cache"

	"github.com/meshlint/meshlint/internal/manifest"
)

func TestTransform(t *testing.T) {
	bigCA := "-----BEGIN CERTIFICATE-----\n" + strings.Repeat("MIIB", 1000) + "\n-----END CERTIFICATE-----"
	tests := []struct {
		name string
		in   map[string]any
		want map[string]any
	}{
		{name: "status, managed fields and the last-applied copy are dropped",
			in: map[string]any{"apiVersion": "v1", "kind": "Service",
				"metadata": map[string]any{"name": "web", "managedFields": []any{map[string]any{"manager": "kubectl"}},
					"annotations": map[string]any{"kubectl.kubernetes.io/last-applied-configuration": "{...}", "keep": "me"}},
				"spec": map[string]any{"ports": []any{}}, "status": map[string]any{"loadBalancer": map[string]any{}}},
			want: map[string]any{"apiVersion": "v1", "kind": "Service",
				"metadata": map[string]any{"name": "web", "annotations": map[string]any{"keep": "me"}},
				"spec":     map[string]any{"ports": []any{}}}},
		{name: "a ConfigMap keeps nginx configuration whole and only the URLs of other values",
			in: map[string]any{"apiVersion": "v1", "kind": "ConfigMap", "metadata": map[string]any{"name": "c"},
				"data": map[string]any{
					"nginx.conf":      "server { location / { proxy_pass http://was:8080; } }",
					"application.yml": "spring:\n  datasource:\n    url: jdbc:mysql://mysql:3306/blog?useSSL=false\n  redis: redis://cache:6379\n",
					"ca.crt":          bigCA,
					"SPRING_PROFILES": "prod",
					"WAS_URL":         "http://was-service.blog-system:8080/api",
				},
				"binaryData": map[string]any{"logo.png": "iVBORw0KGgo="}},
			want: map[string]any{"apiVersion": "v1", "kind": "ConfigMap", "metadata": map[string]any{"name": "c"},
				"data": map[string]any{
					"nginx.conf":      "server { location / { proxy_pass http://was:8080; } }",
					"application.yml": "mysql://mysql:3306\nredis://cache:6379",
					"ca.crt":          "",
					"SPRING_PROFILES": "",
					"WAS_URL":         "http://was-service.blog-system:8080",
				}}},
		{name: "a Pod a ReplicaSet created is reduced to its identity",
			in: ownedPodWith("ReplicaSet"),
			want: map[string]any{"apiVersion": "v1", "kind": "Pod", "metadata": map[string]any{
				"name": "web-5d9-abcde", "namespace": "blog-system", "uid": "pod-uid", "resourceVersion": "7",
				"ownerReferences": []any{map[string]any{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-5d9", "uid": "u1", "controller": true}}}}},
		{name: "a bare Pod keeps its spec",
			in: map[string]any{"apiVersion": "v1", "kind": "Pod", "metadata": map[string]any{"name": "debug"},
				"spec": map[string]any{"containers": []any{}}, "status": map[string]any{"phase": "Running"}},
			want: map[string]any{"apiVersion": "v1", "kind": "Pod", "metadata": map[string]any{"name": "debug"},
				"spec": map[string]any{"containers": []any{}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := transform(&unstructured.Unstructured{Object: tc.in})
			if err != nil {
				t.Fatal(err)
			}
			if got := out.(*unstructured.Unstructured).Object; !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %v\nwant %v", got, tc.want)
			}
		})
	}
}

// TestTransformSharesStrings: two objects decoded from the API server's
// JSON apart hold one copy of a key and of a short value once transformed,
// as the informer cache keeps them.
func TestTransformSharesStrings(t *testing.T) {
	in := `{"apiVersion":"v1","kind":"Service","metadata":{"name":"%s","namespace":"shop"},"spec":{"ports":[{"port":80,"protocol":"TCP"}]}}`
	var ports []map[string]any
	for _, name := range []string{"web", "api"} {
		u := &unstructured.Unstructured{}
		if err := u.UnmarshalJSON([]byte(fmt.Sprintf(in, name))); err != nil {
			t.Fatal(err)
		}
		out, _ := transform(u)
		obj := out.(*unstructured.Unstructured).Object
		if obj["metadata"].(map[string]any)["name"] != name {
			t.Fatalf("content changed: %v", obj)
		}
		ports = append(ports, obj["spec"].(map[string]any)["ports"].([]any)[0].(map[string]any))
	}
	protocol := func(p map[string]any) string {
		for k := range p {
			if k == "protocol" {
				return k
			}
		}
		return ""
	}
	if unsafe.StringData(protocol(ports[0])) != unsafe.StringData(protocol(ports[1])) {
		t.Error("a key is held twice")
	}
	if unsafe.StringData(ports[0]["protocol"].(string)) != unsafe.StringData(ports[1]["protocol"].(string)) {
		t.Error("a short value is held twice")
	}
}

func ownedPodWith(ownerKind string) map[string]any {
	p := ownedPod(ownerKind)
	meta := p["metadata"].(map[string]any)
	meta["uid"], meta["resourceVersion"] = "pod-uid", "7"
	p["status"] = map[string]any{"phase": "Running"}
	return p
}

// The informer events keep the Store in step; objects a workload
// controller created stay out of it.
func TestMirror(t *testing.T) {
	store := newFakeStore()
	m := mirror{store}
	u := func(o map[string]any) *unstructured.Unstructured { return &unstructured.Unstructured{Object: o} }
	bare := u(map[string]any{"apiVersion": "v1", "kind": "Pod", "metadata": map[string]any{"name": "web-5d9-abcde", "namespace": "blog-system"}})
	dep := u(deployment())

	m.OnAdd(dep, true)
	m.OnAdd(u(ownedPod("ReplicaSet")), true)
	m.OnAdd(bare, true)
	if got := strings.Join(store.refs(), " "); got != "Deployment/blog-system/web Pod/blog-system/web-5d9-abcde" {
		t.Fatalf("after adds: %s", got)
	}
	if o := store.get(manifest.Ref{APIVersion: "apps/v1", Kind: "Deployment", Namespace: "blog-system", Name: "web"}); o == nil ||
		reflect.ValueOf(o.Body).Pointer() != reflect.ValueOf(dep.Object).Pointer() {
		t.Error("the Store does not share the cache's map")
	}
	m.OnUpdate(bare, u(ownedPod("ReplicaSet"))) // adopted
	if got := strings.Join(store.refs(), " "); got != "Deployment/blog-system/web" {
		t.Errorf("after the adoption: %s", got)
	}
	m.OnDelete(toolscache.DeletedFinalStateUnknown{Key: "blog-system/web", Obj: dep})
	if got := store.refs(); len(got) != 0 {
		t.Errorf("after a delete seen through a tombstone: %v", got)
	}
	m.OnDelete("not an object") // ignored
}

// Readiness waits for every kind.
func TestReadiness(t *testing.T) {
	done := map[string]bool{}
	r := &Readiness{}
	for _, k := range []string{"Service", "DestinationRule"} {
		r.kinds = append(r.kinds, synced{k, func() bool { return done[k] }})
	}
	done["Service"] = true
	if r.Ready() {
		t.Error("ready with DestinationRule pending")
	}
	if err := r.Check(nil); err == nil || !strings.Contains(err.Error(), "not loaded yet: DestinationRule") {
		t.Errorf("check: %v", err)
	}
	done["DestinationRule"] = true
	if !r.Ready() || r.Check(nil) != nil {
		t.Error("not ready with every kind loaded")
	}
}

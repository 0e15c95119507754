package manifest

import (
	"os"
	"path/filepath"
	"testing"
)

// kubectl apply -f applies documents in order: the last definition of an
// object (API group, kind, namespace, name) is what the cluster keeps.
func TestRemoveDuplicatesKeepsTheLast(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.yaml")
	b := filepath.Join(dir, "b.yaml")
	write := func(p, s string) {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(a, `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec: {replicas: 1}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: web}
`)
	write(b, `apiVersion: apps/v1beta2
kind: Deployment
metadata: {name: web, namespace: default}
spec: {replicas: 2}
---
apiVersion: extensions/v1beta1
kind: Deployment
metadata: {name: web}
---
apiVersion: v1
kind: ConfigMap
metadata: {generateName: web-}
---
apiVersion: v1
kind: ConfigMap
metadata: {generateName: web-}
`)
	res := Load([]string{a, b}, Options{})
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	var got []string
	for i, o := range res.Objects {
		if o.Index != i {
			t.Errorf("object %d has Index %d", i, o.Index)
		}
		got = append(got, o.APIVersion+" "+o.Kind+" "+o.Name)
	}
	want := []string{"v1 ConfigMap web", "apps/v1beta2 Deployment web", "extensions/v1beta1 Deployment web", "v1 ConfigMap ", "v1 ConfigMap "}
	if len(got) != len(want) {
		t.Fatalf("objects %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("object %d = %q, want %q", i, got[i], want[i])
		}
	}
	d := res.Objects[1]
	if len(d.Earlier) != 1 || d.Earlier[0].File != a || d.Earlier[0].Line != 1 {
		t.Errorf("the apps Deployment's earlier definition = %+v, want a.yaml:1", d.Earlier)
	}
	if n := res.Objects[2].Earlier; len(n) != 0 {
		t.Errorf("another API group is another object, got earlier %v", n)
	}
}

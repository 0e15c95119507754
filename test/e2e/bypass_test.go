package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/manifest"
)

// ML301's fixture: mysql in the mesh behind a sniffed Service port.
const mysqlSniffed = "testdata/rules/ML301/mysql-meshed-sniffed-port.yaml"

// meshlint.io/ignore: "*" is written by whoever may write the object: the
// webhook, with its default config, does not let it waive anything. The
// mutating webhook is unregistered, so that MM01 does not fix the Host
// header first.
func TestTheIgnoreAnnotationDoesNotGetAroundValidation(t *testing.T) {
	ctx := context.Background()
	c := newClient(t)
	const ns = "bypass-ignore"
	t.Cleanup(func() { deleteIngress(t, c, ns) })
	s := loadStack(t, ns, hostStack)
	cm := edited(t, s.find(t, "ConfigMap", "web-nginx-config"), func(b map[string]any) {
		b["metadata"].(map[string]any)["annotations"] = map[string]any{"meshlint.io/ignore": "*"}
	})
	applyAll(ctx, t, c, s.without("ConfigMap", "web-nginx-config"))
	withoutWebhook(ctx, t, c, "mutating", func() {
		v := c.create(ctx, t, cm, false)
		if v.allowed || !strings.Contains(v.message, "ML201") {
			t.Errorf("Host $host annotated meshlint.io/ignore: \"*\": %s, want denied with ML201", v)
		}
	})
}

// A Pod that names a controller it was not created by is judged itself;
// a Pod whose ReplicaSet exists with that uid, and whose ReplicaSet's
// Deployment exists with its uid, is left to the Deployment's template,
// as it was before: no second finding for one application.
func TestAForgedOwnerReferenceDoesNotGetAroundValidation(t *testing.T) {
	ctx := context.Background()
	c := newClient(t)
	const ns = "bypass-owner"
	s := loadStack(t, ns, mysqlSniffed)
	sts := s.find(t, "StatefulSet", "mysql")
	applyAll(ctx, t, c, s.without("StatefulSet", "mysql"))
	template := templateOf(t, sts)
	// An explicit injection label: MM02 would otherwise take mysql out of
	// the mesh at /mutate, and there would be nothing left to judge.
	template["metadata"].(map[string]any)["labels"].(map[string]any)["sidecar.istio.io/inject"] = "true"
	deploy := workload(t, "apps/v1", "Deployment", ns, "mysql", template, nil)
	withoutWebhook(ctx, t, c, "validating", func() { // ML301 exists before the test: the Deployment's own
		if v := c.create(ctx, t, deploy, false); !v.allowed {
			t.Fatalf("create the Deployment: %s", v)
		}
	})
	d := c.get(ctx, t, deploy)
	rs := workload(t, "apps/v1", "ReplicaSet", ns, "mysql-5d9", template, owner("apps/v1", "Deployment", "mysql", string(d.GetUID())))
	if v := c.create(ctx, t, rs, false); !v.allowed {
		t.Fatalf("the Deployment's ReplicaSet: %s, want allowed", v)
	}
	rsUID := string(c.get(ctx, t, rs).GetUID())
	cases := []struct {
		sentence string
		owner    map[string]any
		allowed  bool
	}{
		{"a Pod of the Deployment's ReplicaSet (name and uid) is left to the Deployment's template", owner("apps/v1", "ReplicaSet", "mysql-5d9", rsUID), true},
		{"a Pod naming the ReplicaSet with another uid is judged: ML301", owner("apps/v1", "ReplicaSet", "mysql-5d9", "00000000-0000-0000-0000-000000000001"), false},
		{"a Pod naming a ReplicaSet that does not exist is judged: ML301", owner("apps/v1", "ReplicaSet", "nobody", rsUID), false},
		{"a Pod naming the Deployment's uid under another kind is judged: ML301", owner("apps/v1", "StatefulSet", "mysql", string(d.GetUID())), false},
		{"a Pod without owner is judged: ML301", nil, false},
	}
	for i, tc := range cases {
		pod := podOf(t, ns, "mysql-"+itoa(i), template, tc.owner)
		v := c.create(ctx, t, pod, true)
		if v.allowed != tc.allowed || !v.allowed && !strings.Contains(v.message, "ML301") {
			t.Errorf("%s: %s", tc.sentence, v)
		}
	}
}

// templateOf is a workload's pod template.
func templateOf(t tb, o *manifest.Object) map[string]any {
	t.Helper()
	tpl, ok := o.Body["spec"].(map[string]any)["template"].(map[string]any)
	if !ok {
		t.Fatalf("%s has no pod template", o.Ref())
	}
	return tpl
}

// owner is a controller owner reference.
func owner(apiVersion, kind, name, uid string) map[string]any {
	return map[string]any{"apiVersion": apiVersion, "kind": kind, "name": name, "uid": uid, "controller": true}
}

// workload is a controller of template, owned by ref when it is not nil.
func workload(t tb, apiVersion, kind, ns, name string, template, ref map[string]any) *manifest.Object {
	labels := template["metadata"].(map[string]any)["labels"]
	meta := map[string]any{"name": name, "namespace": ns}
	if ref != nil {
		meta["ownerReferences"] = []any{ref}
	}
	return object(t, map[string]any{"apiVersion": apiVersion, "kind": kind, "metadata": meta,
		"spec": map[string]any{"selector": map[string]any{"matchLabels": labels}, "template": template}})
}

// podOf is a Pod stamped from template, owned by ref when it is not nil.
func podOf(t tb, ns, name string, template, ref map[string]any) *manifest.Object {
	meta := map[string]any{"name": name, "namespace": ns, "labels": template["metadata"].(map[string]any)["labels"]}
	if ref != nil {
		meta["ownerReferences"] = []any{ref}
	}
	return object(t, map[string]any{"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": template["spec"]})
}

func object(t tb, body map[string]any) *manifest.Object {
	t.Helper()
	return edited(t, &manifest.Object{Body: body}, func(map[string]any) {})
}

package admission

import (
	"context"
	"fmt"
	"testing"

	"github.com/meshlint/meshlint/internal/manifest"
)

// TestAWaiverTheStateHadAlreadyIsNotRecorded: an annotated ConfigMap
// (meshlint.io/ignore: "*") whose Host $host the webhook's config lets
// through is recorded as waived when it is created, and not again when an
// unrelated change elsewhere has it in its scope: its findings were there
// before, waived by its own annotation, and the change brings none.
func TestAWaiverTheStateHadAlreadyIsNotRecorded(t *testing.T) {
	state := append(inNamespace(t, load(t, finalStack), "probe"), inNamespace(t, load(t, hostStack), "bypass")...)
	ignored := func(o *manifest.Object) *manifest.Object {
		return edited(t, o, func(b map[string]any) {
			b["metadata"].(map[string]any)["annotations"] = map[string]any{"meshlint.io/ignore": "*"}
		})
	}
	annotated := ignored(find(t, state, "ConfigMap/bypass/web-nginx-config"))
	e := engine(t, "webhook: {allowIgnoreAnnotation: true}\n")
	ctx := context.Background()
	v, err := e.Validate(ctx, storeOf(without(t, state, "ConfigMap/bypass/web-nginx-config")), request(t, Create, nil, annotated))
	if err != nil || !v.Allowed || fmt.Sprint(v.Ignored) != "[ML201 ML401]" {
		t.Fatalf("create: %+v, %v", v, err)
	}
	state = append(without(t, state, "ConfigMap/bypass/web-nginx-config"), annotated)
	probe := find(t, state, "ConfigMap/probe/web-nginx-config")
	mutated := edited(t, probe, func(b map[string]any) {
		b["metadata"].(map[string]any)["annotations"] = map[string]any{"meshlint.io/mutated": "MM01"}
	})
	full, err := New(e.cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	full.exhaustive = true
	for _, eng := range []*Engine{e, full} {
		v, err := eng.Validate(ctx, storeOf(state), request(t, Update, probe, mutated))
		if err != nil || !v.Allowed || len(v.Ignored) != 0 {
			t.Errorf("exhaustive %v: an unrelated change: %+v, %v", eng.exhaustive, v, err)
		}
	}
}

// inNamespace moves a stack's blog-system objects to ns; the rest (the
// root and ingress namespaces) stays.
func inNamespace(t *testing.T, objs []*manifest.Object, ns string) []*manifest.Object {
	var out []*manifest.Object
	for _, o := range objs {
		switch {
		case o.Namespace == "blog-system" || o.Kind == "Namespace" && o.Name == "blog-system":
			out = append(out, moved(t, o, ns))
		case ns == "probe":
			out = append(out, o)
		}
	}
	return out
}

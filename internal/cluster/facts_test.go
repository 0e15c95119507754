package cluster

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/validate"
)

// facts renders what the rules read of objs (mesh.Model.Facts), without
// what only files have (lines), without apiVersions (the files write
// Istio's v1beta1, the audit reads v1: the same objects), and with every
// list sorted (files keep input order, the audit kind/namespace/name
// order), as one JSON value per section.
func facts(t *testing.T, cfg *config.Config, objs []*manifest.Object) map[string]string {
	t.Helper()
	v, err := ast.InterfaceToValue(map[string]any(mesh.Build(objs, validate.Settings(cfg)).Facts()))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := ast.JSON(v)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for name, section := range plain.(map[string]any) {
		out[name] = encode(t, normalize(t, section))
	}
	return out
}

func normalize(t *testing.T, v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if k == "apiVersion" || k == "line" || strings.HasSuffix(k, "_line") || k == "file" {
				delete(v, k)
				continue
			}
			v[k] = normalize(t, x)
		}
	case []any:
		keys := make([]string, len(v))
		for i, x := range v {
			v[i] = normalize(t, x)
			keys[i] = encode(t, v[i])
		}
		slices.Sort(keys)
		for i, k := range keys {
			v[i] = json.RawMessage(k)
		}
	}
	return v
}

func encode(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// only keeps the objects of objs that files declare (Kind/namespace/name):
// not the API server's own (the default namespace's kubernetes Service,
// the kube-* namespaces), nor the namespaces the test had to add.
func only(objs, files []*manifest.Object) []*manifest.Object {
	declared := map[string]bool{}
	for _, o := range files {
		declared[ref(o)] = true
	}
	var out []*manifest.Object
	for _, o := range objs {
		if declared[ref(o)] {
			out = append(out, o)
		}
	}
	return out
}

func ref(o *manifest.Object) string { return o.Kind + "/" + mesh.NamespaceOf(o) + "/" + o.Name }

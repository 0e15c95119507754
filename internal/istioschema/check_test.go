package istioschema

import (
	"reflect"
	"testing"

	"github.com/meshlint/meshlint/internal/manifest"
)

func load(t *testing.T, src string) []*manifest.Object {
	t.Helper()
	res := manifest.LoadBytes("in.yaml", []byte(src), manifest.Options{})
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	return res.Objects
}

const typo = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: web, namespace: shop}
spec:
  selector:
    matchLabels: {app: web}
  mtls: {mode: STRICT}
  portLevelMTLS:
    8080: {mode: PERMISSIVE}
`

func TestUnknownFieldIsPrunedWithASuggestion(t *testing.T) {
	o := load(t, typo)[0]
	r := Check(o)
	if r.Rejected || len(r.Issues) != 1 {
		t.Fatalf("result %+v", r)
	}
	is := r.Issues[0]
	want := Issue{Kind: Unknown, Field: "spec.portLevelMTLS", Path: []string{"spec", "portLevelMTLS"}, Line: 8,
		Detail: `unknown field "spec.portLevelMTLS"`, Suggestion: "portLevelMtls"}
	if !reflect.DeepEqual(is, want) {
		t.Errorf("issue %+v\nwant %+v", is, want)
	}
	spec := r.Stored["spec"].(map[string]any)
	if _, ok := spec["portLevelMTLS"]; ok || spec["mtls"] == nil || r.Stored["metadata"] == nil {
		t.Errorf("stored %v", r.Stored)
	}
	if _, ok := o.Body["spec"].(map[string]any)["portLevelMTLS"]; !ok {
		t.Error("Check changed the object it was given")
	}
}

func TestEqualContentsShareAVerdictButNotTheirLinesOrMetadata(t *testing.T) {
	objs := load(t, typo+"---\n# a comment shifts the lines\n"+
		"apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: api, namespace: other}\n"+
		"spec:\n  selector:\n    matchLabels: {app: web}\n  mtls: {mode: STRICT}\n  portLevelMTLS:\n    8080: {mode: PERMISSIVE}\n")
	rs := CheckAll(objs)
	if rs[0].Issues[0].Line != 8 || rs[1].Issues[0].Line != 19 {
		t.Errorf("lines %d %d, want 8 19", rs[0].Issues[0].Line, rs[1].Issues[0].Line)
	}
	if m := rs[1].Stored["metadata"].(map[string]any); m["name"] != "api" {
		t.Errorf("second stored metadata %v", m)
	}
}

func TestObjectsOutsideIstioAreNotChecked(t *testing.T) {
	o := load(t, "apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: {bogus: 1}\n")[0]
	if r := Check(o); len(r.Issues) != 0 || r.Rejected || r.Stored != nil {
		t.Errorf("result %+v", r)
	}
}

func TestResolveFollowsTheBodysKeys(t *testing.T) {
	body := map[string]any{"spec": map[string]any{
		"selector":      map[string]any{"matchLabels": map[string]any{"app.kubernetes.io/name": "x"}},
		"portLevelMtls": map[string]any{"8080": map[string]any{"mode": "x"}},
		"ports":         []any{map[string]any{"number": "80"}}}}
	for f, want := range map[string][]string{
		"spec.selector.matchLabels.app.kubernetes.io/name": {"spec", "selector", "matchLabels", "app.kubernetes.io/name"},
		"spec.portLevelMtls[8080].mode":                    {"spec", "portLevelMtls", "8080", "mode"},
		"spec.portLevelMtls.8080.mode":                     {"spec", "portLevelMtls", "8080", "mode"},
		"spec.ports[0].number":                             {"spec", "ports", "0", "number"},
		"spec.ports[3].number":                             {"spec", "ports"},
		"spec.nothing":                                     {"spec"},
		"":                                                 nil,
	} {
		if got := resolve(body, f); !reflect.DeepEqual(got, want) {
			t.Errorf("resolve(%q) = %q, want %q", f, got, want)
		}
	}
}

func TestClosestName(t *testing.T) {
	names := []string{"mtls", "portLevelMtls", "selector"}
	for in, want := range map[string]string{"portLevelMTLS": "portLevelMtls", "selecter": "selector",
		"mTLS": "mtls", "tls": "mtls", "workloadSelector": "", "host": ""} {
		if got := closest(in, names); got != want {
			t.Errorf("closest(%q) = %q, want %q", in, got, want)
		}
	}
}

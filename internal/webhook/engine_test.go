package webhook

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	jsonpatch "github.com/evanphx/json-patch/v5"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/meshlint/meshlint/internal/admission"
	"github.com/meshlint/meshlint/internal/manifest"
)

// With the real engine over the field report's stack as the informers
// hold it: the nginx ConfigMap with Host $host is denied by /validate;
// /mutate answers a patch that, applied as the API server applies it,
// gives an object /validate then allows.
func TestRealEngineMutateThenValidate(t *testing.T) {
	root := filepath.Join(repoRootFromPkg, "testdata", "field-report")
	store := admission.NewStore()
	var hostCM map[string]any
	for _, o := range manifest.Load([]string{filepath.Join(root, "final", "stack.yaml")}, manifest.Options{}).Objects {
		if o.Kind == "ConfigMap" && o.Name == "web-nginx-config" {
			continue // created by the request
		}
		u := mustUnstructured(t, o.Body)
		out, _ := transform(u)
		mirror{store}.OnAdd(out, true)
	}
	for _, o := range manifest.Load([]string{filepath.Join(root, "host", "stack.yaml")}, manifest.Options{}).Objects {
		if o.Kind == "ConfigMap" && o.Name == "web-nginx-config" {
			hostCM = o.Body
		}
	}
	h := newTestHandlers(t, mustEngine(t))
	h.State = store
	validate, mutate := h.serve(routeOf(t, h, webhookValidate), DefaultMaxBodyBytes), h.serve(routeOf(t, h, webhookMutate), DefaultMaxBodyBytes)
	create := review{op: "CREATE", kind: "ConfigMap", ns: "blog-system", name: "web-nginx-config", object: hostCM}

	_, denied := post(t, validate, create.json(t))
	if denied.Response.Allowed || !strings.Contains(denied.Response.Result.Message, "ML201") {
		t.Fatalf("/validate before mutation: %+v", denied.Response.Result)
	}

	_, mutated := post(t, mutate, create.json(t))
	r := mutated.Response
	if !r.Allowed || len(r.Patch) == 0 || len(r.Warnings) == 0 || !strings.HasPrefix(r.Warnings[0], "MM01") {
		t.Fatalf("/mutate: allowed %v, patch %s, warnings %q", r.Allowed, r.Patch, r.Warnings)
	}
	patch, err := jsonpatch.DecodePatch(r.Patch)
	if err != nil {
		t.Fatal(err)
	}
	fixed, err := patch.Apply(mustJSON(t, hostCM))
	if err != nil {
		t.Fatalf("the patch does not apply: %v", err)
	}
	var u unstructured.Unstructured
	if err := json.Unmarshal(fixed, &u.Object); err != nil {
		t.Fatal(err)
	}
	if got := u.GetAnnotations()[admission.MutatedAnnotation]; got != "MM01" {
		t.Errorf("annotation %s = %q, want MM01", admission.MutatedAnnotation, got)
	}
	create.object = u.Object
	if _, after := post(t, validate, create.json(t)); !after.Response.Allowed {
		t.Errorf("/validate after mutation: %+v", after.Response.Result)
	}
}

package istioschema

import (
	"fmt"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/meshlint/meshlint/internal/corpus"
	"github.com/meshlint/meshlint/internal/manifest"
)

// TestProvenValidNeverContradictsTheAPIServer: wherever provenValid says
// valid, kube-openapi's validator (what the API server runs) finds
// nothing. Inputs: the ML001 fixtures, a corpus copy, and every mutation
// of them that replaces one value (by another type, an out-of-range
// number, a wrong enum, null) or deletes one key.
func TestProvenValidNeverContradictsTheAPIServer(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/rules/ML001/*.yaml")
	res := manifest.Load(files, manifest.Options{})
	objs := res.Objects
	more, err := corpus.Objects(20)
	if err != nil {
		t.Fatal(err)
	}
	objs = append(objs, more...)
	tried, proven := 0, 0
	for _, o := range objs {
		c, v, ok := lookup(o)
		if !ok || v != nil {
			continue
		}
		mutations(o.Body, func(body map[string]any, what string) {
			tried++
			c.prune(body)
			if !provenValid(c.structural, body) {
				return
			}
			proven++
			if errs := c.validateOpenAPI(body); len(errs) > 0 {
				t.Errorf("%s %s: proven valid, the API server says %v", o.Ref(), what, errs)
			}
		})
	}
	if tried < 1000 || proven < 100 {
		t.Errorf("%d mutations, %d proven valid: too few to mean anything", tried, proven)
	}
	t.Logf("%d bodies, %d proven valid", tried, proven)
}

var replacements = []any{"X", "*", "", "a.*", map[string]any{"*": "x"}, "ISTIO_MUTUAL", int64(-1), int64(0), int64(70000), int64(5000000000), 1.5, true, nil, []any{}, map[string]any{}, []any{"a"}}

// mutations calls f with the body itself, then with a copy of it for each
// single replacement of a value or deletion of a key.
func mutations(body map[string]any, f func(map[string]any, string)) {
	f(manifest.DeepCopy(body).(map[string]any), "as written")
	var walk func(v any, path string, set func(any), del func())
	walk = func(v any, path string, set func(any), del func()) {
		for _, r := range replacements {
			set(r)
			f(manifest.DeepCopy(body).(map[string]any), fmt.Sprintf("%s = %#v", path, r))
		}
		if del != nil {
			del()
			f(manifest.DeepCopy(body).(map[string]any), "without "+path)
		}
		set(v)
		switch x := v.(type) {
		case map[string]any:
			for k, c := range x {
				walk(c, path+"."+k, func(n any) { x[k] = n }, func() { delete(x, k) })
			}
		case []any:
			for i, c := range x {
				walk(c, path+"["+strconv.Itoa(i)+"]", func(n any) { x[i] = n }, nil)
			}
		}
	}
	if spec, ok := body["spec"]; ok {
		walk(spec, "spec", func(n any) { body["spec"] = n }, nil)
	}
}

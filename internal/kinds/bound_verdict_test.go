package kinds

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/validate"
)

// TestBoundChangesNoVerdict: what Bound strips is what the model never
// reads. Every rule fixture and field-report stack, linted as the files
// give it and as the webhook's informers hold it once bound, finds the
// same (rule, object, message, remediation).
func TestBoundChangesNoVerdict(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/rules/*/*.yaml")
	stacks, _ := filepath.Glob("../../testdata/field-report/*/stack.yaml")
	if files = append(files, stacks...); len(files) < 60 {
		t.Fatalf("%d fixtures", len(files))
	}
	v, err := validate.New(config.Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range files {
		objs := manifest.Load([]string{path}, manifest.Options{}).Objects
		var bound []*manifest.Object
		for _, o := range objs { // a cluster holds the last of an object's definitions (ML002)
			if b, ok := tryBound(t, o); ok {
				bound = slices.DeleteFunc(bound, func(x *manifest.Object) bool { return x.Ref() == b.Ref() })
				bound = append(bound, b)
			}
		}
		want, got := verdict(t, v, objs), verdict(t, v, bound)
		if !slices.Equal(want, got) {
			t.Errorf("%s: from the files\n%v\nonce bound\n%v", path, want, got)
		}
	}
}

func tryBound(t *testing.T, o *manifest.Object) (*manifest.Object, bool) {
	t.Helper()
	if o.Kind == "" || o.APIVersion == "" {
		return nil, false
	}
	return boundCopyOK(t, o)
}

func verdict(t *testing.T, v *validate.Validator, objs []*manifest.Object) []string {
	t.Helper()
	res, err := v.Lint(objs)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range res.Findings {
		if f.Rule != "ML002" { // duplicate definitions: a cluster has none
			out = append(out, fmt.Sprint(f.Rule, " ", f.Object, " ", f.Message, " ", f.Remediation))
		}
	}
	slices.Sort(out)
	return out
}

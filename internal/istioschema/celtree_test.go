package istioschema

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel"
	"k8s.io/apimachinery/pkg/util/validation/field"
	celconfig "k8s.io/apiserver/pkg/apis/cel"

	"github.com/meshlint/meshlint/internal/manifest"
)

// TestCELTreeMatchesTheAPIServersValidator: the rules compiled node by
// node give the errors of the API server's cel.Validator, which compiles
// the whole CRD, on the fixtures and every single-value mutation of them.
func TestCELTreeMatchesTheAPIServersValidator(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/rules/ML001/*.yaml")
	full := map[*checker]*cel.Validator{}
	failing := 0
	for _, o := range manifest.Load(files, manifest.Options{}).Objects {
		c, v, ok := lookup(o)
		if !ok || v != nil {
			continue
		}
		if full[c] == nil {
			full[c] = cel.NewValidator(c.structural, true, celconfig.PerCallLimit)
		}
		mutations(o.Body, func(body map[string]any, what string) {
			c.prune(body)
			if blocking(openAPIErrors(c, body)) {
				return // the API server runs no CEL rule on these
			}
			want, _ := full[c].Validate(context.Background(), nil, c.structural, body, nil, celconfig.RuntimeCELCostBudget)
			budget := int64(celconfig.RuntimeCELCostBudget)
			got := c.cel.validate(context.Background(), nil, body, &budget)
			if !slices.Equal(errStrings(got), errStrings(want)) {
				t.Errorf("%s %s: %v, the API server's validator %v", o.Ref(), what, got, want)
			}
			if len(want) > 0 {
				failing++
			}
		})
	}
	if failing < 20 {
		t.Errorf("only %d mutations break a CEL rule", failing)
	}
}

func openAPIErrors(c *checker, body map[string]any) field.ErrorList {
	return c.validateOpenAPI(body)
}

func errStrings(errs field.ErrorList) []string {
	out := make([]string, len(errs))
	for i, e := range errs {
		out[i] = e.Error()
	}
	slices.Sort(out)
	return out
}

package policy

import (
	"context"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/tester"
)

// TestRegoUnitTests runs every policies/*_test.rego with OPA's test runner,
// so `go test` alone covers the Rego tests.
func TestRegoUnitTests(t *testing.T) {
	mods, err := BuiltinTests()
	if err != nil {
		t.Fatal(err)
	}
	parsed := map[string]*ast.Module{}
	for _, m := range mods {
		pm, err := ast.ParseModuleWithOpts(m.Name, m.Source, ast.ParserOptions{RegoVersion: ast.RegoV1})
		if err != nil {
			t.Fatalf("parse %s: %v", m.Name, err)
		}
		parsed[m.Name] = pm
	}
	ctx := context.Background()
	store := inmem.New()
	txn := storage.NewTransactionOrDie(ctx, store)
	defer store.Abort(ctx, txn)
	ch, err := tester.NewRunner().SetStore(store).SetModules(parsed).RunTests(ctx, txn)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for r := range ch {
		n++
		name := r.Package + "." + r.Name
		if r.Error != nil {
			t.Errorf("%s: %v", name, r.Error)
		} else if r.Fail {
			t.Errorf("%s: failed", name)
		}
	}
	if n == 0 {
		t.Fatal("no Rego tests ran")
	}
	t.Logf("%d Rego tests", n)
}

func TestEveryRuleHasRegoTests(t *testing.T) {
	mods, err := BuiltinTests()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, m := range mods {
		names[m.Name] = true
	}
	for name := range names {
		if strings.HasPrefix(name, "ml") && !strings.HasSuffix(name, "_test.rego") {
			if !names[strings.TrimSuffix(name, ".rego")+"_test.rego"] {
				t.Errorf("%s has no _test.rego", name)
			}
		}
	}
}

package policy

import (
	"context"
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/tester"
)

// TestOptions are `opa test`'s flags that `meshlint test` takes.
type TestOptions struct {
	Verbose bool   // trace failing tests (opa test -v)
	Run     string // only tests whose name matches this regular expression (opa test --run)
}

// Test runs the Rego tests of dirs as `opa test` does (cmd/test.go of
// OPA: tester.LoadWithParserOptions, then a Runner with print output
// captured, traces when verbose), with meshlint's built-in rules and
// helpers (data.meshlint.lib) loaded beside the user's files, so a test
// can evaluate them `with input as` facts saved by `meshlint facts`.
// The user's policies must be ones meshlint reads, as for lint. report
// receives the results as they come.
func Test(ctx context.Context, dirs []string, opts TestOptions, report func(chan *tester.Result) error) error {
	mods, store, err := tester.LoadWithParserOptions(dirs, nil, ast.ParserOptions{RegoVersion: ast.RegoV1, ProcessAnnotation: true})
	if err != nil {
		return fmt.Errorf("load policies: %w", err)
	}
	if err := checkUserModules(mods); err != nil {
		return err
	}
	if err := addBuiltin(mods); err != nil {
		return err
	}
	txn, err := store.NewTransaction(ctx, storage.WriteParams)
	if err != nil {
		return err
	}
	defer store.Abort(ctx, txn)
	compiler := ast.NewCompiler().WithPathConflictsCheck(storage.NonEmpty(ctx, store, txn)).
		WithEnablePrintStatements(true).WithCapabilities(ast.CapabilitiesForThisVersion())
	ch, err := tester.NewRunner().SetCompiler(compiler).SetStore(store).SetModules(mods).
		CapturePrintOutput(true).EnableTracing(opts.Verbose).StackTraces(true).
		SetTimeout(5*time.Second).Filter(opts.Run).RunTests(ctx, txn)
	if err != nil {
		return fmt.Errorf("compile policies: %w", err)
	}
	return report(ch)
}

// checkUserModules applies lint's checks (User) to the loaded files that
// are not tests.
func checkUserModules(mods map[string]*ast.Module) error {
	var user []*ast.Module
	for _, name := range slices.Sorted(maps.Keys(mods)) {
		if !strings.HasSuffix(name, "_test.rego") {
			user = append(user, mods[name])
		}
	}
	builtin, err := Builtin()
	if err != nil {
		return err
	}
	bp, err := parseAll(builtin, false)
	if err != nil {
		return err
	}
	if err := checkRead(bp, user); err != nil {
		return err
	}
	_, err = userRules(user)
	return err
}

// addBuiltin adds the built-in rules (not their tests) under
// meshlint/policies/, a name no file of the user's can have.
func addBuiltin(mods map[string]*ast.Module) error {
	builtin, err := Builtin()
	if err != nil {
		return err
	}
	for _, m := range builtin {
		name := path.Join("meshlint", "policies", m.Name)
		pm, err := ast.ParseModuleWithOpts(name, m.Source, ast.ParserOptions{RegoVersion: ast.RegoV1})
		if err != nil {
			return fmt.Errorf("compile policies: %w", err)
		}
		mods[name] = pm
	}
	return nil
}

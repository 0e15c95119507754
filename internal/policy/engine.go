// Package policy evaluates Rego rules over the mesh facts. Queries are
// prepared once per process and shared across goroutines.
package policy

import (
	"cmp"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/meshlint/meshlint/policies"
)

// Query collects every finding of every rule package under meshlint.rules.
const Query = "f := data.meshlint.rules[_].findings[_]"

// Engine holds the prepared query.
type Engine struct {
	query rego.PreparedEvalQuery
	// local: only the built-in rules are loaded, and each of them reads one
	// item of one fact list at a time (a hop, a destination...), so the
	// facts can be evaluated in shards. User rules may join across items:
	// with them the facts are evaluated whole.
	local bool
	// user holds the METADATA of the user rules, by ID: a finding that
	// names no severity or name takes the rule's.
	user map[string]UserRule
	// ShardItems is about how many list items one shard holds.
	ShardItems int
	mods       []Module     // as compiled, for the memo's query (memoquery.go)
	filter     prefilter    // which items any rule could find something in, and which lists a rule reads (prefilter.go)
	byItem     sectionQuery // prepared at the first evaluation through a memo
}

// Module is one Rego source file.
type Module struct {
	Name, Source string
}

// New compiles the embedded rules plus the .rego files (tests excluded) of
// userDirs, each of which meshlint must read (User), and prepares the
// query.
func New(ctx context.Context, userDirs []string) (*Engine, error) {
	mods, err := Builtin()
	if err != nil {
		return nil, err
	}
	user, rules, err := User(userDirs)
	if err != nil {
		return nil, err
	}
	mods = append(mods, user...)
	opts := []func(*rego.Rego){rego.Query(Query)}
	for _, m := range mods {
		opts = append(opts, rego.Module(m.Name, m.Source))
	}
	q, err := rego.New(opts...).PrepareForEval(ctx)
	if err != nil {
		return nil, fmt.Errorf("compile policies: %w", err)
	}
	e := &Engine{query: q, local: len(userDirs) == 0, ShardItems: 1500, user: map[string]UserRule{}, mods: mods}
	for _, r := range rules {
		e.user[r.ID] = r
	}
	if e.filter, err = itemFilters(mods); err != nil { // read over user rules too: they may turn filters off
		return nil, err
	}
	return e, nil
}

// EvaluateEveryItem turns the prefilter off (prefilter.go): every item of
// every list is built, converted and evaluated. It is for the oracles the
// prefiltered evaluation is tested against; call it before the engine
// evaluates anything.
func (e *Engine) EvaluateEveryItem() { e.filter = prefilter{} }

// Builtin returns the embedded rule modules, tests excluded.
func Builtin() ([]Module, error) {
	return readFS(policies.FS, ".", false)
}

// BuiltinTests returns the embedded modules including the tests.
func BuiltinTests() ([]Module, error) {
	return readFS(policies.FS, ".", true)
}

func readDir(dir string) ([]Module, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, err
	}
	mods, err := readFS(os.DirFS(dir), ".", false)
	for i := range mods {
		mods[i].Name = filepath.Join(dir, mods[i].Name)
	}
	if err == nil && len(mods) == 0 {
		err = fmt.Errorf("no .rego files")
	}
	return mods, err
}

func readFS(fsys fs.FS, root string, tests bool) ([]Module, error) {
	var out []Module
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".rego") {
			return err
		}
		if !tests && strings.HasSuffix(p, "_test.rego") {
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		out = append(out, Module{Name: p, Source: string(b)})
		return err
	})
	return out, err
}

// Section is one part of the rules' input: a list of Len items built by
// ranges, or, with Len -1, a single value (Build(0, 0)).
type Section struct {
	Name  string
	Len   int
	Build func(lo, hi int) any
}

// Eval runs every rule over the whole input (the facts as Go values). It
// consumes input: list items are released as they are converted, so the
// facts and their OPA form are not both held in memory.
func (e *Engine) Eval(ctx context.Context, input map[string]any) ([]Raw, error) {
	return e.evalWhole(ctx, input)
}

// evalWhole evaluates the input in one evaluation, but for the items no
// rule could find anything in (prefilter.go): user rules may join items,
// and the prefilter keeps every item a join could need.
func (e *Engine) evalWhole(ctx context.Context, input map[string]any) ([]Raw, error) {
	for k, v := range input {
		input[k] = e.filter.keep(k, v)
	}
	v, err := toValue(input)
	if err != nil {
		return nil, fmt.Errorf("convert facts: %w", err)
	}
	return e.run(ctx, v)
}

// evalShard converts and evaluates one shard on the calling goroutine.
func (e *Engine) evalShard(ctx context.Context, shard map[string]any) ([]Raw, error) {
	terms := make([][2]*ast.Term, 0, len(shard))
	for k, v := range shard {
		c := chunks(e.filter.keep(k, v))
		for _, part := range c {
			part.run()
		}
		val, err := join(c)
		if err != nil {
			return nil, fmt.Errorf("convert facts %s: %w", k, err)
		}
		terms = append(terms, [2]*ast.Term{ast.StringTerm(k), ast.NewTerm(val)})
	}
	return e.run(ctx, ast.NewObject(terms...))
}

func (e *Engine) run(ctx context.Context, v ast.Value) ([]Raw, error) {
	return e.runQuery(ctx, e.query, v)
}

func (e *Engine) runQuery(ctx context.Context, q rego.PreparedEvalQuery, v ast.Value) ([]Raw, error) {
	rs, err := q.Eval(ctx, rego.EvalParsedInput(v))
	if err != nil {
		return nil, fmt.Errorf("evaluate policies: %w", err)
	}
	out := make([]Raw, 0, len(rs))
	for _, r := range rs {
		raw, err := decodeRaw(r.Bindings["f"])
		if err != nil {
			return nil, err
		}
		if u, ok := e.user[raw.Rule]; ok {
			raw.Severity = cmp.Or(raw.Severity, u.Severity)
			raw.Name = cmp.Or(raw.Name, u.Name)
		}
		out = append(out, raw)
	}
	return out, nil
}

// Package policy evaluates Rego rules over the mesh facts. Queries are
// prepared once per process and shared across goroutines.
package policy

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/meshlint/meshlint/internal/parallel"

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
	// ShardItems is about how many list items one shard holds.
	ShardItems int
}

// Module is one Rego source file.
type Module struct {
	Name, Source string
}

// New compiles the embedded rules plus the .rego files (tests excluded) of
// userDirs, and prepares the query.
func New(ctx context.Context, userDirs []string) (*Engine, error) {
	mods, err := Builtin()
	if err != nil {
		return nil, err
	}
	for _, d := range userDirs {
		user, err := readDir(d)
		if err != nil {
			return nil, fmt.Errorf("load policies from %s: %w", d, err)
		}
		mods = append(mods, user...)
	}
	opts := []func(*rego.Rego){rego.Query(Query)}
	for _, m := range mods {
		opts = append(opts, rego.Module(m.Name, m.Source))
	}
	q, err := rego.New(opts...).PrepareForEval(ctx)
	if err != nil {
		return nil, fmt.Errorf("compile policies: %w", err)
	}
	return &Engine{query: q, local: len(userDirs) == 0, ShardItems: 1500}, nil
}

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

// EvalSections runs every rule over the input the sections build. With
// the built-in rules alone, which each read one item of one list at a
// time, the input is built, converted and evaluated in shards on every
// core, so only a few shards are ever held in memory; with user rules,
// which may join across items, it is evaluated whole.
func (e *Engine) EvalSections(ctx context.Context, sections []Section) ([]Raw, error) {
	if !e.local {
		input := make(map[string]any, len(sections))
		for _, s := range sections {
			input[s.Name] = s.Build(0, max(s.Len, 0))
		}
		return e.evalWhole(ctx, input)
	}
	n := shardCount(sections, max(e.ShardItems, 1))
	results := make([][]Raw, n)
	errs := make([]error, n)
	parallel.For(n, func(i int) { results[i], errs[i] = e.evalShard(ctx, shard(sections, i, n)) })
	var out []Raw
	for i := range results {
		if errs[i] != nil {
			return nil, errs[i]
		}
		out = append(out, results[i]...)
	}
	return out, nil
}

func shardCount(sections []Section, per int) int {
	total := 0
	for _, s := range sections {
		total += max(s.Len, 0)
	}
	return max(1, (total+per-1)/per)
}

// shard builds shard i of n: the i-th part of every list section, and the
// single-value sections whole.
func shard(sections []Section, i, n int) map[string]any {
	out := make(map[string]any, len(sections))
	for _, s := range sections {
		if s.Len < 0 {
			out[s.Name] = s.Build(0, 0)
			continue
		}
		out[s.Name] = s.Build(i*s.Len/n, (i+1)*s.Len/n)
	}
	return out
}

func (e *Engine) evalWhole(ctx context.Context, input map[string]any) ([]Raw, error) {
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
		c := chunks(v)
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
	rs, err := e.query.Eval(ctx, rego.EvalParsedInput(v))
	if err != nil {
		return nil, fmt.Errorf("evaluate policies: %w", err)
	}
	out := make([]Raw, 0, len(rs))
	for _, r := range rs {
		raw, err := decodeRaw(r.Bindings["f"])
		if err != nil {
			return nil, err
		}
		out = append(out, raw)
	}
	return out, nil
}

// toValue converts the facts to an OPA value once, so that no rule
// re-marshals them. Sections, and chunks of the long lists in them, are
// converted concurrently on every core.
func toValue(input map[string]any) (ast.Value, error) {
	var jobs []*chunk
	sections := make(map[string][]*chunk, len(input))
	for k, v := range input {
		for _, c := range chunks(v) {
			jobs = append(jobs, c)
			sections[k] = append(sections[k], c)
		}
	}
	parallel.For(len(jobs), func(i int) { jobs[i].run() })
	terms := make([][2]*ast.Term, 0, len(input))
	for k, cs := range sections {
		v, err := join(cs)
		if err != nil {
			return nil, fmt.Errorf("section %s: %w", k, err)
		}
		terms = append(terms, [2]*ast.Term{ast.StringTerm(k), ast.NewTerm(v)})
	}
	return ast.NewObject(terms...), nil
}

// chunkSize bounds the items converted by one job.
const chunkSize = 256

type chunk struct {
	in    any // the value, or a part of a list
	list  bool
	out   ast.Value
	items []*ast.Term
	err   error
}

func chunks(v any) []*chunk {
	l, ok := v.([]any)
	if !ok {
		return []*chunk{{in: v}}
	}
	var out []*chunk
	for i := 0; i < len(l); i += chunkSize {
		out = append(out, &chunk{in: l[i:min(i+chunkSize, len(l))], list: true})
	}
	if len(out) == 0 {
		out = append(out, &chunk{in: []any{}, list: true})
	}
	return out
}

func (c *chunk) run() {
	if !c.list {
		c.out, c.err = ast.InterfaceToValue(c.in)
		return
	}
	l := c.in.([]any)
	c.items = make([]*ast.Term, 0, len(l))
	for i, it := range l {
		v, err := ast.InterfaceToValue(it)
		if err != nil {
			c.err = err
			return
		}
		c.items = append(c.items, ast.NewTerm(v))
		l[i] = nil
	}
}

func join(cs []*chunk) (ast.Value, error) {
	if len(cs) == 1 && !cs[0].list {
		return cs[0].out, cs[0].err
	}
	var items []*ast.Term
	for _, c := range cs {
		if c.err != nil {
			return nil, c.err
		}
		items = append(items, c.items...)
	}
	return ast.NewArray(items...), nil
}

package policy

import (
	"fmt"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/meshlint/meshlint/internal/parallel"
)

// chunkSize bounds the items converted by one job.
const chunkSize = 256

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
		c.out, c.err = value(c.in)
		return
	}
	l := c.in.([]any)
	c.items = make([]*ast.Term, 0, len(l))
	conv := getConverter()
	defer putConverter(conv)
	for i, it := range l {
		t, err := conv.term(it)
		if err != nil {
			c.err = err
			return
		}
		c.items = append(c.items, t)
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

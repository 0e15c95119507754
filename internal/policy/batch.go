package policy

import (
	"context"
	"fmt"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
)

// batch is a run of items of one list section the memo did not know,
// evaluated together: with the single-value sections, the other lists
// empty. Its findings are the union of its items', but which item gave
// which finding the rules do not say; so a batch that finds something is
// cut into parts, each evaluated again, down to the items that find
// something. Most items find nothing, so this costs little more than one
// evaluation of the batch.
type batch struct {
	name  string
	base  [][2]*ast.Term // the single-value sections, the other lists empty, the section's name
	query rego.PreparedEvalQuery
	items []any
	keys  []itemKey
	raws  [][]Raw // per item, once evaluated
}

// batches cuts the unknown items of the jobs into batches of about
// ShardItems items of one section.
func (e *Engine) batches(fixed [][2]*ast.Term, sections []Section, jobs []*job) []*batch {
	per := max(e.ShardItems, 1)
	bases := map[int][][2]*ast.Term{}
	var out []*batch
	var cur *batch
	for _, j := range jobs {
		for i, known := range j.known {
			if known {
				continue
			}
			if cur == nil || cur.name != j.name || len(cur.items) >= per {
				if bases[j.section] == nil {
					bases[j.section] = baseOf(fixed, sections, j.section)
				}
				cur = &batch{name: j.name, base: bases[j.section]}
				out = append(out, cur)
			}
			cur.items = append(cur.items, j.items[i])
			cur.keys = append(cur.keys, j.keys[i])
		}
	}
	return out
}

func baseOf(fixed [][2]*ast.Term, sections []Section, k int) [][2]*ast.Term {
	out := append([][2]*ast.Term(nil), fixed...)
	out = append(out, [2]*ast.Term{ast.StringTerm(sectionKey), ast.StringTerm(sections[k].Name)})
	for i, s := range sections {
		if s.Len >= 0 && i != k {
			out = append(out, [2]*ast.Term{ast.StringTerm(s.Name), ast.ArrayTerm()})
		}
	}
	return out
}

// eval converts the batch's items and evaluates them.
func (b *batch) eval(ctx context.Context, e *Engine, q rego.PreparedEvalQuery) error {
	b.query = q
	terms := make([]*ast.Term, len(b.items))
	var conv converter
	for i, it := range b.items {
		t, err := conv.term(it)
		if err != nil {
			return fmt.Errorf("convert facts %s: %w", b.name, err)
		}
		terms[i] = t
	}
	b.items = nil
	b.raws = make([][]Raw, len(terms))
	return b.split(ctx, e, terms, 0)
}

// split evaluates terms (the batch's items from at) and, when they find
// something, its parts: more parts the more they find.
func (b *batch) split(ctx context.Context, e *Engine, terms []*ast.Term, at int) error {
	in := append(b.base[:len(b.base):len(b.base)], [2]*ast.Term{ast.StringTerm(b.name), ast.ArrayTerm(terms...)})
	raws, err := e.runQuery(ctx, b.query, ast.NewObject(in...))
	switch {
	case err != nil:
		return err
	case len(raws) == 0:
		return nil
	case len(terms) == 1:
		b.raws[at] = raws
		return nil
	}
	parts := min(len(terms), max(2, 2*len(raws)))
	for p := range parts {
		lo, hi := p*len(terms)/parts, (p+1)*len(terms)/parts
		if err := b.split(ctx, e, terms[lo:hi], at+lo); err != nil {
			return err
		}
	}
	return nil
}

// found is the batch's findings.
func (b *batch) found() []Raw {
	var out []Raw
	for _, r := range b.raws {
		out = append(out, r...)
	}
	return out
}

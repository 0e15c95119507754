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
// something. That cut evaluates every finding two or three times more,
// and the caller does not need it: the batch's findings are the
// evaluation's. So a batch of several items that finds something is cut
// later, off the caller's path (memo_cut.go), and remembered whole until
// then.
type batch struct {
	name  string
	base  [][2]*ast.Term // the single-value sections, the other lists empty, the section's name
	query rego.PreparedEvalQuery
	items []any
	keys  []itemKey
	raws  [][]Raw // per item, once cut
	whole []Raw   // what the batch found, when it is still to be cut
	terms []*ast.Term
	pause func() // before each evaluation of a cut (nil: none)
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
	conv := getConverter()
	for i, it := range b.items {
		t, err := conv.term(it)
		if err != nil {
			return fmt.Errorf("convert facts %s: %w", b.name, err)
		}
		terms[i] = t
	}
	putConverter(conv)
	b.items = nil
	b.raws = make([][]Raw, len(terms))
	raws, err := b.run(ctx, e, terms)
	if err != nil || len(raws) == 0 || len(terms) == 1 {
		return b.cut(ctx, e, terms, 0, raws, err)
	}
	b.whole, b.terms = raws, terms
	return nil
}

// run evaluates terms, items of the batch.
func (b *batch) run(ctx context.Context, e *Engine, terms []*ast.Term) ([]Raw, error) {
	in := append(b.base[:len(b.base):len(b.base)], [2]*ast.Term{ast.StringTerm(b.name), ast.ArrayTerm(terms...)})
	return e.runQuery(ctx, b.query, ast.NewObject(in...))
}

// split evaluates terms (the batch's items from at) and, when they find
// something, its parts.
func (b *batch) split(ctx context.Context, e *Engine, terms []*ast.Term, at int) error {
	if b.pause != nil {
		b.pause()
	}
	raws, err := b.run(ctx, e, terms)
	return b.cut(ctx, e, terms, at, raws, err)
}

// cut gives what terms found (raws) to its one item, or evaluates its
// parts: more parts the more they found.
func (b *batch) cut(ctx context.Context, e *Engine, terms []*ast.Term, at int, raws []Raw, err error) error {
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
	if b.terms != nil {
		return b.whole
	}
	var out []Raw
	for _, r := range b.raws {
		out = append(out, r...)
	}
	return out
}

package policy

import (
	"context"
	"fmt"
	"strconv"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/parallel"
)

// evalMemo is EvalSections through the memo: the items of every list are
// built, keyed and looked up in parallel jobs; those not found are
// evaluated in batches (batch.go) and remembered. The findings are the
// union of every item's, without repeats, as one whole evaluation gives.
func (e *Engine) evalMemo(ctx context.Context, sections []Section, m *Memo) ([]Raw, error) {
	items := listItems(sections)
	if items == 0 { // no item to key findings by
		return e.EvalSectionsMemo(ctx, sections, nil)
	}
	fixed, names, prefix, err := singles(sections)
	if err != nil {
		return nil, err
	}
	q, err := e.sectionQuery(names)
	if err != nil {
		return nil, err
	}
	m.enter()
	defer m.leave()
	jobs := itemJobs(sections, prefix)
	m.fit(items)
	parallel.For(len(jobs), func(i int) {
		if ctx.Err() == nil {
			jobs[i].look(m, e.filter)
		}
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := newRawSet()
	out.add(groupHits(jobs)...)
	m.count(jobs)
	batches := e.batches(fixed, sections, jobs)
	errs := make([]error, len(batches))
	parallel.For(len(batches), func(i int) { errs[i] = batches[i].eval(ctx, e, q) })
	for _, j := range jobs {
		out.add(j.found...)
	}
	var whole []*batch
	for i, b := range batches {
		if errs[i] != nil {
			return nil, errs[i]
		}
		if b.terms != nil {
			whole = append(whole, b)
		} else {
			m.put(b.keys, b.raws)
		}
		out.add(b.found()...)
	}
	m.deferCuts(e, whole)
	return out.list, nil
}

// singles converts the single-value sections, the same for every item,
// and hashes them into the prefix of every item's key.
func singles(sections []Section) ([][2]*ast.Term, []string, []byte, error) {
	var fixed [][2]*ast.Term
	var names []string
	enc := encoder{bufs: [][]byte{nil}}
	for _, s := range sections {
		if s.Len >= 0 {
			continue
		}
		in := s.Build(0, 0)
		names = append(names, s.Name)
		enc.str('S', s.Name)
		enc.value(in)
		v, err := value(in)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("convert facts %s: %w", s.Name, err)
		}
		fixed = append(fixed, [2]*ast.Term{ast.StringTerm(s.Name), ast.NewTerm(v)})
	}
	return fixed, names, enc.bufs[0], nil
}

// job is a range of one list section: its items, their keys, and what
// the memo knows of them.
type job struct {
	section, lo, hi int
	name            string
	build           func(lo, hi int) any
	prefix          []byte
	items           []any
	keys            []itemKey
	known           []bool
	groups          []*group // of the unknown items still to be cut
	found           []Raw    // the findings of the known items
	skipped         int      // known items no rule could find anything in (not in the memo)
}

func itemJobs(sections []Section, prefix []byte) []*job {
	var jobs []*job
	for i, s := range sections {
		for lo := 0; lo < s.Len; lo += chunkSize {
			p := append(append([]byte(nil), prefix...), 'L')
			p = append(p, s.Name...)
			jobs = append(jobs, &job{section: i, lo: lo, hi: min(lo+chunkSize, s.Len), name: s.Name,
				build: s.Build, prefix: append(p, 0)})
		}
	}
	return jobs
}

// look builds the job's items, keys them and takes the findings of those
// the memo knows. An item no rule could find anything in (f) is known to
// have no findings, without a key.
func (j *job) look(m *Memo, f prefilter) {
	j.items, _ = j.build(j.lo, j.hi).([]any)
	j.known = make([]bool, len(j.items))
	j.groups = make([]*group, len(j.items))
	j.keys = make([]itemKey, len(j.items))
	var enc encoder
	var asked []int
	for i, it := range j.items {
		if !f.pass(j.name, it) {
			j.known[i], j.items[i] = true, nil
			j.skipped++
			continue
		}
		j.keys[i] = enc.key(j.prefix, it)
		asked = append(asked, i)
	}
	keys, known, groups := make([]itemKey, len(asked)), make([]bool, len(asked)), make([]*group, len(asked))
	for a, i := range asked {
		keys[a] = j.keys[i]
	}
	for a, raws := range m.lookup(keys, known, groups) {
		i := asked[a]
		j.known[i], j.groups[i] = known[a], groups[a]
		if known[a] {
			j.found = append(j.found, raws...)
			j.items[i] = nil // not needed any more
		}
	}
}

// rawSet collects findings without repeats.
type rawSet struct {
	seen map[rawID]bool
	list []Raw
}

func newRawSet() *rawSet { return &rawSet{seen: map[rawID]bool{}} }

func (s *rawSet) add(raws ...Raw) {
	for _, r := range raws {
		k := idOf(r)
		if !s.seen[k] {
			s.seen[k] = true
			s.list = append(s.list, r)
		}
	}
}

// rawID is a finding's identity: every field, so that two findings share
// it only when they are equal. The related objects, rare, are written
// out, each field prefixed with its length.
type rawID struct {
	Rule, Name, Severity string
	Object               manifest.Ref
	Line                 int
	Message, Remediation string
	related              string
}

func idOf(r Raw) rawID {
	id := rawID{r.Rule, r.Name, r.Severity, r.Object, r.Line, r.Message, r.Remediation, ""}
	if len(r.Related) > 0 {
		var b []byte
		for _, rel := range r.Related {
			b = appendFields(b, rel.APIVersion, rel.Kind, rel.Namespace, rel.Name)
		}
		id.related = string(b)
	}
	return id
}

func appendFields(b []byte, fields ...string) []byte {
	for _, f := range fields {
		b = strconv.AppendInt(b, int64(len(f)), 10)
		b = append(b, ':')
		b = append(b, f...)
	}
	return b
}

package finding

// Added returns the findings of after that are not in before: what a
// change brings. The admission webhook's verdict (a change is judged by
// the findings it adds) and `meshlint diff` (findings added, and fixed:
// Added(after, before)) share it, so a pull request and an apply are
// judged alike.
//
// A finding is in before by ID (rule, object, message), within the
// groups of one rule, one object and one severity that after holds more
// of than before. Messages quote other objects (an Ingress's host name in
// ML201), so an unrelated change can reword a finding that exists
// already: a group that does not grow holds no new finding. Severity is
// in the group, so a change that turns a finding into an error (naming a
// sniffed port http makes ML201's info an error) is new.
func Added(before, after []Finding) []Finding {
	type group struct {
		rule, kind, namespace, name string // the object as Ref.String names it (ID)
		severity                    Severity
	}
	type keyed struct {
		group
		message string
	}
	groupOf := func(f *Finding) group {
		return group{f.Rule, f.Object.Kind, f.Object.Namespace, f.Object.Name, f.Severity}
	}
	had, keys := map[group]int{}, make(map[keyed]bool, len(before))
	for i := range before {
		g := groupOf(&before[i])
		had[g]++
		keys[keyed{g, before[i].Message}] = true
	}
	has := map[group]int{}
	for i := range after {
		has[groupOf(&after[i])]++
	}
	var out []Finding
	for _, f := range after {
		if g := groupOf(&f); has[g] > had[g] && !keys[keyed{g, f.Message}] {
			out = append(out, f)
		}
	}
	return out
}

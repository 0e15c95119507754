package mesh

import (
	"sort"
	"strings"
)

// drIndex mirrors Istio's destinationRuleIndex (pilot/pkg/model/
// push_context.go setDestinationRules): per namespace the rules visible
// locally, the rules exported to others, and the root namespace's private
// rules; rules of one host and one exportTo merge (destination_rule.go
// mergeDestinationRule, enhanced merge on by default).
type drIndex struct {
	local, exported map[string]*drSet
	rootLocal       *drSet
}

type drSet struct {
	specific, wildcard map[string][]*mergedDR
}

// mergedDR is a consolidated rule: the first rule of the host, with the
// first top-level trafficPolicy any merged rule has.
type mergedDR struct {
	first    *DestRule
	policy   *DestRule // the rule whose trafficPolicy applies, nil if none
	exportTo []string
	selector map[string]string // workloadSelector: applies to the selected clients only
}

// rule is what a lookup reports: the rule whose traffic policy applies,
// else the first one.
func (md *mergedDR) rule() *DestRule {
	if md.policy != nil {
		return md.policy
	}
	return md.first
}

func (m *Model) indexDestRules() {
	ordered := append([]*DestRule(nil), m.DestRules...)
	// Istio: push_context.go sortConfigBySelectorAndCreationTime: rules
	// with a workloadSelector first, then by age.
	sort.SliceStable(ordered, func(i, j int) bool {
		a, b := ordered[i], ordered[j]
		if (a.Selector != nil) != (b.Selector != nil) {
			return a.Selector != nil
		}
		return olderMeta(a.Created, a.Ref.Name, a.Namespace, a.Obj.Index, b.Created, b.Ref.Name, b.Namespace, b.Obj.Index)
	})
	ix := &drIndex{local: map[string]*drSet{}, exported: map[string]*drSet{}, rootLocal: newDRSet()}
	for _, dr := range ordered {
		ns, exp := dr.Namespace, dr.effectiveExportTo()
		if len(exp) == 0 || contains(exp, "*") || contains(exp, ".") || contains(exp, ns) {
			setFor(ix.local, ns).merge(dr)
		}
		private := len(exp) == 1 && (exp[0] == "." || exp[0] == ns)
		switch {
		case !private:
			setFor(ix.exported, ns).merge(dr)
		case ns == m.Settings.RootNamespace:
			ix.rootLocal.merge(dr)
		}
	}
	m.drIx = ix
}

func newDRSet() *drSet {
	return &drSet{specific: map[string][]*mergedDR{}, wildcard: map[string][]*mergedDR{}}
}

func setFor(sets map[string]*drSet, ns string) *drSet {
	if sets[ns] == nil {
		sets[ns] = newDRSet()
	}
	return sets[ns]
}

func (s *drSet) merge(dr *DestRule) {
	table := s.specific
	if strings.HasPrefix(dr.FQDN, "*") {
		table = s.wildcard
	}
	exp := dr.effectiveExportTo()
	for _, md := range table[dr.FQDN] {
		if sameSet(md.exportTo, exp) && sameLabels(md.selector, dr.Selector) {
			if md.policy == nil && dr.HasPolicy {
				md.policy = dr
			}
			return
		}
	}
	md := &mergedDR{first: dr, exportTo: exp, selector: dr.Selector}
	if dr.HasPolicy {
		md.policy = dr
	}
	table[dr.FQDN] = append(table[dr.FQDN], md)
}

// match is Istio's MostSpecificHostMatch: the exact host, else the most
// specific matching wildcard (pilot/pkg/model/config.go).
func (s *drSet) match(fqdn string) []*mergedDR {
	if s == nil {
		return nil
	}
	if mds, ok := s.specific[fqdn]; ok {
		return mds
	}
	var best string
	for h := range s.wildcard {
		if hostMatches(h, fqdn) && (best == "" || len(h) > len(best) || (len(h) == len(best) && h < best)) {
			best = h
		}
	}
	return s.wildcard[best]
}

// effectiveExportTo: a rule with a workloadSelector is never exported to
// other namespaces (push_context.go setDestinationRules: exportTo ".").
func (dr *DestRule) effectiveExportTo() []string {
	if dr.Selector != nil {
		return []string{"."}
	}
	return dr.ExportTo
}

// sameLabels: rules merge only when both have no selector or equal ones
// (destination_rule.go mergeDestinationRule).
func sameLabels(a, b map[string]string) bool {
	if (a == nil) != (b == nil) || len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if bv, ok := b[k]; !ok || bv != v {
			return false
		}
	}
	return true
}

func sameSet(a, b []string) bool {
	as, bs := map[string]bool{}, map[string]bool{}
	for _, x := range a {
		as[x] = true
	}
	for _, x := range b {
		bs[x] = true
	}
	if len(as) != len(bs) {
		return false
	}
	for x := range as {
		if !bs[x] {
			return false
		}
	}
	return true
}

// olderMeta orders configs as Istio does (pilot/pkg/model/config.go
// configCompareByCreationTime: creation time, then name, then namespace).
// A manifest without creationTimestamp is not created yet, so it is newer
// than any that has one; between two without, input order stands in.
func olderMeta(aCreated, aName, aNS string, aIdx int, bCreated, bName, bNS string, bIdx int) bool {
	switch {
	case aCreated != bCreated && aCreated != "" && bCreated != "":
		return aCreated < bCreated
	case aCreated != bCreated:
		return aCreated != ""
	case aCreated != "" && aName != bName:
		return aName < bName
	case aCreated != "" && aNS != bNS:
		return aNS < bNS
	}
	return aIdx < bIdx
}

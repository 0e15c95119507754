package stackdiff

import (
	"slices"
	"strings"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/topology"
)

// Kinds of hop change.
const (
	Changed = "changed"
	Added   = "added"
	Removed = "removed"
)

// HopChange is one hop of the stack, keyed by its client, the object
// that declares it, the Service and the port, whose outcome the change
// alters (or that it adds or removes).
type HopChange struct {
	Change  string       `json:"change"` // changed | added | removed
	Name    string       `json:"hop"`    // "NGINX Ingress -> web:80 (Ingress/blog-system/blog)"
	Source  manifest.Ref `json:"source"` // the client workload, or the class of a controller the inputs lack
	Via     manifest.Ref `json:"via"`    // the Ingress, route, ConfigMap or workload declaring it
	Service manifest.Ref `json:"service"`
	Port    int          `json:"port"`
	Before  *HopState    `json:"before"` // null for an added hop
	After   *HopState    `json:"after"`  // null for a removed hop
}

// HopState is a hop's outcome on one side. A hop reaches every endpoint
// workload of its Service: Outcomes lists the distinct outcomes, worst
// class first in Class.
type HopState struct {
	Outcomes []string `json:"outcomes"` // the model's outcomes (mesh.Out*), sorted
	Label    string   `json:"label"`    // the report's words: "mTLS", "broken (rejected)"
	Class    string   `json:"class"`    // mtls | plaintext | broken | unknown (the worst)
	Why      string   `json:"why"`
}

// hopKey is what identifies a hop across two versions of a stack. Refs
// are compared as Kind/namespace/name: a new apiVersion of the same
// object is the same hop.
type hopKey struct {
	source, via, service string
	port                 int
}

type sideHops struct {
	order []hopKey
	hops  map[hopKey]*HopChange // Before unset: the side's state is in After
	names map[string]string     // node Ref -> label, from the topology
}

// hopStates collects a side's hops by key, in the model's order.
func hopStates(s *Side) *sideHops {
	out := &sideHops{hops: map[hopKey]*HopChange{}, names: map[string]string{}}
	words := outcomeWords(s.Topology)
	for _, n := range s.Topology.Nodes {
		out.names[n.Ref.String()] = n.Label
	}
	for _, h := range s.Model.Hops {
		src := sourceRef(h)
		k := hopKey{src.String(), h.Via.Ref().String(), h.Target.Ref.String(), h.Port.Port}
		hc, ok := out.hops[k]
		if !ok {
			hc = &HopChange{Source: src, Via: h.Via.Ref(), Service: h.Target.Ref, Port: h.Port.Port, After: &HopState{}}
			out.hops[k] = hc
			out.order = append(out.order, k)
		}
		hc.After.add(h, words)
	}
	return out
}

// sourceRef is the node the topology draws a hop's client as.
func sourceRef(h *mesh.Hop) manifest.Ref {
	if h.Source.Workload != nil {
		return h.Source.Workload.Ref
	}
	return h.Source.Ref
}

// outcomeWords maps each outcome of a topology's rows to its words and
// class, as the report prints them.
func outcomeWords(t *topology.Topology) map[string][2]string {
	out := map[string][2]string{}
	for _, h := range t.Hops {
		out[h.Outcome] = [2]string{h.Label, h.Class}
	}
	return out
}

// classRank orders classes worst first.
var classRank = map[string]int{topology.ClassBroken: 0, topology.ClassUnknown: 1, topology.ClassPlaintext: 2, topology.ClassMTLS: 3}

func (st *HopState) add(h *mesh.Hop, words map[string][2]string) {
	if slices.Contains(st.Outcomes, h.Outcome) {
		return
	}
	w, ok := words[h.Outcome]
	if !ok {
		w = [2]string{h.Outcome, topology.ClassUnknown}
	}
	st.Outcomes = append(st.Outcomes, h.Outcome)
	slices.Sort(st.Outcomes)
	if st.Class == "" || classRank[w[1]] < classRank[st.Class] {
		st.Class = w[1]
	}
	st.Label = joinNew(st.Label, w[0], ", ")
	st.Why = joinNew(st.Why, h.Why, "; ")
}

func joinNew(list, item, sep string) string {
	switch {
	case item == "" || slices.Contains(strings.Split(list, sep), item):
		return list
	case list == "":
		return item
	}
	return list + sep + item
}

// compareHops lists the hops whose outcomes differ, then the added and
// the removed ones.
func compareHops(base, head *sideHops) []HopChange {
	var changed, added, removed []HopChange
	for _, k := range head.order {
		after := head.hops[k]
		before, ok := base.hops[k]
		switch {
		case !ok:
			added = append(added, head.change(Added, nil, after))
		case !slices.Equal(before.After.Outcomes, after.After.Outcomes):
			changed = append(changed, head.change(Changed, before, after))
		}
	}
	for _, k := range base.order {
		if _, ok := head.hops[k]; !ok {
			removed = append(removed, base.change(Removed, base.hops[k], nil))
		}
	}
	return append(append(changed, added...), removed...)
}

// change makes the change of a hop from before to after (either nil),
// named with the labels of side s.
func (s *sideHops) change(kind string, before, after *HopChange) HopChange {
	one := after
	if one == nil {
		one = before
	}
	c := *one
	c.Change, c.Before, c.After = kind, nil, nil
	if before != nil {
		c.Before = before.After
	}
	if after != nil {
		c.After = after.After
	}
	src := s.names[c.Source.String()]
	if src == "" {
		src = c.Source.Name
	}
	c.Name = src + " -> " + c.Service.Name + ":" + itoa(c.Port) + " (" + c.Via.String() + ")"
	return c
}

package mesh

import "sort"

// Undecided lists what the model could not decide from the inputs, each
// with the fact that was missing: the rules say nothing (or say so at info
// level) where these apply. `meshlint lint --explain` prints them.
func (m *Model) Undecided() []Problem {
	out := append([]Problem(nil), m.Notes...)
	seen := map[string]bool{}
	for _, in := range m.Ingresses {
		if st := m.controllerFor(in); !st.Known {
			out = append(out, Problem{Object: in.Obj, Line: in.Obj.Line,
				Msg: "whether the ingress controller is meshed is unknown: " + st.Why + " (add its Deployment, or ingressClasses in .meshlint.yaml)"})
		}
	}
	for _, w := range m.Workloads {
		if !w.MeshedKnown && !seen[w.Namespace] {
			seen[w.Namespace] = true
			out = append(out, Problem{Object: w.Obj, Line: w.Obj.Line,
				Msg: "namespace " + w.Namespace + " is not in the inputs, so its injection labels are unknown: its workloads are taken as not meshed (add the Namespace, or assumeInjectedNamespaces in .meshlint.yaml)"})
		}
	}
	for _, h := range m.Hops {
		if h.Outcome == OutUnknown {
			out = append(out, Problem{Object: h.Via, Line: h.ViaLine,
				Msg: h.Source.Ref.String() + " -> " + h.Target.Ref.String() + ": " + h.Why})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Object.File != b.Object.File {
			return a.Object.File < b.Object.File
		}
		return a.Line < b.Line
	})
	return out
}

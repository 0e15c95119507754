package mutate

import (
	"sort"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
)

// Options tune a plan.
type Options struct {
	// ClusterWide says the objects are a whole cluster's state (the
	// webhook's cache). Only then does MM03 judge a DestinationRule whose
	// wildcard host spans namespaces: files seldom hold every namespace
	// such a host covers, and one it misses may run pods without sidecars.
	ClusterWide bool
	// Enabled, when set, says which of MM01-MM03 and MM05 to plan: a mutation the
	// config turns off is neither planned nor assumed by the others (MM03
	// then reads the mesh without MM02's exclusions).
	Enabled func(id string) bool
}

func (o Options) enabled(id string) bool { return o.Enabled == nil || o.Enabled(id) }

// Planned is what one mutation does to one object.
type Planned struct {
	Object   *manifest.Object
	Mutation string // MM01..MM03
	Result   Result
}

// Plan runs MM01-MM03 and MM05 over objs, in input order. MM02 goes first, and the
// others read the mesh as it will be after it: a database that MM02 takes
// out of the mesh must not get ISTIO_MUTUAL from MM03 (that is ML103).
func Plan(objs []*manifest.Object, m *mesh.Model, opts Options) []Planned {
	workloads := make(map[*manifest.Object]*mesh.Workload, len(m.Workloads))
	for _, w := range m.Workloads {
		workloads[w.Obj] = w
	}
	var out []Planned
	for _, o := range objs {
		if w := workloads[o]; w != nil && opts.enabled("MM02") {
			out = appendResult(out, o, "MM02", mm02(o, w, m))
		}
	}
	if len(out) > 0 {
		if mutated, err := Mutated(objs, out); err == nil {
			m = mesh.Build(mutated, m.Settings)
		}
	}
	for _, o := range objs {
		switch {
		case o.Kind == "ConfigMap" && o.APIVersion == "v1" && opts.enabled("MM01"):
			out = appendResult(out, o, "MM01", MM01(o, m))
		case o.Kind == "DestinationRule" && opts.enabled("MM03"):
			out = appendResult(out, o, "MM03", MM03(o, m, opts))
		case o.Kind == "HTTPRoute" && opts.enabled("MM05"):
			out = appendResult(out, o, "MM05", MM05(o, m))
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Object.Index < out[j].Object.Index })
	return out
}

func appendResult(out []Planned, o *manifest.Object, id string, r Result) []Planned {
	if r.Empty() {
		return out
	}
	return append(out, Planned{Object: o, Mutation: id, Result: r})
}

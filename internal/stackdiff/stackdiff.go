// Package stackdiff compares two versions of a stack: what a change does
// to traffic (every hop whose outcome changed, hops added and removed),
// the findings it adds and fixes (finding.Added, the admission webhook's
// comparison), and the mesh coverage before and after. `meshlint diff`
// prints it; the formats are one file each.
package stackdiff

import (
	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/topology"
)

// Side is one version of the stack, linted and modelled.
type Side struct {
	Name     string // what the user named it: a path or a revision
	Model    *mesh.Model
	Topology *topology.Topology
	Findings []finding.Finding
}

// Diff is what a change from Base to Head does.
type Diff struct {
	Base, Head string
	// Hops are the hops whose outcome changed, then those added, then
	// those removed.
	Hops     []HopChange
	Added    []finding.Finding
	Fixed    []finding.Finding
	Coverage [2]topology.Coverage // before, after
	Services [2]int               // Services counted by the coverage, before and after
	// graph is the changed hops as a topology, for the Mermaid graph.
	graph *topology.Topology
}

// Compare computes the diff of two sides.
func Compare(base, head *Side) *Diff {
	d := &Diff{Base: base.Name, Head: head.Name,
		Added: finding.Added(base.Findings, head.Findings),
		Fixed: finding.Added(head.Findings, base.Findings)}
	d.Coverage = [2]topology.Coverage{base.Topology.Scale.Coverage, head.Topology.Scale.Coverage}
	d.Services = [2]int{base.Topology.Scale.Services.Count, head.Topology.Scale.Services.Count}
	d.Hops = compareHops(hopStates(base), hopStates(head))
	d.graph = changedGraph(d.Hops, base.Topology, head.Topology)
	return d
}

// Errors counts the added findings at or above failOn: the change's
// verdict (none fails nothing).
func (d *Diff) Errors(failOn finding.Severity) int {
	n := 0
	for _, f := range d.Added {
		if failOn != finding.None && f.Severity >= failOn {
			n++
		}
	}
	return n
}

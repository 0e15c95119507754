package admission

import (
	"slices"

	"github.com/meshlint/meshlint/internal/validate"
)

// The model groups the meshed client namespaces that no DestinationRule
// names as one ("clients in *", mesh/destinations.go Applications): a
// scope needs one of them for that group to be there as it is in the
// cluster. The engine puts two stand-ins in the scope: namespaces its
// last evaluation of the whole cluster found meshed (Warm), or, before
// there was one, namespaces whose labels ask for sidecar injection. Who
// is meshed is decided within a namespace and the injector's install
// (always in scope), so the model of the scope says whether a stand-in
// is: if none is, the change is evaluated on every namespace.

// standIns picks up to two namespaces outside set: the last whole
// evaluation's meshed ones first, then, where those are fewer than two
// outside set, namespaces asking for injection by label. A change applied
// since that evaluation may have meshed a namespace it did not see (a
// label added): without a stand-in, nothing would check that the "*"
// group is there.
func (e *Engine) standIns(snap Snapshot, set map[string]bool) []string {
	var out []string
	if meshed := e.meshed.Load(); meshed != nil {
		for _, ns := range *meshed {
			if !set[ns] {
				if out = append(out, ns); len(out) == 2 {
					return out
				}
			}
		}
	}
	for _, ns := range snap.InjectedOutside(set, 2) {
		if len(out) < 2 && !slices.Contains(out, ns) {
			out = append(out, ns)
		}
	}
	return out
}

// readsClients: the scope has stand-ins, whose clients the model of the
// state after the change must show (clientsMissing).
func (sc scope) readsClients() bool { return !sc.all && len(sc.standIns) > 0 }

// clientsMissing: the scope has stand-ins and none of them is a meshed
// client in the model of the state after the change.
func clientsMissing(sc scope, ra *validate.Result) bool {
	if !sc.readsClients() || ra.Model == nil {
		return false
	}
	clients := ra.Model.ClientNamespaces()
	for _, ns := range sc.standIns {
		if slices.Contains(clients, ns) {
			return false
		}
	}
	return true
}

package admission

import (
	"maps"
	"slices"
	"strings"

	"github.com/meshlint/meshlint/internal/mesh"
)

// What the Store indexes besides who points where (store.go), for the
// scope of a change (scope.go) to hold what the model reads across
// namespaces:
//   - targets: the namespaces the objects of a namespace point into. A
//     change of a workload changes the calls its namespace's nginx
//     configuration makes, and of a Namespace's labels the rules its
//     DestinationRules apply elsewhere.
//   - wildcard hosts, whose declaring namespaces reach every namespace
//     the wildcard covers.
//   - injected namespaces (a sidecar injection label, and a workload):
//     the model groups the meshed client namespaces no DestinationRule
//     names as one ("clients in *", mesh/destinations.go Applications),
//     so a scope needs one of them to see that group.
//   - namespace-wide PeerAuthentications, and those of them that set no
//     mode: a namespace where every one sets a mode never reads the
//     mesh-wide policy; and namespace default Sidecars: a namespace with
//     one never takes the root's (scope_meshwide.go).
type reach struct {
	targets   counts          // home -> namespaces its objects point into
	workloads map[string]int  // namespace -> workload controllers
	injected  map[string]bool // namespaces whose labels ask for sidecar injection
	widePA    map[string]int  // namespace -> namespace-wide PeerAuthentications
	unsetPA   map[string]int  // namespace -> those of them without a mode
	sidecars  map[string]int  // namespace -> Sidecars without a workloadSelector

	modeReaders, sidecarReaders map[string]bool // the namespaces MeshModeReaders and MeshSidecarReaders list
}

func newReach() reach {
	return reach{targets: counts{}, workloads: map[string]int{}, injected: map[string]bool{},
		widePA: map[string]int{}, unsetPA: map[string]int{}, sidecars: map[string]int{},
		modeReaders: map[string]bool{}, sidecarReaders: map[string]bool{}}
}

// index adds (d = 1) or removes (d = -1) what e contributes.
func (r *reach) index(e *entry, d int) {
	for _, t := range e.targets {
		r.targets.add(e.home, t, d)
	}
	for _, l := range e.allLinks() {
		r.targets.add(l[0], l[1], d)
	}
	switch {
	case e.obj.Kind == "Namespace":
		delete(r.injected, e.obj.Name)
		if d > 0 && asksInjection(e.obj.Labels()) {
			r.injected[e.obj.Name] = true
		}
	case mesh.IsWorkloadKind(e.obj.Kind):
		tally(r.workloads, e.home, d)
	}
	if e.widePA {
		tally(r.widePA, e.home, d)
	}
	if e.unsetPA {
		tally(r.unsetPA, e.home, d)
	}
	if e.sidecar {
		tally(r.sidecars, e.home, d)
	}
}

// tally adds d to the count of k, dropping it at zero.
func tally(m map[string]int, k string, d int) {
	if m[k] += d; m[k] <= 0 {
		delete(m, k)
	}
}

// MeshModeReaders implements Snapshot: every namespace but those whose
// namespace-wide PeerAuthentications all set a mode.
func (s *Store) MeshModeReaders() []string { return s.sortedOf(s.reach.modeReaders) }

// MeshSidecarReaders implements Snapshot: every namespace without a
// default Sidecar of its own.
func (s *Store) MeshSidecarReaders() []string { return s.sortedOf(s.reach.sidecarReaders) }

// Selecting implements Snapshot: the namespaces holding a workload whose
// pod labels sel selects.
func (s *Store) Selecting(sel map[string]string) []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []string
	for ns, es := range s.byNS {
		for _, e := range es {
			if e.labels != nil && mesh.SelectsPod(sel, e.labels) {
				out = append(out, ns)
				break
			}
		}
	}
	slices.Sort(out)
	return out
}

func (s *Store) sortedOf(set map[string]bool) []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return slices.Sorted(maps.Keys(set))
}

// refreshReaders decides again whether ns reads the root namespace's
// PeerAuthentication and Sidecar, after a change of its objects (kept
// up to date so that a request lists the readers without going through
// every namespace). Called with the write lock held.
func (s *Store) refreshReaders(ns string) {
	if ns == "" {
		return
	}
	held := s.byNS[ns] != nil || s.namespaces[ns] != nil // as Namespaces lists them
	mark(s.reach.modeReaders, ns, held && (s.reach.widePA[ns] == 0 || s.reach.unsetPA[ns] > 0))
	mark(s.reach.sidecarReaders, ns, held && s.reach.sidecars[ns] == 0)
}

func mark(set map[string]bool, k string, in bool) {
	if in {
		set[k] = true
	} else {
		delete(set, k)
	}
}

// asksInjection: the labels of Istio's namespace injection webhooks
// (istio-injection=enabled, or a revision).
func asksInjection(labels map[string]string) bool {
	return labels["istio-injection"] == "enabled" || labels["istio-injection"] == "" && labels["istio.io/rev"] != ""
}

// wildcardNamespace reads *.ns.svc.<domain>, whatever the domain.
func wildcardNamespace(host string) (string, bool) {
	rest, ok := strings.CutPrefix(host, "*.")
	ns, svc, _ := strings.Cut(rest, ".")
	return ns, ok && dnsLabel(ns) && strings.HasPrefix(svc, "svc.")
}

// Targets implements Snapshot.
func (s *Store) Targets(ns string) []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.reach.targets.of(ns)
}

// WildcardHosts implements Snapshot.
func (s *Store) WildcardHosts() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return slices.Sorted(maps.Keys(s.wildcards))
}

// InjectedOutside implements Snapshot: the first n, by name, of the
// namespaces asking for injection that hold a workload and are not in
// skip.
func (s *Store) InjectedOutside(skip map[string]bool, n int) []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []string
	for ns := range s.reach.injected {
		if skip[ns] || s.reach.workloads[ns] == 0 {
			continue
		}
		out = insertSorted(out, ns, n)
	}
	return out
}

// insertSorted adds s to the sorted list, kept to its first n.
func insertSorted(list []string, s string, n int) []string {
	i := 0
	for i < len(list) && list[i] < s {
		i++
	}
	if i >= n {
		return list
	}
	list = append(list[:i], append([]string{s}, list[i:]...)...)
	return list[:min(len(list), n)]
}

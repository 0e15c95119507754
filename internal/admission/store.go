package admission

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
)

// Store is the Snapshot the webhook's informer handlers fill with Set and
// Delete: the objects the model reads, by namespace, with the indexes the
// engine scopes a request by. Safe for concurrent use; readers share one
// RWMutex, and a writer holds it only to swap a few map entries.
type Store struct {
	mu         sync.RWMutex
	byNS       map[string]map[string]*entry // namespace -> key -> entry; namespaced objects
	namespaces map[string]*entry            // Namespace objects by name
	classes    map[string]*entry            // what every evaluation reads, by key: cluster-scoped kinds, what the model reads everywhere (mesh.ReadEverywhere)
	referrers  counts                       // target namespace -> namespaces pointing into it
	mentioning counts                       // host -> namespaces naming it
	declaring  counts                       // host -> namespaces declaring it
	wildcards  counts                       // wildcard host -> namespaces declaring it
	ingress    map[string]int               // namespace -> ingress controller workloads and Gateways
	reach      reach                        // store_reach.go
	served     served                       // store_served.go
	order      order                        // every entry by key, for whole-cluster reads (store_order.go)
	changes    atomic.Uint64                // Set and Delete calls so far (Changes)
	id         uint64                       // this Store among the process's (requestKey)
}

// stores numbers the Stores of the process.
var stores atomic.Uint64

// entry is one stored object and what it was indexed under, so that
// Delete and a replacing Set undo exactly that.
type entry struct {
	key        string
	home       string
	obj        *manifest.Object
	hosts      []string // refs.hosts: what the index counts it under
	declared   []string // refs.declared
	targets    []string
	links      *[][2]string // refs.links (nil: none, as for most objects): what it ties between two other namespaces, from -> to
	controller bool
	plane      bool           // runs proxies that serve routes naming no namespace of it (store_served.go)
	gateway    bool           // a Gateway
	route      bool           // a route a controller or Gateway serves (routeKinds)
	relay      bool           // passes hops on (store_served.go relays)
	class      bool           // read by every evaluation (Store.classes)
	widePA     bool           // a namespace-wide PeerAuthentication (mesh.NamespaceWidePeerAuth)
	unsetPA    bool           // one that sets no mode
	sidecar    bool           // a namespace's default Sidecar (mesh.NamespaceDefaultSidecar)
	labels     map[string]any // a workload's pod labels, in its body (mesh.PodLabels)
}

// NewStore returns an empty Store.
func NewStore() *Store {
	return &Store{byNS: map[string]map[string]*entry{}, namespaces: map[string]*entry{},
		classes: map[string]*entry{}, referrers: counts{}, mentioning: counts{},
		declaring: counts{}, wildcards: counts{}, ingress: map[string]int{}, reach: newReach(), served: newServed(),
		order: order{stale: true}, id: stores.Add(1)}
}

// Set adds o or replaces the object of the same group, kind, namespace and
// name. Objects the model does not read are not kept. The Store owns o
// from then on: it must not be modified.
func (s *Store) Set(o *manifest.Object) {
	if o == nil || !Reads(o) {
		return
	}
	o.Sum = contentSum(o)
	e := newEntry(o)
	s.mu.Lock()
	defer s.mu.Unlock()
	was := s.remove(e.key, e.obj)
	s.add(e)
	if was != nil {
		s.order.replaced(e)
	} else {
		s.order.stale = true
	}
	s.refreshReaders(e.home)
	if was == nil || was.obj.Sum != o.Sum { // else only its resourceVersion moved (sum.go)
		s.changes.Add(1)
	}
}

// Delete removes the object of ref's group (from its apiVersion), kind,
// namespace and name.
func (s *Store) Delete(ref manifest.Ref) {
	o := &manifest.Object{APIVersion: ref.APIVersion, Kind: ref.Kind, Namespace: ref.Namespace, Name: ref.Name}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.remove(key(o), o) != nil {
		s.order.stale = true
	}
	s.refreshReaders(home(o))
	s.changes.Add(1)
}

// Changes counts the calls of Set and Delete so far that changed the
// state: a state that did not change keeps its count, and so does a Set
// that changes only an object's resourceVersion (sum.go).
func (s *Store) Changes() uint64 { return s.changes.Load() }

func newEntry(o *manifest.Object) *entry {
	r := refsOf(o)
	plane, gateway := isController(o) || isEnvoyGatewayConfig(o), isGateway(o)
	e := &entry{key: key(o), home: home(o), obj: o, hosts: r.hosts, declared: r.declared, links: linksOf(r),
		controller: plane || gateway || isGatewayDataPlane(o), plane: plane, gateway: gateway, route: isRoute(o), relay: relays(o)}
	wide, set := mesh.NamespaceWidePeerAuth(o)
	e.widePA, e.unsetPA, e.sidecar = wide, wide && !set, mesh.NamespaceDefaultSidecar(o)
	e.labels = mesh.PodLabels(o)
	for _, h := range r.hosts {
		if ns, ok := targetNamespace(h); ok && ns != e.home && !slices.Contains(e.targets, ns) {
			e.targets = append(e.targets, ns)
		}
	}
	for _, h := range r.declared {
		if ns, ok := wildcardNamespace(h); ok && ns != e.home && !slices.Contains(e.targets, ns) {
			e.targets = append(e.targets, ns)
		}
	}
	for _, ns := range r.namespaces {
		if !slices.Contains(e.targets, ns) {
			e.targets = append(e.targets, ns)
		}
	}
	return e
}

// linksOf keeps r's links apart from the entry (an entry of 144 bytes,
// not 160: the Store holds one per object).
func linksOf(r refs) *[][2]string {
	if len(r.links) == 0 {
		return nil
	}
	return &r.links
}

func (e *entry) allLinks() [][2]string {
	if e.links == nil {
		return nil
	}
	return *e.links
}

func (s *Store) add(e *entry) {
	switch {
	case e.obj.Kind == "Namespace":
		s.namespaces[e.obj.Name] = e
	case e.home == "" || mesh.ReadEverywhere(e.obj):
		e.class = true
		s.classes[e.key] = e
	default:
		if s.byNS[e.home] == nil {
			s.byNS[e.home] = map[string]*entry{}
		}
		s.byNS[e.home][e.key] = e
	}
	s.index(e, 1)
}

// remove takes the entry of k out and returns it (nil: there was none).
func (s *Store) remove(k string, o *manifest.Object) *entry {
	e, class := s.classes[k]
	switch ns := mesh.NamespaceOf(o); {
	case o.Kind == "Namespace":
		e = s.namespaces[o.Name]
		delete(s.namespaces, o.Name)
	case class: // found by key: whether o is read everywhere may take its body, or have changed
		delete(s.classes, k)
	default:
		e = s.byNS[ns][k]
		delete(s.byNS[ns], k)
		if len(s.byNS[ns]) == 0 {
			delete(s.byNS, ns)
		}
	}
	if e != nil {
		s.index(e, -1)
	}
	return e
}

// index adds (d = 1) or removes (d = -1) what e is indexed under.
func (s *Store) index(e *entry, d int) {
	for _, t := range e.targets {
		s.referrers.add(t, e.home, d)
	}
	for _, l := range e.allLinks() {
		s.referrers.add(l[1], l[0], d)
	}
	for _, h := range e.hosts {
		s.mentioning.add(h, e.home, d)
	}
	for _, h := range e.declared {
		if strings.HasPrefix(h, "*") {
			s.wildcards.add(h, e.home, d)
		} else {
			s.declaring.add(h, e.home, d)
		}
	}
	s.reach.index(e, d)
	s.served.index(e, d)
	if e.controller {
		tally(s.ingress, e.home, d)
	}
}

// Objects implements Snapshot: the objects of the namespaces and those
// every evaluation reads, in key order. A scope of most namespaces is
// read off the whole order (store_order.go) instead of sorted again.
func (s *Store) Objects(namespaces []string) []*manifest.Object {
	s.mu.RLock()
	defer s.mu.RUnlock()
	want := make(map[string]bool, len(namespaces))
	for _, ns := range namespaces {
		want[ns] = true
	}
	var es []*entry
	if 4*len(want) >= len(s.byNS) {
		for _, e := range s.order.all(s) {
			if e.class || want[e.home] {
				es = append(es, e)
			}
		}
	} else {
		es = s.gather(want)
	}
	out := make([]*manifest.Object, len(es))
	for i, e := range es {
		out[i] = e.obj
	}
	return out
}

// gather collects the entries of the namespaces in want and those every
// evaluation reads, sorted by key.
func (s *Store) gather(want map[string]bool) []*entry {
	var es []*entry
	for ns := range want {
		if e := s.namespaces[ns]; e != nil {
			es = append(es, e)
		}
		for _, e := range s.byNS[ns] {
			es = append(es, e)
		}
	}
	for _, e := range s.classes {
		es = append(es, e)
	}
	slices.SortFunc(es, func(a, b *entry) int { return strings.Compare(a.key, b.key) })
	return es
}

// Namespaces implements Snapshot: the namespaces that hold objects or
// have a Namespace object, sorted.
func (s *Store) Namespaces() []string {
	s.mu.RLock()
	out := make([]string, 0, len(s.byNS)+len(s.namespaces))
	for ns := range s.byNS {
		out = append(out, ns)
	}
	for ns := range s.namespaces {
		if s.byNS[ns] == nil {
			out = append(out, ns)
		}
	}
	s.mu.RUnlock()
	sort.Strings(out)
	return out
}

// Referrers implements Snapshot.
func (s *Store) Referrers(ns string) []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.referrers.of(ns)
}

// Mentioning implements Snapshot; a wildcard host (*.example.com) lists
// the namespaces naming any host it covers.
func (s *Store) Mentioning(host string) []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if !strings.HasPrefix(host, "*") {
		return s.mentioning.of(host)
	}
	var out []string
	for h := range s.mentioning {
		if mesh.HostMatches(host, h) {
			out = appendNew(out, s.mentioning.of(h)...)
		}
	}
	return out
}

// Declaring implements Snapshot.
func (s *Store) Declaring(host string) []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := s.declaring.of(host)
	for w := range s.wildcards {
		if mesh.HostMatches(w, host) {
			out = appendNew(out, s.wildcards.of(w)...)
		}
	}
	return out
}

// IngressNamespaces implements Snapshot.
func (s *Store) IngressNamespaces() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]string, 0, len(s.ingress))
	for ns := range s.ingress {
		out = append(out, ns)
	}
	sort.Strings(out)
	return out
}

// Len is the number of objects stored.
func (s *Store) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	n := len(s.namespaces) + len(s.classes)
	for _, objs := range s.byNS {
		n += len(objs)
	}
	return n
}

// counts maps a key to the namespaces that hold it, each with a count of
// the objects that do. Most keys (a host, a target namespace) are held by
// one namespace: that one is kept in the entry itself, and a map is made
// only for the others (about 300 bytes each, for every host a cluster
// names).
type counts map[string]holders

type holders struct {
	ns   string         // one namespace holding the key (n > 0)
	n    int            // its count
	more map[string]int // the others, nil while there are none
}

func (c counts) add(k, ns string, d int) {
	h := c[k] // n == 0: no namespace holds k, and more is nil
	switch {
	case h.n > 0 && h.ns == ns:
		h.n += d
	case h.n > 0:
		if h.more == nil && d < 0 {
			return
		}
		if h.more == nil {
			h.more = map[string]int{}
		}
		if h.more[ns] += d; h.more[ns] <= 0 {
			delete(h.more, ns)
		}
	case d > 0:
		h.ns, h.n = ns, d
	default:
		return
	}
	if h.n <= 0 { // the namespace kept here left: another takes its place
		h.ns, h.n = "", 0
		for ns, n := range h.more {
			h.ns, h.n = ns, n
			delete(h.more, ns)
			break
		}
	}
	if len(h.more) == 0 {
		h.more = nil
	}
	if h.n == 0 {
		delete(c, k)
		return
	}
	c[k] = h
}

func (c counts) of(k string) []string {
	h, ok := c[k]
	if !ok {
		return []string{}
	}
	out := make([]string, 0, 1+len(h.more))
	out = append(out, h.ns)
	for ns := range h.more {
		out = append(out, ns)
	}
	sort.Strings(out)
	return out
}

func appendNew(out []string, add ...string) []string {
	for _, s := range add {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

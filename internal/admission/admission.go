// Package admission is the webhook's engine, free of HTTP and of the
// cluster client: a request and a snapshot of the cluster state in, a
// verdict out. Validation is the diff of the findings of (cluster state +
// this change) over those of (cluster state), evaluated on the scope the
// change can influence; mutation runs internal/mutate and answers with the
// mutated object. The CLI and the webhook share internal/validate and
// internal/mutate: one engine, one verdict.
//
// The webhook builds one Engine (New) and one Store, fills the Store from
// its informers (Set, Delete; ObjectFromMap for cached maps), and calls
// Validate and Mutate with the Store as the Snapshot. An error wrapping
// ErrBadObject is the request's fault (answer it as a bad request, or
// allow it with a warning under a lenient policy); any other error is the
// evaluation failing (a deadline), for failurePolicy to decide.
package admission

import (
	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/manifest"
)

// Snapshot is the cluster state a request is evaluated against, as the
// webhook's informer cache holds it. Store is the implementation; the
// methods after Referrers tell the engine the rest of the scope a change
// can influence (scope.go).
type Snapshot interface {
	// Objects returns the objects of the given namespaces, plus the
	// cluster-scoped objects the model reads: the Namespace objects of
	// those namespaces, every IngressClass and MutatingWebhookConfiguration,
	// and the sidecar injector's istio-sidecar-injector ConfigMaps wherever
	// they are (they decide who has a sidecar in every namespace). The
	// order is stable. The returned objects must not be modified.
	Objects(namespaces []string) []*manifest.Object
	// Namespaces lists every namespace the snapshot holds.
	Namespaces() []string
	// Referrers lists the namespaces whose objects point into ns (an nginx
	// proxy_pass, a DestinationRule or VirtualService host, an Ingress
	// backend, a URL in a workload's settings): a change in ns can change
	// their findings.
	Referrers(ns string) []string
	// Mentioning lists the namespaces whose objects name host (a
	// lowercase DNS name with a dot: a URL's host, a proxy_pass target, a
	// route destination).
	Mentioning(host string) []string
	// Declaring lists the namespaces whose ServiceEntries,
	// DestinationRules or VirtualServices declare a host that covers host
	// (wildcards included).
	Declaring(host string) []string
	// IngressNamespaces lists the namespaces running ingress controllers.
	IngressNamespaces() []string
	// Targets lists the namespaces the objects of ns point into.
	Targets(ns string) []string
	// WildcardHosts lists the wildcard hosts declared anywhere.
	WildcardHosts() []string
	// InjectedOutside lists up to n namespaces not in skip whose labels
	// ask for sidecar injection and which hold a workload.
	InjectedOutside(skip map[string]bool, n int) []string
	// MeshModeReaders lists the namespaces where a workload's mTLS mode
	// can come from the mesh-wide PeerAuthentication: every namespace but
	// those whose namespace-wide PeerAuthentications all set a mode.
	MeshModeReaders() []string
	// MeshSidecarReaders lists the namespaces whose workloads can take the
	// root namespace's default Sidecar: those without one of their own.
	MeshSidecarReaders() []string
	// Selecting lists the namespaces holding a workload whose pod labels
	// sel selects.
	Selecting(sel map[string]string) []string
	// Served lists the namespaces whose hops the proxies that ns runs or
	// holds the Gateways of carry, and those they point into (the routes
	// of an ingress controller's class, a Gateway's attached routes).
	Served(ns string) []string
	// Relays says whether ns holds an object that passes the hops
	// reaching it on (an ExternalName Service, an nginx sending its
	// client's Host on): the scope follows them one namespace further.
	Relays(ns string) bool
	// HostPeers lists the namespaces whose routes join ns's by the host
	// they declare (F5's VirtualServer and the VirtualServerRoutes its
	// routeSelector selects), and those calling an address (a ClusterIP)
	// of ns's Services.
	HostPeers(ns string) []string
}

// Operation is the admission operation.
type Operation string

// Operations the webhooks take.
const (
	Create Operation = "CREATE"
	Update Operation = "UPDATE"
	Delete Operation = "DELETE"
)

// Request is one admission request, decoded.
type Request struct {
	UID       string
	Operation Operation
	Namespace string
	Name      string
	Kind      string // the object's kind (admission request kind.kind); a kind meshlint never reads is allowed undecoded
	Object    []byte // the new object as JSON (nil on DELETE)
	OldObject []byte // the old object as JSON (nil on CREATE)
	DryRun    bool
	// OwnerVerified says the caller found the object's controller owner
	// (a Pod's ReplicaSet) with the uid its reference names: only then is
	// an object a workload controller created left to its controller's
	// template. Anyone can write an owner reference.
	OwnerVerified bool
}

// Verdict is the answer to a validating request.
type Verdict struct {
	Allowed  bool
	Message  string   // when denied: every new error, its ID, what breaks and the fix
	Warnings []string // new warnings, within the API server's limits
	Errors   []string // IDs of the new errors (for metrics)
	// Findings are the new findings the verdict rests on, with the
	// severity they were answered with (warn mode makes an error a
	// warning), for metrics and logs.
	Findings []finding.Finding
	// Skipped says why the request was allowed without evaluation (a kind
	// the model does not read, a namespace that opted out, an object
	// being deleted); empty when it was evaluated.
	Skipped string
	// Ignored lists the rules whose findings a meshlint.io/ignore
	// annotation waived (as the webhook's config allows): the webhook
	// records each use (audit annotation, metric, log).
	Ignored []string
	// Unjudgeable says the change was denied because the rules cannot
	// read part of it (webhook.unjudgeable: deny); Message says what.
	Unjudgeable bool
}

// Mutation is the answer to a mutating request: the webhook answers with
// admission.PatchResponseFromRaw(request object, Mutated) and Changes as
// warnings.
type Mutation struct {
	Mutated  []byte   // the mutated object as JSON; nil when nothing changes
	Changes  []string // one short reason per change (admission warnings, annotation)
	Mutators []string // IDs of the mutations applied (for metrics)
}

// Package admission is the webhook's engine, free of HTTP and of the
// cluster client: a request and a snapshot of the cluster state in, a
// verdict out. Validation is the diff of the findings of (cluster state +
// this change) over those of (cluster state), evaluated on the scope the
// change can influence; mutation runs internal/mutate and answers with the
// mutated object. The CLI and the webhook share internal/validate and
// internal/mutate: one engine, one verdict.
package admission

import (
	"github.com/meshlint/meshlint/internal/manifest"
)

// Snapshot is the cluster state a request is evaluated against, as the
// webhook's informer cache holds it.
type Snapshot interface {
	// Objects returns the objects of the given namespaces, plus the
	// cluster-scoped objects the model reads (Namespaces, IngressClasses).
	// The returned objects must not be modified.
	Objects(namespaces []string) []*manifest.Object
	// Namespaces lists every namespace the snapshot holds.
	Namespaces() []string
	// Referrers lists the namespaces whose objects point into ns (an nginx
	// proxy_pass, a DestinationRule or VirtualService host, an Ingress
	// backend, a URL in a workload's settings): a change in ns can change
	// their findings.
	Referrers(ns string) []string
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
	Kind      string // the object's kind (admission request kind.kind)
	Object    []byte // the new object as JSON (nil on DELETE)
	OldObject []byte // the old object as JSON (nil on CREATE)
	DryRun    bool
}

// Verdict is the answer to a validating request.
type Verdict struct {
	Allowed  bool
	Message  string   // when denied: every new error, its ID, what breaks and the fix
	Warnings []string // new warnings, within the API server's limits
	Errors   []string // IDs of the new errors (for metrics)
}

// Mutation is the answer to a mutating request.
type Mutation struct {
	Mutated  []byte   // the mutated object as JSON; nil when nothing changes
	Changes  []string // one short reason per change (admission warnings, annotation)
	Mutators []string // IDs of the mutations applied (for metrics)
}

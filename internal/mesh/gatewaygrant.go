package mesh

import "github.com/meshlint/meshlint/internal/manifest"

// ReferenceGrant lets objects of other namespaces refer to objects of its
// own (gateway-api apis/v1beta1/referencegrant_types.go): a route's
// backendRef into another namespace is valid only when a grant there has
// a from entry for the route's group, kind and namespace and a to entry
// for the Service (any name when to.name is empty). Without one the
// route's ResolvedRefs condition is False with reason RefNotPermitted and
// requests to that backend get 500 (apis/v1/httproute_types.go
// HTTPRouteRule.BackendRefs: "500 status codes MUST be returned for
// requests that would have otherwise been routed to an invalid backend").
type ReferenceGrant struct {
	Obj       *manifest.Object
	Ref       manifest.Ref
	Namespace string
	From      []grantFrom
	To        []grantTo
}

type grantFrom struct{ Group, Kind, Namespace string }

type grantTo struct{ Group, Kind, Name string }

func newReferenceGrant(o *manifest.Object, ns string) *ReferenceGrant {
	g := &ReferenceGrant{Obj: o, Ref: o.Ref(), Namespace: ns}
	g.Ref.Namespace = ns
	for _, f := range listAt(body(o), "spec", "from") {
		fm := asMap(f)
		g.From = append(g.From, grantFrom{strAt(fm, "group"), strAt(fm, "kind"), strAt(fm, "namespace")})
	}
	for _, t := range listAt(body(o), "spec", "to") {
		tm := asMap(t)
		g.To = append(g.To, grantTo{strAt(tm, "group"), strAt(tm, "kind"), strAt(tm, "name")})
	}
	return g
}

func (g *ReferenceGrant) permits(r *Route, b BackendRef) bool {
	from, to := false, false
	for _, f := range g.From {
		from = from || (f.Group == gatewayAPIGroup && f.Kind == r.Kind && f.Namespace == r.Namespace)
	}
	for _, t := range g.To {
		to = to || (t.Group == b.Group && t.Kind == b.Kind && (t.Name == "" || t.Name == b.Name))
	}
	return from && to
}

// Permission is whether a backendRef may be followed.
type Permission struct {
	Permitted bool
	Known     bool // false when the target namespace is not in the inputs
	Grant     *ReferenceGrant
	Why       string
}

// permitted decides backendRef b of route r: same namespace, or a
// ReferenceGrant in the target namespace.
func (m *Model) permitted(r *Route, b BackendRef) Permission {
	if b.Namespace == r.Namespace {
		return Permission{Permitted: true, Known: true}
	}
	for _, g := range m.grants[b.Namespace] {
		if g.permits(r, b) {
			return Permission{Permitted: true, Known: true, Grant: g, Why: "permitted by " + g.Ref.String()}
		}
	}
	why := "no ReferenceGrant in namespace " + b.Namespace + " lets " + r.Kind + "s of " + r.Namespace + " refer to " + b.Kind + " " + b.Name
	// A namespace the inputs hold objects of is taken as complete for
	// its ReferenceGrants; of one they hold nothing of, nothing is known.
	if !m.HasNamespace(b.Namespace) {
		return Permission{Known: false, Why: why + ", and the inputs hold nothing of namespace " + b.Namespace}
	}
	return Permission{Known: true, Why: why}
}

// BackendTLSPolicy makes the gateway originate TLS (not Istio mTLS) to
// the Services it targets (gateway-api apis/v1/backendtlspolicy_types.go).
type BackendTLSPolicy struct {
	Obj       *manifest.Object
	Ref       manifest.Ref
	Namespace string
	Targets   []string // Service names of spec.targetRefs
	Hostname  string   // spec.validation.hostname: the SNI it sends
}

func newBackendTLSPolicy(o *manifest.Object, ns string) *BackendTLSPolicy {
	p := &BackendTLSPolicy{Obj: o, Ref: o.Ref(), Namespace: ns, Hostname: strAt(body(o), "spec", "validation", "hostname")}
	p.Ref.Namespace = ns
	for _, t := range listAt(body(o), "spec", "targetRefs") {
		if tm := asMap(t); strAt(tm, "group") == "" && strAt(tm, "kind") == "Service" {
			p.Targets = append(p.Targets, strAt(tm, "name"))
		}
	}
	return p
}

// backendTLS is the BackendTLSPolicy targeting Service ns/name, if any.
func (m *Model) backendTLS(ns, name string) *BackendTLSPolicy {
	for _, p := range m.backendTLSs {
		for _, t := range p.Targets {
			if p.Namespace == ns && t == name {
				return p
			}
		}
	}
	return nil
}

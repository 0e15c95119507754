package mesh

import (
	"strconv"
	"strings"

	"github.com/meshlint/meshlint/internal/manifest"
)

// Route is an HTTPRoute, GRPCRoute, TLSRoute or TCPRoute
// (gateway-api apis/v1/httproute_types.go, grpcroute_types.go,
// apis/v1alpha2/tlsroute_types.go, tcproute_types.go).
type Route struct {
	Obj       *manifest.Object
	Ref       manifest.Ref
	Namespace string
	Kind      string
	Hostnames []string // spec.hostnames; none for TCPRoute
	Parents   []ParentRef
	Backends  []BackendRef
	// Attachments are its parentRefs' fates (gatewayattach.go), set
	// before the hops are built.
	Attachments []Attachment
}

// ParentRef is one spec.parentRefs entry. Group and kind default to
// gateway.networking.k8s.io Gateway, namespace to the route's
// (shared_types.go ParentReference).
type ParentRef struct {
	Group, Kind, Namespace, Name string
	Section                      string // sectionName: a listener's name
	Port                         int    // 0: any listener port
	Line                         int
}

// BackendRef is one backendRefs entry of a route rule. Group "" and kind
// Service are the defaults, the namespace is the route's; weight defaults
// to 1 and 0 sends nothing (shared_types.go BackendRef, BackendObjectReference).
type BackendRef struct {
	Group, Kind, Namespace, Name string
	Port                         int // required for a Service
	Weight                       int
	Line                         int
	Host                         Host // a Host the rule's filters set; Origin "" for none
}

// IsService reports whether the backendRef names a core Service.
func (b BackendRef) IsService() bool { return b.Group == "" && b.Kind == "Service" }

func newRoute(o *manifest.Object, ns string) *Route {
	r := &Route{Obj: o, Ref: o.Ref(), Namespace: ns, Kind: o.Kind,
		Hostnames: stringList(listAt(body(o), "spec", "hostnames"))}
	r.Ref.Namespace = ns
	for i, p := range listAt(body(o), "spec", "parentRefs") {
		r.Parents = append(r.Parents, parentRef(asMap(p), ns, o.FieldLine("spec", "parentRefs", strconv.Itoa(i))))
	}
	for i, rule := range listAt(body(o), "spec", "rules") {
		r.Backends = append(r.Backends, r.ruleBackends(asMap(rule), i)...)
	}
	return r
}

func parentRef(p map[string]any, ns string, line int) ParentRef {
	pr := ParentRef{Group: strAt(p, "group"), Kind: strAt(p, "kind"), Namespace: strAt(p, "namespace"),
		Name: strAt(p, "name"), Section: strAt(p, "sectionName"), Line: line}
	pr.Port, _ = intAt(p, "port")
	if _, set := p["group"]; !set {
		pr.Group = gatewayAPIGroup
	}
	if pr.Kind == "" {
		pr.Kind = "Gateway"
	}
	if pr.Namespace == "" {
		pr.Namespace = ns
	}
	return pr
}

func (r *Route) ruleBackends(rule map[string]any, i int) []BackendRef {
	ruleHost := r.filterHost(listAt(rule, "filters"), []string{"spec", "rules", strconv.Itoa(i), "filters"})
	var out []BackendRef
	for j, b := range listAt(rule, "backendRefs") {
		bm := asMap(b)
		path := []string{"spec", "rules", strconv.Itoa(i), "backendRefs", strconv.Itoa(j)}
		br := BackendRef{Group: strAt(bm, "group"), Kind: strAt(bm, "kind"), Namespace: strAt(bm, "namespace"),
			Name: strAt(bm, "name"), Weight: 1, Line: r.Obj.FieldLine(path...), Host: ruleHost}
		br.Port, _ = intAt(bm, "port")
		if w, ok := intAt(bm, "weight"); ok {
			br.Weight = w
		}
		if br.Kind == "" {
			br.Kind = "Service"
		}
		if br.Namespace == "" {
			br.Namespace = r.Namespace
		}
		if h := r.filterHost(listAt(bm, "filters"), append(path, "filters")); h.Origin != "" {
			br.Host = h
		}
		out = append(out, br)
	}
	return out
}

// filterHost is the Host a rule's (or backendRef's) filters set: a
// URLRewrite hostname (httproute_types.go HTTPURLRewriteFilter.Hostname)
// or a RequestHeaderModifier that sets Host (header names are
// case-insensitive, HTTPHeaderName). The last one wins, as filters apply
// in order.
func (r *Route) filterHost(filters []any, path []string) Host {
	var h Host
	for k, f := range filters {
		fm := asMap(f)
		at := append(append([]string{}, path...), strconv.Itoa(k))
		if v := strAt(fm, "urlRewrite", "hostname"); v != "" && strAt(fm, "type") == "URLRewrite" {
			h = Host{Value: v, Resolved: v, Origin: "urlrewrite", Line: r.Obj.FieldLine(append(at, "urlRewrite", "hostname")...)}
		}
		if strAt(fm, "type") != "RequestHeaderModifier" {
			continue
		}
		for n, s := range listAt(fm, "requestHeaderModifier", "set") {
			if sm := asMap(s); strings.EqualFold(strAt(sm, "name"), "Host") {
				v := strAt(sm, "value")
				h = Host{Value: v, Resolved: v, Origin: "header-modifier",
					Line: r.Obj.FieldLine(append(at, "requestHeaderModifier", "set", strconv.Itoa(n))...)}
			}
		}
	}
	return h
}

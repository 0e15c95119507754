package mesh

import (
	"slices"
	"strings"
)

// Attachment is what became of one parentRef of a route: the Gateway it
// names, the listeners that took the route and, when none did, why
// (the Accepted condition's reasons: NoMatchingParent,
// NotAllowedByListeners, NoMatchingListenerHostname; gateway-api
// apis/v1/shared_types.go RouteConditionReason).
type Attachment struct {
	Parent    ParentRef
	Gateway   *Gateway // nil when the inputs lack it
	Listeners []*Listener
	Hostnames []string // the hostnames served: route's ∩ listeners' ("" = any)
	Known     bool     // false when it rests on something the inputs lack
	Reason    string
	Why       string
}

// Attached reports whether a listener took the route.
func (a Attachment) Attached() bool { return len(a.Listeners) > 0 }

// attach decides parent p of route r as the spec says (ParentReference,
// Listener.AllowedRoutes, Listener.Hostname): the listeners named by
// sectionName and port, of those the ones that admit the route's
// namespace and kind, of those the ones whose hostname intersects the
// route's hostnames.
func (m *Model) attach(r *Route, p ParentRef) Attachment {
	a := m.parentOf(p)
	if a.Gateway == nil {
		return a
	}
	named := a.Gateway.named(p)
	if len(named) == 0 {
		a.Reason, a.Why = "NoMatchingParent", "no listener of "+a.Gateway.Ref.String()+" has "+parentWords(p)
		return a
	}
	var allowed []*Listener
	for _, l := range named {
		ok, known := m.admits(l, a.Gateway, r)
		a.Known = a.Known && known
		if ok {
			allowed = append(allowed, l)
		}
	}
	if len(allowed) == 0 {
		a.Reason, a.Why = "NotAllowedByListeners", m.notAllowedWhy(a.Gateway, named, r)
		return a
	}
	a.hostnames(allowed, r)
	return a
}

// parentOf resolves a parentRef to an ingress Gateway of the inputs; the
// other parents (a Service of a mesh route, a waypoint, a Gateway the
// inputs lack) leave Gateway nil, with why.
func (m *Model) parentOf(p ParentRef) Attachment {
	a := Attachment{Parent: p, Gateway: m.gateways[nsName{p.Namespace, p.Name}], Known: true}
	switch {
	case p.Group != gatewayAPIGroup || p.Kind != "Gateway":
		a.Gateway, a.Reason, a.Why = nil, "NotAGateway", "parent "+p.Kind+" "+p.Name+" is not a Gateway (a mesh route)"
	case m.waypoints[nsName{p.Namespace, p.Name}] != nil:
		a.Reason, a.Why = "Waypoint", "parent "+p.Namespace+"/"+p.Name+" is a waypoint (waypoint.go)"
	case a.Gateway == nil:
		a.Known, a.Why = false, "Gateway "+p.Namespace+"/"+p.Name+" is not in the inputs"
	}
	return a
}

// hostnames keeps the listeners whose hostname intersects the route's.
func (a *Attachment) hostnames(allowed []*Listener, r *Route) {
	for _, l := range allowed {
		if hs, ok := intersect(l.Hostname, r); ok {
			a.Listeners = append(a.Listeners, l)
			a.Hostnames = appendNewHosts(a.Hostnames, hs)
		}
	}
	if len(a.Listeners) == 0 {
		a.Reason = "NoMatchingListenerHostname"
		a.Why = "no hostname of " + r.Ref.String() + " (" + strings.Join(r.Hostnames, ", ") + ") matches a listener hostname of " + a.Gateway.Ref.String()
	}
}

// named are the listeners a parentRef selects by sectionName and port.
func (g *Gateway) named(p ParentRef) []*Listener {
	var out []*Listener
	for _, l := range g.Listeners {
		if (p.Section == "" || p.Section == l.Name) && (p.Port == 0 || p.Port == l.Port) {
			out = append(out, l)
		}
	}
	return out
}

func parentWords(p ParentRef) string {
	var w []string
	if p.Section != "" {
		w = append(w, "name "+p.Section)
	}
	if p.Port != 0 {
		w = append(w, "port "+itoa(p.Port))
	}
	return strings.Join(w, " and ")
}

// admits: allowedRoutes.namespaces.from Same (the Gateway's namespace),
// All, or Selector (the route namespace's labels); and the route's kind
// among allowedRoutes.kinds. known is false when a Selector meets a
// namespace the inputs do not declare.
func (m *Model) admits(l *Listener, g *Gateway, r *Route) (ok, known bool) {
	if !slices.Contains(l.Kinds, r.Kind) {
		return false, true
	}
	switch l.From {
	case "All":
		return true, true
	case "Selector":
		ns := m.Namespaces[r.Namespace]
		if ns == nil || !ns.Declared {
			return false, false
		}
		return l.sel.matches(withNameLabel(ns.Labels, r.Namespace)), true
	}
	return r.Namespace == g.Namespace, true
}

func (m *Model) notAllowedWhy(g *Gateway, ls []*Listener, r *Route) string {
	l := ls[0]
	if !slices.Contains(l.Kinds, r.Kind) {
		return "listener " + quoteOr(l.Name, "(unnamed)") + " of " + g.Ref.String() + " takes " + strings.Join(l.Kinds, ", ") + ", not " + r.Kind
	}
	switch l.From {
	case "Selector":
		if ns := m.Namespaces[r.Namespace]; ns == nil || !ns.Declared {
			return "listener " + l.Name + " of " + g.Ref.String() + " takes routes from namespaces selected by " + l.sel.String() + ", and namespace " + r.Namespace + " is not in the inputs"
		}
		return "listener " + l.Name + " of " + g.Ref.String() + " takes routes from namespaces selected by " + l.sel.String() + ", which does not select " + r.Namespace
	}
	return "listener " + l.Name + " of " + g.Ref.String() + " takes routes from its own namespace only (allowedRoutes.namespaces.from: Same), not from " + r.Namespace
}

package admission

import (
	"net/netip"
	"slices"
	"strings"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/tree"
)

// refs is what an object says about other namespaces and hosts: what the
// Store indexes (Referrers, Mentioning, Declaring) and what the engine
// looks up for the object under review (scope.go).
type refs struct {
	// hosts are the dotted DNS names the object mentions anywhere in its
	// strings, lowercase: a URL's host in an env value, a proxy_pass or
	// upstream server in nginx text, a route destination, an annotation
	// such as upstream-vhost. Reading every string, not known fields,
	// keeps the index simple and errs on the side of a wider scope: a
	// name that is no host (index.html) only names a namespace that does
	// not exist.
	hosts []string
	// declared are the hosts a ServiceEntry, DestinationRule or
	// VirtualService declares (spec.host, spec.hosts), lowercase, with a
	// dot or a wildcard: short names stay in the object's own namespace.
	declared []string
	// namespaces are those a Gateway API object or an ingress
	// controller's own object names in a namespace field
	// (refs_controllers.go namedNamespaces), and the namespace of a
	// waypoint that its labels (its pod template's too) use
	// (mesh.UseWaypointNamespaceLabel).
	namespaces []string
	// links are what o ties between two other namespaces: an Istio
	// object exported by name (exportTo) to a namespace, for a host of
	// another, makes that namespace a client of the host's
	// (mesh/destinations.go specialClients), as if the host's namespace
	// pointed into it.
	links [][2]string
}

// skipped are the fields that never name a host (and can be large).
var skipped = map[string]bool{"apiVersion": true, "managedFields": true, "status": true, lastApplied: true}

// lastApplied is kubectl's copy of the object: the same hosts again.
const lastApplied = "kubectl.kubernetes.io/last-applied-configuration"

func refsOf(o *manifest.Object) refs {
	var r refs
	seen := map[string]bool{}
	walkStrings(o.Body, func(s string) {
		scanHosts(s, func(h string) {
			if !seen[h] {
				seen[h] = true
				r.hosts = append(r.hosts, h)
			}
		})
	})
	if isIstio(o.APIVersion) || isF5Host(o) {
		r.declared = declaredHosts(o)
	}
	r.declared = append(r.declared, clusterIPs(o)...)
	r.namespaces = namedNamespaces(o)
	walkKeys(o.Body, func(key, value string) {
		if key == mesh.UseWaypointNamespaceLabel {
			r.namespaces = withNamespace(r.namespaces, o, value)
		}
	})
	exported := exportedTo(o)
	for _, ns := range exported {
		r.namespaces = withNamespace(r.namespaces, o, ns)
	}
	r.links = exportLinks(r.declared, exported)
	return r
}

// exportLinks ties the namespace of each declared host (svc.ns names and
// *.ns.svc wildcards) to each namespace the object is exported to.
func exportLinks(declared, exported []string) [][2]string {
	var out [][2]string
	for _, h := range declared {
		from, ok := targetNamespace(h)
		if !ok {
			from, ok = wildcardNamespace(h)
		}
		if !ok {
			continue
		}
		for _, to := range exported {
			if dnsLabel(to) && to != from && !slices.Contains(out, [2]string{from, to}) {
				out = append(out, [2]string{from, to})
			}
		}
	}
	return out
}

// exportedTo lists the namespaces o is exported to by name: an Istio
// object's spec.exportTo, a Service's networking.istio.io/exportTo
// annotation (mesh/exportto.go). Their clients' hops read it.
func exportedTo(o *manifest.Object) []string {
	if o.Kind == "Service" {
		v, _ := tree.Map(o.Body, "metadata", "annotations")[mesh.ExportToAnnotation].(string)
		out := strings.Split(v, ",")
		for i := range out {
			out[i] = strings.TrimSpace(out[i])
		}
		return out
	}
	if !isIstio(o.APIVersion) {
		return nil
	}
	var out []string
	for _, v := range tree.List(o.Body, "spec", "exportTo") {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func walkStrings(v any, f func(string)) {
	switch v := v.(type) {
	case string:
		f(v)
	case map[string]any:
		for k, x := range v {
			if !skipped[k] {
				walkStrings(x, f)
			}
		}
	case []any:
		for _, x := range v {
			walkStrings(x, f)
		}
	}
}

// scanHosts calls add with every token of s that reads as a DNS name with
// a dot.
func scanHosts(s string, add func(string)) {
	start := -1
	for i := 0; i <= len(s); i++ {
		if i < len(s) && hostByte(s[i]) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			if h, ok := hostToken(s[start:i]); ok {
				add(h)
			}
			start = -1
		}
	}
}

func hostByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-'
}

// hostToken keeps a token with at least two labels whose first holds a
// letter (not a version such as 1.27 or an address), lowercased; a
// leading dot (what is left of "*.") and a trailing one (an absolute name)
// are dropped.
func hostToken(t string) (string, bool) {
	t = strings.Trim(t, ".")
	if len(t) > 253 || !strings.Contains(t, ".") || strings.Contains(t, "..") {
		return "", false
	}
	if ipv4(t) { // a call by a Service's ClusterIP (mesh/hosts.go svcByIP)
		return t, true
	}
	first, _, _ := strings.Cut(t, ".")
	if strings.IndexFunc(first, func(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }) < 0 {
		return "", false
	}
	return strings.ToLower(t), true
}

// targetNamespace is the namespace a host names as svc.ns[.svc[.domain]],
// if its second label can be one.
func targetNamespace(host string) (string, bool) {
	labels := strings.SplitN(host, ".", 3)
	if len(labels) < 2 || !dnsLabel(labels[1]) {
		return "", false
	}
	return labels[1], true
}

func dnsLabel(s string) bool {
	if s == "" || len(s) > 63 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

func declaredHosts(o *manifest.Object) []string {
	spec, _ := o.Body["spec"].(map[string]any)
	var hosts []any
	switch o.Kind {
	case "DestinationRule":
		hosts = []any{spec["host"]}
	case "VirtualService", "ServiceEntry":
		hosts, _ = spec["hosts"].([]any)
	case "VirtualServer", "VirtualServerRoute": // F5: a VirtualServer takes the routes of its host (routeSelector, route)
		hosts = []any{spec["host"]}
	}
	var out []string
	for _, h := range hosts {
		s, _ := h.(string)
		s = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(s), "."))
		if (strings.Contains(s, ".") || strings.HasPrefix(s, "*")) && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// isF5Host: o is an F5 VirtualServer or VirtualServerRoute, which
// declare the host they serve.
func isF5Host(o *manifest.Object) bool {
	return (o.Kind == "VirtualServer" || o.Kind == "VirtualServerRoute") && controllerGroup(o.APIVersion)
}

func isIstio(apiVersion string) bool {
	return strings.HasPrefix(apiVersion, "networking.istio.io/") || strings.HasPrefix(apiVersion, "security.istio.io/")
}

// ipv4: t is a dotted-quad address.
func ipv4(t string) bool {
	a, err := netip.ParseAddr(t)
	return err == nil && a.Is4()
}

// clusterIPs are the addresses a Service declares (spec.clusterIP and
// clusterIPs): a client calling one calls it.
func clusterIPs(o *manifest.Object) []string {
	if o.Kind != "Service" || o.APIVersion != "v1" {
		return nil
	}
	var out []string
	for _, v := range append([]any{tree.String(o.Body, "spec", "clusterIP")}, tree.List(o.Body, "spec", "clusterIPs")...) {
		if ip, _ := v.(string); ipv4(ip) && !slices.Contains(out, ip) {
			out = append(out, ip)
		}
	}
	return out
}

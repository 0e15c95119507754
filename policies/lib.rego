# METADATA
# title: helpers shared by the built-in rules
package meshlint.lib

# ref renders Kind/namespace/name (Kind/name when cluster-scoped).
ref(r) := sprintf("%s/%s/%s", [r.kind, r.namespace, r.name]) if r.namespace != ""

ref(r) := sprintf("%s/%s", [r.kind, r.name]) if r.namespace == ""

# host_words describes the Host header a hop carries.
host_words(h) := sprintf("Host %s (the client's external name)", [h.value]) if {
	h.external
	h.resolved == ""
}

host_words(h) := sprintf("Host %s (the client's external name, %s)", [h.value, h.resolved]) if {
	h.external
	h.resolved != ""
	h.value != h.resolved
}

host_words(h) := sprintf("Host %q (the client's external name)", [h.value]) if {
	h.external
	h.value == h.resolved
}

host_words(h) := sprintf("Host %q", [h.resolved]) if {
	not h.external
	h.value == h.resolved
}

host_words(h) := sprintf("Host %s = %q", [h.value, h.resolved]) if {
	not h.external
	h.value != h.resolved
}

# clients describes the client namespaces of a destinations entry, and the
# workloadSelector of its DestinationRule when it has one.
clients(a) := concat(", ", a.clients) if object.get(a, "client_selector", null) == null

clients(a) := sprintf("%s, only workloads with %s", [concat(", ", a.clients), concat(",", [sprintf("%s=%s", [k, v]) | some k, v in a.client_selector])]) if object.get(a, "client_selector", null) != null

# dest names the host of a destinations entry, and its subset when a mesh
# VirtualService routes to one.
dest(a) := a.fqdn if object.get(a, "subset", null) == null

dest(a) := sprintf("%s subset %s", [a.fqdn, a.subset]) if object.get(a, "subset", null) != null

# ambient(x) holds for a hop end or endpoint that ztunnel captures
# (its dataplane is "ambient"; mesh-semantics §11).
ambient(x) if x.dataplane == "ambient"

# proxy(x) names what intercepts x's traffic in messages.
proxy(x) := "ztunnel" if ambient(x)

proxy(x) := "sidecar" if not ambient(x)

# through_waypoint(h) holds for a hop that goes through a waypoint.
through_waypoint(h) if h.waypoint != null

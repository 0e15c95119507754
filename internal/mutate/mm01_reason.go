package mutate

import (
	"fmt"
	"strings"

	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/nginx"
)

// mm01Reason is the one sentence of a change: the location, the Host it
// sent and where that went, the Host it sends now, and what else was
// written to keep the rest as it was.
func mm01Reason(h *mesh.Hop, done nginx.Rewritten) string {
	var extras []string
	if from := done.CopiedFrom; from != nil {
		extras = append(extras, fmt.Sprintf("the %s's proxy_set_header list is copied into the location first, so its other headers stay as they were", levelName(from)))
	}
	if len(done.Inlined) > 0 {
		extras = append(extras, fmt.Sprintf("%s, which held the old Host, is written out in the location instead of included, so the file stays as others use it", strings.Join(done.Inlined, ", ")))
	}
	if done.AddedForwardedHost {
		extras = append(extras, "X-Forwarded-Host "+done.ForwardedValue+" keeps the client's name")
	}
	s := fmt.Sprintf("location %s sent %s to Service %s/%s port %d, which the sidecar routes to %s; it now sends Host %s",
		done.Location.Written(), oldHost(h), h.Target.Namespace, h.Target.Name, h.Port.Port, routedTo(h), done.Host)
	for _, e := range extras {
		s += "; " + e
	}
	return s + "."
}

// oldHost names the Host the hop carried: the directive's value, with what
// it resolved to when that differs.
func oldHost(h *mesh.Hop) string {
	v, r := h.Host.Value, h.Host.Resolved
	switch {
	case h.Host.Origin == "nginx-default" && r != "":
		return "nginx's default Host $proxy_host (" + r + ")"
	case r != "" && r != v:
		return "Host " + v + " (" + r + ")"
	}
	return "Host " + v
}

func routedTo(h *mesh.Hop) string {
	switch h.HostMatch {
	case mesh.RouteBlackhole:
		return "BlackHoleCluster (502)"
	case mesh.RouteMisrouted:
		if h.RoutedTo != nil {
			return "Service " + h.RoutedTo.Namespace + "/" + h.RoutedTo.Name + " instead"
		}
		return "another Service"
	}
	return "PassthroughCluster (no mTLS, no telemetry)"
}

func levelName(d *nginx.Directive) string {
	if d.Name == "location" {
		return "enclosing location"
	}
	return d.Name
}

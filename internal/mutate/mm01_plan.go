package mutate

import (
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/nginx"
)

// mm01Plan is one location to fix: the rewrite, and the unsafe hop that
// calls for it (for the reason).
type mm01Plan struct {
	rw  nginx.HostRewrite
	hop *mesh.Hop
}

// mm01Plans picks the locations of cm to fix, in config order: only
// locations written in a file of cm are edited.
func mm01Plans(nc *mesh.NginxConfig, cm *manifest.Object, m *mesh.Model) []mm01Plan {
	hops := map[*nginx.Directive][]*mesh.Hop{}
	for _, p := range nc.Proxies {
		hops[p.Directive] = nc.HopsOf(p.Directive)
	}
	var plans []mm01Plan
	seen := map[*nginx.Directive]bool{}
	for _, p := range nc.Proxies {
		if p.GRPC || p.Stream || p.Location == nil || seen[p.Location] {
			continue
		}
		if o, _ := nc.Origin(p.Location); o == nil || o.Name != cm.Name {
			continue
		}
		bad := unsafeHop(hops[p.Directive])
		if bad == nil {
			continue
		}
		seen[p.Location] = true
		if !sharedAlike(p.Location, bad.Target, hops) {
			continue
		}
		plans = append(plans, mm01Plan{
			rw:  nginx.HostRewrite{Location: p.Location, Proxy: p.Directive, Host: m.SuggestedHost(bad)},
			hop: bad,
		})
	}
	return dropCovered(plans)
}

// unsafeHop returns the first hop whose Host the client sidecar cannot
// route to its Service, as ML201 (error) and ML202 report it: a meshed
// client whose sidecar handles the hop, an explicitly HTTP port (on a
// sniffed one any Host reaches the Service today), and the Host matching
// no virtual host of a meshed target (Passthrough/BlackHoleCluster) or
// the virtual host of another Service.
func unsafeHop(hs []*mesh.Hop) *mesh.Hop {
	for _, h := range hs {
		if !h.Source.Meshed || h.Bypass != "" || !h.Port.Protocol.IsHTTP() {
			continue
		}
		switch h.HostMatch {
		case mesh.RoutePassthrough, mesh.RouteBlackhole:
			if h.Target.MeshedEndpoints() > 0 {
				return h
			}
		case mesh.RouteMisrouted:
			return h
		}
	}
	return nil
}

// sharedAlike reports whether every proxy_pass that takes the location's
// proxy_set_header list (an `if` in it, a nested location without its own
// list) goes to the same Service: a Host set there is sent by all of
// them, and one Host cannot be right for two Services, nor judged for a
// destination the model does not know.
func sharedAlike(loc *nginx.Directive, target *mesh.Service, hops map[*nginx.Directive][]*mesh.Hop) bool {
	for _, d := range nginx.HeaderUsers(loc) {
		hs := hops[d]
		if len(hs) == 0 {
			return false
		}
		for _, h := range hs {
			if h.Target != target {
				return false
			}
		}
	}
	return true
}

// dropCovered drops a plan for a location whose proxy already takes the
// list of another planned location around it: fixing the outer one fixes
// it too, with fewer lines.
func dropCovered(plans []mm01Plan) []mm01Plan {
	users := map[*nginx.Directive]*nginx.Directive{}
	for _, p := range plans {
		for _, d := range nginx.HeaderUsers(p.rw.Location) {
			users[d] = p.rw.Location
		}
	}
	var out []mm01Plan
	for _, p := range plans {
		if owner := users[p.rw.Proxy]; owner != nil && owner != p.rw.Location {
			continue
		}
		out = append(out, p)
	}
	return out
}

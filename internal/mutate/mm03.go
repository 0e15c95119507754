package mutate

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
)

// MM03 (destination-rule-istio-mutual) gives a DestinationRule that sets
// no tls trafficPolicy.tls.mode ISTIO_MUTUAL, when every endpoint it
// applies to has a sidecar that captures the port. A rule without tls
// shadows any wider ISTIO_MUTUAL rule, as rules do not inherit
// (docs/mesh-semantics.md §6, ML104); ISTIO_MUTUAL towards an endpoint
// without a sidecar fails the handshake (ML103), so one such endpoint is
// enough to leave the rule alone.
//
// A portLevelSettings entry replaces the top-level policy whole for its
// port (pilot/pkg/networking/util/util.go GetPortLevelTrafficPolicy), so
// the top-level tls is judged on the ports without an entry, and an entry
// without tls gets its own ISTIO_MUTUAL, judged on its port. An explicit
// tls, at either level, is never changed.
//
// Only the rules that lookups return are changed: adding a traffic policy
// to a rule whose merged twin holds the policy would displace it
// (destination_rule.go mergeDestinationRule), so that rule is not one the
// lookups return and is left alone.
func MM03(o *manifest.Object, m *mesh.Model, opts Options) Result {
	d := destRuleOf(o, m)
	if d == nil || !hostJudgeable(d, m, opts) || !policyWritable(o.Body) {
		return Result{}
	}
	apps := applying(d, m)
	var r Result
	if !explicitTLS(o.Body) {
		var top []mesh.Application
		for _, a := range apps {
			if _, ok := d.PortLevel[a.Port.Port]; !ok {
				top = append(top, a)
			}
		}
		istioMutual(&r, o, []string{"spec", "trafficPolicy"}, top, "trafficPolicy.tls.mode")
	}
	for i, pl := range listAt(o.Body, "spec", "trafficPolicy", "portLevelSettings") {
		n, first := firstEntryPort(o.Body, i)
		if !first || has(asMap(pl), "tls") {
			continue
		}
		var port []mesh.Application
		for _, a := range apps {
			if a.Port.Port == n {
				port = append(port, a)
			}
		}
		istioMutual(&r, o, []string{"spec", "trafficPolicy", "portLevelSettings", strconv.Itoa(i)}, port,
			fmt.Sprintf("tls.mode of its portLevelSettings entry for port %d", n))
	}
	return r
}

// istioMutual sets tls.mode ISTIO_MUTUAL under at (what names it for
// people) when the rule applies to apps and all their endpoints have
// sidecars.
func istioMutual(r *Result, o *manifest.Object, at []string, apps []mesh.Application, what string) {
	if len(apps) == 0 {
		return
	}
	for _, a := range apps {
		if !allCaptured(a) {
			return
		}
	}
	path := append(append([]string{}, at...), "tls", "mode")
	r.Edits = append(r.Edits, Edit{Kind: SetField, Path: path, Value: "ISTIO_MUTUAL"})
	r.Changes = append(r.Changes, Change{Mutation: "MM03", Object: o.Ref(), Line: o.FieldLine(at...),
		Reason: fmt.Sprintf("sets no tls for %s, where every endpoint has a sidecar: mTLS rests on auto mTLS and any wider ISTIO_MUTUAL rule is shadowed; "+
			"%s ISTIO_MUTUAL pins it", describe(apps), what)})
}

func destRuleOf(o *manifest.Object, m *mesh.Model) *mesh.DestRule {
	for _, d := range m.DestRules {
		if d.Obj == o {
			return d
		}
	}
	return nil
}

// hostJudgeable: the inputs hold every Service the host can name. A
// wildcard over several namespaces (*.local, *.svc.cluster.local, *) also
// covers namespaces the files do not hold, unless the objects are a whole
// cluster; a host that a ServiceEntry shares is outside the mesh's
// Services altogether.
func hostJudgeable(d *mesh.DestRule, m *mesh.Model, opts Options) bool {
	if d.FQDN == "" {
		return false
	}
	if strings.HasPrefix(d.FQDN, "*") && !opts.ClusterWide {
		ns, ok := strings.CutSuffix(strings.TrimPrefix(d.FQDN, "*."), ".svc."+m.Settings.ClusterDomain)
		if !ok || ns == "" || strings.Contains(ns, ".") || !m.HasNamespace(ns) {
			return false
		}
	}
	for _, se := range m.ServiceEntries {
		for _, h := range se.Hosts {
			if h = strings.ToLower(h); mesh.HostMatches(d.FQDN, h) || mesh.HostMatches(h, d.FQDN) {
				return false
			}
		}
	}
	return true
}

// explicitTLS: any non-null tls the user wrote, even one Istio would not
// accept, is theirs.
func explicitTLS(body map[string]any) bool {
	return mapAt(body, "spec", "trafficPolicy")["tls"] != nil
}

// policyWritable: trafficPolicy is absent, null or a map.
func policyWritable(body map[string]any) bool {
	v, ok := mapAt(body, "spec")["trafficPolicy"]
	_, isMap := v.(map[string]any)
	return !ok || v == nil || isMap
}

// applying lists the Service ports (per client group) whose lookup returns d.
func applying(d *mesh.DestRule, m *mesh.Model) []mesh.Application {
	var out []mesh.Application
	for _, s := range m.Services {
		if !mesh.HostMatches(d.FQDN, m.FQDN(s.Namespace, s.Name)) {
			continue
		}
		for _, a := range m.Applications(s) {
			if a.DestRule == d {
				out = append(out, a)
			}
		}
	}
	return out
}

// firstEntryPort returns the port of portLevelSettings entry i and whether
// it is the first entry for that port, the one Istio applies.
func firstEntryPort(body map[string]any, i int) (int, bool) {
	entries := listAt(body, "spec", "trafficPolicy", "portLevelSettings")
	n, ok := number(mapAt(asMap(entries[i]), "port")["number"])
	if !ok {
		return 0, false
	}
	for _, e := range entries[:i] {
		if p, ok := number(mapAt(asMap(e), "port")["number"]); ok && p == n {
			return n, false
		}
	}
	return n, true
}

// allCaptured: the Service has known endpoints and the sidecar of each
// captures the port (the endpoints' "captured" fact, which ML103 and ML104
// read). Unknown endpoints may be outside the mesh.
func allCaptured(a mesh.Application) bool {
	if len(a.Service.Workloads) == 0 {
		return false
	}
	for _, w := range a.Service.Workloads {
		cp, ok := a.Port.ContainerPort(w)
		if !ok || !w.Meshed || !w.Inbound.Captures(cp) {
			return false
		}
	}
	return true
}

func describe(apps []mesh.Application) string {
	var parts []string
	seen := map[string]bool{}
	for _, a := range apps {
		p := fmt.Sprintf("%s port %d", a.Service.Ref, a.Port.Port)
		if !seen[p] {
			seen[p] = true
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

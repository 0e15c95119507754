package mesh

import (
	"net/netip"
	"strconv"
	"strings"
)

const (
	annInject           = "sidecar.istio.io/inject"
	annIncludeInbound   = "traffic.sidecar.istio.io/includeInboundPorts"
	annExcludeInPorts   = "traffic.sidecar.istio.io/excludeInboundPorts"
	annExcludeOutPorts  = "traffic.sidecar.istio.io/excludeOutboundPorts"
	annExcludeOutRanges = "traffic.sidecar.istio.io/excludeOutboundIPRanges"
)

// decideMesh sets whether the workload has a sidecar.
// Istio: pkg/config/analysis/analyzers/util/in_mesh.go inMesh (container,
// then pod label, then pod annotation, then namespace labels), after the
// injector's own exclusions in pkg/kube/inject/webhook.go injectRequired
// (hostNetwork pods and kube-system / kube-public are never injected).
func (m *Model) decideMesh(w *Workload) {
	w.Meshed, w.MeshedReason, w.MeshedKnown = m.inMesh(w)
	if w.Meshed {
		w.Inbound = parseInbound(w.Annotations)
		w.Outbound = parseOutbound(w.Annotations)
	}
}

func (m *Model) inMesh(w *Workload) (bool, string, bool) {
	for _, c := range w.Containers {
		if c.Name == "istio-proxy" {
			return true, "has an istio-proxy container", true
		}
	}
	if w.NativeSidecar {
		return true, "has an istio-proxy init container", true
	}
	if w.HostNetwork {
		return false, "uses the host network (never injected)", true
	}
	if w.Namespace == "kube-system" || w.Namespace == "kube-public" {
		return false, "namespace " + w.Namespace + " is never injected", true
	}
	if v, ok := parseInject(w.Labels); ok {
		return v, "pod label " + annInject + "=" + w.Labels[annInject], true
	}
	if v, ok := parseInject(w.Annotations); ok {
		return v, "pod annotation " + annInject + "=" + w.Annotations[annInject], true
	}
	return m.namespaceInjection(w.Namespace)
}

func (m *Model) namespaceInjection(name string) (bool, string, bool) {
	ns := m.namespace(name)
	if v, ok := ns.injection(); ok {
		return v, "namespace " + name + " injection labels", true
	}
	for _, a := range m.Settings.AssumeInjected {
		if a == name {
			return true, "namespace " + name + " assumed injected (config)", ns.Declared
		}
	}
	if !ns.Declared {
		return false, "namespace " + name + " is not in the inputs (taken as not injected)", false
	}
	return false, "namespace " + name + " has no injection label", true
}

// parseInject reads sidecar.istio.io/inject: only "true" and "false"
// decide; any other value falls back to the namespace default
// (pkg/kube/inject/inject.go injectRequired).
func parseInject(m map[string]string) (bool, bool) {
	switch m[annInject] {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// InboundCapture says which inbound ports the sidecar intercepts.
// Istio: tools/istio-iptables (includeInboundPorts "*" = all, "" = none;
// excludeInboundPorts removes ports).
type InboundCapture struct {
	Only     map[int]bool // nil = every port
	Excluded map[int]bool
}

// Captures reports whether inbound traffic to the container port goes
// through the sidecar.
func (ic InboundCapture) Captures(port int) bool {
	if ic.Excluded[port] {
		return false
	}
	return ic.Only == nil || ic.Only[port]
}

func parseInbound(ann map[string]string) InboundCapture {
	var ic InboundCapture
	if v, ok := ann[annIncludeInbound]; ok && strings.TrimSpace(v) != "*" {
		ic.Only = portSet(v)
	}
	ic.Excluded = portSet(ann[annExcludeInPorts])
	return ic
}

func portSet(s string) map[int]bool {
	out := map[int]bool{}
	for _, p := range splitList(s) {
		if n, err := strconv.Atoi(p); err == nil {
			out[n] = true
		}
	}
	return out
}

// OutboundCapture describes which outbound traffic bypasses the sidecar.
type OutboundCapture struct {
	ExcludedPorts map[int]bool
	ExcludedCIDRs []netip.Prefix
	ExcludeAll    bool // "*" or a range covering every address
}

func parseOutbound(ann map[string]string) OutboundCapture {
	var oc OutboundCapture
	oc.ExcludedPorts = portSet(ann[annExcludeOutPorts])
	for _, r := range splitList(ann[annExcludeOutRanges]) {
		if r == "*" {
			oc.ExcludeAll = true
			continue
		}
		if pfx, err := netip.ParsePrefix(r); err == nil {
			oc.ExcludedCIDRs = append(oc.ExcludedCIDRs, pfx)
			oc.ExcludeAll = oc.ExcludeAll || pfx.Bits() == 0
		}
	}
	return oc
}

// Bypasses reports whether traffic to port at one of ips skips the sidecar.
// ips are the destination's known addresses (ClusterIPs or nothing).
func (oc OutboundCapture) Bypasses(port int, ips []string) bool {
	if oc.ExcludeAll || oc.ExcludedPorts[port] {
		return true
	}
	for _, ip := range ips {
		a, err := netip.ParseAddr(ip)
		if err != nil {
			continue
		}
		for _, p := range oc.ExcludedCIDRs {
			if p.Contains(a) {
				return true
			}
		}
	}
	return false
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

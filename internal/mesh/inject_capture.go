package mesh

import (
	"net/netip"
	"strconv"
	"strings"
)

const (
	annIncludeInbound   = "traffic.sidecar.istio.io/includeInboundPorts"
	annExcludeInPorts   = "traffic.sidecar.istio.io/excludeInboundPorts"
	annExcludeOutPorts  = "traffic.sidecar.istio.io/excludeOutboundPorts"
	annExcludeOutRanges = "traffic.sidecar.istio.io/excludeOutboundIPRanges"
)

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

package mesh

import (
	"strconv"
	"strings"

	"github.com/meshlint/meshlint/internal/manifest"
)

// DestRule is a DestinationRule as the client sidecar applies it.
type DestRule struct {
	Obj       *manifest.Object
	Ref       manifest.Ref
	Namespace string
	Host      string // as written
	FQDN      string // resolved in the DR's namespace
	ExportTo  []string
	TLS       *TLSSetting         // top-level trafficPolicy.tls
	PortLevel map[int]*PortPolicy // trafficPolicy.portLevelSettings by port number
	Selector  map[string]string   // workloadSelector.matchLabels
	Subsets   []Subset
	HasPolicy bool   // has a top-level trafficPolicy
	Created   string // creationTimestamp, when the manifest has it
	hostLine  int    // of spec.host (read as built: body.go)
}

// TLSSetting is a client TLS setting and the line it is written on.
type TLSSetting struct {
	Mode string
	Line int
}

// PortPolicy is one portLevelSettings entry; TLS is nil when it has none.
type PortPolicy struct {
	TLS  *TLSSetting
	Line int
}

func newDestRule(o *manifest.Object, ns, domain string) *DestRule {
	dr := &DestRule{Obj: o, Ref: o.Ref(), Namespace: ns, Host: strAt(body(o), "spec", "host"),
		ExportTo: stringList(listAt(body(o), "spec", "exportTo")),
		Selector: stringMap(mapAt(body(o), "spec", "workloadSelector", "matchLabels"))}
	dr.Ref.Namespace = ns
	dr.hostLine = o.FieldLine("spec", "host")
	if dr.Selector == nil && mapAt(body(o), "spec", "workloadSelector") != nil {
		dr.Selector = map[string]string{} // an empty selector selects every workload
	}
	dr.FQDN = shortNameFQDN(dr.Host, ns, domain)
	dr.HasPolicy = mapAt(body(o), "spec", "trafficPolicy") != nil
	dr.Created = strAt(body(o), "metadata", "creationTimestamp")
	if tls := mapAt(body(o), "spec", "trafficPolicy", "tls"); tls != nil {
		dr.TLS = &TLSSetting{Mode: orDefault(strAt(tls, "mode"), "DISABLE"), Line: o.FieldLine("spec", "trafficPolicy", "tls", "mode")}
	}
	dr.PortLevel = portLevel(o, listAt(body(o), "spec", "trafficPolicy", "portLevelSettings"), "spec", "trafficPolicy")
	dr.parseSubsets()
	return dr
}

// portLevel reads portLevelSettings at path: the first entry for a port
// applies (networking/util GetPortLevelTrafficPolicy).
func portLevel(o *manifest.Object, entries []any, path ...string) map[int]*PortPolicy {
	var out map[int]*PortPolicy
	for i, p := range entries {
		pm, _ := p.(map[string]any)
		n, ok := intAt(pm, "port", "number")
		if !ok {
			continue
		}
		if out == nil {
			out = map[int]*PortPolicy{}
		}
		if _, dup := out[n]; dup {
			continue
		}
		at := append(append([]string(nil), path...), "portLevelSettings", strconv.Itoa(i))
		pp := &PortPolicy{Line: o.FieldLine(at...)}
		if tls := mapAt(pm, "tls"); tls != nil {
			pp.TLS = &TLSSetting{Mode: orDefault(strAt(tls, "mode"), "DISABLE"), Line: o.FieldLine(append(at, "tls", "mode")...)}
		}
		out[n] = pp
	}
	return out
}

// TLSFor is the client TLS the rule sets for a port, nil when none.
// A portLevelSettings entry for the port replaces the top-level tls, even
// when it has no tls itself (Istio: pilot/pkg/model/destination_rule.go
// MergeTrafficPolicy with hasPortLevel: the port-level policy is taken whole).
func (dr *DestRule) TLSFor(port int) *TLSSetting {
	if pp, ok := dr.PortLevel[port]; ok {
		return pp.TLS
	}
	return dr.TLS
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// resolveShortName follows Istio: pkg/config/host ResolveShortnameToFQDN:
// only a name without any dot is expanded, in the config's namespace;
// "*" and IP addresses stay as they are.
func (m *Model) resolveShortName(h, ns string) string {
	return shortNameFQDN(h, ns, m.Settings.ClusterDomain)
}

// shortNameFQDN is resolveShortName in cluster domain domain.
func shortNameFQDN(h, ns, domain string) string {
	if h == "*" || strings.Contains(h, ".") || strings.Contains(h, ":") || h == "" {
		return strings.ToLower(h)
	}
	return strings.ToLower(h + "." + ns + ".svc." + domain)
}

// hostMatches reports whether a config host (maybe a wildcard) covers the
// FQDN h. Istio: pkg/config/host Name.Matches.
func hostMatches(pattern, h string) bool {
	if pattern == "*" {
		return true
	}
	if strings.HasPrefix(pattern, "*") {
		return strings.HasSuffix(h, pattern[1:])
	}
	return pattern == h
}

// exportedTo reports whether a config with exportTo is visible from
// namespace client. Empty means the mesh default (every namespace).
func exportedTo(exportTo []string, own, client string) bool {
	if len(exportTo) == 0 {
		return true
	}
	for _, e := range exportTo {
		if e == "*" || e == client || (e == "." && own == client) {
			return true
		}
	}
	return false
}

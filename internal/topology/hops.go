package topology

import (
	"strconv"

	"github.com/meshlint/meshlint/internal/mesh"
)

// Colour classes of an outcome.
const (
	ClassMTLS      = "mtls"
	ClassPlaintext = "plaintext"
	ClassBroken    = "broken"
	ClassUnknown   = "unknown"
)

// outcomeWords are the report's words for each outcome and its class.
// Plain text is by design: the model only says plaintext when the server
// accepts it (an unmeshed endpoint, or PERMISSIVE). Passthrough works but
// leaves the mesh (no mTLS, no telemetry, no identity), so it is drawn
// with the broken hops.
var outcomeWords = map[string][2]string{
	mesh.OutMTLS:        {"mTLS", ClassMTLS},
	mesh.OutPlaintext:   {"plain text", ClassPlaintext},
	mesh.OutPassthrough: {"passthrough", ClassBroken},
	mesh.OutMisrouted:   {"broken (misrouted)", ClassBroken},
	mesh.OutRejected:    {"broken (rejected)", ClassBroken},
	mesh.OutDenied:      {"broken (denied)", ClassBroken},
	mesh.OutHangs:       {"broken (hangs)", ClassBroken},
	mesh.OutUnknown:     {"unknown", ClassUnknown},
}

// row is a hop being merged; its name waits for the node labels.
type row struct {
	hop      Hop
	from, to *entry
}

// hopsOf merges the model's hops (one per endpoint workload, per declaring
// directive) into rows: same nodes, Service port and outcome make one row,
// which keeps every place that declares it. Rows keep the model's order:
// ingress hops, then nginx, then application settings.
func hopsOf(m *mesh.Model, nodes *nodeSet) []*row {
	var rows []*row
	index := map[string]*row{}
	for _, h := range m.Hops {
		from, to := nodes.source(h), nodes.target(h)
		key := from.node.ID + " " + to.node.ID + " " + h.Target.Ref.String() + " " +
			strconv.Itoa(h.Port.Port) + " " + h.Outcome + " " + h.Why
		r, ok := index[key]
		if !ok {
			r = &row{hop: newHop(h), from: from, to: to}
			index[key] = r
			rows = append(rows, r)
		}
		r.hop.Via = addPlace(r.hop.Via, Place{File: h.Via.File, Line: h.ViaLine})
	}
	return rows
}

func newHop(h *mesh.Hop) Hop {
	words, ok := outcomeWords[h.Outcome]
	if !ok {
		words = [2]string{h.Outcome, ClassUnknown}
	}
	return Hop{Service: h.Target.Ref, Port: h.Port.Port, Protocol: string(h.Port.Protocol), Mode: modeOf(h),
		Outcome: h.Outcome, Label: words[0], Class: words[1], Why: h.Why}
}

// modeOf says what carries a hop at each end, and the waypoint between.
func modeOf(h *mesh.Hop) string {
	mode := proxyWord(h.Source.Dataplane())
	if h.Waypoint != nil {
		mode += " -> waypoint"
	}
	if h.Server == nil {
		return mode + " -> ?"
	}
	return mode + " -> " + proxyWord(h.Server.Dataplane)
}

func proxyWord(d mesh.Dataplane) string {
	if d == mesh.DataplaneNone {
		return "none"
	}
	return d.Proxy()
}

func addPlace(l []Place, p Place) []Place {
	for _, x := range l {
		if x == p {
			return l
		}
	}
	return append(l, p)
}

// finish names each row once the node labels are final.
func finish(rows []*row) []Hop {
	out := make([]Hop, len(rows))
	for i, r := range rows {
		r.hop.From, r.hop.To = r.from.node.ID, r.to.node.ID
		r.hop.Name = r.from.node.Label + " -> " + r.to.node.Label + ":" + strconv.Itoa(r.hop.Port)
		out[i] = r.hop
	}
	return out
}

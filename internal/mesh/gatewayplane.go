package mesh

import "maps"

// GatewayPlane is a Gateway's data plane as the model knows it: the
// program serving it, where its pods run, whether they are in the mesh,
// and how they reach a backend.
type GatewayPlane struct {
	Program        string // istio | envoy-gateway | nginx-gateway-fabric | traefik | kgateway | cilium | unknown
	ControllerName string // the GatewayClass's spec.controllerName ("" when unknown)
	Namespace      string // where its pods run ("" when unknown)
	Workload       *Workload
	Meshed, Known  bool
	// MeshProxy: the data plane is a proxy of the mesh itself (Istio's
	// class): it routes by the backendRef's cluster and originates mTLS.
	MeshProxy bool
	PodIPs    bool // dials endpoint IPs, not the Service VIP
	Why       string
}

// gatewayProgram is what a controller does with a Gateway, from its
// source (docs/mesh-semantics.md "Gateway API").
type gatewayProgram struct {
	id string
	// inGatewayNS: the pods run in the Gateway's namespace; otherwise in
	// the controller's (controllerNS unless the inputs show another).
	inGatewayNS  bool
	controllerNS string
	// podLabels are the labels the controller puts on the pods beside
	// spec.infrastructure.labels, which infra says it copies.
	podLabels func(g *Gateway) map[string]string
	infra     bool
	podIPs    bool
	meshProxy bool // Istio's own class
	noPods    bool // a node-level proxy (Cilium)
	// findPods finds the data plane's pods when they are not per Gateway.
	findPods func(m *Model) *Workload
}

// gatewayPlane decides g's data plane once.
func (m *Model) gatewayPlane(g *Gateway) *GatewayPlane {
	if g.plane != nil {
		return g.plane
	}
	ctrl, how := m.gatewayController(g.Class)
	prog, known := gatewayPrograms[ctrl]
	if !known {
		prog = gatewayProgram{id: "unknown", podLabels: noLabels}
	}
	p := &GatewayPlane{Program: prog.id, ControllerName: ctrl, PodIPs: prog.podIPs}
	g.plane = p
	switch {
	case prog.meshProxy:
		p.Namespace, p.Meshed, p.Known, p.MeshProxy = g.Namespace, true, true, true
		p.Why = "Istio's gateway class: istiod deploys a proxy of the mesh for the Gateway in " + g.Namespace +
			" (" + how + "), which originates Istio mTLS itself"
		return p
	case prog.noPods:
		p.Known, p.Why = true, "Cilium's Gateway is served by the node's Envoy, which no sidecar joins ("+how+")"
		return p
	case prog.id == "kgateway" && m.kgatewayAutoMTLS():
		p.Namespace, p.Meshed, p.Known, p.MeshProxy = g.Namespace, true, true, true
		p.Why = "the kgateway controller runs with KGW_ENABLE_ISTIO_AUTO_MTLS=true: its Envoy originates Istio mTLS itself (" + how + ")"
		return p
	}
	m.decidePlane(g, prog, p, how)
	return p
}

// decidePlane: .meshlint.yaml first, then the pods the inputs hold, then
// the injection model on the pods the controller would create.
func (m *Model) decidePlane(g *Gateway, prog gatewayProgram, p *GatewayPlane, how string) {
	set := m.gatewayClassSetting(g.Class)
	p.Namespace = m.planeNamespace(g, prog, set)
	switch {
	case set != nil && set.Meshed != nil:
		p.Known, p.Meshed = true, *set.Meshed
		p.Why = "config gatewayClasses[" + g.Class + "].meshed"
	case p.Program == "unknown":
		p.Why = "GatewayClass " + quoteOr(g.Class, "(none)") + " is served by " + quoteOr(p.ControllerName, "a controller the inputs do not name") +
			", which meshlint does not model, and .meshlint.yaml gatewayClasses does not say whether its data plane is meshed"
	case m.planePods(g, prog, p):
	case p.Namespace == "":
		p.Why = "the inputs hold no " + p.Program + " workload and .meshlint.yaml gatewayClasses[" + g.Class +
			"].namespace does not say where it runs (" + how + ")"
	default:
		m.wouldCreate(g, prog, p, how)
	}
}

// planePods decides from the data plane's pods when the inputs hold them.
func (m *Model) planePods(g *Gateway, prog gatewayProgram, p *GatewayPlane) bool {
	var w *Workload
	switch {
	case p.Namespace != "":
		w = m.planeWorkload(g, p.Namespace)
	case prog.findPods != nil:
		w = prog.findPods(m)
	}
	if w == nil {
		return false
	}
	p.Namespace, p.Workload, p.Meshed, p.Known = w.Namespace, w, w.Meshed, w.MeshedKnown
	p.Why = p.Program + " data plane " + w.Ref.String() + ": " + w.MeshedReason
	return true
}

// wouldCreate decides by the injection model (§1) on the pods the
// controller would create, which stand for the Gateway: no object of
// the inputs (Obj nil), the Gateway's reference.
func (m *Model) wouldCreate(g *Gateway, prog gatewayProgram, p *GatewayPlane, how string) {
	w := &Workload{Namespace: p.Namespace, Labels: prog.labelsFor(g, m), Annotations: m.planeAnnotations(g, prog), Ref: g.Ref}
	m.decideMesh(w)
	p.Meshed, p.Known = w.Meshed, w.MeshedKnown
	p.Why = "the " + p.Program + " pods of " + g.Ref.String() + " run in " + p.Namespace + " (" + how + "): " + w.MeshedReason
	if w.Dataplane == DataplaneAmbient {
		// ztunnel captures them: the hops take the ambient transport (§11).
		p.Workload = w
	}
}

func noLabels(*Gateway) map[string]string { return nil }

func (prog gatewayProgram) labelsFor(g *Gateway, m *Model) map[string]string {
	return prog.podMeta(prog.podLabels(g), g.InfraLabels, m.envoyProxyPod(g, "labels"))
}

func (m *Model) planeAnnotations(g *Gateway, prog gatewayProgram) map[string]string {
	return prog.podMeta(nil, g.InfraAnnotations, m.envoyProxyPod(g, "annotations"))
}

// podMeta merges the labels (or annotations) the proxies' pods get: the
// controller's own, the Gateway's spec.infrastructure ones where the
// controller copies them, then the EnvoyProxy's pod ones.
func (prog gatewayProgram) podMeta(own, infra, proxy map[string]string) map[string]string {
	out := maps.Clone(own)
	if out == nil {
		out = map[string]string{}
	}
	if prog.infra {
		maps.Copy(out, infra)
	}
	maps.Copy(out, proxy)
	return out
}

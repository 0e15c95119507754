package mesh

// GatewayClassSetting says what the inputs may not about a GatewayClass
// (.meshlint.yaml gatewayClasses): its controller, whether its data
// plane is meshed, and the namespace that data plane runs in.
type GatewayClassSetting struct {
	Name       string
	Controller string
	Meshed     *bool
	Namespace  string
}

// builtinGatewayClasses are the classes a controller creates itself, so
// that a Gateway may name them without the inputs holding them: istiod
// creates istio (istio/istio pilot/pkg/config/kube/gatewaycommon/classinfo.go
// GetBuiltinGatewayClasses).
var builtinGatewayClasses = map[string]string{"istio": "istio.io/gateway-controller"}

// gatewayController is the controllerName of a class and how it was found.
func (m *Model) gatewayController(class string) (string, string) {
	if gc := m.GatewayClasses[class]; gc != nil && gc.Controller != "" {
		return gc.Controller, "GatewayClass " + class + " names controller " + gc.Controller
	}
	if s := m.gatewayClassSetting(class); s != nil && s.Controller != "" {
		return s.Controller, "config gatewayClasses[" + class + "].controller"
	}
	if c, ok := builtinGatewayClasses[class]; ok {
		return c, "class " + class + " is built into " + c
	}
	return "", "the inputs hold no GatewayClass " + quoteOr(class, "(none)")
}

func (m *Model) gatewayClassSetting(class string) *GatewayClassSetting {
	for i, s := range m.Settings.GatewayClasses {
		if s.Name == class {
			return &m.Settings.GatewayClasses[i]
		}
	}
	return nil
}

// planeNamespace is where the data plane's pods run: the config's word,
// else the Gateway's namespace or the controller's.
func (m *Model) planeNamespace(g *Gateway, prog gatewayProgram, set *GatewayClassSetting) string {
	switch {
	case set != nil && set.Namespace != "":
		return set.Namespace
	case prog.inGatewayNS:
		return g.Namespace
	case prog.id == "envoy-gateway":
		return m.envoyGatewayNS(g, prog.controllerNS)
	}
	return prog.controllerNS
}

// GatewayPodLabels mark the pods of a Gateway's data plane as the
// controllers deploy them: GEP-1762's gateway-name label (Istio, NGINX
// Gateway Fabric, kgateway, Envoy Gateway in GatewayNamespace mode) and
// Envoy Gateway's owning-gateway label.
var GatewayPodLabels = []string{labelGatewayName, labelOwningGateway}

// planeWorkload finds the data plane's pods in the inputs (a dump of the
// cluster holds them): by the gateway-name label of GEP-1762, or Envoy
// Gateway's owning-gateway labels.
func (m *Model) planeWorkload(g *Gateway, ns string) *Workload {
	for _, w := range m.wlByNS[ns] {
		l := w.Labels
		if (ns == g.Namespace && l[labelGatewayName] == g.Name) ||
			(l[labelOwningGateway] == g.Name && l[labelOwningGatewayNS] == g.Namespace) {
			return w
		}
	}
	return nil
}

package mesh

import "github.com/meshlint/meshlint/internal/manifest"

// ControllerStatus is what the model knows of the controller serving an
// ingress class.
type ControllerStatus struct {
	Class   string
	Program string // the proxy program: its workload's, else the IngressClass's controller's
	// NginxAnnotations: ingress-nginx's annotations decide the hop
	// (ingress-nginx, or Traefik's kubernetesIngressNGINX provider).
	NginxAnnotations bool
	Known            bool // mesh status known (from its workload or from config)
	Meshed           bool
	Workload         *Workload
	Why              string
}

// controllerFor finds the controller of an Ingress's class: the workload
// whose --controller-class matches the IngressClass's spec.controller (or,
// without an IngressClass, whose --ingress-class is the class), else the
// config's ingressClasses entry.
func (m *Model) controllerFor(in *Ingress) ControllerStatus {
	class := in.Class
	if class == "" {
		class = m.defaultClass()
	}
	st := ControllerStatus{Class: class, Program: ProgramOf(m.controllerID(class))}
	st.NginxAnnotations = st.Program == ProgIngressNginx
	if w := m.controllerWorkload(class, in.Namespace); w != nil {
		st.Workload, st.Meshed, st.Known = w, w.Meshed, w.MeshedKnown
		st.Program = w.Controller.Program
		st.NginxAnnotations = w.Controller.readsNginxAnnotations(class, m.controllerID(class), in.Namespace)
		st.Why = "controller " + w.Ref.String() + ": " + w.MeshedReason
	}
	if st.Known {
		return st
	}
	for _, s := range m.Settings.IngressClasses {
		if s.Name == class && s.Meshed != nil {
			st.Known, st.Meshed = true, *s.Meshed
			st.Why = "config ingressClasses[" + class + "].meshed"
			return st
		}
	}
	if st.Why == "" {
		st.Why = "the inputs hold no controller for ingress class " + quoteOr(class, "(none)") +
			" and .meshlint.yaml does not say whether it is meshed"
	}
	return st
}

func (m *Model) defaultClass() string {
	for name, ic := range m.IngressClasses {
		if ic.Default {
			return name
		}
	}
	return ""
}

// controllerWorkload finds the workload serving the Ingresses of class in
// namespace ns (servesIngress: each program matches classes its own way).
func (m *Model) controllerWorkload(class, ns string) *Workload {
	id := m.controllerID(class)
	for _, w := range m.controllers {
		if w.Controller.servesIngress(class, id, ns) {
			return w
		}
	}
	return nil
}

// controllerID is the spec.controller of the class's IngressClass, else
// the config's ingressClasses controller, else "".
func (m *Model) controllerID(class string) string {
	if ic := m.IngressClasses[class]; ic != nil && ic.Controller != "" {
		return ic.Controller
	}
	for _, s := range m.Settings.IngressClasses {
		if s.Name == class && s.Controller != "" {
			return s.Controller
		}
	}
	return ""
}

// ProgramOf names the program behind an IngressClass controller. Any
// other controller keeps the ingress-nginx semantics meshlint has always
// applied to an Ingress whose controller it cannot see.
func ProgramOf(id string) string {
	switch id {
	case f5ControllerID:
		return ProgF5
	case traefikControllerID:
		return ProgTraefik
	}
	return ProgIngressNginx
}

func (c *IngressController) readsNginxAnnotations(class, id, ns string) bool {
	switch c.Program {
	case ProgIngressNginx:
		return true
	case ProgTraefik:
		return c.Traefik.nginxAnnotations(class, id, ns)
	}
	return false
}

// servesIngress: ingress-nginx started with --watch-namespace serves only
// the Ingresses of that namespace (pkg/flags/flags.go watch-namespace), and
// takes a class by its IngressClass's controller (--controller-class), or
// without an IngressClass by name (--ingress-class).
func (c *IngressController) servesIngress(class, id, ns string) bool {
	switch c.Program {
	case ProgF5:
		return c.f5ServesIngress(class, id, ns)
	case ProgTraefik:
		return c.Traefik.servesIngress(class, id, ns)
	}
	if c.WatchNamespace != "" && c.WatchNamespace != ns {
		return false
	}
	return (id != "" && c.ControllerClass == id) || (id == "" && c.Class == class)
}

func (st ControllerStatus) source(in *Ingress) Source { return st.sourceIn(in.Namespace) }

// sourceIn is the hop source of a controller serving an object of
// namespace ns (the namespace stands for an absent controller's).
func (st ControllerStatus) sourceIn(ns string) Source {
	src := Source{Meshed: st.Meshed, MeshedKnown: st.Known, Why: st.Why, Namespace: ns}
	if st.Workload != nil {
		src.Workload, src.Ref, src.Namespace = st.Workload, st.Workload.Ref, st.Workload.Namespace
	} else {
		src.Ref = manifest.Ref{Kind: "IngressController", Name: quoteOr(st.Class, "default")}
	}
	return src
}

func quoteOr(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// crdSources are the sources of the hops a program's own route object
// (VirtualServer, IngressRoute...) of class in namespace ns declares: every
// controller workload that serves it, else the config's ingressClasses
// entry for the class (or, for an object without class, for the
// program's controller), else one source of unknown mesh status.
func (m *Model) crdSources(prog, class, ns string, serves func(*IngressController) bool) []Source {
	var out []Source
	for _, w := range m.controllers {
		if w.Controller.Program == prog && serves(w.Controller) {
			st := ControllerStatus{Class: class, Program: prog, Workload: w, Meshed: w.Meshed, Known: w.MeshedKnown,
				Why: "controller " + w.Ref.String() + ": " + w.MeshedReason}
			out = append(out, st.sourceIn(ns))
		}
	}
	if len(out) > 0 {
		return out
	}
	st := ControllerStatus{Class: quoteOr(class, prog), Program: prog}
	for _, s := range m.Settings.IngressClasses {
		if s.Meshed != nil && (s.Name == class || class == "" && s.Controller != "" && ProgramOf(s.Controller) == prog) {
			st.Known, st.Meshed = true, *s.Meshed
			st.Why = "config ingressClasses[" + s.Name + "].meshed"
			return []Source{st.sourceIn(ns)}
		}
	}
	st.Why = "the inputs hold no " + prog + " controller for class " + quoteOr(class, "(none)") +
		" and .meshlint.yaml does not say whether it is meshed"
	return []Source{st.sourceIn(ns)}
}

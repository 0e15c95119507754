package mesh

import "github.com/meshlint/meshlint/internal/manifest"

// ControllerStatus is what the model knows of the controller serving an
// ingress class.
type ControllerStatus struct {
	Class    string
	Known    bool // mesh status known (from its workload or from config)
	Meshed   bool
	Workload *Workload
	Why      string
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
	st := ControllerStatus{Class: class}
	if w := m.controllerWorkload(class, in.Namespace); w != nil {
		st.Workload, st.Meshed, st.Known = w, w.Meshed, w.MeshedKnown
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

// controllerWorkload: a controller started with --watch-namespace serves
// only the Ingresses of that namespace (pkg/flags/flags.go watch-namespace).
func (m *Model) controllerWorkload(class, ns string) *Workload {
	ic := m.IngressClasses[class]
	var id string
	if ic != nil {
		id = ic.Controller
	}
	for _, s := range m.Settings.IngressClasses {
		if s.Name == class && s.Controller != "" && id == "" {
			id = s.Controller
		}
	}
	for _, w := range m.controllers {
		c := w.Controller
		if c.WatchNamespace != "" && c.WatchNamespace != ns {
			continue
		}
		if (id != "" && c.ControllerClass == id) || (id == "" && c.Class == class) {
			return w
		}
	}
	return nil
}

func (st ControllerStatus) source(in *Ingress) Source {
	src := Source{Meshed: st.Meshed, MeshedKnown: st.Known, Why: st.Why, Namespace: in.Namespace}
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

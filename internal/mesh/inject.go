package mesh

import "strings"

// annInject is the pod label (and deprecated pod annotation) the injector
// webhooks and injectRequired read.
const annInject = "sidecar.istio.io/inject"

// Dataplane is how a workload takes part in the mesh. Rules read it (or
// Workload.Meshed, which is Dataplane == DataplaneSidecar); a new mode of
// taking part is a new value here, decided in dataplane and ambient.
type Dataplane int

const (
	// DataplaneNone: no proxy; the pod sends and receives plaintext.
	DataplaneNone Dataplane = iota
	// DataplaneSidecar: an istio-proxy sidecar in the pod.
	DataplaneSidecar
	// DataplaneAmbient: the node's ztunnel captures the pod's traffic
	// (ambient mode, ambient.go).
	DataplaneAmbient
)

func (d Dataplane) String() string {
	switch d {
	case DataplaneSidecar:
		return "sidecar"
	case DataplaneAmbient:
		return "ambient"
	}
	return "none"
}

// Proxy names what intercepts the workload's traffic, for messages.
func (d Dataplane) Proxy() string {
	switch d {
	case DataplaneSidecar:
		return "sidecar"
	case DataplaneAmbient:
		return "ztunnel"
	}
	return "no proxy"
}

// meshDecision is the dataplane of a workload, why, and whether the
// inputs were enough to know it.
type meshDecision struct {
	State  Dataplane
	Reason string
	Known  bool
}

// decideMesh sets the workload's dataplane and, for a sidecar, what it
// captures.
func (m *Model) decideMesh(w *Workload) {
	if m.injectors == nil {
		m.injectors = m.loadInjectors()
	}
	d := m.dataplane(w)
	if d.State == DataplaneNone {
		d = m.ambient(w, d)
	}
	w.Dataplane = d.State
	w.Meshed, w.MeshedReason, w.MeshedKnown = d.State == DataplaneSidecar, d.Reason, d.Known
	if w.Meshed {
		w.Inbound = parseInbound(w.Annotations)
		w.Outbound = parseOutbound(w.Annotations)
	}
}

// dataplane decides as the cluster does. A proxy already in the pod (a
// dump of a live pod) is a sidecar. Otherwise the API server sends the
// new pod to every injector webhook whose namespaceSelector matches the
// namespace's labels and objectSelector the pod's labels
// (mutatingwebhook.yaml), and each injector so reached decides
// (pkg/kube/inject/webhook.go inject -> inject.go injectRequired). A
// namespace the inputs do not declare has unknown labels: it is taken as
// injection-enabled when the config says so (assumeInjectedNamespaces),
// else as unlabelled, and the decision is known only if no injection
// label on it would change it.
func (m *Model) dataplane(w *Workload) meshDecision {
	for _, c := range w.Containers {
		if c.Name == "istio-proxy" {
			return meshDecision{DataplaneSidecar, "has an istio-proxy container", true}
		}
	}
	if w.NativeSidecar {
		return meshDecision{DataplaneSidecar, "has an istio-proxy init container", true}
	}
	ns := m.namespace(w.Namespace)
	if ns.Declared {
		return m.injected(w, ns.Labels)
	}
	assumed, how := map[string]string{}, "taken as not injected"
	for _, a := range m.Settings.AssumeInjected {
		if a == w.Namespace {
			assumed, how = map[string]string{labelInjection: "enabled"}, "assumed injected (config)"
		}
	}
	d := m.injected(w, assumed)
	d.Reason += " (namespace " + w.Namespace + " is not in the inputs: " + how + ")"
	d.Known = m.labelsIndifferent(w, d.State)
	return d
}

// labelsIndifferent reports whether every injection label the namespace
// could carry gives the same dataplane.
func (m *Model) labelsIndifferent(w *Workload, state Dataplane) bool {
	alts := []map[string]string{{}, {labelInjection: "enabled"}, {labelInjection: "disabled"}}
	for _, wh := range m.injectors.Webhooks {
		alts = append(alts, map[string]string{labelRev: wh.Revision})
	}
	for _, l := range alts {
		if m.injected(w, l).State != state {
			return false
		}
	}
	return true
}

// injected decides for namespace labels nsLabels: the pod has a sidecar
// when a webhook selects it and that webhook's injector injects it.
func (m *Model) injected(w *Workload, nsLabels map[string]string) meshDecision {
	nsl := withNameLabel(nsLabels, w.Namespace)
	var refused string
	for _, wh := range m.injectors.Webhooks {
		if !wh.Namespace.matches(nsl) || !wh.Object.matches(w.Labels) {
			continue
		}
		inj := m.injectors.injector(wh.Revision)
		ok, why := inj.Config.injectRequired(w)
		sent := "webhook " + wh.Name + " (" + wh.Config + ") sends it to the " + wh.Revision + " injector"
		if ok {
			return meshDecision{DataplaneSidecar, sent + ", which injects: " + why, true}
		}
		if refused == "" {
			refused = sent + ", which skips it: " + why
		}
	}
	if refused != "" {
		return meshDecision{DataplaneNone, refused, true}
	}
	return meshDecision{DataplaneNone, notSelected(w, nsLabels), true}
}

// notSelected says why no webhook selects the pod: the labels the
// webhooks select on.
func notSelected(w *Workload, nsLabels map[string]string) string {
	var parts []string
	for _, k := range []string{labelInjection, labelRev} {
		if v, ok := nsLabels[k]; ok {
			parts = append(parts, "namespace "+k+"="+v)
		}
	}
	for _, k := range []string{annInject, labelRev} {
		if v, ok := w.Labels[k]; ok {
			parts = append(parts, "pod label "+k+"="+v)
		}
	}
	if len(parts) == 0 {
		return "namespace " + w.Namespace + " has no injection label"
	}
	return "no injector webhook selects it (" + strings.Join(parts, ", ") + ")"
}

// withNameLabel is a namespace's labels as selectors see them: with the
// kubernetes.io/metadata.name label the API server sets on every namespace.
func withNameLabel(labels map[string]string, ns string) map[string]string {
	l := make(map[string]string, len(labels)+1)
	for k, v := range labels {
		l[k] = v
	}
	l[labelNSName] = ns
	return l
}

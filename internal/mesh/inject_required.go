package mesh

// ignoredNamespaces are never injected, whatever their labels.
// Istio: pkg/kube/inject/initializer.go IgnoredNamespaces (kube-system,
// kube-public, kube-node-lease, local-path-storage).
var ignoredNamespaces = map[string]bool{
	"kube-system": true, "kube-public": true, "kube-node-lease": true, "local-path-storage": true,
}

// injectRequired is the injector's decision for a pod a webhook sent it.
// Istio: pkg/kube/inject/inject.go injectRequired:
//   - hostNetwork pods and the ignored namespaces are skipped;
//   - the pod label sidecar.istio.io/inject, when present (even empty),
//     else the pod annotation of that name: "true" injects, "false"
//     skips, anything else (or nothing) leaves it to the default;
//   - for the default, the first neverInjectSelector entry that is
//     valid, not empty and matches the pod labels skips, else the first
//     such alwaysInjectSelector entry injects;
//   - what is still left to the default follows the policy: "enabled"
//     injects, "disabled" skips; with any other policy nothing is injected.
func (c InjectorConfig) injectRequired(w *Workload) (bool, string) {
	if w.HostNetwork {
		return false, "it uses the host network"
	}
	if ignoredNamespaces[w.Namespace] {
		return false, "namespace " + w.Namespace + " is never injected"
	}
	value, from := w.Annotations[annInject], "pod annotation"
	if lv, ok := w.Labels[annInject]; ok {
		value, from = lv, "pod label"
	}
	explicit, inject := false, false
	switch value {
	case "true", "false":
		explicit, inject = true, value == "true"
	}
	why := from + " " + annInject + "=" + value
	if !explicit {
		explicit, inject, why = c.selectorDecision(w.Labels)
	}
	switch {
	case c.Policy != "enabled" && c.Policy != "disabled":
		return false, "its policy " + quote(c.Policy) + " is neither enabled nor disabled"
	case explicit:
		return inject, why
	}
	return c.Policy == "enabled", "policy " + c.Policy
}

// selectorDecision applies neverInjectSelector, then alwaysInjectSelector.
func (c InjectorConfig) selectorDecision(podLabels map[string]string) (explicit, inject bool, why string) {
	for _, s := range c.Never {
		if !s.empty() && s.matches(podLabels) {
			return true, false, "neverInjectSelector " + s.String()
		}
	}
	for _, s := range c.Always {
		if !s.empty() && s.matches(podLabels) {
			return true, true, "alwaysInjectSelector " + s.String()
		}
	}
	return false, false, ""
}

func quote(s string) string { return `"` + s + `"` }

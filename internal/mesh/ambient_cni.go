package mesh

import (
	"strconv"

	"go.yaml.in/yaml/v3"
)

// The ambient enablement of an install: the istio-cni chart renders its
// ambient.enablementSelectors and ambient.enabled into the ConfigMap
// istio-cni-config (templates/configmap-cni.yaml: AMBIENT_ENABLEMENT_SELECTOR
// as YAML, AMBIENT_ENABLED), which the node agent reads from its
// environment (cni/pkg/cmd/root.go) and compiles with
// NewCompiledEnablementSelectors. Without that ConfigMap in the inputs the
// chart's defaults apply.

const cniConfigMap = "istio-cni-config"

// cniEnablement is the compiled selectors, and where they come from.
type cniEnablement struct {
	enabled   bool
	selectors []enablementSelector
	source    string
}

type enablementSelector struct {
	pod, namespace selector
	nsLabels       map[string]string // the namespace selector's matchLabels, for undeclared namespaces
}

// chartEnablement is the istio-cni chart's default (values.yaml).
func chartEnablement() cniEnablement {
	return cniEnablement{enabled: true, source: "the istio-cni chart's default selectors", selectors: []enablementSelector{
		{pod: selectorFrom(map[string]any{"matchLabels": map[string]any{labelDataplaneMode: modeAmbient}}), namespace: selectorFrom(map[string]any{})},
		{pod: selectorFrom(map[string]any{"matchExpressions": []any{map[string]any{"key": labelDataplaneMode, "operator": "NotIn", "values": []any{modeNone}}}}),
			namespace: selectorFrom(map[string]any{"matchLabels": map[string]any{labelDataplaneMode: modeAmbient}}),
			nsLabels:  map[string]string{labelDataplaneMode: modeAmbient}},
	}}
}

// loadEnablement reads istio-cni-config from the inputs (the first one
// found, in input order), else the chart's defaults.
func (m *Model) loadEnablement() cniEnablement {
	for _, o := range m.Objects {
		if o.Kind != "ConfigMap" || o.APIVersion != "v1" || o.Name != cniConfigMap {
			continue
		}
		data := stringMap(mapAt(body(o), "data"))
		e := cniEnablement{enabled: true, source: "ConfigMap " + o.Ref().String()}
		if v, ok := data["AMBIENT_ENABLED"]; ok {
			e.enabled, _ = strconv.ParseBool(v)
		}
		var raw []map[string]any
		if err := yaml.Unmarshal([]byte(data["AMBIENT_ENABLEMENT_SELECTOR"]), &raw); err != nil {
			m.Problems = append(m.Problems, Problem{Object: o, Line: o.FieldLine("data", "AMBIENT_ENABLEMENT_SELECTOR"),
				Msg: "AMBIENT_ENABLEMENT_SELECTOR is not a list of enablement selectors (the istio-cni agent refuses it): " + err.Error()})
			return chartEnablement()
		}
		for _, r := range raw {
			e.selectors = append(e.selectors, enablementSelector{pod: selectorOrAll(r["podSelector"]),
				namespace: selectorOrAll(r["namespaceSelector"]), nsLabels: stringMap(mapAt(asMap(r["namespaceSelector"]), "matchLabels"))})
		}
		return e
	}
	return chartEnablement()
}

// selectorOrAll: NewCompiledEnablementSelectors takes an absent or empty
// selector as Everything.
func selectorOrAll(v any) selector {
	if v == nil {
		return selectorFrom(map[string]any{})
	}
	return selectorFrom(v)
}

// matches is CompiledEnablementSelectors.Matches for a pod without a
// sidecar and not on the host network.
func (e cniEnablement) matches(pod, ns map[string]string) bool {
	if !e.enabled {
		return false
	}
	for _, s := range e.selectors {
		if s.pod.matches(pod) && s.namespace.matches(ns) {
			return true
		}
	}
	return false
}

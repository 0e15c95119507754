package kinds

import (
	"encoding/json"
	"strings"

	"sigs.k8s.io/yaml"
)

// What the injector model (internal/mesh injector_load.go) reads of
// Istio's sidecar injector install, and nothing more: the templates of
// data.config (tens of kilobytes of Go templates) and the whole Helm
// values of data.values are dropped, and so is every webhook's
// clientConfig (a CA bundle).

// webhookSuffix mirrors internal/mesh injector_load.go webhookSuffix: the
// end of every injector webhook's name ("{{.Prefix}}sidecar-injector.istio.io"
// in Istio's mutatingwebhook.yaml and revision-tags-mwc.yaml).
const webhookSuffix = "sidecar-injector.istio.io"

// injectorKeys are the data keys of an istio-sidecar-injector ConfigMap
// the model reads; boundInjectorData reduces them, the URL reduction
// leaves them alone.
var injectorKeys = map[string]bool{"config": true, "values": true}

// isInjectorConfig: an istio-sidecar-injector ConfigMap (the default
// revision's, or istio-sidecar-injector-<revision>), as injector_load.go
// loadInjectors selects it, in any namespace.
func isInjectorConfig(obj map[string]any) bool {
	name := nameOf(obj)
	return strings.HasPrefix(name, "istio-sidecar-injector")
}

// boundWebhooks keeps, of each injector webhook, its name and the two
// selectors the model matches (injector_load.go webhooksOf); the webhooks
// of other programs are dropped, as the model skips them.
func boundWebhooks(obj map[string]any) {
	hooks, _ := obj["webhooks"].([]any)
	kept := make([]any, 0, len(hooks))
	for _, h := range hooks {
		w, _ := h.(map[string]any)
		name, _ := w["name"].(string)
		if !strings.HasSuffix(name, webhookSuffix) {
			continue
		}
		r := map[string]any{"name": name}
		for _, k := range []string{"namespaceSelector", "objectSelector"} {
			if v, ok := w[k]; ok {
				r[k] = v
			}
		}
		kept = append(kept, r)
	}
	obj["webhooks"] = kept
}

// boundInjectorData reduces data.config to policy, neverInjectSelector and
// alwaysInjectSelector and data.values to its revision.
func boundInjectorData(data map[string]any) {
	if s, ok := data["config"].(string); ok {
		data["config"] = injectorConfig(s)
	}
	if s, ok := data["values"].(string); ok {
		data["values"] = injectorValues(s)
	}
}

// injectorConfig decodes data.config as the model does (sigs.k8s.io/yaml
// into the three fields, as Istio's pkg/kube/inject/inject.go
// UnmarshalConfig decodes Config) and writes back those fields only, in
// JSON (which is YAML). Text that does not decode is kept whole: the model
// then reports the same error. Empty text stays empty (the model then
// keeps the chart's defaults, not an empty config).
func injectorConfig(text string) string {
	if strings.TrimSpace(text) == "" {
		return text
	}
	var c struct {
		Policy string          `json:"policy,omitempty"`
		Never  json.RawMessage `json:"neverInjectSelector,omitempty"`
		Always json.RawMessage `json:"alwaysInjectSelector,omitempty"`
	}
	if err := yaml.Unmarshal([]byte(text), &c); err != nil {
		return text
	}
	out, err := json.Marshal(c)
	if err != nil {
		return text
	}
	return string(out)
}

// injectorValues keeps the revision of data.values (JSON, Istio's
// istiod-injector-configmap.yaml toPrettyJson), decoded as
// injector_load.go injectorRevision decodes it; a value it would not read
// becomes empty.
func injectorValues(text string) string {
	var v struct {
		Revision string `json:"revision"`
	}
	if json.Unmarshal([]byte(text), &v) != nil || v.Revision == "" {
		return ""
	}
	out, _ := json.Marshal(v)
	return string(out)
}

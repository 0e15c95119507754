package mesh

import (
	"encoding/json"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"

	"github.com/meshlint/meshlint/internal/manifest"
)

// webhookSuffix ends the name of every webhook the Istio charts render
// for the injector ("{{.Prefix}}sidecar-injector.istio.io" in
// mutatingwebhook.yaml and revision-tags-mwc.yaml).
const webhookSuffix = "sidecar-injector.istio.io"

// loadInjectors reads the injection install from the inputs: the
// injector's MutatingWebhookConfigurations (istio-sidecar-injector*,
// istio-revision-tag-*) and istio-sidecar-injector ConfigMaps. Without
// webhooks in the inputs the chart's webhooks stand in: the default
// revision's, and those of every other revision a label names.
func (m *Model) loadInjectors() *injectors {
	ij := &injectors{ByRev: map[string]*Injector{}}
	for _, o := range m.Objects {
		switch {
		case o.Kind == "MutatingWebhookConfiguration" && strings.HasPrefix(o.APIVersion, "admissionregistration.k8s.io/"):
			ij.Webhooks = append(ij.Webhooks, webhooksOf(o)...)
		case o.Kind == "ConfigMap" && o.APIVersion == "v1" && strings.HasPrefix(o.Name, "istio-sidecar-injector"):
			m.addInjectorConfig(ij, o)
		}
	}
	ij.Declared = len(ij.Webhooks) > 0
	if !ij.Declared {
		ij.Webhooks = chartWebhooks("default")
		for _, rev := range m.namedRevisions() {
			ij.assumeRevision(rev)
		}
	}
	return ij
}

// namedRevisions lists the revisions that namespace and pod labels name
// (istio.io/rev), sorted: without the install in the inputs, each is
// taken as installed with the chart's webhooks.
func (m *Model) namedRevisions() []string {
	set := map[string]bool{}
	for _, ns := range m.Namespaces {
		if rev := ns.Labels[labelRev]; rev != "" {
			set[rev] = true
		}
	}
	for _, w := range m.Workloads {
		if rev := w.Labels[labelRev]; rev != "" {
			set[rev] = true
		}
	}
	return sortedKeys(set)
}

// webhooksOf returns the injector webhooks of a MutatingWebhookConfiguration.
// The revision is the configuration's istio.io/rev label (the chart sets
// it to the revision, "default" for the default one; a revision tag's
// configuration carries the revision it points to).
func webhooksOf(o *manifest.Object) []injectorWebhook {
	rev := stringMap(mapAt(body(o), "metadata", "labels"))[labelRev]
	if rev == "" {
		rev = "default"
	}
	var out []injectorWebhook
	for _, w := range listAt(body(o), "webhooks") {
		wm := asMap(w)
		name := strAt(wm, "name")
		if !strings.HasSuffix(name, webhookSuffix) {
			continue
		}
		out = append(out, injectorWebhook{Name: name, Config: o.Name, Revision: rev,
			Namespace: selectorFrom(wm["namespaceSelector"]), Object: selectorFrom(wm["objectSelector"])})
	}
	return out
}

// rawInjectorConfig is what injectRequired reads of data.config, decoded
// as Istio decodes it (pkg/kube/inject/inject.go UnmarshalConfig:
// sigs.k8s.io/yaml into Config, whose other fields are left out here).
type rawInjectorConfig struct {
	Policy               string                 `json:"policy"`
	NeverInjectSelector  []metav1.LabelSelector `json:"neverInjectSelector"`
	AlwaysInjectSelector []metav1.LabelSelector `json:"alwaysInjectSelector"`
}

// addInjectorConfig reads an istio-sidecar-injector ConfigMap
// (istiod-injector-configmap.yaml): data.config holds policy and the
// selectors; the revision is its istio.io/rev label, else data.values'
// "revision", else "default".
func (m *Model) addInjectorConfig(ij *injectors, o *manifest.Object) {
	data := stringMap(mapAt(body(o), "data"))
	text := strings.TrimSpace(data["config"])
	if text == "" {
		return // nothing to read (or reduced away): the defaults stand
	}
	var raw rawInjectorConfig
	if err := yaml.Unmarshal([]byte(text), &raw); err != nil {
		m.note(o, o.Line, "the injector config (data.config) does not parse ("+err.Error()+"): the chart's defaults are used")
		return
	}
	rev := injectorRevision(o, data["values"])
	if ij.ByRev[rev] != nil {
		return
	}
	cfg := InjectorConfig{Policy: raw.Policy}
	for i := range raw.NeverInjectSelector {
		cfg.Never = append(cfg.Never, compile(&raw.NeverInjectSelector[i]))
	}
	for i := range raw.AlwaysInjectSelector {
		cfg.Always = append(cfg.Always, compile(&raw.AlwaysInjectSelector[i]))
	}
	ij.ByRev[rev] = &Injector{Revision: rev, Config: cfg, Source: "ConfigMap " + NamespaceOf(o) + "/" + o.Name}
}

func injectorRevision(o *manifest.Object, values string) string {
	if rev := stringMap(mapAt(body(o), "metadata", "labels"))[labelRev]; rev != "" {
		return rev
	}
	var v struct {
		Revision string `json:"revision"`
	}
	if json.Unmarshal([]byte(values), &v) == nil && v.Revision != "" {
		return v.Revision
	}
	return "default"
}

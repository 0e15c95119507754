package mesh

// The sidecar injector as installed: the webhooks through which the API
// server sends it new pods, and the policy it applies to them.
//
// Istio: manifests/charts/istio-control/istio-discovery/templates/mutatingwebhook.yaml
// (one MutatingWebhookConfiguration per revision), revision-tags-mwc.yaml
// (one per revision tag), istiod-injector-configmap.yaml (the
// istio-sidecar-injector ConfigMap: policy, neverInjectSelector,
// alwaysInjectSelector) and pkg/kube/inject/inject.go injectRequired.

// Injector is one istiod revision's injector: its policy and selectors.
type Injector struct {
	Revision string         // "default" for the default revision
	Config   InjectorConfig // from its istio-sidecar-injector ConfigMap, or the chart's defaults
	Source   string         // where the config comes from, for evidence
}

// InjectorConfig is what injectRequired reads of the injector's config
// (pkg/kube/inject/inject.go Config: policy, neverInjectSelector,
// alwaysInjectSelector).
type InjectorConfig struct {
	Policy string // "enabled" | "disabled" | anything else: injection off
	Never  []selector
	Always []selector
}

// injectorWebhook is one webhook of an injector's
// MutatingWebhookConfiguration: the pods it sends to the injector.
type injectorWebhook struct {
	Name      string // e.g. rev.namespace.sidecar-injector.istio.io
	Config    string // the MutatingWebhookConfiguration's name
	Revision  string // the revision whose injector it calls (istio.io/rev of the configuration)
	Namespace selector
	Object    selector
}

// injectors is the installed injection: webhooks and the injector of each
// revision. Declared is true when the inputs hold the webhooks (else the
// chart's defaults stand in).
type injectors struct {
	Webhooks []injectorWebhook
	ByRev    map[string]*Injector
	Declared bool
}

// defaultInjectorConfig is the chart's: values.yaml global.proxy.autoInject
// "enabled", sidecarInjectorWebhook.neverInjectSelector and
// alwaysInjectSelector empty.
func defaultInjectorConfig() InjectorConfig { return InjectorConfig{Policy: "enabled"} }

// chartWebhooks are the webhooks the chart renders for revision rev
// (mutatingwebhook.yaml; "default" stands for the default revision,
// whose .Values.revision is ""): rev.namespace and rev.object for the
// revision, and for the default revision also namespace and object. The
// auto webhook exists only with sidecarInjectorWebhook.enableNamespacesByDefault
// (false in values.yaml) and is not assumed.
func chartWebhooks(rev string) []injectorWebhook {
	cfg := "istio-sidecar-injector (chart defaults)"
	out := []injectorWebhook{
		{Name: "rev.namespace.sidecar-injector.istio.io", Config: cfg, Revision: rev,
			Namespace: sel(in(labelRev, rev), absent(labelInjection)), Object: sel(notIn(annInject, "false"))},
		{Name: "rev.object.sidecar-injector.istio.io", Config: cfg, Revision: rev,
			Namespace: sel(absent(labelRev), absent(labelInjection)), Object: sel(notIn(annInject, "false"), in(labelRev, rev))},
	}
	if rev != "default" {
		return out
	}
	return append(out,
		injectorWebhook{Name: "namespace.sidecar-injector.istio.io", Config: cfg, Revision: rev,
			Namespace: sel(in(labelInjection, "enabled")), Object: sel(notIn(annInject, "false"))},
		injectorWebhook{Name: "object.sidecar-injector.istio.io", Config: cfg, Revision: rev,
			Namespace: sel(absent(labelInjection), absent(labelRev)), Object: sel(in(annInject, "true"), absent(labelRev))})
}

const (
	labelRev       = "istio.io/rev"
	labelInjection = "istio-injection"
	// labelNSName is set by the API server on every namespace (Kubernetes
	// >= 1.21, NamespaceDefaultLabelName); the chart's auto webhook
	// selects on it.
	labelNSName = "kubernetes.io/metadata.name"
)

// injector returns the injector of revision rev: the one the inputs
// configure, else one with the chart's default config.
func (ij *injectors) injector(rev string) *Injector {
	if in := ij.ByRev[rev]; in != nil {
		return in
	}
	in := &Injector{Revision: rev, Config: defaultInjectorConfig(), Source: "chart defaults"}
	ij.ByRev[rev] = in
	return in
}

// assumeRevision adds the chart's webhooks of revision rev when the inputs
// hold no injector webhooks: a revision a label names is taken as
// installed.
func (ij *injectors) assumeRevision(rev string) {
	if ij.Declared || rev == "" {
		return
	}
	for _, wh := range ij.Webhooks {
		if wh.Revision == rev {
			return
		}
	}
	ij.Webhooks = append(ij.Webhooks, chartWebhooks(rev)...)
}

package oracle

import "testing"

// opt is one optional label or annotation value: absent, or this value.
type opt struct {
	set   bool
	value string
}

var absent = opt{}

func val(v string) opt { return opt{true, v} }

// grid enumerates namespace labels x namespace name x pod labels
// (sidecar.istio.io/inject, istio.io/rev, a tier label the never/always
// selectors of some installs read) x the inject annotation x hostNetwork.
func grid(full bool) []combo {
	nsLabels := []map[string]string{{}, {"istio-injection": "enabled"}, {"istio-injection": "disabled"},
		{"istio-injection": "other"}, {"istio.io/rev": "default"}, {"istio.io/rev": "canary"}, {"istio.io/rev": "prod"},
		{"istio-injection": "enabled", "istio.io/rev": "canary"}, {"istio-injection": "disabled", "istio.io/rev": "default"}}
	names, hostNet := []string{"app"}, []bool{false}
	if full {
		names, hostNet = []string{"app", "kube-node-lease"}, []bool{false, true}
	}
	injects := []opt{absent, val("true"), val("false"), val("yes"), val("")}
	revs := []opt{absent, val("default"), val("canary"), val("prod")}
	tiers := []opt{absent, val("batch")}
	anns := []opt{absent, val("true"), val("false")}
	var out []combo
	for _, nsl := range nsLabels {
		for _, name := range names {
			for _, inj := range injects {
				for _, rev := range revs {
					for _, tier := range tiers {
						for _, ann := range anns {
							for _, hn := range hostNet {
								c := combo{ns: name, nsLabels: nsl, podLabels: map[string]string{}, annotations: map[string]string{}, hostNetwork: hn}
								put(c.podLabels, "sidecar.istio.io/inject", inj)
								put(c.podLabels, "istio.io/rev", rev)
								put(c.podLabels, "tier", tier)
								put(c.annotations, "sidecar.istio.io/inject", ann)
								out = append(out, c)
							}
						}
					}
				}
			}
		}
	}
	return out
}

func put(m map[string]string, k string, o opt) {
	if o.set {
		m[k] = o.value
	}
}

// TestInjectionMatchesIstio compares, for every combination of the grid,
// whether meshlint gives the pod a sidecar with whether Istio does, for
// several installs rendered by Istio's installer. Some installs are given
// to meshlint as inputs; without them meshlint assumes the chart's
// defaults for every revision a label names, which the first setup
// checks against an install of exactly those revisions.
func TestInjectionMatchesIstio(t *testing.T) {
	def := renderInstall(t, "")
	canary := renderInstall(t, "  revision: canary\n")
	prod := renderInstall(t, "  revision: prod\n")
	setups := []struct {
		name     string
		installs []install
		given    []string // install objects meshlint reads
		full     bool
	}{
		{"no install in the inputs: the chart's defaults for revisions default, canary and prod", []install{def, canary, prod}, nil, true},
		{"the default install in the inputs", []install{def}, def.yaml, true},
		{"only revision canary installed", []install{canary}, canary.yaml, false},
		{"default and canary installed", []install{def, canary}, append(append([]string{}, def.yaml...), canary.yaml...), false},
		{"revision tag prod on revision canary", one(t, "  revision: canary\n  values:\n    revisionTags: [prod]\n"), nil, false},
		{"enableNamespacesByDefault", one(t, "  values:\n    sidecarInjectorWebhook:\n      enableNamespacesByDefault: true\n"), nil, true},
		{"policy disabled with an alwaysInjectSelector", one(t, "  values:\n    global:\n      proxy:\n        autoInject: disabled\n    sidecarInjectorWebhook:\n      alwaysInjectSelector: [{matchLabels: {tier: batch}}]\n"), nil, false},
		{"neverInjectSelector", one(t, "  values:\n    sidecarInjectorWebhook:\n      neverInjectSelector: [{matchExpressions: [{key: tier, operator: Exists}]}]\n"), nil, false},
	}
	policyOff := renderInstall(t, "  values:\n    global:\n      proxy:\n        autoInject: disabled\n")
	setups = append(setups, struct {
		name     string
		installs []install
		given    []string
		full     bool
	}{"policy disabled, only its ConfigMap in the inputs (other revisions a label names: chart defaults)",
		[]install{policyOff, canary, prod}, []string{policyOff.cmYAML}, false})
	total := 0
	for _, s := range setups {
		given := s.given
		if given == nil && len(s.installs) == 1 {
			given = s.installs[0].yaml
		}
		objs := load(t, given)
		c := newCluster(t, s.installs...)
		diffs := 0
		for _, combo := range grid(s.full) {
			total++
			want := c.injected(t, combo.nsLabels, combo.pod())
			got, why := meshlintMeshed(t, combo, objs)
			if got != want && diffs < 20 {
				diffs++
				t.Errorf("%s: %v: Istio injects %v, meshlint meshed %v (%s)", s.name, combo, want, got, why)
			}
		}
	}
	t.Logf("%d combinations compared", total)
}

func one(t *testing.T, spec string) []install { return []install{renderInstall(t, spec)} }

package oracle

import (
	"io/fs"
	"testing"

	"istio.io/istio/cni/pkg/util"
	istiomanifests "istio.io/istio/manifests"
	"sigs.k8s.io/yaml"

	"github.com/meshlint/meshlint/internal/manifest"
)

// cniSelectors are the ambient enablement selectors of the istio-cni
// chart built into the Istio module (values.yaml
// ambient.enablementSelectors), compiled by the CNI agent's own code.
func cniSelectors(t *testing.T) *util.CompiledEnablementSelectors {
	raw, err := fs.ReadFile(istiomanifests.BuiltinOrDir(""), "charts/istio-cni/values.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var values struct {
		Defaults struct {
			Ambient struct {
				EnablementSelectors []util.EnablementSelector `json:"enablementSelectors"`
			} `json:"ambient"`
		} `json:"_internal_defaults_do_not_set"`
	}
	if err := yaml.Unmarshal(raw, &values); err != nil {
		t.Fatal(err)
	}
	sel := values.Defaults.Ambient.EnablementSelectors
	if len(sel) == 0 {
		t.Fatal("the istio-cni chart has no ambient.enablementSelectors")
	}
	c, err := util.NewCompiledEnablementSelectors(sel)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// ambientGrid enumerates namespace labels (ambient, opt-out, injection,
// both) x the pod's istio.io/dataplane-mode label x its
// sidecar.istio.io/inject label x hostNetwork.
func ambientGrid() []combo {
	nsLabels := []map[string]string{{}, {"istio.io/dataplane-mode": "ambient"}, {"istio.io/dataplane-mode": "none"},
		{"istio.io/dataplane-mode": "Ambient"}, {"istio-injection": "enabled"}, {"istio-injection": "disabled"},
		{"istio-injection": "enabled", "istio.io/dataplane-mode": "ambient"}, {"istio.io/rev": "default", "istio.io/dataplane-mode": "ambient"}}
	modes := []opt{absent, val("ambient"), val("none"), val(""), val("sidecar")}
	injects := []opt{absent, val("true"), val("false")}
	var out []combo
	for _, nsl := range nsLabels {
		for _, mode := range modes {
			for _, inj := range injects {
				for _, hn := range []bool{false, true} {
					c := combo{ns: "app", nsLabels: nsl, podLabels: map[string]string{}, annotations: map[string]string{}, hostNetwork: hn}
					put(c.podLabels, "istio.io/dataplane-mode", mode)
					put(c.podLabels, "sidecar.istio.io/inject", inj)
					out = append(out, c)
				}
			}
		}
	}
	return out
}

// TestAmbientMembershipMatchesIstio compares meshlint's dataplane of each
// pod of the grid with Istio's: a sidecar when the injector webhooks of
// the default install inject one, else ambient when the CNI agent's
// enablement selectors match the pod (a pod with a sidecar never does).
func TestAmbientMembershipMatchesIstio(t *testing.T) {
	def := renderInstall(t, "")
	c := newCluster(t, def)
	sel := cniSelectors(t)
	diffs, total := 0, 0
	for _, combo := range ambientGrid() {
		total++
		want := "none"
		switch {
		case c.injected(t, combo.nsLabels, combo.pod()):
			want = "sidecar"
		case sel.Matches(combo.pod(), combo.nsLabels):
			want = "ambient"
		}
		got, why := meshlintDataplane(t, combo, nil)
		if got != want && diffs < 20 {
			diffs++
			t.Errorf("%v: Istio's dataplane %s, meshlint's %s (%s)", combo, want, got, why)
		}
	}
	t.Logf("%d combinations compared", total)
}

// meshlintDataplane is meshlint's dataplane for the combination, with
// the install objects given to it as inputs.
func meshlintDataplane(t *testing.T, c combo, given []*manifest.Object) (string, string) {
	w := meshlintWorkload(t, c, given)
	return w.Dataplane.String(), w.MeshedReason
}

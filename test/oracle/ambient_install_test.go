package oracle

import (
	"maps"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"istio.io/istio/cni/pkg/util"
	"istio.io/istio/operator/pkg/render"
	"sigs.k8s.io/yaml"
)

// cniInstall is the istio-cni-config ConfigMap of an ambient install, and
// the selectors the CNI agent compiles from it (cni/pkg/cmd/root.go:
// AMBIENT_ENABLEMENT_SELECTOR through sigs.k8s.io/yaml, then
// NewCompiledEnablementSelectors; AMBIENT_ENABLED).
type cniInstall struct {
	yaml     string
	enabled  bool
	compiled *util.CompiledEnablementSelectors
}

// renderCNI renders the ambient profile with Istio's installer and takes
// its istio-cni-config. The installer's values schema has no
// enablementSelectors, which users set as Helm values of the istio-cni
// chart: its template writes them with toYaml into the same key, as
// withSelectors does here.
func renderCNI(t *testing.T) map[string]any {
	t.Helper()
	file := filepath.Join(t.TempDir(), "iop.yaml")
	iop := "apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  profile: ambient\n"
	if err := os.WriteFile(file, []byte(iop), 0o600); err != nil {
		t.Fatal(err)
	}
	sets, _, err := render.GenerateManifest([]string{file}, nil, false, nil, nil)
	if err != nil {
		t.Fatalf("render the Istio charts: %v", err)
	}
	for _, set := range sets {
		for _, m := range set.Manifests {
			if m.GetKind() == "ConfigMap" && m.GetName() == "istio-cni-config" {
				return m.Object
			}
		}
	}
	t.Fatal("the ambient profile renders no istio-cni-config")
	return nil
}

// withSelectors is the ConfigMap with other values: selectors (YAML, ""
// to keep the chart's) and AMBIENT_ENABLED.
func withSelectors(t *testing.T, cm map[string]any, selectors string, enabled bool) cniInstall {
	t.Helper()
	data := map[string]any{}
	for k, v := range cm["data"].(map[string]any) {
		data[k] = v
	}
	if selectors != "" {
		var v any
		if err := yaml.Unmarshal([]byte(selectors), &v); err != nil {
			t.Fatal(err)
		}
		out, err := yaml.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		data["AMBIENT_ENABLEMENT_SELECTOR"] = string(out)
	}
	data["AMBIENT_ENABLED"] = strconv.FormatBool(enabled)
	var sel []util.EnablementSelector
	if err := yaml.Unmarshal([]byte(data["AMBIENT_ENABLEMENT_SELECTOR"].(string)), &sel); err != nil {
		t.Fatal(err)
	}
	compiled, err := util.NewCompiledEnablementSelectors(sel)
	if err != nil {
		t.Fatal(err)
	}
	obj := map[string]any{"apiVersion": "v1", "kind": "ConfigMap", "metadata": cm["metadata"], "data": data}
	text, err := yaml.Marshal(obj)
	if err != nil {
		t.Fatal(err)
	}
	return cniInstall{yaml: string(text), enabled: enabled, compiled: compiled}
}

// TestAmbientMembershipOfRenderedInstalls gives meshlint the
// istio-cni-config ConfigMap of several ambient installs and compares its
// dataplane for each pod of the grid (plus labels the custom selectors
// read) with the CNI agent's decision.
func TestAmbientMembershipOfRenderedInstalls(t *testing.T) {
	setups := []struct {
		name, selectors string
		enabled         bool
	}{
		{"the ambient profile", "", true},
		{"pods opt in by their own label only", "- podSelector: {matchLabels: {mesh: ambient}}\n", true},
		{"namespaces of team a, every pod but opted-out ones", "- podSelector: {matchExpressions: [{key: istio.io/dataplane-mode, operator: NotIn, values: [none]}]}\n  namespaceSelector: {matchExpressions: [{key: team, operator: In, values: [a]}]}\n", true},
		{"ambient disabled in the CNI", "", false},
	}
	c := newCluster(t, renderInstall(t, ""))
	cm := renderCNI(t)
	total := 0
	for _, s := range setups {
		cni := withSelectors(t, cm, s.selectors, s.enabled)
		given := load(t, []string{cni.yaml})
		diffs := 0
		for _, combo := range extendedAmbientGrid() {
			total++
			want := "none"
			switch {
			case c.injected(t, combo.nsLabels, combo.pod()):
				want = "sidecar"
			case cni.enabled && cni.compiled.Matches(combo.pod(), withName(combo.nsLabels, combo.ns)):
				want = "ambient"
			}
			got, why := meshlintDataplane(t, combo, given)
			if got != want && diffs < 20 {
				diffs++
				t.Errorf("%s: %v: Istio's dataplane %s, meshlint's %s (%s)", s.name, combo, want, got, why)
			}
		}
	}
	t.Logf("%d combinations compared", total)
}

// extendedAmbientGrid adds the labels the custom selectors read.
func extendedAmbientGrid() []combo {
	var out []combo
	for _, c := range ambientGrid() {
		for _, team := range []opt{absent, val("a"), val("b")} {
			for _, mesh := range []opt{absent, val("ambient")} {
				e := combo{ns: c.ns, nsLabels: maps.Clone(c.nsLabels), podLabels: maps.Clone(c.podLabels), annotations: c.annotations, hostNetwork: c.hostNetwork}
				put(e.nsLabels, "team", team)
				put(e.podLabels, "mesh", mesh)
				out = append(out, e)
			}
		}
	}
	return out
}

// withName adds the label the API server sets on every namespace.
func withName(l map[string]string, ns string) map[string]string {
	out := maps.Clone(l)
	out["kubernetes.io/metadata.name"] = ns
	return out
}

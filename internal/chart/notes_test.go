package chart

import (
	"strings"
	"testing"

	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/engine"
	"sigs.k8s.io/yaml"
)

// notes renders templates/NOTES.txt as helm install prints it (Helm's
// action.Install renders it with the release's templates and values).
func notes(t *testing.T, overrides, kube string) string {
	t.Helper()
	ch, err := loader.Load(chartDir(t))
	if err != nil {
		t.Fatal(err)
	}
	vals := map[string]any{}
	if err := yaml.Unmarshal([]byte(overrides), &vals); err != nil {
		t.Fatal(err)
	}
	caps := chartutil.DefaultCapabilities.Copy()
	if caps.KubeVersion, err = parseKube(kube); err != nil {
		t.Fatal(err)
	}
	opts := chartutil.ReleaseOptions{Name: releaseName, Namespace: releaseNS, IsInstall: true}
	top, err := chartutil.ToRenderValues(ch, vals, opts, caps)
	if err != nil {
		t.Fatal(err)
	}
	out, err := engine.Render(ch, top)
	if err != nil {
		t.Fatal(err)
	}
	text, ok := out["webhook/templates/NOTES.txt"]
	if !ok {
		t.Fatal("no NOTES.txt rendered")
	}
	return text
}

func parseKube(v string) (chartutil.KubeVersion, error) {
	kv, err := chartutil.ParseKubeVersion(v)
	if err != nil {
		return chartutil.KubeVersion{}, err
	}
	return *kv, nil
}

func TestTheNotesSayHowToCheckTheWebhookAndOptANamespaceOut(t *testing.T) {
	for _, tc := range []struct {
		name, values, kube string
		want, absent       []string
	}{
		{"the defaults", "", kubeVersion,
			[]string{"rollout status deployment/meshlint-webhook", "-n meshlint-system",
				"validatingwebhookconfiguration meshlint-webhook-validating", "--dry-run=server",
				"kubectl label namespace NAME meshlint.io/ignore-namespace=true"},
			[]string{"WARNING", "no preStop sleep", "allowedGroups", "may set, change"}},
		{"another opt-out label, the opt-out policy on", "webhooks: {optOutLabel: example.com/off}\nconfig: {webhook: {optOutLabel: example.com/off}}\noptOutPolicy: {enabled: true, allowedGroups: [platform-admins]}", kubeVersion,
			[]string{"kubectl label namespace NAME example.com/off=true", "Only the groups platform-admins may set"},
			[]string{"WARNING", "meshlint.io/ignore-namespace"}},
		{"labels that differ in the chart and the config", "webhooks: {optOutLabel: example.com/off}", kubeVersion,
			[]string{"WARNING: config.webhook.optOutLabel (meshlint.io/ignore-namespace) differs"}, nil},
		{"no opt-out label", `webhooks: {optOutLabel: ""}`, kubeVersion,
			[]string{"no namespace can opt out by label", "webhooks.excludedNamespaces"}, []string{"kubectl label"}},
		{"an API server before 1.30", "", "v1.29.0",
			[]string{"Rendered for Kubernetes v1.29.0: the pods have no preStop sleep"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := notes(t, tc.values, tc.kube)
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("NOTES lack %q:\n%s", w, text)
				}
			}
			for _, a := range tc.absent {
				if strings.Contains(text, a) {
					t.Errorf("NOTES have %q:\n%s", a, text)
				}
			}
		})
	}
}

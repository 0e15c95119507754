package mesh

import (
	"strings"
	"testing"
)

const meshedApp = `apiVersion: v1
kind: Namespace
metadata: {name: app, labels: {istio-injection: enabled}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: app}
spec:
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: web:1}]}
`

const revisionedPA = `---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: strict, namespace: app, labels: {istio.io/rev: %s}}
spec: {mtls: {mode: STRICT}}
`

const meshConfig = `---
apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: |-
    %s
`

// What --explain says of the Istio objects istiod may not read.
func TestExplainNamesObjectsIstiodMayNotRead(t *testing.T) {
	cases := []struct {
		name, yaml string
		want       string // "" when nothing is noted
	}{
		{"config of another revision than the injectors'", meshedApp + sprintf(revisionedPA, "canary"),
			"labelled istio.io/rev=canary: only the istiod of revision canary reads it"},
		{"config of the one revision the injectors are of", meshedApp + sprintf(revisionedPA, "default"), ""},
		{"a revision tag's name", meshedApp + sprintf(revisionedPA, "prod-stable"),
			"labelled istio.io/rev=prod-stable: only the istiod of revision prod-stable reads it (a revision tag's name is not a revision)"},
		{"the mesh config's discoverySelectors", meshedApp + sprintf(meshConfig, "discoverySelectors: [{matchLabels: {istio-discovery: enabled}}]"), "meshConfig.discoverySelectors is set: istiod reads Istio configuration and Services only in the namespaces they select"},
		{"an IstioOperator's discoverySelectors", meshedApp + `---
apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
metadata: {name: x, namespace: istio-system}
spec:
  meshConfig:
    discoverySelectors: [{matchLabels: {team: a}}]
`, "meshConfig.discoverySelectors is set"},
		{"a mesh config without them", meshedApp + sprintf(meshConfig, "trustDomain: corp.example"), ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var notes []string
			for _, n := range build(t, c.yaml).Undecided() {
				notes = append(notes, n.Object.Ref().String()+": "+n.Msg)
			}
			got := strings.Join(notes, "\n")
			if c.want == "" && strings.Contains(got, "istio.io/rev") || c.want == "" && strings.Contains(got, "discoverySelectors") {
				t.Errorf("noted:\n%s", got)
			}
			if c.want != "" && !strings.Contains(got, c.want) {
				t.Errorf("notes lack %q:\n%s", c.want, got)
			}
		})
	}
}

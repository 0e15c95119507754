package mesh

import (
	"slices"
	"testing"

	"github.com/meshlint/meshlint/internal/manifest"
)

const istioOperator = `apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
metadata: {name: installed-state, namespace: istio-system}
spec:
  tag: 1.23.4
  meshConfig:
    trustDomain: corp.example
    trustDomainAliases: [old.example]
  values:
    pilot:
      env: {PILOT_ENABLE_AMBIENT: "true", PILOT_AUTO_ALLOW_WAYPOINT_POLICY: "true"}
`

// What the inputs tell of istiod, source by source.
func TestIstiodFromTheInputs(t *testing.T) {
	cases := []struct {
		name, text string
		settings   IstioSettings
		minor      int
		td         string
		autoAllow  bool
		envKnown   bool
	}{
		{"nothing", "", IstioSettings{}, 0, "cluster.local", false, false},
		{"an IstioOperator", istioOperator, IstioSettings{}, 23, "corp.example", true, true},
		{"the istiod Deployment's image and env",
			sprintf(istiodDeployment, "1.25.0-distroless", `{name: PILOT_ENABLE_AMBIENT, value: "true"}, {name: PILOT_AUTO_ALLOW_WAYPOINT_POLICY, value: "1"}`),
			IstioSettings{}, 25, "cluster.local", true, true},
		{"the flag without PILOT_ENABLE_AMBIENT is off (registerAmbient)",
			sprintf(istiodDeployment, "1.25.0", `{name: PILOT_AUTO_ALLOW_WAYPOINT_POLICY, value: "true"}`),
			IstioSettings{}, 25, "cluster.local", false, true},
		{"an IstioOperator of the ambient profile has PILOT_ENABLE_AMBIENT",
			"apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nmetadata: {name: x, namespace: istio-system}\nspec:\n  profile: ambient\n  tag: 1.24.0\n",
			IstioSettings{}, 24, "cluster.local", false, true},
		{".meshlint.yaml wins", istioOperator,
			IstioSettings{Version: "1.26", TrustDomain: "cfg.example", Env: map[string]string{"PILOT_ENABLE_AMBIENT": "true"}},
			26, "cfg.example", false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := manifest.LoadBytes("istiod.yaml", []byte(c.text), manifest.Options{})
			if len(res.Errors) > 0 {
				t.Fatal(res.Errors)
			}
			s := DefaultSettings()
			s.Istio = c.settings
			in := Build(res.Objects, s).istiod()
			auto, known := in.flag("PILOT_AUTO_ALLOW_WAYPOINT_POLICY", false, true)
			if send, _ := in.flag("PILOT_ENABLE_SENDING_HBONE", true, true); known && c.name != "the flag without PILOT_ENABLE_AMBIENT is off (registerAmbient)" && !send {
				t.Errorf("PILOT_ENABLE_SENDING_HBONE off with PILOT_ENABLE_AMBIENT on")
			}
			if in.minor != c.minor || in.trustDomain != c.td || auto != c.autoAllow || known != c.envKnown {
				t.Errorf("got 1.%d %s auto-allow %v (known %v), want 1.%d %s %v (%v)", in.minor, in.trustDomain, auto, known,
					c.minor, c.td, c.autoAllow, c.envKnown)
			}
		})
	}
}

// withAliases is ReplaceTrustDomainAliases (trustdomain/bundle.go): the
// local trust domain, an alias and cluster.local expand to all of them,
// "*" and malformed principals stay, as does a foreign trust domain.
func TestPrincipalsWithTrustDomainAliases(t *testing.T) {
	bundle := []string{"td2", "td1"}
	cases := []struct {
		in   string
		want []string
	}{
		{"td1/ns/foo/sa/bar", []string{"td2/ns/foo/sa/bar", "td1/ns/foo/sa/bar"}},
		{"cluster.local/ns/foo/sa/bar", []string{"td2/ns/foo/sa/bar", "td1/ns/foo/sa/bar"}},
		{"other/ns/foo/sa/bar", []string{"other/ns/foo/sa/bar"}},
		{"*/ns/foo/sa/bar", []string{"*/ns/foo/sa/bar"}},
		{"sa/bar", []string{"sa/bar"}},
	}
	for _, c := range cases {
		if got := withAliases([]string{c.in}, bundle); !slices.Equal(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.in, got, c.want)
		}
	}
	if got := withAliases([]string{"td1/ns/foo/sa/bar"}, nil); !slices.Equal(got, []string{"td1/ns/foo/sa/bar"}) {
		t.Errorf("ztunnel (no bundle) rewrote %v", got)
	}
}

// The ambient profile's PILOT_ENABLE_AMBIENT is added to a copy of the
// IstioOperator's pilot.env: the map read is shared with every
// construction of equal entries (stringMap), so writing it would make a
// later install of the default profile with the same env read as ambient.
func TestTheAmbientProfileLeavesTheSharedEnvAlone(t *testing.T) {
	op := func(profile string) []*manifest.Object {
		text := "apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nmetadata: {name: x, namespace: istio-system}\n" +
			"spec:\n  profile: " + profile + "\n  values:\n    pilot:\n      env: {PILOT_TRACE_SAMPLING: \"1\"}\n"
		return manifest.LoadBytes("op.yaml", []byte(text), manifest.Options{}).Objects
	}
	if on, _ := Build(op("ambient"), DefaultSettings()).istiod().flag("PILOT_ENABLE_AMBIENT", false, false); !on {
		t.Fatal("the ambient profile does not enable ambient")
	}
	if on, known := Build(op("default"), DefaultSettings()).istiod().flag("PILOT_ENABLE_AMBIENT", false, false); on || !known {
		t.Errorf("the default profile after an ambient one reads PILOT_ENABLE_AMBIENT as %v (known %v), want off", on, known)
	}
}

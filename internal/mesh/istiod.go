package mesh

import (
	"maps"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/meshlint/meshlint/internal/manifest"
)

// What the inputs tell of the control plane: istiod's version and
// environment (its feature flags, pilot/pkg/features), and the mesh
// config's trust domain. The sources, first that tells wins: the
// `istio:` block of .meshlint.yaml (IstioSettings), the istiod
// Deployment (its discovery container's env and image tag), an
// IstioOperator (spec.values.pilot.env, spec.tag, spec.meshConfig), the
// root namespace's `istio` ConfigMap (mesh config).

// IstioSettings is .meshlint.yaml's `istio:` block.
type IstioSettings struct {
	Version            string            // "1.24" or "1.24.2"
	TrustDomain        string            // meshConfig.trustDomain
	TrustDomainAliases []string          // meshConfig.trustDomainAliases
	Env                map[string]string // istiod's environment, e.g. PILOT_AUTO_ALLOW_WAYPOINT_POLICY
}

// istiodInstall is the control plane as the inputs show it.
type istiodInstall struct {
	minor       int // Istio 1.minor; 0 when unknown
	versionFrom string
	env         map[string]string // nil when no source tells istiod's environment
	envFrom     string
	trustDomain string
	aliases     []string
	tdFrom      string
	tdKnown     bool // a source in the inputs or the config tells the trust domain
	noted       map[string]bool
}

// MeshConfigMap is the mesh config's ConfigMap, read in the root
// namespace (its data.mesh: trust domain, extension providers, the
// proxies' defaults).
const MeshConfigMap = "istio"

func (m *Model) istiod() *istiodInstall {
	if m.install == nil {
		m.install = m.loadIstiod()
	}
	return m.install
}

func (m *Model) loadIstiod() *istiodInstall {
	in := &istiodInstall{trustDomain: "cluster.local", tdFrom: "Istio's default (meshConfig.trustDomain unset)"}
	s := m.Settings.Istio
	in.setVersion(s.Version, ".meshlint.yaml istio.version")
	if s.Env != nil {
		in.env, in.envFrom = s.Env, ".meshlint.yaml istio.env"
	}
	for _, o := range m.Objects {
		switch {
		case o.Kind == "Deployment" && !o.Released() && isIstiod(o): // released: not istiod's (Preparer: rereads)
			in.fromDeployment(o)
		case o.Kind == "IstioOperator":
			if in.fromOperator(o) {
				m.noteDiscovery(o, "spec", "meshConfig", "discoverySelectors")
			}
		}
	}
	if cm := m.ConfigMaps[nsName{m.Settings.RootNamespace, MeshConfigMap}]; cm != nil {
		if in.fromMeshConfig(strAt(body(cm), "data", "mesh"), "mesh config "+cm.Ref().String()) {
			m.noteDiscovery(cm, "data", "mesh")
		}
	}
	if s.TrustDomain != "" {
		in.trustDomain, in.aliases, in.tdFrom, in.tdKnown = s.TrustDomain, s.TrustDomainAliases, ".meshlint.yaml istio.trustDomain", true
	}
	return in
}

// isIstiod: the chart's Deployment (app: istiod) or one running pilot's
// discovery container.
func isIstiod(o *manifest.Object) bool {
	if o.Labels()["app"] == "istiod" {
		return true
	}
	c := istiodContainer(o)
	return c != nil && strings.Contains(strAt(c, "image"), "/pilot")
}

func istiodContainer(o *manifest.Object) map[string]any {
	for _, c := range listAt(body(o), "spec", "template", "spec", "containers") {
		if cm := asMap(c); strAt(cm, "name") == "discovery" {
			return cm
		}
	}
	return nil
}

func (in *istiodInstall) fromDeployment(o *manifest.Object) {
	c := istiodContainer(o)
	if c == nil {
		return
	}
	if in.env == nil {
		in.env, in.envFrom = map[string]string{}, "the env of "+o.Ref().String()
		for _, e := range listAt(c, "env") {
			em := asMap(e)
			in.env[strAt(em, "name")] = strAt(em, "value")
		}
	}
	image := strAt(c, "image")
	if i := strings.LastIndex(image, ":"); i > strings.LastIndex(image, "/") {
		in.setVersion(image[i+1:], "the image of "+o.Ref().String())
	}
}

// fromOperator reads an IstioOperator; true when its meshConfig sets
// discoverySelectors.
func (in *istiodInstall) fromOperator(o *manifest.Object) bool {
	in.setVersion(strAt(body(o), "spec", "tag"), o.Ref().String()+" spec.tag")
	env := stringMap(mapAt(body(o), "spec", "values", "pilot", "env"))
	if _, set := env["PILOT_ENABLE_AMBIENT"]; !set && strAt(body(o), "spec", "profile") == "ambient" {
		// the ambient profile's pilot.env (manifests/helm-profiles/ambient.yaml)
		env = mergeEnv(env, "PILOT_ENABLE_AMBIENT", "true")
	}
	if in.env == nil && env != nil {
		in.env, in.envFrom = env, o.Ref().String()+" spec.values.pilot.env"
	}
	mc, _ := yaml.Marshal(mapAt(body(o), "spec", "meshConfig"))
	return in.fromMeshConfig(string(mc), o.Ref().String()+" spec.meshConfig")
}

// mergeEnv returns env with k set to v, in a new map: env may be shared
// with other constructions (stringMap).
func mergeEnv(env map[string]string, k, v string) map[string]string {
	out := make(map[string]string, len(env)+1)
	maps.Copy(out, env)
	out[k] = v
	return out
}

// fromMeshConfig reads a mesh config's trust domain; true when it sets
// discoverySelectors (istiod_unread.go).
func (in *istiodInstall) fromMeshConfig(text, from string) (discovery bool) {
	var mc struct {
		TrustDomain        string   `yaml:"trustDomain"`
		TrustDomainAliases []string `yaml:"trustDomainAliases"`
		DiscoverySelectors []any    `yaml:"discoverySelectors"`
	}
	if yaml.Unmarshal([]byte(text), &mc) != nil {
		return false
	}
	if mc.TrustDomain == "" { // unset: cluster.local, as the mesh config says
		in.tdKnown = in.tdKnown || strings.HasPrefix(from, "mesh config")
	} else {
		in.trustDomain, in.aliases, in.tdFrom, in.tdKnown = mc.TrustDomain, mc.TrustDomainAliases, from, true
	}
	return len(mc.DiscoverySelectors) > 0
}

// setVersion takes the first version it is given: "1.24", "1.24.2",
// "1.24.2-distroless"; a tag that is not 1.N (latest, a digest) tells
// nothing.
func (in *istiodInstall) setVersion(v, from string) {
	if in.minor != 0 {
		return
	}
	major, rest, ok := strings.Cut(strings.TrimPrefix(v, "v"), ".")
	minor, _, _ := strings.Cut(rest, ".")
	minor, _, _ = strings.Cut(minor, "-")
	if n, err := strconv.Atoi(minor); ok && major == "1" && err == nil {
		in.minor, in.versionFrom = n, from
	}
}

// flag reads a boolean feature flag of istiod (env.Register: strconv
// ParseBool, the default when unset or unparsable). Flags registered with
// registerAmbient (pilot/pkg/features/ambient.go) take their ambient
// default only when PILOT_ENABLE_AMBIENT is on, and are off otherwise.
// known is false when no source tells istiod's environment.
func (in *istiodInstall) flag(name string, def, ambientOnly bool) (val, known bool) {
	if in.env == nil {
		return def, false
	}
	if ambientOnly {
		if on, _ := in.flag("PILOT_ENABLE_AMBIENT", false, false); !on {
			return false, true
		}
	}
	if b, err := strconv.ParseBool(in.env[name]); err == nil {
		return b, true
	}
	return def, true
}

// noteTrustDomain tells --explain when a decision on identities rests on
// the default trust domain because the inputs hold no mesh config.
func (m *Model) noteTrustDomain(o *manifest.Object) {
	if in := m.istiod(); !in.tdKnown {
		m.noteOnce(o, "the mesh config is not in the inputs: the trust domain is taken as cluster.local, its default "+
			"(add the istio ConfigMap of "+m.Settings.RootNamespace+", or istio.trustDomain in .meshlint.yaml)")
	}
}

// noteOnce adds an --explain note once per object and text.
func (m *Model) noteOnce(o *manifest.Object, msg string) {
	in := m.istiod()
	key := o.Ref().String() + "\x00" + msg
	if in.noted[key] {
		return
	}
	if in.noted == nil {
		in.noted = map[string]bool{}
	}
	in.noted[key] = true
	m.note(o, o.Line, msg)
}

package mesh

import (
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Whether a sidecar speaks HBONE, which decides the hops between a sidecar
// and an ambient workload. The injection template labels the pod
// networking.istio.io/tunnel: http when the proxy's metadata sets
// ISTIO_META_ENABLE_HBONE "true" (istio-discovery
// files/injection-template.yaml), which the ambient profile puts in the
// mesh config's defaultConfig.proxyMetadata (manifests/helm-profiles/
// ambient.yaml) and a pod may set in its proxy.istio.io/config annotation;
// istiod then tunnels to and from it over HBONE
// (pilot/pkg/serviceregistry/ambient/workloads.go setTunnelProtocol,
// model.SupportsTunnel).

const (
	labelTunnel     = "networking.istio.io/tunnel"
	annProxyConfig  = "proxy.istio.io/config"
	metaEnableHBONE = "ISTIO_META_ENABLE_HBONE"
)

// sidecarHBONE reports whether w's sidecar speaks HBONE, and whether the
// inputs tell.
// A nil w (a controller the inputs lack) has only the mesh config.
func (m *Model) sidecarHBONE(w *Workload) (yes, known bool) {
	if w != nil {
		if v, ok := w.Labels[labelTunnel]; ok {
			return slices.Contains(strings.Split(v, ","), "http"), true // SupportsTunnel: a comma-separated list
		}
		if v, ok := proxyMetadata(w.Annotations[annProxyConfig])[metaEnableHBONE]; ok {
			return v == "true", true
		}
	}
	cm := m.ConfigMaps[nsName{m.Settings.RootNamespace, "istio"}]
	if cm == nil {
		return false, false
	}
	var mc struct {
		DefaultConfig struct {
			ProxyMetadata map[string]string `yaml:"proxyMetadata"`
		} `yaml:"defaultConfig"`
	}
	if err := yaml.Unmarshal([]byte(strAt(cm.Body, "data", "mesh")), &mc); err != nil {
		return false, false
	}
	return mc.DefaultConfig.ProxyMetadata[metaEnableHBONE] == "true", true
}

// proxyMetadata reads proxyMetadata of a proxy.istio.io/config value.
func proxyMetadata(config string) map[string]string {
	var pc struct {
		ProxyMetadata map[string]string `yaml:"proxyMetadata"`
	}
	_ = yaml.Unmarshal([]byte(config), &pc)
	return pc.ProxyMetadata
}

// mixedTransport decides a hop between a sidecar and an ambient end: HBONE
// mTLS when the sidecar speaks it, else unknown (what a sidecar without
// HBONE sends an ambient pod, and ztunnel a sidecar pod, rests on istiod
// flags the manifests do not hold).
func (m *Model) mixedTransport(h *Hop, sidecar *Workload) (string, string) {
	yes, known := m.sidecarHBONE(sidecar)
	name := "the client"
	if sidecar != nil {
		name = sidecar.Ref.String()
	}
	switch {
	case yes:
		return OutMTLS, "HBONE mTLS between " + name + "'s sidecar and ztunnel (" + metaEnableHBONE + ")"
	case known:
		return OutUnknown, name + "'s sidecar does not speak HBONE (no " + metaEnableHBONE + "): what crosses between it and ztunnel rests on istiod's settings, which the inputs do not hold"
	}
	return OutUnknown, "a sidecar and an ambient end: whether the sidecar speaks HBONE (" + metaEnableHBONE + " in the mesh config, the ambient profile's) is not in the inputs"
}

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
	md := m.meshProxyMetadata()
	if md == nil {
		return false, false
	}
	return md[metaEnableHBONE] == "true", true
}

// meshProxyMetadata is the mesh config's defaultConfig.proxyMetadata: nil
// when the inputs lack the mesh config, empty when it sets none.
func (m *Model) meshProxyMetadata() map[string]string {
	cm := m.ConfigMaps[nsName{m.Settings.RootNamespace, MeshConfigMap}]
	if cm == nil {
		return nil
	}
	var mc struct {
		DefaultConfig struct {
			ProxyMetadata map[string]string `yaml:"proxyMetadata"`
		} `yaml:"defaultConfig"`
	}
	if err := yaml.Unmarshal([]byte(strAt(body(cm), "data", "mesh")), &mc); err != nil || mc.DefaultConfig.ProxyMetadata == nil {
		return map[string]string{}
	}
	return mc.DefaultConfig.ProxyMetadata
}

// proxyMetadata reads proxyMetadata of a proxy.istio.io/config value.
func proxyMetadata(config string) map[string]string {
	var pc struct {
		ProxyMetadata map[string]string `yaml:"proxyMetadata"`
	}
	_ = yaml.Unmarshal([]byte(config), &pc)
	return pc.ProxyMetadata
}

// mixedTransport decides a hop between a sidecar and an ambient end.
// sidecar is the sidecar end's workload (nil for a proxy the inputs lack).
func (m *Model) mixedTransport(h *Hop, sidecar *Workload) (out, why string, ok bool) {
	if h.Server == sidecar {
		return m.ztunnelToSidecar(h, sidecar)
	}
	return m.sidecarToZtunnel(h, sidecar)
}

// ztunnelToSidecar: the client's ztunnel sends HBONE to a workload whose
// tunnel protocol is HBONE (the pod's networking.istio.io/tunnel label,
// set by the injector when the proxy speaks HBONE: workloads.go
// setTunnelProtocol), else the connection as it is, in plaintext, to the
// pod's port (ztunnel src/proxy/outbound.rs build_request,
// OutboundProtocol::from(us.workload.protocol)): the sidecar then judges
// plaintext by its PeerAuthentication (ok false: the sidecar model
// decides).
func (m *Model) ztunnelToSidecar(h *Hop, server *Workload) (string, string, bool) {
	yes, known := m.sidecarHBONE(server)
	switch {
	case yes:
		return OutMTLS, "HBONE mTLS from the client's ztunnel to " + server.Ref.String() + "'s sidecar (" + metaEnableHBONE + ")", true
	case known:
		return "", "", false
	}
	return OutUnknown, "ztunnel tunnels to a sidecar only when it speaks HBONE (" + metaEnableHBONE + " in the mesh config, the ambient profile's), else it sends plaintext: the inputs do not say which", true
}

// sidecarToZtunnel: from Istio 1.22 a sidecar (or an Istio gateway)
// tunnels over HBONE to every endpoint istiod knows as HBONE-capable, as
// the CNI's ambient.istio.io/redirection annotation makes an ambient pod
// (pilot/pkg/xds/endpoints/endpoint_builder.go supportTunnel and
// buildIstioEndpoint; 1.21's supportTunnel first asked the proxy's own
// EnableHBONE), when istiod sends HBONE at all (PILOT_ENABLE_SENDING_HBONE,
// on with PILOT_ENABLE_AMBIENT: pilot/pkg/features/ambient.go) and the
// proxy does not opt out (ISTIO_META_DISABLE_HBONE_SEND).
func (m *Model) sidecarToZtunnel(h *Hop, client *Workload) (string, string, bool) {
	name := "the client"
	if client != nil {
		name = client.Ref.String()
	}
	in := m.istiod()
	meta, metaKnown := m.sidecarHBONE(client)
	send, sendKnown := in.flag("PILOT_ENABLE_SENDING_HBONE", true, true)
	switch {
	case m.disablesHBONESend(client):
		return m.sidecarPlain(h, name+"'s proxy sets "+metaDisableHBONE)
	case sendKnown && !send:
		return m.sidecarPlain(h, "istiod sends no HBONE ("+in.envFrom+": PILOT_ENABLE_AMBIENT or PILOT_ENABLE_SENDING_HBONE off)")
	case in.minor >= 22:
		return OutMTLS, "HBONE mTLS from " + name + "'s sidecar to the ambient pod's ztunnel (Istio 1." + itoa(in.minor) +
			", " + in.versionFrom + ": sidecars tunnel to ambient pods)", true
	case meta:
		return OutMTLS, "HBONE mTLS between " + name + "'s sidecar and ztunnel (" + metaEnableHBONE + ")", true
	case in.minor > 0 && metaKnown:
		return m.sidecarPlain(h, "Istio 1."+itoa(in.minor)+" ("+in.versionFrom+") tunnels only from proxies with "+metaEnableHBONE+", which "+name+"'s sidecar lacks")
	}
	return OutUnknown, name + "'s sidecar tunnels to the ambient pod over HBONE from Istio 1.22 on, before only with " + metaEnableHBONE +
		": the inputs tell neither Istio's version (istiod's Deployment, or istio.version in .meshlint.yaml) nor that metadata", true
}

// sidecarPlain: a sidecar that does not tunnel sends what auto mTLS picks
// for an endpoint without the tlsMode=istio label, plaintext
// (cluster_tls.go), or the DestinationRule's TLS; ztunnel takes it on its
// plaintext inbound port and applies the PeerAuthentication.
func (m *Model) sidecarPlain(h *Hop, cause string) (string, string, bool) {
	switch {
	case h.ClientTLS == "ISTIO_MUTUAL":
		return OutRejected, cause + ": the sidecar sends Istio mTLS (DestinationRule ISTIO_MUTUAL) to the ambient pod's port, which only ztunnel's HBONE terminates: TLS handshake failure", true
	case h.Captured && h.ServerMode.Mode == "STRICT":
		return OutRejected, cause + ": plaintext to an ambient pod whose PeerAuthentication is STRICT: ztunnel resets the connection", true
	case h.Captured:
		return OutPlaintext, cause + ": plaintext, accepted by ztunnel in " + h.ServerMode.Mode + " mode", true
	}
	return OutPlaintext, cause + ": plaintext to a pod that bypasses ztunnel's inbound capture", true
}

const metaDisableHBONE = "ISTIO_META_DISABLE_HBONE_SEND"

// disablesHBONESend reads the proxy's DISABLE_HBONE_SEND metadata
// (pilot/pkg/model/context.go NodeMetadata.DisableHBONESend): the pod's
// proxy.istio.io/config, else the mesh config's defaultConfig.
func (m *Model) disablesHBONESend(w *Workload) bool {
	if w != nil {
		if v, ok := proxyMetadata(w.Annotations[annProxyConfig])[metaDisableHBONE]; ok {
			return v == "true"
		}
	}
	return m.meshProxyMetadata()[metaDisableHBONE] == "true"
}

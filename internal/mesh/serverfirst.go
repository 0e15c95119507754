package mesh

import "strings"

// serverFirst reports whether the workload serves a server-first protocol
// on the port: the container behind the port runs a server-first image
// (configurable), or the port is a well-known server-first port.
// Istio: https://istio.io/latest/docs/ops/deployment/application-requirements/#server-first-protocols
func (m *Model) serverFirst(w *Workload, svcPort, containerPort int) bool {
	for _, p := range m.Settings.ServerFirstPorts {
		if p == svcPort || p == containerPort {
			return true
		}
	}
	return m.serverFirstImageOn(w, containerPort) != ""
}

// serverFirstImageOn returns the server-first image of the container that
// serves containerPort: the container declaring it, else the only
// application container; "" when none is server-first (an exporter
// sidecar beside mysql serves HTTP, not MySQL).
func (m *Model) serverFirstImageOn(w *Workload, containerPort int) string {
	var apps []Container
	for _, c := range w.Containers {
		for _, p := range c.Ports {
			if p.Port == containerPort {
				return m.serverFirstRepo(c.Image)
			}
		}
		if c.Name != "istio-proxy" {
			apps = append(apps, c)
		}
	}
	if len(apps) == 1 {
		return m.serverFirstRepo(apps[0].Image)
	}
	return ""
}

// serverFirstImage returns the first container image that is a server-first
// database.
func (m *Model) serverFirstImage(w *Workload) string {
	for _, c := range w.Containers {
		if img := m.serverFirstRepo(c.Image); img != "" {
			return img
		}
	}
	return ""
}

// serverFirstRepo matches an image on its repository or its last path
// element against the configured server-first images.
func (m *Model) serverFirstRepo(image string) string {
	repo := ImageRepo(image)
	last := repo[strings.LastIndex(repo, "/")+1:]
	for _, img := range m.Settings.ServerFirstImages {
		if img == repo || img == last || img == strings.TrimPrefix(repo, "library/") {
			return image
		}
	}
	return ""
}

// hangs: a server-first protocol behind a sidecar that waits for the
// client to speak first. On a sniffed port protocol detection waits
// (both sidecars); under PERMISSIVE the server sidecar's TLS detection
// waits for a plaintext client's first bytes (docs/mesh-semantics.md §8).
// A meshed client's sidecar sniffs a sniffed port too, with no detection
// timeout by default (pilot/pkg/networking/core/listener.go,
// ListenerFiltersTimeout = ProtocolDetectionTimeout, 0 in
// pkg/config/mesh/mesh.go), so it hangs even towards an unmeshed server.
func (m *Model) hangs(h *Hop) (bool, string) {
	if !h.ServerFirst {
		return false, ""
	}
	// ztunnel does not sniff: an ambient server's captured port is plain
	// L4, so only a sidecar's capture counts here.
	sidecar := h.Captured && h.Server.Meshed
	if h.Port.Protocol == Sniffed && (sidecar || h.Route == RouteSniffed) {
		return true, "a server-first protocol on a port Istio sniffs: the sidecar waits for the client to speak, the client waits for the server's greeting"
	}
	if !sidecar {
		return false, ""
	}
	if h.ServerMode.Mode == "PERMISSIVE" && !m.sendsMTLS(h) {
		return true, "a plaintext client of a server-first protocol under PERMISSIVE: the server sidecar waits for the client's first bytes to tell TLS from plaintext"
	}
	return false, ""
}

package mesh

import "strings"

// serverFirst reports whether the workload serves a server-first protocol
// on the port: its image is a server-first database (configurable), or the
// port is a well-known server-first port.
// Istio: https://istio.io/latest/docs/ops/deployment/application-requirements/#server-first-protocols
func (m *Model) serverFirst(w *Workload, svcPort, containerPort int) bool {
	for _, p := range m.Settings.ServerFirstPorts {
		if p == svcPort || p == containerPort {
			return true
		}
	}
	return m.serverFirstImage(w) != ""
}

// serverFirstImage returns the first container image that is a server-first
// database, matched on the repository or its last path element.
func (m *Model) serverFirstImage(w *Workload) string {
	for _, c := range w.Containers {
		repo := ImageRepo(c.Image)
		last := repo[strings.LastIndex(repo, "/")+1:]
		for _, img := range m.Settings.ServerFirstImages {
			if img == repo || img == last || img == strings.TrimPrefix(repo, "library/") {
				return c.Image
			}
		}
	}
	return ""
}

// hangs: a server-first protocol behind a sidecar that waits for the
// client to speak first. On a sniffed port protocol detection waits
// (both sidecars); under PERMISSIVE the server sidecar's TLS detection
// waits for a plaintext client's first bytes (MESH-SEMANTICS.md §8).
func (m *Model) hangs(h *Hop) (bool, string) {
	if !h.ServerFirst || !h.Captured {
		return false, ""
	}
	if h.Port.Protocol == Sniffed {
		return true, "a server-first protocol on a port Istio sniffs: the sidecar waits for the client to speak, the client waits for the server's greeting"
	}
	if h.ServerMode.Mode == "PERMISSIVE" && !m.sendsMTLS(h) {
		return true, "a plaintext client of a server-first protocol under PERMISSIVE: the server sidecar waits for the client's first bytes to tell TLS from plaintext"
	}
	return false, ""
}

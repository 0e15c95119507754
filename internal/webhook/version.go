package webhook

import (
	"encoding/json"
	"net/http"

	buildinfo "github.com/meshlint/meshlint/internal/version"
)

// versionPath serves which meshlint answers, on the webhook's HTTPS port
// beside /validate and /mutate: what meshlint_build_info says on the
// metrics port, for whoever reaches the Service (`kubectl port-forward`,
// or the API server's service proxy) without a Prometheus.
const versionPath = "/version"

// versionInfo is the body of /version: the names of meshlint_build_info's
// labels.
type versionInfo struct {
	Version   string `json:"version"`
	Commit    string `json:"commit"`
	GoVersion string `json:"goversion"`
}

// versionHandler answers GET (and HEAD) with b as JSON.
func versionHandler(b buildinfo.Info) http.Handler {
	body, _ := json.Marshal(versionInfo{Version: b.Version, Commit: b.Commit, GoVersion: b.GoVersion}) // strings only: cannot fail
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, versionPath+" takes GET", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(append(body, '\n'))
	})
}

package topology

import (
	"encoding/json"
	"io"
)

// writeJSON prints the topology in the shape the package documents.
func writeJSON(w io.Writer, t *Topology) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // "web -> was:8080", not "web -\u003e was:8080"
	return enc.Encode(t)
}

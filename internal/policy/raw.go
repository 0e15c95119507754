package policy

import (
	"encoding/json"
	"fmt"

	"github.com/meshlint/meshlint/internal/manifest"
)

// Raw is a finding as a rule emits it. Severity is optional (the
// catalogue's default applies); Line 0 means the object's own line.
type Raw struct {
	Rule        string         `json:"rule"`
	Name        string         `json:"name"` // for rules outside the catalogue
	Severity    string         `json:"severity"`
	Object      manifest.Ref   `json:"object"`
	Line        int            `json:"line"`
	Message     string         `json:"message"`
	Remediation string         `json:"remediation"`
	Related     []manifest.Ref `json:"related"`
}

func decodeRaw(v any) (Raw, error) {
	var r Raw
	b, err := json.Marshal(v)
	if err == nil {
		err = json.Unmarshal(b, &r)
	}
	if err == nil && (r.Rule == "" || r.Object.Kind == "" || r.Message == "") {
		err = fmt.Errorf("needs rule, object.kind and message")
	}
	if err != nil {
		return Raw{}, fmt.Errorf("malformed finding %v: %w", v, err)
	}
	return r, nil
}

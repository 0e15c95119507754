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

// decodeRaw reads a finding from the value a rule produced: directly when
// it has the documented shape, through JSON otherwise (which also names
// what is wrong with it).
func decodeRaw(v any) (Raw, error) {
	r, ok := fastRaw(v)
	var err error
	if !ok {
		r = Raw{}
		var b []byte
		if b, err = json.Marshal(v); err == nil {
			err = json.Unmarshal(b, &r)
		}
	}
	if err == nil && (r.Rule == "" || r.Object.Kind == "" || r.Message == "") {
		err = fmt.Errorf("needs rule, object.kind and message")
	}
	if err != nil {
		return Raw{}, fmt.Errorf("malformed finding %v: %w", v, err)
	}
	return r, nil
}

func fastRaw(v any) (Raw, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		return Raw{}, false
	}
	r := Raw{}
	ok = str(m, "rule", &r.Rule) && str(m, "name", &r.Name) && str(m, "severity", &r.Severity) &&
		str(m, "message", &r.Message) && str(m, "remediation", &r.Remediation)
	if !ok {
		return Raw{}, false
	}
	if r.Object, ok = ref(m["object"]); !ok {
		return Raw{}, false
	}
	if l, present := m["line"]; present {
		n, isNum := l.(json.Number)
		i, err := n.Int64()
		if !isNum || err != nil {
			return Raw{}, false
		}
		r.Line = int(i)
	}
	rel, _ := m["related"].([]any)
	for _, x := range rel {
		rr, ok := ref(x)
		if !ok {
			return Raw{}, false
		}
		r.Related = append(r.Related, rr)
	}
	return r, m["related"] == nil || rel != nil
}

// str reads an optional string field; false when present but not a string.
func str(m map[string]any, k string, dst *string) bool {
	v, present := m[k]
	if !present || v == nil {
		return true
	}
	s, ok := v.(string)
	*dst = s
	return ok
}

func ref(v any) (manifest.Ref, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		return manifest.Ref{}, false
	}
	var r manifest.Ref
	ok = str(m, "apiVersion", &r.APIVersion) && str(m, "kind", &r.Kind) &&
		str(m, "namespace", &r.Namespace) && str(m, "name", &r.Name)
	return r, ok
}

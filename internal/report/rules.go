package report

import (
	"cmp"
	"errors"
	"slices"
	"strings"

	"github.com/meshlint/meshlint/internal/catalog"
	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/manifest"
)

// rule is a rule as the sarif and junit formats list it: the catalogue
// entry, or for a user rule (Rego loaded with --policy) only its ID and the
// name its findings carry.
type rule struct {
	catalog.Rule
	Catalogued bool
}

// title names a rule the way people read it: "ML201 host-header-passthrough".
func (r rule) title() string {
	if r.Name == "" {
		return r.ID
	}
	return r.ID + " " + r.Name
}

// rulesOf returns every rule of ids and of fs once, sorted by ID.
func rulesOf(ids []string, fs []finding.Finding) []rule {
	byID := map[string]rule{}
	add := func(id, name string) {
		if _, seen := byID[id]; seen {
			return
		}
		if c, ok := catalog.Lookup(id); ok && c.Kind == catalog.KindRule {
			byID[id] = rule{Rule: c, Catalogued: true}
			return
		}
		byID[id] = rule{Rule: catalog.Rule{ID: id, Name: name, Kind: catalog.KindRule}}
	}
	for _, f := range fs { // first, so a user rule gets its name
		add(f.Rule, f.Name)
	}
	for _, id := range ids {
		add(id, "")
	}
	out := make([]rule, 0, len(byID))
	for _, r := range byID {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b rule) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// ranRules returns the IDs of the rules that ran: r.Rules, or the whole
// catalogue when the caller did not say.
func ranRules(r *Report) []string {
	if r.Rules != nil {
		return r.Rules
	}
	return catalogIDs()
}

func catalogIDs() []string {
	rs := catalog.Rules()
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	return ids
}

// inputError splits an input error into where and what: a *manifest.Error
// carries its file and line, anything else only its text.
func inputError(err error) (file string, line int, msg string) {
	var me *manifest.Error
	if errors.As(err, &me) {
		return me.File, me.Line, me.Msg
	}
	return "", 0, err.Error()
}

// withFix appends the remediation to a message, for formats with one text
// field: "message. Fix: remediation".
func withFix(f *finding.Finding) string {
	if f.Remediation == "" {
		return f.Message
	}
	msg := f.Message
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg + " Fix: " + f.Remediation
}

// severityWord names a severity in a format's words: error and warning
// are the same everywhere; info and none differ (SARIF's note and none,
// GitHub's notice and recommendation).
func severityWord(s finding.Severity, info, none string) string {
	switch s {
	case finding.Error:
		return "error"
	case finding.Warning:
		return "warning"
	case finding.Info:
		return info
	}
	return none
}

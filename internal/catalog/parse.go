package catalog

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/meshlint/meshlint/internal/finding"
)

// file mirrors catalog.yaml.
type file struct {
	Rules     []entry `yaml:"rules"`
	Mutations []entry `yaml:"mutations"`
}

type entry struct {
	ID          string    `yaml:"id"`
	Name        string    `yaml:"name"`
	Severity    string    `yaml:"severity"`
	ReportedOn  string    `yaml:"reportedOn"`
	Modes       string    `yaml:"modes"`
	Summary     string    `yaml:"summary"`
	Description string    `yaml:"description"`
	Remediation string    `yaml:"remediation"`
	Variants    []variant `yaml:"variants"`
	Never       string    `yaml:"never"`
	Semantics   []string  `yaml:"semantics"`
}

type variant struct {
	Severity string `yaml:"severity"`
	When     string `yaml:"when"`
}

func parse(data []byte) (*table, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var f file
	if err := dec.Decode(&f); err != nil {
		return nil, err
	}
	t := &table{byID: map[string]Rule{}}
	var err error
	if t.rules, err = convert(f.Rules, KindRule); err != nil {
		return nil, err
	}
	if t.mutations, err = convert(f.Mutations, KindMutation); err != nil {
		return nil, err
	}
	for _, r := range append(slices.Clone(t.rules), t.mutations...) {
		if _, dup := t.byID[r.ID]; dup {
			return nil, fmt.Errorf("%s: duplicate ID", r.ID)
		}
		t.byID[r.ID] = r
	}
	return t, nil
}

func convert(es []entry, kind Kind) ([]Rule, error) {
	out := make([]Rule, 0, len(es))
	for _, e := range es {
		r, err := e.rule(kind)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", e.ID, err)
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b Rule) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

var (
	ruleID      = regexp.MustCompile(`^ML[0-9]{3}$`) // ML0xx: the inputs as the API server accepts them
	mutationID  = regexp.MustCompile(`^MM[0-9]{2}$`)
	kebab       = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
	modesPrefix = regexp.MustCompile(`^(any|sidecar and ambient|sidecar|ambient)\b`)
)

func (e entry) rule(kind Kind) (Rule, error) {
	r := Rule{ID: e.ID, Name: e.Name, Kind: kind, ReportedOn: e.ReportedOn, Modes: e.Modes,
		Summary: e.Summary, Description: e.Description, Remediation: e.Remediation,
		Never: e.Never, Semantics: e.Semantics}
	if err := e.check(kind); err != nil {
		return r, err
	}
	if kind == KindRule {
		sev, err := ruleSeverity(e.Severity)
		if err != nil {
			return r, err
		}
		r.Severity = sev
	}
	for _, v := range e.Variants {
		sev, err := ruleSeverity(v.Severity)
		if err != nil {
			return r, fmt.Errorf("variant: %w", err)
		}
		r.Variants = append(r.Variants, Variant{Severity: sev, When: v.When})
	}
	return r, nil
}

// check enforces the shape RULES.md asks of every entry.
func (e entry) check(kind Kind) error {
	idOK := ruleID.MatchString(e.ID)
	if kind == KindMutation {
		idOK = mutationID.MatchString(e.ID)
	}
	switch {
	case !idOK:
		return fmt.Errorf("malformed %s ID", kind)
	case !kebab.MatchString(e.Name):
		return fmt.Errorf("name %q is not kebab-case", e.Name)
	case e.Summary == "" || strings.Contains(e.Summary, "\n"):
		return fmt.Errorf("summary must be one non-empty line")
	case e.ReportedOn == "" || e.Description == "" || e.Remediation == "" || len(e.Semantics) == 0:
		return fmt.Errorf("reportedOn, description, remediation and semantics are required")
	case kind == KindMutation && (e.Severity != "" || len(e.Variants) > 0):
		return fmt.Errorf("a mutation has no severity")
	case kind == KindMutation && e.Never == "":
		return fmt.Errorf("a mutation must say what it never does")
	case kind == KindRule && e.Never != "":
		return fmt.Errorf("never is for mutations")
	case kind == KindRule && !modesPrefix.MatchString(e.Modes):
		return fmt.Errorf("modes must start with the dataplane modes the rule applies to (any, sidecar, ambient, sidecar and ambient)")
	case kind == KindMutation && e.Modes != "":
		return fmt.Errorf("modes is for rules")
	}
	return nil
}

func ruleSeverity(s string) (finding.Severity, error) {
	sev, err := finding.ParseSeverity(s)
	if err == nil && sev == finding.None {
		err = fmt.Errorf("severity none is not a rule severity")
	}
	return sev, err
}

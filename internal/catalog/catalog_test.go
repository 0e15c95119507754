package catalog

import (
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/finding"
)

// want is the catalogue as RULES.md defines it: ID, name, default severity
// (finding.None for mutations).
var want = []struct {
	id, name string
	sev      finding.Severity
}{
	{"ML001", "istio-schema", finding.Error},
	{"ML002", "duplicate-object", finding.Warning},
	{"ML101", "strict-mtls-behind-unmeshed-ingress", finding.Error},
	{"ML102", "plaintext-to-strict-workload", finding.Error},
	{"ML103", "istio-mutual-to-unmeshed-workload", finding.Error},
	{"ML104", "meshed-service-without-istio-mutual", finding.Info},
	{"ML105", "port-level-mtls-unbound-port", finding.Warning},
	{"ML106", "peer-authentication-ignored", finding.Warning},
	{"ML107", "istio-mutual-to-mtls-disabled-workload", finding.Error},
	{"ML108", "mixed-dataplane-plaintext-refused", finding.Error},
	{"ML201", "host-header-passthrough", finding.Error},
	{"ML202", "host-header-misroute", finding.Error},
	{"ML203", "meshed-ingress-nginx-without-service-upstream", finding.Warning},
	{"ML204", "service-not-exported-to-client", finding.Error},
	{"ML205", "sidecar-egress-hides-destination", finding.Error},
	{"ML301", "server-first-protocol-in-mesh", finding.Error},
	{"ML302", "service-port-protocol-undeclared", finding.Info},
	{"ML401", "authz-identity-over-plaintext", finding.Error},
	{"ML402", "authz-custom-provider-undefined", finding.Info},
	{"ML403", "authz-unsupported-by-ztunnel", finding.Error},
	{"ML404", "authz-refuses-waypoint", finding.Error},
	{"ML405", "authz-refuses-caller-identity", finding.Error},
	{"ML406", "authz-target-without-waypoint", finding.Warning},
	{"ML501", "destination-rule-host-unknown", finding.Warning},
	{"ML502", "virtual-service-destination-unknown", finding.Warning},
	{"ML503", "traffic-rule-unapplied-in-ambient", finding.Info},
	{"ML601", "backendref-not-permitted", finding.Error},
	{"ML602", "route-not-admitted", finding.Warning},
	{"ML603", "meshed-proxy-dials-endpoints-with-client-host", finding.Error},
	{"MM01", "nginx-host-rewrite", finding.None},
	{"MM02", "server-first-sidecar-exclusion", finding.None},
	{"MM03", "destination-rule-istio-mutual", finding.None},
	{"MM04", "generate-destination-rules", finding.None},
	{"MM05", "gateway-route-host-rewrite", finding.None},
}

func TestEveryRuleOfRulesMDIsCatalogued(t *testing.T) {
	for _, w := range want {
		r, ok := Lookup(w.id)
		if !ok {
			t.Errorf("%s missing", w.id)
			continue
		}
		if r.Name != w.name || r.Severity != w.sev {
			t.Errorf("%s = %s/%s, want %s/%s", w.id, r.Name, r.Severity, w.name, w.sev)
		}
	}
	if got := len(All()); got != len(want) {
		t.Errorf("catalogue has %d entries, RULES.md %d", got, len(want))
	}
}

func TestKindsFollowTheIDPrefix(t *testing.T) {
	for _, r := range Rules() {
		if r.Kind != KindRule || !strings.HasPrefix(r.ID, "ML") {
			t.Errorf("%s: kind %s in Rules()", r.ID, r.Kind)
		}
	}
	for _, r := range Mutations() {
		if r.Kind != KindMutation || !strings.HasPrefix(r.ID, "MM") || r.Severity != finding.None {
			t.Errorf("%s: kind %s severity %s in Mutations()", r.ID, r.Kind, r.Severity)
		}
	}
}

func TestIDsAndNamesAreUniqueAndKebabCase(t *testing.T) {
	ids, names := map[string]bool{}, map[string]bool{}
	for _, r := range All() {
		if ids[r.ID] || names[r.Name] {
			t.Errorf("%s %s: duplicate", r.ID, r.Name)
		}
		ids[r.ID], names[r.Name] = true, true
		if !kebab.MatchString(r.Name) {
			t.Errorf("%s: name %q not kebab-case", r.ID, r.Name)
		}
	}
}

func TestVariantsRecordedFromRulesMD(t *testing.T) {
	cases := map[string]finding.Severity{"ML102": finding.Warning, "ML104": finding.Error, "ML201": finding.Info}
	for id, sev := range cases {
		r, _ := Lookup(id)
		if len(r.Variants) != 1 || r.Variants[0].Severity != sev {
			t.Errorf("%s variants = %+v, want one at %s", id, r.Variants, sev)
		}
	}
}

func TestLookupReturnsACopy(t *testing.T) {
	r, _ := Lookup("ML201")
	r.Semantics[0] = "changed"
	if again, _ := Lookup("ML201"); again.Semantics[0] == "changed" {
		t.Fatal("Lookup shares the table's slices")
	}
	if _, ok := Lookup("ML999"); ok {
		t.Fatal("Lookup found an unknown ID")
	}
}

func TestParseRejectsBrokenEntries(t *testing.T) {
	cases := map[string]string{
		"an unknown key":        "rules:\n- id: ML101\n  nmae: x\n",
		"a duplicate ID":        dup,
		"a mutation severity":   "mutations:\n- {id: MM01, name: a, severity: error, reportedOn: x, summary: x, description: x, remediation: x, never: x, semantics: [x]}\n",
		"a non-kebab name":      "rules:\n- {id: ML101, name: Bad_Name, severity: error, reportedOn: x, summary: x, description: x, remediation: x, semantics: [x]}\n",
		"severity none":         "rules:\n- {id: ML101, name: a, severity: none, reportedOn: x, summary: x, description: x, remediation: x, semantics: [x]}\n",
		"a missing description": "rules:\n- {id: ML101, name: a, severity: error, reportedOn: x, summary: x, remediation: x, semantics: [x]}\n",
	}
	for name, doc := range cases {
		if _, err := parse([]byte(doc)); err == nil {
			t.Errorf("parse accepted %s", name)
		}
	}
}

const dup = `rules:
- {id: ML101, name: a, severity: error, reportedOn: x, summary: x, description: x, remediation: x, semantics: [x]}
- {id: ML101, name: b, severity: error, reportedOn: x, summary: x, description: x, remediation: x, semantics: [x]}
`

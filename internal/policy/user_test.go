package policy

import (
	"context"
	"strings"
	"testing"
)

func TestUserRulesComeFromTheirMetadata(t *testing.T) {
	mods, rules, err := User([]string{"testdata/good"})
	if err != nil {
		t.Fatal(err)
	}
	if len(mods) != 2 {
		t.Errorf("want the rule and its helper, tests left out: %+v", mods)
	}
	want := UserRule{ID: "TEAM001", Name: "no-sniffed-ports", Severity: "error",
		Summary: "A Service port whose protocol Istio sniffs.", Remediation: "Name the port http-*, tcp-*, ... or set appProtocol.",
		File: "testdata/good/sniffed.rego", Package: "meshlint.rules.team_no_sniffed_ports"}
	if len(rules) != 1 || rules[0] != want {
		t.Errorf("rules = %+v, want %+v", rules, want)
	}
}

func TestPoliciesMeshlintDoesNotReadAreErrors(t *testing.T) {
	cases := []struct {
		sentence, dir, want string
	}{
		{"a package outside meshlint.rules", "testdata/unread", "policy testdata/unread/deny.rego: package main is never read"},
		{"a rule package without findings", "testdata/nofindings", "policy testdata/nofindings/deny.rego: package meshlint.rules.team_denies has no findings set"},
		{"a helper no rule imports", "testdata/helperunused", "policy testdata/helperunused/unused.rego: package team.unused is never read"},
		{"a built-in rule's ID", "testdata/clash", "policy testdata/clash/ml201.rego: custom.id ML201 is a built-in rule's ID"},
	}
	for _, tc := range cases {
		t.Run(tc.sentence, func(t *testing.T) {
			_, _, err := User([]string{tc.dir})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
			if _, err := New(context.Background(), []string{tc.dir}); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("the engine loads it: %v", err)
			}
		})
	}
}

// The built-in rules follow the convention user rules are read by: their
// METADATA is valid YAML with the catalogue ID in custom.id.
func TestBuiltinMetadataParses(t *testing.T) {
	mods, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := parseAll(mods, true)
	if err != nil {
		t.Fatal(err)
	}
	ids := 0
	for _, m := range parsed {
		for _, a := range m.Annotations {
			if id, _ := a.Custom["id"].(string); strings.HasPrefix(m.Package.Path.String(), "data.meshlint.rules.") && id != "" {
				ids++
			}
		}
	}
	if ids == 0 || ids != len(parsed)-1 { // lib.rego has none
		t.Errorf("%d of %d built-in modules name their ID in custom.id", ids, len(parsed))
	}
}

// A finding that names no severity or name gets its rule's METADATA.
func TestUserFindingsTakeTheirRulesMetadata(t *testing.T) {
	e, err := New(context.Background(), []string{"testdata/good"})
	if err != nil {
		t.Fatal(err)
	}
	svc := map[string]any{"ref": map[string]any{"apiVersion": "v1", "kind": "Service", "namespace": "shop", "name": "db"},
		"ports": []any{map[string]any{"port": 5432, "sniffed": true, "line": 9}}}
	raws, err := e.Eval(context.Background(), map[string]any{"services": []any{svc}})
	if err != nil {
		t.Fatal(err)
	}
	if len(raws) != 1 || raws[0].Rule != "TEAM001" || raws[0].Severity != "error" || raws[0].Name != "no-sniffed-ports" {
		t.Errorf("findings = %+v, want TEAM001 at the METADATA's severity error", raws)
	}
}

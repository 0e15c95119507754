package config

import (
	"strings"
	"testing"
)

func TestWebhookSectionIsRead(t *testing.T) {
	c, err := parse("m.yaml", []byte(`rules:
  ML201: {mode: warn}
  ML101: {mode: enforce}
  ML104: {mode: "on", severity: error}
  ML302: {mode: "off"}
  MM02: {mode: "off"}
webhook:
  optOutLabel: example.com/skip-meshlint
  mutate: {MM01: false, MM03: true}
`))
	if err != nil {
		t.Fatal(err)
	}
	modes := map[string]string{"ML201": ModeWarn, "ML101": ModeEnforce, "ML104": ModeEnforce, "ML302": ModeOff, "ML401": ModeEnforce}
	for rule, want := range modes {
		if got := c.AdmissionMode(rule); got != want {
			t.Errorf("AdmissionMode(%s) = %s, want %s", rule, got, want)
		}
	}
	mutates := map[string]bool{"MM01": false, "MM02": false, "MM03": true}
	for id, want := range mutates {
		if got := c.Mutates(id); got != want {
			t.Errorf("Mutates(%s) = %v, want %v", id, got, want)
		}
	}
	if c.Webhook.OptOutLabel != "example.com/skip-meshlint" {
		t.Errorf("optOutLabel = %q", c.Webhook.OptOutLabel)
	}
}

func TestWebhookDefaults(t *testing.T) {
	c := Default()
	if c.Webhook.OptOutLabel != DefaultOptOutLabel || !c.AllowIgnoreAnnotation {
		t.Errorf("defaults = %+v", c.Webhook)
	}
	for _, id := range []string{"MM01", "MM02", "MM03"} {
		if !c.Mutates(id) {
			t.Errorf("%s is off by default", id)
		}
	}
	if c.AdmissionMode("ML101") != ModeEnforce {
		t.Error("a rule without a mode is not enforced")
	}
}

func TestOptedOut(t *testing.T) {
	c := Default()
	cases := []struct {
		sentence string
		labels   map[string]string
		want     bool
	}{
		{"a namespace with the label set to true opts out", map[string]string{DefaultOptOutLabel: "true"}, true},
		{"an empty value does not opt out (the chart's namespaceSelector skips only true)", map[string]string{DefaultOptOutLabel: ""}, false},
		{"yes does not opt out", map[string]string{DefaultOptOutLabel: "yes"}, false},
		{"True with a capital does not opt out (label values are case-sensitive)", map[string]string{DefaultOptOutLabel: "True"}, false},
		{"the value false does not opt out", map[string]string{DefaultOptOutLabel: "false"}, false},
		{"a namespace without the label does not", map[string]string{"team": "a"}, false},
		{"a namespace without labels does not", nil, false},
	}
	for _, tc := range cases {
		if got := c.OptedOut(tc.labels); got != tc.want {
			t.Errorf("%s: OptedOut = %v", tc.sentence, got)
		}
	}
	c.Webhook.OptOutLabel = ""
	if c.OptedOut(map[string]string{"": "x"}) {
		t.Error("an empty optOutLabel must let no namespace opt out")
	}
}

func TestExistingConfigsStayValid(t *testing.T) {
	for _, doc := range []string{full, "rules:\n  ML201: {mode: \"on\"}\n  MM01: {mode: \"off\"}\n", "webhook: {}\n", "webhook:\n  optOutLabel: ''\n"} {
		if _, err := parse("m.yaml", []byte(doc)); err != nil {
			t.Errorf("%q: %v", doc, err)
		}
	}
}

func TestWebhookErrorsNameFileAndLine(t *testing.T) {
	cases := []struct{ sentence, doc, want string }{
		{"a rule mode that is no mode", "rules:\n  ML201: {mode: deny}\n", `m.yaml:2: rules.ML201.mode "deny": want on, off, enforce or warn`},
		{"warn on a mutation", "rules:\n  MM01: {mode: warn}\n", `m.yaml:2: rules.MM01.mode "warn": a mutation is on or off`},
		{"a bad mode on a mutation", "rules:\n  MM01: {mode: maybe}\n", `m.yaml:2: rules.MM01.mode "maybe": want on or off`},
		{"an unknown key in webhook", "webhook:\n  optout: x\n", `m.yaml:2: unknown key "optout" in webhook`},
		{"a label key with a space", "webhook:\n  optOutLabel: skip me\n", `m.yaml:2: webhook.optOutLabel "skip me": not a label key`},
		{"a label key with an empty prefix", "webhook:\n\n  optOutLabel: /skip\n", `m.yaml:3: webhook.optOutLabel "/skip": not a label key`},
		{"a label name over 63 characters", "webhook:\n  optOutLabel: a/" + strings.Repeat("x", 64) + "\n", `m.yaml:2: webhook.optOutLabel`},
		{"a rule ID under mutate", "webhook:\n  mutate:\n    ML201: true\n", `m.yaml:3: webhook.mutate.ML201: not a mutation (want one of MM01, MM02, MM03, MM05)`},
		{"the generator under mutate", "webhook:\n  mutate:\n    MM04: true\n", `m.yaml:3: webhook.mutate.MM04: MM04 creates DestinationRules`},
		{"a typo under mutate", "webhook:\n  mutate:\n    MM1: true\n", `m.yaml:3: webhook.mutate: unknown rule ID "MM1"`},
		{"a user rule under mutate", "webhook:\n  mutate:\n    ACME1: true\n", `m.yaml:3: webhook.mutate.ACME1: not a mutation`},
		{"a mutate value that is not a boolean", "webhook:\n  mutate:\n    MM01: sometimes\n", `m.yaml:3: cannot unmarshal`},
	}
	for _, tc := range cases {
		_, err := parse("m.yaml", []byte(tc.doc))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want it to contain %q", tc.sentence, err, tc.want)
		}
	}
}

package config

import (
	"strings"
	"testing"
)

func TestTheWebhookHonoursTheIgnoreAnnotationOnlyWhenItsConfigSaysSo(t *testing.T) {
	cases := []struct {
		sentence, doc string
		want          map[string]bool
	}{
		{"by default the webhook honours no ignore annotation, while the CLI does", "",
			map[string]bool{"ML201": false, "ML101": false}},
		{"webhook.allowIgnoreAnnotation alone honours it for every rule", "webhook: {allowIgnoreAnnotation: true}\n",
			map[string]bool{"ML201": true, "ML101": true}},
		{"ignoreAnnotationRules limits it to the rules listed", "webhook: {allowIgnoreAnnotation: true, ignoreAnnotationRules: [ML201]}\n",
			map[string]bool{"ML201": true, "ML101": false}},
		{"the top-level allowIgnoreAnnotation: false forbids it in the webhook too", "allowIgnoreAnnotation: false\nwebhook: {allowIgnoreAnnotation: true}\n",
			map[string]bool{"ML201": false}},
	}
	for _, tc := range cases {
		c, err := parse("m.yaml", []byte(tc.doc))
		if err != nil {
			t.Fatalf("%s: %v", tc.sentence, err)
		}
		for rule, want := range tc.want {
			if got := c.AdmissionIgnores(rule); got != want {
				t.Errorf("%s: AdmissionIgnores(%s) = %v, want %v", tc.sentence, rule, got, want)
			}
		}
	}
	if !Default().AllowIgnoreAnnotation {
		t.Error("the CLI must keep honouring the annotation by default")
	}
}

func TestUnjudgeableDefaultsToDeny(t *testing.T) {
	for doc, want := range map[string]string{"": UnjudgeableDeny, "webhook: {unjudgeable: warn}\n": UnjudgeableWarn, "webhook: {unjudgeable: deny}\n": UnjudgeableDeny} {
		c, err := parse("m.yaml", []byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		if got := c.UnjudgeableVerdict(); got != want {
			t.Errorf("%q: unjudgeable = %s, want %s", doc, got, want)
		}
	}
}

func TestAdmissionSettingErrorsNameFileAndLine(t *testing.T) {
	cases := []struct{ sentence, doc, want string }{
		{"an unjudgeable verdict that is none", "webhook:\n  unjudgeable: allow\n", `m.yaml:2: webhook.unjudgeable "allow": want deny or warn`},
		{"rules listed without the switch", "webhook:\n  ignoreAnnotationRules: [ML201]\n", `m.yaml:2: webhook.ignoreAnnotationRules has no effect without webhook.allowIgnoreAnnotation: true`},
		{"a typo in the rules listed", "webhook:\n  allowIgnoreAnnotation: true\n  ignoreAnnotationRules:\n    - ML201\n    - ML2O1\n", `m.yaml:5: webhook.ignoreAnnotationRules: unknown rule ID "ML2O1"`},
		{"a wildcard in the rules listed", "webhook:\n  allowIgnoreAnnotation: true\n  ignoreAnnotationRules: ['*']\n", `m.yaml:3: webhook.ignoreAnnotationRules: list rule IDs`},
	}
	for _, tc := range cases {
		_, err := parse("m.yaml", []byte(tc.doc))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want it to contain %q", tc.sentence, err, tc.want)
		}
	}
}

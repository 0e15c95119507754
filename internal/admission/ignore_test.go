package admission

import (
	"slices"
	"testing"
)

// The meshlint.io/ignore annotation at admission: off unless the webhook's
// config allows it, per rule when it lists rules, and every use recorded.
func TestTheIgnoreAnnotationAtAdmission(t *testing.T) {
	final, host := load(t, finalStack), load(t, hostStack)
	goodCM, hostCM := find(t, final, nginxConfig), find(t, host, nginxConfig)
	wildcard := request(t, Update, goodCM, edited(t, hostCM, annotation(ignoreKey, "*")))
	cases := []struct {
		sentence, config string
		req              Request
		errors, ignored  []string
	}{
		{"by default meshlint.io/ignore: \"*\" waives nothing: Host $host is denied", "", wildcard,
			[]string{"ML201", "ML401"}, nil},
		{"with webhook.allowIgnoreAnnotation, \"*\" waives every rule and both are recorded", allowIgnores, wildcard,
			nil, []string{"ML201", "ML401"}},
		{"with ignoreAnnotationRules [ML201], \"*\" waives ML201 only and ML401 still denies",
			"webhook: {allowIgnoreAnnotation: true, ignoreAnnotationRules: [ML201]}\n", wildcard,
			[]string{"ML401"}, []string{"ML201"}},
		{"the top-level allowIgnoreAnnotation: false overrides the webhook's", "allowIgnoreAnnotation: false\n" + allowIgnores, wildcard,
			[]string{"ML201", "ML401"}, nil},
	}
	for _, tc := range cases {
		v := check(t, engine(t, tc.config), storeOf(final), tc.req)
		if got := slices.Sorted(slices.Values(v.Errors)); !slices.Equal(got, tc.errors) {
			t.Errorf("%s: errors %v, want %v", tc.sentence, got, tc.errors)
		}
		if !slices.Equal(v.Ignored, tc.ignored) {
			t.Errorf("%s: ignored %v, want %v", tc.sentence, v.Ignored, tc.ignored)
		}
	}
}

// An annotation on another object waives that object's own findings only,
// and only the rules the config lets the annotation waive.
func TestTheIgnoreAnnotationOfAnotherObjectCoversItsOwnFindings(t *testing.T) {
	final, host := load(t, finalStack), load(t, hostStack)
	goodCM, hostCM := find(t, final, nginxConfig), find(t, host, nginxConfig)
	annotatedPolicies := final
	for _, o := range final {
		if o.Kind == "AuthorizationPolicy" {
			annotatedPolicies = replaced(t, annotatedPolicies, o.Ref().String(), annotation(ignoreKey, "ML401"))
		}
	}
	req := request(t, Update, goodCM, hostCM)
	for config, want := range map[string][]string{"": {"ML201", "ML401"}, allowIgnores: {"ML201"}} {
		v := check(t, engine(t, config), storeOf(annotatedPolicies), req)
		if got := slices.Sorted(slices.Values(v.Errors)); !slices.Equal(got, want) {
			t.Errorf("config %q: errors %v, want %v", config, got, want)
		}
	}
}

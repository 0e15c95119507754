package admission

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/manifest"
)

// The denials as kubectl prints them after `denied the request: `: the
// exact text of one and of several errors, then the limits.
func TestDenyMessage(t *testing.T) {
	pa := manifest.Ref{APIVersion: "security.istio.io/v1", Kind: "PeerAuthentication", Namespace: "blog-system", Name: "default"}
	strict := finding.Finding{Rule: "ML101", Name: "strict-mtls-behind-unmeshed-ingress", Object: pa,
		Message: "PeerAuthentication/blog-system/default makes port 80 STRICT.\nThe sidecar resets it.", Remediation: "Set PERMISSIVE."}
	cm := manifest.Ref{Kind: "ConfigMap", Namespace: "blog-system", Name: "web-nginx-config"}
	host := finding.Finding{Rule: "ML201", Object: cm, Message: "Deployment/blog-system/web proxies with Host $host.", Remediation: "Set Host."}
	policy := finding.Finding{Rule: "ML401", Object: manifest.Ref{Kind: "AuthorizationPolicy", Namespace: "blog-system", Name: "allow"},
		Message: "No ALLOW rule matches: 403.", Remediation: "Add one."}
	named := policy
	named.Message = "AuthorizationPolicy/blog-system/allow admits only peers: 403."
	custom := finding.Finding{Rule: "ACME001", Object: cm, Message: "Not ours.", Remediation: "Ask them."}
	cases := []struct {
		sentence string
		applied  manifest.Ref
		errs     []finding.Finding
		want     string
	}{
		{"one error on the object applied: its line, its fix, where to read more", pa, []finding.Finding{strict},
			"ML101: PeerAuthentication/blog-system/default makes port 80 STRICT. The sidecar resets it.\n" +
				"  Fix: Set PERMISSIVE.\n" +
				"  More: meshlint explain ML101, https://github.com/meshlint/meshlint/blob/main/docs/rules/ML101.md"},
		{"an error on another object names it; a rule's findings share one pointer to its docs", cm, []finding.Finding{policy, host, host},
			"ML201: Deployment/blog-system/web proxies with Host $host.\n  Fix: Set Host.\n" +
				"ML201: Deployment/blog-system/web proxies with Host $host.\n  Fix: Set Host.\n" +
				"  More: meshlint explain ML201, https://github.com/meshlint/meshlint/blob/main/docs/rules/ML201.md\n" +
				"ML401 on AuthorizationPolicy/blog-system/allow: No ALLOW rule matches: 403.\n  Fix: Add one.\n" +
				"  More: meshlint explain ML401, https://github.com/meshlint/meshlint/blob/main/docs/rules/ML401.md"},
		{"another object the message names already is not named twice", cm, []finding.Finding{named},
			"ML401: AuthorizationPolicy/blog-system/allow admits only peers: 403.\n  Fix: Add one.\n" +
				"  More: meshlint explain ML401, https://github.com/meshlint/meshlint/blob/main/docs/rules/ML401.md"},
		{"a rule outside the catalogue has no pointer", cm, []finding.Finding{custom}, "ACME001: Not ours.\n  Fix: Ask them."},
	}
	for _, tc := range cases {
		if got := denyMessage(tc.applied, tc.errs); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.sentence, got, tc.want)
		}
	}
}

func TestADenialPastTheLimitCountsTheRestPerRule(t *testing.T) {
	err := finding.Finding{Rule: "ML101", Object: manifest.Ref{Kind: "PeerAuthentication", Namespace: "a", Name: "default"},
		Message: strings.Repeat("long message ", 20), Remediation: "Set PERMISSIVE."}
	errs := make([]finding.Finding, 2000)
	for i := range errs {
		errs[i] = err
	}
	m := denyMessage(manifest.Ref{Kind: "PeerAuthentication", Namespace: "istio-system", Name: "default"}, errs)
	for _, s := range []string{"ML101 on PeerAuthentication/a/default: long message", "\n  Fix: Set PERMISSIVE.\n", "... and ", "more errors (ML101 x", "run meshlint lint"} {
		if !strings.Contains(m, s) {
			t.Errorf("the message lacks %q: %.300s", s, m)
		}
	}
	if n := utf8.RuneCountInString(m); n > MaxMessageRunes {
		t.Errorf("%d runes", n)
	}
}

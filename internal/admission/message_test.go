package admission

import (
	"fmt"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/manifest"
)

func warningFinding(i int, msg string) finding.Finding {
	return finding.Finding{Rule: "ML104", Name: "meshed-service-without-istio-mutual", Severity: finding.Warning,
		Object: manifest.Ref{Kind: "Service", Namespace: "app-" + fmt.Sprint(i), Name: "web-service"}, Message: msg}
}

func TestWarningsStayWithinTheAPIServerLimits(t *testing.T) {
	long := strings.Repeat("word ", 300)
	cases := []struct {
		sentence string
		findings []finding.Finding
		problems []string
		want     int    // warnings returned
		last     string // what the last one starts with
	}{
		{"one short warning is its first sentence", []finding.Finding{warningFinding(1, "The Service has no rule. It should have one.")}, nil,
			1, "ML104 meshed-service-without-istio-mutual on Service/app-1/web-service: The Service has no rule."},
		{"a sentence of dotted names is not cut at their dots", []finding.Finding{warningFinding(1, "Host was.blog-system.svc is v1.2 here")}, nil,
			1, "ML104 meshed-service-without-istio-mutual on Service/app-1/web-service: Host was.blog-system.svc is v1.2 here"},
		{"a long message is cut at 256 characters, marked", []finding.Finding{warningFinding(1, long)}, nil, 1, "ML104 "},
		{"multi-byte characters count as one", []finding.Finding{warningFinding(1, strings.Repeat("é", 600))}, nil, 1, "ML104 "},
		{"line breaks and tabs become spaces", []finding.Finding{warningFinding(1, "a\nb\tc\r\nd")}, nil,
			1, "ML104 meshed-service-without-istio-mutual on Service/app-1/web-service: a b c d"},
		{"problems come after findings", []finding.Finding{warningFinding(1, "x")}, []string{"meshlint cannot read ConfigMap/a/b: unbalanced {"}, 2, "meshlint cannot read"},
		{"many warnings end with how many more there are", many(200, long), nil, 16, "... and 185 more: run meshlint lint"},
		{"sixteen full warnings fit without a tail", many(16, long), nil, 16, "ML104 "},
		{"seventeen do not", many(17, long), nil, 16, "... and 2 more: run meshlint lint"},
	}
	for _, tc := range cases {
		ws := warnings(tc.findings, tc.problems)
		total := 0
		for _, w := range ws {
			n := utf8.RuneCountInString(w)
			total += n
			if n > MaxWarningRunes || !utf8.ValidString(w) || strings.ContainsFunc(w, unicode.IsControl) {
				t.Errorf("%s: warning of %d runes, or invalid: %q", tc.sentence, n, w)
			}
		}
		if total > MaxWarningsRunes {
			t.Errorf("%s: %d runes in all", tc.sentence, total)
		}
		if len(ws) != tc.want || !strings.HasPrefix(ws[len(ws)-1], tc.last) {
			t.Errorf("%s: %d warnings, last %q; want %d, last starting %q", tc.sentence, len(ws), ws[len(ws)-1], tc.want, tc.last)
		}
	}
}

func many(n int, msg string) []finding.Finding {
	out := make([]finding.Finding, n)
	for i := range out {
		out[i] = warningFinding(i, msg)
	}
	return out
}

func TestShortenMarksTheCut(t *testing.T) {
	w := shorten(strings.Repeat("x", 300))
	if utf8.RuneCountInString(w) != MaxWarningRunes || !strings.HasSuffix(w, "…") {
		t.Errorf("shorten = %d runes %q", utf8.RuneCountInString(w), w)
	}
	if w := shorten("bad \xff byte"); !utf8.ValidString(w) {
		t.Errorf("invalid UTF-8 kept: %q", w)
	}
}

func TestDenyMessage(t *testing.T) {
	err := finding.Finding{Rule: "ML101", Name: "strict-mtls-behind-unmeshed-ingress",
		Object:  manifest.Ref{Kind: "PeerAuthentication", Namespace: "blog-system", Name: "default"},
		Message: "It breaks.\nReally.", Remediation: "Set PERMISSIVE."}
	cases := []struct {
		sentence string
		errs     []finding.Finding
		want     []string
		lines    int
	}{
		{"one error is one line: ID, name, object, message, fix", []finding.Finding{err}, []string{
			"ML101 strict-mtls-behind-unmeshed-ingress on PeerAuthentication/blog-system/default: It breaks. Really. Fix: Set PERMISSIVE."}, 1},
		{"every error has its line", []finding.Finding{err, err, err}, []string{"ML101"}, 3},
		{"past the limit the rest is counted per rule", repeat(err, 2000), []string{"... and ", "more errors (ML101 x", "run meshlint lint"}, 0},
	}
	for _, tc := range cases {
		m := denyMessage(tc.errs)
		for _, s := range tc.want {
			if !strings.Contains(m, s) {
				t.Errorf("%s: message lacks %q: %.300s", tc.sentence, s, m)
			}
		}
		if n := strings.Count(m, "\n") + 1; tc.lines > 0 && n != tc.lines {
			t.Errorf("%s: %d lines, want %d", tc.sentence, n, tc.lines)
		}
		if n := utf8.RuneCountInString(m); n > MaxMessageRunes {
			t.Errorf("%s: %d runes", tc.sentence, n)
		}
	}
}

func repeat(f finding.Finding, n int) []finding.Finding {
	out := make([]finding.Finding, n)
	for i := range out {
		out[i] = f
		out[i].Message = strings.Repeat("long message ", 20)
	}
	return out
}

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

// applied is the object of the requests of these tests: app-0's Service.
var applied = manifest.Ref{APIVersion: "v1", Kind: "Service", Namespace: "app-0", Name: "web-service"}

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
			1, "ML104 on Service/app-1/web-service: The Service has no rule."},
		{"a sentence of dotted names is not cut at their dots", []finding.Finding{warningFinding(1, "Host was.blog-system.svc is v1.2 here")}, nil,
			1, "ML104 on Service/app-1/web-service: Host was.blog-system.svc is v1.2 here"},
		{"a warning on the object applied does not name it", []finding.Finding{warningFinding(0, "The Service has no rule. It should have one.")}, nil,
			1, "ML104: The Service has no rule."},
		{"nor one whose sentence names its object", []finding.Finding{warningFinding(1, "Service/app-1/web-service has no rule.")}, nil,
			1, "ML104: Service/app-1/web-service has no rule."},
		{"a long message is cut at 256 characters, marked", []finding.Finding{warningFinding(1, long)}, nil, 1, "ML104 "},
		{"multi-byte characters count as one", []finding.Finding{warningFinding(1, strings.Repeat("é", 600))}, nil, 1, "ML104 "},
		{"line breaks and tabs become spaces", []finding.Finding{warningFinding(1, "a\nb\tc\r\nd")}, nil,
			1, "ML104 on Service/app-1/web-service: a b c d"},
		{"problems come after findings", []finding.Finding{warningFinding(1, "x")}, []string{"meshlint cannot read ConfigMap/a/b: unbalanced {"}, 2, "meshlint cannot read"},
		{"many warnings end with how many more there are", many(200, long), nil, 16, "... and 185 more: run meshlint lint"},
		{"sixteen full warnings fit without a tail", many(16, long), nil, 16, "ML104 "},
		{"seventeen do not", many(17, long), nil, 16, "... and 2 more: run meshlint lint"},
	}
	for _, tc := range cases {
		ws := warnings(applied, tc.findings, tc.problems)
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

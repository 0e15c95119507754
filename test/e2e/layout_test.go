package e2e

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/catalog"
	"github.com/meshlint/meshlint/internal/manifest"
)

// The lines of a denial as kubectl prints them after `denied the request: `
// (internal/admission/deny.go): an error's line, its fix, and once per
// rule where to read more.
var (
	errorLine = regexp.MustCompile(`^(ML[0-9]{3})( on ([^:]+))?: \S`)
	fixLine   = regexp.MustCompile(`^  Fix: \S`)
	moreLine  = regexp.MustCompile(`^  More: meshlint explain (ML[0-9]{3}), (\S+)$`)
)

// checkLayout requires the denial of a change to applied to be laid out
// as kubectl users read it: every error's line followed by its fix, each
// rule's findings closed by `meshlint explain ID` and its docs page, and
// the object applied never named in an error's line (the error is on it,
// and the request names it).
func checkLayout(t *testing.T, v verdict, applied *manifest.Object, ids []string) {
	t.Helper()
	lines := strings.Split(v.message, "\n")
	var explained []string
	for i, l := range lines {
		switch m := errorLine.FindStringSubmatch(l); {
		case m != nil:
			if m[3] == applied.Ref().String() {
				t.Errorf("line %d names the object applied (%s): %q", i+1, m[3], l)
			}
			if i+1 >= len(lines) || !fixLine.MatchString(lines[i+1]) {
				t.Errorf("line %d, an error, is not followed by its fix:\n%s", i+1, v.message)
			}
		case fixLine.MatchString(l):
		case moreLine.MatchString(l):
			m := moreLine.FindStringSubmatch(l)
			r, ok := catalog.Lookup(m[1])
			if !ok || m[2] != r.HelpURI() {
				t.Errorf("line %d points at %s for %s, want its page %s", i+1, m[2], m[1], r.HelpURI())
			}
			explained = append(explained, m[1])
		default:
			t.Errorf("line %d is neither an error, its fix nor where to read more: %q", i+1, l)
		}
	}
	if !slices.Equal(explained, ids) {
		t.Errorf("the denial points at the docs of %v, want each of %v once:\n%s", explained, ids, v.message)
	}
}

package webhook

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/meshlint/meshlint/internal/finding"
)

// The API server's limits on warnings (k8s.io/apiserver
// pkg/endpoints/filters/warning.go: past 4096 runes in total every warning
// is cut at 256 runes; net.NewWarningHeader drops a text with control
// characters). Counting bytes keeps within the rune limits.
const (
	maxWarning      = 256
	maxWarningTotal = 4096
)

// limitWarnings keeps warnings within the API server's limits, so that
// what the client sees is what meshlint wrote: printable, each cut at a
// word with an ellipsis, and as many whole warnings as fit in the total.
func limitWarnings(ws []string) []string {
	var out []string
	total := 0
	for _, w := range ws {
		w = truncate(printable(w), maxWarning)
		if w == "" {
			continue
		}
		if total+len(w) > maxWarningTotal {
			break
		}
		total += len(w)
		out = append(out, w)
	}
	return out
}

func printable(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || !unicode.IsPrint(r)
	}), " ")
}

// truncate cuts s to at most n bytes of whole runes, ending in "…".
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	const ellipsis = "…"
	cut := n - len(ellipsis)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if sp := strings.LastIndexByte(s[:cut], ' '); sp > cut/2 {
		cut = sp
	}
	return s[:cut] + ellipsis
}

// countFindings counts the new findings a verdict rests on, with the
// severity they were answered with.
func (h *Handlers) countFindings(fs []finding.Finding) {
	for _, f := range fs {
		h.Metrics.Findings.WithLabelValues(f.Rule, f.Severity.String()).Inc()
	}
}

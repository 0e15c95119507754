package admission

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/manifest"
)

// The API server's limits on admission warnings
// (k8s.io/apiserver/pkg/endpoints/filters/warning.go truncateItemRunes,
// truncateAtTotalRunes): past them it truncates every warning of the
// request to 256 runes, or drops the rest. Warnings with control
// characters are dropped (k8s.io/apimachinery/pkg/util/net
// NewWarningHeader).
const (
	MaxWarningRunes  = 256
	MaxWarningsRunes = 4096
	// MaxMessageRunes bounds the denial: every error is in it up to
	// there, then a count per rule (a change to the root namespace can
	// break hundreds of namespaces at once).
	MaxMessageRunes = 16 << 10
)

// warnings turns new warnings of a change to applied and input problems
// into admission warnings: "ID: first sentence", naming the object as a
// denial does (deny.go headline), each within MaxWarningRunes, all within
// MaxWarningsRunes, the last saying how many did not fit.
func warnings(applied manifest.Ref, fs []finding.Finding, problems []string) []string {
	all := make([]string, 0, len(fs)+len(problems))
	for _, f := range fs {
		all = append(all, shorten(headline(applied, &f, firstSentence(f.Message))))
	}
	for _, p := range problems {
		all = append(all, shorten(p))
	}
	var out []string
	total := 0
	for i, w := range all {
		n := utf8.RuneCountInString(w)
		room := MaxWarningsRunes - total
		if i < len(all)-1 {
			room -= len(tail(len(all))) // what the last line would need
		}
		if n > room {
			return append(out, tail(len(all)-i))
		}
		out = append(out, w)
		total += n
	}
	return out
}

func tail(more int) string { return fmt.Sprintf("... and %d more: run meshlint lint", more) }

// firstSentence ends at the first ". "; hosts and versions keep their dots.
func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}

// shorten cleans s and cuts it to MaxWarningRunes, marking the cut.
func shorten(s string) string {
	s = clean(s)
	if utf8.RuneCountInString(s) <= MaxWarningRunes {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:MaxWarningRunes-1])) + "…"
}

// clean makes s valid UTF-8 on one line, with single spaces.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

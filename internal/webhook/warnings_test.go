package webhook

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestLimitWarnings(t *testing.T) {
	long := strings.Repeat("word ", 100)
	many := make([]string, 40)
	for i := range many {
		many[i] = strings.Repeat("x", 200)
	}
	tests := []struct {
		name  string
		in    []string
		check func(t *testing.T, out []string)
	}{
		{"short warnings pass unchanged", []string{"ML104: a", "ML105: b"}, func(t *testing.T, out []string) {
			if strings.Join(out, "|") != "ML104: a|ML105: b" {
				t.Errorf("%q", out)
			}
		}},
		{"a long warning is cut at a word within 256 bytes, with an ellipsis", []string{long}, func(t *testing.T, out []string) {
			if len(out) != 1 || len(out[0]) > maxWarning || !strings.HasSuffix(out[0], "word…") {
				t.Errorf("%d bytes: %q", len(out[0]), out)
			}
		}},
		{"a cut never splits a rune", []string{strings.Repeat("é", 300)}, func(t *testing.T, out []string) {
			if !utf8.ValidString(out[0]) || len(out[0]) > maxWarning {
				t.Errorf("%q", out)
			}
		}},
		{"warnings stop before the total passes 4096 bytes", many, func(t *testing.T, out []string) {
			total := 0
			for _, w := range out {
				total += len(w)
			}
			if total > maxWarningTotal || len(out) != maxWarningTotal/200 {
				t.Errorf("%d warnings, %d bytes", len(out), total)
			}
		}},
		{"control characters and line breaks become spaces", []string{"ML201:\tline one\nline two\x00"}, func(t *testing.T, out []string) {
			if len(out) != 1 || out[0] != "ML201: line one line two" {
				t.Errorf("%q", out)
			}
		}},
		{"empty warnings are dropped", []string{"", " \n"}, func(t *testing.T, out []string) {
			if len(out) != 0 {
				t.Errorf("%q", out)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.check(t, limitWarnings(tc.in)) })
	}
}

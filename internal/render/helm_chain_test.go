package render

import (
	"strconv"
	"strings"
	"testing"
)

func TestShortenIncludeChain(t *testing.T) {
	step := func(name string) string {
		return `template: c/templates/_h.tpl:2:3: executing "` + name + `" at <include>`
	}
	cause := "rendering template has a nested reference name: a: unable to execute template"
	cases := []struct {
		sentence string
		steps    []string
		want     []string // in order
		maxLen   int
	}{
		{"a short chain stays as it is", []string{step("top"), step("a"), cause}, []string{step("top"), step("a"), cause}, 400},
		{"a step repeated in a row is written once with its count",
			append(append([]string{step("top")}, repeat(step("a"), 1001)...), cause),
			[]string{step("top"), step("a") + " [the same include 1001 times in a row]", cause}, 400},
		{"two templates including each other keep the first and last steps",
			append(append([]string{step("top")}, alternate(step("a"), step("b"), 1000)...), cause),
			[]string{step("top"), step("a"), step("b"), "[995 more include steps]", step("b"), cause}, 1000},
		{"a chain of many distinct steps keeps the first four and the last three",
			distinct(200, 10), []string{"step0 ", "step3 ", "[193 more include steps]", "step197 ", "step199 "}, 1000},
		{"a few long steps are capped in bytes",
			distinct(5, 2000), []string{"step0 ", " bytes ...] ", "step4 "}, maxErrorLen + 100},
	}
	for _, tc := range cases {
		t.Run(tc.sentence, func(t *testing.T) {
			got := shortenIncludeChain(strings.Join(tc.steps, includeSep))
			at := 0
			for _, w := range tc.want {
				i := strings.Index(got[at:], w)
				if i < 0 {
					t.Fatalf("%q lacks %q after offset %d", got, w, at)
				}
				at += i + len(w)
			}
			if len(got) > tc.maxLen {
				t.Errorf("%d bytes, want at most %d", len(got), tc.maxLen)
			}
		})
	}
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

func alternate(a, b string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = a
		if i%2 == 1 {
			out[i] = b
		}
	}
	return out
}

func distinct(n, size int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "step" + strconv.Itoa(i) + " " + strings.Repeat("-", size)
	}
	return out
}

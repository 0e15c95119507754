// Package srcline finds, for tests, the line of a source text that holds
// a given piece of it: tests compute expected positions from the text they
// check, never hard-code line numbers.
package srcline

import (
	"os"
	"strings"
	"testing"
)

// In returns the line (1-based) of text, named name in failures, that
// holds s, or starts with it when s starts with "^": with nth 0 the only
// such line (the test fails on none or several), else the nth (1 is the
// first, -1 the last).
func In(tb testing.TB, name, text, s string, nth int) int {
	tb.Helper()
	var lines []int
	start, anchored := strings.CutPrefix(s, "^")
	for i, l := range strings.Split(text, "\n") {
		if anchored && strings.HasPrefix(l, start) || !anchored && strings.Contains(l, s) {
			lines = append(lines, i+1)
		}
	}
	switch {
	case len(lines) == 0:
		tb.Fatalf("%s: no line holds %q", name, s)
	case nth == 0 && len(lines) > 1:
		tb.Fatalf("%s: %q is on lines %v", name, s, lines)
	case nth < 0 && -nth <= len(lines):
		return lines[len(lines)+nth]
	case nth > 0 && nth <= len(lines):
		return lines[nth-1]
	case nth != 0:
		tb.Fatalf("%s: %q is on %d lines, not %d", name, s, len(lines), nth)
	}
	return lines[0]
}

// Of is In over a file's text.
func Of(tb testing.TB, file, s string, nth int) int {
	tb.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		tb.Fatal(err)
	}
	return In(tb, file, string(data), s, nth)
}

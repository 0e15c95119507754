package render

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// includeSep joins the steps of an include chain in Helm's errors:
// pkg/engine/engine.go includeFun wraps each level's error.
const includeSep = ": error calling include: "

// maxErrorLen caps a rendering error's message: a template that includes
// itself fails after 1,000 levels (engine.go recursionMaxNums) with one
// step per level, about 100 KB on one line.
const maxErrorLen = 4096

// shortenIncludeChain keeps an include chain readable: a step repeated
// in a row is written once with its count, a chain still long keeps its
// first and last steps, and the whole is capped at maxErrorLen.
func shortenIncludeChain(msg string) string {
	steps := collapseRuns(strings.Split(msg, includeSep))
	if len(steps) > 8 {
		skipped := len(steps) - 7
		steps = append(append(steps[:4:4], fmt.Sprintf("[%d more include steps]", skipped)), steps[len(steps)-3:]...)
	}
	out := strings.Join(steps, includeSep)
	if len(out) <= maxErrorLen {
		return out
	}
	cut := maxErrorLen / 2
	for !utf8.RuneStart(out[cut]) {
		cut--
	}
	end := len(out) - maxErrorLen/2
	for !utf8.RuneStart(out[end]) {
		end++
	}
	return out[:cut] + fmt.Sprintf(" [... %d bytes ...] ", end-cut) + out[end:]
}

// collapseRuns writes each run of equal steps once, with its length.
func collapseRuns(steps []string) []string {
	var out []string
	for i := 0; i < len(steps); {
		j := i + 1
		for j < len(steps) && steps[j] == steps[i] {
			j++
		}
		if n := j - i; n > 1 {
			out = append(out, fmt.Sprintf("%s [the same include %d times in a row]", steps[i], n))
		} else {
			out = append(out, steps[i])
		}
		i = j
	}
	return out
}

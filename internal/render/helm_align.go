package render

import (
	"sort"
	"strings"
)

// linePattern is what a source line renders to: the line itself when it holds
// no action, or else some text with a known start (the literal before its
// first action) and end (the literal after its last).
type linePattern struct {
	whole          string
	hasWhole       bool
	prefix, suffix string
	open           bool // prefix...suffix matches; set only when they hold non-space text
}

// Match scores: an exact non-blank line is the best evidence, a blank line
// the weakest; an open match scores by how much literal text it checked,
// so that "- --port={{ ... }}" beats "- {{ . }}" for "- --port=9443", but
// two open matches still beat one exact.
const (
	scoreExact = 100
	scoreOpen  = 50 // the least open score; anything from it up is a real match
	scoreBlank = 25
)

func (p *linePattern) score(s string) int {
	if p.hasWhole && s == p.whole {
		if strings.TrimSpace(s) == "" {
			return scoreBlank
		}
		return scoreExact
	}
	if p.open && len(s) >= len(p.prefix)+len(p.suffix) && strings.HasPrefix(s, p.prefix) && strings.HasSuffix(s, p.suffix) {
		return scoreOpen + min(scoreExact-scoreOpen-1, nonSpace(p.prefix)+nonSpace(p.suffix))
	}
	return 0
}

func nonSpace(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if !isSpace(s[i]) {
			n++
		}
	}
	return n
}

// maxCells bounds one dynamic-programming table (4 MiB of int32): larger
// spans are first cut at lines that occur once on each side.
const maxCells = 1 << 20

// lookahead is how far the last-resort greedy pass looks for a match.
const lookahead = 64

// alignLines matches lines of out to patterns, monotonically in both, to the
// best total score; it returns the pattern index of each line or -1.
func alignLines(out []string, pats []linePattern) []int {
	a := &aligner{out: out, pats: pats, m: make([]int, len(out))}
	for i := range a.m {
		a.m[i] = -1
	}
	a.span(0, len(out), 0, len(pats))
	return a.m
}

type aligner struct {
	out  []string
	pats []linePattern
	m    []int
}

// span aligns out[i0:i1] with pats[j0:j1]: equal ends are matched
// directly, small spans by dynamic programming, large ones cut at unique
// common lines (as patience diff does) or, failing those, greedily.
func (a *aligner) span(i0, i1, j0, j1 int) {
	for i0 < i1 && j0 < j1 && a.pats[j0].score(a.out[i0]) == scoreExact {
		a.m[i0] = j0
		i0, j0 = i0+1, j0+1
	}
	for i0 < i1 && j0 < j1 && a.pats[j1-1].score(a.out[i1-1]) == scoreExact {
		a.m[i1-1] = j1 - 1
		i1, j1 = i1-1, j1-1
	}
	switch {
	case i0 >= i1 || j0 >= j1:
		return
	case (i1-i0+1)*(j1-j0+1) <= maxCells:
		a.dp(i0, i1, j0, j1)
		return
	}
	anchors := a.uniqueName(i0, i1, j0, j1)
	if len(anchors) == 0 {
		a.greedy(i0, i1, j0, j1)
		return
	}
	for _, an := range anchors {
		a.span(i0, an[0], j0, an[1])
		a.m[an[0]] = an[1]
		i0, j0 = an[0]+1, an[1]+1
	}
	a.span(i0, i1, j0, j1)
}

// dp is a weighted longest common subsequence.
func (a *aligner) dp(i0, i1, j0, j1 int) {
	n, m := i1-i0, j1-j0
	w := m + 1
	t := make([]int32, (n+1)*w)
	for i := 1; i <= n; i++ {
		for j := 1; j <= m; j++ {
			best := max(t[(i-1)*w+j], t[i*w+j-1])
			if s := a.pats[j0+j-1].score(a.out[i0+i-1]); s > 0 {
				best = max(best, t[(i-1)*w+j-1]+int32(s))
			}
			t[i*w+j] = best
		}
	}
	for i, j := n, m; i > 0 && j > 0; {
		s := a.pats[j0+j-1].score(a.out[i0+i-1])
		switch {
		case s > 0 && t[i*w+j] == t[(i-1)*w+j-1]+int32(s):
			a.m[i0+i-1] = j0 + j - 1
			i, j = i-1, j-1
		case t[(i-1)*w+j] >= t[i*w+j-1]:
			i--
		default:
			j--
		}
	}
}

// unique returns pairs (i, j) of non-blank lines that occur exactly once in
// out[i0:i1] and as a whole pattern once in pats[j0:j1], keeping the
// longest run increasing in both.
func (a *aligner) uniqueName(i0, i1, j0, j1 int) [][2]int {
	type seen struct{ n, at int }
	outs, pats := map[string]*seen{}, map[string]*seen{}
	count := func(m map[string]*seen, s string, at int) {
		if strings.TrimSpace(s) == "" {
			return
		}
		if e := m[s]; e != nil {
			e.n++
		} else {
			m[s] = &seen{1, at}
		}
	}
	for j := j0; j < j1; j++ {
		if a.pats[j].hasWhole {
			count(pats, a.pats[j].whole, j)
		}
	}
	for i := i0; i < i1; i++ {
		count(outs, a.out[i], i)
	}
	var pairs [][2]int
	for s, o := range outs {
		if p := pats[s]; o.n == 1 && p != nil && p.n == 1 {
			pairs = append(pairs, [2]int{o.at, p.at})
		}
	}
	sort.Slice(pairs, func(x, y int) bool { return pairs[x][0] < pairs[y][0] })
	return increasing(pairs)
}

// increasing is the longest subsequence of pairs (sorted by [0]) whose [1]
// increases too.
func increasing(pairs [][2]int) [][2]int {
	var tails []int // tails[k]: index in pairs ending the best run of length k+1
	prev := make([]int, len(pairs))
	for x, p := range pairs {
		k := sort.Search(len(tails), func(k int) bool { return pairs[tails[k]][1] >= p[1] })
		prev[x] = -1
		if k > 0 {
			prev[x] = tails[k-1]
		}
		if k == len(tails) {
			tails = append(tails, x)
		} else {
			tails[k] = x
		}
	}
	out := make([][2]int, len(tails))
	if len(tails) == 0 {
		return out
	}
	for k, x := len(tails)-1, tails[len(tails)-1]; k >= 0; k, x = k-1, prev[x] {
		out[k] = pairs[x]
	}
	return out
}

// greedy matches each line to the next matching pattern a short way ahead.
func (a *aligner) greedy(i0, i1, j0, j1 int) {
	for i := i0; i < i1 && j0 < j1; i++ {
		for j := j0; j < min(j1, j0+lookahead); j++ {
			if a.pats[j].score(a.out[i]) >= scoreOpen {
				a.m[i] = j
				j0 = j + 1
				break
			}
		}
	}
}

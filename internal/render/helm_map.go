package render

import (
	"slices"
	"strings"
)

// lineMapper maps the rendered lines of one template back to their sources.
type lineMapper struct {
	t       *tmpl
	path    string       // the template's path
	files   []*chartFile // its chart's files
	defines map[string]string
}

// lines aligns the rendered text with the template, after taking out the
// blocks that a chart file read by .Files explains better than the
// template does. Lines left over between two aligned lines are placed as
// another pass of a range block, as lines of a chart file, or else on a
// template line that prints them (an include, a toYaml).
func (mp *lineMapper) lines(out string) []Pos {
	r := renderedLines(out)
	pos := make([]Pos, len(r))
	m := mp.align(r, pos)
	if mp.claimFiles(r, pos, m) {
		m = mp.align(r, pos)
	}
	for i, j := range m {
		if j >= 0 {
			pos[i] = Pos{File: mp.path, Line: j + 1}
		}
	}
	for i := 0; i < len(r); {
		if m[i] >= 0 {
			i++
			continue
		}
		e := i
		for e < len(r) && m[e] < 0 {
			e++
		}
		g := lineGap{r: r, pos: pos, i0: i, i1: e, j0: -1, j1: len(mp.t.lines)}
		if i > 0 {
			g.j0 = m[i-1]
		}
		if e < len(r) {
			g.j1 = m[e]
		}
		mp.repeats(&g)
		mp.fromFiles(&g)
		mp.toActions(&g)
		i = e
	}
	return pos
}

// align aligns the lines not placed yet with the template; m[i] is the
// template line of r[i], or -1.
func (mp *lineMapper) align(r []string, pos []Pos) []int {
	var idx []int
	var rest []string
	for i := range r {
		if pos[i].File == "" {
			idx, rest = append(idx, i), append(rest, r[i])
		}
	}
	m := make([]int, len(r))
	for i := range m {
		m[i] = -1
	}
	for k, j := range alignLines(rest, patterns(mp.t.lines)) {
		m[idx[k]] = j
	}
	return m
}

// lineGap is a run r[i0:i1] of rendered lines that the alignment left between
// template lines j0 and j1 (-1 and len(lines) at the ends).
type lineGap struct {
	r              []string
	pos            []Pos
	i0, i1, j0, j1 int
}

// open lists the lines of the gap not placed yet.
func (g *lineGap) open() []int {
	var out []int
	for i := g.i0; i < g.i1; i++ {
		if g.pos[i].File == "" {
			out = append(out, i)
		}
	}
	return out
}

func patterns(lines []srcLine) []linePattern {
	out := make([]linePattern, len(lines))
	for i := range lines {
		out[i] = lines[i].linePattern
	}
	return out
}

// repeats places lines on the body of a range block that reaches the gap:
// the alignment matched one pass of the loop, the other passes are left.
// The body is scanned in order, wrapping round at its end.
func (mp *lineMapper) repeats(g *lineGap) {
	var body []int
	for _, rg := range mp.t.ranges {
		if rg[0] <= g.j1 && rg[1] >= g.j0 {
			for j := rg[0]; j <= rg[1]; j++ {
				body = append(body, j)
			}
		}
	}
	if len(body) == 0 {
		return
	}
	slices.Sort(body)
	body = slices.Compact(body)
	cur := 0
	for cur < len(body) && body[cur] <= g.j0 {
		cur++
	}
	for _, i := range g.open() {
		for n := range body {
			k := (cur + n) % len(body)
			if mp.t.lines[body[k]].score(g.r[i]) >= scoreOpen {
				g.pos[i] = Pos{File: mp.path, Line: body[k] + 1}
				cur = k + 1
				break
			}
		}
	}
}

// toActions places the remaining lines on the template lines that print
// text in the gap (or on the line before it, when its output runs on),
// moving to the next such line when a rendered line is indented less than
// the current one's indent or nindent. With none, a blank line goes on the
// first line of the gap, any other on the template as a whole (line 0).
func (mp *lineMapper) toActions(g *lineGap) {
	var cands []int
	if g.j0 >= 0 && mp.t.lines[g.j0].spills {
		cands = append(cands, g.j0)
	}
	for j := g.j0 + 1; j < g.j1; j++ {
		if mp.t.lines[j].prints {
			cands = append(cands, j)
		}
	}
	k := 0
	for _, i := range g.open() {
		if len(cands) == 0 {
			g.pos[i] = Pos{File: mp.path}
			if isBlank(g.r[i]) && g.j0+1 < g.j1 { // the newline after an {{ if }}
				g.pos[i].Line = g.j0 + 2
			}
			continue
		}
		if !isBlank(g.r[i]) {
			ind := len(g.r[i]) - len(strings.TrimLeft(g.r[i], " "))
			for k+1 < len(cands) && ind < mp.t.lines[cands[k]].indent {
				k++
			}
		}
		g.pos[i] = Pos{File: mp.path, Line: cands[k] + 1}
	}
}

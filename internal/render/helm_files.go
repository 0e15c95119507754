package render

import (
	"path"
	"strings"
)

// chartFile is a file of a chart, which templates read with .Files.
type chartFile struct {
	name, path, data string
	parsed           *tmpl
}

// lines are the file's patterns, indentation aside; a file may be a
// template itself, passed through tpl, so its actions become open patterns.
func (f *chartFile) lines() []srcLine {
	if f.parsed == nil {
		f.parsed = parseTemplate(f.data, true)
	}
	return f.parsed.lines
}

// clusterGap is how many lines a chart file's block may skip and still be
// one block.
const clusterGap = 4

// claimFiles places blocks of rendered lines on chart files that the
// template reads by name, when a file explains a block better than the
// template alignment m does: an nginx.conf inserted by .Files.Get may share
// lines with text written in the template (an if branch not taken), or
// with another file. The best block goes first. Lines are compared without
// indentation, which indent and nindent add.
func (mp *lineMapper) claimFiles(r []string, pos []Pos, m []int) bool {
	lits, reads := mp.reads(0, len(mp.t.lines)-1)
	if !reads {
		return false
	}
	files, claimed := mp.named(lits), false
	for {
		b := mp.bestBlock(r, pos, m, files)
		if b == nil {
			return claimed
		}
		for k, i := range b.lines {
			pos[i] = Pos{File: b.file.path, Line: b.at[k] + 1}
		}
		claimed = true
	}
}

// block is a run of rendered lines matched to lines of a chart file.
type block struct {
	file      *chartFile
	lines, at []int // rendered lines and their file lines
	gain      int   // non-blank lines the file explains, less those the template does
}

// bestBlock is the block of the files that explains the most more lines
// than the template does over the same span, or nil. Counting lines, not
// scores: a file line matched without indentation is no weaker evidence
// than an action line of the template.
func (mp *lineMapper) bestBlock(r []string, pos []Pos, m []int, files []*chartFile) *block {
	var idx []int
	var trimmed []string
	for i := range r {
		if pos[i].File == "" {
			idx, trimmed = append(idx, i), append(trimmed, strings.TrimSpace(r[i]))
		}
	}
	var best *block
	for _, f := range files {
		fm := alignLines(trimmed, patterns(f.lines()))
		for _, c := range clusters(idx, fm) {
			b := &block{file: f}
			for _, k := range c {
				if trimmed[k] != "" {
					b.gain++
				}
				b.lines, b.at = append(b.lines, idx[k]), append(b.at, fm[k])
			}
			if b.gain < 2 {
				continue
			}
			for i := b.lines[0]; i <= b.lines[len(b.lines)-1]; i++ {
				if pos[i].File == "" && m[i] >= 0 && !isBlank(r[i]) {
					b.gain--
				}
			}
			if b.gain > 0 && (best == nil || b.gain > best.gain) {
				best = b
			}
		}
	}
	return best
}

// clusters splits the matched entries of fm (indexes into idx) into runs
// whose rendered lines lie close together.
func clusters(idx, fm []int) [][]int {
	var out [][]int
	var cur []int
	for k, j := range fm {
		if j < 0 {
			continue
		}
		if len(cur) > 0 && idx[k]-idx[cur[len(cur)-1]] > clusterGap {
			out, cur = append(out, cur), nil
		}
		cur = append(cur, k)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// fromFiles places the open lines of a gap on the chart files that the
// template lines around it read, best matching file first; when .Files is
// read with a computed name, any file of the chart.
func (mp *lineMapper) fromFiles(g *lineGap) {
	lits, reads := mp.reads(max(g.j0, 0), min(g.j1, len(mp.t.lines)-1))
	cands := mp.named(lits)
	if len(cands) == 0 && reads {
		cands = append(cands, mp.files...)
	}
	for len(cands) > 0 {
		idx := g.open()
		if len(idx) == 0 {
			return
		}
		trimmed := make([]string, len(idx))
		for k, i := range idx {
			trimmed[k] = strings.TrimSpace(g.r[i])
		}
		best, bestScore, bestM := -1, 0, []int(nil)
		for c, f := range cands {
			m := alignLines(trimmed, patterns(f.lines()))
			if s := alignScore(trimmed, f.lines(), m); s > bestScore {
				best, bestScore, bestM = c, s, m
			}
		}
		if best < 0 {
			return
		}
		for k, j := range bestM {
			if j >= 0 {
				g.pos[idx[k]] = Pos{File: cands[best].path, Line: j + 1}
			}
		}
		cands = append(cands[:best], cands[best+1:]...)
	}
}

// alignScore scores an alignment, 0 unless a non-blank line matched.
func alignScore(out []string, lines []srcLine, m []int) int {
	s, real := 0, false
	for k, j := range m {
		if j >= 0 {
			v := lines[j].score(out[k])
			s += v
			real = real || v >= scoreOpen
		}
	}
	if !real {
		return 0
	}
	return s
}

// reads collects the strings in the actions of template lines j0..j1 and
// of the named templates they include, and tells whether any reads .Files.
func (mp *lineMapper) reads(j0, j1 int) (lits []string, files bool) {
	for j := j0; j <= j1; j++ {
		lits = append(lits, mp.t.lines[j].literals...)
		files = files || mp.t.lines[j].files
	}
	seen := map[string]bool{}
	for k := 0; k < len(lits); k++ { // lits grows with the defines' strings
		body, ok := mp.defines[lits[k]]
		if !ok || seen[lits[k]] {
			continue
		}
		seen[lits[k]] = true
		for _, a := range scanActions(body) {
			lits = append(lits, a.literals()...)
			files = files || strings.Contains(a.body, ".Files")
		}
	}
	return lits, files
}

// named are the chart files that strings name, exactly or as a glob
// (.Files.Glob; path.Match has no "**").
func (mp *lineMapper) named(lits []string) []*chartFile {
	var out []*chartFile
	for _, f := range mp.files {
		for _, l := range lits {
			if ok, _ := path.Match(l, f.name); ok || l == f.name {
				out = append(out, f)
				break
			}
		}
	}
	return out
}

package manifest

import (
	"bytes"
	"slices"
	"sync"
)

// Line breaks are counted the way yaml.v3 (a port of libyaml) counts them,
// so that our line numbers and the parser's agree: LF, CRLF, a lone CR, and
// the Unicode breaks NEL (U+0085), LS (U+2028) and PS (U+2029).
var (
	nel  = []byte("\u0085")
	lsep = []byte("\u2028")
	psep = []byte("\u2029")
)

// source is a file's text, or a block of it (docStream). Its line index is
// built on the first TextLine call, so loading never pays for it.
type source struct {
	data   []byte
	first  int  // file line of data[0]; 0 is line 1
	exotic bool // has line breaks other than LF
	once   sync.Once
	starts []int32 // byte offset of each line, starts[0] is line 1 (files are far under 2 GiB)
}

func newSource(data []byte) *source {
	return &source{data: data, exotic: exoticBreaks(data)}
}

func (s *source) index() {
	s.once.Do(func() {
		s.starts = append(s.starts, 0)
		for i := 0; i < len(s.data); {
			_, i = nextLine(s.data, i, s.exotic)
			if i < len(s.data) || endsWithBreak(s.data) == 1 {
				s.starts = append(s.starts, int32(i))
			}
		}
	})
}

// lineOf returns the file line (1-based) holding byte offset off.
func (s *source) lineOf(off int) int {
	s.index()
	i, _ := slices.BinarySearch(s.starts, int32(off+1))
	return max(i, 1) + s.shift()
}

// shift is what turns a line of data into a line of the file.
func (s *source) shift() int { return max(s.first-1, 0) }

// line returns the text of file line n (1-based) without its break, or nil
// outside the text.
func (s *source) line(n int) []byte {
	s.index()
	n -= s.shift()
	if n < 1 || n > len(s.starts) {
		return nil
	}
	end, _ := nextLine(s.data, int(s.starts[n-1]), s.exotic)
	return s.data[s.starts[n-1]:end]
}

// exoticBreaks reports whether b may hold line breaks other than LF, which
// forces the byte-by-byte line scanner.
func exoticBreaks(b []byte) bool {
	return bytes.IndexByte(b, '\r') >= 0 || bytes.Contains(b, nel) ||
		bytes.Contains(b, lsep) || bytes.Contains(b, psep)
}

// breakLen returns the length of the line break starting at b[i], or 0.
func breakLen(b []byte, i int) int {
	switch b[i] {
	case '\n':
		return 1
	case '\r':
		if i+1 < len(b) && b[i+1] == '\n' {
			return 2
		}
		return 1
	case 0xC2:
		if i+1 < len(b) && b[i+1] == 0x85 {
			return 2
		}
	case 0xE2:
		if i+2 < len(b) && b[i+1] == 0x80 && (b[i+2] == 0xA8 || b[i+2] == 0xA9) {
			return 3
		}
	}
	return 0
}

// nextLine returns where the line starting at i ends (before its break) and
// where the next line starts.
func nextLine(b []byte, i int, exotic bool) (end, next int) {
	if !exotic {
		j := bytes.IndexByte(b[i:], '\n')
		if j < 0 {
			return len(b), len(b)
		}
		return i + j, i + j + 1
	}
	for j := i; j < len(b); j++ {
		if n := breakLen(b, j); n > 0 {
			return j, j + n
		}
	}
	return len(b), len(b)
}

// lineAt returns the line (1-based) holding byte offset off of b.
func lineAt(b []byte, off int) int {
	exotic := exoticBreaks(b)
	line := 1
	for i := 0; i < len(b); line++ {
		_, next := nextLine(b, i, exotic)
		if next > off || next >= len(b) {
			return line
		}
		i = next
	}
	return line
}

// countLines returns the number of lines of b as yaml.v3 counts them: one
// more than the number of line breaks.
func countLines(b []byte) int {
	return lineAt(b, len(b)+1) + endsWithBreak(b)
}

// endsWithBreak is 1 when b ends with a line break, else 0.
func endsWithBreak(b []byte) int {
	if n := len(b); n > 0 && (b[n-1] == '\n' || b[n-1] == '\r') ||
		bytes.HasSuffix(b, nel) || bytes.HasSuffix(b, lsep) || bytes.HasSuffix(b, psep) {
		return 1
	}
	return 0
}

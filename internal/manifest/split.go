package manifest

// chunk is one YAML document's bytes, data[start:end], of a file.
type chunk struct {
	start, end int
	line       int  // file line of start
	breaks     int  // line breaks inside the chunk
	lead       byte // first significant line: '-' marker, '%' directive, 'c' content
}

// splitDocs cuts a YAML file into documents so that they can be decoded in
// parallel and a syntax error costs only its own document.
//
// A document starts at a "---" line and ends at the next one or after a
// "..." line. Only markers at column 0 count: YAML requires the content of a
// block scalar to be indented, so an indented "---" is text, and a column-0
// marker ends any scalar or collection. A marker that follows only comments,
// blank lines or directives belongs to the same document. Chunks without a
// marker or content (comments only) are dropped. A directive ("%YAML") at
// column 0 starts the next document's prologue: it cannot be content.
func splitDocs(b []byte) []chunk {
	var s splitter
	exotic := exoticBreaks(b)
	s.cur.line = 1
	line := 1
	for i := 0; i < len(b); line++ {
		end, next := nextLine(b, i, exotic)
		s.add(b[i:end], i, next, line)
		i = next
	}
	s.cut(len(b), line-1+endsWithBreak(b))
	return s.out
}

type splitter struct {
	out             []chunk
	cur             chunk
	content, marker bool
}

// add looks at one line: text, which starts at offset at and whose next line
// starts at next.
func (s *splitter) add(text []byte, at, next, line int) {
	switch {
	case isMarker(text, '-'):
		if s.content || s.marker {
			s.cut(at, line)
			s.cur = chunk{start: at, line: line}
		}
		s.marker = true
		s.lead('-')
	case isMarker(text, '.'):
		s.cut(next, line+1)
		s.cur = chunk{start: next, line: line + 1}
	case len(text) > 0 && text[0] == '%':
		if s.content || s.marker {
			s.cut(at, line)
			s.cur = chunk{start: at, line: line}
		}
		s.lead('%')
	case significant(text):
		s.content = true
		s.lead('c')
	}
}

// cut ends the current chunk at offset end, where line starts, keeping it
// when it holds anything.
func (s *splitter) cut(end, line int) {
	if s.content || s.marker {
		s.cur.end = end
		s.cur.breaks = line - s.cur.line
		s.out = append(s.out, s.cur)
	}
	s.content, s.marker = false, false
}

func (s *splitter) lead(c byte) {
	if s.cur.lead == 0 {
		s.cur.lead = c
	}
}

// isMarker reports whether text is a document marker: "---" or "...", alone
// or followed by white space.
func isMarker(text []byte, c byte) bool {
	if len(text) < 3 || text[0] != c || text[1] != c || text[2] != c {
		return false
	}
	return len(text) == 3 || text[3] == ' ' || text[3] == '\t'
}

// significant reports whether a line holds more than blanks and a comment.
func significant(text []byte) bool {
	for _, c := range text {
		switch c {
		case ' ', '\t':
			continue
		case '#':
			return false
		}
		return true
	}
	return false
}

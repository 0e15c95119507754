package nginx

import "fmt"

// ngxConfBuffer is NGX_CONF_BUFFER (src/core/ngx_conf_file.c): nginx reads
// a config through a 4096-byte buffer, and a parameter (or comment) that does
// not fit in it is a "too long parameter" error.
const ngxConfBuffer = 4096

// What ended a statement: the return values of ngx_conf_read_token.
type term int

const (
	termSemicolon  term = iota // NGX_OK: the words ended with ";"
	termBlockStart             // NGX_CONF_BLOCK_START: the words ended with "{"
	termBlockDone              // NGX_CONF_BLOCK_DONE: a lone "}"
	termEOF                    // NGX_CONF_FILE_DONE
)

// word is one parameter: its value after nginx's escape processing, its
// text as written, and where it starts.
type word struct {
	val, raw string
	quoted   bool
	pos      Pos
}

// lexer walks a config text the way ngx_conf_read_token walks its buffer.
type lexer struct {
	src       []byte
	file      string
	off       int // next byte to read (nginx: b->pos)
	line      int
	lineStart int // offset of the current line's first byte
	start     int // nginx's "start": where the current parameter began
}

func newLexer(file string, src []byte) *lexer {
	return &lexer{src: src, file: file, line: 1}
}

func (lx *lexer) pos() Pos { return Pos{int32(lx.line), int32(lx.off - lx.lineStart + 1)} }

func (lx *lexer) errorf(p Pos, format string, a ...any) *Error {
	return &Error{File: lx.file, Line: int(p.Line), Col: int(p.Col), Msg: fmt.Sprintf(format, a...)}
}

// advance consumes one byte and keeps the line count, as nginx does on LF.
func (lx *lexer) advance() byte {
	ch := lx.src[lx.off]
	lx.off++
	if ch == '\n' {
		lx.line++
		lx.lineStart = lx.off
	}
	return ch
}

func isSpace(ch byte) bool { return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' }

// tokState is the local state of one ngx_conf_read_token call.
type tokState struct {
	needSpace, lastSpace, sharpComment bool
	variable, quoted, sQuoted, dQuoted bool
	wordOff                            int // offset of the word's first byte (its quote if quoted)
	wordPos                            Pos
}

// statement reads words up to the next ";", "{" or "}" or the end of the
// text. at is the position of that terminating byte (or of the end).
func (lx *lexer) statement() (words []word, t term, at Pos, err *Error) {
	st := tokState{lastSpace: true}
	lx.start = lx.off
	for {
		if lx.off >= len(lx.src) {
			return words, termEOF, lx.pos(), lx.eof(&st, words)
		}
		// nginx checks this when its buffer runs dry; as each refill moves
		// "start" to the buffer's head and fills it, that happens exactly
		// when a parameter or comment reaches 4096 bytes with text still to
		// read (verified at 4095/4096 bytes, quoted and not, against nginx).
		if lx.off-lx.start == ngxConfBuffer {
			return nil, 0, Pos{}, lx.tooLong(&st)
		}
		p := lx.pos()
		t, done, err := lx.step(&st, lx.advance(), p, &words)
		if done || err != nil {
			return words, t, p, err
		}
	}
}

// step is one turn of the loop of ngx_conf_read_token for the byte ch read
// at p. done reports a finished statement.
func (lx *lexer) step(st *tokState, ch byte, p Pos, words *[]word) (term, bool, *Error) {
	if ch == '\n' {
		st.sharpComment = false
	}
	if st.sharpComment {
		return 0, false, nil
	}
	if st.quoted {
		st.quoted = false
		return 0, false, nil
	}
	if st.needSpace {
		if t, done, err := lx.afterQuote(st, ch, p); done || err != nil || isSpace(ch) {
			return t, done, err
		}
	}
	if st.lastSpace {
		return lx.wordStart(st, ch, p, len(*words))
	}
	w, t, done := lx.inWord(st, ch)
	if w != nil {
		*words = append(*words, *w)
	}
	return t, done, nil
}

// afterQuote handles the byte after a closing quote ("need_space").
func (lx *lexer) afterQuote(st *tokState, ch byte, p Pos) (term, bool, *Error) {
	switch {
	case isSpace(ch):
		st.lastSpace, st.needSpace = true, false
	case ch == ';':
		return termSemicolon, true, nil
	case ch == '{':
		return termBlockStart, true, nil
	case ch == ')':
		// nginx lets ")" follow a quoted parameter, for `if ($a = "b")`;
		// the ")" then starts a new word.
		st.lastSpace, st.needSpace = true, false
	default:
		return 0, false, lx.errorf(p, "unexpected %q after a quoted parameter "+
			"(it must be followed by a space, \";\", \"{\" or \")\")", string(ch))
	}
	return 0, false, nil
}

// wordStart is the "last_space" branch of ngx_conf_read_token: ch is the
// first byte after white space. done reports a finished statement.
func (lx *lexer) wordStart(st *tokState, ch byte, p Pos, nwords int) (term, bool, *Error) {
	// nginx moves "start" over white space too (only the bytes of one
	// parameter or comment count towards NGX_CONF_BUFFER; verified with
	// nginx 1.22: 5000 spaces are accepted, a 5000-byte comment is not).
	lx.start = lx.off - 1
	if isSpace(ch) {
		return 0, false, nil
	}
	st.wordOff, st.wordPos = lx.off-1, p
	switch ch {
	case ';', '{':
		if nwords == 0 {
			return 0, true, lx.errorf(p, "unexpected %q", string(ch))
		}
		if ch == '{' {
			return termBlockStart, true, nil
		}
		return termSemicolon, true, nil
	case '}':
		if nwords != 0 {
			return 0, true, lx.errorf(p, "unexpected \"}\" (the directive before it lacks \";\")")
		}
		return termBlockDone, true, nil
	case '#':
		st.sharpComment = true
		return 0, false, nil
	case '\\':
		st.quoted = true
	case '"':
		lx.start++
		st.dQuoted = true
	case '\'':
		lx.start++
		st.sQuoted = true
	case '$':
		st.variable = true
	}
	st.lastSpace = false
	return 0, false, nil
}

// inWord is the branch of ngx_conf_read_token for a byte inside a word. It
// returns the word when ch ends it, and done when ch also ends the statement.
func (lx *lexer) inWord(st *tokState, ch byte) (*word, term, bool) {
	// "${name}": a "{" right after "$" belongs to the word.
	if ch == '{' && st.variable {
		return nil, 0, false
	}
	st.variable = false
	switch {
	case ch == '\\':
		st.quoted = true
		return nil, 0, false
	case ch == '$':
		st.variable = true
		return nil, 0, false
	case st.dQuoted || st.sQuoted:
		if (st.dQuoted && ch == '"') || (st.sQuoted && ch == '\'') {
			st.dQuoted, st.sQuoted, st.needSpace = false, false, true
			return lx.makeWord(st, true), 0, false
		}
		return nil, 0, false
	case isSpace(ch) || ch == ';' || ch == '{':
		st.lastSpace = true
		w := lx.makeWord(st, false)
		switch ch {
		case ';':
			return w, termSemicolon, true
		case '{':
			return w, termBlockStart, true
		}
		return w, 0, false
	}
	return nil, 0, false
}

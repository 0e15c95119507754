package nginx

import "bytes"

// Building words, and the errors of statements that do not end well.

// makeWord builds the word that ends just before the byte last read.
func (lx *lexer) makeWord(st *tokState, quoted bool) *word {
	raw := lx.src[st.wordOff : lx.off-1]
	body := raw
	if quoted {
		raw = lx.src[st.wordOff:lx.off]
		body = raw[1 : len(raw)-1]
	}
	w := &word{raw: string(raw), quoted: quoted, pos: st.wordPos}
	if w.val = w.raw; quoted {
		w.val = w.raw[1 : len(w.raw)-1]
	}
	if bytes.IndexByte(body, '\\') >= 0 {
		w.val = unescape(body)
	}
	return w
}

// unescape processes escapes exactly as ngx_conf_read_token does, in quoted
// and unquoted words alike: \" \' \\ lose the backslash, \t \r \n become
// control characters, and any other backslash is kept.
func unescape(s []byte) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			switch s[i+1] {
			case '"', '\'', '\\':
				i++
			case 't', 'r', 'n':
				out = append(out, control(s[i+1]))
				i++
				continue
			}
		}
		out = append(out, s[i])
	}
	return string(out)
}

func control(ch byte) byte {
	switch ch {
	case 't':
		return '\t'
	case 'r':
		return '\r'
	}
	return '\n'
}

// eof reports the end of the text in the middle of a statement as nginx
// does ("unexpected end of file, expecting \";\" or \"}\""), pointing at the
// opening quote when a quoted parameter was never closed.
func (lx *lexer) eof(st *tokState, words []word) *Error {
	if len(words) == 0 && st.lastSpace {
		return nil
	}
	if st.dQuoted || st.sQuoted {
		q := "\""
		if st.sQuoted {
			q = "'"
		}
		return lx.errorf(st.wordPos, "unexpected end of file, expecting \";\" or \"}\": "+
			"the %s quote opened here is never closed", q)
	}
	name, at := "", st.wordPos
	if len(words) > 0 {
		name, at = words[0].val, words[0].pos
	} else {
		name = clip(string(lx.src[st.wordOff:]), 40)
	}
	return lx.errorf(lx.pos(), "unexpected end of file, expecting \";\" or \"}\": "+
		"directive %q at %s is not terminated", name, at)
}

// tooLong is nginx's error for a parameter or comment that does not fit in
// its NGX_CONF_BUFFER read buffer.
func (lx *lexer) tooLong(st *tokState) *Error {
	if st.dQuoted || st.sQuoted {
		q := "\""
		if st.sQuoted {
			q = "'"
		}
		return lx.errorf(st.wordPos, "too long parameter, probably missing terminating %q character", q)
	}
	head := string(lx.src[lx.start : lx.start+10])
	return lx.errorf(st.wordPos, "too long parameter %q started (nginx reads at most %d bytes "+
		"of one parameter or comment)", head+"...", ngxConfBuffer)
}

// clip shortens s for an error message.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

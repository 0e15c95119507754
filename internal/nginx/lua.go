package nginx

import (
	"bytes"
	"strings"
)

// luaBody reads the raw Lua body of d, whose "{" was just read, the way
// lua-nginx-module's ngx_http_lua_conf_read_lua_token lexer does: braces
// count only outside Lua strings and comments. That lexer looks, at each
// byte, for the leftmost of these tokens (verified against nginx 1.22 with
// lua-nginx-module 0.10.23):
//
//	--[=*[ ... ]=*]    long comment, must be closed
//	--...              comment to the end of the line
//	[=*[ ... ]=*]      long string, must be closed
//	"..." '...'        short string: no raw newline, \x escapes any byte but newline
//	{ }                counted
//
// A quote that does not start a well-formed short string is plain text.
//
// Not modelled: that lexer reads through nginx's 4 KiB config buffer and
// looks for tokens only inside it, so a long bracket string or comment
// that does not fit, or 4 KiB of Lua without a single brace, quote or
// comment, is an error there ("too long lua code block") and parses here.
// Ordinary code, however long, has tokens often enough (testdata/big_lua.conf).
func (p *parser) luaBody(d *Directive) error {
	lx := p.lx
	src, i, depth := lx.src, lx.off, 1
	var fail quoteFail
	for i < len(src) {
		next, err := p.luaToken(i, &fail)
		if err != nil {
			return err
		}
		if next > i {
			i = next
			continue
		}
		switch src[i] {
		case '{':
			depth++
		case '}':
			depth--
		}
		if depth == 0 {
			d.RawBody = string(src[lx.off:i])
			p.skipTo(i)
			d.End = lx.pos()
			lx.advance()
			return nil
		}
		i++
	}
	return lx.errorf(d.BlockStart, "unexpected end of file, expecting terminating characters "+
		"for lua code block: the %q block opened here is not closed", d.Name)
}

// quoteFail remembers, per quote byte, where the last short string that
// failed to close stopped scanning: every such quote before that point is
// inside the failed scan, escaped, and would fail the same way. Without it
// a long line of `\"` would be scanned once per quote.
type quoteFail struct{ double, single int }

func (f *quoteFail) of(q byte) *int {
	if q == '"' {
		return &f.double
	}
	return &f.single
}

// luaToken returns the end of the Lua comment or string starting at i, or i
// when none starts there.
func (p *parser) luaToken(i int, fail *quoteFail) (int, error) {
	src := p.lx.src
	switch {
	case src[i] == '-' && i+1 < len(src) && src[i+1] == '-':
		if end, err := p.longBracket(i, i+2); end != 0 || err != nil {
			return end, err
		}
		if nl := bytes.IndexByte(src[i:], '\n'); nl >= 0 {
			return i + nl, nil
		}
		return len(src), nil
	case src[i] == '[':
		return p.longBracket(i, i)
	case src[i] == '"' || src[i] == '\'':
		end := fail.of(src[i])
		if i < *end {
			return i, nil
		}
		j, stop := shortString(src, i)
		if j == i {
			*end = stop
		}
		return j, nil
	}
	return i, nil
}

// longBracket matches a Lua long bracket [==[ ... ]==] opening at open (the
// token starts at tok, before any "--"). It returns 0 when open does not
// start one. Like lua-nginx-module, an unclosed long bracket is an error.
func (p *parser) longBracket(tok, open int) (int, error) {
	src := p.lx.src
	if open >= len(src) || src[open] != '[' {
		return 0, nil
	}
	j := open + 1
	for j < len(src) && src[j] == '=' {
		j++
	}
	if j >= len(src) || src[j] != '[' {
		if tok == open {
			return open, nil
		}
		return 0, nil
	}
	closer := "]" + strings.Repeat("=", j-open-1) + "]"
	k := bytes.Index(src[j+1:], []byte(closer))
	if k < 0 {
		p.skipTo(tok)
		return 0, p.lx.errorf(p.lx.pos(), "Lua code block missing the closing long bracket %q", closer)
	}
	return j + 1 + k + len(closer), nil
}

// shortString returns the end of the Lua short string opening at i, or i
// and where the scan stopped when the quote opens none: lua-nginx-module's
// lexer matches "([^"\\\n]|\\[^\n])*" and its single-quoted twin.
func shortString(src []byte, i int) (int, int) {
	q := src[i]
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case q:
			return j + 1, 0
		case '\n':
			return i, j
		case '\\':
			if j+1 >= len(src) || src[j+1] == '\n' {
				return i, j
			}
			j++
		}
	}
	return i, len(src)
}

// skipTo advances the lexer to offset off, keeping the line count.
func (p *parser) skipTo(off int) {
	for p.lx.off < off {
		p.lx.advance()
	}
}

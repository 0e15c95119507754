package nginx

import (
	"context"
	"fmt"
	"strings"
)

// Limits that keep Parse safe on hostile input. nginx itself has neither
// (each block's handler re-enters ngx_conf_parse, src/core/ngx_conf_file.c,
// with no depth count: nginx 1.22's `nginx -t` accepts locations nested
// 10,000 deep and crashes at 100,000), so that meshlint can judge every
// config nginx runs, MaxDepth is far above any real config (the deepest
// reported had 70 nested locations) while a config at the limit still
// lints and fixes in well under a second. Tokens are bounded as nginx
// bounds them (ngxConfBuffer).
const (
	MaxSize  = 1 << 20 // bytes of one config text
	MaxDepth = 1000    // nested blocks
)

// handlerBlocks are the blocks whose contents nginx hands to a custom
// handler (cf->handler) instead of the directive table: ngx_conf_parse
// rejects any "{" inside them with `unexpected "{"`. Sources:
// ngx_http_map_module.c, ngx_http_geo_module.c, ngx_http_core_module.c
// (types), ngx_http_split_clients_module.c, ngx_http_charset_filter_module.c
// and their stream counterparts.
var handlerBlocks = map[string]bool{
	"map": true, "geo": true, "types": true, "split_clients": true, "charset_map": true,
}

// IsLuaBlock reports whether a directive named name has a raw Lua body:
// lua-nginx-module (and stream-lua) parse every *_by_lua_block with their
// own lexer, ngx_http_lua_conf_lua_block_parse.
func IsLuaBlock(name string) bool { return strings.HasSuffix(name, "_by_lua_block") }

// Parse parses one config text. file names it in positions and errors.
// A syntax error is returned as *Error; the text is never partly returned.
func Parse(file string, text []byte) (*Config, error) {
	return ParseContext(context.Background(), file, text)
}

// ParseContext is Parse that gives up with ctx's error when ctx is done
// (a webhook request's deadline), checked every few statements.
func ParseContext(ctx context.Context, file string, text []byte) (*Config, error) {
	if len(text) > MaxSize {
		return nil, &Error{File: file, Line: 1, Col: 1,
			Msg: fmt.Sprintf("config is %d bytes, more than the %d-byte limit", len(text), MaxSize)}
	}
	p := &parser{lx: newLexer(file, text), ctx: ctx}
	ds, err := p.block(nil, 0)
	if err != nil {
		return nil, err
	}
	return &Config{Directives: ds, File: file}, nil
}

type parser struct {
	lx    *lexer
	ctx   context.Context
	steps int // statements read, for the checks of ctx
}

// block reads directives up to the "}" closing parent (nil: up to the end
// of the text), as ngx_conf_parse does for parse_block and parse_file.
func (p *parser) block(parent *Directive, depth int) ([]*Directive, error) {
	ds := []*Directive{}
	for {
		if p.steps++; p.steps%256 == 0 && p.ctx.Err() != nil {
			return nil, p.ctx.Err()
		}
		words, t, at, err := p.lx.statement()
		if err != nil {
			return nil, err
		}
		switch t {
		case termEOF:
			if parent != nil {
				return nil, p.lx.errorf(at, "unexpected end of file, expecting \"}\": "+
					"%q block opened at %s is not closed", parent.Name, parent.BlockStart)
			}
			return ds, nil
		case termBlockDone:
			if parent == nil {
				return nil, p.lx.errorf(at, "unexpected \"}\" (no block is open)")
			}
			parent.End = at
			return ds, nil
		}
		d := p.directive(parent, words, at)
		if t == termBlockStart {
			if err := p.body(d, depth); err != nil {
				return nil, err
			}
		}
		ds = append(ds, d)
	}
}

func (p *parser) directive(parent *Directive, words []word, at Pos) *Directive {
	d := &Directive{Syntax: &Syntax{Name: words[0].val, Pos: words[0].pos, End: at, Source: p.lx.file}, Parent: parent}
	n := len(words) - 1
	d.Args, d.Words = make([]string, n), make([]Word, n)
	for i, w := range words[1:] {
		d.Args[i], d.Words[i] = w.val, Word{Raw: w.raw, At: w.pos, Quoted: w.quoted}
	}
	return d
}

// body reads the block that d opens at d.End (the "{").
func (p *parser) body(d *Directive, depth int) error {
	d.BlockStart = d.End
	if d.Parent != nil && handlerBlocks[d.Parent.Name] {
		return p.lx.errorf(d.BlockStart, "unexpected \"{\" (entries of a %q block cannot open blocks)", d.Parent.Name)
	}
	if IsLuaBlock(d.Name) {
		return p.luaBody(d)
	}
	if depth+1 > MaxDepth {
		return p.lx.errorf(d.BlockStart, "blocks nested more than %d deep", MaxDepth)
	}
	block, err := p.block(d, depth+1)
	if err != nil {
		return err
	}
	d.Block = block
	return nil
}

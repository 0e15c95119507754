package nginx

import (
	"fmt"
	"strings"
)

// Pos is a 1-based position in a config text. Col counts bytes, as go/token
// does, so tabs and multi-byte UTF-8 characters count by their bytes.
type Pos struct{ Line, Col int32 }

func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// Directive is one nginx directive: a simple one ended by ";" or a block.
// What the parse read of it is its Syntax, which the copies an include
// splices share (Clone, ResolveIncludes): a config kept per workload
// then holds 48 bytes a directive of its own, its tree's links, not a
// second copy of the words and positions.
type Directive struct {
	*Syntax

	Block  []*Directive // non-nil (maybe empty) for block directives
	Parent *Directive   // nil at top level, also for the top of an included file spliced at top level
	// Include is the include directive that brought this directive in by
	// ResolveIncludes; nil for directives of the main text.
	Include *Directive
}

// Syntax is what the parse read of a directive. Nothing writes it after
// the parse: the copies of one directive share it.
type Syntax struct {
	Name  string
	Args  []string // unquoted, escapes processed as nginx does
	Words []Word   // the args as written

	Pos        Pos // position of the directive name
	End        Pos // position of the terminating ";" or closing "}"
	BlockStart Pos // position of "{" (zero if not a block)

	// RawBody is the verbatim text between the braces of a raw Lua block
	// (any directive named *_by_lua_block); Block is nil for those.
	RawBody string

	Source string // file or ConfigMap key the directive was read from
}

// Word is an argument as written.
type Word struct {
	Raw    string // quotes included
	At     Pos    // where it starts (its opening quote if quoted)
	Quoted bool
}

// Written is the arguments as written, joined by spaces.
func (s *Syntax) Written() string {
	var b strings.Builder
	for i, w := range s.Words {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w.Raw)
	}
	return b.String()
}

// IsBlock reports whether d has a body: a nested block or a raw Lua body.
func (d *Directive) IsBlock() bool { return d.Block != nil || d.IsRawBlock() }

// IsRawBlock reports whether d is a lua-nginx-module *_by_lua_block whose
// body is kept verbatim in RawBody.
func (d *Directive) IsRawBlock() bool { return d.BlockStart != (Pos{}) && d.Block == nil }

// Arg returns the i-th argument, or "" when there is none.
func (d *Directive) Arg(i int) string {
	if i < 0 || i >= len(d.Args) {
		return ""
	}
	return d.Args[i]
}

// Ancestors returns the enclosing blocks, nearest first.
func (d *Directive) Ancestors() []*Directive {
	var out []*Directive
	for p := d.Parent; p != nil; p = p.Parent {
		out = append(out, p)
	}
	return out
}

// Enclosing returns the nearest enclosing block named name, or nil.
func (d *Directive) Enclosing(name string) *Directive {
	for p := d.Parent; p != nil; p = p.Parent {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// Children returns the directives named name directly inside d's block.
func (d *Directive) Children(name string) []*Directive {
	return filter(d.Block, name)
}

// Config is a parsed config text.
type Config struct {
	Directives []*Directive
	File       string
}

// Find returns every directive named name, at any depth, in walk order.
func (c *Config) Find(name string) []*Directive {
	var out []*Directive
	c.Walk(func(d *Directive) bool {
		if d.Name == name {
			out = append(out, d)
		}
		return true
	})
	return out
}

// Error is a syntax error at an exact position.
type Error struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// Pos returns the error's position.
func (e *Error) Pos() Pos { return Pos{int32(e.Line), int32(e.Col)} }

func filter(ds []*Directive, name string) []*Directive {
	var out []*Directive
	for _, d := range ds {
		if d.Name == name {
			out = append(out, d)
		}
	}
	return out
}

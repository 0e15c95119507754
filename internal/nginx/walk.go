package nginx

// Walk calls fn for every directive depth-first, in source order, parents
// before their blocks (like go/ast.Inspect). When fn returns false, the
// directive's block is skipped.
func (c *Config) Walk(fn func(d *Directive) bool) { walk(c.Directives, fn) }

// Walk calls fn for d and, depth-first, everything inside its block.
func (d *Directive) Walk(fn func(d *Directive) bool) { walk([]*Directive{d}, fn) }

func walk(ds []*Directive, fn func(d *Directive) bool) {
	for _, d := range ds {
		if fn(d) {
			walk(d.Block, fn)
		}
	}
}

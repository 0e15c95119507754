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

// Clone returns a deep copy of the config's directives (arguments are
// shared: nothing changes them), so that a parse of a text that never
// changes can be kept and spliced many times.
func (c *Config) Clone() *Config {
	return &Config{File: c.File, Directives: cloneList(c.Directives, nil)}
}

func cloneList(ds []*Directive, parent *Directive) []*Directive {
	if ds == nil {
		return nil
	}
	out := make([]*Directive, len(ds))
	for i, d := range ds {
		cp := *d
		cp.Parent = parent
		cp.Block = cloneList(d.Block, &cp)
		out[i] = &cp
	}
	return out
}

package nginx

import "strings"

// setState is what the rewrite module's `set` directives leave in one
// variable by the time a request reaches a proxy: the values of the `set`s
// that may have run last, and whether none may have run at all.
type setState struct {
	values []string // raw values as written, deduplicated
	unset  bool     // maybe no `set` ran: the variable is uninitialized
}

func (s *setState) assign(raw string, conditional bool) {
	if !conditional {
		s.values, s.unset = []string{raw}, false
		return
	}
	for _, v := range s.values {
		if v == raw {
			return
		}
	}
	s.values = append(s.values, raw)
}

// setsAt returns the `set` variables in effect when the request runs the
// proxy directive d. nginx runs `set` at request time, in phase order
// (ngx_http_rewrite_module.c, ngx_http_rewrite_handler): the server
// block's rewrite directives in the server rewrite phase, for every
// request, then those of the location the request ends in, in the
// rewrite phase. A location's rewrite directives are not inherited from
// the enclosing location (ngx_http_rewrite_merge_loc_conf keeps the
// child's codes, never the parent's), and an `if` body runs only when its
// condition holds, so a `set` inside an `if` gives one more possible value
// beside the previous one.
func setsAt(d *Directive) map[string]*setState {
	r := rewriteRun{target: d, vars: map[string]*setState{}}
	if srv := d.Enclosing("server"); srv != nil {
		r.block(srv.Block, false)
	}
	if loc := d.Enclosing("location"); loc != nil {
		r.block(loc.Block, false)
	}
	return r.vars
}

type rewriteRun struct {
	target *Directive
	vars   map[string]*setState
}

// block runs the rewrite directives of one level in order. It reports
// whether processing stopped for sure (stop) or may have stopped (maybe):
// `break` and `rewrite ... break|last` end the current set of rewrite
// directives (ngx_http_rewrite_module docs). A `return`, a redirecting
// `rewrite` or a `rewrite ... last` that fires ends the request here or
// sends it to another location: whenever the proxy runs, they did not
// fire, so they change nothing, except that `last` and `break` may have
// stopped the later `set`s.
func (r *rewriteRun) block(ds []*Directive, cond bool) (stop, maybe bool) {
	for _, d := range ds {
		c := cond || maybe
		switch d.Name {
		case "set":
			r.set(d, c)
		case "break":
			if !c {
				return true, false
			}
			return false, true
		case "rewrite":
			if f := d.Arg(2); f == "break" || f == "last" {
				maybe = true // a regex decides whether it fires
			}
		case "if":
			s, m := r.block(d.Block, c || !r.encloses(d))
			if s && r.encloses(d) {
				return true, false
			}
			maybe = maybe || s || m
		}
	}
	return false, maybe
}

func (r *rewriteRun) set(d *Directive, conditional bool) {
	name, ok := strings.CutPrefix(d.Arg(0), "$")
	if len(d.Args) != 2 || !ok {
		return
	}
	s := r.vars[name]
	if s == nil {
		s = &setState{unset: true}
		r.vars[name] = s
	}
	s.assign(d.Args[1], conditional)
}

// encloses reports whether the `if` block d holds the proxy: then its
// condition held for every request that reaches the proxy.
func (r *rewriteRun) encloses(d *Directive) bool {
	for p := r.target.Parent; p != nil; p = p.Parent {
		if p == d {
			return true
		}
	}
	return false
}

// setNames lists every variable a `set` of ds names, wherever it is: nginx
// declares it for the whole http{} (ngx_http_rewrite_set adds the
// variable at configuration time), and a request whose location runs no
// `set` of it reads it uninitialized.
func setNames(ds []*Directive) map[string]bool {
	out := map[string]bool{}
	walk(ds, func(d *Directive) bool {
		if name, ok := strings.CutPrefix(d.Arg(0), "$"); ok && d.Name == "set" && len(d.Args) == 2 {
			out[name] = true
		}
		return true
	})
	return out
}

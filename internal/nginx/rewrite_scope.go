package nginx

import (
	"fmt"
	"path"
	"strings"
)

// HeaderUsers returns the proxy_pass directives that take loc's
// proxy_set_header list, or would once loc has one: those inside loc with
// no location in between that sets its own. Only locations count as
// levels below loc: nginx refuses proxy_set_header in `if` and
// `limit_except` ("directive is not allowed here"), and their proxy_pass
// runs with the location's list (ngx_http_proxy_merge_loc_conf).
func HeaderUsers(loc *Directive) []*Directive {
	var out []*Directive
	var visit func(ds []*Directive)
	visit = func(ds []*Directive) {
		for _, d := range ds {
			switch {
			case d.Name == "proxy_pass" && !d.IsBlock():
				out = append(out, d)
			case d.Block == nil:
			case d.Name == "location" && len(d.Children(headerDirective)) > 0:
			default:
				visit(d.Block)
			}
		}
	}
	if loc != nil {
		visit(loc.Block)
	}
	return out
}

// inheritedList is the proxy_set_header list a location without one of
// its own inherits, and the level it comes from (nil: none set anywhere).
// The levels are the enclosing locations, server and http.
func inheritedList(loc *Directive) ([]*Directive, *Directive) {
	for lvl := loc.Parent; lvl != nil; lvl = lvl.Parent {
		if hs := lvl.Children(headerDirective); len(hs) > 0 {
			return hs, lvl
		}
		if lvl.Name == "http" {
			break
		}
	}
	return nil, nil
}

// unresolvedInclude returns an include left in place (its file is not
// among the texts) on a level the location's list is looked up on: the
// location, and when it has no list of its own the levels up to the one it
// inherits from. Such a file may set headers no one can see, as the model
// says too (Proxy.Incomplete).
func unresolvedInclude(loc *Directive) *Directive {
	for lvl := loc; lvl != nil; lvl = lvl.Parent {
		if incs := lvl.Children("include"); len(incs) > 0 {
			return incs[0]
		}
		if len(lvl.Children(headerDirective)) > 0 || lvl.Name == "http" {
			break
		}
	}
	return nil
}

// isHost reports whether d sets the Host header (names are
// case-insensitive, as nginx compares them).
func isHost(d *Directive) bool { return len(d.Args) == 2 && strings.EqualFold(d.Args[0], "Host") }

func hostDirectives(ds []*Directive) []*Directive {
	var out []*Directive
	for _, d := range ds {
		if isHost(d) {
			out = append(out, d)
		}
	}
	return out
}

func setsHeader(ds []*Directive, name string) bool {
	for _, d := range ds {
		if len(d.Args) == 2 && strings.EqualFold(d.Args[0], name) {
			return true
		}
	}
	return false
}

func hostLine(host string) string { return headerDirective + " Host " + host + ";" }

// plainHost accepts what a Service name can be written as (letters,
// digits, "-", "." and an optional ":port"), so the value needs no
// quoting and cannot hold a variable or a ";".
func plainHost(h string) bool {
	if h == "" || len(h) > 253+6 {
		return false
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == ':') {
			return false
		}
	}
	return true
}

// sameFile reports whether d was read from the same text as loc, in the
// same inclusion (a file included twice is two inclusions).
func sameFile(d, loc *Directive) bool { return d.Source == loc.Source && d.Include == loc.Include }

// includeIn returns the include directive that brought d into loc, when it
// is one written in loc itself and names one file (not a glob); nil else.
func includeIn(d, loc *Directive) *Directive {
	inc := d.Include
	if inc == nil || inc == loc.Include || inc.Parent != loc || !sameFile(inc, loc) {
		return nil
	}
	if strings.ContainsAny(path.Base(inc.Args[0]), "*?[") {
		return nil
	}
	return inc
}

func includeWhere(d *Directive) string {
	if d.Include == nil {
		return "from another level"
	}
	return fmt.Sprintf("by %s:%s (a nested or glob include)", d.Include.Source, d.Include.Pos)
}

func firstOf(cur, d *Directive) *Directive {
	if cur != nil {
		return cur
	}
	return d
}

func locName(loc *Directive) string { return loc.Written() }

// chainKey names a directive by where it was read, through every include
// that brought it in: the same text included twice gives two keys.
func chainKey(d *Directive) string {
	var b strings.Builder
	for x := d; x != nil; x = x.Include {
		fmt.Fprintf(&b, "%s:%s/", x.Source, x.Pos)
	}
	return b.String()
}

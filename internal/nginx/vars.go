package nginx

import "strings"

// varPart is a literal run or a variable reference of a value.
type varPart struct {
	text  string // literal text, or the variable name without "$" and braces
	isVar bool
}

// splitVars splits a value into literals and variables the way
// ngx_http_script_compile (src/http/ngx_http_script.c) reads it: "$name"
// with name of [A-Za-z0-9_], "${name}", and "$1".."$9" captures, which
// take one digit.
func splitVars(s string) []varPart {
	var out []varPart
	lit := 0
	for i := 0; i < len(s); i++ {
		if s[i] != '$' {
			continue
		}
		if i > lit {
			out = append(out, varPart{text: s[lit:i]})
		}
		name, end := varName(s, i+1)
		out = append(out, varPart{text: name, isVar: true})
		lit, i = end, end-1
	}
	if lit < len(s) {
		out = append(out, varPart{text: s[lit:]})
	}
	return out
}

// varName reads the variable name starting at i (just after "$") and
// returns it with the offset after it.
func varName(s string, i int) (string, int) {
	if i < len(s) && s[i] >= '1' && s[i] <= '9' {
		return s[i : i+1], i + 1
	}
	if i < len(s) && s[i] == '{' {
		if end := strings.IndexByte(s[i:], '}'); end >= 0 {
			return s[i+1 : i+end], i + end + 1
		}
		return s[i+1:], len(s)
	}
	j := i
	for j < len(s) && isNameByte(s[j]) {
		j++
	}
	return s[i:j], j
}

func isNameByte(c byte) bool {
	return c == '_' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}

// mapDefs collects, for each variable that a `map` of ds defines, the
// values it may be given: every value of `map SRC $v { KEY VALUE; ... }`
// (ngx_http_map_module). `set` variables depend on where the request runs
// and are followed per proxy (setsAt).
func mapDefs(ds []*Directive) map[string][]string {
	defs := map[string][]string{}
	walk(ds, func(d *Directive) bool {
		if d.Name != "map" || len(d.Args) != 2 || d.Block == nil {
			return true
		}
		name, _ := varName(d.Args[1], 1)
		for _, e := range d.Block {
			if len(e.Args) == 1 {
				defs[name] = append(defs[name], e.Args[0])
			}
		}
		return false
	})
	return defs
}

package nginx

// maxDepth bounds how far a variable is followed through `set` and `map`
// values that name other variables (a loop such as `set $a $a` ends there).
const maxDepth = 8

// evaluator reads the values nginx gives variables at one proxy.
type evaluator struct {
	p        *Proxy
	sets     map[string]*setState // `set` variables in effect at the proxy (setsAt)
	setNames map[string]bool      // every variable some `set` of the scope names
	maps     map[string][]string  // variable name -> values its `map` may give
	request  map[string]string    // request variables given a value by the caller (Eval)
}

func newEvaluator(p *Proxy, sc *scope) evaluator {
	return evaluator{p: p, sets: setsAt(p.Directive), setNames: sc.setNames, maps: sc.maps}
}

// static returns the value of s when every variable in it is known before
// a request comes.
func (ev evaluator) static(s string, depth int) (string, bool) {
	if depth > maxDepth {
		return "", false
	}
	var out []byte
	for _, part := range splitVars(s) {
		if !part.isVar {
			out = append(out, part.text...)
			continue
		}
		v, ok := ev.staticVar(part.text, depth)
		if !ok {
			return "", false
		}
		out = append(out, v...)
	}
	return string(out), true
}

func (ev evaluator) staticVar(name string, depth int) (string, bool) {
	if v, ok := ev.request[name]; ok {
		return v, true
	}
	switch name {
	case "proxy_host":
		return ev.p.ProxyHost()
	case "proxy_port":
		return ev.proxyPort()
	case "server_name":
		return ev.serverName()
	}
	if s := ev.sets[name]; s != nil {
		return ev.setValue(s, depth)
	}
	// A `map` value depends on the request; a `set` variable that no
	// `set` on the request's way assigns is uninitialized: both unknown.
	return "", false
}

// setValue is the value a `set` variable has at the proxy: known when
// some `set` surely ran and every value it may have been given agrees.
func (ev evaluator) setValue(s *setState, depth int) (string, bool) {
	if s.unset || len(s.values) == 0 {
		return "", false
	}
	first, ok := ev.static(s.values[0], depth+1)
	for _, raw := range s.values[1:] {
		v, ok2 := ev.static(raw, depth+1)
		ok = ok && ok2 && v == first
	}
	return first, ok
}

// serverName is $server_name (ngx_http_core_server_name): the first name
// of the server (a literal "$hostname" stands for the machine's name).
func (ev evaluator) serverName() (string, bool) {
	if ev.p.Server == nil {
		return "", true // no server block: nginx's default server_name ""
	}
	sn := ev.p.Server.Children("server_name")
	if len(sn) == 0 || len(sn[0].Args) == 0 {
		return "", true
	}
	return sn[0].Args[0], sn[0].Args[0] != "$hostname"
}

// carries reports whether s holds one of the variables in names, directly
// or through the `set` values in effect at the proxy and `map` values.
func (ev evaluator) carries(s string, names map[string]bool, depth int) bool {
	if depth > maxDepth {
		return false
	}
	for _, part := range splitVars(s) {
		if part.isVar && ev.varCarries(part.text, names, depth) {
			return true
		}
	}
	return false
}

func (ev evaluator) varCarries(name string, names map[string]bool, depth int) bool {
	if names[name] {
		return true
	}
	var values []string
	switch {
	case ev.sets[name] != nil:
		values = ev.sets[name].values
	case !ev.setNames[name]:
		values = ev.maps[name]
	}
	for _, v := range values {
		if ev.carries(v, names, depth+1) {
			return true
		}
	}
	return false
}

package nginx

import (
	"fmt"
	"strings"
)

// verify checks a rewrite by its effect rather than its text: it parses
// the roots of before and after (includes resolved among the files) and
// compares, proxy by proxy, the headers nginx sends. The proxies in want
// (by chainKey of the original) must send exactly that Host, once, and an
// X-Forwarded-Host (the one they had, else $host); every other header of
// every proxy, and the Host and X-Forwarded-Host of the others, must be
// what it was.
func verify(before, after Files, roots []string, layout Layout, want map[string]string) error {
	bp, err := proxiesOf(before, roots, layout)
	if err != nil {
		return fmt.Errorf("the original config: %w", err)
	}
	ap, err := proxiesOf(after, roots, layout)
	if err != nil {
		return fmt.Errorf("the rewritten config: %w", err)
	}
	if len(bp) != len(ap) {
		return fmt.Errorf("the rewritten config has %d proxies, not %d", len(ap), len(bp))
	}
	for i := range bp {
		if err := sameProxy(bp[i], ap[i], want); err != nil {
			b := bp[i].Directive
			return fmt.Errorf("%s %s at %s:%s: %w", b.Name, b.Arg(0), b.Source, b.Pos, err)
		}
	}
	return nil
}

func sameProxy(b, a Proxy, want map[string]string) error {
	if b.Directive.Name != a.Directive.Name || b.Directive.Arg(0) != a.Directive.Arg(0) {
		return fmt.Errorf("is %s %s after the rewrite", a.Directive.Name, a.Directive.Arg(0))
	}
	if b.Incomplete != a.Incomplete {
		return fmt.Errorf("its headers now depend on an unknown include")
	}
	if bo, ao := otherHeaders(b), otherHeaders(a); bo != ao {
		return fmt.Errorf("headers other than Host changed: %q became %q", bo, ao)
	}
	bx, ax := headerValues(b, forwardedHost), headerValues(a, forwardedHost)
	host, ok := want[chainKey(b.Directive)]
	if !ok {
		if hostView(b) != hostView(a) || bx != ax {
			return fmt.Errorf("its Host changed (%s became %s), but it was not to", hostView(b), hostView(a))
		}
		return nil
	}
	if a.Host.Directive == nil || a.Host.Value != host || len(a.Host.Extra) > 0 {
		return fmt.Errorf("sends %s after the rewrite, not Host %s", hostView(a), host)
	}
	if (bx != "" && ax != bx) || (bx == "" && ax != forwardedValue(b.Host.Value)) {
		return fmt.Errorf("X-Forwarded-Host %q became %q", bx, ax)
	}
	return nil
}

// proxiesOf parses the roots, with includes resolved among files.
func proxiesOf(files Files, roots []string, layout Layout) ([]Proxy, error) {
	lookup := func(name string) ([]byte, bool) {
		s, ok := files[name]
		return []byte(s), ok
	}
	var out []Proxy
	for _, r := range roots {
		c, err := Parse(r, []byte(files[r]))
		if err != nil {
			return nil, err
		}
		for _, u := range c.ResolveIncludesIn(lookup, layout) {
			if u.Err != nil {
				return nil, u.Err
			}
		}
		out = append(out, c.Proxies()...)
	}
	return out, nil
}

// otherHeaders renders the header list of p without Host and
// X-Forwarded-Host, in order.
func otherHeaders(p Proxy) string {
	var parts []string
	for _, d := range p.Headers {
		if len(d.Args) == 0 {
			parts = append(parts, "(none)")
			continue
		}
		if strings.EqualFold(d.Args[0], "Host") || strings.EqualFold(d.Args[0], forwardedHost) {
			continue
		}
		parts = append(parts, strings.ToLower(d.Args[0])+": "+strings.Join(d.Args[1:], " "))
	}
	return strings.Join(parts, "\n")
}

func headerValues(p Proxy, name string) string {
	var vs []string
	for _, d := range p.Headers {
		if len(d.Args) == 2 && strings.EqualFold(d.Args[0], name) {
			vs = append(vs, d.Args[1])
		}
	}
	return strings.Join(vs, ", ")
}

func hostView(p Proxy) string {
	if p.Host.Default {
		return "the default Host $proxy_host"
	}
	return "Host " + headerValues(p, "Host")
}

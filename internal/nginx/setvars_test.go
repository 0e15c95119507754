package nginx

import (
	"fmt"
	"testing"
)

// setSummary renders what the linter reads of a proxy whose Host or
// target comes through `set`.
func setSummary(p Proxy) string {
	return fmt.Sprintf("resolved=%s external=%v forwarded=%v target=%s evaluated=%v noresolver=%v",
		p.Host.Resolved, p.Host.External, p.Host.Forwarded, p.Target.Host, p.Evaluated, p.NoResolver)
}

// Each case follows ngx_http_rewrite_module: `set` runs at request time,
// server-level ones in the server rewrite phase, then those of the
// location the request ends in; location rewrite directives are not
// inherited (ngx_http_rewrite_merge_loc_conf).
func TestSetVariables(t *testing.T) {
	tests := []struct{ name, conf, want string }{
		{"a literal set in the location fixes the Host",
			`server { location / { set $up was.blog.svc.cluster.local; proxy_set_header Host $up; proxy_pass http://10.0.0.1; } }`,
			"resolved=was.blog.svc.cluster.local external=false forwarded=false target=10.0.0.1 evaluated=false noresolver=false"},
		{"a server-level set reaches every location that does not set the variable",
			`server { set $up was; location / { proxy_set_header Host $up; proxy_pass http://10.0.0.1; } }`,
			"resolved=was external=false forwarded=false target=10.0.0.1 evaluated=false noresolver=false"},
		{"a location-level set runs after the server's and wins",
			`server { set $up a; location / { set $up b; proxy_set_header Host $up; proxy_pass http://10.0.0.1; } }`,
			"resolved=b external=false forwarded=false target=10.0.0.1 evaluated=false noresolver=false"},
		{"a later set overrides an earlier one",
			`server { location / { set $up a; set $up b; proxy_set_header Host $up; proxy_pass http://10.0.0.1; } }`,
			"resolved=b external=false forwarded=false target=10.0.0.1 evaluated=false noresolver=false"},
		{"a set inside an if may not run: unknown",
			`server { location / { set $up a; if ($arg_x) { set $up b; } proxy_set_header Host $up; proxy_pass http://10.0.0.1; } }`,
			"resolved= external=false forwarded=false target=10.0.0.1 evaluated=false noresolver=false"},
		{"a set inside an if that agrees with the one before keeps the value",
			`server { location / { set $up a; if ($arg_x) { set $up a; } proxy_set_header Host $up; proxy_pass http://10.0.0.1; } }`,
			"resolved=a external=false forwarded=false target=10.0.0.1 evaluated=false noresolver=false"},
		{"a set only inside an if leaves the variable maybe uninitialized: unknown",
			`server { location / { if ($arg_x) { set $up a; } proxy_set_header Host $up; proxy_pass http://10.0.0.1; } }`,
			"resolved= external=false forwarded=false target=10.0.0.1 evaluated=false noresolver=false"},
		{"the if that holds the proxy did run: its set counts",
			`server { location / { set $up a; if ($arg_x) { set $up b; proxy_pass http://10.0.0.1; } proxy_set_header Host $up; } }`,
			"resolved=b external=false forwarded=false target=10.0.0.1 evaluated=false noresolver=false"},
		{"a set of another location does not run for this one: uninitialized, unknown",
			`server { location /a { set $up a; } location / { proxy_set_header Host $up; proxy_pass http://10.0.0.1; } }`,
			"resolved= external=false forwarded=false target=10.0.0.1 evaluated=false noresolver=false"},
		{"a parent location's set is not inherited by a nested location",
			`server { location / { set $up a; location /api { proxy_set_header Host $up; proxy_pass http://10.0.0.1; } } }`,
			"resolved= external=false forwarded=false target=10.0.0.1 evaluated=false noresolver=false"},
		{"break stops the later sets",
			`server { location / { set $up a; break; set $up b; proxy_set_header Host $up; proxy_pass http://10.0.0.1; } }`,
			"resolved=a external=false forwarded=false target=10.0.0.1 evaluated=false noresolver=false"},
		{"rewrite ... break may stop the later sets: unknown",
			`server { location / { set $up a; rewrite ^/x /y break; set $up b; proxy_set_header Host $up; proxy_pass http://10.0.0.1; } }`,
			"resolved= external=false forwarded=false target=10.0.0.1 evaluated=false noresolver=false"},
		{"a set of $host is external only where it runs",
			`server { location /a { set $h $host; } location / { set $h svc; proxy_set_header Host $h; proxy_pass http://10.0.0.1; } }`,
			"resolved=svc external=false forwarded=false target=10.0.0.1 evaluated=false noresolver=false"},
		{"a set through another set variable",
			`server { set $ns blog; location / { set $up was.$ns.svc; proxy_set_header Host $up; proxy_pass http://10.0.0.1; } }`,
			"resolved=was.blog.svc external=false forwarded=false target=10.0.0.1 evaluated=false noresolver=false"},
		{"$http_x_forwarded_host, also through set, is marked forwarded",
			`server { location / { set $fh $http_x_forwarded_host; proxy_set_header Host $fh; proxy_pass http://10.0.0.1; } }`,
			"resolved= external=false forwarded=true target=10.0.0.1 evaluated=false noresolver=false"},
		{"proxy_pass through a set variable with a resolver goes to that host; $proxy_host follows",
			`server { resolver 10.96.0.10; location / { set $b was.blog.svc.cluster.local; proxy_pass http://$b:8080; } }`,
			"resolved=was.blog.svc.cluster.local:8080 external=false forwarded=false target=was.blog.svc.cluster.local evaluated=true noresolver=false"},
		{"proxy_pass through a set variable without a resolver: nginx answers 502, the target stays unknown",
			`server { location / { set $b was.blog.svc.cluster.local; proxy_pass http://$b:8080; } }`,
			"resolved= external=false forwarded=false target= evaluated=false noresolver=true"},
		{"proxy_pass through a set variable naming an upstream block needs no resolver",
			`upstream was { server 10.0.0.7:8080; } server { location / { set $b was; proxy_pass http://$b; } }`,
			"resolved=was external=false forwarded=false target=was evaluated=true noresolver=false"},
		{"an IPv4 literal needs no resolver",
			`server { location / { set $b 10.0.0.7; proxy_pass http://$b:8080; } }`,
			"resolved=10.0.0.7:8080 external=false forwarded=false target=10.0.0.7 evaluated=true noresolver=false"},
		{"a host a static proxy_pass already names on the same port needs no resolver",
			`server { location /a { proxy_pass http://was:8080; } location / { set $b was; proxy_pass http://$b:8080; } }`,
			"resolved=was:8080 external=false forwarded=false target=was evaluated=true noresolver=false"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := mustParse(t, "http { "+tt.conf+" }").Proxies()
			got := setSummary(ps[len(ps)-1])
			if got != tt.want {
				t.Errorf("\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

package nginx

import (
	"fmt"
	"strings"
	"testing"
)

// files is a ConfigMap-like set of texts for the include tests.
type files map[string]string

func (f files) lookup(name string) ([]byte, bool) {
	s, ok := f[name]
	return []byte(s), ok
}

func (f files) keys() []string {
	var ks []string
	for k := range f {
		ks = append(ks, k)
	}
	return ks
}

func TestResolveIncludes(t *testing.T) {
	fs := files{
		"proxy.conf":  "proxy_set_header Host $host;\nproxy_set_header X-Real-IP $remote_addr;",
		"a.conf":      "server { listen 81; }",
		"b.conf":      "server { listen 82; }",
		"nested.conf": "include proxy.conf; add_header X-N 1;",
		"loop1.conf":  "include loop2.conf;",
		"loop2.conf":  "include /x/loop1.conf;",
		"self.conf":   "include self.conf;",
		"broken.conf": "server {",
	}
	tests := []struct {
		name, text, want, unresolved string
	}{
		{"a file found by its basename replaces the include",
			"location / { include /etc/nginx/conf.d/proxy.conf; }",
			`location "/" {proxy_set_header "Host" "$host"; proxy_set_header "X-Real-IP" "$remote_addr";}`, ""},
		{"a glob includes every matching key in sorted order", "http { include conf.d/?.conf; }",
			`http {server {listen "81";} server {listen "82";}}`, ""},
		{"includes inside included files are resolved", "http { include nested.conf; }",
			`http {proxy_set_header "Host" "$host"; proxy_set_header "X-Real-IP" "$remote_addr"; add_header "X-N" "1";}`, ""},
		{"a missing file stays an include and is reported", "http { include mime.types; }",
			`http {include "mime.types";}`, "mime.types"},
		{"a glob that matches nothing is reported as a glob", "include sites-enabled/*.site;",
			`include "sites-enabled/*.site";`, "*.site glob"},
		{"a cycle through two files is expanded until it would repeat", "include loop1.conf;",
			`include "/x/loop1.conf";`, "loop1.conf cycle"},
		{"a file including itself is stopped and reported", "include self.conf;",
			`include "self.conf";`, "self.conf cycle"},
		{"a file that does not parse is reported with its error", "include broken.conf;",
			`include "broken.conf";`, `broken.conf error: include broken.conf: broken.conf:1:9: unexpected end of file`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustParse(t, tt.text)
			un := c.ResolveIncludes(fs.lookup, fs.keys()...)
			if got := dump(c.Directives); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if got := describe(un); !strings.HasPrefix(got, tt.unresolved) || (tt.unresolved == "") != (got == "") {
				t.Errorf("unresolved: got %q, want %q", got, tt.unresolved)
			}
		})
	}
}

func describe(un []Unresolved) string {
	var parts []string
	for _, u := range un {
		s := u.Name
		if u.Glob {
			s += " glob"
		}
		if u.Cycle {
			s += " cycle"
		}
		if u.Err != nil {
			s += " error: " + u.Err.Error()
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

func TestResolveIncludesKeepsSourcesAndParents(t *testing.T) {
	fs := files{"up.conf": "upstream u {\n  server 10.0.0.1;\n}"}
	c := mustParse(t, "http {\n  include up.conf;\n}")
	inc := c.Directives[0].Block[0]
	c.ResolveIncludes(fs.lookup)
	up := c.Directives[0].Block[0]
	srv := up.Block[0]
	if up.Source != "up.conf" || srv.Source != "up.conf" || up.Include != inc || srv.Include != inc {
		t.Errorf("source %q/%q include %v", up.Source, srv.Source, up.Include)
	}
	if up.Parent != c.Directives[0] || srv.Parent != up || srv.Pos != (Pos{2, 3}) {
		t.Errorf("parent %v, server at %v", up.Parent, srv.Pos)
	}
	if c.Directives[0].Source != "test.conf" || c.Directives[0].Include != nil {
		t.Errorf("the main text keeps its own source")
	}
}

// A file included twice is spliced as two copies with their own links
// (parent, include) that share what the parse read of each directive.
func TestIncludedTwiceSharesTheSyntaxNotTheLinks(t *testing.T) {
	fs := files{"up.conf": "upstream u {\n  server 10.0.0.1;\n}"}
	c := mustParse(t, "http {\n  include up.conf;\n}\nstream {\n  include up.conf;\n}")
	c.ResolveIncludes(fs.lookup)
	a, b := c.Directives[0].Block[0], c.Directives[1].Block[0]
	if a == b || a.Block[0] == b.Block[0] {
		t.Fatal("the two splices share a directive")
	}
	if a.Syntax != b.Syntax || a.Block[0].Syntax != b.Block[0].Syntax {
		t.Error("the two splices parsed the file twice or copied its syntax")
	}
	if a.Parent != c.Directives[0] || b.Parent != c.Directives[1] || a.Block[0].Parent != a || b.Block[0].Parent != b {
		t.Error("a splice's directives are not linked to their own parents")
	}
	if a.Include == b.Include || a.Include.Parent != c.Directives[0] || b.Include.Parent != c.Directives[1] {
		t.Error("a splice does not name its own include")
	}
}

func TestResolveIncludesWithoutKeysLeavesGlobs(t *testing.T) {
	c := mustParse(t, "include *.conf;")
	un := c.ResolveIncludes(files{"a.conf": "x;"}.lookup)
	if len(un) != 1 || !un[0].Glob || len(c.Directives) != 1 {
		t.Errorf("got %s", describe(un))
	}
}

func TestResolveIncludesBoundsDiamondBlowUp(t *testing.T) {
	// Each file includes the next twice: 2^40 copies without a bound.
	fs := files{}
	for i := range 40 {
		next := fmt.Sprintf("f%d.conf", i+1)
		fs[fmt.Sprintf("f%d.conf", i)] = strings.Repeat("include "+next+";\n", 2) + strings.Repeat("# pad\n", 10000)
	}
	fs["f40.conf"] = "x;"
	c := mustParse(t, "include f0.conf;")
	un := c.ResolveIncludes(fs.lookup)
	if len(un) == 0 || un[0].Err == nil || !strings.Contains(un[0].Err.Error(), "included in all") {
		t.Fatalf("got %s", describe(un))
	}
}

// An include bomb: each of 30 files includes the next twice, which would
// splice 2^30 copies of the last one. Resolution stops at MaxIncludes
// with an error that names the include chain, after parsing each file
// once.
func TestIncludeBombIsBounded(t *testing.T) {
	fs := files{"l30.conf": "proxy_set_header Host $host;"}
	for i := range 30 {
		fs[fmt.Sprintf("l%d.conf", i)] = fmt.Sprintf("include l%d.conf;\ninclude l%d.conf;", i+1, i+1)
	}
	c, err := Parse("default.conf", []byte("server { location / { include l0.conf; proxy_pass http://was:8080; } }"))
	if err != nil {
		t.Fatal(err)
	}
	parses := 0
	lookup := func(name string) ([]byte, bool) {
		parses++
		return fs.lookup(name)
	}
	un := c.ResolveIncludes(lookup, fs.keys()...)
	var errs []error
	for _, u := range un {
		if u.Err != nil {
			errs = append(errs, u.Err)
		}
	}
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "(include chain default.conf -> l0.conf -> l1.conf -> l2.conf") {
		t.Fatalf("want one error naming the include chain, got %v", errs)
	}
	if parses > MaxIncludes+1 {
		t.Errorf("%d files looked up, want at most %d", parses, MaxIncludes+1)
	}
}

package nginx

import (
	"bytes"
	"fmt"
	"path"
	"sort"
	"strings"
	"testing"
	"time"
)

// fuzzFiles cuts fuzz input into the files of a ConfigMap (f0.conf, the
// file nginx starts from, f1.conf, ...) at lines "---", as the keys of one
// ConfigMap or the files of a pod under /etc/nginx.
func fuzzFiles(data []byte) files {
	fs := files{}
	for i, part := range bytes.Split(data, []byte("\n---\n")) {
		fs[fmt.Sprintf("f%d.conf", i)] = string(part)
	}
	return fs
}

// podLayout names files by absolute path under /etc/nginx, as a
// container's file tree does: a relative include is read from the prefix,
// a glob matches the known files (complete: no file of the image lies
// there).
type podLayout []string

func (keys podLayout) Include(arg string) ([]string, bool) {
	p := arg
	if !path.IsAbs(p) {
		p = path.Join("/etc/nginx", p)
	}
	var out []string
	for _, k := range keys {
		if ok, _ := path.Match(p, path.Join("/etc/nginx", k)); ok {
			out = append(out, k)
		}
	}
	return out, true
}

// FuzzResolveIncludes expands the includes of a small file tree, by
// ConfigMap keys and by a pod's paths: it never panics, stays within the
// bounds (MaxIncludes files spliced, so the tree grows by at most that
// many files' directives), and leaves in place only includes it reports
// as unresolved or that name no file.
func FuzzResolveIncludes(f *testing.F) {
	f.Add([]byte("http { include f1.conf; }\n---\nserver { listen 80; include /etc/nginx/f2.conf; }\n---\nlocation / { proxy_pass http://a; }"), false)
	f.Add([]byte("include f0.conf;"), true)
	f.Add([]byte("include f*.conf;\n---\ninclude f2.conf; include f2.conf;\n---\nadd_header X 1;"), true)
	// Each file includes the next twice, 16 levels: 65,536 inclusions.
	var diamond []string
	for i := 0; i < 16; i++ {
		diamond = append(diamond, fmt.Sprintf("include f%d.conf; include f%d.conf;", i+1, i+1))
	}
	f.Add([]byte(strings.Join(append(diamond, "add_header X 1;"), "\n---\n")), false)
	f.Add([]byte("server { include f1.conf }\n---\nlocation / {"), false)
	f.Fuzz(func(t *testing.T, data []byte, pod bool) {
		// The bounds exist so that no input costs a minute: one that takes
		// 10 s on a loaded machine means they do not hold.
		slow := time.AfterFunc(10*time.Second, func() { panic(fmt.Sprintf("include expansion of %q (pod %v) took over 10 s", data, pod)) })
		defer slow.Stop()
		fs := fuzzFiles(data)
		root, err := Parse("f0.conf", []byte(fs["f0.conf"]))
		if err != nil {
			return
		}
		keys := fs.keys()
		sort.Strings(keys)
		before, largest := countDirectives(root), 0
		for _, k := range keys {
			if c, err := Parse(k, []byte(fs[k])); err == nil {
				largest = max(largest, countDirectives(c))
			}
		}
		var un []Unresolved
		if pod {
			un = root.ResolveIncludesIn(fs.lookup, podLayout(keys))
		} else {
			un = root.ResolveIncludes(fs.lookup, keys...)
		}
		if after := countDirectives(root); after > before+MaxIncludes*largest {
			t.Fatalf("%d directives after expansion, from %d: more than %d files of at most %d spliced", after, before, MaxIncludes, largest)
		}
		// Past the bound, one error names the chain and the other includes
		// stay in place unreported (include.go, resolver.include).
		reported, bounded := map[*Directive]bool{}, false
		for _, u := range un {
			reported[u.Directive] = true
			bounded = bounded || u.Err != nil && strings.Contains(u.Err.Error(), "included in all")
		}
		root.Walk(func(d *Directive) bool {
			if d.Name == "include" && len(d.Args) == 1 && !d.IsBlock() && !reported[d] && !bounded && knownFile(fs, d.Args[0], pod) {
				t.Fatalf("include %s at %v left in place without a word", d.Args[0], d.Pos)
			}
			return true
		})
	})
}

func countDirectives(c *Config) int {
	n := 0
	c.Walk(func(*Directive) bool { n++; return true })
	return n
}

// knownFile tells whether a plain (not glob) include argument names a
// file of fs.
func knownFile(fs files, arg string, pod bool) bool {
	if strings.ContainsAny(arg, "*?[") {
		return false
	}
	name := path.Base(strings.ReplaceAll(arg, `\`, "/"))
	if pod {
		p := arg
		if !path.IsAbs(p) {
			p = path.Join("/etc/nginx", p)
		}
		if path.Dir(p) != "/etc/nginx" {
			return false
		}
		name = path.Base(p)
	}
	_, ok := fs[name]
	return ok
}

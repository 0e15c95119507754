// Package corpus generates large manifest sets for benchmarks: copies of
// the field report's stack, one namespace each, some broken in each rule's
// way.
package corpus

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"

	"github.com/meshlint/meshlint/internal/manifest"
)

//go:embed stack.yaml
var stack string

// ObjectsPerCopy is the number of objects one namespaced copy holds.
var ObjectsPerCopy = len(namespaced())

// breakages turn a copy into one of the field report's broken variants.
var breakages = []func(string) string{
	func(s string) string { return s }, // correct
	func(s string) string { // STRICT behind the unmeshed ingress: ML101
		return strings.Replace(s, "mode: PERMISSIVE", "mode: STRICT", 1)
	},
	func(s string) string { // Host $host: ML201, ML401
		return strings.Replace(s, "proxy_set_header Host was-service;", "proxy_set_header Host $host;", 1)
	},
	func(s string) string { // ISTIO_MUTUAL towards mysql: ML103
		return strings.Replace(s, "mode: DISABLE", "mode: ISTIO_MUTUAL", 1)
	},
	func(s string) string { // mysql meshed on a sniffed port: ML301, ML302
		s = strings.Replace(s, "        sidecar.istio.io/inject: \"false\"\n", "", 1)
		return strings.Replace(s, "    - name: tcp-mysql\n      port: 3306", "    - port: 3307", 1)
	},
	func(s string) string { // a dotted short host Istio does not expand: ML501
		return strings.Replace(s, "host: mysql\n", "host: mysql.NS\n", 1)
	},
}

// shared are the objects outside the copies' namespaces.
func shared() []string {
	var out []string
	for _, d := range docs() {
		if !strings.Contains(d, "namespace: blog-system") && !strings.Contains(d, "name: blog-system") {
			out = append(out, d)
		}
	}
	return out
}

func namespaced() []string {
	var out []string
	for _, d := range docs() {
		if strings.Contains(d, "namespace: blog-system") || strings.Contains(d, "name: blog-system") {
			out = append(out, d)
		}
	}
	return out
}

func docs() []string {
	var out []string
	for _, d := range strings.Split(stack, "\n---\n") {
		if strings.Contains(d, "kind:") {
			out = append(out, d)
		}
	}
	return out
}

// Copy is one namespaced copy of the stack in namespace ns, broken in the
// way number variant selects (0 = correct).
func Copy(ns string, variant int) string {
	s := strings.Join(namespaced(), "\n---\n")
	s = breakages[variant%len(breakages)](s)
	s = strings.ReplaceAll(s, "blog-system", ns)
	s = strings.ReplaceAll(s, "mysql.NS", "mysql."+ns)
	return s + "\n"
}

// Files returns about n objects as files (name -> content): the shared
// objects, then one file per copy.
func Files(n int) map[string]string {
	files := map[string]string{"shared.yaml": strings.Join(shared(), "\n---\n") + "\n"}
	for i := 0; i*ObjectsPerCopy < n; i++ {
		files[fmt.Sprintf("copy-%05d.yaml", i)] = Copy(fmt.Sprintf("app-%05d", i), i)
	}
	return files
}

// Objects loads about n objects of the corpus, file by file in name order.
func Objects(n int) ([]*manifest.Object, error) {
	files := Files(n)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	var out []*manifest.Object
	for _, name := range names {
		res := manifest.LoadBytes(name, []byte(files[name]), manifest.Options{})
		if len(res.Errors) > 0 {
			return nil, res.Errors[0]
		}
		out = append(out, res.Objects...)
	}
	return out, nil
}

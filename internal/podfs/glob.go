package podfs

import (
	"path"
	"sort"
	"strings"
)

// HasMeta reports whether p is a glob for nginx's include: it expands an
// argument holding "*", "?" or "[" (src/core/ngx_conf_file.c
// ngx_conf_include, strpbrk(file, "*?[")).
func HasMeta(p string) bool { return strings.ContainsAny(p, "*?[") }

// Glob returns the files of the tree that pattern (absolute) matches, in
// the order glob(3) returns them (sorted: nginx calls glob with flags 0,
// src/os/unix/ngx_files.c ngx_open_glob), and whether that list is the
// whole answer: false when a directory the pattern reaches holds files
// meshlint does not know. As glob(3) does, a wildcard never matches a
// leading "." of a name (kubelet's "..data" link in a ConfigMap volume is
// never matched by "*").
func (t *Tree) Glob(pattern string) (names []string, complete bool) {
	pattern = clean(pattern)
	parts := strings.Split(pattern, "/")[1:]
	for _, f := range t.files {
		if matchParts(parts, strings.Split(f.Path, "/")[1:]) {
			names = append(names, f.Path)
		}
	}
	sort.Strings(names)
	return names, t.dirComplete(literalDir(parts))
}

// literalDir is the directory above the first part that holds a wildcard.
func literalDir(parts []string) string {
	dir := "/"
	for _, p := range parts[:len(parts)-1] {
		if HasMeta(p) {
			break
		}
		dir = path.Join(dir, p)
	}
	return dir
}

func matchParts(pat, name []string) bool {
	if len(pat) != len(name) {
		return false
	}
	for i := range pat {
		if strings.HasPrefix(name[i], ".") && !strings.HasPrefix(pat[i], ".") {
			return false
		}
		if ok, err := path.Match(pat[i], name[i]); !ok || err != nil {
			return false
		}
	}
	return true
}

package render

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/meshlint/meshlint/internal/manifest"
)

// srcFile is a resource file that built objects come from, loaded once
// with the manifest loader.
type srcFile struct {
	show string
	text []string
	objs []*manifest.Object
	used map[*manifest.Object]bool // objects already matched
}

func (m *mapper) src(abs string) *srcFile {
	if f, ok := m.srcs[abs]; ok {
		return f
	}
	f := &srcFile{show: m.fs.show(abs), used: map[*manifest.Object]bool{}}
	if data, err := os.ReadFile(abs); err == nil {
		f.text = fileLines(data)
		m.texts[abs] = f.text
		f.objs = manifest.LoadBytes(f.show, data, manifest.Options{}).Objects
	}
	m.srcs[abs] = f
	return f
}

// match finds the object a built object comes from: the same kind, and
// the name kustomize started from (the built name may have gained a
// namePrefix or nameSuffix, and the namespace may have changed). In doubt,
// document order decides: the first object not matched yet. An object of
// a base that the build includes twice is matched twice.
func (f *srcFile) match(id objID) *manifest.Object {
	for _, fresh := range []bool{true, false} {
		var best *manifest.Object
		bestScore := -1
		for _, o := range f.objs {
			if o.Kind != id.kind || (fresh && f.used[o]) {
				continue
			}
			if s := matchScore(o, id); s > bestScore {
				best, bestScore = o, s
			}
		}
		if best != nil {
			f.used[best] = true
			return best
		}
	}
	return nil
}

// matchScore ranks a candidate: the name (same, contained, or not),
// then the length of a contained name, then namespace and apiVersion.
func matchScore(o *manifest.Object, id objID) int {
	s := 0
	switch {
	case o.Name == id.name:
		s = 3 << 20
	case o.Name != "" && strings.Contains(id.name, o.Name):
		s = 2<<20 + len(o.Name)<<2
	}
	if o.Namespace == id.ns {
		s += 2
	}
	if o.APIVersion == id.apiVersion {
		s++
	}
	return s
}

// lineIn returns the line of p in object o of a file whose lines are text,
// and whether o has the whole path. A path o lacks gives the line of its
// deepest field o has. A line of a block scalar gives the same line of
// o's text when the text is the same, else the field's line.
func lineIn(o *manifest.Object, text []string, p place) (int, bool) {
	keys, _, full := followPath(o.Body, p.path)
	if !full || p.inner == 0 {
		return o.FieldLine(keys...), full
	}
	if l := o.TextLine(keys, p.inner); l >= 1 && l <= len(text) &&
		strings.TrimSpace(text[l-1]) == strings.TrimSpace(p.text) {
		return l, true
	}
	return o.FieldLine(keys...), true
}

// followPath follows a rendered path in a decoded body. It returns the
// path as the body's keys and indexes, as far as the body has it, and the
// value there.
func followPath(body any, path []step) ([]string, any, bool) {
	var out []string
	v := body
	for _, s := range path {
		if s.index < 0 {
			m, _ := v.(map[string]any)
			next, ok := m[s.key]
			if !ok {
				return out, v, false
			}
			out, v = append(out, s.key), next
			continue
		}
		l, _ := v.([]any)
		j := findItem(l, s)
		if j < 0 {
			return out, v, false
		}
		out, v = append(out, strconv.Itoa(j)), l[j]
	}
	return out, v, true
}

// findItem finds the item s names in l: by its identity fields or value
// (at the same index if it is there), else by its index.
func findItem(l []any, s step) int {
	if s.ids == nil && s.val == nil {
		if s.index < len(l) {
			return s.index
		}
		return -1
	}
	if s.index < len(l) && sameItem(l[s.index], s) {
		return s.index
	}
	for j, it := range l {
		if sameItem(it, s) {
			return j
		}
	}
	return -1
}

// sameItem reports whether it is the item s names: a scalar of the same
// value, or a mapping that shares at least one identity field with the
// rendered item and differs in none.
func sameItem(it any, s step) bool {
	if s.val != nil {
		v, ok := scalarText(it)
		return ok && v == *s.val
	}
	m, ok := it.(map[string]any)
	if !ok {
		return false
	}
	shared := false
	for k, want := range s.ids {
		if v, has := m[k]; has {
			got, ok := scalarText(v)
			if !ok || got != want {
				return false
			}
			shared = true
		}
	}
	return shared
}

// scalarText prints a decoded scalar as YAML wrote it, near enough to
// compare with a rendered one.
func scalarText(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case int64, float64, bool:
		return fmt.Sprint(v), true
	case nil:
		return "null", true
	}
	return "", false
}

package podfs

import (
	"path"
	"slices"
	"sort"
	"strings"
)

// Volume is a pod volume that holds ConfigMap keys: a configMap volume
// (one source) or a projected volume (its configMap sources, in order).
// Other volumes have no sources: what they hold is unknown.
type Volume struct {
	Name    string
	Sources []ConfigMapSource
}

// ConfigMapSource is one ConfigMap of a volume; Items, when set, choose
// the keys and where they go.
type ConfigMapSource struct {
	Name  string
	Items []Item
}

// Item maps a key to a path inside the volume.
type Item struct{ Key, Path string }

// Mount is one volumeMount of the container.
type Mount struct {
	Volume, Path, SubPath string
}

// DataFunc returns the string data of the named ConfigMap of the pod's
// namespace; ok is false when the inputs lack it.
type DataFunc func(name string) (data map[string]string, ok bool)

func volumeNamed(vols []Volume, name string) *Volume {
	for i := range vols {
		if vols[i].Name == name {
			return &vols[i]
		}
	}
	return nil
}

// content is the files of a volume by their path inside it; known is
// false when part of it is unknown (a ConfigMap the inputs lack, a volume
// of another kind).
func content(v *Volume, data DataFunc) (files map[string]File, known bool) {
	files, known = map[string]File{}, v != nil
	if v == nil || len(v.Sources) == 0 {
		return files, false
	}
	for _, s := range v.Sources {
		d, ok := data(s.Name)
		if !ok {
			known = false
			continue
		}
		for rel, key := range s.paths(d) {
			files[rel] = File{Text: d[key], Src: Source{ConfigMap: s.Name, Key: key}}
		}
	}
	return files, known
}

// paths maps each path inside the volume to its key: every key at its own
// name, or with items only the listed keys at their paths (Kubernetes:
// pkg/volume/configmap MakePayload; a projected volume writes its sources
// in order, a later one over an earlier one at the same path).
func (s ConfigMapSource) paths(d map[string]string) map[string]string {
	out := map[string]string{}
	if len(s.Items) == 0 {
		for k := range d {
			out[k] = k
		}
		return out
	}
	for _, it := range s.Items {
		if _, ok := d[it.Key]; ok && it.Path != "" {
			out[path.Clean(it.Path)] = it.Key
		}
	}
	return out
}

// mount lays the volume (or its subPath) at m.Path: a directory mount
// replaces whatever was at and under the path, hiding the image's files
// there; a subPath naming one file replaces that file only.
func (t *Tree) mount(m Mount, v *Volume, data DataFunc) {
	at := clean(m.Path)
	files, known := content(v, data)
	sub := strings.Trim(path.Clean("/"+m.SubPath), "/")
	if sub != "" {
		if f, ok := files[sub]; ok {
			t.replace(at, known)
			f.Path = at
			t.files = append(t.files, f)
			return
		}
		files = under(files, sub)
	}
	t.replace(at, known)
	for _, rel := range sortedKeys(files) {
		f := files[rel]
		f.Path = path.Join(at, rel)
		t.files = append(t.files, f)
	}
}

// replace empties at (a directory or a file) and records what is known
// of what is laid there: what a mount then lays at or under at is new to
// the tree.
func (t *Tree) replace(at string, known bool) {
	t.files = slices.DeleteFunc(t.files, func(f File) bool { return within(f.Path, at) })
	kept := t.dirs[:0]
	for _, d := range t.dirs {
		if !within(d.path, at) {
			kept = append(kept, d)
		}
	}
	t.dirs = append(kept, dirState{at, known})
}

// under keeps the files below dir, with paths relative to it.
func under(files map[string]File, dir string) map[string]File {
	out := map[string]File{}
	for rel, f := range files {
		if strings.HasPrefix(rel, dir+"/") {
			out[strings.TrimPrefix(rel, dir+"/")] = f
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Package podfs builds the files a container sees: its image's own files
// where meshlint knows them, and the ConfigMaps the pod mounts over them
// (volumes and the container's volumeMounts).
package podfs

import (
	"path"
	"slices"
	"sort"
	"strings"
)

// Source is where a file of the tree comes from: a key of a ConfigMap, or
// the image (ConfigMap "").
type Source struct {
	ConfigMap, Key string
	Image          string
}

// File is one file of the tree.
type File struct {
	Path, Text string
	Src        Source
	Inert      bool // a file of the image that holds nothing the model reads (Image.Inert)
}

// Status tells what the tree knows of a path.
type Status int

// The states of a path.
const (
	Unknown Status = iota // nothing known: an image file meshlint lacks, a ConfigMap the inputs lack
	Found                 // the tree holds the file
	Absent                // the directory's whole content is known and the file is not in it
)

// Tree is the files one container sees.
type Tree struct {
	// files are sorted by path once laid (New). A slice, not a map: a
	// tree holds a few files, and the webhook keeps one per nginx
	// container for as long as it runs.
	files []File
	// dirs are the directories (and single files) whose content is known
	// (true) or not (false), in the order they were laid: the deepest
	// one around a path decides.
	dirs []dirState
}

type dirState struct {
	path  string
	known bool
}

// New lays out img's files (nil: an image meshlint knows nothing of), then
// the mounts.
func New(img *Image, vols []Volume, mounts []Mount, data DataFunc) *Tree {
	t := &Tree{}
	if img != nil {
		for p, text := range img.Files {
			t.files = append(t.files, File{Path: p, Text: text, Src: Source{Image: img.Name}, Inert: img.Inert[p]})
		}
		for _, d := range sortedDirs(img.Dirs) {
			t.dirs = append(t.dirs, dirState{d, img.Dirs[d]})
		}
	}
	for _, m := range orderMounts(mounts) {
		t.mount(m, volumeNamed(vols, m.Volume), data)
	}
	t.files = lastOfEachPath(t.files)
	return t
}

// lastOfEachPath sorts files by path and keeps, of those at one path, the
// one laid last (two keys of a volume the CLI reads may clean to one
// path, or reach outside their mount with ".."; the API server refuses
// both).
func lastOfEachPath(files []File) []File {
	slices.SortStableFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	out := files[:0]
	for i, f := range files {
		if i+1 < len(files) && files[i+1].Path == f.Path {
			continue
		}
		out = append(out, f)
	}
	return slices.Clip(out)
}

func sortedDirs(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for d := range m {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool {
		return depth(out[i]) < depth(out[j]) || (depth(out[i]) == depth(out[j]) && out[i] < out[j])
	})
	return out
}

// orderMounts puts the mounts in the order the runtime makes them: by
// number of path parts, so that /etc/nginx is mounted before
// /etc/nginx/conf.d and never hides it. The CRI runtimes sort a
// container's mounts so (containerd's CRI WithMounts and CRI-O's
// orderedMounts, "the same with the Docker implementation":
// sort.Stable by the number of path parts); runc then mounts them in
// that order.
func orderMounts(ms []Mount) []Mount {
	out := append([]Mount(nil), ms...)
	sort.SliceStable(out, func(i, j int) bool { return depth(clean(out[i].Path)) < depth(clean(out[j].Path)) })
	return out
}

func depth(p string) int { return strings.Count(strings.TrimSuffix(p, "/"), "/") }

func clean(p string) string {
	if strings.HasPrefix(p, "/") {
		return path.Clean(p)
	}
	return path.Clean("/" + p)
}

// Files lists the tree's files by path, sorted.
func (t *Tree) Files() []File {
	return slices.Clone(t.files)
}

// Lookup tells what the tree knows of the file at p (absolute).
func (t *Tree) Lookup(p string) (File, Status) {
	p = clean(p)
	if i, ok := slices.BinarySearchFunc(t.files, p, func(f File, p string) int { return strings.Compare(f.Path, p) }); ok {
		return t.files[i], Found
	}
	if t.known(p) {
		return File{}, Absent
	}
	return File{}, Unknown
}

// known reports whether the deepest laid directory around p (or p
// itself) has a known content.
func (t *Tree) known(p string) bool {
	best, known := -1, false
	for _, d := range t.dirs {
		if within(p, d.path) && depth(d.path) >= best {
			best, known = depth(d.path), d.known
		}
	}
	return known
}

// dirComplete reports whether every file under dir is known: dir is known
// and no unknown directory or file was laid inside it.
func (t *Tree) dirComplete(dir string) bool {
	if !t.known(dir) {
		return false
	}
	for _, d := range t.dirs {
		if !d.known && within(d.path, dir) {
			return false
		}
	}
	return true
}

// within reports whether p is dir or lies under it.
func within(p, dir string) bool {
	return p == dir || dir == "/" || strings.HasPrefix(p, dir+"/")
}

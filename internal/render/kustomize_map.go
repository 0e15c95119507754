package render

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"sigs.k8s.io/kustomize/api/resource"

	"github.com/meshlint/meshlint/internal/manifest"
)

// objID names a built object.
type objID struct{ apiVersion, kind, ns, name string }

func (id objID) String() string {
	return manifest.Ref{Kind: id.kind, Namespace: id.ns, Name: id.name}.String()
}

// mapper maps the lines of built objects to their sources. It reads each
// source once.
type mapper struct {
	fs      *buildFS
	texts   map[string][]string // file lines by absolute path; nil if unreadable
	srcs    map[string]*srcFile // resource files by absolute path
	kfiles  map[string]*kfile   // kustomization files by absolute path
	patches []*patchDoc         // the build's patches, the last applied first
	names   map[string]bool     // File names given
}

func newMapper(fs *buildFS) *mapper {
	m := &mapper{fs: fs, texts: map[string][]string{}, srcs: map[string]*srcFile{},
		kfiles: map[string]*kfile{}, names: map[string]bool{}}
	for _, k := range fs.kfiles {
		m.kfiles[k.abs] = k
	}
	m.loadPatches()
	return m
}

// file makes the File of one built object from its origin annotation.
func (m *mapper) file(o *resource.Origin, id objID, data []byte) (File, error) {
	places, err := renderedPlaces(data)
	if err != nil {
		return File{}, fmt.Errorf("%s: %w", id, err)
	}
	s := m.source(o, id)
	lines := make([]Pos, len(places))
	for i, p := range places {
		lines[i] = s.pos(p)
	}
	return File{Name: m.name(s.file + "#" + id.String()), Data: data, Lines: lines}, nil
}

// name makes a File name unique: kinds of two API groups may share names.
func (m *mapper) name(base string) string {
	name := base
	for i := 2; m.names[name]; i++ {
		name = fmt.Sprintf("%s#%d", base, i)
	}
	m.names[name] = true
	return name
}

// objSource is where the lines of one built object come from.
type objSource struct {
	file    string           // shown path of the file the object comes from
	text    []string         // its lines
	obj     *manifest.Object // the object in it; nil if not found
	gen     *genEntry        // the generator entry, for generated objects
	patches []*patchDoc      // patches that target the object, the last applied first
}

// source finds the source of the object with origin o. Without an origin
// (kustomize gives none to some plugins' output) it is the root
// kustomization, line 0; a remote base is named but never read.
func (m *mapper) source(o *resource.Origin, id objID) *objSource {
	s := &objSource{file: m.fs.show(m.fs.root)}
	srcName, srcNs := id.name, id.ns
	switch {
	case o == nil:
	case o.Repo != "":
		s.file = strings.TrimSuffix(o.Repo, "/") + "//" + o.Path + o.ConfiguredIn
	case o.ConfiguredIn != "":
		abs := filepath.Join(m.fs.rootDir, o.ConfiguredIn)
		s.file = m.fs.show(abs)
		if s.gen = m.generator(abs, o.ConfiguredBy.Kind, id); s.gen != nil {
			srcName, srcNs = yamlString(s.gen.node, "name"), yamlString(s.gen.node, "namespace")
		}
	case o.Path != "":
		f := m.src(filepath.Join(m.fs.rootDir, o.Path))
		s.file, s.text, s.obj = f.show, f.text, f.match(id)
		if s.obj != nil {
			srcName, srcNs = s.obj.Name, s.obj.Namespace
		}
	}
	s.patches = m.patchesFor(id, srcName, srcNs)
	return s
}

// pos maps a place: to the patch that set the field, else to the
// generator entry or the object in its file. A field the object lacks but
// a patch has (a container a patch adds) is the patch's.
func (s *objSource) pos(p place) Pos {
	if pos, ok := s.fromPatch(p, false); ok {
		return pos
	}
	if s.gen != nil {
		return s.gen.pos(p)
	}
	if s.obj == nil {
		return Pos{File: s.file}
	}
	line, full := lineIn(s.obj, s.text, p)
	if !full {
		if pos, ok := s.fromPatch(p, true); ok {
			return pos
		}
	}
	return Pos{File: s.file, Line: line}
}

func (s *objSource) fromPatch(p place, added bool) (Pos, bool) {
	for _, d := range s.patches {
		if line, ok := d.line(p, added); ok {
			return Pos{File: d.file, Line: d.at(line)}, true
		}
	}
	return Pos{}, false
}

// lines returns the lines of the file at abs, read once; nil if it cannot
// be read (a missing secret source).
func (m *mapper) lines(abs string) []string {
	if t, ok := m.texts[abs]; ok {
		return t
	}
	var t []string
	if data, err := os.ReadFile(abs); err == nil {
		t = fileLines(data)
	}
	m.texts[abs] = t
	return t
}

// fileLines splits text into lines without their line ends.
func fileLines(data []byte) []string {
	data = bytes.TrimSuffix(data, []byte("\n"))
	if len(data) == 0 {
		return []string{}
	}
	out := strings.Split(string(data), "\n")
	for i, l := range out {
		out[i] = strings.TrimSuffix(l, "\r")
	}
	return out
}

// Package render turns inputs that are not plain manifests into manifests
// the linter loads: a Helm chart directory (rendered with the Helm SDK) and
// a kustomization directory (built with the kustomize API). Every rendered
// file carries a map from its lines back to the source the user edits, so
// findings point at templates, resource files and generator inputs rather
// than at text that exists nowhere on disk.
package render

import "github.com/meshlint/meshlint/internal/manifest"

// Pos is a place in a source file. Line 0 means the file as a whole.
type Pos struct {
	File string
	Line int
}

// File is one rendered manifest file. Name is unique within a run and is
// what the loader records as the objects' File; Lines[i] is the source of
// line i+1 of Data.
type File struct {
	Name  string
	Data  []byte
	Lines []Pos
}

// Map sends positions in rendered files back to their sources.
type Map map[string][]Pos

// Add records the line maps of files.
func (m Map) Add(files []File) {
	for _, f := range files {
		m[f.Name] = f.Lines
	}
}

// Resolve maps (file, line) in a rendered file to the source position. A
// file that was not rendered, or a line the map does not cover, comes back
// unchanged; ok tells whether the name was a rendered file.
func (m Map) Resolve(file string, line int) (Pos, bool) {
	lines, ok := m[file]
	if !ok {
		return Pos{File: file, Line: line}, false
	}
	if line >= 1 && line <= len(lines) {
		return lines[line-1], true
	}
	// Line 0 or past the end: the file of the nearest mapped line.
	switch {
	case len(lines) == 0:
		return Pos{File: file, Line: line}, true
	case line > len(lines):
		return Pos{File: lines[len(lines)-1].File}, true
	}
	return Pos{File: lines[0].File}, true
}

// Load loads rendered files as manifest.Load loads files from disk: objects
// in file order with Index numbered across all of them (the model breaks
// ties by Index), File set to the rendered file's Name. Resolve the
// objects', errors' and findings' lines through a Map.
func Load(files []File, opts manifest.Options) *manifest.Result {
	return manifest.LoadInputs(Inputs(files), opts)
}

// Inputs turns rendered files into the loader's in-memory inputs.
func Inputs(files []File) []manifest.Input {
	ins := make([]manifest.Input, len(files))
	for i, f := range files {
		data := f.Data
		if data == nil {
			data = []byte{} // nil Data would make the name a path to read
		}
		ins[i] = manifest.Input{Path: f.Name, Data: data}
	}
	return ins
}

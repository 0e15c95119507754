package render

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"

	"go.yaml.in/yaml/v3"
	"sigs.k8s.io/kustomize/api/konfig"
	"sigs.k8s.io/kustomize/kyaml/filesys"
)

// originAnnotations is the buildMetadata option that makes kustomize
// annotate each resource with its origin (config.kubernetes.io/origin).
const originAnnotations = "originAnnotations"

// buildFS is the file system kustomize builds from: the disk, with two
// changes that leave the user's files alone. The root kustomization reads
// with originAnnotations in its buildMetadata, and a file that a
// secretGenerator names but that does not exist reads as empty (the
// linter never reads Secret values; such files are git-ignored
// credentials). It records every kustomization file kustomize reads.
type buildFS struct {
	filesys.FileSystem
	rootDir string          // the build root, absolute, symlinks resolved
	dir     string          // the build root as the user named it
	root    string          // the root kustomization file, as kustomize reads it
	kfiles  []*kfile        // in the order kustomize read them, root first
	empty   map[string]bool // missing secret sources, served empty
	notices []string
}

func newBuildFS(dir, rootDir, kustName string) *buildFS {
	return &buildFS{FileSystem: filesys.MakeFsOnDisk(), rootDir: rootDir, dir: dir,
		root: filepath.Join(rootDir, kustName), empty: map[string]bool{}}
}

// show names an absolute path the way the user named the build root.
func (f *buildFS) show(abs string) string {
	rel, err := filepath.Rel(f.rootDir, abs)
	if err != nil {
		return abs
	}
	return filepath.Join(f.dir, rel)
}

// ReadFile reads p; the kustomization files it reads are recorded.
func (f *buildFS) ReadFile(p string) ([]byte, error) {
	if f.empty[p] {
		return []byte{}, nil
	}
	data, err := f.FileSystem.ReadFile(p)
	if err != nil || !slices.Contains(konfig.RecognizedKustomizationFileNames(), filepath.Base(p)) {
		return data, err
	}
	k := f.record(p, data)
	if p != f.root || k.top == nil {
		return data, nil
	}
	return withOrigins(data, k.top)
}

// Exists and CleanedAbs see the missing secret sources as files: the
// loader resolves a path (and checks load restrictions) before reading it.
func (f *buildFS) Exists(p string) bool { return f.empty[p] || f.FileSystem.Exists(p) }

func (f *buildFS) CleanedAbs(p string) (filesys.ConfirmedDir, string, error) {
	if len(f.empty) > 0 {
		if d, base, ok := f.inDir(p); ok && f.empty[d.Join(base)] {
			return d, base, nil
		}
	}
	return f.FileSystem.CleanedAbs(p)
}

// inDir resolves the directory of p, which must exist, and keeps p's name.
func (f *buildFS) inDir(p string) (filesys.ConfirmedDir, string, bool) {
	d, base, err := f.FileSystem.CleanedAbs(filepath.Dir(p))
	if err != nil || base != "" {
		return "", "", false
	}
	return d, filepath.Base(p), true
}

func (f *buildFS) record(p string, data []byte) *kfile {
	for _, k := range f.kfiles {
		if k.abs == p {
			return k
		}
	}
	k := parseKfile(p, f.show(p), data)
	f.kfiles = append(f.kfiles, k)
	f.serveMissingSecrets(k)
	return k
}

// serveMissingSecrets marks the missing files of k's secretGenerators to
// be read as empty, with a notice each. A file that a configMapGenerator
// also reads stays missing: ConfigMaps are linted.
func (f *buildFS) serveMissingSecrets(k *kfile) {
	linted := map[string]bool{}
	for _, e := range k.items("configMapGenerator") {
		for _, s := range genSources(e) {
			linted[joinPath(k.dir(), s.path)] = true
		}
	}
	for _, e := range k.items("secretGenerator") {
		for _, s := range genSources(e) {
			p := joinPath(k.dir(), s.path)
			if s.path == "" || linted[p] || f.FileSystem.Exists(p) {
				continue
			}
			if d, base, ok := f.inDir(p); ok {
				f.empty[d.Join(base)] = true
				f.notices = append(f.notices, fmt.Sprintf("%s:%d: %s is missing: the Secret %s is built without data for linting",
					k.show, s.line, s.path, yamlString(e, "name")))
			}
		}
	}
}

// joinPath resolves a path a kustomization names against its directory.
func joinPath(dir, p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(dir, p)
}

// withOrigins returns the root kustomization with originAnnotations in its
// buildMetadata. Kustomize reads buildMetadata from the root only and
// hands it to every base it builds, with origin paths relative to the root
// (api/internal/target/kusttarget.go accumulateDirectory, resource/
// origin.go Append). The common case appends one line, which keeps the
// user's lines where they are for kustomize's own error messages; a
// buildMetadata already there, a flow (JSON) mapping or a document marker
// at the end make us encode the edited tree instead.
func withOrigins(data []byte, top *yaml.Node) ([]byte, error) {
	_, v := yamlEntry(top, "buildMetadata")
	switch {
	case v != nil && v.Kind == yaml.SequenceNode && slices.ContainsFunc(v.Content, isOriginOption):
		return data, nil
	case v == nil && top.Style&yaml.FlowStyle == 0 && !endsWithMarker(data):
		out := slices.Clip(data)
		if len(out) > 0 && out[len(out)-1] != '\n' {
			out = append(out, '\n')
		}
		return append(out, "buildMetadata: ["+originAnnotations+"]\n"...), nil
	}
	item := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: originAnnotations}
	switch {
	case v == nil:
		top.Content = append(top.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "buildMetadata"},
			&yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: []*yaml.Node{item}})
	case v.Kind == yaml.SequenceNode:
		v.Content = append(v.Content, item)
	default:
		*v = yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: []*yaml.Node{item}}
	}
	out, err := yaml.Marshal(top)
	if err != nil {
		return nil, fmt.Errorf("add buildMetadata to the kustomization: %w", err)
	}
	return out, nil
}

func isOriginOption(n *yaml.Node) bool { return n.Value == originAnnotations }

// endsWithMarker reports whether the last significant line of data is a
// document marker ("---" or "..."), after which an appended key would
// start a second document.
func endsWithMarker(data []byte) bool {
	lines := bytes.Split(data, []byte("\n"))
	for i := len(lines) - 1; i >= 0; i-- {
		l := bytes.TrimSpace(lines[i])
		if len(l) == 0 || l[0] == '#' {
			continue
		}
		return bytes.HasPrefix(l, []byte("---")) || bytes.HasPrefix(l, []byte("..."))
	}
	return false
}

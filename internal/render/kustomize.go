package render

import (
	"fmt"
	"os"
	"path/filepath"

	"sigs.k8s.io/kustomize/api/konfig"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/api/resmap"
	"sigs.k8s.io/kustomize/kyaml/filesys"

	"github.com/meshlint/meshlint/internal/manifest"
)

// IsKustomization reports whether dir holds a kustomization file
// (kustomization.yaml, kustomization.yml or Kustomization).
func IsKustomization(dir string) bool { return kustomizationFile(dir) != "" }

func kustomizationFile(dir string) string {
	for _, name := range konfig.RecognizedKustomizationFileNames() {
		p := filepath.Join(dir, name)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p
		}
	}
	return ""
}

// KustomizeResult is a built kustomization: one File per resource, in
// kustomize's output order, and what the build had to assume (a missing
// secret file read as empty), as "file:line: message".
type KustomizeResult struct {
	Files   []File
	Notices []string
}

// Kustomize builds the kustomization in dir as `kustomize build dir` does
// by default (load restrictions root-only, no plugins, no Helm, legacy
// order unless the kustomization sets sortOptions) and maps every line of
// every resource to its source: the resource file, the patch that set the
// field, or the generator's input. Names and positions use dir as given.
// Errors are *manifest.Error values that name the kustomization file, and
// its line when known. Remote bases are refused (KustomizeWith allows them).
func Kustomize(dir string) (*KustomizeResult, error) {
	return KustomizeWith(dir, KustomizeOptions{})
}

// KustomizeWith is Kustomize with options: a kustomization (or a local
// base of it) that names a remote resource, base or component is an input
// error at that entry unless opts.AllowRemote; allowed, the build is bounded
// by opts.RemoteTimeout.
func KustomizeWith(dir string, opts KustomizeOptions) (*KustomizeResult, error) {
	remote := findRemote(dir, dir, map[string]bool{})
	switch {
	case remote == nil:
		return kustomize(dir)
	case !opts.AllowRemote:
		return nil, remote.refused()
	}
	d := opts.RemoteTimeout
	if d <= 0 {
		d = DefaultRemoteTimeout
	}
	return withDeadline(d, remote, func() (*KustomizeResult, error) { return kustomize(dir) })
}

func kustomize(dir string) (*KustomizeResult, error) {
	kf := kustomizationFile(dir)
	if kf == "" {
		return nil, &manifest.Error{File: dir, Msg: "no kustomization.yaml, kustomization.yml or Kustomization"}
	}
	rootDir, _, err := filesys.MakeFsOnDisk().CleanedAbs(dir)
	if err != nil {
		return nil, &manifest.Error{File: kf, Msg: err.Error()}
	}
	fs := newBuildFS(dir, string(rootDir), filepath.Base(kf))
	rm, err := krusty.MakeKustomizer(buildOptions()).Run(fs, string(rootDir))
	if err != nil {
		return nil, fs.buildError(err)
	}
	files, err := newMapper(fs).files(rm)
	if err != nil {
		return nil, &manifest.Error{File: kf, Msg: err.Error()}
	}
	return &KustomizeResult{Files: files, Notices: fs.notices}, nil
}

// buildOptions are those of `kustomize build` without flags: its
// --reorder flag defaults to "unspecified", which sorts in the legacy
// order unless the kustomization has sortOptions (api/krusty/kustomizer.go
// applySortOrder).
func buildOptions() *krusty.Options {
	o := krusty.MakeDefaultOptions()
	o.Reorder = krusty.ReorderOptionUnspecified
	return o
}

// files makes one File per built resource, without the origin annotation
// the build added for us.
func (m *mapper) files(rm resmap.ResMap) ([]File, error) {
	var out []File
	for _, r := range rm.Resources() {
		o, err := r.GetOrigin()
		if err != nil {
			return nil, fmt.Errorf("origin of %s: %w", r.CurId(), err)
		}
		if err := r.SetOrigin(nil); err != nil {
			return nil, fmt.Errorf("origin of %s: %w", r.CurId(), err)
		}
		data, err := r.AsYAML()
		if err != nil {
			return nil, fmt.Errorf("print %s: %w", r.CurId(), err)
		}
		id := objID{apiVersion: r.GetApiVersion(), kind: r.GetKind(), ns: r.GetNamespace(), name: r.GetName()}
		f, err := m.file(o, id, data)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// buildError names the kustomization file an error of kustomize's comes
// from: one that does not parse (with our parser's line), else the last
// one read that holds what the message quotes (with that line), else the
// root.
func (f *buildFS) buildError(err error) error {
	msg := err.Error()
	for i := len(f.kfiles) - 1; i >= 0; i-- {
		k := f.kfiles[i]
		if k.err != nil {
			return k.err
		}
		if line := k.errLine(msg); line > 0 {
			return &manifest.Error{File: k.show, Line: line, Msg: "kustomize: " + msg}
		}
	}
	return &manifest.Error{File: f.show(f.root), Msg: "kustomize: " + msg}
}

package render

import (
	"path/filepath"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/meshlint/meshlint/internal/manifest"
)

// kfile is one kustomization file of a build, parsed with its positions:
// the lines of generator entries, patch references and file references.
type kfile struct {
	abs  string     // absolute path, as kustomize reads it
	show string     // path as the user names it
	top  *yaml.Node // the top-level mapping; nil when the file does not parse
	err  error      // the parse error, "file:line: message"
}

func parseKfile(abs, show string, data []byte) *kfile {
	k := &kfile{abs: abs, show: show}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		k.err = &manifest.Error{File: show, Msg: err.Error()}
		// The manifest loader knows where yaml.v3's errors are.
		if errs := manifest.LoadBytes(show, data, manifest.Options{}).Errors; len(errs) > 0 {
			k.err = errs[0]
		}
		return k
	}
	if len(doc.Content) == 1 && doc.Content[0].Kind == yaml.MappingNode {
		k.top = doc.Content[0]
	}
	return k
}

func (k *kfile) dir() string { return filepath.Dir(k.abs) }

// items returns the items of the top-level list key.
func (k *kfile) items(key string) []*yaml.Node {
	if v := yamlValue(k.top, key); v != nil && v.Kind == yaml.SequenceNode {
		return v.Content
	}
	return nil
}

// yamlValue returns the value of key in mapping m, nil if absent.
func yamlValue(m *yaml.Node, key string) *yaml.Node {
	_, v := yamlEntry(m, key)
	return v
}

func yamlEntry(m *yaml.Node, key string) (k, v *yaml.Node) {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}

// yamlString returns the value of key in mapping m when it is a scalar.
func yamlString(m *yaml.Node, key string) string {
	if v := yamlValue(m, key); v != nil && v.Kind == yaml.ScalarNode {
		return v.Value
	}
	return ""
}

// genSource is one source of a generator's data: a file, an env file or a
// literal.
type genSource struct {
	kind string // "files", "envs" or "literals"
	key  string // the data key; "" for env files, whose keys are inside
	path string // relative to the kustomization; "" for literals
	line int    // the item's line in the kustomization
}

// genSources lists the sources of a configMapGenerator or secretGenerator
// entry, as kustomize's kv loader reads them (api/kv/kv.go).
func genSources(entry *yaml.Node) []genSource {
	var out []genSource
	for _, it := range yamlItems(entry, "files") {
		key, path, ok := strings.Cut(it.Value, "=")
		if !ok {
			key, path = filepath.Base(it.Value), it.Value
		}
		out = append(out, genSource{kind: "files", key: key, path: path, line: it.Line})
	}
	for _, field := range []string{"envs", "env"} {
		for _, it := range yamlItems(entry, field) {
			out = append(out, genSource{kind: "envs", path: it.Value, line: it.Line})
		}
	}
	for _, it := range yamlItems(entry, "literals") {
		key, _, _ := strings.Cut(it.Value, "=")
		out = append(out, genSource{kind: "literals", key: strings.TrimSpace(key), line: it.Line})
	}
	return out
}

// yamlItems returns the scalar items of a list field, or the field
// itself when it is one scalar (the deprecated `env: file`).
func yamlItems(m *yaml.Node, key string) []*yaml.Node {
	v := yamlValue(m, key)
	if v == nil {
		return nil
	}
	if v.Kind == yaml.ScalarNode && v.Value != "" {
		return []*yaml.Node{v}
	}
	var out []*yaml.Node
	if v.Kind == yaml.SequenceNode {
		for _, it := range v.Content {
			if it.Kind == yaml.ScalarNode {
				out = append(out, it)
			}
		}
	}
	return out
}

// patchRef is one patch of a kustomization: a file or inline text, with
// the target it selects, if it names one.
type patchRef struct {
	path   string     // relative to the kustomization; "" for inline text
	inline *yaml.Node // the inline patch (a scalar), nil for a file
	target *yaml.Node // the target selector, nil when the patch names it
}

// patchRefs lists the patches in the order kustomize applies them:
// patchesStrategicMerge, then patches, then patchesJson6902
// (api/internal/target/kusttarget_configplugin.go, transformer order).
func (k *kfile) patchRefs() []patchRef {
	var out []patchRef
	for _, it := range k.items("patchesStrategicMerge") {
		out = append(out, refOf(it, it, nil))
	}
	for _, key := range []string{"patches", "patchesJson6902"} {
		for _, it := range k.items(key) {
			out = append(out, refOf(yamlValue(it, "path"), yamlValue(it, "patch"), yamlValue(it, "target")))
		}
	}
	return out
}

// refOf makes a patchRef of a path node or an inline text node; a
// patchesStrategicMerge item is either, told apart by a line break.
func refOf(path, inline, target *yaml.Node) patchRef {
	r := patchRef{target: target}
	switch {
	case path != nil && path.Kind == yaml.ScalarNode && !strings.Contains(path.Value, "\n"):
		r.path = path.Value
	case inline != nil && inline.Kind == yaml.ScalarNode:
		r.inline = inline
	}
	return r
}

// fileRef is a file or directory the kustomization names, with its line.
type fileRef struct {
	value string
	line  int
}

// fileRefs lists what a kustomize error may quote: resources, components,
// patch files and generator sources.
func (k *kfile) fileRefs() []fileRef {
	var out []fileRef
	for _, key := range []string{"resources", "bases", "components", "crds", "patchesStrategicMerge", "generators", "transformers"} {
		for _, it := range k.items(key) {
			out = append(out, fileRef{it.Value, it.Line})
		}
	}
	for _, key := range []string{"patches", "patchesJson6902"} {
		for _, it := range k.items(key) {
			if p := yamlValue(it, "path"); p != nil {
				out = append(out, fileRef{p.Value, p.Line})
			}
		}
	}
	for _, key := range []string{"configMapGenerator", "secretGenerator"} {
		for _, e := range k.items(key) {
			for _, s := range genSources(e) {
				if s.path != "" {
					out = append(out, fileRef{s.path, s.line})
				}
			}
		}
	}
	return out
}

// errLine returns the line of what msg, a kustomize error, is about: a
// file reference it quotes ('path', [path] or the path made absolute), the
// helmCharts field when Helm is what failed, a field kustomize does not
// know; 0 if none.
func (k *kfile) errLine(msg string) int {
	for _, r := range k.fileRefs() {
		if r.value == "" {
			continue
		}
		abs := joinPath(k.dir(), r.value)
		if strings.Contains(msg, "'"+r.value+"'") || strings.Contains(msg, "["+r.value+"]") ||
			strings.Contains(msg, abs+"'") || strings.Contains(msg, abs+":") {
			return r.line
		}
	}
	if key, _ := yamlEntry(k.top, "helmCharts"); key != nil && strings.Contains(msg, "HelmChart") {
		return key.Line
	}
	if m := unknownField.FindStringSubmatch(msg); m != nil {
		if key, _ := yamlEntry(k.top, m[1]); key != nil {
			return key.Line
		}
	}
	return 0
}

// unknownField is how kustomize reports a field a Kustomization lacks
// (sigs.k8s.io/yaml strict decoding).
var unknownField = regexp.MustCompile(`unknown field "([^"]+)"`)

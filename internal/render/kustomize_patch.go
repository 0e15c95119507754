package render

import (
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/meshlint/meshlint/internal/manifest"
)

// patchDoc is one patch document of the build: a strategic-merge patch
// (an object) or a JSON 6902 patch (operations), with the target it
// selects when it names one.
type patchDoc struct {
	file   string   // shown path of the file that holds the patch text
	offset int      // line of the file before the patch text (inline patches)
	flat   int      // when not 0, the line of every field (inline text we cannot count in)
	text   []string // the patch text's lines
	obj    *manifest.Object
	ops    []jsonOp
	target *yaml.Node
}

// jsonOp is an add or replace operation of a JSON 6902 patch.
type jsonOp struct {
	path  []string   // the JSON pointer, unescaped
	key   *yaml.Node // the "value" key
	value *yaml.Node
}

// at maps a line of the patch text to a line of its file.
func (d *patchDoc) at(line int) int {
	if d.flat > 0 {
		return d.flat
	}
	return line + d.offset
}

// loadPatches collects every patch of the build, the last applied first:
// kustomizations are read root first, and a base's patches apply before
// those of the overlays that include it; within a kustomization, in
// reverse order of application.
func (m *mapper) loadPatches() {
	for _, k := range m.fs.kfiles {
		refs := k.patchRefs()
		for i := len(refs) - 1; i >= 0; i-- {
			m.patches = append(m.patches, m.patchDocs(k, refs[i])...)
		}
	}
}

// patchDocs reads one patch; one that cannot be read maps nothing (the
// build would have failed on it).
func (m *mapper) patchDocs(k *kfile, r patchRef) []*patchDoc {
	base := patchDoc{file: k.show, target: r.target}
	var data []byte
	switch {
	case r.path != "":
		abs := joinPath(k.dir(), r.path)
		d, err := os.ReadFile(abs)
		if err != nil {
			return nil
		}
		base.file, data = m.fs.show(abs), d
	case r.inline != nil:
		data, base.offset = []byte(r.inline.Value), r.inline.Line
		if r.inline.Style&yaml.LiteralStyle == 0 {
			base.flat = r.inline.Line
		}
	default:
		return nil
	}
	base.text = fileLines(data)
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) == nil && len(doc.Content) == 1 && doc.Content[0].Kind == yaml.SequenceNode {
		base.ops = jsonOps(doc.Content[0])
		return []*patchDoc{&base}
	}
	var out []*patchDoc
	for _, o := range manifest.LoadBytes(base.file, data, manifest.Options{}).Objects {
		d := base
		d.obj = o
		out = append(out, &d)
	}
	return out
}

// pointerToken unescapes a JSON pointer token (RFC 6901).
var pointerToken = strings.NewReplacer("~1", "/", "~0", "~")

func jsonOps(seq *yaml.Node) []jsonOp {
	var out []jsonOp
	for _, it := range seq.Content {
		op, ptr := yamlString(it, "op"), yamlString(it, "path")
		key, value := yamlEntry(it, "value")
		if (op != "add" && op != "replace") || key == nil || !strings.HasPrefix(ptr, "/") || strings.HasSuffix(ptr, "/-") {
			continue
		}
		path := strings.Split(ptr[1:], "/")
		for i, t := range path {
			path[i] = pointerToken.Replace(t)
		}
		out = append(out, jsonOp{path: path, key: key, value: value})
	}
	return out
}

// line returns the line in the patch text of the field at p, if the patch
// sets it. A strategic-merge patch sets the scalars it holds with the
// value built, but not the fields that only say what it merges into (the
// name, a container's name); those, and the mappings and lists on the
// way, count when added is true: the object had no such field, so the
// patch added it.
func (d *patchDoc) line(p place, added bool) (int, bool) {
	if d.obj == nil {
		for i := len(d.ops) - 1; i >= 0; i-- {
			if line, ok := d.ops[i].line(p, d.text); ok {
				return line, true
			}
		}
		return 0, false
	}
	if !added && (!p.leaf || p.identifies()) {
		return 0, false
	}
	_, v, full := followPath(d.obj.Body, p.path)
	if !full {
		return 0, false
	}
	if s, ok := scalarText(v); p.leaf && p.inner == 0 && (!ok || s != p.value) {
		return 0, false // the patch set another value, which a later step replaced
	}
	return lineIn(d.obj, d.text, p)
}

// line finds p in the value of a JSON patch operation whose path is p's or
// an ancestor's.
func (op jsonOp) line(p place, text []string) (int, bool) {
	ks := p.keys()
	if len(ks) < len(op.path) || !slices.Equal(ks[:len(op.path)], op.path) {
		return 0, false
	}
	n, line := op.value, op.key.Line
	for _, k := range ks[len(op.path):] {
		switch n.Kind {
		case yaml.MappingNode:
			kn, vn := yamlEntry(n, k)
			if kn == nil {
				return 0, false
			}
			n, line = vn, kn.Line
		case yaml.SequenceNode:
			i, err := strconv.Atoi(k)
			if err != nil || i < 0 || i >= len(n.Content) {
				return 0, false
			}
			n, line = n.Content[i], n.Content[i].Line
		default:
			return 0, false
		}
	}
	if l := n.Line + p.inner; p.inner > 0 && n.Style&yaml.LiteralStyle != 0 && l <= len(text) &&
		strings.TrimSpace(text[l-1]) == strings.TrimSpace(p.text) {
		return l, true
	}
	return line, true
}

// patchesFor returns the patches that target the object: by their target
// selector, else by the kind, name and namespace of the patch object.
// srcName and srcNs are the object's name and namespace in its source,
// before overlays renamed or moved it.
func (m *mapper) patchesFor(id objID, srcName, srcNs string) []*patchDoc {
	var out []*patchDoc
	for _, d := range m.patches {
		if d.targets(id, srcName, srcNs) {
			out = append(out, d)
		}
	}
	return out
}

func (d *patchDoc) targets(id objID, srcName, srcNs string) bool {
	var kind, name, ns, group string
	switch {
	case d.target != nil:
		kind, name, ns, group = yamlString(d.target, "kind"), yamlString(d.target, "name"),
			yamlString(d.target, "namespace"), yamlString(d.target, "group")
	case d.obj != nil:
		kind, name, ns, group = d.obj.Kind, d.obj.Name, d.obj.Namespace, apiGroup(d.obj.APIVersion)
	default:
		return false
	}
	switch {
	case kind != "" && kind != id.kind,
		group != "" && group != apiGroup(id.apiVersion),
		ns != "" && ns != id.ns && ns != srcNs:
		return false
	}
	return nameMatches(name, id.name, srcName)
}

// nameMatches reports whether a patch's name (a regular expression in a
// target selector) names the object. A plain name is the name the patch
// saw: it holds the source name and lies within the built one, which
// later overlays may have prefixed or suffixed.
func nameMatches(name, built, src string) bool {
	if name == "" {
		return true
	}
	if regexp.QuoteMeta(name) != name {
		re, err := regexp.Compile("^(?:" + name + ")$")
		return err == nil && (re.MatchString(built) || (src != "" && re.MatchString(src)))
	}
	return strings.Contains(name, src) && strings.Contains(built, name)
}

// apiGroup returns the group of an apiVersion: "" for the core group.
func apiGroup(apiVersion string) string {
	group, _, ok := strings.Cut(apiVersion, "/")
	if !ok {
		return ""
	}
	return group
}

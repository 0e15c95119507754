package manifest

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Skip is a document that is not a Kubernetes object. It is not an error:
// repositories hold other YAML (CI config, Helm values) next to manifests.
type Skip struct {
	File   string
	Line   int
	Reason string
}

// origin is the file a document comes from.
type origin struct {
	name string
	src  *source
}

// output is what one chunk or file yields, kept in input order.
type output struct {
	objs  []*Object
	errs  []error
	skips []Skip
	kube  bool // a document had apiVersion and kind (walk.go)
}

func (out *output) fail(o origin, line int, msg string) {
	out.errs = append(out.errs, &Error{File: o.name, Line: line, Msg: msg})
}

func (out *output) skip(o origin, line int, reason string) {
	out.skips = append(out.skips, Skip{File: o.name, Line: line, Reason: reason})
}

// addDoc turns one decoded document, whose text is size bytes long, into
// objects, skips or an error. Empty documents yield nothing. The objects
// keep a posTree of the document, made by b, not the document itself.
func (out *output) addDoc(o origin, doc *yaml.Node, size int, b *posBuilder) {
	if len(doc.Content) == 0 {
		return
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return
	}
	body, err := newConverter(size).value(root)
	var pe *posError
	if errors.As(err, &pe) {
		out.fail(o, pe.line, pe.msg)
		return
	}
	m, ok := body.(map[string]any)
	if ok && m["apiVersion"] != nil && m["kind"] != nil {
		out.kube = true
	}
	if !ok {
		out.skip(o, root.Line, "document is a "+kindOf(deref(root)).String()+", not a Kubernetes object")
		return
	}
	out.addObject(o, b.build(root), 0, m, nil)
}

// addObject adds the object m, decoded from node n of t; list is the List
// that holds it, if any. Lists are expanded into their items, as kubectl
// does.
func (out *output) addObject(o origin, t *posTree, n int32, m, list map[string]any) {
	line := int(t.node(n).line)
	if list != nil {
		inferFromList(m, list)
	}
	if reason := missing(m); reason != "" {
		out.skip(o, line, reason)
		return
	}
	kind := m["kind"].(string)
	if items, ok := m["items"].([]any); ok && strings.HasSuffix(kind, "List") {
		out.addItems(o, t, n, m, items)
		return
	}
	if kind == "List" {
		out.skip(o, line, "List without items")
		return
	}
	meta, _ := m["metadata"].(map[string]any)
	obj := &Object{APIVersion: m["apiVersion"].(string), Kind: kind, Body: m,
		File: o.name, Line: line, tree: t, root: n, src: o.src}
	obj.Namespace, _ = meta["namespace"].(string)
	obj.Name, _ = meta["name"].(string)
	out.objs = append(out.objs, obj)
}

func (out *output) addItems(o origin, t *posTree, n int32, list map[string]any, items []any) {
	var seq *posNode
	if ln := t.node(n); ln.kind == posMapping {
		if e := t.lookup(ln, "items", 0); e != nil && t.node(e.node).kind == posSequence {
			seq = t.node(e.node)
		}
	}
	for i, it := range items {
		in := n
		if seq != nil && i < int(seq.n) {
			in = t.edges[int(seq.first)+i].node
		}
		im, ok := it.(map[string]any)
		if !ok {
			out.skip(o, int(t.node(in).line), "List item is a "+t.node(in).kind.String()+", not a Kubernetes object")
			continue
		}
		out.addObject(o, t, in, im, list)
	}
}

// inferFromList fills the kind and apiVersion of an item of a typed list
// (PodList), which the API server omits; items of a plain List keep theirs.
func inferFromList(m, list map[string]any) {
	kind, _ := list["kind"].(string)
	if kind == "List" {
		return
	}
	if m["kind"] == nil {
		m["kind"] = strings.TrimSuffix(kind, "List")
	}
	if m["apiVersion"] == nil {
		m["apiVersion"] = list["apiVersion"]
	}
}

// missing says why m is not a Kubernetes object, or "".
func missing(m map[string]any) string {
	var miss []string
	for _, f := range []string{"apiVersion", "kind"} {
		switch v := m[f].(type) {
		case nil:
			miss = append(miss, f)
		case string:
			if v == "" {
				miss = append(miss, f)
			}
		default:
			return fmt.Sprintf("%s is not a string (%T): not a Kubernetes object", f, v)
		}
	}
	if len(miss) == 0 {
		return ""
	}
	return "missing " + strings.Join(miss, " and ") + ": not a Kubernetes object" + caseHint(m, miss)
}

// caseHint names a key that differs from a missing one only in case
// (`Kind:`, `APIVersion:`): keys are case-sensitive, so the API server
// would not read it either.
func caseHint(m map[string]any, miss []string) string {
	var hints []string
	for _, f := range miss {
		for k := range m {
			if k != f && strings.EqualFold(k, f) {
				hints = append(hints, fmt.Sprintf("%q is not %q", k, f))
			}
		}
	}
	if len(hints) == 0 {
		return ""
	}
	sort.Strings(hints)
	return " (keys are case-sensitive: " + strings.Join(hints, ", ") + ")"
}

// firstKeyLine is the line of a mapping's first key (Object.Line), else
// the line of n.
func firstKeyLine(n *yaml.Node) int {
	if n.Kind == yaml.MappingNode && len(n.Content) > 0 {
		return n.Content[0].Line
	}
	return n.Line
}

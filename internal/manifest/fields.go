package manifest

import (
	"strconv"
	"strings"
)

// FieldLine returns the line of the field at path: the line of its key, or
// of the item for list indexes. When the path does not exist it returns the
// line of the deepest ancestor that does, and o.Line for an empty path.
//
// (The brief named this method Line, but Object already has a Line field and
// Go allows no method of the same name.)
func (o *Object) FieldLine(path ...string) int {
	_, line, _ := o.find(path)
	return line
}

// Labels returns metadata.labels; values that are not strings are left out.
func (o *Object) Labels() map[string]string { return o.stringMap("labels") }

// Annotations returns metadata.annotations; values that are not strings are
// left out.
func (o *Object) Annotations() map[string]string { return o.stringMap("annotations") }

// Annotation returns one annotation, "" when absent. Once the object is
// cut to meshlint's own annotations (ReleaseMetadata), only those can be
// read: tests fail a read of another (ReadAfterRelease).
func (o *Object) Annotation(key string) string {
	if o.released && !strings.HasPrefix(key, ownPrefix) && ReadAfterRelease != nil {
		ReadAfterRelease(o)
	}
	meta, _ := o.Body["metadata"].(map[string]any)
	ann, _ := meta["annotations"].(map[string]any)
	s, _ := ann[key].(string)
	return s
}

func (o *Object) stringMap(field string) map[string]string {
	if o.released && ReadAfterRelease != nil {
		ReadAfterRelease(o) // only some of meshlint's own annotations are left: read them by Annotation
	}
	return o.metadataMap(field)
}

func (o *Object) metadataMap(field string) map[string]string {
	meta, _ := o.Body["metadata"].(map[string]any)
	m, _ := meta[field].(map[string]any)
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		if s, ok := v.(string); ok {
			out[k] = s
		}
	}
	return out
}

// find walks path from the object's node. It returns the node reached, the
// line of the last field found, and whether the whole path was found.
func (o *Object) find(path []string) (*posNode, int, bool) {
	if o.positionless && ReadAfterRelease != nil {
		ReadAfterRelease(o)
	}
	t, line := o.tree, o.Line
	if t == nil {
		return nil, line, len(path) == 0
	}
	n := t.node(o.root)
	for _, p := range path {
		var e *posEdge
		switch n.kind {
		case posMapping:
			e = t.lookup(n, p, 0)
		case posSequence:
			if i, err := strconv.Atoi(p); err == nil && i >= 0 && i < int(n.n) {
				e = &t.edges[int(n.first)+i]
			}
		}
		if e == nil {
			return n, line, false
		}
		n, line = t.node(e.node), int(e.line)
	}
	return n, line, true
}

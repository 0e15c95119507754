// Package manifest loads Kubernetes objects from files, directories and
// stdin, keeping the file and line of every object and of its fields.
package manifest

import "fmt"

// Ref names an object the way findings and facts refer to it.
type Ref struct {
	APIVersion string `json:"apiVersion,omitempty"`
	Kind       string `json:"kind"`
	Namespace  string `json:"namespace,omitempty"`
	Name       string `json:"name"`
}

// String renders Kind/namespace/name (Kind/name for cluster-scoped objects).
func (r Ref) String() string {
	if r.Namespace == "" {
		return r.Kind + "/" + r.Name
	}
	return r.Kind + "/" + r.Namespace + "/" + r.Name
}

// Object is one Kubernetes object as loaded, with where it came from.
// Body holds the decoded document (map[string]any, []any, string, int64,
// float64, bool, nil). Namespace is as written (empty when the manifest
// omits it); the model applies the default namespace.
type Object struct {
	APIVersion string
	Kind       string
	Namespace  string
	Name       string
	Body       map[string]any
	File       string // path as given by the user, "-" for stdin
	Line       int    // line of the document's first key (1-based)
	Index      int    // position in input order (0-based), across all files
	// Earlier are the definitions of the same object (API group, kind,
	// namespace, name) that came before this one in the inputs, in order:
	// `kubectl apply -f` applies every one, so this last one is what the
	// cluster keeps (RemoveDuplicates).
	Earlier []*Object
	// Sum is a hash of what the model reads of the object, set by the
	// admission engine on the Store's objects and a request's
	// (internal/admission sum.go); zero elsewhere.
	Sum  [2]uint64
	tree *posTree // positions of the document's fields
	root int32    // the object's node in tree
	src  *source  // the file's text, for TextLine
	// released: Body was cut to meshlint's own annotations (ReleaseMetadata).
	released bool
	// positionless: ReleasePositions let go of tree.
	positionless bool
}

// Ref returns the object's reference.
func (o *Object) Ref() Ref {
	return Ref{APIVersion: o.APIVersion, Kind: o.Kind, Namespace: o.Namespace, Name: o.Name}
}

// Error is an input problem with its position. Line is 0 when unknown.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", QuoteName(e.File), e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", QuoteName(e.File), e.Msg)
}

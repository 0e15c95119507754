// Package mutate holds the mutations MM01-MM04 of the catalogue as pure
// functions: (object, model) -> (edits to the object, what changed and
// why). `meshlint fix` applies the edits to the manifest text with minimal
// changes; the mutating webhook applies them to the decoded object and
// answers with a JSON patch. One implementation, two front ends.
package mutate

import (
	"github.com/meshlint/meshlint/internal/manifest"
)

// Change says what a mutation changed and why, for people: the fix
// command's output, the webhook's admission warnings and annotation.
type Change struct {
	Mutation string       // MM01..MM04
	Object   manifest.Ref // the object changed (or created, for MM04)
	Line     int          // line in the manifest the change is about, 0 if none
	Reason   string       // one sentence: what and why
}

// EditKind is the kind of one edit of an object.
type EditKind int

const (
	// SetString replaces the string value at Path (e.g. a ConfigMap data
	// key holding nginx text) with Value.
	SetString EditKind = iota
	// SetField sets the scalar or map value at Path, creating the
	// missing parent maps (e.g. spec.template.metadata.labels.
	// sidecar.istio.io/inject = "false", spec.trafficPolicy.tls.mode).
	SetField
)

// Edit is one change to an object, by field path (map keys and decimal
// list indexes, as manifest.Object.FieldLine takes them).
type Edit struct {
	Kind  EditKind
	Path  []string
	Value any // string for SetString; string, bool, int64 or map[string]any for SetField
}

// Result is what one mutation does to one object.
type Result struct {
	Edits   []Edit
	Changes []Change
}

// Empty reports whether the mutation leaves the object as it is.
func (r Result) Empty() bool { return len(r.Edits) == 0 }

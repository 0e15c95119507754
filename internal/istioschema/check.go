package istioschema

import (
	"context"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/meshlint/meshlint/internal/manifest"
)

// Kind says what the API server does about an issue.
type Kind string

const (
	// Unknown: a field the schema does not have. Under strict field
	// validation (kubectl's default since Kubernetes 1.27) the request
	// fails; under warn or ignore (older kubectl, client-go's default,
	// Helm, most controllers) the object is stored without the field.
	Unknown Kind = "unknown-field"
	// Invalid: a value the schema or its CEL rules refuse (a bad enum
	// name, a wrong type, a broken rule): the request fails in every mode.
	Invalid Kind = "invalid"
	// NotServed: no such kind or version of an Istio group: the request fails.
	NotServed Kind = "not-served"
)

// Issue is one field the API server drops or refuses.
type Issue struct {
	Kind       Kind
	Field      string   // as the API server names it: spec.portLevelMTLS
	Path       []string // the same field as manifest.Object.FieldLine takes it (as far as it exists)
	Line       int      // of the field in the object's file
	Detail     string   // the API server's words
	Suggestion string   // for an unknown field, the field it was probably meant to be
}

// Result is what the API server makes of one object.
type Result struct {
	Issues []Issue
	// Rejected: an issue fails the request in every field-validation
	// mode, so the object never exists in a cluster.
	Rejected bool
	// Stored is the body as the API server stores it when it drops
	// fields (nil when it drops none): what Istio reads.
	Stored map[string]any
}

// Check checks one object against its Istio CRD. Objects outside the
// Istio groups get a zero Result. CheckAll is faster for many objects.
func Check(o *manifest.Object) Result { return CheckAll([]*manifest.Object{o})[0] }

// verdict is what the API server makes of an object's content (all but
// metadata, which the Istio schemas neither prune nor validate): equal
// contents get the same verdict, wherever they are.
type verdict struct {
	issues   []Issue // Field, Kind, Detail, Suggestion; no Path or Line
	rejected bool
	stored   map[string]any // the pruned body, when fields were dropped
}

// lookup finds the checker of o's kind and version; nil and the verdict
// when the API server serves no such thing. ok is false outside the
// Istio groups.
func lookup(o *manifest.Object) (c *checker, v *verdict, ok bool) {
	group, version, found := strings.Cut(o.APIVersion, "/")
	if !found || !IsIstioGroup(group) {
		return nil, nil, false
	}
	c, why, err := reg().served(group, version, o.Kind)
	switch {
	case err != nil: // the embedded schemas are broken: a bug, said on the object
		return nil, &verdict{issues: []Issue{{Kind: Invalid, Detail: err.Error()}}}, true
	case c == nil:
		return nil, &verdict{rejected: true, issues: []Issue{{Kind: NotServed, Field: "apiVersion", Detail: why}}}, true
	}
	return c, nil, true
}

// judge runs the API server's create path on a copy of body: decoding
// (pruning), then validation of what is left.
func (c *checker) judge(body map[string]any) *verdict {
	pruned, _ := manifest.DeepCopy(body).(map[string]any)
	v := &verdict{}
	for _, p := range c.prune(pruned) {
		v.issues = append(v.issues, Issue{Kind: Unknown, Field: p, Detail: `unknown field "` + p + `"`,
			Suggestion: c.suggest(resolve(body, p))})
	}
	if len(v.issues) > 0 {
		v.stored = pruned
	}
	for _, e := range c.validate(context.Background(), pruned) {
		v.rejected = true
		v.issues = append(v.issues, Issue{Kind: Invalid, Field: fieldName(e), Detail: e.ErrorBody()})
	}
	return v
}

// clean: the API server stores the content as it is.
func (v *verdict) clean() bool { return len(v.issues) == 0 && v.stored == nil }

// result places a verdict on object o: lines of its fields, and its own
// metadata in the stored body.
func (v *verdict) result(o *manifest.Object) Result {
	r := Result{Rejected: v.rejected, Issues: make([]Issue, len(v.issues))}
	for i, is := range v.issues {
		is.Path = resolve(o.Body, is.Field)
		is.Line = o.FieldLine(is.Path...)
		r.Issues[i] = is
	}
	if v.stored != nil {
		r.Stored = make(map[string]any, len(v.stored)+1)
		for k, x := range v.stored {
			r.Stored[k] = x
		}
		if meta, ok := o.Body["metadata"]; ok {
			r.Stored["metadata"] = meta
		}
	}
	return r
}

// fieldName is the error's field, "" for the object itself.
func fieldName(e *field.Error) string {
	if e.Field == "<nil>" {
		return ""
	}
	return e.Field
}

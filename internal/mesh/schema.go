package mesh

import (
	"slices"

	"github.com/meshlint/meshlint/internal/istioschema"
	"github.com/meshlint/meshlint/internal/manifest"
)

// SchemaIssue is a field of an Istio object that the API server drops or
// refuses (docs/mesh-semantics.md section 10).
type SchemaIssue struct {
	Object   *manifest.Object
	Rejected bool // the object as a whole never exists in a cluster
	istioschema.Issue
}

// asStored returns objs as the API server stores them, the one place
// where the model's input is filtered: an Istio object it refuses in
// every field-validation mode (a bad enum name, a wrong type, a failed
// CEL rule, a kind or version it does not serve) is left out, since it
// never exists in a cluster; one with unknown fields is replaced by a copy
// without them, as stored by clients that do not validate strictly (under
// kubectl's strict validation the request fails instead, which leaves
// nothing in the cluster either). The model never reads a field Istio
// would not see. It also returns every issue found, for ML001.
func asStored(objs []*manifest.Object) ([]*manifest.Object, []SchemaIssue) {
	results := istioschema.CheckAll(objs)
	if !slices.ContainsFunc(results, func(r istioschema.Result) bool { return len(r.Issues) > 0 }) {
		return objs, nil
	}
	var issues []SchemaIssue
	kept := make([]*manifest.Object, 0, len(objs))
	for i, o := range objs {
		r := results[i]
		for _, is := range r.Issues {
			issues = append(issues, SchemaIssue{Object: o, Rejected: r.Rejected, Issue: is})
		}
		switch {
		case r.Rejected:
		case r.Stored != nil:
			c := *o
			c.Body = r.Stored
			kept = append(kept, &c)
		default:
			kept = append(kept, o)
		}
	}
	return kept, issues
}

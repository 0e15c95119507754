package mesh

import (
	"slices"
	"strings"

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
func asStored(objs []*manifest.Object, cache *Cache) ([]*manifest.Object, []SchemaIssue) {
	results := checkAll(objs, cache)
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

// storedAs returns o as the API server stores it when o is an Istio
// object of kind: nil for another kind, or for one it refuses (which
// never exists in a cluster). What admission reads of single objects goes
// through it, so that it reads them as the model does.
func storedAs(o *manifest.Object, kind string) *manifest.Object {
	if o.Kind != kind || !isIstioGroup(o.APIVersion) {
		return nil
	}
	if stored, _ := asStored([]*manifest.Object{o}, nil); len(stored) == 1 {
		return stored[0]
	}
	return nil
}

// checkAll is istioschema.CheckAll through cache (nil: none): an Istio
// object checked in an earlier build is not checked again.
func checkAll(objs []*manifest.Object, cache *Cache) []istioschema.Result {
	if cache == nil {
		return istioschema.CheckAll(objs)
	}
	results := make([]istioschema.Result, len(objs)) // any object outside Istio's groups gets a zero Result (istioschema.CheckAll)
	var miss []int
	var missed []*manifest.Object
	cache.mu.Lock() // one lock for the whole list: a whole-cluster state holds tens of thousands of objects
	for i, o := range objs {
		if !istioObject(o) {
			continue
		}
		if e := cache.lookup(o); e != nil && e.checked {
			results[i] = e.schema
			continue
		}
		miss, missed = append(miss, i), append(missed, o)
	}
	cache.mu.Unlock()
	for j, r := range istioschema.CheckAll(missed) {
		results[miss[j]] = r
		cache.update(missed[j], func(e *cached) { e.schema, e.checked = r, true })
	}
	return results
}

// istioObject: o is of one of Istio's API groups.
func istioObject(o *manifest.Object) bool { return strings.Contains(o.APIVersion, ".istio.io/") }

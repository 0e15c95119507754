package manifest

import "strings"

// objectKey is what makes two definitions the same object in the cluster:
// the API group (not the version: apps/v1 and apps/v1beta2 name one
// Deployment), the kind, the namespace and the name. An omitted namespace
// is the default one, as the model reads it.
type objectKey struct{ group, kind, namespace, name string }

func keyOf(o *Object) objectKey {
	group, _, found := strings.Cut(o.APIVersion, "/")
	if !found {
		group = "" // the core group: "v1"
	}
	ns := o.Namespace
	if ns == "" {
		ns = "default"
	}
	return objectKey{group, o.Kind, ns, o.Name}
}

// RemoveDuplicates keeps, of each object defined more than once, the last
// definition, where the earlier ones are recorded in its Earlier:
// `kubectl apply -f` applies the documents in order, each replacing the
// previous state of the object, so the cluster ends with the last one.
// Objects without a name (generateName) are never duplicates. Index is
// renumbered.
func (r *Result) RemoveDuplicates() {
	last := make(map[objectKey]int, len(r.Objects))
	dup := false
	for i, o := range r.Objects {
		if o.Name == "" {
			continue
		}
		k := keyOf(o)
		if _, seen := last[k]; seen {
			dup = true
		}
		last[k] = i
	}
	if !dup {
		return
	}
	kept := r.Objects[:0:0]
	earlier := map[objectKey][]*Object{}
	for i, o := range r.Objects {
		k := keyOf(o)
		if o.Name != "" && last[k] != i {
			earlier[k] = append(earlier[k], o)
			continue
		}
		kept = append(kept, o)
	}
	for i, o := range kept {
		o.Index = i
		if o.Name != "" {
			o.Earlier = earlier[keyOf(o)]
		}
	}
	r.Objects = kept
}

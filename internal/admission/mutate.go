package admission

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/mutate"
)

// MutatedAnnotation lists, comma-separated and sorted, the mutations
// meshlint applied to the object (MM01,MM03). IDs rather than sentences:
// an annotation is read by tools and stays small on every object; the
// reasons go back as admission warnings, and `meshlint explain MM01` says
// what each does. IDs from earlier admissions are kept.
const MutatedAnnotation = "meshlint.io/mutated"

// mutates maps each mutation to the objects it changes.
var mutates = map[string]func(*manifest.Object) bool{
	"MM01": func(o *manifest.Object) bool { return o.Kind == "ConfigMap" && o.APIVersion == "v1" },
	"MM02": func(o *manifest.Object) bool { return mesh.IsWorkloadKind(o.Kind) && !isIstio(o.APIVersion) },
	"MM03": func(o *manifest.Object) bool { return o.Kind == "DestinationRule" && isIstio(o.APIVersion) },
	"MM05": func(o *manifest.Object) bool {
		return o.Kind == "HTTPRoute" && strings.HasPrefix(o.APIVersion, "gateway.networking.k8s.io/")
	},
}

// Mutate answers a mutating request (CREATE and UPDATE) with the object
// as MM01-MM03 leave it, each as enabled in the config (webhook.mutate,
// rules.ID.mode). Mutated is nil when nothing changes. The model is the
// change's scope with the object in it, as Validate sees it.
func (e *Engine) Mutate(ctx context.Context, snap Snapshot, req Request) (Mutation, error) {
	if req.Operation != Create && req.Operation != Update {
		return Mutation{}, nil
	}
	c, skip, err := decodeChange(req)
	if err != nil || skip != "" || !e.mutable(c.new) {
		return Mutation{}, err
	}
	sc := e.scopeOf(snap, c)
	objs := snap.Objects(sc.namespaces)
	if e.exempt(c, objs) != "" {
		return Mutation{}, nil
	}
	if err := e.budget.check(objs); err != nil {
		return Mutation{}, err
	}
	_, after := c.apply(objs)
	m, err := mesh.BuildContext(ctx, after, e.settings)
	if err := stopped(ctx); err != nil {
		return Mutation{}, err
	}
	if err != nil {
		return Mutation{}, err
	}
	// Only the object under review is planned: the others are stored
	// as they are, and a model that took MM02 on them for granted would
	// be wrong about them.
	var planned []mutate.Planned
	for _, p := range mutate.Plan([]*manifest.Object{c.new}, m, mutate.Options{ClusterWide: sc.all}) {
		if e.cfg.Mutates(p.Mutation) {
			planned = append(planned, p)
		}
	}
	if err := stopped(ctx); err != nil {
		return Mutation{}, err
	}
	if len(planned) == 0 {
		return Mutation{}, nil
	}
	return mutation(c.new, planned)
}

// mutable: some enabled mutation changes objects of this kind.
func (e *Engine) mutable(o *manifest.Object) bool {
	for id, applies := range mutates {
		if applies(o) && e.cfg.Mutates(id) {
			return true
		}
	}
	return false
}

// mutation applies the planned edits to a copy of the object's body and
// records them in MutatedAnnotation.
func mutation(o *manifest.Object, planned []mutate.Planned) (Mutation, error) {
	var out Mutation
	ids := strings.Split(o.Annotations()[MutatedAnnotation], ",")
	var edits []mutate.Edit
	for _, p := range planned {
		edits = append(edits, p.Result.Edits...)
		out.Mutators = appendNew(out.Mutators, p.Mutation)
		ids = append(ids, p.Mutation)
		for _, ch := range p.Result.Changes {
			out.Changes = append(out.Changes, shorten(fmt.Sprintf("%s on %s: %s", ch.Mutation, ch.Object, ch.Reason)))
		}
	}
	for i := range ids {
		ids[i] = strings.TrimSpace(ids[i])
	}
	slices.Sort(ids)
	ids = slices.DeleteFunc(slices.Compact(ids), func(s string) bool { return s == "" })
	edits = append(edits, mutate.Edit{Kind: mutate.SetField, Path: []string{"metadata", "annotations", MutatedAnnotation},
		Value: strings.Join(ids, ",")})
	body, err := mutate.ApplyEdits(o.Body, edits)
	if err != nil {
		return Mutation{}, fmt.Errorf("apply %s to %s: %w", strings.Join(out.Mutators, ","), o.Ref(), err)
	}
	if out.Mutated, err = json.Marshal(body); err != nil {
		return Mutation{}, fmt.Errorf("encode %s: %w", o.Ref(), err)
	}
	return out, nil
}

package mutate

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/meshlint/meshlint/internal/manifest"
)

// ApplyEdits returns a copy of body with edits applied; body is left as it
// is. It is what the webhook patches against, what `meshlint fix` checks its
// text edits against, and how Plan sees the objects after a mutation.
func ApplyEdits(body map[string]any, edits []Edit) (map[string]any, error) {
	out, _ := manifest.DeepCopy(body).(map[string]any)
	for _, e := range edits {
		if err := applyEdit(out, e); err != nil {
			return nil, fmt.Errorf("edit %s: %w", strings.Join(e.Path, "."), err)
		}
	}
	return out, nil
}

func applyEdit(root map[string]any, e Edit) error {
	if len(e.Path) == 0 {
		return fmt.Errorf("empty path")
	}
	parent, err := walkParent(root, e.Path[:len(e.Path)-1], e.Kind == SetField)
	if err != nil {
		return err
	}
	key := e.Path[len(e.Path)-1]
	switch e.Kind {
	case SetString:
		s, ok := e.Value.(string)
		if !ok {
			return fmt.Errorf("SetString with a %T value", e.Value)
		}
		if _, ok := get(parent, key); !ok {
			return fmt.Errorf("no string to replace")
		}
		return set(parent, key, s)
	case SetField:
		return setField(parent, key, e.Value)
	}
	return fmt.Errorf("unknown edit kind %d", e.Kind)
}

// setField sets key in parent: a map value merges into an existing map, key
// by key; anything else replaces what was there.
func setField(parent any, key string, v any) error {
	vm, isMap := v.(map[string]any)
	if !isMap {
		return set(parent, key, manifest.DeepCopy(v))
	}
	cur, _ := get(parent, key)
	if _, ok := cur.(map[string]any); !ok {
		if err := set(parent, key, map[string]any{}); err != nil {
			return err
		}
	}
	child, _ := get(parent, key)
	for _, k := range sortedKeys(vm) {
		if err := setField(child, k, vm[k]); err != nil {
			return err
		}
	}
	return nil
}

// walkParent follows path from root; create makes missing (or null) map
// levels, as SetField does. List items are never created.
func walkParent(root map[string]any, path []string, create bool) (any, error) {
	var cur any = root
	for i, k := range path {
		next, ok := get(cur, k)
		if (!ok || next == nil) && create {
			if _, isMap := cur.(map[string]any); isMap {
				next = map[string]any{}
				cur.(map[string]any)[k] = next
				ok = true
			}
		}
		if !ok || next == nil {
			return nil, fmt.Errorf("%s does not exist", strings.Join(path[:i+1], "."))
		}
		cur = next
	}
	return cur, nil
}

func get(c any, key string) (any, bool) {
	switch c := c.(type) {
	case map[string]any:
		v, ok := c[key]
		return v, ok
	case []any:
		i, err := strconv.Atoi(key)
		if err != nil || i < 0 || i >= len(c) {
			return nil, false
		}
		return c[i], true
	}
	return nil, false
}

func set(c any, key string, v any) error {
	switch c := c.(type) {
	case map[string]any:
		c[key] = v
		return nil
	case []any:
		i, err := strconv.Atoi(key)
		if err != nil || i < 0 || i >= len(c) {
			return fmt.Errorf("no list item %s", key)
		}
		c[i] = v
		return nil
	}
	return fmt.Errorf("%s: parent is a %T, not a map or list", key, c)
}

// Mutated returns objs with the planned edits applied: changed objects are
// copies with a new Body (their positions still those of the file they
// came from); the others are objs' own. An error means a mutation produced
// an edit its object cannot take, which is a bug.
func Mutated(objs []*manifest.Object, planned []Planned) ([]*manifest.Object, error) {
	edits := map[*manifest.Object][]Edit{}
	for _, p := range planned {
		edits[p.Object] = append(edits[p.Object], p.Result.Edits...)
	}
	out := make([]*manifest.Object, len(objs))
	for i, o := range objs {
		out[i] = o
		if len(edits[o]) == 0 {
			continue
		}
		body, err := ApplyEdits(o.Body, edits[o])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", o.Ref(), err)
		}
		c := *o
		c.Body = body
		out[i] = &c
	}
	return out, nil
}

func sortedKeys(m map[string]any) []string { return slices.Sorted(maps.Keys(m)) }

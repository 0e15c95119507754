package manifest

// DeepCopy copies a decoded document (maps, lists, scalars), so that an
// edit of the copy (a mutation, pruning) never changes the object the
// caller holds.
func DeepCopy(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = DeepCopy(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = DeepCopy(x)
		}
		return out
	}
	return v
}

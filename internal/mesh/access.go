package mesh

import "github.com/meshlint/meshlint/internal/tree"

// Accessors over decoded manifest bodies (map[string]any trees). They never
// panic on a value of the wrong type: a manifest that is not what it claims
// to be reads as empty.

// stringMap reads a map of strings (labels, annotations, a selector's
// matchLabels) as the model keeps it: shared with the other constructions
// holding the same entries (sharedmaps.go), which must not write it.
func stringMap(m map[string]any) map[string]string {
	if len(m) == 0 {
		return nil
	}
	return sharedMaps.get(m)
}

func newStringMap(m map[string]any) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = scalarString(v)
	}
	return out
}

func stringList(l []any) []string {
	out := make([]string, 0, len(l))
	for _, v := range l {
		out = append(out, scalarString(v))
	}
	return out
}

// selects reports whether a label selector (matchLabels form) selects labels.
// A nil selector selects nothing here; callers handle "no selector" cases.
func selects(selector, labels map[string]string) bool {
	if selector == nil {
		return false
	}
	for k, v := range selector {
		if lv, ok := labels[k]; !ok || lv != v {
			return false
		}
	}
	return true
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// Readers over decoded manifest bodies (internal/tree). They are
// functions, not variables holding tree's: a call through a variable
// cannot see that tree keeps no path, so every path would be allocated.
func mapAt(m map[string]any, path ...string) map[string]any { return tree.Map(m, path...) }
func listAt(m map[string]any, path ...string) []any         { return tree.List(m, path...) }
func strAt(m map[string]any, path ...string) string         { return tree.String(m, path...) }
func intAt(m map[string]any, path ...string) (int, bool)    { return tree.Int(m, path...) }
func toInt(v any) (int, bool)                               { return tree.ToInt(v) }
func scalarString(v any) string                             { return tree.Scalar(v) }

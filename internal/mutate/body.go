package mutate

// Readers over decoded manifest bodies. A value of the wrong type reads as
// absent: a mutation never acts on a manifest it does not understand.

func mapAt(m map[string]any, path ...string) map[string]any {
	for _, k := range path {
		next, ok := m[k].(map[string]any)
		if !ok {
			return nil
		}
		m = next
	}
	return m
}

func listAt(m map[string]any, path ...string) []any {
	if len(path) == 0 {
		return nil
	}
	l, _ := mapAt(m, path[:len(path)-1]...)[path[len(path)-1]].([]any)
	return l
}

// has reports whether m holds key at path, whatever its value.
func has(m map[string]any, path ...string) bool {
	if len(path) == 0 {
		return false
	}
	_, ok := mapAt(m, path[:len(path)-1]...)[path[len(path)-1]]
	return ok
}

// number reads an integer field written as a YAML or JSON number.
func number(v any) (int, bool) {
	switch n := v.(type) {
	case int64:
		return int(n), true
	case int:
		return n, true
	case float64:
		if n == float64(int(n)) {
			return int(n), true
		}
	}
	return 0, false
}

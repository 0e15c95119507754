// Package tree reads decoded manifest bodies (map[string]any trees as the
// loader builds them). A value of the wrong type reads as absent: nothing
// here panics on a manifest that is not what it claims to be.
package tree

import "strconv"

// Map returns the map at path, or nil.
func Map(m map[string]any, path ...string) map[string]any {
	for _, k := range path {
		next, ok := m[k].(map[string]any)
		if !ok {
			return nil
		}
		m = next
	}
	return m
}

// List returns the list at path, or nil.
func List(m map[string]any, path ...string) []any {
	if len(path) == 0 {
		return nil
	}
	l, _ := Map(m, path[:len(path)-1]...)[path[len(path)-1]].([]any)
	return l
}

// Has reports whether m holds a key at path, whatever its value.
func Has(m map[string]any, path ...string) bool {
	if len(path) == 0 {
		return false
	}
	_, ok := Map(m, path[:len(path)-1]...)[path[len(path)-1]]
	return ok
}

// String returns the scalar at path as a string ("" when absent).
func String(m map[string]any, path ...string) string {
	if len(path) == 0 {
		return ""
	}
	return Scalar(Map(m, path[:len(path)-1]...)[path[len(path)-1]])
}

// Int reads an integer field; ok is false when absent or not a number.
func Int(m map[string]any, path ...string) (int, bool) {
	if len(path) == 0 {
		return 0, false
	}
	return ToInt(Map(m, path[:len(path)-1]...)[path[len(path)-1]])
}

// ToInt reads an integer written as a YAML or JSON number, or a string of
// digits.
func ToInt(v any) (int, bool) {
	switch n := v.(type) {
	case int64:
		return int(n), true
	case int:
		return n, true
	case float64:
		if n == float64(int(n)) {
			return int(n), true
		}
	case string:
		i, err := strconv.Atoi(n)
		return i, err == nil
	}
	return 0, false
}

// Scalar renders a scalar as a string ("" for maps, lists and null).
func Scalar(v any) string {
	switch s := v.(type) {
	case string:
		return s
	case int64:
		return strconv.FormatInt(s, 10)
	case int:
		return strconv.Itoa(s)
	case float64:
		return strconv.FormatFloat(s, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(s)
	}
	return ""
}

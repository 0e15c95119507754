package mesh

import (
	"runtime"
	"strconv"
	"sync"
)

// Accessors over decoded manifest bodies (map[string]any trees). They never
// panic on a value of the wrong type: a manifest that is not what it claims
// to be reads as empty.

func mapAt(m map[string]any, path ...string) map[string]any {
	cur := m
	for _, k := range path {
		next, ok := cur[k].(map[string]any)
		if !ok {
			return nil
		}
		cur = next
	}
	return cur
}

func listAt(m map[string]any, path ...string) []any {
	if len(path) == 0 {
		return nil
	}
	parent := mapAt(m, path[:len(path)-1]...)
	l, _ := parent[path[len(path)-1]].([]any)
	return l
}

func strAt(m map[string]any, path ...string) string {
	if len(path) == 0 {
		return ""
	}
	parent := mapAt(m, path[:len(path)-1]...)
	return scalarString(parent[path[len(path)-1]])
}

// intAt reads an integer field; ok is false when absent or not a number.
func intAt(m map[string]any, path ...string) (int, bool) {
	if len(path) == 0 {
		return 0, false
	}
	parent := mapAt(m, path[:len(path)-1]...)
	return toInt(parent[path[len(path)-1]])
}

func toInt(v any) (int, bool) {
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

func scalarString(v any) string {
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

func stringMap(m map[string]any) map[string]string {
	if len(m) == 0 {
		return nil
	}
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

// parallel runs f(0..n-1) on every core.
func parallel(n int, f func(i int)) {
	next := make(chan int, n)
	for i := range n {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	wg.Wait()
}

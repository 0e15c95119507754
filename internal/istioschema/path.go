package istioschema

import (
	"strconv"
	"strings"
)

// resolve splits a field as the API server writes it into the keys and
// indexes of body that it names, as far as body has them. The API server
// joins keys with "." and writes indexes and map keys as "[i]" (field.Path)
// or ".i" (OpenAPI errors); a key may itself hold dots (a label name), so
// the split follows body's own keys, longest first.
func resolve(body any, f string) []string {
	var path []string
	for f != "" {
		f = strings.TrimPrefix(f, ".")
		var step string
		switch v := body.(type) {
		case map[string]any:
			step, f = mapStep(v, f)
		case []any:
			step, f = indexStep(v, f)
		}
		if step == "" {
			return path
		}
		path = append(path, step)
		if m, ok := body.(map[string]any); ok {
			body = m[step]
		} else {
			i, _ := strconv.Atoi(step)
			body = body.([]any)[i]
		}
	}
	return path
}

// mapStep finds the longest key of m that f starts with, written plain
// or in brackets.
func mapStep(m map[string]any, f string) (key, rest string) {
	for k := range m {
		for _, form := range []string{k, "[" + k + "]"} {
			r, ok := strings.CutPrefix(f, form)
			if ok && (r == "" || r[0] == '.' || r[0] == '[') && len(k) > len(key) {
				key, rest = k, r
			}
		}
	}
	return key, rest
}

// indexStep reads "[i]" or "i" naming an item of l.
func indexStep(l []any, f string) (index, rest string) {
	f = strings.TrimPrefix(f, "[")
	end := strings.IndexFunc(f, func(r rune) bool { return r < '0' || r > '9' })
	if end < 0 {
		end = len(f)
	}
	i, err := strconv.Atoi(f[:end])
	if err != nil || i >= len(l) {
		return "", ""
	}
	return f[:end], strings.TrimPrefix(f[end:], "]")
}

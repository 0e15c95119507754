package yamledit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// tree is new content for a mapping: keys in the order the edits gave
// them; values are scalars or subtrees.
type tree struct {
	keys []string
	vals map[string]any
}

// put sets value at path under t, merging maps into what is there.
func (t *tree) put(path []string, value any) error {
	if len(path) == 0 {
		vm, ok := value.(map[string]any)
		if !ok {
			return fmt.Errorf("cannot replace a mapping by a scalar")
		}
		for _, k := range sortedKeys(vm) {
			if err := t.put([]string{k}, vm[k]); err != nil {
				return err
			}
		}
		return nil
	}
	if t.vals == nil {
		t.vals = map[string]any{}
	}
	k := path[0]
	cur, ok := t.vals[k]
	if !ok {
		t.keys = append(t.keys, k)
	}
	if len(path) == 1 && !isMapValue(value) {
		t.vals[k] = value
		return nil
	}
	sub, isTree := cur.(*tree)
	if !isTree {
		sub = &tree{}
		t.vals[k] = sub
	}
	return sub.put(path[1:], value)
}

func sortedKeys(m map[string]any) []string { return slices.Sorted(maps.Keys(m)) }

// block renders t as block mapping lines at indent.
func (e *editor) block(t *tree, indent int) ([]string, error) {
	var lines []string
	pad := strings.Repeat(" ", indent)
	for _, k := range t.keys {
		kt, err := scalarText(k, false, e.json)
		if err != nil {
			return nil, err
		}
		switch v := t.vals[k].(type) {
		case *tree:
			if len(v.keys) == 0 {
				lines = append(lines, pad+kt+": {}")
				continue
			}
			sub, err := e.block(v, indent+e.step)
			if err != nil {
				return nil, err
			}
			lines = append(append(lines, pad+kt+":"), sub...)
		default:
			vt, err := scalarText(v, false, e.json)
			if err != nil {
				return nil, err
			}
			lines = append(lines, pad+kt+": "+vt)
		}
	}
	return lines, nil
}

// flowEntries renders t as the entries of a flow mapping, without braces.
func (e *editor) flowEntries(t *tree) ([]string, error) {
	var out []string
	for _, k := range t.keys {
		kt, err := scalarText(k, true, e.json)
		if err != nil {
			return nil, err
		}
		var vt string
		if sub, ok := t.vals[k].(*tree); ok {
			entries, err := e.flowEntries(sub)
			if err != nil {
				return nil, err
			}
			vt = "{" + strings.Join(entries, ", ") + "}"
		} else if vt, err = scalarText(t.vals[k], true, e.json); err != nil {
			return nil, err
		}
		out = append(out, kt+": "+vt)
	}
	return out, nil
}

// scalarText writes a scalar as yaml.v3 would (quoted only when a plain
// scalar would read as something else), or as JSON in JSON documents and
// where a plain scalar cannot stand (flow indicators in flow context,
// line breaks).
func scalarText(v any, flow, jsonStyle bool) (string, error) {
	switch v := v.(type) {
	case string:
		if jsonStyle {
			return jsonString(v), nil
		}
		out, err := yaml.Marshal(v)
		if err != nil {
			return "", err
		}
		s := strings.TrimSuffix(string(out), "\n")
		if strings.Contains(s, "\n") || flow && !strings.ContainsAny(s[:1], `"'`) && strings.ContainsAny(s, ",[]{}#") {
			return jsonString(v), nil
		}
		return s, nil
	case bool:
		return strconv.FormatBool(v), nil
	case int64:
		return strconv.FormatInt(v, 10), nil
	case int:
		return strconv.Itoa(v), nil
	case nil:
		return "null", nil
	case []any:
		return flowText(v, jsonStyle)
	}
	return "", fmt.Errorf("cannot write a %T value", v)
}

// flowText writes a list a mutation creates whole (a new filters list,
// say) as one flow sequence, its maps as flow mappings with sorted keys:
// [{type: URLRewrite, urlRewrite: {hostname: web}}].
func flowText(v any, jsonStyle bool) (string, error) {
	var parts []string
	var open, close string
	switch v := v.(type) {
	case []any:
		open, close = "[", "]"
		for _, x := range v {
			t, err := flowText(x, jsonStyle)
			if err != nil {
				return "", err
			}
			parts = append(parts, t)
		}
	case map[string]any:
		open, close = "{", "}"
		for _, k := range sortedKeys(v) {
			kt, err := scalarText(k, true, jsonStyle)
			if err != nil {
				return "", err
			}
			vt, err := flowText(v[k], jsonStyle)
			if err != nil {
				return "", err
			}
			parts = append(parts, kt+": "+vt)
		}
	default:
		return scalarText(v, true, jsonStyle)
	}
	return open + strings.Join(parts, ", ") + close, nil
}

// jsonString is v as a JSON string, which is also a YAML double-quoted
// scalar.
func jsonString(v string) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // a string always encodes
	return strings.TrimSuffix(buf.String(), "\n")
}

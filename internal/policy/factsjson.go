package policy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/open-policy-agent/opa/v1/ast"
)

// FactsJSON renders the rules' input (the facts as the engine takes them,
// OPA values among them) as indented JSON a test can use as `input`:
// object keys sorted, and each list of the document sorted by its items'
// JSON, so the same inputs always print the same bytes (the rules read
// the lists as sets; the model's order is no contract).
func FactsJSON(input map[string]any) ([]byte, error) {
	v, err := toValue(input)
	if err != nil {
		return nil, fmt.Errorf("convert facts: %w", err)
	}
	doc, err := ast.JSON(v)
	if err != nil {
		return nil, fmt.Errorf("convert facts: %w", err)
	}
	top, _ := doc.(map[string]any)
	for k, section := range top {
		if l, ok := section.([]any); ok {
			if top[k], err = sortedList(l); err != nil {
				return nil, fmt.Errorf("facts %s: %w", k, err)
			}
		}
	}
	return encode(doc)
}

func sortedList(l []any) ([]any, error) {
	keys := make([][]byte, len(l))
	idx := make([]int, len(l))
	for i, it := range l {
		b, err := encode(it)
		if err != nil {
			return nil, err
		}
		keys[i], idx[i] = b, i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return bytes.Compare(keys[a], keys[b]) })
	out := make([]any, len(l))
	for i, j := range idx {
		out[i] = l[j]
	}
	return out, nil
}

// encode is json.Marshal without HTML escaping (facts hold nginx
// directives and messages with < and &), indented by a tab.
func encode(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "\t")
	err := enc.Encode(v)
	return b.Bytes(), err
}

package mutate

import (
	"bytes"
	"slices"

	"go.yaml.in/yaml/v3"
)

// keyOrder puts the keys people look for first, in the order kubectl and
// Istio's docs write them; other keys follow alphabetically.
var keyOrder = []string{"apiVersion", "kind", "metadata", "spec", "name", "namespace", "labels", "host", "trafficPolicy"}

// YAML renders the object as a YAML document (without "---").
func (g GeneratedObject) YAML() ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(ordered(g.Body)); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func ordered(v any) any {
	m, ok := v.(map[string]any)
	if !ok {
		return v
	}
	keys := sortedKeys(m)
	slices.SortStableFunc(keys, func(a, b string) int { return rank(a) - rank(b) })
	n := &yaml.Node{Kind: yaml.MappingNode}
	for _, k := range keys {
		var val yaml.Node
		if err := val.Encode(ordered(m[k])); err != nil {
			continue // values are built by Generate: strings and maps
		}
		n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k}, &val)
	}
	return n
}

func rank(k string) int {
	if i := slices.Index(keyOrder, k); i >= 0 {
		return i
	}
	return len(keyOrder)
}

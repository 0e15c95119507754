package istioschema

import (
	"sort"
	"strings"

	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
)

// suggest names the field of the schema that the unknown field at path
// was probably meant to be: the same name in another case
// (portLevelMTLS -> portLevelMtls), else the closest name within a few
// edits; "" when none is close.
func (c *checker) suggest(path []string) string {
	if len(path) == 0 {
		return ""
	}
	s := c.structural
	for _, p := range path[:len(path)-1] {
		if s = child(s, p); s == nil {
			return ""
		}
	}
	names := make([]string, 0, len(s.Properties))
	for n := range s.Properties {
		names = append(names, n)
	}
	sort.Strings(names)
	return closest(path[len(path)-1], names)
}

// child is the schema of the key or index p below s.
func child(s *structuralschema.Structural, p string) *structuralschema.Structural {
	if prop, ok := s.Properties[p]; ok {
		return &prop
	}
	if s.AdditionalProperties != nil && s.AdditionalProperties.Structural != nil {
		return s.AdditionalProperties.Structural
	}
	return s.Items
}

func closest(name string, names []string) string {
	best, bestD := "", len(name)/3+1
	for _, n := range names {
		if strings.EqualFold(n, name) {
			return n
		}
		if d := distance(strings.ToLower(name), strings.ToLower(n)); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

// distance is the Levenshtein distance of a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

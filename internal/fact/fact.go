// Package fact is the form the model hands an object of its facts to the
// rules in: its keys and values in the order they were set, which the
// policy engine turns into an OPA object without building a Go map first
// (a hop is some thirty fields, and a large run builds millions of them).
package fact

import (
	"encoding/json"
	"iter"
	"maps"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Object holds keys (strings) and values alternating: "id", 1, "kind",
// "nginx". A key appears once.
type Object []any

// Len is the number of fields.
func (o Object) Len() int { return len(o) / 2 }

// Field returns the i-th key and value.
func (o Object) Field(i int) (string, any) { return o[2*i].(string), o[2*i+1] }

// All yields the fields in order.
func (o Object) All() iter.Seq2[string, any] {
	return func(yield func(string, any) bool) {
		for i := range o.Len() {
			if !yield(o.Field(i)) {
				return
			}
		}
	}
}

// Get returns the value of key k (nil when there is none).
func (o Object) Get(k string) any {
	for i := 0; i+1 < len(o); i += 2 {
		if o[i] == k {
			return o[i+1]
		}
	}
	return nil
}

// Set sets key k's value: in place when k is there (builders declare
// every key first, with its default), else appended.
func (o *Object) Set(k string, v any) {
	for i := 0; i+1 < len(*o); i += 2 {
		if (*o)[i] == k {
			(*o)[i+1] = v
			return
		}
	}
	*o = append(*o, k, v)
}

// MarshalJSON writes the object as the rules read it, as JSON writes
// the map of its fields: keys sorted, values already in OPA's form (the
// model's shared references) as OPA writes them.
func (o Object) MarshalJSON() ([]byte, error) {
	v, err := plain(o)
	if err != nil {
		return nil, err
	}
	return json.Marshal(v)
}

// plain is v with its objects as maps and its OPA values as Go values.
func plain(v any) (any, error) {
	switch x := v.(type) {
	case Object:
		return plainMap(x.Len(), x.All())
	case map[string]any:
		return plainMap(len(x), maps.All(x))
	case Ref:
		return x.Map(), nil
	case []any:
		l := make([]any, len(x))
		for i, f := range x {
			p, err := plain(f)
			if err != nil {
				return nil, err
			}
			l[i] = p
		}
		return l, nil
	case ast.Value:
		return ast.JSON(x)
	}
	return v, nil
}

// plainMap is the map of n fields, each value plain.
func plainMap(n int, fields iter.Seq2[string, any]) (any, error) {
	m := make(map[string]any, n)
	for k, f := range fields {
		p, err := plain(f)
		if err != nil {
			return nil, err
		}
		m[k] = p
	}
	return m, nil
}

// Package fact is the form the model hands an object of its facts to the
// rules in: its keys and values in the order they were set, which the
// policy engine turns into an OPA object without building a Go map first
// (a hop is some thirty fields, and a large run builds millions of them).
package fact

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
)

// Object holds keys (strings) and values alternating: "id", 1, "kind",
// "nginx". A key appears once.
type Object []any

// Len is the number of fields.
func (o Object) Len() int { return len(o) / 2 }

// Field returns the i-th key and value.
func (o Object) Field(i int) (string, any) { return o[2*i].(string), o[2*i+1] }

// Get returns the value of key k (nil when there is none).
func (o Object) Get(k string) any {
	for i := 0; i+1 < len(o); i += 2 {
		if o[i] == k {
			return o[i+1]
		}
	}
	return nil
}

// Set sets key k's value, in place when k is there: builders declare
// every key first, with its default.
func (o Object) Set(k string, v any) Object {
	for i := 0; i+1 < len(o); i += 2 {
		if o[i] == k {
			o[i+1] = v
			return o
		}
	}
	return append(o, k, v)
}

// MarshalJSON writes the object as JSON does a map: keys sorted.
func (o Object) MarshalJSON() ([]byte, error) {
	idx := make([]int, o.Len())
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return strings.Compare(o[2*a].(string), o[2*b].(string)) })
	var b bytes.Buffer
	b.WriteByte('{')
	for n, i := range idx {
		if n > 0 {
			b.WriteByte(',')
		}
		k, v := o.Field(i)
		kb, _ := json.Marshal(k)
		vb, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		b.Write(kb)
		b.WriteByte(':')
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

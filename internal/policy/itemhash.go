package policy

import (
	"encoding/binary"
	"encoding/json"
	"hash/maphash"
	"math"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/meshlint/meshlint/internal/fact"
)

// itemKey names the content of a fact item: two seeded 64-bit hashes of
// an encoding that tells every pair of different values apart (each value
// tagged with its type, strings and lists with their length; a map as the
// sum of its entries' hashes, which does not depend on their order). Equal
// keys mean equal items, up to a 2^-128 chance that a random per-process
// seed makes impossible to aim for.
type itemKey [2]uint64

var seeds = [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}

func digest(b []byte) itemKey {
	return itemKey{maphash.Bytes(seeds[0], b), maphash.Bytes(seeds[1], b)}
}

// encoder writes the encoding into buffers reused from one item to the
// next: one per depth of maps, a map's entries each encoded and hashed in
// the buffer below its own.
type encoder struct {
	bufs [][]byte
	d    int // the depth written at
}

// key is the item's key under the prefix (the section and the hash of the
// single-value sections it is evaluated with).
func (e *encoder) key(prefix []byte, item any) itemKey {
	e.d = 0
	e.at(0)
	e.bufs[0] = append(e.bufs[0][:0], prefix...)
	e.value(item)
	return digest(e.bufs[0])
}

func (e *encoder) at(d int) {
	for len(e.bufs) <= d {
		e.bufs = append(e.bufs, nil)
	}
}

func (e *encoder) put(b ...byte) { e.bufs[e.d] = append(e.bufs[e.d], b...) }

func (e *encoder) str(tag byte, s string) {
	e.num(tag, uint64(len(s)))
	e.bufs[e.d] = append(e.bufs[e.d], s...)
}

func (e *encoder) num(tag byte, n uint64) {
	e.bufs[e.d] = binary.AppendUvarint(append(e.bufs[e.d], tag), n)
}

func (e *encoder) boolean(b bool) {
	if b {
		e.put('t')
	} else {
		e.put('f')
	}
}

// value encodes the types the facts are made of, as value converts them;
// any other type goes through JSON, which sorts map keys.
func (e *encoder) value(v any) {
	switch x := v.(type) {
	case nil:
		e.put('n')
	case string:
		e.str('s', x)
	case bool:
		e.boolean(x)
	case int:
		e.num('i', uint64(x))
	case float64:
		e.num('d', math.Float64bits(x))
	case []any:
		e.num('a', uint64(len(x)))
		for _, it := range x {
			e.value(it)
		}
	case map[string]any:
		e.object(x)
	case fact.Object:
		// Its fields come in the order its builder sets them: encoded in
		// that order, one after the other (a map's entries are hashed one
		// by one and added up, as their order is random). The same fields
		// in another order are another key: a miss, never a wrong hit.
		e.num('F', uint64(x.Len()))
		for i := range x.Len() {
			k, v := x.Field(i)
			e.str('k', k)
			e.value(v)
		}
	case fact.Ref:
		e.num('R', 4)
		e.str('s', x.APIVersion)
		e.str('s', x.Kind)
		e.str('s', x.Namespace)
		e.str('s', x.Name)
	case ast.Value:
		e.ast(x)
	default:
		b, err := json.Marshal(x)
		if err != nil { // not a fact value: a key that matches nothing else
			e.str('!', err.Error())
			return
		}
		e.str('j', string(b))
	}
}

// object adds up the hashes of the map's entries, each encoded one depth
// below.
func (e *encoder) object(x map[string]any) {
	var sum itemKey
	e.d++
	e.at(e.d)
	for k, v := range x {
		e.bufs[e.d] = e.bufs[e.d][:0]
		e.str('k', k)
		e.value(v)
		h := digest(e.bufs[e.d])
		sum[0], sum[1] = sum[0]+h[0], sum[1]+h[1]
	}
	e.d--
	e.num('m', uint64(len(x)))
	e.bufs[e.d] = binary.LittleEndian.AppendUint64(binary.LittleEndian.AppendUint64(e.bufs[e.d], sum[0]), sum[1])
}

// ast encodes a value already in OPA's form (shared references). OPA
// iterates an object's keys sorted (term.go sortedKeys), so the encoding
// is canonical; other kinds (sets) are encoded as their string form.
func (e *encoder) ast(v ast.Value) {
	switch x := v.(type) {
	case ast.String:
		e.str('s', string(x))
	case ast.Number:
		e.str('N', string(x))
	case ast.Boolean:
		e.boolean(bool(x))
	case ast.Null:
		e.put('n')
	case *ast.Array:
		e.num('a', uint64(x.Len()))
		for i := range x.Len() {
			e.ast(x.Elem(i).Value)
		}
	case ast.Object:
		e.num('o', uint64(x.Len()))
		x.Foreach(func(k, v *ast.Term) {
			e.ast(k.Value)
			e.ast(v.Value)
		})
	default:
		e.str('v', v.String())
	}
}

package fastyaml

import "go.yaml.in/yaml/v3"

// chunk is how many items a slab allocates at a time.
const chunk = 512

// slab hands out items from chunks that a reset makes reusable: a tree is
// dropped once converted, so its memory serves the next document.
type slab[T any] struct {
	chunks [][]T
	c, i   int // current chunk, next item in it
}

// take returns n consecutive items (n <= chunk), not zeroed.
func (s *slab[T]) take(n int) []T {
	for {
		if s.c == len(s.chunks) {
			s.chunks = append(s.chunks, make([]T, chunk))
		}
		if cur := s.chunks[s.c]; s.i+n <= len(cur) {
			s.i += n
			return cur[s.i-n : s.i : s.i]
		}
		s.c, s.i = s.c+1, 0
	}
}

func (s *slab[T]) reset() { s.c, s.i = 0, 0 }

// size is how many items the slab holds.
func (s *slab[T]) size() int { return len(s.chunks) * chunk }

// arena holds a Parser's nodes, their child lists, and the stack the
// children of open collections wait on.
type arena struct {
	nodes slab[yaml.Node]
	lists slab[*yaml.Node]
	stack []*yaml.Node
}

func (a *arena) node(n yaml.Node) *yaml.Node {
	p := &a.nodes.take(1)[0]
	*p = n
	return p
}

// children moves the stack's items from index from into a list of their
// own: a collection's Content, once it is complete.
func (a *arena) children(from int) []*yaml.Node {
	kids := a.stack[from:]
	var out []*yaml.Node
	if len(kids) <= chunk {
		out = a.lists.take(len(kids))
	} else {
		out = make([]*yaml.Node, len(kids))
	}
	copy(out, kids)
	clear(kids)
	a.stack = a.stack[:from]
	return out
}

func (a *arena) reset() {
	a.nodes.reset()
	a.lists.reset()
	a.stack = a.stack[:0]
}

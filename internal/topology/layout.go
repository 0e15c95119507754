package topology

import "sort"

// The HTML graph's layout: layered left to right as a Mermaid flowchart LR
// is (dagre ranks nodes by the longest path from a source), so ingress
// controllers and gateways come first, then the services they reach, then
// the databases those call. Nodes no hop reaches stand in a last column.

// layered is the layer and row of every node, by its index in t.Nodes.
type layered struct {
	layer, row []int
	layers     [][]int // node indexes per layer, top to bottom
}

func layerNodes(t *Topology) layered {
	n := len(t.Nodes)
	index := make(map[string]int, n)
	for i, nd := range t.Nodes {
		index[nd.ID] = i
	}
	out := make([][]int, n)
	touched := make([]bool, n)
	for _, h := range t.Hops {
		from, to := index[h.From], index[h.To]
		touched[from], touched[to] = true, true
		if from != to {
			out[from] = append(out[from], to)
		}
	}
	order, back := acyclic(t.Nodes, out)
	l := layered{layer: make([]int, n), row: make([]int, n)}
	last := 0
	for _, v := range order {
		for _, w := range out[v] {
			if !back[[2]int{v, w}] && l.layer[w] < l.layer[v]+1 {
				l.layer[w] = l.layer[v] + 1
			}
		}
		if touched[v] {
			last = max(last, l.layer[v]+1)
		}
	}
	for v := range n {
		if !touched[v] {
			l.layer[v] = last
		}
	}
	l.order(t.Nodes, out, back)
	return l
}

// acyclic orders the nodes so that every edge but the back edges of a
// depth-first search points forward (a topological order once those are
// ignored). The search starts from the ingress controllers, then takes
// the nodes in their order, so a cycle is cut where traffic enters it.
func acyclic(nodes []Node, out [][]int) ([]int, map[[2]int]bool) {
	state := make([]int8, len(nodes)) // 0 new, 1 on the stack, 2 done
	back := map[[2]int]bool{}
	post := make([]int, 0, len(nodes))
	var visit func(v int)
	visit = func(v int) {
		state[v] = 1
		for _, w := range out[v] {
			switch state[w] {
			case 0:
				visit(w)
			case 1:
				back[[2]int{v, w}] = true
			}
		}
		state[v] = 2
		post = append(post, v)
	}
	for _, controllers := range []bool{true, false} {
		for v, nd := range nodes {
			if state[v] == 0 && (nd.Kind == KindController) == controllers {
				visit(v)
			}
		}
	}
	for i, j := 0, len(post)-1; i < j; i, j = i+1, j-1 {
		post[i], post[j] = post[j], post[i]
	}
	return post, back
}

// order sorts each layer: the first by namespace (as Mermaid's subgraphs
// group them), the next ones by the mean row of their callers in earlier
// layers (the barycenter heuristic of layered drawing), which keeps edges
// short and few crossing; ties by namespace, then node order.
func (l *layered) order(nodes []Node, out [][]int, back map[[2]int]bool) {
	ns := namespaceRanks(nodes)
	callers := make([][]int, len(nodes))
	for v, ws := range out {
		for _, w := range ws {
			if !back[[2]int{v, w}] {
				callers[w] = append(callers[w], v)
			}
		}
	}
	for v := range nodes {
		for len(l.layers) <= l.layer[v] {
			l.layers = append(l.layers, nil)
		}
		l.layers[l.layer[v]] = append(l.layers[l.layer[v]], v)
	}
	for _, vs := range l.layers {
		bary := make(map[int]float64, len(vs))
		for _, v := range vs {
			bary[v] = l.barycenter(callers[v])
		}
		sort.SliceStable(vs, func(i, j int) bool {
			a, b := vs[i], vs[j]
			if bary[a] != bary[b] {
				return bary[a] < bary[b]
			}
			return ns[a] < ns[b]
		})
		for r, v := range vs {
			l.row[v] = r
		}
	}
}

// barycenter is the mean row of the callers already placed (those of an
// earlier layer); -1 for none, which puts the node first.
func (l *layered) barycenter(callers []int) float64 {
	sum, n := 0.0, 0
	for _, c := range callers {
		sum += float64(l.row[c])
		n++
	}
	if n == 0 {
		return -1
	}
	return sum / float64(n)
}

// namespaceRanks numbers each node's namespace in order of first
// appearance, as groups does.
func namespaceRanks(nodes []Node) []int {
	first := map[string]int{}
	out := make([]int, len(nodes))
	for i, n := range nodes {
		r, ok := first[n.Namespace]
		if !ok {
			r = len(first)
			first[n.Namespace] = r
		}
		out[i] = r
	}
	return out
}

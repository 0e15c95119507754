package topology

import (
	"fmt"
	"strings"
	"unicode/utf16"
)

// Mermaid's limits, at its defaults, which GitHub renders with: past them
// GitHub shows an error box in place of the diagram.
const (
	// MermaidMaxEdges: a flowchart's 501st edge throws "Edge limit
	// exceeded" (mermaid: packages/mermaid/src/diagrams/flowchart/flowDb.ts
	// addSingleLink, `this.edges.length < (config.maxEdges ?? 500)`;
	// default in src/schemas/config.schema.yaml maxEdges: 500).
	MermaidMaxEdges = 500
	// MermaidMaxTextSize: a diagram longer than this is replaced by
	// "Maximum text size in diagram exceeded" (mermaid:
	// packages/mermaid/src/mermaidAPI.ts render, `text.length >
	// (config?.maxTextSize ?? MAX_TEXTLENGTH)`, MAX_TEXTLENGTH = 50_000).
	// The length is JavaScript's: UTF-16 code units of the diagram,
	// without the ```mermaid fence GitHub strips.
	MermaidMaxTextSize = 50_000
)

// MermaidLimits says which of Mermaid's limits the diagram of t (after
// opts.Filter) exceeds, one sentence each; nil when GitHub draws it.
func MermaidLimits(t *Topology, opts GraphOptions) []string {
	t = opts.Filter.Apply(t)
	var b strings.Builder
	if err := writeMermaid(&b, t, GraphOptions{Bare: true}); err != nil {
		return []string{err.Error()}
	}
	var over []string
	if n := len(t.Hops); n > MermaidMaxEdges {
		over = append(over, fmt.Sprintf("%d edges (Mermaid draws at most %d, its maxEdges)", n, MermaidMaxEdges))
	}
	if n := utf16Len(b.String()); n > MermaidMaxTextSize {
		over = append(over, fmt.Sprintf("%d characters (at most %d, its maxTextSize)", n, MermaidMaxTextSize))
	}
	return over
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

package topology

import (
	"fmt"
	"io"
	"strings"
)

// writeMarkdown prints the field report's two tables as GitHub Markdown.
func writeMarkdown(w io.Writer, t *Topology) error {
	var b strings.Builder
	b.WriteString("| scale item | value |\n|---|---|\n")
	for _, r := range scaleRows(t.Scale) {
		fmt.Fprintf(&b, "| %s | %s |\n", cell(r[0]), cell(r[1]))
	}
	b.WriteString("\n")
	if len(t.Hops) == 0 {
		b.WriteString("Hops: " + noHops + "\n")
	} else {
		b.WriteString("| hop | protocol | mode | outcome | why |\n|---|---|---|---|---|\n")
		for _, h := range t.Hops {
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", cell(h.Name), cell(h.Protocol), cell(h.Mode), cell(h.Label), cell(h.Why))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// cell escapes what would end a table cell or row (GFM tables: a pipe is
// written \|) and the "<" that would open an HTML tag; "->" stays as is.
func cell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "<", "&lt;").Replace(s)
}

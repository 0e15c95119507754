package topology

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ReportFormats and GraphFormats list the names WriteReport and WriteGraph
// accept; the first is the default.
var (
	ReportFormats = []string{"text", "markdown", "json"}
	GraphFormats  = []string{"mermaid", "dot", "html"}
)

// GraphOptions tune the graph formats.
type GraphOptions struct {
	// Bare leaves out the ```mermaid fence that lets the output be pasted
	// as is into a GitHub comment or Markdown file.
	Bare bool
	// Filter narrows the graph (every format) to some namespaces or the
	// broken hops.
	Filter Filter
}

// WriteReport writes the tables in format.
func WriteReport(w io.Writer, t *Topology, format string) error {
	switch format {
	case "text":
		return writeText(w, t)
	case "markdown":
		return writeMarkdown(w, t)
	case "json":
		return writeJSON(w, t)
	}
	return fmt.Errorf("unknown format %q (want %s)", format, strings.Join(ReportFormats, ", "))
}

// WriteGraph writes the graph in format.
func WriteGraph(w io.Writer, t *Topology, format string, opts GraphOptions) error {
	shown := opts.Filter.Apply(t)
	switch format {
	case "mermaid":
		return writeMermaid(w, shown, opts)
	case "dot":
		return writeDOT(w, shown)
	case "html":
		return writeHTML(w, shown, t, opts.Filter)
	}
	return fmt.Errorf("unknown format %q (want %s)", format, strings.Join(GraphFormats, ", "))
}

// scaleRows are the scale table's rows, shared by text and markdown.
func scaleRows(s Scale) [][2]string {
	return [][2]string{
		{"namespaces", counted(s.Namespaces)},
		{"services", counted(s.Services)},
		{"mesh coverage", coverage(s)},
		{"DestinationRules", strconv.Itoa(s.DestinationRules)},
		{"VirtualServices", strconv.Itoa(s.VirtualServices)},
		{"AuthorizationPolicies", strconv.Itoa(s.AuthorizationPolicies)},
		{"PeerAuthentications", strconv.Itoa(s.PeerAuthentications)},
	}
}

func counted(n Names) string {
	if n.Count == 0 {
		return "0"
	}
	return fmt.Sprintf("%d (%s)", n.Count, list(n.Names))
}

// maxListed bounds the names a table cell lists: the report's stack names
// them all, a cluster of hundreds of namespaces would bury the table (the
// JSON keeps every name).
const maxListed = 10

func list(names []string) string {
	if len(names) <= maxListed {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:maxListed], ", "), len(names)-maxListed)
}

func coverage(s Scale) string {
	if s.Services.Count == 0 {
		return "n/a (no Service)"
	}
	var parts []string
	if len(s.Coverage.Meshed) > 0 {
		parts = append(parts, "meshed: "+list(s.Coverage.Meshed))
	}
	if len(s.Coverage.NotMeshed) > 0 {
		parts = append(parts, "not meshed: "+list(s.Coverage.NotMeshed))
	}
	return fmt.Sprintf("%d%% (%s)", s.Coverage.Percent, strings.Join(parts, "; "))
}

// noHops is said instead of an empty hop table.
const noHops = "none: the inputs declare no connection (Ingress backend, nginx proxy_pass, service URL in a workload's settings)"

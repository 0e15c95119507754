package benchreport

import (
	"fmt"
	"sort"
	"strings"
)

// admissionBenches are the sized admission benchmarks, by the name the
// table gives their changes.
var admissionBenches = []struct{ name, title string }{
	{"BenchmarkValidateNamespace", "one namespace"},
	{"BenchmarkValidateMeshWide", "mesh-wide"},
}

func (run *Run) admissionTable(b *strings.Builder) {
	rows, cols := map[string]map[string]*Metrics{}, map[string]bool{}
	var order []string
	for _, ab := range admissionBenches {
		for name, m := range run.Bench {
			rest, ok := strings.CutPrefix(name, ab.name+"/")
			size, change, ok2 := strings.Cut(rest, "/")
			if !ok || !ok2 {
				continue
			}
			row := ab.title + ": " + change
			if rows[row] == nil {
				rows[row] = map[string]*Metrics{}
				order = append(order, row)
			}
			rows[row][size], cols[size] = m, true
		}
	}
	if len(rows) == 0 {
		b.WriteString("Admission: no sized admission benchmark in bench.txt.\n\n")
		return
	}
	sort.Strings(order)
	sizes := sortedSizes(cols)
	b.WriteString("Admission of one change (`BenchmarkValidateNamespace`, `BenchmarkValidateMeshWide`: the engine on a Store of the corpus, warmed as the webhook warms it, the collector at its serving setting), p50 / p99 in milliseconds (the p99 of fewer than 100 requests is their slowest):\n\n")
	b.WriteString("| change | " + strings.Join(sizes, " | ") + " |\n|---" + strings.Repeat("|---", len(sizes)) + "|\n")
	for _, row := range order {
		b.WriteString("| " + row)
		for _, s := range sizes {
			cell := "-"
			if m := rows[row][s]; m != nil {
				cell = latencies(*m)
			}
			b.WriteString(" | " + cell)
		}
		b.WriteString(" |\n")
	}
	b.WriteString("\n")
}

// latencies is "p50 / p99", or the one latency there is: the p99 of a
// few requests is their slowest (a sized benchmark's first request,
// which evaluates what the change altered, is often the slowest). The
// requests are those the benchmark timed (its requests metric: it times
// more than b.Loop's runs where those are few), else its runs.
func latencies(m Metrics) string {
	n := m["runs"]
	if r, ok := m.get("requests"); ok {
		n = r
	}
	switch n := int(n); {
	case n == 1:
		return ms(m["p99-ms"]) + " (1 request)"
	case n < 100:
		return fmt.Sprintf("%s / %s (%d requests)", ms(m["p50-ms"]), ms(m["p99-ms"]), n)
	}
	return ms(m["p50-ms"]) + " / " + ms(m["p99-ms"])
}

// ms writes a latency with the precision its size deserves.
func ms(v float64) string {
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.2f", v)
}

// sortedSizes orders "10k", "50k", "100k" by their number.
func sortedSizes(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := sizeOf(out[i]), sizeOf(out[j])
		if a != b {
			return a < b
		}
		return out[i] < out[j]
	})
	return out
}

func sizeOf(s string) int {
	var n int
	if _, err := fmt.Sscanf(strings.TrimSuffix(s, "k"), "%d", &n); err != nil {
		return 1 << 30
	}
	return n
}

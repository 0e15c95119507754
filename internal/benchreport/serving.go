package benchreport

import (
	"fmt"
	"strings"
)

// The serving targets (TESTING.md): what the webhooks add to a create
// through the real API server, and the webhook over HTTPS under a steady
// load. A benchmark reports its figures; whether they meet the target is
// said here, once, for the figures of the run (a benchmark that failed on
// a noisy machine would stop make bench before the rest). A figure the
// benchmark did not report is said to be missing, never judged; a
// benchmark that failed (a request failed under the load) reports no
// figures, and its targets are missed.
const (
	createAddedTargetMs = 5
	loadP99TargetMs     = 25
	loadRSSTargetMB     = 250
)

// servingRow is one line of the table: the measure (its %s takes the
// lead metric in leadFormat, when reported), the figure (format, of the
// keys in order), and the target, judged on the key at index on.
type servingRow struct {
	measure, lead, leadFormat string
	format                    string
	keys                      []string
	on                        int
	target                    string
	ok                        func(float64) bool
}

var (
	createRows = []servingRow{{"create through the API server, added p50%s", "runs", " (%.0f creates each way)",
		"%.2f ms (%.2f with the webhooks, %.2f without; p99 %.2f and %.2f)",
		[]string{"added-p50-ms", "p50-with-ms", "p50-without-ms", "p99-with-ms", "p99-without-ms"}, 0,
		fmt.Sprintf("<= %d ms", createAddedTargetMs), func(v float64) bool { return v <= createAddedTargetMs }}}
	loadRows = []servingRow{
		{"steady load over HTTPS%s, p50 / p99 / max", "ok-req/s", " (%.0f req/s)", "%.2f / %.2f / %.1f ms",
			[]string{"p50-ms", "p99-ms", "max-ms"}, 1, fmt.Sprintf("p99 <= %d ms", loadP99TargetMs),
			func(v float64) bool { return v <= loadP99TargetMs }},
		{"errors under that load%s", "", "", "%.0f", []string{"errors"}, 0, "0", func(v float64) bool { return v == 0 }},
		{"the webhook's peak RSS under that load%s", "", "", "%.0f MB", []string{"peak-RSS-MB"}, 0,
			fmt.Sprintf("<= %d MB", loadRSSTargetMB), func(v float64) bool { return v <= loadRSSTargetMB }},
	}
)

func (run *Run) servingTable(b *strings.Builder) {
	const create, load = "BenchmarkCreateThroughAPIServer", "BenchmarkWebhookLoad"
	if run.Bench[create] == nil && run.Bench[load] == nil && !run.Failed[create] && !run.Failed[load] {
		b.WriteString("Serving: no BenchmarkCreateThroughAPIServer or BenchmarkWebhookLoad in bench.txt.\n\n")
		return
	}
	b.WriteString("The webhook as served (`test/e2e`: a real API server, the webhook over HTTPS on loopback), against its targets:\n\n")
	b.WriteString("| measure | figure | target |\n|---|---|---|\n")
	run.servingRows(b, create, createRows)
	run.servingRows(b, load, loadRows)
	b.WriteString("\n")
}

// servingRows writes the rows of one benchmark: its figures, or why
// there are none.
func (run *Run) servingRows(b *strings.Builder, name string, rows []servingRow) {
	m := run.Bench[name]
	for _, r := range rows {
		figure, verdict := r.judge(m, run.Failed[name], name)
		fmt.Fprintf(b, "| %s | %s | %s (%s) |\n", r.title(m), figure, r.target, verdict)
	}
}

// title is the measure, with the lead metric when it was reported.
func (r servingRow) title(m *Metrics) string {
	lead := ""
	if v, ok := m.get(r.lead); ok && r.lead != "" {
		lead = fmt.Sprintf(r.leadFormat, v)
	}
	return fmt.Sprintf(r.measure, lead)
}

// judge is the row's figure and verdict.
func (r servingRow) judge(m *Metrics, failed bool, name string) (figure, verdict string) {
	switch {
	case failed:
		return name + " failed (bench.txt says why)", "missed"
	case m == nil:
		return "not run", "not judged"
	}
	values := make([]any, len(r.keys))
	var missing []string
	for i, k := range r.keys {
		v, ok := m.get(k)
		if !ok {
			missing = append(missing, k)
		}
		values[i] = v
	}
	if len(missing) > 0 {
		return "not reported (no " + strings.Join(missing, ", ") + ")", "not judged"
	}
	return fmt.Sprintf(r.format, values...), met(r.ok(values[r.on].(float64)))
}

func met(ok bool) string {
	if ok {
		return "met"
	}
	return "missed"
}

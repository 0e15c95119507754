package benchreport

import (
	"fmt"
	"strings"
)

// The serving targets (TESTING.md): what the webhooks add to a create
// through the real API server, and the webhook over HTTPS under a steady
// load. A benchmark reports its figures; whether they meet the target is
// said here, once, for the figures of the run (a benchmark that failed on
// a noisy machine would stop make bench before the rest).
const (
	createAddedTargetMs = 5
	loadP99TargetMs     = 25
	loadRSSTargetMB     = 250
)

func (run *Run) servingTable(b *strings.Builder) {
	create, load := run.Bench["BenchmarkCreateThroughAPIServer"], run.Bench["BenchmarkWebhookLoad"]
	if create == nil && load == nil {
		b.WriteString("Serving: no BenchmarkCreateThroughAPIServer or BenchmarkWebhookLoad in bench.txt.\n\n")
		return
	}
	b.WriteString("The webhook as served (`test/e2e`: a real API server, the webhook over HTTPS on loopback), against its targets:\n\n")
	b.WriteString("| measure | figure | target |\n|---|---|---|\n")
	if create == nil {
		b.WriteString("| create through the API server | not run | - |\n")
	} else {
		m := *create
		fmt.Fprintf(b, "| create through the API server, added p50 (%.0f creates each way) | %.2f ms (%.2f with the webhooks, %.2f without; p99 %.2f and %.2f) | <= %d ms (%s) |\n",
			m["runs"], m["added-p50-ms"], m["p50-with-ms"], m["p50-without-ms"], m["p99-with-ms"], m["p99-without-ms"],
			createAddedTargetMs, met(m["added-p50-ms"] <= createAddedTargetMs))
	}
	if load == nil {
		b.WriteString("| steady load over HTTPS | not run | - |\n\n")
		return
	}
	m := *load
	fmt.Fprintf(b, "| %.0f req/s over HTTPS, p50 / p99 / max | %.2f / %.2f / %.1f ms | p99 <= %d ms (%s) |\n",
		m["ok-req/s"], m["p50-ms"], m["p99-ms"], m["max-ms"], loadP99TargetMs, met(m["p99-ms"] <= loadP99TargetMs))
	fmt.Fprintf(b, "| errors under that load | %.0f | 0 (%s) |\n", m["errors"], met(m["errors"] == 0))
	fmt.Fprintf(b, "| the webhook's peak RSS under that load | %.0f MB | <= %d MB (%s) |\n\n",
		m["peak-RSS-MB"], loadRSSTargetMB, met(m["peak-RSS-MB"] <= loadRSSTargetMB))
}

func met(ok bool) string {
	if ok {
		return "met"
	}
	return "missed"
}

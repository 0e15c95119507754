package benchreport

import (
	"fmt"
	"strings"
)

// Budget is the webhook's memory target at rest: 3 KiB per object plus
// 100 MiB (the informer cache, the Store and what the webhook remembers).
func Budget(objects float64) float64 { return 3*objects/1024 + 100 }

func (run *Run) memoryTable(b *strings.Builder) {
	cols := map[string]bool{}
	for name := range run.Bench {
		if size, ok := strings.CutPrefix(name, "BenchmarkWebhookMemory/"); ok {
			cols[size] = true
		}
	}
	if len(cols) == 0 {
		b.WriteString("Webhook memory: no BenchmarkWebhookMemory in bench.txt.\n\n")
		return
	}
	b.WriteString("The webhook's memory at rest (`BenchmarkWebhookMemory`: heap after two collections) against its budget of 3 KiB per object plus 100 MiB, and the heap's peak during a mesh-wide change as served:\n\n")
	b.WriteString("| objects | policies | cache and Store | remembered | total | budget | peak during a mesh-wide change |\n|---|---|---|---|---|---|---|\n")
	for _, size := range sortedSizes(cols) {
		m := *run.Bench["BenchmarkWebhookMemory/"+size]
		objects := 0.0
		if per := m["held-B/object"]; per > 0 {
			objects = m["held-MiB"] * (1 << 20) / per
		}
		total := m["engine-MiB"] + m["held-MiB"] + m["memo-MiB"]
		verdict := "within"
		if total > Budget(objects) {
			verdict = "over"
		}
		fmt.Fprintf(b, "| %s | %.0f MiB | %.0f MiB (%.0f B per object) | %.0f MiB | %.0f MiB | %.0f MiB (%s) | %.0f MiB |\n",
			group(int(objects+0.5)), m["engine-MiB"], m["held-MiB"], m["held-B/object"], m["memo-MiB"], total,
			Budget(objects), verdict, m["peak-MiB"])
	}
	b.WriteString("\n")
}

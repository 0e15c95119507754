package benchreport

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Markdown is the report: the machine, the lint beside istioctl per
// size, admission latency per change and size, and the webhook's memory
// per size against its budget, and the webhook as served against its
// targets. A part bench.txt lacks is said to be missing, not left out.
func (run *Run) Markdown() string {
	var b strings.Builder
	machine := run.Machine
	if machine == "" {
		machine = run.CPU
	}
	fmt.Fprintf(&b, "Figures of the last `make bench`, on %s.\n\n", orMissing(machine, "a machine bench.txt does not name"))
	run.lintTable(&b)
	run.admissionTable(&b)
	run.memoryTable(&b)
	run.servingTable(&b)
	return b.String()
}

func orMissing(s, missing string) string {
	if s == "" {
		return missing
	}
	return s
}

func (run *Run) lintTable(b *strings.Builder) {
	ml, is := bySize(run.Lint["meshlint"]), bySize(run.Lint["istioctl"])
	if len(ml) == 0 {
		b.WriteString("Lint: no timed run in bench.txt.\n\n")
		return
	}
	b.WriteString("`meshlint lint` beside `istioctl analyze --use-kube=false` on the same generated corpus (ranges of the runs; ratios of the medians):\n\n")
	b.WriteString("| objects | runs | wall | CPU | peak RSS | CPU per object | peak RSS per object | istioctl CPU | istioctl peak RSS | CPU ratio | memory ratio |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, n := range slices.Sorted(maps.Keys(ml)) {
		m, i := ml[n], is[n]
		fmt.Fprintf(b, "| %s | %d | %s s | %s s | %s MiB | %.0f us | %.1f KiB | %s | %s | %s | %s |\n",
			group(n), len(m), span(m, wall, 2), span(m, cpu, 2), span(m, rssMiB, 0),
			median(m, cpu)*1e6/float64(n), median(m, rss)/float64(n),
			orMissing(withUnit(span(i, cpu, 1), " s"), "not run"), orMissing(withUnit(span(i, rssMiB, 0), " MiB"), "not run"),
			ratio(m, i, cpu), ratio(m, i, rss))
	}
	b.WriteString("\n")
}

func withUnit(s, unit string) string {
	if s == "" {
		return ""
	}
	return s + unit
}

func wall(t Timed) float64   { return t.Wall }
func cpu(t Timed) float64    { return t.CPU }
func rss(t Timed) float64    { return t.RSS }
func rssMiB(t Timed) float64 { return t.RSS / 1024 } // time's %M is in KiB

func bySize(ts []Timed) map[int][]Timed {
	out := map[int][]Timed{}
	for _, t := range ts {
		out[t.Objects] = append(out[t.Objects], t)
	}
	return out
}

// span is the range of f over ts ("1.2-1.5", or one value).
func span(ts []Timed, f func(Timed) float64, prec int) string {
	if len(ts) == 0 {
		return ""
	}
	lo, hi := f(ts[0]), f(ts[0])
	for _, t := range ts[1:] {
		lo, hi = min(lo, f(t)), max(hi, f(t))
	}
	a, z := strconv.FormatFloat(lo, 'f', prec, 64), strconv.FormatFloat(hi, 'f', prec, 64)
	if a == z {
		return a
	}
	return a + "-" + z
}

func median(ts []Timed, f func(Timed) float64) float64 {
	vs := make([]float64, len(ts))
	for i, t := range ts {
		vs[i] = f(t)
	}
	slices.Sort(vs)
	if len(vs)%2 == 1 {
		return vs[len(vs)/2]
	}
	return (vs[len(vs)/2-1] + vs[len(vs)/2]) / 2
}

func ratio(a, b []Timed, f func(Timed) float64) string {
	if len(a) == 0 || len(b) == 0 || median(b, f) == 0 {
		return "-"
	}
	return strconv.FormatFloat(median(a, f)/median(b, f), 'f', 2, 64)
}

// group writes n with thousands separators.
func group(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

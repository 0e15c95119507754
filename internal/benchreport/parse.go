// Package benchreport turns what `make bench` writes (bench.txt: Go's
// benchmark output, then the timed lint runs) into the README's table of
// figures, so that the figures shown are the last run's, with the
// machine they came from.
package benchreport

import (
	"bufio"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// Run is what one bench.txt holds.
type Run struct {
	Machine string              // the "machine:" line make bench writes first
	CPU     string              // Go's "cpu:" line
	Bench   map[string]*Metrics // by benchmark name, without the GOMAXPROCS suffix
	Lint    map[string][]Timed  // "meshlint" and "istioctl", each run in order
	Failed  map[string]bool     // benchmarks go test said failed ("--- FAIL: BenchmarkX"), by name as in Bench
}

// Metrics are a benchmark's reported values, by unit, and its number of
// iterations under "runs".
type Metrics map[string]float64

// Timed is one timed lint of n objects.
type Timed struct {
	Objects   int
	Wall, CPU float64 // seconds
	RSS       float64 // KiB (GNU time's %M)
}

var (
	failLine  = regexp.MustCompile(`^--- FAIL: (Benchmark\S+?)(-\d+)?(\s|$)`)
	benchLine = regexp.MustCompile(`^(Benchmark\S+?)(-\d+)?\s+(\d+)\s+(.*)$`)
	lintLine  = regexp.MustCompile(`^meshlint lint, (\d+) objects: ([\d.]+) s wall, ([\d.]+) s CPU, (\d+) KB peak RSS`)
	istioLine = regexp.MustCompile(`^istioctl analyze --use-kube=false, (\d+) objects: ([\d.]+) s wall, ([\d.]+)\+([\d.]+) s CPU, (\d+) KB peak RSS`)
)

// Parse reads a bench.txt. Lines it does not know (test logs, PASS, ok)
// are skipped: the report shows what it found, and says what it did not.
func Parse(r io.Reader) (*Run, error) {
	run := &Run{Bench: map[string]*Metrics{}, Lint: map[string][]Timed{}, Failed: map[string]bool{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		run.line(strings.TrimSpace(sc.Text()))
	}
	return run, sc.Err()
}

func (run *Run) line(l string) {
	switch {
	case strings.HasPrefix(l, "machine:"):
		run.Machine = strings.TrimSpace(strings.TrimPrefix(l, "machine:"))
	case strings.HasPrefix(l, "cpu:") && run.CPU == "":
		run.CPU = strings.TrimSpace(strings.TrimPrefix(l, "cpu:"))
	case failLine.MatchString(l):
		run.Failed[failLine.FindStringSubmatch(l)[1]] = true
	case benchLine.MatchString(l):
		m := benchLine.FindStringSubmatch(l)
		ms := metrics(m[4])
		(*ms)["runs"] = float64(atoi(m[3]))
		run.Bench[m[1]] = ms
	case lintLine.MatchString(l):
		m := lintLine.FindStringSubmatch(l)
		run.Lint["meshlint"] = append(run.Lint["meshlint"], Timed{atoi(m[1]), atof(m[2]), atof(m[3]), atof(m[4])})
	case istioLine.MatchString(l):
		m := istioLine.FindStringSubmatch(l)
		run.Lint["istioctl"] = append(run.Lint["istioctl"], Timed{atoi(m[1]), atof(m[2]), atof(m[3]) + atof(m[4]), atof(m[5])})
	}
}

// get is the metric of that unit, and whether it was reported (a nil
// Metrics reports none).
func (m *Metrics) get(unit string) (float64, bool) {
	if m == nil {
		return 0, false
	}
	v, ok := (*m)[unit]
	return v, ok
}

// metrics reads "v unit v unit ..." pairs.
func metrics(s string) *Metrics {
	f := strings.Fields(s)
	out := Metrics{}
	for i := 0; i+1 < len(f); i += 2 {
		if v, err := strconv.ParseFloat(f[i], 64); err == nil {
			out[f[i+1]] = v
		}
	}
	return &out
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func atof(s string) float64 {
	v, _ := strconv.ParseFloat(s, 64)
	return v
}

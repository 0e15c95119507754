package benchreport

import (
	"os"
	"strings"
	"testing"
)

func load(t *testing.T) *Run {
	t.Helper()
	f, err := os.Open("testdata/bench.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestTheReportShowsWhatBenchWrote(t *testing.T) {
	md := load(t).Markdown()
	for _, want := range []string{
		"on AMD EPYC 7B13, 2 cores, 24 GiB, go1.26.0, commit 82a6610.",
		// 10,000 objects: medians 1.17 s against 3.29 s (3.10+0.19), 194000 KB against 129024 KB.
		"| 10,000 | 3 | 0.67-0.71 s | 1.16-1.20 s | 189-190 MiB | 117 us | 19.4 KiB | 3.2-3.4 s | 125-127 MiB | 0.36 | 1.50 |",
		"| 50,000 | 1 | 2.27 s | 3.93 s | 528 MiB | 79 us | 10.8 KiB | not run | not run | - | - |",
		"| change | 10k | 50k |",
		"| mesh-wide: mode-everywhere | 155 / 258 (20 requests) | 1408 (1 request) |",
		"| mesh-wide: labels | 0.05 / 0.10 | - |",
		"| one namespace: label | 0.80 / 2.10 | - |",
		// 26.89 MiB at 3006 B each: 9,380 objects, a budget of 127 MiB.
		"| 9,380 | 6 MiB | 27 MiB (3006 B per object) | 15 MiB | 48 MiB | 127 MiB (within) | 114 MiB |",
		"| 93,770 | 9 MiB | 257 MiB (2875 B per object) | 101 MiB | 367 MiB | 375 MiB (within) | 1120 MiB |",
		"| create through the API server, added p50 (78 creates each way) | 5.40 ms (9.35 with the webhooks, 3.94 without; p99 15.99 and 6.52) | <= 5 ms (missed) |",
		"| steady load over HTTPS (300 req/s), p50 / p99 / max | 2.31 / 10.87 / 53.0 ms | p99 <= 25 ms (met) |",
		"| errors under that load | 0 | 0 (met) |",
		"| the webhook's peak RSS under that load | 148 MB | <= 250 MB (met) |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the report lacks %q:\n%s", want, md)
		}
	}
	if strings.Index(md, "mesh-wide: labels") > strings.Index(md, "one namespace") {
		t.Error("the changes are not in order")
	}
}

func TestAMissingPartIsSaid(t *testing.T) {
	r, err := Parse(strings.NewReader("cpu: Some CPU\nok\n"))
	if err != nil {
		t.Fatal(err)
	}
	md := r.Markdown()
	for _, want := range []string{"on Some CPU.", "Lint: no timed run", "Admission: no sized", "Webhook memory: no BenchmarkWebhookMemory",
		"Serving: no BenchmarkCreateThroughAPIServer"} {
		if !strings.Contains(md, want) {
			t.Errorf("the report lacks %q:\n%s", want, md)
		}
	}
}

func TestAWebhookOverItsBudgetIsSaid(t *testing.T) {
	r, err := Parse(strings.NewReader("BenchmarkWebhookMemory/100k-2 1 1 ns/op 9 engine-MiB 3000 held-B/object 300 held-MiB 100 memo-MiB 900 peak-MiB\n"))
	if err != nil {
		t.Fatal(err)
	}
	if md := r.Markdown(); !strings.Contains(md, "409 MiB | 407 MiB (over)") {
		t.Errorf("over budget not said:\n%s", md)
	}
}

// TestAServingFigureNotReportedIsNotJudged: a benchmark line without a
// figure (a unit renamed, a line cut short) reads as missing, never as a
// zero that meets its target; a benchmark go test said failed (a request
// failed under the load, and a failed benchmark prints no figures) misses
// its targets.
func TestAServingFigureNotReportedIsNotJudged(t *testing.T) {
	r, err := Parse(strings.NewReader("BenchmarkCreateThroughAPIServer-2 3 13870969 ns/op 1.5 p50-with-ms\n" +
		"--- FAIL: BenchmarkWebhookLoad-2\n    bench_test.go:201: 300 req/s for 1m0s: 3 errors\n"))
	if err != nil {
		t.Fatal(err)
	}
	md := r.Markdown()
	for _, want := range []string{
		"| create through the API server, added p50 (3 creates each way) | not reported (no added-p50-ms, p50-without-ms, p99-with-ms, p99-without-ms) | <= 5 ms (not judged) |",
		"| steady load over HTTPS, p50 / p99 / max | BenchmarkWebhookLoad failed (bench.txt says why) | p99 <= 25 ms (missed) |",
		"| errors under that load | BenchmarkWebhookLoad failed (bench.txt says why) | 0 (missed) |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the report lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "(met)") {
		t.Errorf("a target judged met without its figure:\n%s", md)
	}
}

// A sized admission benchmark that timed more requests than b.Loop ran
// says how many its percentiles come from.
func TestThePercentilesSayTheirRequests(t *testing.T) {
	r, err := Parse(strings.NewReader(
		"BenchmarkValidateMeshWide/100k/mode-everywhere-2 1 2168615465 ns/op 2429 p50-ms 3556 p99-ms 24.29 us/object 10 requests\n" +
			"BenchmarkValidateMeshWide/10k/mode-everywhere-2 8 126007335 ns/op 78.32 p50-ms 243.7 p99-ms 7.832 us/object\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := "| mesh-wide: mode-everywhere | 78.3 / 244 (8 requests) | 2429 / 3556 (10 requests) |"
	if md := r.Markdown(); !strings.Contains(md, want) {
		t.Errorf("the report lacks %q:\n%s", want, md)
	}
}

func TestSplice(t *testing.T) {
	doc := "# T\n\nbefore\n" + Begin + "\nold figures\n" + End + "\nafter\n"
	got, err := Splice(doc, "new figures\n")
	if err != nil {
		t.Fatal(err)
	}
	if want := "# T\n\nbefore\n" + Begin + "\nnew figures\n" + End + "\nafter\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if _, err := Splice("# no markers\n", "x"); err == nil {
		t.Error("a document without the markers took the figures")
	}
}

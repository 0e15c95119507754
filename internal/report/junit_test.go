package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/catalog"
	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/manifest"
)

// junitDoc is JUnit XML read back.
type junitDoc struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Errors   int `xml:"errors,attr"`
	Suites   []struct {
		Name     string      `xml:"name,attr"`
		Tests    int         `xml:"tests,attr"`
		Failures int         `xml:"failures,attr"`
		Errors   int         `xml:"errors,attr"`
		Cases    []junitCase `xml:"testcase"`
	} `xml:"testsuite"`
}

func readJUnit(t *testing.T, r *Report) junitDoc {
	t.Helper()
	var doc junitDoc
	if err := xml.Unmarshal(render(t, "junit", r), &doc); err != nil {
		t.Fatalf("not well-formed: %v", err)
	}
	return doc
}

func TestJUnitDecodesBackEvenWithHostileText(t *testing.T) {
	r := sample()
	hostile := "]]> <x a=\"1\"> & \x1b[31m \x00 \U0001F600"
	r.Findings[1].Message = hostile
	r.Findings[1].Remediation = hostile
	r.Findings[1].File = "a&b<c>.yaml"
	doc := readJUnit(t, r)
	var failure *junitProblem
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			if c.Failure != nil && strings.HasPrefix(s.Name, "ML201") {
				failure = c.Failure
			}
		}
	}
	if failure == nil || !strings.Contains(failure.Message, "]]> <x a=\"1\"> & ") || !strings.Contains(failure.Body, "a&b<c>.yaml:14") {
		t.Errorf("ML201 failure read back as %+v", failure)
	}
}

func TestJUnitCounts(t *testing.T) {
	cases := []struct {
		name                    string
		r                       *Report
		suites, tests, failures int
	}{
		// sample: Rules nil (the catalogue), Linted nil (objects with
		// findings: 3); ML302's finding is info, not a failure.
		{"the sample", sample(), len(catalog.Rules()), 3 * len(catalog.Rules()), 2},
		// cluster: 3 rules x 4 objects + the input error; ML102's two
		// findings on one DestinationRule are one failure.
		{"a cluster run", cluster(), 3 + 1, 3*4 + 1, 3},
		{"an empty report", empty(), len(catalog.Rules()) + 1, 1, 0},
	}
	for _, c := range cases {
		doc := readJUnit(t, c.r)
		if len(doc.Suites) != c.suites || doc.Tests != c.tests || doc.Failures != c.failures {
			t.Errorf("%s: %d suites, %d tests, %d failures; want %d, %d, %d", c.name,
				len(doc.Suites), doc.Tests, doc.Failures, c.suites, c.tests, c.failures)
		}
		sum := 0
		for _, s := range doc.Suites {
			if s.Tests != len(s.Cases) {
				t.Errorf("%s: suite %s says %d tests, has %d", c.name, s.Name, s.Tests, len(s.Cases))
			}
			sum += s.Failures + s.Errors
		}
		if sum != doc.Failures+doc.Errors {
			t.Errorf("%s: suites sum to %d failures and errors, testsuites says %d", c.name, sum, doc.Failures+doc.Errors)
		}
	}
}

func TestJUnitOneFailurePerObjectAndRule(t *testing.T) {
	for _, s := range readJUnit(t, cluster()).Suites {
		if s.Name != "ML102 plaintext-to-strict-workload" {
			continue
		}
		for _, c := range s.Cases {
			if c.Name != "DestinationRule/blog-system/was" {
				if c.Failure != nil {
					t.Errorf("%s fails ML102", c.Name)
				}
				continue
			}
			if c.Failure == nil || c.Failure.Type != "error" ||
				!strings.Contains(c.Failure.Body, "port 8080") || !strings.Contains(c.Failure.Body, "port 9090") {
				t.Errorf("DestinationRule failure = %+v, want type error with both findings", c.Failure)
			}
			if c.Classname != c.Name {
				t.Errorf("classname %q, want the ref when there is no file", c.Classname)
			}
		}
		return
	}
	t.Error("no ML102 suite")
}

func TestJUnitInfoIsNotAFailure(t *testing.T) {
	for _, s := range readJUnit(t, sample()).Suites {
		for _, c := range s.Cases {
			if strings.HasPrefix(s.Name, "ML302 ") && c.Name == "Service/blog-system/web-service" {
				if c.Failure != nil || c.SystemOut == nil || !strings.Contains(c.SystemOut.Text, "port 80 declares no protocol") {
					t.Errorf("info finding: failure %+v, system-out %q", c.Failure, c.SystemOut)
				}
				return
			}
		}
	}
	t.Error("no ML302 testcase for the Service")
}

// largeRun is objects Services x 15 rules with a finding on every tenth
// object; 10,000 of them is the size the format must stream.
func largeRun(objects int) *Report {
	r := &Report{Objects: objects}
	for i := range objects {
		ref := manifest.Ref{APIVersion: "v1", Kind: "Service", Namespace: "ns", Name: fmt.Sprintf("svc-%05d", i)}
		r.Linted = append(r.Linted, Linted{Ref: ref, File: "big.yaml", Line: 1 + 10*i})
		if i%10 == 0 {
			r.Findings = append(r.Findings, finding.Finding{Rule: "ML302", Name: "service-port-protocol-undeclared",
				Severity: finding.Warning, Object: ref, File: "big.yaml", Line: 1 + 10*i, Message: "port 80 declares no protocol"})
		}
	}
	r.Rules = []string{"ACME001"} // a user rule, beside the catalogue's 14
	for _, rl := range catalog.Rules() {
		r.Rules = append(r.Rules, rl.ID)
	}
	return r
}

// maxWrite records the largest single write: a format that built the whole
// document in memory would hand it over in one.
type maxWrite struct{ total, max int }

func (m *maxWrite) Write(p []byte) (int, error) {
	m.total += len(p)
	m.max = max(m.max, len(p))
	return len(p), nil
}

func TestJUnitStreams(t *testing.T) {
	var w maxWrite
	if err := (JUnit{}).Format(&w, largeRun(1000)); err != nil {
		t.Fatal(err)
	}
	if w.max > 64<<10 || w.total < 1<<20 {
		t.Errorf("wrote %d bytes, largest write %d: not streamed", w.total, w.max)
	}
}

func BenchmarkJUnit10kObjects(b *testing.B) {
	r := largeRun(10_000)
	b.ReportAllocs()
	for b.Loop() {
		if err := (JUnit{}).Format(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}

package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"

	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/report"
)

func TestVerdict(t *testing.T) {
	warning := []finding.Finding{{Rule: "ML105", Severity: finding.Warning}}
	inputErr := []error{errors.New("bad.yaml:3: oops")}
	cases := []struct {
		sentence string
		rep      report.Report
		failOn   finding.Severity
		want     int
	}{
		{"no findings", report.Report{}, finding.Error, exitOK},
		{"a warning below --fail-on error", report.Report{Findings: warning}, finding.Error, exitOK},
		{"a warning at --fail-on warning", report.Report{Findings: warning}, finding.Warning, exitFindings},
		{"a warning above --fail-on info", report.Report{Findings: warning}, finding.Info, exitFindings},
		{"--fail-on none never fails on findings", report.Report{Findings: warning}, finding.None, exitOK},
		{"input errors win over findings", report.Report{Findings: warning, Errors: inputErr}, finding.Warning, exitUsage},
		{"input errors fail even with none", report.Report{Errors: inputErr}, finding.None, exitUsage},
	}
	for _, tc := range cases {
		var stderr strings.Builder
		if got := exitCode(verdict(&tc.rep, tc.failOn), &stderr); got != tc.want {
			t.Errorf("%s: exit %d, want %d", tc.sentence, got, tc.want)
		}
		if stderr.Len() > 0 {
			t.Errorf("%s: verdict printed %q; the report already says it", tc.sentence, stderr.String())
		}
	}
}

func TestExitCodeKeepsTheContract(t *testing.T) {
	var stderr strings.Builder
	if got := exitCode(cli.Exit("No help topic", 3), &stderr); got != exitUsage {
		t.Errorf("urfave's exit 3 became %d, want 2", got)
	}
	if got := exitCode(errors.New("boom"), &stderr); got != exitUsage || !strings.Contains(stderr.String(), "meshlint: boom") {
		t.Errorf("plain error: %d %q", got, stderr.String())
	}
}

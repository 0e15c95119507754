package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/creack/pty"
)

// The progress line redraws in place and is blanked at the end, over
// exactly the columns it took; off, or not on a terminal, it writes
// nothing at all.
func TestProgressLineIsDrawnOnlyOnATerminal(t *testing.T) {
	var out bytes.Buffer
	saved := isTerminal
	t.Cleanup(func() { isTerminal = saved })

	isTerminal = func(io.Writer) bool { return false }
	p := newProgress(&out, true)
	p.phase("reading %s", "x")
	p.update("reading %s", "y")
	p.end()
	if p != nil || p.listed() != nil || out.Len() != 0 {
		t.Fatalf("not a terminal, yet %q", out.String())
	}

	isTerminal = func(io.Writer) bool { return true }
	if newProgress(&out, false) != nil {
		t.Fatal("a progress line although not asked for")
	}
	p = newProgress(&out, true)
	p.phase("reading the cluster")
	p.listed()("Namespace", 1, 27, 12345)
	p.end()
	want := "\rmeshlint: reading the cluster" +
		"\rmeshlint: reading the cluster: listed Namespace (1 of 27 kinds), 12,345 objects" +
		"\r" + strings.Repeat(" ", len("meshlint: reading the cluster: listed Namespace (1 of 27 kinds), 12,345 objects")) + "\r"
	if out.String() != want {
		t.Errorf("drawn %q\nwant  %q", out.String(), want)
	}
}

// ptyRun runs meshlint with standard error (and, when both, standard
// output) on a pseudo-terminal, and returns what each received.
func ptyRun(t *testing.T, both bool, env []string, args ...string) (stdout, term string, code int) {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 40, Cols: 200}); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(append(os.Environ(), "NO_COLOR="), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, tty
	if both {
		cmd.Stdout = tty
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty.Close()
	read := make(chan []byte)
	go func() {
		b, _ := io.ReadAll(ptmx) // ends with EIO once the child has closed its side
		read <- b
	}()
	_ = cmd.Wait()
	return out.String(), string(<-read), cmd.ProcessState.ExitCode()
}

func TestLintShowsProgressOnATerminalOnly(t *testing.T) {
	t.Parallel()
	stdout, term, code := ptyRun(t, false, nil, "lint", findingsStack)
	if code != exitOK || !strings.Contains(stdout, "2 info in 3 objects") || strings.Contains(stdout, "\r") {
		t.Errorf("exit %d, stdout %q", code, stdout)
	}
	for _, want := range []string{"meshlint: reading testdata/findings", "meshlint: read 3 objects; running "} {
		if !strings.Contains(term, want) {
			t.Errorf("terminal lacks %q: %q", want, term)
		}
	}
	if !strings.HasSuffix(term, "\r") || strings.TrimSpace(term[strings.LastIndex(strings.TrimRight(term, "\r"), "\r"):]) != "" {
		t.Errorf("the progress line was not blanked at the end: %q", term)
	}

	// Never with a machine format on standard output, nor with --quiet.
	for _, args := range [][]string{{"--format", "json"}, {"--format", "sarif"}, {"--quiet"}} {
		_, term, _ := ptyRun(t, false, nil, append(append([]string{"lint"}, args...), findingsStack)...)
		if strings.Contains(term, "meshlint:") {
			t.Errorf("%v: progress on the terminal: %q", args, term)
		}
	}
	// Nor when standard error is not a terminal.
	r := meshlint(t, "", "", "lint", findingsStack)
	if r.stderr != "" {
		t.Errorf("stderr not a terminal, yet %q", r.stderr)
	}
}

// --color=auto colors a terminal, unless NO_COLOR is set.
func TestLintColorsATerminal(t *testing.T) {
	t.Parallel()
	_, term, _ := ptyRun(t, true, nil, "lint", findingsStack)
	if !strings.Contains(term, "\x1b[36mINFO") {
		t.Errorf("no color on a terminal: %q", term)
	}
	for _, env := range [][]string{{"NO_COLOR=1"}, nil} {
		args := []string{"lint", findingsStack}
		if env == nil {
			args = []string{"lint", "--color=never", findingsStack}
		}
		_, term, _ := ptyRun(t, true, env, args...)
		if strings.Contains(term, "\x1b[") || !strings.Contains(term, "INFO") {
			t.Errorf("%v %v: colors on the terminal: %q", env, args, term)
		}
	}
}

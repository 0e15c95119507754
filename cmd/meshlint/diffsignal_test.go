package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// Ctrl-C while a revision is being linted (here: a chart whose template
// loops) removes the exports, which deferred calls would not, and exits
// as the signal does.
func TestDiffInterruptedRemovesTheExports(t *testing.T) {
	t.Parallel()
	repo, git := gitRepo(t)
	chart := runawayChart(t, "{{- range until 100000 }}{{- range until 100000 }}{{- end }}{{- end }}\n")
	if err := os.CopyFS(filepath.Join(repo, "runaway"), os.DirFS(filepath.Join(chart, "runaway"))); err != nil {
		t.Fatal(err)
	}
	git("add", "-A")
	git("commit", "-q", "-m", "a chart that does not render")
	tmp := t.TempDir()
	cmd := exec.Command(bin, "diff", "--render-timeout", "1m", "HEAD", "HEAD", "--", "runaway")
	cmd.Dir = repo
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // Ctrl-C reaches the whole group: the render child too
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if left, _ := os.ReadDir(tmp); len(left) == 2 {
			break
		}
		if time.Now().After(deadline) {
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			t.Fatal("the two exports never appeared")
		}
	}
	time.Sleep(500 * time.Millisecond) // rendering now
	if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 128+int(syscall.SIGINT) {
		t.Errorf("exit: %v, want %d", err, 128+int(syscall.SIGINT))
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("%s left in TMPDIR after Ctrl-C", left[0].Name())
	}
}

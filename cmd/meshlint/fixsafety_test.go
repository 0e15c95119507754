package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// mysqlStream is a namespace with injection on and a mysql StatefulSet in
// it (MM02 work), as concatenated JSON values: one line, no separator.
const mysqlStream = `{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"db","labels":{"istio-injection":"enabled"}}}` +
	`{"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"mysql","namespace":"db"},"spec":{"selector":{"matchLabels":{"app":"mysql"}},` +
	`"template":{"metadata":{"labels":{"app":"mysql"}},"spec":{"containers":[{"name":"mysql","image":"mysql:8.0","ports":[{"containerPort":3306}]}]}}}}` + "\n"

// A concatenated JSON stream that lint reads, fix reads too (it failed
// with a raw YAML error): one line, and one value per line.
func TestFixReadsTheJSONStreamsLintReads(t *testing.T) {
	t.Parallel()
	for name, text := range map[string]string{
		"one-line.json": mysqlStream,
		"lines.json":    strings.Replace(mysqlStream, "}}{", "}}\n  {", 1),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			putFile(t, filepath.Join(dir, name), text)
			meshlint(t, dir, "", "lint", name).expect(t, exitOK, "in 2 objects", "")
			meshlint(t, dir, "", "fix", name).expect(t, exitFindings, `"app":"mysql", "sidecar.istio.io/inject": "false"}}`, "MM02 StatefulSet/db/mysql")
			meshlint(t, dir, "", "fix", "--write", name).expect(t, exitOK, "", "1 file rewritten")
			got, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			if want := strings.Replace(text, `"app":"mysql"}},"spec"`, `"app":"mysql", "sidecar.istio.io/inject": "false"}},"spec"`, 1); string(got) != want {
				t.Errorf("written:\n%s", got)
			}
			meshlint(t, dir, "", "fix", name).expect(t, exitOK, "", "nothing to change")
		})
	}
}

// A file another writer appends to while fix --write runs is not
// replaced: the run exits 2 and the file holds every append (9 of 20 were
// lost). The input is big (3 MB of comments after the field report's
// stack) so the run reads, edits and checks it for long enough that a
// writer appending without pause lands appends after the read.
func TestFixWriteRefusesAFileChangedDuringTheRun(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := copyFixture(t, dir, "stack.yaml", hostStack, 0o644)
	pad := strings.Repeat("# padding padding padding padding padding padding padding padding\n", 3<<20/66)
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(pad); err != nil {
		t.Fatal(err)
	}
	base, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(bin, "fix", "--write", "stack.yaml")
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stop, stopped := make(chan struct{}), make(chan struct{})
	var appended strings.Builder
	go func() { // the other writer: appends, a line each 100µs, until meshlint has exited
		defer close(stopped)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Microsecond):
			}
			line := fmt.Sprintf("# appended by another writer %d\n", i)
			if _, err := f.WriteString(line); err != nil {
				t.Error(err)
				return
			}
			appended.WriteString(line)
		}
	}()
	_ = cmd.Wait()
	close(stop)
	<-stopped
	f.Close()

	if code := cmd.ProcessState.ExitCode(); code != exitUsage || !strings.Contains(stderr.String(), "changed while meshlint ran") {
		t.Fatalf("exit %d, want %d naming the change:\n%s", code, exitUsage, stderr.String())
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := string(base) + appended.String(); string(got) != want {
		t.Errorf("the file is not as the other writer left it (%d bytes, want %d; %d appends)",
			len(got), len(want), strings.Count(appended.String(), "\n"))
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
}

package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
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
// writer appending every millisecond lands appends after the read.
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
	go func() { // the other writer: appends a line each millisecond until meshlint has exited
		defer close(stopped)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
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

// A fix --write killed with SIGKILL between creating its temporary file
// and renaming it leaves .stack.yaml.meshlint-* behind (3 of 40 runs): the
// next run removes it and names it. The run is killed the moment its
// temporary file appears (a 3 MB input keeps it there for a while); a
// planted one, as old as a crash of last week, is removed too, and one
// newer than the run (another run's, in the making) is left alone.
func TestFixWriteRemovesTheTempFilesOfKilledRuns(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := copyFixture(t, dir, "stack.yaml", hostStack, 0o644)
	big, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	putFile(t, path, string(big)+strings.Repeat("# padding padding padding padding padding padding padding padding\n", 3<<20/66))
	left := killMidWrite(t, dir)

	planted := filepath.Join(dir, ".stack.yaml.meshlint-1234567")
	putFile(t, planted, "half a file")
	week := time.Now().Add(-7 * 24 * time.Hour)
	if err := os.Chtimes(planted, week, week); err != nil {
		t.Fatal(err)
	}
	newer := filepath.Join(dir, ".stack.yaml.meshlint-7654321")
	putFile(t, newer, "another run's")
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(newer, later, later); err != nil {
		t.Fatal(err)
	}
	r := meshlint(t, dir, "", "fix", "--write", "stack.yaml")
	r.expect(t, exitOK, "", "1 file rewritten")
	for _, gone := range []string{left, planted} {
		if !strings.Contains(r.stderr, "note: removed "+filepath.Base(gone)+", a temporary file left by an interrupted meshlint fix --write") {
			t.Errorf("stderr does not name %s:\n%s", gone, r.stderr)
		}
		if _, err := os.Stat(gone); err == nil {
			t.Errorf("%s is still there", gone)
		}
	}
	if _, err := os.Stat(newer); err != nil {
		t.Errorf("a temporary file newer than the run was removed: %v", err)
	}
}

// killMidWrite starts fix --write in dir and kills it with SIGKILL as soon
// as its temporary file exists; it returns that file's path. A run that
// ends before its file is seen is tried again.
func killMidWrite(t *testing.T, dir string) string {
	t.Helper()
	for try := 0; try < 20; try++ {
		cmd := exec.Command(bin, "fix", "--write", "stack.yaml")
		cmd.Dir = dir
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		tmp := waitForTemp(dir, done)
		if tmp != "" {
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
		}
		<-done
		if _, err := os.Stat(tmp); tmp != "" && err == nil {
			return tmp
		}
	}
	t.Fatal("20 runs of fix --write ended before their temporary file could be seen")
	return ""
}

// waitForTemp polls dir for a .stack.yaml.meshlint-* file until done.
func waitForTemp(dir string, done <-chan struct{}) string {
	for {
		matches, _ := filepath.Glob(filepath.Join(dir, ".stack.yaml.meshlint-*"))
		if len(matches) > 0 {
			return matches[0]
		}
		select {
		case <-done:
			return ""
		default:
		}
	}
}

// As root, fix --write gave the edited file root's ownership and dropped
// its setgid bit: owner, group and every mode bit are kept. A file with a
// second hard link is refused (exit 2), both names left as they were: a
// rename would split them.
func TestFixWriteKeepsOwnerAndModeAndRefusesHardLinks(t *testing.T) {
	t.Parallel()
	if os.Geteuid() != 0 {
		t.Fatal("this test gives files to another owner: run it as root (CI and the dev machine do)")
	}
	dir := t.TempDir()
	path := copyFixture(t, dir, "stack.yaml", hostStack, 0o644)
	if err := os.Chown(path, 4321, 8765); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o640|os.ModeSetgid); err != nil {
		t.Fatal(err)
	}
	meshlint(t, dir, "", "fix", "--write", "stack.yaml").expect(t, exitOK, "", "1 file rewritten")
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	st := info.Sys().(*syscall.Stat_t)
	if st.Uid != 4321 || st.Gid != 8765 || info.Mode() != 0o640|os.ModeSetgid {
		t.Errorf("after --write: uid %d gid %d mode %v, want 4321 8765 %v", st.Uid, st.Gid, info.Mode(), 0o640|os.ModeSetgid)
	}

	linked := copyFixture(t, dir, "linked.yaml", hostStack, 0o644)
	if err := os.Link(linked, filepath.Join(dir, "other-name.yaml")); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(linked)
	r := meshlint(t, dir, "", "fix", "--write", "linked.yaml")
	r.expect(t, exitUsage, "", "the file has 2 hard links")
	for _, name := range []string{linked, filepath.Join(dir, "other-name.yaml")} {
		if now, _ := os.ReadFile(name); string(now) != string(before) {
			t.Errorf("%s changed", name)
		}
	}
	if inode(t, linked) != inode(t, filepath.Join(dir, "other-name.yaml")) {
		t.Error("the hard link was split")
	}
}

// --generate-destination-rules --output FILE, FILE not among the inputs:
// a second run appended the same DestinationRules again; now it finds
// them there and adds nothing.
func TestFixGenerateToAnOutputOutsideTheInputsIsIdempotent(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	copyFixture(t, dir, "stack.yaml", "../../testdata/mutations/MM04/field-report-without-rules/input.yaml", 0o644)
	out := filepath.Join(t.TempDir(), "mtls.yaml")
	for _, args := range [][]string{
		{"fix", "--generate-destination-rules", "--output", out, "stack.yaml"},
		{"fix", "--write", "--generate-destination-rules", "--output", out, "stack.yaml"},
	} {
		meshlint(t, dir, "", args...).expect(t, exitOK, "", "2 DestinationRules written to "+out)
		first, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		for run := 2; run <= 3; run++ {
			meshlint(t, dir, "", args...).expect(t, exitOK, "", "nothing to change")
			if again, _ := os.ReadFile(out); string(again) != string(first) {
				t.Errorf("%v: run %d changed %s:\n%s", args, run, out, again)
			}
		}
		if n := strings.Count(string(first), "kind: DestinationRule"); n != 2 {
			t.Errorf("%s holds %d DestinationRules, want 2", out, n)
		}
		os.Remove(out)
	}
}

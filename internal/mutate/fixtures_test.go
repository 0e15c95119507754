package mutate_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/mutate"
	"github.com/meshlint/meshlint/internal/validate"
	"github.com/meshlint/meshlint/internal/yamledit"
)

var update = flag.Bool("update", false, "rewrite expected.yaml and changes.txt of the mutation fixtures")

// fixture is testdata/mutations/<mutation>/<dir>: input.yaml, the
// expected.yaml the mutation makes of it (for MM04: the objects it
// writes), and changes.txt (mutation, object, line per change).
type fixture struct {
	sentence string
	dir      string
}

var (
	validatorOnce sync.Once
	validator     *validate.Validator
	validatorErr  error
)

func lint(t *testing.T, objs []*manifest.Object) []finding.Finding {
	t.Helper()
	validatorOnce.Do(func() { validator, validatorErr = validate.New(config.Default(), nil) })
	if validatorErr != nil {
		t.Fatal(validatorErr)
	}
	res, err := validator.Lint(objs)
	if err != nil {
		t.Fatal(err)
	}
	return res.Findings
}

func load(t *testing.T, name string, data []byte) ([]*manifest.Object, *mesh.Model) {
	t.Helper()
	res := manifest.LoadBytes(name, data, manifest.Options{})
	if len(res.Errors) > 0 {
		t.Fatalf("%s does not load: %v", name, res.Errors)
	}
	return res.Objects, mesh.Build(res.Objects, validate.Settings(config.Default()))
}

func plan(objs []*manifest.Object, m *mesh.Model, id string) []mutate.Planned {
	var out []mutate.Planned
	for _, p := range mutate.Plan(objs, m, mutate.Options{}) {
		if p.Mutation == id {
			out = append(out, p)
		}
	}
	return out
}

// applyText makes the planned edits to the file text, as `meshlint fix`
// does.
func applyText(t *testing.T, name string, data []byte, planned []mutate.Planned) []byte {
	t.Helper()
	var targets []yamledit.Target
	for _, p := range planned {
		targets = append(targets, yamledit.Target{Object: p.Object, Edits: p.Result.Edits})
	}
	if len(targets) == 0 {
		return data
	}
	out, err := yamledit.Apply(name, data, targets)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func changeLines(changes []mutate.Change) string {
	var b strings.Builder
	for _, c := range changes {
		fmt.Fprintf(&b, "%s %s %d\n", c.Mutation, c.Object, c.Line)
	}
	return b.String()
}

// golden compares got with dir/name, or rewrites it under -update.
func golden(t *testing.T, dir, name string, got []byte) {
	t.Helper()
	path := filepath.Join(dir, name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// errorsOf keys the error findings by rule and object.
func errorsOf(fs []finding.Finding) map[string]bool {
	out := map[string]bool{}
	for _, f := range fs {
		if f.Severity == finding.Error {
			out[f.Rule+" "+refOf(f)] = true
		}
	}
	return out
}

func refOf(f finding.Finding) string { return f.Object.String() }

// noNewErrors: a mutation never brings an error finding that was not there
// (an ISTIO_MUTUAL towards a pod without a sidecar would be ML103).
func noNewErrors(t *testing.T, before, after []finding.Finding) {
	t.Helper()
	was := errorsOf(before)
	var added []string
	for k := range errorsOf(after) {
		if !was[k] {
			added = append(added, k)
		}
	}
	sort.Strings(added)
	if len(added) > 0 {
		t.Errorf("new error findings: %v", added)
	}
}

// noneOn fails when a finding of one of rules is reported on one of objs.
func noneOn(t *testing.T, fs []finding.Finding, objs map[string]bool, rules ...string) {
	t.Helper()
	for _, f := range fs {
		for _, r := range rules {
			if f.Rule == r && objs[refOf(f)] {
				t.Errorf("%s still reported on %s: %s", r, refOf(f), f.Message)
			}
		}
	}
}

func fixtureDir(id, dir string) string {
	return filepath.Join("..", "..", "testdata", "mutations", id, dir)
}

func read(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

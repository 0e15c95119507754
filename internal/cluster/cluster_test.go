package cluster

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/clustertest"
	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/validate"
)

// repoRoot is the repository from this package's directory.
const repoRoot = "../.."

// fieldReport are the field report's broken states (testdata/field-report):
// the three "before" files, and the two traps.
var fieldReport = []string{"before/initial.yaml", "before/strict.yaml", "before/host.yaml", "strict", "host"}

// Each broken state, created in a real API server and read back live,
// gives the findings its files give: same rule, severity, object and
// message (the files add File and Line).
func TestLiveAuditFindsWhatTheFilesShow(t *testing.T) {
	for _, state := range fieldReport {
		t.Run(state, func(t *testing.T) {
			t.Parallel() // an API server each, two at a time on two cores
			ctx := context.Background()
			path := filepath.Join(repoRoot, "testdata", "field-report", state)
			v, conf := validatorFor(t, path)
			_, cfg := clustertest.Start(t)
			clustertest.NewApplier(t, cfg).ApplyFiles(t, path)
			res, err := Load(ctx, Options{Config: cfg})
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range res.Objects {
				if o.File != "" || o.Line != 0 {
					t.Errorf("%s: file %q line %d, want none", o.Ref(), o.File, o.Line)
				}
			}
			fromFiles := clustertest.Load(t, path)
			live, files := lint(t, v, res.Objects), lint(t, v, fromFiles)
			if d := diff(keys(live), keys(files)); d != "" {
				t.Errorf("live and file findings differ:\n%s", d)
			}
			if len(files) == 0 {
				t.Error("the files give no finding: nothing compared")
			}
			// Beyond the findings, what the rules read: the model reads a
			// live object (creationTimestamp, the API server's defaults)
			// as it reads the file.
			liveFacts, fileFacts := facts(t, conf, only(res.Objects, fromFiles)), facts(t, conf, fromFiles)
			for name, want := range fileFacts {
				if got := liveFacts[name]; got != want {
					t.Errorf("facts %s differ:\nlive:  %s\nfiles: %s", name, got, want)
				}
			}
		})
	}
}

func validator(t *testing.T) *validate.Validator {
	t.Helper()
	v, err := validate.New(config.Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// validatorFor lints as the file-mode tests lint path: with the
// .meshlint.yaml beside the files if there is one, else the defaults.
func validatorFor(t *testing.T, path string) (*validate.Validator, *config.Config) {
	t.Helper()
	dir := path
	if fi, err := os.Stat(path); err == nil && !fi.IsDir() {
		dir = filepath.Dir(path)
	}
	cfg := config.Default()
	if _, err := os.Stat(filepath.Join(dir, config.FileName)); err == nil {
		if cfg, err = config.Load(filepath.Join(dir, config.FileName)); err != nil {
			t.Fatal(err)
		}
	}
	v, err := validate.New(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	return v, cfg
}

func lint(t *testing.T, v *validate.Validator, objs []*manifest.Object) []finding.Finding {
	t.Helper()
	out, err := v.Lint(objs)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range out.Problems {
		t.Errorf("input problem: %v", p)
	}
	return out.Findings
}

// key is what live and file findings share.
func key(f finding.Finding) string {
	return fmt.Sprintf("%s %s %s: %s", f.Rule, f.Severity, f.Object, f.Message)
}

func keys(fs []finding.Finding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = key(f)
	}
	slices.Sort(out)
	return out
}

// diff lists what only one side has.
func diff(live, files []string) string {
	var b strings.Builder
	count := map[string]int{}
	for _, k := range live {
		count[k]++
	}
	for _, k := range files {
		count[k]--
	}
	for _, k := range append(slices.Clone(live), files...) {
		switch n := count[k]; {
		case n > 0:
			fmt.Fprintf(&b, "  only live:  %s\n", k)
			count[k]--
		case n < 0:
			fmt.Fprintf(&b, "  only files: %s\n", k)
			count[k]++
		}
	}
	return b.String()
}

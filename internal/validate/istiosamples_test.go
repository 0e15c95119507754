package validate

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/envtestbin"
	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/manifest"
)

// istioModule is the Istio source the model follows (docs/mesh-semantics.md):
// its samples/ are the manifests Istio's own docs tell users to apply.
const istioModule = "istio.io/istio@v0.0.0-20260827124520-eed52ebb66ad"

// Istio's samples are correct stacks (bookinfo, httpbin, curl, helloworld,
// the security and multicluster examples): meshlint must not report an
// error on any of them, each sample directory linted as users apply it and
// all of them at once. Their namespaces are mostly not in the files (users
// label `default` by hand), which is exactly where a linter that guesses
// cries wolf.
func TestIstioSamplesHaveNoErrorFinding(t *testing.T) {
	dir, err := envtestbin.ModuleDir(t.TempDir(), istioModule)
	if err != nil {
		t.Fatal(err)
	}
	samples := filepath.Join(dir, "samples")
	all := sampleFiles(t, samples, "")
	if len(all) < 100 {
		t.Fatalf("found %d sample manifests under %s, want the whole samples tree", len(all), samples)
	}
	t.Run("all samples at once", func(t *testing.T) { noErrors(t, all) })
	entries, err := os.ReadDir(samples)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if files := sampleFiles(t, samples, e.Name()); e.IsDir() && len(files) > 0 {
			t.Run(e.Name(), func(t *testing.T) { noErrors(t, files) })
		}
	}
}

// sampleFiles lists the YAML manifests under samples/sub. Application
// source trees (src/) and Helm templates are not manifests.
func sampleFiles(t *testing.T, samples, sub string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(filepath.Join(samples, sub), func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "src" || d.Name() == "templates") {
			return filepath.SkipDir
		}
		if !d.IsDir() && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

func noErrors(t *testing.T, files []string) {
	t.Helper()
	v, err := New(config.Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	res := manifest.Load(files, manifest.Options{})
	for _, e := range res.Errors {
		t.Errorf("input error: %v", e)
	}
	out, err := v.Lint(res.Objects)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range out.Problems {
		t.Errorf("input error: %v", e)
	}
	for _, f := range out.Findings {
		if f.Severity >= finding.Error {
			t.Errorf("%s:%d %s on %s: %s", f.File, f.Line, f.Rule, f.Object, f.Message)
		}
	}
}

package validate

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/corpus"
	"github.com/meshlint/meshlint/internal/manifest"
)

// BenchmarkLint measures what `meshlint lint DIR` does (load, prepare the
// rules, model, evaluate) on corpora of growing size; ns/object shows that
// the cost grows linearly.
func BenchmarkLint(b *testing.B) {
	for _, n := range []int{10000, 20000, 50000} {
		dir := writeCorpus(b, n)
		b.Run(fmt.Sprintf("objects=%d", n), func(b *testing.B) {
			var objs int
			for b.Loop() {
				objs = lintDir(b, dir)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(objs), "ns/object")
		})
	}
}

func lintDir(b *testing.B, dir string) int {
	res := manifest.Load([]string{dir}, manifest.Options{})
	if len(res.Errors) > 0 {
		b.Fatal(res.Errors[0])
	}
	v, err := New(config.Default(), nil)
	if err != nil {
		b.Fatal(err)
	}
	out, err := v.Lint(res.Objects)
	if err != nil {
		b.Fatal(err)
	}
	if len(out.Findings) == 0 {
		b.Fatal("the corpus has broken copies: findings expected")
	}
	return len(res.Objects)
}

func writeCorpus(b testing.TB, n int) string {
	dir := b.TempDir()
	for name, content := range corpus.Files(n) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

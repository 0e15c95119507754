package topology

import (
	"io"
	"testing"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/corpus"
	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/validate"
)

// BenchmarkHTML10k draws the HTML page of the 10,000-object corpus (the
// scale `meshlint graph --format html` must stay usable at); the model is
// built once, outside the timing.
func BenchmarkHTML10k(b *testing.B) {
	objs, err := corpus.Objects(10000)
	if err != nil {
		b.Fatal(err)
	}
	topo := Build(mesh.Build(objs, validate.Settings(config.Default())))
	b.ReportMetric(float64(len(topo.Hops)), "hops")
	b.ResetTimer()
	for b.Loop() {
		if err := WriteGraph(io.Discard, topo, "html", GraphOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

package istioschema

import (
	"testing"

	"github.com/meshlint/meshlint/internal/corpus"
)

// BenchmarkCheckAll measures CheckAll over the 10,000-object corpus
// (about 4,400 Istio objects, most of them repeated across namespaces),
// schemas already built.
func BenchmarkCheckAll(b *testing.B) {
	objs, err := corpus.Objects(10000)
	if err != nil {
		b.Fatal(err)
	}
	CheckAll(objs)
	for b.Loop() {
		CheckAll(objs)
	}
}

package mesh

import (
	"encoding/json"
	"testing"

	"github.com/meshlint/meshlint/internal/corpus"
	"github.com/meshlint/meshlint/internal/manifest"
)

// TestPrebuiltModelIsTheSequentialOne: the constructors run on every core
// before add registers their results, and the model's facts are those of
// a build that constructs each object in add, in input order (a corpus
// with every breakage, above prebuild's threshold).
func TestPrebuiltModelIsTheSequentialOne(t *testing.T) {
	var objs []*manifest.Object
	for name, text := range corpus.Files(3000) {
		objs = append(objs, manifest.LoadBytes(name, []byte(text), manifest.Options{}).Objects...)
	}
	if len(objs) < 2*prebuildThreshold {
		t.Fatalf("%d objects", len(objs))
	}
	facts := func() string {
		b, err := json.Marshal(Build(objs, Settings{}).Facts())
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	parallel := facts()
	noPrebuild = true
	defer func() { noPrebuild = false }()
	if seq := facts(); seq != parallel {
		t.Errorf("the prebuilt model's facts differ from the sequential one's (%d and %d bytes)", len(parallel), len(seq))
	}
}

package mesh

import (
	"context"
	"encoding/json"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/meshlint/meshlint/internal/corpus"
	"github.com/meshlint/meshlint/internal/manifest"
)

// TestPrebuiltModelIsTheSequentialOne: the constructors run on every core
// before add registers their results, and the model's facts are those of
// a build that constructs each object in add, in input order (a corpus
// with every breakage, above prebuild's threshold).
func TestPrebuiltModelIsTheSequentialOne(t *testing.T) {
	objs := corpusObjects(3000)
	if len(objs) < 2*prebuildThreshold {
		t.Fatalf("%d objects", len(objs))
	}
	facts := func() string {
		b, err := json.Marshal(Build(objs, DefaultSettings()).Facts())
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

// TestCachedBuildsAreFreshBuilds: builds through one cache, of the same
// objects and of a part of them, have the facts of builds without it; the
// stages after add, which set fields on what the constructors made, leave
// the cached constructions as they were for the next build.
func TestCachedBuildsAreFreshBuilds(t *testing.T) {
	objs := corpusObjects(600)
	settings := DefaultSettings()
	facts := func(objs []*manifest.Object, c *Cache) string {
		m, err := BuildCached(context.Background(), objs, settings, c)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(m.Facts())
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	cache := NewCache(1 << 20)
	part := objs[:len(objs)/3]
	var stripped, noConfig []*manifest.Object // no namespace labels, no mTLS policy: other verdicts on the same workloads; no nginx files
	for _, o := range objs {
		if o.Kind != "Namespace" && o.Kind != "PeerAuthentication" {
			stripped = append(stripped, o)
		}
		if o.Kind != "ConfigMap" {
			noConfig = append(noConfig, o)
		}
	}
	hostFlipped := flipHosts(t, objs) // the same objects but for new ConfigMaps whose nginx forwards the client's Host
	for i, in := range [][]*manifest.Object{objs, stripped, objs, part, noConfig, hostFlipped, stripped, objs} {
		if got, want := facts(in, cache), facts(in, nil); got != want {
			t.Errorf("build %d through the cache: facts differ from a fresh build's (%d and %d bytes)", i, len(got), len(want))
		}
	}
	var wg sync.WaitGroup // concurrent builds (the webhook's states before and after a change), for the race detector
	for _, in := range [][]*manifest.Object{objs, stripped} {
		wg.Go(func() { facts(in, cache) })
	}
	wg.Wait()
	if n := cache.Len(); n == 0 || n >= len(objs) {
		t.Errorf("the cache holds %d constructions of %d objects", n, len(objs))
	}
	cache.Rotate()
	if got, want := facts(part, cache), facts(part, nil); got != want {
		t.Error("after a rotation: facts differ")
	}
	settings.ClusterDomain = "corp.example" // short names resolve elsewhere: nothing made in cluster.local serves
	if got, want := facts(objs, cache), facts(objs, nil); got != want {
		t.Error("in another cluster domain: facts differ")
	}
}

// corpusObjects loads a corpus of n objects, its files in name order.
func corpusObjects(n int) []*manifest.Object {
	files := corpus.Files(n)
	var objs []*manifest.Object
	for _, name := range slices.Sorted(maps.Keys(files)) {
		objs = append(objs, manifest.LoadBytes(name, []byte(files[name]), manifest.Options{}).Objects...)
	}
	return objs
}

// flipHosts returns objs with each ConfigMap replaced by a new object
// whose text forwards the client's Host header.
func flipHosts(t *testing.T, objs []*manifest.Object) []*manifest.Object {
	out := slices.Clone(objs)
	flipped := 0
	for i, o := range out {
		if o.Kind != "ConfigMap" {
			continue
		}
		c := *o
		data := map[string]any{}
		for k, v := range mapAt(body(o), "data") {
			text, _ := v.(string)
			if strings.Contains(text, "proxy_set_header Host ") {
				flipped++
			}
			data[k] = regexp.MustCompile(`proxy_set_header Host [^;]+;`).ReplaceAllString(text, "proxy_set_header Host $$host;")
		}
		c.Body = maps.Clone(body(o))
		c.Body["data"] = data
		out[i] = &c
	}
	if flipped == 0 {
		t.Fatal("no nginx Host header to flip")
	}
	return out
}

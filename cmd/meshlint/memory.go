package main

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
)

// A lint run is a short batch: it loads every manifest, holds them while
// the model and the rules work, and exits. Go's default collector (GOGC
// 100 from a 4 MB heap) spends much of such a run in garbage collection
// while the heap grows. So, unless the user set GOGC or GOMEMLIMIT, the
// collector runs rarely while loading, and once the manifests are in
// memory a soft limit of a few times what is live bounds the peak.

// batchGC relaxes the collector for the loading phase.
func batchGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
}

// capHeap sets the soft memory limit after loading: what the runtime
// holds then, once a collection has run and handed the spans it freed
// back to the system (debug.FreeOSMemory: what is held is then the loaded
// manifests and the spans they leave partly empty), plus seven tenths of
// the live heap, and never under 128 MiB. The bodies of the manifests,
// with their labels, annotations and field positions, are released as
// the model is built (those the constructors read, once every object is
// added; the rest before the rules run: validate.Validator.LintReleasing),
// and the nginx configurations once the hops are built, so the model and
// the rules work in the room the manifests leave (50,000 objects: 179 MB
// live after loading, about 210 MB at most while the model is built,
// 110-130 MB while the rules run). The factor is where the collector's
// work is least for the memory: at 50,000 objects, a limit of 0.75 of
// the live heap marks as much in four collections while the rules run as
// 0.7 does and holds 9 MB more, 0.65 takes a fifth collection (a third
// more marking), 0.5 seven (twice as much). The live heap is measured by
// that collection: the last one, under GOGC 400, may have run long before
// loading ended, and a limit below what the model needs makes the
// collector run without end.
func capHeap() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.FreeOSMemory()
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(s)
	limit := int64(128 << 20)
	if s[0].Value.Kind() == metrics.KindUint64 {
		held := int64(s[1].Value.Uint64()) - int64(s[2].Value.Uint64())
		limit = max(limit, held+int64(s[0].Value.Uint64())*7/10)
	}
	debug.SetMemoryLimit(limit)
}

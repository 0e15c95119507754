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

// capHeap sets the soft memory limit from the live heap after loading:
// 3x live, and never under 128 MiB.
func capHeap() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	limit := int64(128 << 20)
	if s[0].Value.Kind() == metrics.KindUint64 {
		limit = max(limit, 3*int64(s[0].Value.Uint64()))
	}
	debug.SetMemoryLimit(limit)
}

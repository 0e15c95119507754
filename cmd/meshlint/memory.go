package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// A lint run is a short batch: it loads every manifest, holds what the
// model reads of them while the model and the rules work, and exits. Go's
// default collector (GOGC 100 from a 4 MB heap) spends much of such a run
// in garbage collection while the heap grows. So, unless the user set
// GOGC or GOMEMLIMIT, the collector runs less often while loading, and
// once the manifests are in memory a soft limit above what is live
// bounds the peak.

// batchGC relaxes the collector for the loading phase. Loading keeps
// little of each batch of documents (mesh.Preparer: the constructions
// of the model, the bodies of the rest), so most of what it allocates is
// garbage soon: GOGC 200 holds the heap at three times what is live, and
// 400 let it reach five (50,000 objects: a 240 MB heap for 66 MB live,
// and the run's peak). It stays so after loading, where the soft limit
// (capHeap), lower than that, decides when the collector runs.
func batchGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
}

// capHeap sets the soft memory limit after loading: what the runtime
// holds then in use, once a collection has run (runtime.GC, which also
// sweeps: what is in use is then what loading kept and the spans it
// leaves partly empty), plus 1.2 times the live heap, and never under
// 64 MiB. The spans that collection freed are not handed
// back to the system (debug.FreeOSMemory did): the model's build reuses
// them at once, and a page handed back costs a page fault when it is
// touched again (at 50,000 objects about 17,000 faults, a fifth of the
// run's, and 5-10% of its CPU on a 2-core VM, for the same peak RSS: the
// limit, not the release, bounds it, and the runtime hands back what
// goes over it). The objects the model
// constructs are constructed as they load, their bodies and field
// positions released at once (mesh.Preparer); the rest are released once
// the model is built (validate.Validator.LintReleasing), and the nginx
// configurations once the hops are built. At 50,000 objects 66 MB are
// live after loading, about 120 MB at most while the model is built, and
// 95-110 MB while the rules run. The rules once allocated about 450 MB
// there, and a factor of 1.5 was the best trade; since they convert and
// evaluate only the items one of them could find something in
// (policy/prefilter.go), they allocate far less, and 1.2 costs little
// more collection. Measured on 2 cores at 50,000 objects, the binaries
// copied as make bench copies them (mean peak RSS, CPU of 4 runs): 1.2
// gives 256 MB and 3.6 s, 1.5 gives 278 MB and 3.6 s (istioctl analyze,
// beside them: 294 MB and 11.6 s). The live heap is measured by that
// collection: the last one may have run long before loading ended, and a
// limit below what the model needs makes the collector run without end.
func capHeap() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	runtime.GC()
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/released:bytes"}, {Name: "/memory/classes/heap/free:bytes"}}
	metrics.Read(s)
	limit := int64(64 << 20)
	if s[0].Value.Kind() == metrics.KindUint64 {
		held := int64(s[1].Value.Uint64()) - int64(s[2].Value.Uint64()) - int64(s[3].Value.Uint64())
		limit = max(limit, held+int64(s[0].Value.Uint64())*6/5)
	}
	debug.SetMemoryLimit(limit)
}

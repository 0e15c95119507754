package admission

// ServingGCPercent is the collector setting the webhook serves the engine
// with (webhook.TuneGC). The informer cache keeps the cluster's state
// live (tens of MB for 10,000 objects) and every request allocates a few
// hundred KB: under Go's default (GOGC 100) the collector marks the whole
// state every ~100 ms and the marks show in the latency tail. Collecting
// less often trades memory (a few times the live heap) for a p99 that
// stays in the low milliseconds. The sized admission benchmarks run with
// it, as served. A GOGC set by the operator wins.
const ServingGCPercent = 300

package webhook

import (
	"errors"
	"fmt"
	buildinfo "github.com/meshlint/meshlint/internal/version"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	ctrl "sigs.k8s.io/controller-runtime"
)

// Decisions, the values of the decision label.
const (
	decisionAllowed    = "allowed"     // allowed, nothing to say or warnings only
	decisionDenied     = "denied"      // new errors under enforce
	decisionMutated    = "mutated"     // allowed with a patch
	decisionError      = "error"       // the engine failed; the request is refused
	decisionNotReady   = "not_ready"   // the cluster state is not loaded yet
	decisionBadRequest = "bad_request" // not a usable AdmissionReview
	decisionUndecoded  = "undecodable" // the object is not a Kubernetes object
	decisionGivenUp    = "given_up"    // not judged in time or within the work budget (--deadline-answer)
)

// Metrics are the webhook's Prometheus metrics, registered on the
// manager's registry (served at --metrics-bind-address /metrics).
type Metrics struct {
	Requests  *prometheus.CounterVec   // webhook, kind, operation, decision
	Duration  *prometheus.HistogramVec // webhook
	Findings  *prometheus.CounterVec   // rule, severity
	Mutations *prometheus.CounterVec   // mutation
	Ignored   *prometheus.CounterVec   // rule (ignored.go)
	// GivenUp counts requests not judged (webhook, reason: read, queue,
	// deadline, budget); Evaluations is how many run now, EvaluationsPeak
	// the most that ever ran at once (at most --max-evaluations).
	GivenUp         *prometheus.CounterVec
	Evaluations     prometheus.Gauge
	EvaluationsPeak prometheus.Gauge
}

// NewMetrics registers the metrics on reg.
func NewMetrics(reg prometheus.Registerer) (*Metrics, error) {
	m := &Metrics{
		Requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "meshlint_admission_requests_total",
			Help: "Admission requests by webhook, object kind, operation and decision.",
		}, []string{"webhook", "kind", "operation", "decision"}),
		// The budget is 5 ms in the handler; the API server gives up at
		// the webhook's timeoutSeconds (5 s).
		Duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "meshlint_admission_duration_seconds",
			Help:    "Time to answer an admission request, from the body read to the response written.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"webhook"}),
		Findings: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "meshlint_findings_total",
			Help: "New findings that admission requests would introduce, by rule and severity.",
		}, []string{"rule", "severity"}),
		Mutations: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "meshlint_mutations_total",
			Help: "Mutations applied by the mutating webhook, by mutation ID.",
		}, []string{"mutation"}),
		Ignored: newIgnoredCounter(),
		GivenUp: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "meshlint_admission_given_up_total",
			Help: "Admission requests answered without a verdict (--deadline-answer), by webhook and reason: read (the body came too slowly), queue (no evaluation slot in time), deadline (the evaluation ran out of time), budget (too much to read).",
		}, []string{"webhook", "reason"}),
		Evaluations: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "meshlint_admission_evaluations_in_flight",
			Help: "Evaluations running now (at most --max-evaluations).",
		}),
		EvaluationsPeak: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "meshlint_admission_evaluations_peak",
			Help: "The most evaluations that ran at once since the webhook started.",
		}),
	}
	for _, c := range []prometheus.Collector{m.Requests, m.Duration, m.Findings, m.Mutations, m.Ignored, m.GivenUp, m.Evaluations, m.EvaluationsPeak} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("register metrics: %w", err)
		}
	}
	return m, nil
}

// registerRuntimeMetrics adds the Go runtime's metrics (go_goroutines:
// every request's goroutines end with it) and the process's (memory),
// unless the registry has them already.
func registerRuntimeMetrics(reg prometheus.Registerer, build buildinfo.Info) {
	register(reg, "runtime", collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}), buildInfo(build))
}

// register adds the collectors to reg; one registered already (a second
// server in the same process) is left as it is.
func register(reg prometheus.Registerer, what string, cs ...prometheus.Collector) {
	for _, c := range cs {
		var dup prometheus.AlreadyRegisteredError
		if err := reg.Register(c); err != nil && !errors.As(err, &dup) {
			ctrl.Log.WithName("metrics").Error(err, "register "+what+" metrics")
		}
	}
}

// buildInfo is meshlint_build_info{version,commit,goversion} 1: which
// meshlint serves, for dashboards and alerts on a mixed rollout.
func buildInfo(b buildinfo.Info) prometheus.Collector {
	g := prometheus.NewGauge(prometheus.GaugeOpts{Name: "meshlint_build_info",
		Help:        "The meshlint build serving: version, commit and Go version as labels, value 1.",
		ConstLabels: prometheus.Labels{"version": b.Version, "commit": b.Commit, "goversion": b.GoVersion}})
	g.Set(1)
	return g
}

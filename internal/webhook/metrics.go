package webhook

import (
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
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
)

// Metrics are the webhook's Prometheus metrics, registered on the
// manager's registry (served at --metrics-bind-address /metrics).
type Metrics struct {
	Requests  *prometheus.CounterVec   // webhook, kind, operation, decision
	Duration  *prometheus.HistogramVec // webhook
	Findings  *prometheus.CounterVec   // rule, severity
	Mutations *prometheus.CounterVec   // mutation
	Ignored   *prometheus.CounterVec   // rule (ignored.go)
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
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
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
	}
	for _, c := range []prometheus.Collector{m.Requests, m.Duration, m.Findings, m.Mutations, m.Ignored} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("register metrics: %w", err)
		}
	}
	return m, nil
}

package webhook

import (
	"context"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	logf "sigs.k8s.io/controller-runtime/pkg/log"
	ctrladm "sigs.k8s.io/controller-runtime/pkg/webhook/admission"
)

// auditIgnored is the audit annotation that lists the rules a
// meshlint.io/ignore annotation waived. The API server prefixes it with
// the webhook's name: validate.meshlint.io/ignored in the audit event
// (k8s.io/apiserver/pkg/admission/plugin/webhook/validating dispatcher.go
// callHook, which joins the webhook name and the key with "/").
const auditIgnored = "ignored"

// newIgnoredCounter is meshlint_ignore_annotations_total: findings a
// meshlint.io/ignore annotation waived at admission, by rule.
func newIgnoredCounter() *prometheus.CounterVec {
	return prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "meshlint_ignore_annotations_total",
		Help: "Admission requests in which a meshlint.io/ignore annotation waived a rule's new findings, by rule.",
	}, []string{"rule"})
}

// recordIgnored records every waiver the webhook's config let an ignore
// annotation make: an audit annotation in the response, the metric and a
// log line. Nothing when the verdict waived nothing.
func (h *Handlers) recordIgnored(ctx context.Context, resp ctrladm.Response, rules []string) ctrladm.Response {
	if len(rules) == 0 {
		return resp
	}
	list := strings.Join(rules, ",")
	if resp.AuditAnnotations == nil {
		resp.AuditAnnotations = map[string]string{}
	}
	resp.AuditAnnotations[auditIgnored] = list
	for _, r := range rules {
		h.Metrics.Ignored.WithLabelValues(r).Inc()
	}
	logf.FromContext(ctx).Info("ignore annotation honoured", "rules", list)
	return resp
}

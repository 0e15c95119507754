package webhook

import (
	"context"
	"fmt"
	"net/http"
	"time"

	logf "sigs.k8s.io/controller-runtime/pkg/log"
	ctrladm "sigs.k8s.io/controller-runtime/pkg/webhook/admission"
)

// The API server waits for a webhook at most its timeoutSeconds (default
// 10 s, at most 30 s: k8s.io/api admissionregistration/v1
// ValidatingWebhook.TimeoutSeconds) and says how long in the URL it
// calls: the REST client it calls with adds ?timeout=<duration>
// (k8s.io/client-go/rest/request.go Request.URL: query.Set("timeout",
// r.timeout.String())). Past that, its answer is the failurePolicy, and
// any work still running here is wasted.
const (
	defaultWebhookTimeout = 10 * time.Second
	maxWebhookTimeout     = 30 * time.Second
)

// DefaultDeadlineMargin is the time kept back from the API server's
// timeout to write the answer and carry it back.
const DefaultDeadlineMargin = 500 * time.Millisecond

// What a request that runs out of time (or over its budget) is answered.
const (
	// DeadlineAnswerFailurePolicy answers HTTP 503 with a Status: the API
	// server treats it as a failed call and applies the webhook's
	// failurePolicy, as if it had timed out, only sooner, with the reason,
	// and without the work going on.
	DeadlineAnswerFailurePolicy = "failure-policy"
	DeadlineAnswerDeny          = "deny"  // refuse the change, saying why
	DeadlineAnswerAllow         = "allow" // admit it with a warning saying it was not checked
)

var deadlineAnswers = []string{DeadlineAnswerFailurePolicy, DeadlineAnswerDeny, DeadlineAnswerAllow}

// budget is the time a request may take here: the API server's timeout
// (the default when the caller gave none or one that does not parse, at
// most the API server's maximum) less the margin, which is at most a
// quarter of it so that even timeoutSeconds 1 leaves time to work.
func budgetOf(r *http.Request, margin time.Duration) (timeout, work time.Duration) {
	timeout = defaultWebhookTimeout
	if d, err := time.ParseDuration(r.URL.Query().Get("timeout")); err == nil && d > 0 {
		timeout = min(d, maxWebhookTimeout)
	}
	return timeout, timeout - min(margin, timeout/4)
}

// Reasons a request was given up on (the reason label of GivenUp).
const (
	reasonRead     = "read"     // its body did not arrive in time
	reasonQueue    = "queue"    // no evaluation slot freed up in time
	reasonDeadline = "deadline" // its evaluation ran out of time
	reasonBudget   = "budget"   // its scope is over the work budget
)

var reasonText = map[string]string{
	reasonQueue:    "the evaluation ran out of time waiting for a free evaluation slot (--max-evaluations)",
	reasonDeadline: "the evaluation ran out of time",
}

// giveUp answers a request meshlint could not judge, as --deadline-answer
// says, and counts it. detail overrides the reason's text.
func (h *Handlers) giveUp(ctx context.Context, webhook, reason, detail string) (ctrladm.Response, string) {
	h.Metrics.GivenUp.WithLabelValues(webhook, reason).Inc()
	msg := detail
	if msg == "" {
		msg = reasonText[reason]
	}
	st := stateOf(ctx)
	msg = fmt.Sprintf("meshlint did not check this change: %s (the API server waits %s; meshlint answers %s before)", msg, st.timeout, st.timeout-st.work)
	logf.FromContext(ctx).Info("gave up", "webhook", webhook, "reason", reason, "answer", h.DeadlineAnswer)
	switch h.DeadlineAnswer {
	case DeadlineAnswerDeny:
		return ctrladm.Denied(msg), decisionGivenUp
	case DeadlineAnswerAllow:
		return ctrladm.Allowed("").WithWarnings(msg), decisionGivenUp
	}
	st.failure = msg // guard's writer answers 503 instead of the review
	return ctrladm.Errored(http.StatusServiceUnavailable, fmt.Errorf("%s", msg)), decisionGivenUp
}

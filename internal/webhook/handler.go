package webhook

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/go-logr/logr"
	logf "sigs.k8s.io/controller-runtime/pkg/log"
	ctrladm "sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	"github.com/meshlint/meshlint/internal/admission"
)

// Engine is the admission engine (admission.Engine): HTTP-free verdicts
// on a request against a snapshot of the cluster.
type Engine interface {
	Validate(ctx context.Context, snap admission.Snapshot, req admission.Request) (admission.Verdict, error)
	Mutate(ctx context.Context, snap admission.Snapshot, req admission.Request) (admission.Mutation, error)
}

// Handlers answer the admission requests: they decode, ask the engine,
// and map its answer onto an admission response. Nothing else.
type Handlers struct {
	Engine  Engine
	State   admission.Snapshot
	Ready   func() bool // the State holds the cluster (Readiness.Ready)
	Metrics *Metrics
	// Mutate turns /mutate on; off, it allows everything unchanged.
	Mutate bool
	// StrictDecoding denies objects that are not Kubernetes objects
	// instead of allowing them with a warning.
	StrictDecoding bool
	// Owners verify the owner reference of an object a workload
	// controller created before it is skipped (owner.go); none: every
	// such object is judged itself.
	Owners Owners
	// Log is the base logger (the manager's); each request logs with its
	// UID (requestID), kind, namespace, name and user.
	Log logr.Logger
	// DeadlineMargin is kept back from the API server's timeout;
	// DeadlineAnswer is what a request not judged in time gets
	// (deadline.go).
	DeadlineMargin time.Duration
	DeadlineAnswer string
	slots          *slots // evaluations at once (limit.go); nil: no bound
}

// answer is one webhook's decision on a screened request.
type answer func(ctx context.Context, req admission.Request) (ctrladm.Response, string)

// serve is the HTTP handler of a route: the HTTP guard around
// controller-runtime's admission webhook around handle.
func (h *Handlers) serve(r route, maxBodyBytes int64) http.Handler {
	base := h.Log
	if base.GetSink() == nil {
		base = logf.Log
	}
	base = base.WithName(r.name)
	return guard(r.name, maxBodyBytes, h.DeadlineMargin, h.Metrics, &ctrladm.Webhook{
		Handler: h.handle(r.name, r.ops, r.answer),
		LogConstructor: func(_ logr.Logger, req *ctrladm.Request) logr.Logger {
			return ctrladm.DefaultLogConstructor(base, req)
		},
	})
}

// handle wraps a webhook's answer with what both webhooks do first:
// operations and kinds not taken are allowed, a request before the cluster
// state is loaded is refused (validate) or let through (mutate), an
// object that is not a Kubernetes object is not judged; and counts it.
func (h *Handlers) handle(webhook string, ops []admission.Operation, fn answer) ctrladm.HandlerFunc {
	return func(ctx context.Context, r ctrladm.Request) ctrladm.Response {
		markSeen(ctx)
		defer func() {
			if p := recover(); p != nil { // counted, then controller-runtime answers 500
				h.Metrics.Requests.WithLabelValues(webhook, r.Kind.Kind, string(r.Operation), decisionError).Inc()
				panic(p)
			}
		}()
		resp, decision := h.screen(ctx, webhook, ops, r, fn)
		h.Metrics.Requests.WithLabelValues(webhook, r.Kind.Kind, string(r.Operation), decision).Inc()
		resp.Warnings = limitWarnings(resp.Warnings)
		logf.FromContext(ctx).V(1).Info("answered", "webhook", webhook, "decision", decision, "allowed", resp.Allowed)
		return resp
	}
}

func (h *Handlers) screen(ctx context.Context, webhook string, ops []admission.Operation, r ctrladm.Request, fn answer) (ctrladm.Response, string) {
	req := toRequest(r)
	switch {
	case r.UID == "":
		return ctrladm.Errored(http.StatusBadRequest, errors.New("the AdmissionReview has no request (request.uid is empty)")), decisionBadRequest
	case !slices.Contains(ops, req.Operation):
		return ctrladm.Allowed(fmt.Sprintf("meshlint %s does not take %s", webhook, req.Operation)), decisionAllowed
	case !known(r.Kind.Group, r.Kind.Kind):
		return ctrladm.Allowed("meshlint does not model " + r.Kind.Kind), decisionAllowed
	case webhook == webhookMutate && !h.Mutate:
		return ctrladm.Allowed("meshlint mutation is off"), decisionAllowed
	}
	hd, err := decodeHead(req)
	switch {
	case errors.Is(err, errMissing):
		return ctrladm.Errored(http.StatusBadRequest, err), decisionBadRequest
	case err != nil:
		return h.undecodable(ctx, webhook, err), decisionUndecoded
	}
	if owner := h.verifiedOwner(ctx, req, hd); owner != "" { // owner.go
		return ctrladm.Allowed("created by " + owner + ", whose template meshlint checks"), decisionAllowed
	}
	if !h.Ready() {
		return h.notReady(webhook), decisionNotReady
	}
	return fn(ctx, req)
}

// unjudged answers an engine error that is not the request's fault nor
// a failure: the deadline passed (waiting for an evaluation slot or
// evaluating) or the scope is over the budget.
func (h *Handlers) unjudged(ctx context.Context, webhook string, err error) (ctrladm.Response, string, bool) {
	switch {
	case errors.Is(err, errQueued):
		resp, decision := h.giveUp(ctx, webhook, reasonQueue, "")
		return resp, decision, true
	case errors.Is(err, admission.ErrDeadline):
		resp, decision := h.giveUp(ctx, webhook, reasonDeadline, "")
		return resp, decision, true
	case errors.Is(err, admission.ErrOverBudget):
		resp, decision := h.giveUp(ctx, webhook, reasonBudget, err.Error())
		return resp, decision, true
	}
	return ctrladm.Response{}, "", false
}

// undecodable: validation warns (or denies under --strict-decoding);
// mutation leaves the object alone and says nothing, so that the client
// sees one warning.
func (h *Handlers) undecodable(ctx context.Context, webhook string, err error) ctrladm.Response {
	logf.FromContext(ctx).Info("object not decodable", "webhook", webhook, "error", err.Error())
	msg := "meshlint could not check the object: " + err.Error()
	switch {
	case webhook == webhookMutate:
		return ctrladm.Allowed(msg)
	case h.StrictDecoding:
		return ctrladm.Denied(msg + " (the webhook runs with --strict-decoding)")
	}
	return ctrladm.Allowed("").WithWarnings(msg)
}

// notReady: before the cluster state is loaded a verdict would be wrong.
// Validation refuses (as failurePolicy Fail would); mutation lets the
// object through unchanged (as failurePolicy Ignore would), validation
// still stands guard. Readiness keeps the Service from routing here
// meanwhile; this covers callers that bypass it.
func (h *Handlers) notReady(webhook string) ctrladm.Response {
	const msg = "meshlint is still loading the cluster state; retry in a few seconds"
	if webhook == webhookMutate {
		return ctrladm.Allowed("not mutated: " + msg)
	}
	return ctrladm.Errored(http.StatusServiceUnavailable, errors.New(msg))
}

// validate answers /validate: new errors deny with the engine's message,
// new warnings come back as admission warnings, the rules of both as
// audit annotations.
func (h *Handlers) validate(ctx context.Context, req admission.Request) (ctrladm.Response, string) {
	v, err := detached(ctx, h.slots, logf.FromContext(ctx), func(ctx context.Context) (admission.Verdict, error) {
		return h.Engine.Validate(ctx, h.State, req)
	})
	if errors.Is(err, admission.ErrBadObject) {
		return h.undecodable(ctx, webhookValidate, err), decisionUndecoded
	}
	if resp, decision, ok := h.unjudged(ctx, webhookValidate, err); ok {
		return resp, decision
	}
	if err != nil {
		logf.FromContext(ctx).Error(err, "validate")
		return ctrladm.Errored(http.StatusInternalServerError, fmt.Errorf("meshlint could not evaluate the change: %w", err)), decisionError
	}
	h.countFindings(v.Findings)
	if !v.Allowed {
		logf.FromContext(ctx).Info("denied", "errors", v.Errors, "dryRun", req.DryRun)
		resp := auditFindings(ctrladm.Denied(v.Message).WithWarnings(v.Warnings...), v.Findings) // audit.go
		return h.recordIgnored(ctx, resp, v.Ignored), decisionDenied
	}
	resp := auditFindings(ctrladm.Allowed(v.Skipped).WithWarnings(v.Warnings...), v.Findings)
	return h.recordIgnored(ctx, resp, v.Ignored), decisionAllowed
}

// mutate answers /mutate with a JSON patch from the object as sent to the
// object as the engine mutated it, and the reason of each change as a
// warning. An engine failure lets the object through unchanged.
func (h *Handlers) mutate(ctx context.Context, req admission.Request) (ctrladm.Response, string) {
	m, err := detached(ctx, h.slots, logf.FromContext(ctx), func(ctx context.Context) (admission.Mutation, error) {
		return h.Engine.Mutate(ctx, h.State, req)
	})
	if errors.Is(err, admission.ErrBadObject) {
		return h.undecodable(ctx, webhookMutate, err), decisionUndecoded
	}
	if resp, decision, ok := h.unjudged(ctx, webhookMutate, err); ok {
		return resp, decision
	}
	if err != nil {
		logf.FromContext(ctx).Error(err, "mutate")
		return ctrladm.Allowed("").WithWarnings("meshlint could not compute its fixes: " + err.Error()), decisionError
	}
	if m.Mutated == nil {
		return ctrladm.Allowed(""), decisionAllowed
	}
	resp := ctrladm.PatchResponseFromRaw(req.Object, m.Mutated)
	if !resp.Allowed {
		logf.FromContext(ctx).Error(errors.New(resp.Result.Message), "patch")
		return ctrladm.Allowed("").WithWarnings("meshlint could not apply its fixes: " + resp.Result.Message), decisionError
	}
	for _, id := range m.Mutators {
		h.Metrics.Mutations.WithLabelValues(id).Inc()
	}
	logf.FromContext(ctx).Info("mutated", "mutations", m.Mutators, "dryRun", req.DryRun)
	return resp.WithWarnings(m.Changes...), decisionMutated
}

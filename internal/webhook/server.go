// Package webhook is meshlint's admission server: a controller-runtime
// manager whose webhook server answers /validate and /mutate with the
// admission engine (internal/admission) over an informer cache of what
// the mesh model reads, and, behind a flag, runs the MM04 generator.
// This file is the composition root: every handler, what it takes, and
// how the parts are wired.
package webhook

import (
	"context"
	"fmt"

	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/healthz"
	"sigs.k8s.io/controller-runtime/pkg/metrics"

	"github.com/meshlint/meshlint/internal/admission"
	"github.com/meshlint/meshlint/internal/validate"
)

// The webhooks, by name (the metrics' webhook label) and path.
const (
	webhookValidate = "validate"
	webhookMutate   = "mutate"
)

// The engine and Store of internal/admission are what the handlers and
// the informers take.
var (
	_ Engine = (*admission.Engine)(nil)
	_ Store  = (*admission.Store)(nil)
)

// route is one webhook: its path, the operations it takes (others are
// allowed untouched; the webhook configurations should not send them) and
// its answer.
type route struct {
	path, name string
	ops        []admission.Operation
	answer     answer
}

// routes lists every handler of the webhook server. A DELETE can break
// traffic (a namespace's PERMISSIVE policy under a mesh-wide STRICT one),
// so /validate takes it; /mutate has nothing to fix on a DELETE.
func routes(h *Handlers) []route {
	return []route{
		{"/validate", webhookValidate, []admission.Operation{admission.Create, admission.Update, admission.Delete}, h.validate},
		{"/mutate", webhookMutate, []admission.Operation{admission.Create, admission.Update}, h.mutate},
	}
}

// Run serves until ctx is cancelled (SIGTERM), then drains: the webhook
// server stops accepting and finishes in-flight requests (http.Server
// Shutdown), within the manager's GracefulShutdownTimeout.
func Run(ctx context.Context, o Options) error {
	if err := o.Check(); err != nil {
		return err
	}
	cfg, err := o.meshlintConfig()
	if err != nil {
		return err
	}
	rest, err := o.restConfig()
	if err != nil {
		return fmt.Errorf("kubernetes config: %w", err)
	}
	engine, err := admission.New(cfg, o.PolicyDirs)
	if err != nil {
		return fmt.Errorf("admission engine: %w", err)
	}
	engine.SetBudget(o.Budget)
	store := admission.NewStore()
	mgr, err := ctrl.NewManager(rest, o.managerOptions())
	if err != nil {
		return fmt.Errorf("manager: %w", err)
	}
	ready, err := mirrorCluster(ctx, mgr.GetCache(), store)
	if err != nil {
		return err
	}
	go ready.watchLater(ctx, mgr.GetCache(), store, ctrl.Log.WithName("meshlint"))
	go keepWarm(ctx, engine, store, ready.Ready, defaultWarmTimes, ctrl.Log.WithName("meshlint")) // warm.go
	m, err := NewMetrics(metrics.Registry)
	if err != nil {
		return fmt.Errorf("metrics: %w", err)
	}
	registerRuntimeMetrics(metrics.Registry, o.Build)
	registerMemoMetrics(metrics.Registry, engine) // memometrics.go
	h := &Handlers{Engine: engine, State: store, Ready: ready.Ready, Metrics: m, Mutate: o.Mutate,
		StrictDecoding: o.StrictDecoding, Owners: Owners{Cache: mgr.GetCache(), API: mgr.GetAPIReader()}, Log: mgr.GetLogger().WithName("admission"),
		DeadlineMargin: o.DeadlineMargin, DeadlineAnswer: o.DeadlineAnswer, slots: newSlots(o.MaxEvaluations, m)}
	for _, r := range routes(h) {
		mgr.GetWebhookServer().Register(r.path, h.serve(r, o.MaxBodyBytes))
	}
	mgr.GetWebhookServer().Register(versionPath, versionHandler(o.Build)) // version.go
	if err := addChecks(mgr, ready); err != nil {
		return err
	}
	if o.GenerateDestinationRules {
		g := &Generator{Client: mgr.GetClient(), Settings: validate.Settings(cfg)}
		if err := g.SetupWithManager(mgr); err != nil {
			return fmt.Errorf("destinationrule generator: %w", err)
		}
	}
	ctrl.Log.WithName("meshlint").Info("starting", "config", cfg.File, "mutate", o.Mutate, "generator", o.GenerateDestinationRules)
	return mgr.Start(ctx)
}

// addChecks: /healthz answers while the process runs; /readyz once the
// Store holds the cluster and the webhook server listens.
func addChecks(mgr ctrl.Manager, ready *Readiness) error {
	if err := mgr.AddHealthzCheck("ping", healthz.Ping); err != nil {
		return err
	}
	if err := mgr.AddReadyzCheck("cluster-state", ready.Check); err != nil {
		return err
	}
	return mgr.AddReadyzCheck("webhook-server", mgr.GetWebhookServer().StartedChecker())
}

package webhook

import (
	"fmt"
	buildinfo "github.com/meshlint/meshlint/internal/version"
	"slices"
	"strings"
	"time"

	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"

	"github.com/meshlint/meshlint/internal/admission"
	"github.com/meshlint/meshlint/internal/config"
)

// Options are the webhook's settings, one per flag of cmd/webhook.
type Options struct {
	Build       buildinfo.Info // which meshlint this is (meshlint_build_info)
	CertDir     string         // tls.crt and tls.key, reloaded when they change
	Port        int            // the webhook server's HTTPS port
	MetricsAddr string         // /metrics ("0" turns it off)
	ProbeAddr   string         // /healthz and /readyz

	ConfigFile string   // .meshlint.yaml; empty: the defaults
	PolicyDirs []string // user Rego policies
	Kubeconfig string   // empty: KUBECONFIG, else in-cluster, else ~/.kube/config

	Mutate                 bool  // /mutate applies MM01-MM03 and MM05 (per-mutation switches in the config)
	StrictDecoding         bool  // deny objects that are not Kubernetes objects
	ForbidIgnoreAnnotation bool  // meshlint.io/ignore has no effect (overrides allowIgnoreAnnotation)
	MaxBodyBytes           int64 // the largest AdmissionReview read

	// What one request may cost (deadline.go, limit.go).
	DeadlineMargin time.Duration    // answer this long before the API server's timeout
	DeadlineAnswer string           // DeadlineAnswer* values: what a request that runs out of time gets
	MaxEvaluations int              // evaluations run at once; more wait for a slot within their deadline
	MaxConnections int              // open connections to the webhook server; more wait to be accepted
	Budget         admission.Budget // objects and ConfigMap bytes one change may make the engine read

	GenerateDestinationRules bool   // run the MM04 generator
	LeaderElect              bool   // elect one generator among the replicas
	LeaderElectionNamespace  string // where the Lease lives; empty: the pod's namespace

	ShutdownTimeout time.Duration // the drain on SIGTERM
}

// DefaultOptions are the flags' defaults.
func DefaultOptions() Options {
	return Options{Port: 9443, MetricsAddr: ":8080", ProbeAddr: ":8081", Mutate: true,
		MaxBodyBytes: DefaultMaxBodyBytes, ShutdownTimeout: DefaultShutdownTimeout,
		DeadlineMargin: DefaultDeadlineMargin, DeadlineAnswer: DeadlineAnswerFailurePolicy,
		MaxEvaluations: DefaultMaxEvaluations(), MaxConnections: DefaultMaxConnections,
		Budget: admission.DefaultBudget}
}

func (o Options) meshlintConfig() (*config.Config, error) {
	cfg := config.Default()
	if o.ConfigFile != "" {
		var err error
		if cfg, err = config.Load(o.ConfigFile); err != nil {
			return nil, err
		}
	}
	if o.ForbidIgnoreAnnotation {
		cfg.AllowIgnoreAnnotation = false
	}
	return cfg, nil
}

// Check reports flag values that cannot work.
func (o Options) Check() error {
	switch {
	case o.MaxBodyBytes <= 0:
		return fmt.Errorf("--max-body-bytes must be positive, not %d", o.MaxBodyBytes)
	case o.Port < 1 || o.Port > 65535:
		return fmt.Errorf("--port %d is not a port", o.Port)
	case o.ShutdownTimeout <= 0:
		return fmt.Errorf("--shutdown-timeout must be positive, not %s", o.ShutdownTimeout)
	}
	return o.checkLimits()
}

// checkLimits reports limits that cannot work.
func (o Options) checkLimits() error {
	switch {
	case o.DeadlineMargin < 0 || o.DeadlineMargin >= maxWebhookTimeout:
		return fmt.Errorf("--deadline-margin must be at least 0 and under %s, not %s", maxWebhookTimeout, o.DeadlineMargin)
	case !slices.Contains(deadlineAnswers, o.DeadlineAnswer):
		return fmt.Errorf("--deadline-answer %q: want one of %s", o.DeadlineAnswer, strings.Join(deadlineAnswers, ", "))
	case o.MaxEvaluations < 1:
		return fmt.Errorf("--max-evaluations must be at least 1, not %d", o.MaxEvaluations)
	case o.MaxConnections < 1:
		return fmt.Errorf("--max-connections must be at least 1, not %d", o.MaxConnections)
	case o.Budget.MaxObjects < 0 || o.Budget.MaxTextBytes < 0:
		return fmt.Errorf("--max-scope-objects and --max-scope-configmap-bytes must be at least 0 (0: no bound), not %d and %d", o.Budget.MaxObjects, o.Budget.MaxTextBytes)
	}
	return nil
}

// managerOptions: the cache bounded by transform, the webhook server on
// --cert-dir (controller-runtime's certwatcher reloads rotated
// certificates), the metrics and probe servers, and the generator's
// leader election.
func (o Options) managerOptions() ctrl.Options {
	return ctrl.Options{
		Scheme:                        clientgoscheme.Scheme,
		Cache:                         cache.Options{DefaultTransform: transform},
		Metrics:                       metricsserver.Options{BindAddress: o.MetricsAddr},
		HealthProbeBindAddress:        o.ProbeAddr,
		WebhookServer:                 NewServer(ServerOptions{Port: o.Port, CertDir: o.CertDir, MaxConnections: o.MaxConnections, ShutdownTimeout: o.ShutdownTimeout}),
		LeaderElection:                o.LeaderElect,
		LeaderElectionID:              "meshlint-destinationrule-generator",
		LeaderElectionNamespace:       o.LeaderElectionNamespace,
		LeaderElectionReleaseOnCancel: true,
		GracefulShutdownTimeout:       &o.ShutdownTimeout,
	}
}

// DefaultShutdownTimeout bounds the drain on SIGTERM; the API server gives
// up on a webhook call after at most 30 s.
const DefaultShutdownTimeout = 30 * time.Second

// restConfig: --kubeconfig, else controller-runtime's order (KUBECONFIG,
// in-cluster, ~/.kube/config).
func (o Options) restConfig() (*rest.Config, error) {
	if o.Kubeconfig == "" {
		return ctrl.GetConfig()
	}
	return clientcmd.BuildConfigFromFlags("", o.Kubeconfig)
}

// Command webhook is meshlint's admission webhook server: /validate and
// /mutate over an informer cache of the cluster, /healthz and /readyz,
// Prometheus metrics, and optionally the MM04 DestinationRule generator.
// Flags are documented in README.md beside this file; they are stable.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"

	buildinfo "github.com/meshlint/meshlint/internal/version"
	"github.com/meshlint/meshlint/internal/webhook"
)

// Set at build time: go build -ldflags "-X main.version=v1.2.3 -X main.commit=abc123";
// left unset, the build info says (internal/version).
var (
	version = buildinfo.UnstampedVersion
	commit  = buildinfo.UnstampedCommit
)

// errVersion: --version was asked for and printed.
var errVersion = errors.New("version printed")

func main() {
	opts, logOpts, err := parseFlags(os.Args[1:])
	if errors.Is(err, errVersion) {
		fmt.Println("webhook " + opts.Build.String())
		return
	}
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "webhook:", err)
		os.Exit(2)
	}
	ctrl.SetLogger(zap.New(zap.UseFlagOptions(logOpts)))
	webhook.TuneGC()
	if err := run(ctrl.SetupSignalHandler(), opts); err != nil {
		ctrl.Log.Error(err, "webhook stopped")
		os.Exit(1)
	}
}

// run serves until ctx is cancelled (SIGTERM or SIGINT), then drains.
func run(ctx context.Context, opts webhook.Options) error {
	return webhook.Run(ctx, opts)
}

func parseFlags(args []string) (webhook.Options, *zap.Options, error) {
	o := webhook.DefaultOptions()
	o.Build = buildinfo.Resolve(version, commit)
	fs := flag.NewFlagSet("webhook", flag.ContinueOnError)
	showVersion := fs.Bool("version", false, "print the version and exit")
	fs.StringVar(&o.CertDir, "cert-dir", o.CertDir, "directory of tls.crt and tls.key, reloaded when they change (default: controller-runtime's, $TMPDIR/k8s-webhook-server/serving-certs)")
	fs.IntVar(&o.Port, "port", o.Port, "HTTPS port of /validate and /mutate")
	fs.StringVar(&o.MetricsAddr, "metrics-bind-address", o.MetricsAddr, `address of /metrics ("0" turns it off)`)
	fs.StringVar(&o.ProbeAddr, "health-probe-bind-address", o.ProbeAddr, "address of /healthz and /readyz")
	fs.StringVar(&o.ConfigFile, "config", "", "the .meshlint.yaml to use (default: the built-in defaults)")
	fs.Func("policy", "directory of user Rego policies (repeatable)", func(s string) error {
		o.PolicyDirs = append(o.PolicyDirs, s)
		return nil
	})
	fs.StringVar(&o.Kubeconfig, "kubeconfig", "", "kubeconfig file (default: $KUBECONFIG, else in-cluster, else ~/.kube/config)")
	fs.BoolVar(&o.Mutate, "mutate", true, "apply MM01-MM03 and MM05 at /mutate (each can be turned off in the config's webhook.mutate)")
	noMutate := fs.Bool("no-mutate", false, "same as --mutate=false")
	fs.BoolVar(&o.StrictDecoding, "strict-decoding", false, "deny objects that are not Kubernetes objects instead of allowing them with a warning")
	fs.BoolVar(&o.ForbidIgnoreAnnotation, "forbid-ignore-annotation", false, "give the meshlint.io/ignore annotation no effect, whatever the config says")
	fs.Int64Var(&o.MaxBodyBytes, "max-body-bytes", o.MaxBodyBytes, "largest AdmissionReview accepted, in bytes")
	fs.BoolVar(&o.GenerateDestinationRules, "generate-destination-rules", false, "run the MM04 generator: keep managed ISTIO_MUTUAL DestinationRules (needs create/update/delete on destinationrules)")
	fs.BoolVar(&o.LeaderElect, "leader-elect", false, "elect one generator among the replicas (a Lease named meshlint-destinationrule-generator)")
	fs.StringVar(&o.LeaderElectionNamespace, "leader-election-namespace", "", "namespace of the Lease (default: the pod's)")
	fs.DurationVar(&o.ShutdownTimeout, "shutdown-timeout", o.ShutdownTimeout, "how long in-flight requests may take to finish on SIGTERM")
	fs.DurationVar(&o.DeadlineMargin, "deadline-margin", o.DeadlineMargin, "answer this long before the API server's timeout (at most a quarter of it)")
	fs.StringVar(&o.DeadlineAnswer, "deadline-answer", o.DeadlineAnswer, "answer to a request not judged in time or within the budget: failure-policy (HTTP 503: the API server applies the webhook's failurePolicy), deny or allow")
	fs.IntVar(&o.MaxEvaluations, "max-evaluations", o.MaxEvaluations, "evaluations run at once (default 2 x GOMAXPROCS); more wait for a slot within their deadline")
	fs.IntVar(&o.MaxConnections, "max-connections", o.MaxConnections, "open connections to the webhook port; more wait to be accepted")
	fs.IntVar(&o.Budget.MaxObjects, "max-scope-objects", o.Budget.MaxObjects, "objects one change may make meshlint model (0: no bound)")
	fs.Int64Var(&o.Budget.MaxTextBytes, "max-scope-configmap-bytes", o.Budget.MaxTextBytes, "bytes of ConfigMap data one change may make meshlint parse (0: no bound)")
	logOpts := &zap.Options{}
	logOpts.BindFlags(fs) // --zap-log-level, --zap-encoder, --zap-devel, ...
	if err := fs.Parse(args); err != nil {
		return o, nil, err
	}
	if *showVersion {
		return o, nil, errVersion
	}
	if fs.NArg() > 0 {
		return o, nil, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if *noMutate {
		if set(fs, "mutate") && o.Mutate {
			return o, nil, errors.New("--mutate and --no-mutate contradict each other")
		}
		o.Mutate = false
	}
	return o, logOpts, o.Check()
}

// set reports whether the flag was given.
func set(fs *flag.FlagSet, name string) bool {
	found := false
	fs.Visit(func(f *flag.Flag) { found = found || f.Name == name })
	return found
}

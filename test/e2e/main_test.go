// Package e2e is the end-to-end suite of the admission webhook: the
// webhook binary, run as users run it, registered with a real kube-apiserver
// and etcd (envtest, built from Go modules by hack/envtest-bins.sh) that
// serve the real Istio CRDs; the field report's objects go through the API
// server with a controller-runtime client. Tests run one after another:
// they share the cluster, each in namespaces of its own.
package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-logr/logr"
	"github.com/meshlint/meshlint/internal/envtestbin"
	"github.com/meshlint/meshlint/internal/parts"
	admissionv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	ctrllog "sigs.k8s.io/controller-runtime/pkg/log"
)

// cluster is what every test shares.
var cluster struct {
	env        *envtest.Environment
	cfg        *rest.Config
	kubeconfig string // the envtest admin's kubeconfig, as a file
	dir        string // kubeconfig, webhook binary, logs
	bin        string // the webhook binary
	config     string // the .meshlint.yaml the webhook runs with
	certDir    string // envtest's serving certificate (tls.crt, tls.key)
	caData     []byte // its CA
	port       int    // the port the webhook configurations call
	hook       *webhookProcess
	mutating   *admissionv1.MutatingWebhookConfiguration
	validating *admissionv1.ValidatingWebhookConfiguration
	auditLog   string // the API server's audit log (audit_test.go)
}

func TestMain(m *testing.M) {
	ctrllog.SetLogger(logr.Discard()) // envtest logs through controller-runtime
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if parts.SkipMain(envtestbin.Part) {
		return 0
	}
	err := setUp()
	if err == nil {
		code := m.Run()
		if err := tearDown(); err != nil {
			fmt.Fprintln(os.Stderr, "e2e teardown:", err)
			code = 1
		}
		return code
	}
	fmt.Fprintln(os.Stderr, "e2e setup:", err)
	if err := tearDown(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e teardown:", err)
	}
	return 1
}

// setUp builds the webhook while envtest starts, registers both webhook
// configurations, starts the webhook and creates the shared objects.
func setUp() error {
	assets, err := envtestAssets()
	if err != nil {
		return err
	}
	crds, err := crdPaths()
	if err != nil {
		return err
	}
	if cluster.dir, err = os.MkdirTemp("", "meshlint-e2e-"); err != nil {
		return err
	}
	built := make(chan error, 1)
	go func() {
		var err error
		cluster.bin, err = buildWebhook(cluster.dir)
		built <- err
	}()
	if err := startAPIServer(assets, crds); err != nil {
		<-built
		return err
	}
	if err := <-built; err != nil {
		return err
	}
	if cluster.config, err = filepath.Abs(filepath.Join("testdata", "meshlint.yaml")); err != nil {
		return err
	}
	cluster.hook, err = startWebhook(cluster.bin, cluster.dir, processOptions{
		kubeconfig: cluster.kubeconfig, certDir: cluster.certDir, port: cluster.port, config: cluster.config,
	})
	if err != nil {
		return err
	}
	if err := cluster.hook.waitFor("/readyz", 200, 90*time.Second); err != nil {
		return err
	}
	return createShared(context.Background())
}

// startAPIServer starts etcd and kube-apiserver, installs the Istio and Gateway API CRDs
// and registers both webhook configurations at a loopback port the webhook
// will listen on, with envtest's serving certificate.
func startAPIServer(assets string, crds []string) error {
	cluster.port = freePort()
	mut, val := webhookConfigurations("127.0.0.1", cluster.port)
	cluster.mutating, cluster.validating = mut, val
	cluster.env = &envtest.Environment{
		BinaryAssetsDirectory:    assets,
		CRDDirectoryPaths:        crds,
		ErrorIfCRDPathMissing:    true,
		ControlPlaneStartTimeout: 2 * time.Minute,
		WebhookInstallOptions: envtest.WebhookInstallOptions{
			LocalServingHost:   "127.0.0.1",
			LocalServingPort:   cluster.port,
			MutatingWebhooks:   []*admissionv1.MutatingWebhookConfiguration{mut},
			ValidatingWebhooks: []*admissionv1.ValidatingWebhookConfiguration{val},
		},
	}
	var err error
	if cluster.auditLog, err = enableAudit(cluster.env, cluster.dir); err != nil {
		return err
	}
	cfg, err := cluster.env.Start()
	if err != nil {
		return fmt.Errorf("start kube-apiserver and etcd from %s: %w", assets, err)
	}
	cluster.cfg = cfg
	cluster.certDir = cluster.env.WebhookInstallOptions.LocalServingCertDir
	cluster.caData = cluster.env.WebhookInstallOptions.LocalServingCAData
	cluster.kubeconfig = filepath.Join(cluster.dir, "kubeconfig")
	return os.WriteFile(cluster.kubeconfig, cluster.env.KubeConfig, 0o600)
}

// createShared creates the objects every test reads (through the webhook:
// they must be allowed): the platform, and the probe namespace that tells
// when a change of the webhook configurations has reached the API server.
func createShared(ctx context.Context) error {
	t := &setupT{}
	var err error
	func() {
		defer t.recover()
		c := newClient(t)
		for _, o := range platform(t) {
			if v := c.create(ctx, t, o, false); !v.allowed {
				t.Fatalf("create %s: %s", o.Ref(), v.err)
			}
		}
		applyAll(ctx, t, c, loadStack(t, probeNamespace, finalStack))
	}()
	if t.failed {
		err = fmt.Errorf("create the shared objects: %s", t.msg)
	}
	return err
}

// tearDown stops the webhook (it must exit 0 on SIGTERM) and the API
// server, and removes the work directory.
func tearDown() error {
	var errs []error
	if cluster.hook != nil {
		if err := cluster.hook.stop(30 * time.Second); err != nil {
			errs = append(errs, err)
		}
	}
	if cluster.env != nil {
		if err := cluster.env.Stop(); err != nil {
			errs = append(errs, fmt.Errorf("stop envtest: %w", err))
		}
	}
	if len(errs) == 0 && cluster.dir != "" {
		os.RemoveAll(cluster.dir)
	} else if cluster.dir != "" {
		errs = append(errs, fmt.Errorf("logs kept in %s", cluster.dir))
	}
	if len(errs) > 0 {
		return fmt.Errorf("%v", errs)
	}
	return nil
}

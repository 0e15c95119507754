package chart

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	cmv1 "github.com/cert-manager/cert-manager/pkg/apis/certmanager/v1"
	controllerpkg "github.com/cert-manager/cert-manager/pkg/controller"
	"github.com/cert-manager/cert-manager/pkg/controller/cainjector"
	"github.com/cert-manager/cert-manager/pkg/controller/certificaterequests/approver"
	crca "github.com/cert-manager/cert-manager/pkg/controller/certificaterequests/ca"
	crselfsigned "github.com/cert-manager/cert-manager/pkg/controller/certificaterequests/selfsigned"
	"github.com/cert-manager/cert-manager/pkg/controller/certificates/issuing"
	"github.com/cert-manager/cert-manager/pkg/controller/certificates/keymanager"
	"github.com/cert-manager/cert-manager/pkg/controller/certificates/readiness"
	"github.com/cert-manager/cert-manager/pkg/controller/certificates/requestmanager"
	"github.com/cert-manager/cert-manager/pkg/controller/certificates/revisionmanager"
	"github.com/cert-manager/cert-manager/pkg/controller/certificates/trigger"
	"github.com/cert-manager/cert-manager/pkg/controller/issuers"
	_ "github.com/cert-manager/cert-manager/pkg/issuer/ca"         // registers the CA Issuer type
	_ "github.com/cert-manager/cert-manager/pkg/issuer/selfsigned" // registers the selfSigned Issuer type
	"github.com/go-logr/logr"
	admissionregv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	ctrllog "sigs.k8s.io/controller-runtime/pkg/log"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"
	"sigs.k8s.io/yaml"
)

// cainjectorVersion is the cert-manager release the test runs, for the
// cainjector's user agent.
const cainjectorVersion = "v1.21.2"

// TestCertManagersOwnControllersIssueTheChartsCertificate installs the
// chart's default release into envtest and lets cert-manager's own
// controllers (from the github.com/cert-manager/cert-manager module, wired
// here as its controller binary wires them) issue the Certificates and
// inject the CA bundle into both webhook configurations.
func TestCertManagersOwnControllersIssueTheChartsCertificate(t *testing.T) {
	ctrllog.SetLogger(logr.Discard())
	assets := apiserverAssets(t)
	crds := []string{
		filepath.Join(moduleDir(t, istioAPIModule), istioCRDFile),
		filepath.Join(moduleDir(t, certManagerModule), certManagerCRDDir),
	}
	env := &envtest.Environment{
		BinaryAssetsDirectory:    assets,
		CRDDirectoryPaths:        crds,
		ErrorIfCRDPathMissing:    true,
		ControlPlaneStartTimeout: 2 * time.Minute,
	}
	cfg, err := env.Start()
	if err != nil {
		t.Fatalf("start kube-apiserver and etcd: %v", err)
	}
	t.Cleanup(func() { _ = env.Stop() })
	kubeconfig := filepath.Join(t.TempDir(), "kubeconfig")
	if err := os.WriteFile(kubeconfig, env.KubeConfig, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()

	// cert-manager's controller: the certificates controllers, the issuers
	// controller, the approver and the selfSigned and CA signers.
	factory, err := controllerpkg.NewContextFactory(ctx, controllerpkg.ContextOptions{
		Kubeconfig:    kubeconfig,
		IssuerOptions: controllerpkg.IssuerOptions{ClusterResourceNamespace: "kube-system"},
		CertificateOptions: controllerpkg.CertificateOptions{
			CertificateRequestMinimumBackoffDuration: time.Second,
			CertificateRequestMaximumBackoffDuration: 5 * time.Second,
		},
	})
	if err != nil {
		t.Fatalf("cert-manager context: %v", err)
	}
	names := []string{
		issuers.ControllerName, approver.ControllerName, crselfsigned.CRControllerName, crca.CRControllerName,
		trigger.ControllerName, keymanager.ControllerName, requestmanager.ControllerName,
		issuing.ControllerName, readiness.ControllerName, revisionmanager.ControllerName,
	}
	var run []controllerpkg.Interface
	for _, n := range names {
		newCtrl, ok := controllerpkg.Known()[n]
		if !ok {
			t.Fatalf("cert-manager controller %q is not registered", n)
		}
		c, err := newCtrl(factory)
		if err != nil {
			t.Fatalf("construct %s: %v", n, err)
		}
		run = append(run, c)
	}
	base, err := factory.Build()
	if err != nil {
		t.Fatal(err)
	}
	base.KubeSharedInformerFactory.Start(ctx.Done())
	base.SharedInformerFactory.Start(ctx.Done())
	for _, c := range run {
		go func() { _ = c.Run(1, ctx) }()
	}

	// cert-manager's cainjector, on a controller-runtime manager.
	scheme := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{clientgoscheme.AddToScheme, cmv1.AddToScheme} {
		if err := add(scheme); err != nil {
			t.Fatal(err)
		}
	}
	// cainjector's field manager is the prefix of the manager's user agent:
	// as cert-manager's cainjector binary sets it.
	mgrCfg := rest.CopyConfig(cfg)
	mgrCfg.UserAgent = "cert-manager-cainjector/" + cainjectorVersion
	mgr, err := ctrl.NewManager(mgrCfg, ctrl.Options{Scheme: scheme, Metrics: metricsserver.Options{BindAddress: "0"}})
	if err != nil {
		t.Fatalf("cainjector manager: %v", err)
	}
	if err := cainjector.RegisterAllInjectors(ctx, mgr, cainjector.SetupOptions{
		EnableCertificatesDataSource: true,
		EnabledReconcilersFor: map[string]bool{
			cainjector.MutatingWebhookConfigurationName:   true,
			cainjector.ValidatingWebhookConfigurationName: true,
		},
	}); err != nil {
		t.Fatalf("cainjector: %v", err)
	}
	go func() {
		if err := mgr.Start(ctx); err != nil {
			fmt.Fprintf(os.Stderr, "cainjector manager: %v\n", err)
		}
	}()

	// Install the release.
	c, err := client.New(cfg, client.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := mustRender(t, "generator: {enabled: true}")
	if err := c.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: releaseNS}}); err != nil {
		t.Fatal(err)
	}
	for _, key := range applyOrder(r) {
		u := &unstructured.Unstructured{}
		if err := yaml.Unmarshal(r[key].YAML, &u.Object); err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		if err := c.Create(ctx, u, client.FieldValidation("Strict")); err != nil {
			t.Fatalf("create %s: %v", key, err)
		}
	}
	caCert, serving := r.certificates(t)
	svcDNS := checkCertificateAgrees(t, r, caCert, serving)

	// Wait for the serving Secret and both injected caBundles.
	var secret corev1.Secret
	var mwc admissionregv1.MutatingWebhookConfiguration
	var vwc admissionregv1.ValidatingWebhookConfiguration
	deadline := time.Now().Add(90 * time.Second)
	for {
		_ = c.Get(ctx, types.NamespacedName{Namespace: releaseNS, Name: serving.Spec.SecretName}, &secret)
		_ = c.Get(ctx, types.NamespacedName{Name: r.one(t, "MutatingWebhookConfiguration", nil).Name}, &mwc)
		_ = c.Get(ctx, types.NamespacedName{Name: r.one(t, "ValidatingWebhookConfiguration", nil).Name}, &vwc)
		if len(secret.Data[corev1.TLSCertKey]) > 0 && len(mwc.Webhooks) > 0 && len(mwc.Webhooks[0].ClientConfig.CABundle) > 0 &&
			len(vwc.Webhooks) > 0 && len(vwc.Webhooks[0].ClientConfig.CABundle) > 0 {
			break
		}
		if time.Now().After(deadline) {
			var certs unstructured.UnstructuredList
			certs.SetAPIVersion("cert-manager.io/v1")
			certs.SetKind("CertificateList")
			_ = c.List(ctx, &certs, client.InNamespace(releaseNS))
			out, _ := yaml.Marshal(certs.UnstructuredContent())
			for _, kind := range []string{"CertificateRequestList", "IssuerList"} {
				var l unstructured.UnstructuredList
				l.SetAPIVersion("cert-manager.io/v1")
				l.SetKind(kind)
				_ = c.List(ctx, &l, client.InNamespace(releaseNS))
				for _, it := range l.Items {
					st, _ := yaml.Marshal(map[string]any{"name": it.GetName(), "annotations": it.GetAnnotations(), "status": it.Object["status"]})
					out = append(out, []byte("--- "+kind+"\n")...)
					out = append(out, st...)
				}
			}
			var secs corev1.SecretList
			_ = c.List(ctx, &secs, client.InNamespace(releaseNS))
			for _, s := range secs.Items {
				out = append(out, []byte(fmt.Sprintf("--- Secret %s annotations=%v keys=%d tls.crt=%d\n", s.Name, s.Annotations, len(s.Data), len(s.Data[corev1.TLSCertKey])))...)
			}
			for _, w := range mwc.Webhooks {
				out = append(out, []byte(fmt.Sprintf("--- MWC %s annotations=%v webhook %s caBundle=%d\n", mwc.Name, mwc.Annotations, w.Name, len(w.ClientConfig.CABundle)))...)
			}
			for _, w := range vwc.Webhooks {
				out = append(out, []byte(fmt.Sprintf("--- VWC %s annotations=%v webhook %s caBundle=%d\n", vwc.Name, vwc.Annotations, w.Name, len(w.ClientConfig.CABundle)))...)
			}
			t.Fatalf("cert-manager did not issue %s and inject its CA within 90s; Certificates:\n%s", serving.Spec.SecretName, out)
		}
		time.Sleep(500 * time.Millisecond)
	}

	// The issued leaf verifies, for the Service's DNS name, against each
	// injected caBundle, and the CA is the chart's self-signed CA.
	block, _ := pem.Decode(secret.Data[corev1.TLSCertKey])
	if block == nil {
		t.Fatal("the serving Secret's tls.crt holds no PEM")
	}
	leaf, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	for kind, bundle := range map[string][]byte{"Mutating": mwc.Webhooks[0].ClientConfig.CABundle, "Validating": vwc.Webhooks[0].ClientConfig.CABundle} {
		roots := x509.NewCertPool()
		if !roots.AppendCertsFromPEM(bundle) {
			t.Fatalf("%sWebhookConfiguration caBundle holds no certificate", kind)
		}
		if _, err := leaf.Verify(x509.VerifyOptions{Roots: roots, DNSName: svcDNS}); err != nil {
			t.Errorf("the issued certificate does not verify for %s against the %sWebhookConfiguration caBundle: %v", svcDNS, kind, err)
		}
	}
	if len(leaf.Issuer.CommonName) == 0 || leaf.Issuer.CommonName != caCert.Spec.CommonName {
		t.Errorf("the serving certificate's issuer CN %q, want the CA Certificate's %q", leaf.Issuer.CommonName, caCert.Spec.CommonName)
	}
	if t.Failed() {
		t.FailNow()
	}

	// The webhook binary serves the Secret cert-manager issued, to a client
	// that trusts only the caBundle the CA injector set.
	work := t.TempDir()
	bin := filepath.Join(work, "webhook")
	build := exec.Command("go", "build", "-o", bin, "./cmd/webhook")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/webhook: %v\n%s", err, out)
	}
	proveServing(ctx, t, c, r, releaseNS, serving.Spec.SecretName, kubeconfig, work, bin, svcDNS)
}

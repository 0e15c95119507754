package chart

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/meshlint/meshlint/internal/clustertest"
	"github.com/meshlint/meshlint/internal/envtestbin"

	"github.com/go-logr/logr"
	admissionv1 "k8s.io/api/admission/v1"
	admissionregv1 "k8s.io/api/admissionregistration/v1"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	ctrllog "sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/yaml"
)

// The real parts this test runs against: the kube-apiserver and etcd that
// hack/envtest-bins.sh builds, the Istio CRDs of istio.io/api and the
// cert-manager CRDs of github.com/cert-manager/cert-manager, both read from
// the module cache (go mod download, which leaves go.mod alone).
const (
	apiserverK8sVersion = "1.37.2"
	istioAPIModule      = "istio.io/api@v1.32.0"
	istioCRDFile        = "kubernetes/customresourcedefinitions.gen.yaml"
	certManagerModule   = "github.com/cert-manager/cert-manager@v1.21.2"
	certManagerCRDDir   = "deploy/crds"
	injectCAFrom        = "cert-manager.io/inject-ca-from"
)

// TestTheChartInstallsOnARealAPIServerAndTheWebhookServesItsCertificate
// installs the chart's default release (with the generator on) into a real
// kube-apiserver and etcd (envtest) that serve the real cert-manager and
// Istio CRDs, then runs the webhook binary with the certificate the chart
// asks for and calls it as the API server would, trusting only the CA
// bundle stored in the ValidatingWebhookConfiguration.
//
// cert-manager's controllers do not run here: the test issues the
// certificate itself, exactly as the chart's Certificates ask (the CA
// Certificate, then the serving Certificate's dnsNames and secretName,
// signed by the CA its issuerRef names), and injects the CA bundle into
// both webhook configurations as their cert-manager.io/inject-ca-from
// annotation asks. So this proves the objects are accepted and agree with
// each other, not that cert-manager issues them.
//
// It fails when the envtest binaries or CRDs are missing (skips in -short).
func TestTheChartInstallsOnARealAPIServerAndTheWebhookServesItsCertificate(t *testing.T) {
	ctrllog.SetLogger(logr.Discard())
	assets := apiserverAssets(t)
	istioDir := moduleDir(t, istioAPIModule)
	certManagerDir := moduleDir(t, certManagerModule)
	crds := []string{filepath.Join(istioDir, istioCRDFile), filepath.Join(certManagerDir, certManagerCRDDir)}
	for _, p := range crds {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("CRDs missing: %v (run `go mod download %s %s`)", err, istioAPIModule, certManagerModule)
		}
	}

	work, root := t.TempDir(), filepath.Join(chartDir(t), "..", "..")
	built := make(chan string, 1)
	buildErr := make(chan error, 1)
	go func() {
		bin := filepath.Join(work, "webhook")
		cmd := exec.Command("go", "build", "-o", bin, "./cmd/webhook")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr <- fmt.Errorf("go build ./cmd/webhook: %v\n%s", err, out)
			return
		}
		built <- bin
	}()

	env := &envtest.Environment{
		BinaryAssetsDirectory:    assets,
		CRDDirectoryPaths:        crds,
		ErrorIfCRDPathMissing:    true,
		ControlPlaneStartTimeout: 2 * time.Minute,
	}
	cfg, err := env.Start()
	if err != nil {
		t.Fatalf("start kube-apiserver and etcd from %s: %v", assets, err)
	}
	t.Cleanup(func() {
		if err := env.Stop(); err != nil {
			t.Errorf("stop envtest: %v", err)
		}
	})
	kubeconfig := filepath.Join(work, "kubeconfig")
	if err := os.WriteFile(kubeconfig, env.KubeConfig, 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := client.New(cfg, client.Options{})
	if err != nil {
		t.Fatalf("client: %v", err)
	}
	ctx := t.Context()

	// 1. Every rendered object is accepted, dry-run first, then for real,
	// with strict field validation: a misspelt field is an error, not a
	// silently pruned one.
	r := mustRender(t, "generator: {enabled: true}")
	if r.count("ServiceMonitor") != 0 {
		t.Fatalf("the defaults render a ServiceMonitor; its CRD is not served here")
	}
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: releaseNS}}
	if err := c.Create(ctx, ns); err != nil {
		t.Fatalf("create namespace %s: %v", releaseNS, err)
	}
	for _, key := range applyOrder(r) {
		o := r[key]
		u := &unstructured.Unstructured{}
		if err := yaml.Unmarshal(o.YAML, &u.Object); err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		if err := c.Create(ctx, u.DeepCopy(), client.DryRunAll, client.FieldValidation("Strict")); err != nil {
			t.Errorf("server-side dry-run of %s (%s) rejected: %v", key, o.Template, err)
			continue
		}
		if err := c.Create(ctx, u, client.FieldValidation("Strict")); err != nil {
			t.Errorf("create %s (%s) rejected: %v", key, o.Template, err)
		}
	}
	if t.Failed() {
		t.FailNow()
	}

	// 2. Issue the certificates as the chart's Certificates ask.
	caCert, serving := r.certificates(t)
	svcDNS := checkCertificateAgrees(t, r, caCert, serving)
	caPEM, caKey, caX509 := newCA(t, caCert.Spec.CommonName)
	crtPEM, keyPEM := newServing(t, serving.Spec.DNSNames, caKey, caX509)
	putTLSSecret(ctx, t, c, caCert.Spec.SecretName, caPEM, pemKey(t, caKey), caPEM)
	putTLSSecret(ctx, t, c, serving.Spec.SecretName, crtPEM, keyPEM, caPEM)
	injectCABundle(ctx, t, c, releaseNS+"/"+serving.Metadata.Name, caPEM)

	// 3. The webhook serves the stored Secret's key pair; a client trusting
	// only the stored caBundle reaches it by the Service's DNS name.
	var bin string
	select {
	case bin = <-built:
	case err := <-buildErr:
		t.Fatal(err)
	}
	proveServing(ctx, t, c, r, releaseNS, serving.Spec.SecretName, kubeconfig, work, bin, svcDNS)
}

// proveServing starts the webhook binary with the key pair of the stored
// Secret secretNS/secretName, waits for /readyz, and proves that a client
// trusting only the caBundle stored in the ValidatingWebhookConfiguration
// completes an admission request by the Service's DNS name, that one
// trusting the system roots does not, and that SIGTERM stops it cleanly.
func proveServing(ctx context.Context, t *testing.T, c client.Client, r rendered, secretNS, secretName, kubeconfig, work, bin, svcDNS string) {
	t.Helper()
	var stored corev1.Secret
	if err := c.Get(ctx, types.NamespacedName{Namespace: secretNS, Name: secretName}, &stored); err != nil {
		t.Fatalf("read back Secret %s: %v", secretName, err)
	}
	certDir := filepath.Join(work, "tls")
	if err := os.MkdirAll(certDir, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{corev1.TLSCertKey, corev1.TLSPrivateKeyKey} {
		if err := os.WriteFile(filepath.Join(certDir, f), stored.Data[f], 0o600); err != nil {
			t.Fatal(err)
		}
	}
	port, probes, metrics := apiserverFreePort(t), apiserverFreeAddr(t), apiserverFreeAddr(t)
	logPath := filepath.Join(work, "webhook.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	cmd := exec.Command(bin, "--kubeconfig", kubeconfig, "--cert-dir", certDir, "--port", strconv.Itoa(port),
		"--health-probe-bind-address", probes, "--metrics-bind-address", metrics)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.Env = append(os.Environ(), "KUBECONFIG=")
	if err := cmd.Start(); err != nil {
		t.Fatalf("start the webhook: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	exited := false
	defer func() {
		if !exited {
			_ = cmd.Process.Kill()
			<-done
		}
	}()
	logTail := func() string { b, _ := os.ReadFile(logPath); return string(b) }
	waitReady(t, probes, done, logTail)

	var vwc admissionregv1.ValidatingWebhookConfiguration
	if err := c.Get(ctx, types.NamespacedName{Name: r.one(t, "ValidatingWebhookConfiguration", nil).Name}, &vwc); err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(vwc.Webhooks[0].ClientConfig.CABundle) {
		t.Fatal("the stored caBundle holds no PEM certificate")
	}
	url := fmt.Sprintf("https://127.0.0.1:%d/validate", port)
	resp, err := postReview(&tls.Config{RootCAs: roots, ServerName: svcDNS, MinVersion: tls.VersionTLS12}, url)
	if err != nil {
		t.Fatalf("POST /validate as %s trusting only the stored caBundle: %v\n%s", svcDNS, err, logTail())
	}
	if resp.Response == nil || !resp.Response.Allowed || resp.Response.UID != "apiserver-test-uid" {
		t.Errorf("a harmless Service CREATE: want allowed with our UID, got %+v", resp.Response)
	}
	if _, err := postReview(&tls.Config{ServerName: svcDNS, MinVersion: tls.VersionTLS12}, url); err == nil {
		t.Error("a client trusting only the system roots completed the handshake")
	} else if !strings.Contains(err.Error(), "certificate") {
		t.Errorf("a client trusting only the system roots: want a certificate error, got %v", err)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		exited = true
		if err != nil {
			t.Errorf("the webhook exited with %v after SIGTERM, not 0:\n%s", err, logTail())
		}
	case <-time.After(45 * time.Second):
		t.Errorf("the webhook did not exit within 45s of SIGTERM:\n%s", logTail())
	}
}

// apiserverAssets is the directory of kube-apiserver and etcd:
// KUBEBUILDER_ASSETS (make test sets it), else ENVTEST_BIN, else
// hack/envtest-bins.sh's default cache.
func apiserverAssets(t *testing.T) string {
	t.Helper()
	return envtestbin.Require(t)
}

// moduleDir is module@version's directory in the module cache, downloaded
// if needed; go mod download -json touches no go.mod.
func moduleDir(t *testing.T, module string) string {
	t.Helper()
	dir, err := envtestbin.ModuleDir(filepath.Join(chartDir(t), "..", ".."), module)
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// applyOrder lists the rendered objects so that the webhook configurations
// come last: once registered (failurePolicy Fail, a Service without
// endpoints), they would intercept the objects after them.
func applyOrder(r rendered) []string {
	keys := r.kinds()
	last := func(k string) bool { return strings.HasSuffix(strings.Split(k, "/")[0], "WebhookConfiguration") }
	sort.SliceStable(keys, func(i, j int) bool { return !last(keys[i]) && last(keys[j]) })
	return keys
}

// checkCertificateAgrees checks that the Certificates, Issuers, Service,
// Deployment and webhook annotations name each other; it returns the
// Service's "name.namespace.svc" DNS name.
func checkCertificateAgrees(t *testing.T, r rendered, ca, serving certificate) string {
	t.Helper()
	if !ca.Spec.IsCA || ca.Spec.SecretName == "" || serving.Spec.SecretName == "" {
		t.Fatalf("want a CA and a serving Certificate, got %+v and %+v", ca.Spec, serving.Spec)
	}
	var issuers = map[string]struct {
		Spec struct {
			SelfSigned *struct{} `json:"selfSigned"`
			CA         *struct {
				SecretName string `json:"secretName"`
			} `json:"ca"`
		} `json:"spec"`
	}{}
	for _, o := range r {
		if o.Kind == "Issuer" {
			v := issuers[o.Name]
			if err := yaml.Unmarshal(o.YAML, &v); err != nil {
				t.Fatal(err)
			}
			issuers[o.Name] = v
		}
	}
	if i, ok := issuers[ca.Spec.IssuerRef.Name]; ca.Spec.IssuerRef.Kind != "Issuer" || !ok || i.Spec.SelfSigned == nil {
		t.Errorf("the CA Certificate's issuerRef %+v is not the self-signed Issuer", ca.Spec.IssuerRef)
	}
	if i, ok := issuers[serving.Spec.IssuerRef.Name]; serving.Spec.IssuerRef.Kind != "Issuer" || !ok || i.Spec.CA == nil || i.Spec.CA.SecretName != ca.Spec.SecretName {
		t.Errorf("the serving Certificate's issuerRef %+v is not the CA Issuer of Secret %s", serving.Spec.IssuerRef, ca.Spec.SecretName)
	}

	var svc corev1.Service
	r.one(t, "Service", &svc)
	svcNS := svc.Namespace
	if svcNS == "" {
		svcNS = releaseNS
	}
	forms := []string{svc.Name, svc.Name + "." + svcNS, svc.Name + "." + svcNS + ".svc", svc.Name + "." + svcNS + ".svc.cluster.local"}
	for _, f := range forms {
		if !slices.Contains(serving.Spec.DNSNames, f) {
			t.Errorf("the serving Certificate's dnsNames %v miss the Service's name form %s", serving.Spec.DNSNames, f)
		}
	}

	var d appsv1.Deployment
	r.one(t, "Deployment", &d)
	mounted := false
	for _, v := range d.Spec.Template.Spec.Volumes {
		mounted = mounted || (v.Secret != nil && v.Secret.SecretName == serving.Spec.SecretName)
	}
	if !mounted {
		t.Errorf("the Deployment mounts no Secret %s (the serving Certificate's secretName)", serving.Spec.SecretName)
	}

	want := releaseNS + "/" + serving.Metadata.Name
	var mwc admissionregv1.MutatingWebhookConfiguration
	var vwc admissionregv1.ValidatingWebhookConfiguration
	r.one(t, "MutatingWebhookConfiguration", &mwc)
	r.one(t, "ValidatingWebhookConfiguration", &vwc)
	for kind, m := range map[string]metav1.ObjectMeta{"Mutating": mwc.ObjectMeta, "Validating": vwc.ObjectMeta} {
		if got := m.Annotations[injectCAFrom]; got != want {
			t.Errorf("%sWebhookConfiguration %s=%q, want the serving Certificate %q", kind, injectCAFrom, got, want)
		}
	}
	for _, cc := range append(clientConfigs(mwc.Webhooks, nil), clientConfigs(nil, vwc.Webhooks)...) {
		if cc.Service == nil || cc.Service.Name != svc.Name || cc.Service.Namespace != svcNS {
			t.Errorf("a webhook calls %+v, not the Service %s/%s", cc.Service, svcNS, svc.Name)
		}
	}
	return forms[2]
}

func clientConfigs(m []admissionregv1.MutatingWebhook, v []admissionregv1.ValidatingWebhook) []admissionregv1.WebhookClientConfig {
	var out []admissionregv1.WebhookClientConfig
	for _, w := range m {
		out = append(out, w.ClientConfig)
	}
	for _, w := range v {
		out = append(out, w.ClientConfig)
	}
	return out
}

// newCA is a self-signed ECDSA P-256 CA, as the self-signed Issuer makes.
func newCA(t *testing.T, cn string) ([]byte, *ecdsa.PrivateKey, *x509.Certificate) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: cn},
		NotBefore:             time.Now().Add(-time.Minute),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	crt, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), key, crt
}

// newServing is a server-auth certificate for dnsNames signed by the CA.
func newServing(t *testing.T, dnsNames []string, caKey *ecdsa.PrivateKey, ca *x509.Certificate) (crtPEM, keyPEM []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2),
		Subject:      pkix.Name{CommonName: dnsNames[0]},
		DNSNames:     dnsNames,
		NotBefore:    time.Now().Add(-time.Minute),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), pemKey(t, key)
}

func pemKey(t *testing.T, key *ecdsa.PrivateKey) []byte {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
}

// putTLSSecret writes a kubernetes.io/tls Secret as cert-manager does.
func putTLSSecret(ctx context.Context, t *testing.T, c client.Client, name string, crt, key, ca []byte) {
	t.Helper()
	s := &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: releaseNS},
		Type:       corev1.SecretTypeTLS,
		Data:       map[string][]byte{corev1.TLSCertKey: crt, corev1.TLSPrivateKeyKey: key, "ca.crt": ca},
	}
	if err := c.Create(ctx, s); err != nil {
		t.Fatalf("create Secret %s: %v", name, err)
	}
}

// injectCABundle sets the caBundle of every webhook of both
// configurations whose inject-ca-from annotation names certificate, as
// cert-manager's cainjector does.
func injectCABundle(ctx context.Context, t *testing.T, c client.Client, certificate string, caPEM []byte) {
	t.Helper()
	var mwcs admissionregv1.MutatingWebhookConfigurationList
	var vwcs admissionregv1.ValidatingWebhookConfigurationList
	if err := c.List(ctx, &mwcs); err != nil {
		t.Fatal(err)
	}
	if err := c.List(ctx, &vwcs); err != nil {
		t.Fatal(err)
	}
	injected := 0
	for i := range mwcs.Items {
		m := &mwcs.Items[i]
		if m.Annotations[injectCAFrom] != certificate {
			continue
		}
		for j := range m.Webhooks {
			m.Webhooks[j].ClientConfig.CABundle = caPEM
		}
		if err := c.Update(ctx, m); err != nil {
			t.Fatalf("inject the CA into %s: %v", m.Name, err)
		}
		injected++
	}
	for i := range vwcs.Items {
		v := &vwcs.Items[i]
		if v.Annotations[injectCAFrom] != certificate {
			continue
		}
		for j := range v.Webhooks {
			v.Webhooks[j].ClientConfig.CABundle = caPEM
		}
		if err := c.Update(ctx, v); err != nil {
			t.Fatalf("inject the CA into %s: %v", v.Name, err)
		}
		injected++
	}
	if injected != 2 {
		t.Fatalf("%s names %s on %d webhook configurations, want 2", injectCAFrom, certificate, injected)
	}
}

// waitReady polls /readyz until 200, the process exits or 90 s pass.
func waitReady(t *testing.T, probes string, done <-chan error, logTail func() string) {
	t.Helper()
	hc := http.Client{Timeout: time.Second}
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-done:
			t.Fatalf("the webhook exited (%v) before /readyz answered 200:\n%s", err, logTail())
		default:
		}
		if resp, err := hc.Get("http://" + probes + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("/readyz did not answer 200 within 90s:\n%s", logTail())
}

// postReview POSTs the AdmissionReview of a harmless Service CREATE.
func postReview(cfg *tls.Config, url string) (*admissionv1.AdmissionReview, error) {
	svc := corev1.Service{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Service"},
		ObjectMeta: metav1.ObjectMeta{Name: "harmless", Namespace: "default"},
		Spec:       corev1.ServiceSpec{Ports: []corev1.ServicePort{{Name: "http", Port: 80}}},
	}
	raw, err := json.Marshal(svc)
	if err != nil {
		return nil, err
	}
	review := admissionv1.AdmissionReview{
		TypeMeta: metav1.TypeMeta{APIVersion: "admission.k8s.io/v1", Kind: "AdmissionReview"},
		Request: &admissionv1.AdmissionRequest{
			UID:       "apiserver-test-uid",
			Kind:      metav1.GroupVersionKind{Version: "v1", Kind: "Service"},
			Resource:  metav1.GroupVersionResource{Version: "v1", Resource: "services"},
			Name:      svc.Name,
			Namespace: svc.Namespace,
			Operation: admissionv1.Create,
			Object:    runtime.RawExtension{Raw: raw},
		},
	}
	body, err := json.Marshal(review)
	if err != nil {
		return nil, err
	}
	hc := http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: cfg}}
	return clustertest.PostReview(&hc, url, body)
}

func apiserverFreeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("no free loopback port: %v", err)
	}
	defer l.Close()
	return l.Addr().String()
}

func apiserverFreePort(t *testing.T) int {
	t.Helper()
	_, p, _ := net.SplitHostPort(apiserverFreeAddr(t))
	n, _ := strconv.Atoi(p)
	return n
}

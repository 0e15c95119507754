package webhook

import (
	"context"
	"io"
	"net"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/meshlint/meshlint/internal/clustertest"
	"github.com/meshlint/meshlint/internal/envtestbin"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"

	"github.com/meshlint/meshlint/internal/manifest"
)

// The real parts the API server tests run against: kube-apiserver and
// etcd built by hack/envtest-bins.sh, and the Istio CRDs of istio.io/api,
// as the end-to-end suite (test/e2e) takes them. Missing parts fail the
// test, saying what to run; only -short (make test-unit) skips it.
const repoRootFromPkg = "../.."

// startAPIServer starts kube-apiserver and etcd with the Istio CRDs only:
// the webhook's tests run where the optional kinds (Gateway API, F5's,
// Traefik's) are not served, as in a cluster without them.
func startAPIServer(t *testing.T) (*envtest.Environment, *rest.Config) {
	t.Helper()
	assets := envtestbin.Require(t)
	crds, err := envtestbin.CRDPaths(repoRootFromPkg, "")
	if err != nil {
		t.Fatal(err)
	}
	env := &envtest.Environment{BinaryAssetsDirectory: assets, CRDDirectoryPaths: crds,
		ErrorIfCRDPathMissing: true, ControlPlaneStartTimeout: 2 * time.Minute}
	cfg, err := env.Start()
	if err != nil {
		t.Fatalf("start kube-apiserver and etcd from %s: %v", assets, err)
	}
	return env, cfg
}

// applyFile creates the objects of a manifest file.
func applyFile(ctx context.Context, t *testing.T, c client.Client, path string) []*unstructured.Unstructured {
	t.Helper()
	res := manifest.Load([]string{path}, manifest.Options{})
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	var out []*unstructured.Unstructured
	for _, o := range res.Objects {
		u := &unstructured.Unstructured{Object: o.Body}
		if err := c.Create(ctx, u); err != nil {
			t.Fatalf("create %s: %v", o.Ref(), err)
		}
		out = append(out, u)
	}
	return out
}

// eventually is clustertest.Eventually: cond polled for up to 30 s.
var eventually = clustertest.Eventually

// proxy forwards TCP to the API server until cut: what the webhook sees
// when the API server goes away (every connection drops, none opens).
type proxy struct {
	l     net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

func newProxy(t *testing.T, target string) *proxy {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{l: l}
	go func() {
		for {
			in, err := l.Accept()
			if err != nil {
				return
			}
			out, err := net.Dial("tcp", target)
			if err != nil {
				in.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, in, out)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(out, in); out.Close() }()
			go func() { _, _ = io.Copy(in, out); in.Close() }()
		}
	}()
	t.Cleanup(p.cut)
	return p
}

// config is cfg through the proxy.
func (p *proxy) config(cfg *rest.Config) *rest.Config {
	c := rest.CopyConfig(cfg)
	u, err := url.Parse(c.Host)
	if err != nil {
		panic(err)
	}
	u.Host = p.l.Addr().String()
	c.Host = u.String()
	return c
}

func (p *proxy) cut() {
	p.l.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
}

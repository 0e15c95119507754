package e2e

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// Before its cache has synced, the webhook is not ready, and a review
// sent to it anyway is not answered from the half-filled cache. The sync
// is held back by a proxy between the webhook and the API server that
// stalls the PeerAuthentication list until the test lets it through.
func TestReadyzWaitsForTheCacheToSync(t *testing.T) {
	const ns = "blog-ready"
	ctx := context.Background()
	c := newClient(t)
	t.Cleanup(func() { deleteIngress(t, c, ns) })
	// A cluster where the right verdict needs the PeerAuthentications:
	// a STRICT policy already there, so a second Ingress to web is a new
	// ML101; a webhook without the policies would allow it.
	s := loadStack(t, ns, strictStack)
	applyAll(ctx, t, c, s.without("PeerAuthentication", "default"))
	withoutWebhook(ctx, t, c, "validating", func() {
		if v := c.create(ctx, t, s.find(t, "PeerAuthentication", "default"), false); !v.allowed {
			t.Fatalf("create the STRICT policy: %s", v)
		}
	})
	second := edited(t, s.find(t, "Ingress", "blog"), func(b map[string]any) {
		unstructured.SetNestedField(b, "blog-2", "metadata", "name")
	})
	review, err := reviewOf(second, "ready-1")
	if err != nil {
		t.Fatal(err)
	}

	g := newGate(t, "peerauthentications")
	port := freePort()
	p, err := startWebhook(cluster.bin, cluster.dir, processOptions{
		kubeconfig: g.kubeconfig, certDir: cluster.certDir, port: port, config: cluster.config,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.kill)
	if err := eventually(ctx, 60*time.Second, g.holding); err != nil {
		t.Fatalf("the webhook never listed PeerAuthentications: %v\n%s", err, p.logTail())
	}
	t.Logf("while the list is held: /healthz %d, /readyz %d", p.probe("/healthz"), p.probe("/readyz"))
	for end := time.Now().Add(3 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		if code := p.probe("/readyz"); code == http.StatusOK {
			t.Fatalf("/readyz answered 200 before the cache synced:\n%s", p.logTail())
		}
	}
	hc := webhookClient(5 * time.Second)
	resp, err := postReviewTo(hc, "https://127.0.0.1:"+itoa(port)+"/validate", review)
	switch {
	case err != nil:
		t.Logf("a review before the sync: refused (%v)", err)
	case resp.Allowed:
		t.Fatalf("a review before the sync was answered allowed, from a cache without the STRICT policy")
	default:
		t.Logf("a review before the sync: not allowed (%v)", resp.Result)
	}

	g.release()
	if err := p.waitFor("/readyz", http.StatusOK, 30*time.Second); err != nil {
		t.Fatalf("after the sync: %v", err)
	}
	resp, err = postReviewTo(hc, "https://127.0.0.1:"+itoa(port)+"/validate", review)
	if err != nil || resp.Allowed || !strings.Contains(resp.Result.Message, "ML101") {
		t.Fatalf("a review after the sync: %v, %+v; want a denial with ML101", err, resp)
	}
	if err := p.stop(30 * time.Second); err != nil {
		t.Fatal(err)
	}
}

// gate is a plain-HTTP proxy to the API server (with the envtest admin's
// credentials) that holds every request for one resource until released.
type gate struct {
	kubeconfig string
	held       atomic.Int32
	open       chan struct{}
	once       sync.Once
}

func newGate(t *testing.T, resource string) *gate {
	t.Helper()
	target, err := url.Parse(cluster.cfg.Host)
	if err != nil {
		t.Fatal(err)
	}
	transport, err := rest.TransportFor(cluster.cfg)
	if err != nil {
		t.Fatal(err)
	}
	g := &gate{open: make(chan struct{})}
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.Transport = transport
	proxy.FlushInterval = -1 // watches stream
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "/"+resource) {
			g.held.Add(1)
			select {
			case <-g.open:
			case <-r.Context().Done():
				return
			}
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(g.release)
	g.kubeconfig = filepath.Join(t.TempDir(), "kubeconfig")
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters["gate"] = &clientcmdapi.Cluster{Server: srv.URL}
	cfg.AuthInfos["gate"] = &clientcmdapi.AuthInfo{}
	cfg.Contexts["gate"] = &clientcmdapi.Context{Cluster: "gate", AuthInfo: "gate"}
	cfg.CurrentContext = "gate"
	if err := clientcmd.WriteToFile(*cfg, g.kubeconfig); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(g.kubeconfig); err != nil {
		t.Fatal(err)
	}
	return g
}

func (g *gate) holding() error {
	if g.held.Load() == 0 {
		return errNotYet
	}
	return nil
}

func (g *gate) release() { g.once.Do(func() { close(g.open) }) }

package e2e

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/meshlint/meshlint/internal/clustertest"
	"github.com/meshlint/meshlint/internal/manifest"
)

// A deliberately slow request, made of legal input only
// (clustertest.SlowNginxStack: nginx Deployments each loading a ConfigMap
// of about 1 MB), in the webhook's own namespace, which the API server
// never sends to the webhook, so that creating it costs nothing. A change
// there makes the engine model and judge all of it, twice (before and
// after): seconds of CPU, far over the deadlines the tests give.
const slowConfigs = 8

// createSlowStack creates the slow stack and removes it when the test
// ends.
func createSlowStack(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	c := newClient(t)
	res := manifest.LoadBytes("slow.yaml", []byte(clustertest.SlowNginxStack(webhookNamespace, slowConfigs)), manifest.Options{})
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	for _, o := range res.Objects {
		if err := c.Create(ctx, toUnstructured(o)); err != nil {
			t.Fatalf("create %s: %v", o.Ref(), err)
		}
	}
	t.Cleanup(func() {
		for _, o := range res.Objects {
			if err := c.Delete(ctx, toUnstructured(o)); err != nil {
				t.Errorf("delete %s: %v", o.Ref(), err)
			}
		}
	})
}

func stackObject(t *testing.T, body map[string]any) *manifest.Object {
	t.Helper()
	md := body["metadata"].(map[string]any)
	return &manifest.Object{APIVersion: body["apiVersion"].(string), Kind: body["kind"].(string),
		Namespace: md["namespace"].(string), Name: md["name"].(string), Body: body}
}

// slowChange is the review of a small ConfigMap created in the slow
// stack's namespace: its scope is the whole stack.
func slowChange(t *testing.T, uid string) []byte {
	t.Helper()
	o := stackObject(t, map[string]any{"apiVersion": "v1", "kind": "ConfigMap",
		"metadata": map[string]any{"name": "slow-change", "namespace": webhookNamespace},
		"data":     map[string]any{"a": "b"}})
	b, err := reviewOf(o, uid)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// quickChange is the review of a small ConfigMap in the probe namespace:
// judged in milliseconds.
func quickChange(t *testing.T, uid string) []byte {
	t.Helper()
	o := stackObject(t, map[string]any{"apiVersion": "v1", "kind": "ConfigMap",
		"metadata": map[string]any{"name": "quick-" + uid, "namespace": probeNamespace},
		"data":     map[string]any{"a": "b"}})
	b, err := reviewOf(o, uid)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// startOwnWebhook starts a webhook process of the test's own, with extra
// flags, on a port the API server does not call (the test calls it), and
// waits until it is ready; it is killed when the test ends.
func startOwnWebhook(t *testing.T, extra ...string) (*webhookProcess, int) {
	t.Helper()
	port := freePort()
	p, err := startWebhook(cluster.bin, cluster.dir, processOptions{kubeconfig: cluster.kubeconfig,
		certDir: cluster.certDir, port: port, config: cluster.config, extra: extra})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.kill)
	if err := p.waitFor("/readyz", 200, 90*time.Second); err != nil {
		t.Fatal(err)
	}
	return p, port
}

// metric reads one sample of the process's /metrics: the line of name
// whose labels include every one of labels (`k="v"`); 0 when none.
func (p *webhookProcess) metric(t *testing.T, name string, labels ...string) float64 {
	t.Helper()
	c := http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := c.Get("http://" + p.metrics + "/metrics")
	if err != nil {
		t.Fatalf("scrape: %v", err)
	}
	defer resp.Body.Close()
	sum := 0.0
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if v, ok := sample(sc.Text(), name, labels); ok {
			sum += v
		}
	}
	return sum
}

// sample parses a text-format line of name with labels.
func sample(line, name string, labels []string) (float64, bool) {
	if !strings.HasPrefix(line, name) || len(line) == len(name) || (line[len(name)] != '{' && line[len(name)] != ' ') {
		return 0, false
	}
	for _, l := range labels {
		if !strings.Contains(line, l) {
			return 0, false
		}
	}
	v, err := strconv.ParseFloat(line[strings.LastIndexByte(line, ' ')+1:], 64)
	return v, err == nil
}

// post sends a review to the process and returns the HTTP status and
// body.
func postTo(c *http.Client, port int, path string, body []byte) (int, string, error) {
	resp, err := c.Post(fmt.Sprintf("https://127.0.0.1:%d%s", port, path), "application/json", strings.NewReader(string(body)))
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

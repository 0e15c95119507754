package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sigs.k8s.io/controller-runtime/pkg/envtest"
)

// auditPolicy records writes of ConfigMaps, PeerAuthentications and
// DestinationRules at Metadata level: the audit annotations webhooks
// return are in those events.
const auditPolicy = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived"]
rules:
  - level: Metadata
    resources: [{group: "", resources: ["configmaps"]}]
  - level: Metadata
    resources: [{group: "security.istio.io", resources: ["peerauthentications"]}, {group: "networking.istio.io", resources: ["destinationrules"]}]
  - level: None
`

// enableAudit has the API server write its audit log to a file in dir.
func enableAudit(env *envtest.Environment, dir string) (string, error) {
	policy, log := filepath.Join(dir, "audit-policy.yaml"), filepath.Join(dir, "audit.log")
	if err := os.WriteFile(policy, []byte(auditPolicy), 0o600); err != nil {
		return "", err
	}
	args := env.ControlPlane.GetAPIServer().Configure()
	args.Set("audit-policy-file", policy)
	args.Set("audit-log-path", log)
	return log, nil
}

// With the ignore annotation allowed in the webhook's config, Host $host
// annotated meshlint.io/ignore: "*" is admitted, and the waiver is on
// record: the API server's audit event carries
// validate.meshlint.io/ignored, the webhook's metric counts each rule.
func TestAnIgnoreAnnotationTheConfigAllowsIsAudited(t *testing.T) {
	ctx := context.Background()
	c := newClient(t)
	const ns = "bypass-audit"
	t.Cleanup(func() { deleteIngress(t, c, ns) })
	s := loadStack(t, ns, hostStack)
	cm := edited(t, s.find(t, "ConfigMap", "web-nginx-config"), func(b map[string]any) {
		b["metadata"].(map[string]any)["annotations"] = map[string]any{"meshlint.io/ignore": "*"}
	})
	applyAll(ctx, t, c, s.without("ConfigMap", "web-nginx-config"))
	base, err := os.ReadFile(cluster.config)
	if err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(t.TempDir(), "meshlint.yaml")
	if err := os.WriteFile(cfg, append(base, []byte("webhook: {allowIgnoreAnnotation: true}\n")...), 0o600); err != nil {
		t.Fatal(err)
	}
	withWebhookFlags(t, []string{"--config", cfg}, func() {
		withoutWebhook(ctx, t, c, "mutating", func() {
			if v := c.create(ctx, t, cm, false); !v.allowed {
				t.Fatalf("Host $host annotated meshlint.io/ignore: \"*\" under allowIgnoreAnnotation: %s", v)
			}
		})
		if err := awaitAudit(ctx, ns, "web-nginx-config", auditIgnored, is("ML201,ML401")); err != nil {
			t.Error(err)
		}
		for _, rule := range []string{"ML201", "ML401"} {
			if line := `meshlint_ignore_annotations_total{rule="` + rule + `"} 1`; !strings.Contains(scrape(t), line) {
				t.Errorf("/metrics lacks %s:\n%s", line, grepLines(scrape(t), "meshlint_ignore"))
			}
		}
	})
}

// The webhook's audit annotations as the API server records them:
// <webhook name>/<key> (internal/webhook audit.go, ignored.go).
const (
	auditIgnored  = "validate.meshlint.io/ignored"
	auditErrors   = "validate.meshlint.io/errors"
	auditWarnings = "validate.meshlint.io/warnings"
)

// awaitAudit waits for the API server to write the create of ns/name to
// the audit log with the annotation key whose value ok accepts.
func awaitAudit(ctx context.Context, ns, name, key string, ok func(string) bool) error {
	return eventually(ctx, 20*time.Second, func() error { return audited(ns, name, key, ok) })
}

func is(want string) func(string) bool { return func(s string) bool { return s == want } }

// audited finds the create of ns/name in the audit log with the webhook's
// audit annotation key, its value accepted by ok.
func audited(ns, name, key string, ok func(string) bool) error {
	f, err := os.Open(cluster.auditLog)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	var seen []string
	for sc.Scan() {
		var ev struct {
			Verb        string                           `json:"verb"`
			ObjectRef   struct{ Namespace, Name string } `json:"objectRef"`
			Annotations map[string]string                `json:"annotations"`
		}
		if json.Unmarshal(sc.Bytes(), &ev) != nil || ev.Verb != "create" || ev.ObjectRef.Namespace != ns || ev.ObjectRef.Name != name {
			continue
		}
		if got, found := ev.Annotations[key]; found && ok(got) {
			return nil
		} else if found {
			seen = append(seen, got)
		}
	}
	return fmt.Errorf("no audit event of the create of %s/%s with the wanted %s (seen %q)", ns, name, key, seen)
}

// scrape reads the webhook's /metrics.
func scrape(t *testing.T) string {
	t.Helper()
	resp, err := http.Get("http://" + cluster.hook.metrics + "/metrics")
	if err != nil {
		t.Fatalf("/metrics: %v", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("/metrics: %v", err)
	}
	return string(b)
}

// grepLines is the lines of s that contain sub.
func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

package e2e

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/meshlint/meshlint/internal/manifest"
)

// tb is what the helpers need of a test; TestMain's setup has one too.
type tb interface {
	Helper()
	Fatalf(format string, args ...any)
	Logf(format string, args ...any)
}

// setupT is the tb of TestMain's setup: Fatalf ends the setup with the
// message (recovered by setupT.recover).
type setupT struct {
	failed bool
	msg    string
}

func (s *setupT) Helper()             {}
func (s *setupT) Logf(string, ...any) {}
func (s *setupT) Fatalf(format string, args ...any) {
	s.failed, s.msg = true, fmt.Sprintf(format, args...)
	panic(s)
}
func (s *setupT) recover() {
	if r := recover(); r != nil && r != s {
		panic(r)
	}
}

// apiClient is a controller-runtime client of the envtest admin whose
// rest.Config collects the warnings the API server sends back.
type apiClient struct {
	client.Client
	warnings *warningLog
}

// warningLog collects Warning headers (admission warnings among them).
type warningLog struct {
	mu   sync.Mutex
	list []string
}

func (w *warningLog) HandleWarningHeaderWithContext(_ context.Context, code int, _ string, text string) {
	if code != 299 {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.list = append(w.list, text)
}

// take returns the warnings collected since the last take.
func (w *warningLog) take() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	l := w.list
	w.list = nil
	return l
}

func newClient(t tb) *apiClient {
	t.Helper()
	cfg := rest.CopyConfig(cluster.cfg)
	w := &warningLog{}
	cfg.WarningHandlerWithContext = w
	c, err := client.New(cfg, client.Options{})
	if err != nil {
		t.Fatalf("client: %v", err)
	}
	return &apiClient{Client: c, warnings: w}
}

// verdict is what the API server answered to one write.
type verdict struct {
	allowed   bool
	message   string // the webhook's denial, as the client sees it
	err       error
	warnings  []string
	object    *unstructured.Unstructured // as stored, or as it would be on a dry-run
	namespace string                     // the request's namespace (a Namespace's own name)
}

func (v verdict) String() string {
	if v.allowed {
		return fmt.Sprintf("allowed (warnings %q)", v.warnings)
	}
	return fmt.Sprintf("denied: %s (warnings %q)", v.message, v.warnings)
}

func (c *apiClient) create(ctx context.Context, t tb, o *manifest.Object, dryRun bool) verdict {
	t.Helper()
	u := toUnstructured(o)
	c.warnings.take()
	return c.verdict(t, u, c.Create(ctx, u, dryRunOpt[client.CreateOption](dryRun)...))
}

func (c *apiClient) update(ctx context.Context, t tb, u *unstructured.Unstructured, dryRun bool) verdict {
	t.Helper()
	u = u.DeepCopy()
	c.warnings.take()
	return c.verdict(t, u, c.Update(ctx, u, dryRunOpt[client.UpdateOption](dryRun)...))
}

func (c *apiClient) delete(ctx context.Context, t tb, o *manifest.Object, dryRun bool) verdict {
	t.Helper()
	u := toUnstructured(o)
	c.warnings.take()
	return c.verdict(t, u, c.Delete(ctx, u, dryRunOpt[client.DeleteOption](dryRun)...))
}

// get reads o back from the API server; nil when it does not exist.
func (c *apiClient) get(ctx context.Context, t tb, o *manifest.Object) *unstructured.Unstructured {
	t.Helper()
	u := &unstructured.Unstructured{}
	u.SetAPIVersion(o.APIVersion)
	u.SetKind(o.Kind)
	err := c.Get(ctx, client.ObjectKey{Namespace: o.Namespace, Name: o.Name}, u)
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		t.Fatalf("get %s: %v", o.Ref(), err)
	}
	return u
}

func dryRunOpt[T any](dryRun bool) []T {
	if !dryRun {
		return nil
	}
	var opt any = client.DryRunAll
	return []T{opt.(T)}
}

// deniedBy is how the API server words a webhook's denial.
const deniedBy = `admission webhook "validate.meshlint.io" denied the request: `

// verdict tells a denial by the webhook from any other error, which fails
// the test: a webhook that cannot be called is not a verdict.
func (c *apiClient) verdict(t tb, u *unstructured.Unstructured, err error) verdict {
	t.Helper()
	v := verdict{allowed: err == nil, err: err, warnings: c.warnings.take(), namespace: u.GetNamespace()}
	if u.GetKind() == "Namespace" {
		v.namespace = u.GetName()
	}
	if err == nil {
		v.object = u
		return v
	}
	var status apierrors.APIStatus
	if !errors.As(err, &status) {
		t.Fatalf("write %s/%s: %v", u.GetKind(), u.GetName(), err)
	}
	msg := status.Status().Message
	i := strings.Index(msg, deniedBy)
	if i < 0 {
		t.Fatalf("write %s/%s: not a verdict of the webhook: %v", u.GetKind(), u.GetName(), err)
	}
	v.message = msg[i+len(deniedBy):]
	return v
}

// applyAll creates the objects in order, as kubectl apply does; each must
// be allowed.
func applyAll(ctx context.Context, t tb, c *apiClient, s stack) {
	t.Helper()
	for _, o := range s {
		if v := c.create(ctx, t, o, false); !v.allowed {
			t.Fatalf("create %s: %s", o.Ref(), v)
		}
	}
}

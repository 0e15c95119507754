package webhook

import (
	"strings"
	"sync"
	"testing"

	"github.com/go-logr/logr/funcr"

	"github.com/meshlint/meshlint/internal/admission"
)

// Every log line of a request carries its UID.
func TestLogsCarryTheRequestUID(t *testing.T) {
	var mu sync.Mutex
	var lines []string
	h := newTestHandlers(t, &fakeEngine{validate: func(admission.Request) (admission.Verdict, error) {
		return admission.Verdict{Message: "ML201 ...", Errors: []string{"ML201"}}, nil
	}})
	h.Log = funcr.New(func(prefix, args string) {
		mu.Lock()
		defer mu.Unlock()
		lines = append(lines, prefix+" "+args)
	}, funcr.Options{Verbosity: 1})
	rv := review{uid: "5b1e-uid", op: "CREATE", kind: "ConfigMap", ns: "blog-system", name: "web-nginx-config", object: nginxHostHeader}
	post(t, h.serve(routeOf(t, h, webhookValidate), DefaultMaxBodyBytes), rv.json(t))
	mu.Lock()
	defer mu.Unlock()
	if len(lines) < 2 {
		t.Fatalf("want the denial and the answer logged, got %q", lines)
	}
	for _, l := range lines {
		if !strings.Contains(l, `"requestID"="5b1e-uid"`) {
			t.Errorf("a line without the request UID: %s", l)
		}
	}
}

package admission

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/meshlint/meshlint/internal/clustertest"
	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/manifest"
)

// slowStack is legal input that takes seconds to judge
// (clustertest.SlowNginxStack) in the namespace slow.
func slowStack(t testing.TB, configs int) []*manifest.Object {
	t.Helper()
	res := manifest.LoadBytes("slow.yaml", []byte(clustertest.SlowNginxStack("slow", configs)), manifest.Options{})
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	return res.Objects
}

// smallConfigMap is a change in the slow stack's namespace.
func smallConfigMap(t testing.TB) *manifest.Object {
	t.Helper()
	res := manifest.LoadBytes("small.yaml", []byte("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: small\n  namespace: slow\ndata:\n  a: b\n"), manifest.Options{})
	return res.Objects[0]
}

// The request's deadline stops the evaluation: model building, nginx
// includes and Rego alike. Validate and Mutate return an ErrDeadline soon
// after it, and no goroutine of theirs keeps working.
func TestAnEvaluationStopsAtItsDeadline(t *testing.T) {
	objs := slowStack(t, 3)
	e, snap := engine(t, ""), storeOf(objs)
	req := request(t, Create, nil, smallConfigMap(t))
	baseline := runtime.NumGoroutine()
	validate := func(ctx context.Context) error { _, err := e.Validate(ctx, snap, req); return err }
	mutate := func(ctx context.Context) error { _, err := e.Mutate(ctx, snap, req); return err }
	for _, tc := range []struct {
		name     string
		eval     func(context.Context) error
		deadline time.Duration // well under the time the evaluation takes
	}{
		{"Validate", validate, time.Millisecond}, {"Validate", validate, 50 * time.Millisecond}, {"Validate", validate, 300 * time.Millisecond},
		{"Mutate", mutate, time.Millisecond}, {"Mutate", mutate, 20 * time.Millisecond}, // Mutate builds one model and runs no Rego
	} {
		name, eval, deadline := tc.name, tc.eval, tc.deadline
		ctx, cancel := context.WithTimeout(context.Background(), deadline)
		start := time.Now()
		err := eval(ctx)
		late := time.Since(start) - deadline
		cancel()
		t.Logf("%s with a %s deadline returned %s after it", name, deadline, late)
		if !errors.Is(err, ErrDeadline) || !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s with a %s deadline: %v, want ErrDeadline", name, deadline, err)
		}
		if late > 250*time.Millisecond {
			t.Errorf("%s with a %s deadline returned %s after it", name, deadline, late)
		}
	}
	if n := settled(baseline); n > baseline {
		t.Errorf("%d goroutines after the evaluations, %d before", n, baseline)
	}
}

// settled waits for the goroutine count to fall to want, and returns it.
func settled(want int) int {
	n := runtime.NumGoroutine()
	for i := 0; i < 50 && n > want; i++ {
		time.Sleep(20 * time.Millisecond)
		n = runtime.NumGoroutine()
	}
	return n
}

// A change whose scope is over the budget is not judged: ErrOverBudget,
// saying which bound, before any model is built.
func TestAScopeOverTheBudgetIsNotJudged(t *testing.T) {
	objs := slowStack(t, 1)
	e, err := New(config.Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	snap, req := storeOf(objs), request(t, Create, nil, smallConfigMap(t))
	for _, tc := range []struct {
		budget Budget
		want   string
	}{
		{Budget{MaxObjects: 1}, "more than the 1 one request may make meshlint model"},
		{Budget{MaxTextBytes: 1000}, "more than 1000 bytes of data"},
	} {
		e.SetBudget(tc.budget)
		_, errV := e.Validate(context.Background(), snap, req)
		_, errM := e.Mutate(context.Background(), snap, req)
		for _, err := range []error{errV, errM} {
			if !errors.Is(err, ErrOverBudget) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("budget %+v: %v, want ErrOverBudget saying %q", tc.budget, err, tc.want)
			}
		}
	}
	e.SetBudget(DefaultBudget)
	if _, err := e.Validate(context.Background(), snap, req); err != nil {
		t.Errorf("within the default budget: %v", err)
	}
}

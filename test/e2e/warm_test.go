package e2e

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/meshlint/meshlint/internal/manifest"
)

// memoItems reads meshlint_admission_memo_items off the webhook's /metrics.
var memoItems = regexp.MustCompile(`(?m)^meshlint_admission_memo_items (\S+)$`)

// TestTheWebhookEvaluatesTheClusterOnceLoaded: the webhook binary, once
// its informers have loaded the API server's state, evaluates it in the
// background (internal/webhook/warm.go), which its /metrics shows as fact
// items remembered, and its first requests then take from them.
func TestTheWebhookEvaluatesTheClusterOnceLoaded(t *testing.T) {
	err := eventually(context.Background(), 30*time.Second, func() error {
		m := memoItems.FindStringSubmatch(scrape(t))
		if m == nil {
			return fmt.Errorf("/metrics has no meshlint_admission_memo_items:\n%s", grepLines(scrape(t), "meshlint_admission_memo"))
		}
		if n, _ := strconv.ParseFloat(m[1], 64); n == 0 {
			return fmt.Errorf("the webhook remembers no fact item yet")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^meshlint_admission_memo_evaluated_total [1-9]`).MatchString(scrape(t)) {
		t.Errorf("no item evaluated:\n%s", grepLines(scrape(t), "meshlint_admission_memo"))
	}
	// A change is then judged mostly from what the webhook remembers.
	ctx := context.Background()
	c := newClient(t)
	svc := c.get(ctx, t, &manifest.Object{APIVersion: "v1", Kind: "Service", Namespace: probeNamespace, Name: "web-service"})
	if svc == nil {
		t.Fatal("the probe's Service is gone")
	}
	before := metric(t, memoReused)
	svc.SetLabels(map[string]string{"tier": "front"})
	if v := c.update(ctx, t, svc, true); !v.allowed {
		t.Fatalf("a label on a Service: %s", v)
	}
	if after := metric(t, memoReused); after <= before {
		t.Errorf("the change took no item from the memo (%v, then %v)", before, after)
	}
}

var memoReused = regexp.MustCompile(`(?m)^meshlint_admission_memo_reused_total (\S+)$`)

// metric reads the value re matches on /metrics.
func metric(t *testing.T, re *regexp.Regexp) float64 {
	t.Helper()
	m := re.FindStringSubmatch(scrape(t))
	if m == nil {
		t.Fatalf("/metrics has no %s", re)
	}
	n, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

var answerHits = regexp.MustCompile(`(?m)^meshlint_admission_cache_hits_total\{cache="answer"\} (\S+)$`)

// TestADryRunThenTheChangeIsJudgedOnce: a server-side dry run and then the
// change itself reach the webhook as two requests; on a cluster that did
// not change between them, the second is answered from the cache of
// answers (internal/admission verdicts.go), which /metrics counts.
// Another writer may change the cluster in between: three tries.
func TestADryRunThenTheChangeIsJudgedOnce(t *testing.T) {
	ctx := context.Background()
	c := newClient(t)
	probe := &manifest.Object{APIVersion: "v1", Kind: "Service", Namespace: probeNamespace, Name: "web-service"}
	for try := range 3 {
		svc := c.get(ctx, t, probe)
		if svc == nil {
			t.Fatal("the probe's Service is gone")
		}
		svc.SetLabels(map[string]string{"tier": "front-" + strconv.Itoa(try)})
		before := metric(t, answerHits)
		for _, dryRun := range []bool{true, false} {
			if v := c.update(ctx, t, svc, dryRun); !v.allowed {
				t.Fatalf("a label on a Service (dry run %v): %s", dryRun, v)
			}
		}
		if after := metric(t, answerHits); after == before+1 {
			return
		}
		t.Logf("try %d: the cluster changed between the dry run and the change", try)
	}
	t.Errorf("the change was judged again after its dry run, three times:\n%s", grepLines(scrape(t), "meshlint_admission_cache"))
}

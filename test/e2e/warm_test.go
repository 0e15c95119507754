package e2e

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"testing"
	"time"
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
}

package webhook

import (
	"sync"
	"testing"

	"github.com/meshlint/meshlint/internal/admission"
)

// Concurrent requests to both webhooks, while the informers replace
// objects of the same namespace, each get the answer they get alone (run
// with -race).
func TestConcurrentRequests(t *testing.T) {
	store := informerStore(t, 300)
	eng, err := admission.New(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	h := newTestHandlers(t, eng)
	h.State = store
	ns := "app-00001"
	objs := store.Objects([]string{ns})
	var cm, was map[string]any
	for _, o := range objs {
		switch {
		case o.Kind == "ConfigMap" && o.Name == "web-nginx-config":
			cm = o.Body
		case o.Kind == "Deployment" && o.Name == "was":
			was = o.Body
		}
	}
	if cm == nil || was == nil {
		t.Fatal("the corpus lacks the nginx ConfigMap or the was Deployment")
	}
	validate, mutate := h.serve(routeOf(t, h, webhookValidate), DefaultMaxBodyBytes), h.serve(routeOf(t, h, webhookMutate), DefaultMaxBodyBytes)
	body := review{op: "UPDATE", kind: "ConfigMap", ns: ns, name: "web-nginx-config", object: cm, old: cm}.json(t)
	_, alone := post(t, validate, body)
	var wg sync.WaitGroup
	m, replacement := mirror{store}, mustUnstructured(t, was)
	wg.Go(func() {
		for range 50 {
			m.OnUpdate(nil, replacement.DeepCopy())
		}
	})
	for range 8 {
		wg.Go(func() {
			for range 10 {
				got, err := send(validate, body)
				if err != nil || got.Allowed != alone.Response.Allowed {
					t.Errorf("concurrently %v %+v, alone %+v", err, got, alone.Response.Result)
					return
				}
				if _, err := send(mutate, body); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
}

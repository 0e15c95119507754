package admission

import (
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/manifest"
)

// MM05 at admission: the HTTPRoute that a meshed Envoy Gateway would send
// to PassthroughCluster with the client's Host is stored with a URLRewrite
// hostname, as `meshlint fix` writes it (testdata/mutations/MM05).
func TestMutateRewritesAGatewayRoutesHost(t *testing.T) {
	objs := load(t, "../../testdata/mutations/MM05/client-host/input.yaml")
	var route *manifest.Object
	state := slices.DeleteFunc(slices.Clone(objs), func(o *manifest.Object) bool {
		if o.Kind == "HTTPRoute" {
			route = o
			return true
		}
		return false
	})
	m, err := engine(t, "").Mutate(context.Background(), storeOf(state), request(t, Create, nil, route))
	if err != nil {
		t.Fatal(err)
	}
	var after map[string]any
	if err := json.Unmarshal(m.Mutated, &after); err != nil {
		t.Fatalf("the mutated object is not JSON: %v", err)
	}
	rule := after["spec"].(map[string]any)["rules"].([]any)[0].(map[string]any)
	want := []any{map[string]any{"type": "URLRewrite", "urlRewrite": map[string]any{"hostname": "web.shop.svc.cluster.local"}}}
	if !reflect.DeepEqual(rule["filters"], want) {
		t.Errorf("filters %v, want %v", rule["filters"], want)
	}
	if len(m.Changes) != 1 || !strings.HasPrefix(m.Changes[0], "MM05 on HTTPRoute/shop/web: ") || !slices.Equal(m.Mutators, []string{"MM05"}) {
		t.Errorf("changes %q, mutators %v", m.Changes, m.Mutators)
	}
	off, err := engine(t, "webhook:\n  mutate: {MM05: false}\n").Mutate(context.Background(), storeOf(state), request(t, Create, nil, route))
	if err != nil || off.Mutated != nil {
		t.Errorf("MM05 off for the webhook: mutated %s, %v", off.Mutated, err)
	}
}

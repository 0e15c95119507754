package admission

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/manifest"
)

// The migration's Envoy Gateway stack in the cluster, PERMISSIVE: making
// blog-system STRICT is denied with ML101, as lint says of the files. The
// Gateway, its class, its route and the namespace Envoy Gateway runs its
// proxies in all reach the change's scope.
func TestStrictBehindEnvoyGatewayIsDenied(t *testing.T) {
	objs := load(t, filepath.Join("..", "..", "examples", "migration", "envoy-gateway"))
	var strict *manifest.Object
	objs = slices.DeleteFunc(objs, func(o *manifest.Object) bool {
		if o.Kind == "PeerAuthentication" && o.Namespace == "blog-system" && o.Name == "default" {
			strict = o
			return true
		}
		return false
	})
	if strict == nil {
		t.Fatal("no STRICT PeerAuthentication in the example")
	}
	v, err := engine(t, "").Validate(context.Background(), storeOf(objs), request(t, Create, nil, strict))
	if err != nil {
		t.Fatal(err)
	}
	if v.Allowed {
		t.Fatalf("allowed: %+v", v)
	}
	var rules []string
	for _, f := range v.Findings {
		rules = append(rules, f.Rule)
		if f.Rule == "ML101" && !strings.Contains(f.Message, "HTTPRoute/blog-system/") {
			t.Errorf("ML101 does not name the route: %s", f.Message)
		}
	}
	if !slices.Contains(rules, "ML101") {
		t.Errorf("denied for %v, not ML101", rules)
	}
}

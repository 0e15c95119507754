package e2e

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/render"
	"github.com/meshlint/meshlint/internal/tree"
)

// gatewayDir is the blog stack behind a Gateway of Istio's class, a
// kustomize overlay.
const gatewayDir = "manifests/blog-system-gateway"

// gatewayStack builds the overlay as kubectl apply -k does, with the
// application's namespace renamed to ns and the Gateway's (blog-gateway)
// to ns-edge (the Gateway's namespace selector follows), and its
// GatewayClass set to class. The platform objects (istio-system's) are
// shared: TestMain creates them.
func gatewayStack(t tb, ns, class string) stack {
	t.Helper()
	res, err := render.Kustomize(filepath.Join(repoRoot(), gatewayDir))
	if err != nil {
		t.Fatalf("build %s: %v", gatewayDir, err)
	}
	var out stack
	for _, f := range res.Files {
		text := strings.ReplaceAll(string(f.Data), "blog-gateway", ns+"-edge")
		text = strings.ReplaceAll(text, reportNamespace, ns)
		text = strings.ReplaceAll(text, "gatewayClassName: istio", "gatewayClassName: "+class)
		loaded := manifest.LoadBytes(f.Name, []byte(text), manifest.Options{})
		if len(loaded.Errors) > 0 {
			t.Fatalf("load %s: %v", f.Name, loaded.Errors)
		}
		for _, o := range loaded.Objects {
			if home := mesh.NamespaceOf(o); home == ns || home == ns+"-edge" || o.Kind == "Namespace" && (o.Name == ns || o.Name == ns+"-edge") {
				out = append(out, o)
			}
		}
	}
	return out
}

// The Istio-class stack applies cleanly, STRICT included: the Gateway's
// Envoy is a proxy of the mesh and sends Istio mTLS to web.
func TestIstioClassGatewayStackAppliesCleanly(t *testing.T) {
	ctx := context.Background()
	c := newClient(t)
	s := gatewayStack(t, "blog-gw-istio", "istio")
	pa := s.find(t, "PeerAuthentication", "default")
	if mode := tree.String(pa.Body, "spec", "mtls", "mode"); mode != "STRICT" {
		t.Fatalf("the overlay's namespace PeerAuthentication is %q, not STRICT", mode)
	}
	for _, o := range s {
		if v := c.create(ctx, t, o, false); !v.allowed {
			t.Fatalf("create %s: %s", o.Ref(), v)
		}
	}
}

// The same stack behind Envoy Gateway, whose proxies run outside the mesh
// in envoy-gateway-system (its default): STRICT is denied with ML101, the
// Envoy's plaintext would be reset (503 from the gateway).
func TestEnvoyGatewayInFrontOfStrictIsDenied(t *testing.T) {
	ctx := context.Background()
	c := newClient(t)
	const ns = "blog-gw-envoy"
	class := envoyGatewayClass(t)
	s := gatewayStack(t, ns, class.Name).with(class, envoyGatewaySystem(t))
	strict := s.find(t, "PeerAuthentication", "default")
	setup := s.without("PeerAuthentication", "default")
	applyAll(ctx, t, c, setup)
	want := newErrors(t, platform(t), setup, setup.with(strict))
	real := denied(ctx, t, c, strict, want, "ML101")
	if !strings.Contains(real.message, "HTTPRoute") {
		t.Errorf("the denial does not name the route:\n%s", real.message)
	}
}

// envoyGatewayClass is the GatewayClass of Envoy Gateway's quickstart
// (controllerName from internal/gatewayapi of envoyproxy/gateway), named
// for this suite.
func envoyGatewayClass(t tb) *manifest.Object {
	return inline(t, `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: eg-e2e}
spec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}
`)
}

// envoyGatewaySystem is the namespace Envoy Gateway runs its proxies in,
// without injection (the Helm chart's default).
func envoyGatewaySystem(t tb) *manifest.Object {
	return inline(t, "apiVersion: v1\nkind: Namespace\nmetadata: {name: envoy-gateway-system}\n")
}

func inline(t tb, text string) *manifest.Object {
	t.Helper()
	res := manifest.LoadBytes("inline.yaml", []byte(text), manifest.Options{})
	if len(res.Errors) > 0 || len(res.Objects) != 1 {
		t.Fatalf("load %q: %v", text, res.Errors)
	}
	return res.Objects[0]
}

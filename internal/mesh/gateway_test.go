package mesh

import (
	"strings"
	"testing"
)

func TestHostnameIntersection(t *testing.T) {
	cases := []struct {
		sentence, listener string
		route              []string
		want               []string
		ok                 bool
	}{
		{"a listener without hostname serves the route's", "", []string{"a.example.com"}, []string{"a.example.com"}, true},
		{"a route without hostnames takes the listener's", "a.example.com", nil, []string{"a.example.com"}, true},
		{"equal names intersect", "a.example.com", []string{"A.example.com"}, []string{"A.example.com"}, true},
		{"a wildcard listener takes a name under it", "*.example.com", []string{"a.b.example.com"}, []string{"a.b.example.com"}, true},
		{"a wildcard does not take its apex", "*.example.com", []string{"example.com"}, nil, false},
		{"a wildcard route under an exact listener serves the listener's", "a.example.com", []string{"*.example.com"}, []string{"a.example.com"}, true},
		{"two wildcards: the narrower is served", "*.example.com", []string{"*.a.example.com"}, []string{"*.a.example.com"}, true},
		{"other names do not intersect", "a.example.com", []string{"b.example.com"}, nil, false},
	}
	for _, c := range cases {
		t.Run(c.sentence, func(t *testing.T) {
			got, ok := intersect(c.listener, &Route{Kind: "HTTPRoute", Hostnames: c.route})
			if ok != c.ok || strings.Join(got, ",") != strings.Join(c.want, ",") {
				t.Errorf("got %v %v, want %v %v", got, ok, c.want, c.ok)
			}
		})
	}
}

const gwWeb = `
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled, team: shop}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: web, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 8080}, {name: http-admin, port: 81, targetPort: 8080}]
`

func gwDoc(class, listeners, routeSpec string) string {
	return gwWeb + `---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge, namespace: infra}
spec:
  gatewayClassName: ` + class + `
  listeners: ` + listeners + `
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: HTTPRoute
metadata: {name: web, namespace: shop}
spec:
` + routeSpec
}

const allFrom = `[{name: http, protocol: HTTP, port: 80, hostname: "*.example.com", allowedRoutes: {namespaces: {from: All}}}]`

func TestRouteAttachment(t *testing.T) {
	parent := "  parentRefs: [{name: edge, namespace: infra%s}]\n  hostnames: [%s]\n"
	cases := []struct {
		sentence, listeners, extra, hosts, reason string
	}{
		{"from All admits any namespace", allFrom, "", "shop.example.com", ""},
		{"from Same (the default) admits only the Gateway's namespace", `[{name: http, protocol: HTTP, port: 80}]`, "", "shop.example.com", "NotAllowedByListeners"},
		{"from Selector matches the namespace's labels", `[{name: http, protocol: HTTP, port: 80, allowedRoutes: {namespaces: {from: Selector, selector: {matchLabels: {team: shop}}}}}]`, "", "a.b", ""},
		{"from Selector with matchExpressions", `[{name: http, protocol: HTTP, port: 80, allowedRoutes: {namespaces: {from: Selector, selector: {matchExpressions: [{key: team, operator: In, values: [pay]}]}}}}]`, "", "a.b", "NotAllowedByListeners"},
		{"a TLS listener does not take HTTPRoutes", `[{name: tls, protocol: TLS, port: 443, allowedRoutes: {namespaces: {from: All}}}]`, "", "a.b", "NotAllowedByListeners"},
		{"sectionName picks the listener", allFrom, ", sectionName: https", "shop.example.com", "NoMatchingParent"},
		{"port picks the listener", allFrom, ", port: 8080", "shop.example.com", "NoMatchingParent"},
		{"hostnames must intersect", allFrom, "", "shop.example.org", "NoMatchingListenerHostname"},
	}
	for _, c := range cases {
		t.Run(c.sentence, func(t *testing.T) {
			m := build(t, gwDoc("istio", c.listeners, strings.Replace(strings.Replace(parent, "%s", c.extra, 1), "%s", c.hosts, 1)+
				"  rules: [{backendRefs: [{name: web, port: 80}]}]\n"))
			a := m.Routes[0].Attachments[0]
			if a.Reason != c.reason || a.Attached() != (c.reason == "") {
				t.Fatalf("attached %v reason %q (%s), want %q", a.Attached(), a.Reason, a.Why, c.reason)
			}
			if hops := len(m.Hops); (hops > 0) != a.Attached() {
				t.Errorf("%d hops for attached=%v", hops, a.Attached())
			}
		})
	}
}

func TestGatewayBackendRefs(t *testing.T) {
	route := "  parentRefs: [{name: edge, namespace: infra}]\n  rules:\n  - backendRefs: %s\n"
	cases := []struct {
		sentence, refs string
		ports          []int
	}{
		{"a Service backendRef makes one hop per endpoint", `[{name: web, port: 80}]`, []int{80}},
		{"weight 0 sends nothing", `[{name: web, port: 80, weight: 0}, {name: web, port: 81}]`, []int{81}},
		{"a backendRef of another kind makes no hop", `[{group: gateway.envoyproxy.io, kind: Backend, name: web, port: 80}]`, nil},
		{"a Service backendRef without port is invalid", `[{name: web}]`, nil},
		{"a port the Service lacks makes no hop", `[{name: web, port: 9000}]`, nil},
		{"a backendRef into another namespace without a ReferenceGrant makes no hop", `[{name: web, namespace: other, port: 80}]`, nil},
	}
	for _, c := range cases {
		t.Run(c.sentence, func(t *testing.T) {
			m := build(t, gwDoc("istio", allFrom, strings.Replace(route, "%s", c.refs, 1)))
			var got []int
			for _, h := range m.Hops {
				got = append(got, h.Port.Port)
			}
			if len(got) != len(c.ports) || (len(got) > 0 && got[0] != c.ports[0]) {
				t.Errorf("hop ports %v, want %v", got, c.ports)
			}
		})
	}
}

func TestReferenceGrantPermitsTheBackend(t *testing.T) {
	doc := gwDoc("istio", allFrom, "  parentRefs: [{name: edge, namespace: infra}]\n  rules: [{backendRefs: [{name: web, port: 80}]}]\n")
	doc = strings.Replace(doc, "metadata: {name: web, namespace: shop}\nspec:\n  parentRefs", "metadata: {name: web, namespace: infra}\nspec:\n  parentRefs", 1)
	doc = strings.Replace(doc, "backendRefs: [{name: web, port: 80}]", "backendRefs: [{name: web, namespace: shop, port: 80}]", 1)
	if m := build(t, doc); len(m.Hops) != 0 {
		t.Fatalf("%d hops without a ReferenceGrant", len(m.Hops))
	}
	grant := "---\napiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata: {name: g, namespace: shop}\n" +
		"spec: {from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: infra}], to: [{group: '', kind: Service}]}\n"
	if m := build(t, doc+grant); len(m.Hops) != 1 {
		t.Fatalf("%d hops with a ReferenceGrant, want 1", len(m.Hops))
	}
}

func TestGatewayHopHost(t *testing.T) {
	cases := []struct {
		sentence, rule, value, origin string
	}{
		{"the client's Host, from the route's hostnames", `{backendRefs: [{name: web, port: 80}]}`, "shop.example.com", "gateway"},
		{"a URLRewrite hostname", `{filters: [{type: URLRewrite, urlRewrite: {hostname: web.shop}}], backendRefs: [{name: web, port: 80}]}`, "web.shop", "urlrewrite"},
		{"a RequestHeaderModifier set of Host, in any case", `{filters: [{type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: HOST, value: web}]}}], backendRefs: [{name: web, port: 80}]}`, "web", "header-modifier"},
		{"a backendRef's own filter wins over the rule's", `{filters: [{type: URLRewrite, urlRewrite: {hostname: a}}], backendRefs: [{name: web, port: 80, filters: [{type: URLRewrite, urlRewrite: {hostname: b}}]}]}`, "b", "urlrewrite"},
	}
	for _, c := range cases {
		t.Run(c.sentence, func(t *testing.T) {
			m := build(t, gwDoc("eg", allFrom, "  parentRefs: [{name: edge, namespace: infra}]\n  hostnames: [shop.example.com]\n  rules: ["+c.rule+"]\n"))
			if len(m.Hops) == 0 {
				t.Fatal("no hop")
			}
			h := m.Hops[0].Host
			if h.Value != c.value || h.Origin != c.origin {
				t.Errorf("Host %q from %s, want %q from %s", h.Value, h.Origin, c.value, c.origin)
			}
		})
	}
}

func TestUnknownAttachmentIsExplained(t *testing.T) {
	m := build(t, gwWeb+"---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: web, namespace: shop}\n"+
		"spec: {parentRefs: [{name: edge, namespace: infra}], rules: [{backendRefs: [{name: web, port: 80}]}]}\n")
	if len(m.Hops) != 0 {
		t.Fatalf("%d hops through a Gateway the inputs lack", len(m.Hops))
	}
	for _, p := range m.Undecided() {
		if strings.Contains(p.Msg, "attaches to Gateway infra/edge is unknown") {
			return
		}
	}
	t.Errorf("--explain does not name the missing Gateway: %+v", m.Undecided())
}

package admission

import (
	"slices"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
)

func TestScope(t *testing.T) {
	e := engine(t, "ingressClasses:\n  - {name: other, namespace: edge}\n")
	s := storeOf(load(t, finalStack))
	setAll(t, s, nginxProxy("app-a", "web-service.blog-system"), nginxProxy("app-c", "unrelated.app-d"),
		externalSE, nginxProxy("app-d", "api.example.com"))
	always := []string{"edge", "ingress-nginx", "istio-system"}
	cases := []struct {
		sentence string
		obj      string
		want     []string // namespaces besides the object's own and always
		absent   []string
		all      bool
	}{
		{"a Service change in blog-system reaches app-a, whose nginx proxies to it",
			"apiVersion: v1\nkind: Service\nmetadata: {name: web-service, namespace: blog-system}\n",
			[]string{"blog-system", "app-a"}, []string{"app-c", "app-d"}, false},
		{"a ConfigMap proxying to another namespace reaches it",
			nginxProxy("app-x", "api.app-y.svc.cluster.local"), []string{"app-x", "app-y"}, []string{"app-a", "app-c"}, false},
		{"a ConfigMap proxying to an external host reaches the ServiceEntry declaring it",
			nginxProxy("app-x", "api.example.com"), []string{"app-x", "app-c"}, []string{"app-a"}, false},
		{"a ServiceEntry reaches the namespaces calling its hosts",
			"apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: se, namespace: app-x}\nspec: {hosts: [api.example.com]}\n",
			[]string{"app-x", "app-c", "app-d"}, []string{"app-a"}, false},
		{"a DestinationRule for one namespace's wildcard reaches it and its referrers",
			"apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: dr, namespace: app-x}\nspec: {host: \"*.blog-system.svc.cluster.local\"}\n",
			[]string{"app-x", "blog-system", "app-a"}, []string{"app-c"}, false},
		{"a Namespace's labels reach the namespaces calling into it",
			"apiVersion: v1\nkind: Namespace\nmetadata: {name: blog-system}\n", []string{"blog-system", "app-a"}, []string{"app-c"}, false},
		{"a change in the root namespace reaches every namespace",
			"apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: deny-all, namespace: istio-system}\nspec: {}\n", nil, nil, true},
		{"a DestinationRule of the root namespace reaches its host's namespace and those calling it",
			"apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: dr, namespace: istio-system}\nspec: {host: web-service.blog-system.svc.cluster.local}\n",
			[]string{"blog-system", "app-a"}, []string{"app-c", "app-d"}, false},
		{"a root namespace's DestinationRule for every Service reaches every namespace",
			"apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: dr, namespace: istio-system}\nspec: {host: \"*.svc.cluster.local\"}\n", nil, nil, true},
		{"a VirtualService for a Service of another namespace reaches those calling it",
			"apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: vs, namespace: app-x}\nspec: {hosts: [web-service.blog-system.svc.cluster.local]}\n",
			[]string{"app-x", "blog-system", "app-a"}, []string{"app-c", "app-d"}, false},
		{"an IngressClass reaches every namespace",
			"apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: nginx}\n", nil, nil, true},
		{"an ingress controller reaches every namespace", controller, nil, nil, true},
		// The injector's webhooks and policy decide who has a sidecar in
		// every namespace (Istio: pkg/kube/inject/webhook.go injectRequired).
		{"the injector's MutatingWebhookConfiguration reaches every namespace",
			"apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\nmetadata: {name: istio-sidecar-injector-canary}\n", nil, nil, true},
		{"the injector's ConfigMap outside the root namespace reaches every namespace",
			"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: istio-sidecar-injector, namespace: istiod}\ndata: {config: \"policy: disabled\"}\n", nil, nil, true},
		{"an ingress controller namespace's labels reach every namespace",
			"apiVersion: v1\nkind: Namespace\nmetadata: {name: ingress-nginx}\n", nil, nil, true},
		{"a DestinationRule for every Service reaches every namespace",
			"apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: dr, namespace: app-x}\nspec: {host: \"*.svc.cluster.local\"}\n", nil, nil, true},
		{"a VirtualService for every host reaches every namespace",
			"apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: vs, namespace: app-x}\nspec: {hosts: [\"*\"]}\n", nil, nil, true},
	}
	for _, tc := range cases {
		o := yamlObject(t, tc.obj)
		sc := e.scopeOf(s, &change{new: o, home: home(o)})
		if sc.all != tc.all {
			t.Errorf("%s: all = %v", tc.sentence, sc.all)
		}
		want := append(slices.Clone(always), tc.want...)
		if tc.all {
			want = s.Namespaces()
		}
		if slices.Contains(sc.namespaces, "") {
			t.Errorf("%s: scope %v holds the empty namespace", tc.sentence, sc.namespaces)
		}
		for _, ns := range want {
			if !slices.Contains(sc.namespaces, ns) {
				t.Errorf("%s: scope %v lacks %s", tc.sentence, sc.namespaces, ns)
			}
		}
		for _, ns := range tc.absent {
			if slices.Contains(sc.namespaces, ns) {
				t.Errorf("%s: scope %v holds %s", tc.sentence, sc.namespaces, ns)
			}
		}
	}
}

// injectorConfigs is what internal/mesh injector_load.go loadInjectors
// reads of the objects as the injector's webhooks.
func injectorConfigs(o *manifest.Object) bool {
	return o.Kind == "MutatingWebhookConfiguration" && strings.HasPrefix(o.APIVersion, "admissionregistration.k8s.io/")
}

// TestReadsIsWhatTheModelIndexes holds Reads to mesh.Build: an object is
// read exactly when the model indexes it.
func TestReadsIsWhatTheModelIndexes(t *testing.T) {
	objs := append(load(t, finalStack), load(t, blogSystem)...)
	for _, text := range []string{
		"apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n",
		"apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: {name: s}\n",
		"apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: {name: s}\n",
		"apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: s}\n",
		"apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: s}\n",
		"apiVersion: networking.istio.io/v1\nkind: Deployment\nmetadata: {name: s}\n",
		"apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: s}\n",
		"apiVersion: v1\nkind: Pod\nmetadata: {name: s}\n",
		"apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: s}\nspec: {hosts: [s.example.com]}\n", // hosts is required (ML001 otherwise)
		"apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: s}\n",
		"apiVersion: example.com/v1\nkind: ConfigMap\nmetadata: {name: s}\n",
		"apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\nmetadata: {name: istio-sidecar-injector}\n",
		"apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\nmetadata: {name: istio-validator}\n",
		"apiVersion: example.com/v1\nkind: MutatingWebhookConfiguration\nmetadata: {name: s}\n",
		// Gateway API and the ingress controllers' own kinds, and look-alikes of other groups.
		"apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: s}\nspec: {controllerName: example.com/gw}\n",
		"apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: s}\nspec: {gatewayClassName: eg, listeners: [{name: h, port: 80, protocol: HTTP}]}\n",
		"apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: s}\nspec: {gatewayClassName: istio-waypoint, listeners: [{name: m, port: 15008, protocol: HBONE}]}\n",
		"apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: s}\nspec: {parentRefs: [{name: g}]}\n",
		"apiVersion: gateway.networking.k8s.io/v1\nkind: GRPCRoute\nmetadata: {name: s}\nspec: {parentRefs: [{name: g}]}\n",
		"apiVersion: gateway.networking.k8s.io/v1\nkind: TLSRoute\nmetadata: {name: s}\nspec: {parentRefs: [{name: g}]}\n",
		"apiVersion: gateway.networking.k8s.io/v1\nkind: TCPRoute\nmetadata: {name: s}\nspec: {parentRefs: [{name: g}]}\n",
		"apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata: {name: s}\nspec: {from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: a}], to: [{group: \"\", kind: Service}]}\n",
		"apiVersion: gateway.networking.k8s.io/v1\nkind: BackendTLSPolicy\nmetadata: {name: s}\nspec: {targetRefs: [{group: \"\", kind: Service, name: web}], validation: {hostname: web, wellKnownCACertificates: System}}\n",
		"apiVersion: k8s.nginx.org/v1\nkind: VirtualServer\nmetadata: {name: s}\nspec: {host: a.example.com}\n",
		"apiVersion: k8s.nginx.org/v1\nkind: VirtualServerRoute\nmetadata: {name: s}\nspec: {host: a.example.com}\n",
		"apiVersion: k8s.nginx.org/v1\nkind: TransportServer\nmetadata: {name: s}\nspec: {listener: {name: tcp, protocol: TCP}}\n",
		"apiVersion: traefik.io/v1alpha1\nkind: IngressRoute\nmetadata: {name: s}\nspec: {routes: []}\n",
		"apiVersion: traefik.containo.us/v1alpha1\nkind: IngressRoute\nmetadata: {name: s}\nspec: {routes: []}\n",
		"apiVersion: traefik.io/v1alpha1\nkind: IngressRouteTCP\nmetadata: {name: s}\nspec: {routes: []}\n",
		"apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: EnvoyProxy\nmetadata: {name: s}\nspec: {}\n",
		"apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: BackendTrafficPolicy\nmetadata: {name: s}\nspec: {}\n",
		"apiVersion: gateway.nginx.org/v1alpha2\nkind: NginxProxy\nmetadata: {name: s}\nspec: {}\n",
		"apiVersion: gateway.nginx.org/v1alpha1\nkind: UpstreamSettingsPolicy\nmetadata: {name: s}\nspec: {}\n",
		"apiVersion: example.com/v1\nkind: Gateway\nmetadata: {name: s}\n",
		"apiVersion: example.com/v1\nkind: VirtualServer\nmetadata: {name: s}\n",
	} {
		objs = append(objs, yamlObject(t, text))
	}
	for _, o := range objs {
		m := mesh.Build([]*manifest.Object{o}, mesh.DefaultSettings())
		indexed := len(m.Workloads)+len(m.Services)+len(m.ConfigMaps)+len(m.Ingresses)+len(m.IngressClasses)+
			len(m.PeerAuths)+len(m.DestRules)+len(m.VirtualSvcs)+len(m.AuthzPolicies)+len(m.ServiceEntries)+len(m.Sidecars)+
			m.RoutingObjects() > 0 ||
			o.Kind == "Namespace" && m.Namespaces[o.Name] != nil && m.Namespaces[o.Name].Declared ||
			injectorConfigs(o) // read by loadInjectors from m.Objects, indexed nowhere else
		if Reads(o) != indexed {
			t.Errorf("%s %s: Reads = %v, the model indexes it: %v", o.APIVersion, o.Ref(), Reads(o), indexed)
		}
		if Reads(o) && !readsKind(o.Kind) {
			t.Errorf("%s: read, but readsKind(%s) is false", o.Ref(), o.Kind)
		}
	}
}

package admission

import "testing"

func TestRedactKeepsTheRequestersNamespaceAndClusterScopedObjects(t *testing.T) {
	namespaces := []string{"blog", "ingress-nginx", "istio-system"}
	cases := []struct{ sentence, home, text, want string }{
		{"an object of the request's namespace keeps its name", "blog", "Deployment/blog/web reaches it", "Deployment/blog/web reaches it"},
		{"an object of another namespace is named by kind only", "blog", "controller Deployment/ingress-nginx/ingress-nginx-controller serves it",
			"controller a Deployment in another namespace serves it"},
		{"the root namespace is another namespace too", "blog", "PeerAuthentication/istio-system/default makes it STRICT",
			"a PeerAuthentication in another namespace makes it STRICT"},
		{"a kind with a vowel takes an", "blog", "AuthorizationPolicy/istio-system/deny-all", "an AuthorizationPolicy in another namespace"},
		{"a cluster-scoped object keeps its name", "blog", "IngressClass/nginx is served by it", "IngressClass/nginx is served by it"},
		{"another namespace named in prose is another namespace", "blog", "namespace ingress-nginx has no injection label; set it for namespace blog",
			"another namespace has no injection label; set it for namespace blog"},
		{"prose that names no namespace is left alone", "blog", "the namespace is meshed", "the namespace is meshed"},
		{"a replacement is not read again", "blog", "Deployment/ingress-nginx/x makes", "a Deployment in another namespace makes"},
		{"a cluster-scoped request is answered in full", "", "Deployment/ingress-nginx/x", "Deployment/ingress-nginx/x"},
	}
	for _, tc := range cases {
		if got := Redact(tc.home, namespaces, tc.text); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.sentence, got, tc.want)
		}
	}
}

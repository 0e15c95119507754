package mesh

import (
	"testing"

	"go.yaml.in/yaml/v3"
)

// Istio: pilot/pkg/security/authz/model/model.go (sources ORed, fields
// ANDed, not* = NOT(authenticated matcher)); TestAuthz_DenyPlaintext.
func TestDenyRuleMatchesPlaintext(t *testing.T) {
	cases := []struct {
		name, rule string
		denies     bool
	}{
		{"notPrincipals * denies plaintext", `from: [{source: {notPrincipals: ["*"]}}]`, true},
		{"notNamespaces denies plaintext", `from: [{source: {notNamespaces: [shop]}}]`, true},
		{"notServiceAccounts denies plaintext", `from: [{source: {notServiceAccounts: [shop/web]}}]`, true},
		{"principals never match plaintext", `from: [{source: {principals: ["*"]}}]`, false},
		{"a second source with notPrincipals is enough (ORed)", `from: [{source: {principals: [a]}}, {source: {notPrincipals: ["*"]}}]`, true},
		{"notPrincipals ANDed with ipBlocks depends on the address", `from: [{source: {notPrincipals: ["*"], ipBlocks: [10.0.0.0/8]}}]`, false},
		{"ports in to are checked per hop", `{from: [{source: {notPrincipals: ["*"]}}], to: [{operation: {ports: ["80"]}}]}`, true},
		{"paths in to depend on the request", `{from: [{source: {notPrincipals: ["*"]}}], to: [{operation: {paths: [/admin]}}]}`, false},
		{"a when on the source principal's notValues denies plaintext", `when: [{key: source.principal, notValues: ["*"]}]`, true},
		{"a when on a header depends on the request", `{from: [{source: {notPrincipals: ["*"]}}], when: [{key: "request.headers[x]", values: [a]}]}`, false},
		{"a rule without conditions denies everyone, not for want of identity", `{}`, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var r map[string]any
			if err := yaml.Unmarshal([]byte(c.rule), &r); err != nil {
				t.Fatal(err)
			}
			if got := deniesPlaintext(r); got != c.denies {
				t.Errorf("deniesPlaintext = %v, want %v", got, c.denies)
			}
		})
	}
}

// Istio: pilot/pkg/model/sidecar.go convertIstioListenerToWrapper and
// selectServices.
func TestSidecarEgressImports(t *testing.T) {
	api := &Service{Namespace: "shop", Name: "api"}
	fqdn := "api.shop.svc.cluster.local"
	cases := []struct {
		name   string
		port   int
		hosts  []string
		client string
		want   bool
	}{
		{"*/* imports everything", 0, []string{"*/*"}, "web", true},
		{"./* is the client's namespace", 0, []string{"./*"}, "web", false},
		{"./* from the Service's own namespace", 0, []string{"./*"}, "shop", true},
		{"ns/fqdn imports that host", 0, []string{"shop/" + fqdn}, "web", true},
		{"a wildcard host", 0, []string{"*/*.shop.svc.cluster.local"}, "web", true},
		{"another namespace's hosts do not", 0, []string{"billing/*"}, "web", false},
		{"an exclusion wins over an import", 0, []string{"shop/*", "~shop/" + fqdn}, "web", false},
		{"~/* excludes everything", 0, []string{"*/*", "~/*"}, "web", false},
		{"a listener on another port imports nothing on this one", 9090, []string{"*/*"}, "web", false},
		{"a listener on this port", 8080, []string{"*/*"}, "web", true},
		{"a host without a slash is ignored", 0, []string{fqdn}, "web", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := EgressListener{Port: c.port}
			for _, h := range c.hosts {
				if eh, ok := parseEgressHost(h); ok {
					l.Hosts = append(l.Hosts, eh)
				}
			}
			sc := &SidecarRes{Egress: []EgressListener{l}}
			if got := sc.Imports(api, 8080, c.client, fqdn); got != c.want {
				t.Errorf("Imports = %v, want %v", got, c.want)
			}
		})
	}
}

package mesh

import (
	"testing"

	"github.com/meshlint/meshlint/internal/manifest"
)

// build loads YAML text into a model with default settings.
func build(t *testing.T, yaml string) *Model {
	t.Helper()
	res := manifest.LoadBytes("test.yaml", []byte(yaml), manifest.Options{})
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	return Build(res.Objects, DefaultSettings())
}

func TestConvertProtocol(t *testing.T) {
	cases := []struct {
		name                    string
		port                    int
		portName, kube, appProt string
		want                    Protocol
		declared                bool
	}{
		{"a name prefix before the first dash decides", 8080, "http-web", "", "", HTTP, true},
		{"prefixes are case-insensitive", 8080, "HTTP2-api", "", "", HTTP2, true},
		{"grpc-web is checked before the dash split", 8080, "grpc-web-x", "", "", GRPCWeb, true},
		{"appProtocol wins over the name", 8080, "tcp-x", "", "http", HTTP, true},
		{"kubernetes.io/h2c is HTTP2", 8080, "", "", "kubernetes.io/h2c", HTTP2, true},
		{"kubernetes.io/ws is HTTP", 8080, "", "", "kubernetes.io/ws", HTTP, true},
		{"kubernetes.io/wss is HTTPS", 8080, "", "", "kubernetes.io/wss", HTTPS, true},
		{"an unknown appProtocol does not fall back to the name", 8080, "http", "", "custom", Sniffed, false},
		{"UDP wins over everything", 8080, "http", "UDP", "http", UDP, true},
		{"an unnamed port is sniffed", 8080, "", "", "", Sniffed, false},
		{"an unknown prefix is sniffed", 8080, "web", "", "", Sniffed, false},
		{"3306 unnamed is TCP", 3306, "", "", "", TCP, false},
		{"27017 unnamed is TCP", 27017, "", "", "", TCP, false},
		{"25 unnamed is TCP", 25, "", "", "", TCP, false},
		{"53 unnamed is TCP", 53, "", "", "", TCP, false},
		{"mysql prefix is MySQL", 3307, "mysql-main", "", "", MySQL, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, declared := ConvertProtocol(c.port, c.portName, c.kube, c.appProt)
			if got != c.want || declared != c.declared {
				t.Errorf("got %s/%v, want %s/%v", got, declared, c.want, c.declared)
			}
		})
	}
}

const domainsYAML = `
apiVersion: v1
kind: Service
metadata: {name: was, namespace: app}
spec:
  clusterIP: 10.0.0.7
  ports: [{name: http, port: 8080}]
`

func TestVirtualHostDomains(t *testing.T) {
	m := build(t, domainsYAML)
	svc := m.Service("app", "was")
	cases := []struct {
		name, host, client string
		want               bool
	}{
		{"the bare name matches from the same namespace", "was", "app", true},
		{"the bare name does not match from another namespace", "was", "web", false},
		{"svc.ns matches from anywhere", "was.app", "web", true},
		{"svc.ns.svc matches", "was.app.svc", "web", true},
		{"the FQDN matches", "was.app.svc.cluster.local", "web", true},
		{"the FQDN with a trailing dot matches", "was.app.svc.cluster.local.", "web", true},
		{"the ClusterIP matches", "10.0.0.7", "web", true},
		{"another namespace's name does not match", "was.other", "app", false},
		{"an external name does not match", "blog.example.com", "app", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := m.VirtualHostDomain(svc, NormalizeHost(c.host), c.client); got != c.want {
				t.Errorf("got %v", got)
			}
		})
	}
}

func TestNormalizeHostDropsThePortAndCase(t *testing.T) {
	for in, want := range map[string]string{"Was:8080": "was", "was": "was", "[::1]:80": "::1", " WAS.app ": "was.app"} {
		if got := NormalizeHost(in); got != want {
			t.Errorf("NormalizeHost(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestResolveShortName(t *testing.T) {
	m := build(t, "")
	cases := map[string]string{
		"was":                       "was.app.svc.cluster.local",
		"was.app":                   "was.app", // a dotted name is taken as fully qualified
		"*":                         "*",
		"*.app.svc.cluster.local":   "*.app.svc.cluster.local",
		"was.app.svc.cluster.local": "was.app.svc.cluster.local",
	}
	for in, want := range cases {
		if got := m.resolveShortName(in, "app"); got != want {
			t.Errorf("resolveShortName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestServiceMetadataReadAsTheObjectsStrings: the Service's use-waypoint
// labels and Traefik's nativelb annotation, read as the Service is
// constructed (a lint lets go of its metadata afterwards), are what
// manifest.Object.Labels and Annotations give: a value that is not a
// string is no value.
func TestServiceMetadataReadAsTheObjectsStrings(t *testing.T) {
	for _, v := range []string{`waypoint`, `"true"`, `true`, `""`, `~`, `7`, `[a]`} {
		text := "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\n  labels:\n    " +
			labelUseWaypoint + ": " + v + "\n    " + labelUseWaypointNS + ": " + v + "\n    app: web\n  annotations:\n    " +
			annTraefikNativeLB + ": " + v + "\n"
		res := manifest.LoadBytes("svc.yaml", []byte(text), manifest.Options{})
		if len(res.Errors) > 0 || len(res.Objects) != 1 {
			t.Fatalf("%s: %v", v, res.Errors)
		}
		o := res.Objects[0]
		s := newService(o, "shop")
		for _, k := range []string{labelUseWaypoint, labelUseWaypointNS} {
			label, ok := o.Labels()[k]
			if got, has := s.waypointLabels[k]; got != label || has != ok {
				t.Errorf("%s: label %s %q (%v), the object's %q (%v)", v, k, got, has, label, ok)
			}
		}
		if want := o.Annotations()[annTraefikNativeLB] == "true"; s.nativeLB != want {
			t.Errorf("%s: nativelb %v, the object's annotation says %v", v, s.nativeLB, want)
		}
	}
}

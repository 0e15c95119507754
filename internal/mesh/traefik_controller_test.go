package mesh

import (
	"reflect"
	"testing"
)

// Cases follow paerser's flag parser (flag/flagparser.go parseOne), which
// Traefik's static configuration loader runs over os.Args.
func TestParseTraefikFlags(t *testing.T) {
	tests := []struct {
		name string
		argv []string
		want map[string]string
	}{
		{"sections alone are on", []string{"--providers.kubernetescrd", "--providers.kubernetesingress"},
			map[string]string{"providers.kubernetescrd": "true", "providers.kubernetesingress": "true"}},
		{"keys are case-insensitive, values are not", []string{"--providers.kubernetesIngress.ingressClass=Edge"},
			map[string]string{"providers.kubernetesingress.ingressclass": "Edge"}},
		{"a string option takes the next argument", []string{"--providers.kubernetesingress.ingressclass", "edge"},
			map[string]string{"providers.kubernetesingress.ingressclass": "edge"}},
		{"a section alone does not take the next argument", []string{"--providers.kubernetescrd", "x"},
			map[string]string{"providers.kubernetescrd": "true"}},
		{"-- ends the flags", []string{"--", "--providers.kubernetescrd"}, map[string]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseTraefikFlags(tt.argv); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("parseTraefikFlags(%q) = %v, want %v", tt.argv, got, tt.want)
			}
		})
	}
}

func TestDetectTraefik(t *testing.T) {
	c := Container{Image: "docker.io/traefik:v3.7.9", Args: []string{"--providers.kubernetescrd.allowCrossNamespace=true",
		"--providers.kubernetescrd.nativeLBByDefault=true", "--providers.kubernetesingress.namespaces=a,b"},
		Env: []EnvVar{{Name: "TRAEFIK_PROVIDERS_KUBERNETESINGRESS_INGRESSCLASS", Value: "edge"}}}
	got := detectTraefik(c).Traefik
	want := &TraefikProviders{CRD: TraefikProvider{On: true, NativeLB: true, CrossNS: true},
		Ingress: TraefikProvider{On: true, Class: "edge", Namespaces: []string{"a", "b"}},
		NGINX:   TraefikNginxProvider{Class: "nginx", ControllerClass: nginxControllerID}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("providers = %+v, want %+v", got, want)
	}
	if got := detectTraefik(Container{Image: "traefik/traefik:v3.7.9"}).Traefik; !got.FromFile || !got.CRD.On || !got.Ingress.On {
		t.Errorf("without provider options (a configuration file): %+v, want both providers on, FromFile", got)
	}
	if got := detectTraefik(Container{Image: "traefik:v3", Args: []string{"--providers.kubernetescrd=false", "--providers.file.directory=/x"}}).Traefik; got.CRD.On || got.Ingress.On {
		t.Errorf("providers turned off or others named: %+v, want none on", got)
	}
	if detectTraefik(Container{Image: "nginx:1.27"}) != nil {
		t.Error("nginx is no Traefik")
	}
}

// pkg/provider/kubernetes/ingress/kubernetes.go shouldProcessIngress and
// crd/kubernetes.go shouldProcessIngress.
func TestTraefikServesClasses(t *testing.T) {
	def := &TraefikProviders{CRD: TraefikProvider{On: true}, Ingress: TraefikProvider{On: true}}
	edge := &TraefikProviders{CRD: TraefikProvider{On: true, Class: "edge"}, Ingress: TraefikProvider{On: true, Class: "edge"}}
	checks := []struct {
		name      string
		got, want bool
	}{
		{"an IngressClass of Traefik's controller", def.servesIngress("any", traefikControllerID, "ns"), true},
		{"an IngressClass of another controller", def.servesIngress("nginx", nginxControllerID, "ns"), false},
		{"the annotation traefik without IngressClass", def.servesIngress("traefik", "", "ns"), true},
		{"no class at all (the option \"\" equals the missing annotation)", def.servesIngress("", "", "ns"), true},
		{"ingressClass edge: no class", edge.servesIngress("", "", "ns"), false},
		{"ingressClass edge: an IngressClass of Traefik named otherwise", edge.servesIngress("any", traefikControllerID, "ns"), false},
		{"ingressClass edge: edge", edge.servesIngress("edge", traefikControllerID, "ns"), true},
		{"an IngressRoute without class", def.servesCRD("", "ns"), true},
		{"an IngressRoute of class traefik", def.servesCRD("traefik", "ns"), true},
		{"an IngressRoute of another class", def.servesCRD("edge", "ns"), false},
		{"ingressClass edge: an IngressRoute without class", edge.servesCRD("", "ns"), false},
	}
	for _, ck := range checks {
		if ck.got != ck.want {
			t.Errorf("%s: %v, want %v", ck.name, ck.got, ck.want)
		}
	}
}

// pkg/provider/kubernetes/ingress-nginx: build.go shouldProcess,
// client.go filterIngressClass, kubernetes.go SetDefaults.
func TestTraefikIngressNginxProvider(t *testing.T) {
	tp := detectTraefik(Container{Image: "traefik:v3.7.9", Args: []string{"--providers.kubernetesingressnginx"}}).Traefik
	byName := detectTraefik(Container{Image: "traefik:v3.7.9", Args: []string{"--providers.kubernetesingressnginx.ingressClassByName=true",
		"--providers.kubernetesingressnginx.controllerClass=example.com/edge", "--providers.kubernetesingressnginx.watchIngressWithoutClass"}}).Traefik
	checks := []struct {
		name      string
		got, want bool
	}{
		{"an IngressClass of k8s.io/ingress-nginx", tp.servesIngress("nginx", nginxControllerID, "ns"), true},
		{"read with ingress-nginx's annotations", tp.nginxAnnotations("nginx", nginxControllerID, "ns"), true},
		{"the class annotation nginx", tp.servesIngress("nginx", "", "ns"), true},
		{"no class, watchIngressWithoutClass off", tp.servesIngress("", "", "ns"), false},
		{"an IngressClass of Traefik's own controller is not the nginx provider's", tp.servesIngress("t", traefikControllerID, "ns"), false},
		{"by name: an IngressClass named nginx of another controller", byName.servesIngress("nginx", "other.io/x", "ns"), true},
		{"its controllerClass", byName.servesIngress("x", "example.com/edge", "ns"), true},
		{"no class, watchIngressWithoutClass on", byName.NGINX.serves("", "", "ns"), true},
	}
	for _, ck := range checks {
		if ck.got != ck.want {
			t.Errorf("%s: %v, want %v", ck.name, ck.got, ck.want)
		}
	}
}

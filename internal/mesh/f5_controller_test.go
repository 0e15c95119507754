package mesh

import (
	"reflect"
	"testing"
)

// Cases follow Go's flag package (flag.go parseOne), which the F5
// controller's cmd/nginx-ingress flags.go parseFlags calls: flag.Parse().
func TestParseGoFlags(t *testing.T) {
	tests := []struct {
		name string
		argv []string
		want map[string]string
	}{
		{"-name=value", []string{"-ingress-class=a"}, map[string]string{"ingress-class": "a"}},
		{"--name=value is the same flag", []string{"--ingress-class=a"}, map[string]string{"ingress-class": "a"}},
		{"-name value takes the next argument", []string{"-ingress-class", "a", "-watch-namespace", "x,y"},
			map[string]string{"ingress-class": "a", "watch-namespace": "x,y"}},
		{"a value flag takes the next argument even when it looks like a flag", []string{"-ingress-class", "-nginx-plus"},
			map[string]string{"ingress-class": "-nginx-plus"}},
		{"a boolean alone is true and leaves the next argument", []string{"-nginx-plus", "-ingress-class=a"},
			map[string]string{"nginx-plus": "true", "ingress-class": "a"}},
		{"a boolean takes its value only after =", []string{"-enable-custom-resources=false"},
			map[string]string{"enable-custom-resources": "false"}},
		{"the first non-flag argument ends the flags", []string{"-ingress-class=a", "false", "-ingress-class=b"},
			map[string]string{"ingress-class": "a"}},
		{"-- ends the flags", []string{"-ingress-class=a", "--", "-ingress-class=b"}, map[string]string{"ingress-class": "a"}},
		{"bad syntax ends them (the program exits)", []string{"---x", "-ingress-class=b"}, map[string]string{}},
		{"a later occurrence wins", []string{"-ingress-class=a", "-ingress-class=b"}, map[string]string{"ingress-class": "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseGoFlags(tt.argv, f5BoolFlags); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("parseGoFlags(%q) = %v, want %v", tt.argv, got, tt.want)
			}
		})
	}
}

func TestDetectF5(t *testing.T) {
	tests := []struct {
		name string
		c    Container
		want *IngressController
	}{
		{"the Docker Hub image with the Helm chart's arguments",
			Container{Image: "nginx/nginx-ingress:5.5.4", Args: []string{"-nginx-configmaps=$(POD_NAMESPACE)/nginx-ingress", "-ingress-class=internal", "-watch-namespace=a, b"}},
			&IngressController{Program: ProgF5, Class: "internal", ControllerClass: f5ControllerID, CRDs: true, Namespaces: []string{"a", "b"}}},
		{"NGINX Plus from the private registry, defaults",
			Container{Image: "private-registry.nginx.com/nginx-ic/nginx-plus-ingress:5.5.4"},
			&IngressController{Program: ProgF5, Class: "nginx", ControllerClass: f5ControllerID, CRDs: true}},
		{"a custom image running the program, custom resources off",
			Container{Image: "example.com/nic:1", Args: []string{"/nginx-ingress", "-enable-custom-resources=False"}},
			&IngressController{Program: ProgF5, Class: "nginx", ControllerClass: f5ControllerID}},
		{"ingress-nginx's image is not F5's", Container{Image: "registry.k8s.io/ingress-nginx/controller:v1.11.2"}, nil},
		{"nor its old image", Container{Image: "quay.io/kubernetes-ingress-controller/nginx-ingress-controller:0.26.1"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := detectF5(tt.c); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("detectF5 = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// An F5 controller started with --ingress-class (Go's flag package takes
// two dashes too) is F5's, not an ingress-nginx recognised by the flag.
func TestF5IsNotMistakenForIngressNginx(t *testing.T) {
	w := &Workload{Containers: []Container{{Image: "nginx/nginx-ingress:5.5.4", Args: []string{"--ingress-class=a"}}}}
	if c := detectController(w); c == nil || c.Program != ProgF5 || c.Class != "a" {
		t.Fatalf("detectController = %+v, want the F5 controller of class a", c)
	}
}

// internal/k8s/controller.go HasCorrectIngressClass: Ingresses by class
// only; VirtualServers without class by every controller.
func TestF5ServesClasses(t *testing.T) {
	c := &IngressController{Program: ProgF5, Class: "nginx", CRDs: true, Namespaces: []string{"shop"}}
	checks := []struct {
		name string
		got  bool
		want bool
	}{
		{"an Ingress of its class", c.servesIngress("nginx", f5ControllerID, "shop"), true},
		{"an Ingress of its class without IngressClass object", c.servesIngress("nginx", "", "shop"), true},
		{"an IngressClass of ingress-nginx named like its class", c.servesIngress("nginx", nginxControllerID, "shop"), false},
		{"an Ingress of another class", c.servesIngress("other", f5ControllerID, "shop"), false},
		{"an Ingress of a namespace it does not watch", c.servesIngress("nginx", f5ControllerID, "blog"), false},
		{"a VirtualServer without class", c.f5ServesCRD("", "shop"), true},
		{"a VirtualServer of another class", c.f5ServesCRD("other", "shop"), false},
		{"a VirtualServer, custom resources off", (&IngressController{Program: ProgF5, Class: "nginx"}).f5ServesCRD("", "shop"), false},
	}
	for _, ck := range checks {
		if ck.got != ck.want {
			t.Errorf("%s: %v, want %v", ck.name, ck.got, ck.want)
		}
	}
}

func TestF5ProxySetHost(t *testing.T) {
	for ann, want := range map[string]string{"X-A: 1, Host: web.shop": "web.shop", " host ": "$http_host", "X-Host: a": ""} {
		if got, _ := f5ProxySetHost(ann); got != want {
			t.Errorf("f5ProxySetHost(%q) = %q, want %q", ann, got, want)
		}
	}
}

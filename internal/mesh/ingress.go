package mesh

import (
	"strconv"
	"strings"

	"github.com/meshlint/meshlint/internal/manifest"
)

const (
	annUpstreamVhost   = "nginx.ingress.kubernetes.io/upstream-vhost"
	annServiceUpstream = "nginx.ingress.kubernetes.io/service-upstream"
	annIngressClass    = "kubernetes.io/ingress.class"
	defaultNginxClass  = "nginx"
	nginxControllerID  = "k8s.io/ingress-nginx"
)

// Ingress is a networking.k8s.io Ingress with its backends.
type Ingress struct {
	Obj             *manifest.Object
	Ref             manifest.Ref
	Namespace       string
	Class           string // spec.ingressClassName or the legacy annotation
	UpstreamVhost   string
	ServiceUpstream bool
	Backends        []Backend
}

// Backend is one Service backend of an Ingress and the external hosts that
// reach it.
type Backend struct {
	Service  string
	PortNum  int
	PortName string
	Hosts    []string // rule hosts; empty = any
	Line     int
}

// IngressClass is an IngressClass object.
type IngressClass struct {
	Obj        *manifest.Object
	Name       string
	Controller string
	Default    bool
}

func newIngress(o *manifest.Object, ns string) *Ingress {
	ann := stringMap(mapAt(o.Body, "metadata", "annotations"))
	in := &Ingress{Obj: o, Ref: o.Ref(), Namespace: ns, UpstreamVhost: ann[annUpstreamVhost],
		ServiceUpstream: ann[annServiceUpstream] == "true"}
	in.Ref.Namespace = ns
	in.Class = strAt(o.Body, "spec", "ingressClassName")
	if in.Class == "" {
		in.Class = ann[annIngressClass]
	}
	if b, ok := backendOf(mapAt(o.Body, "spec", "defaultBackend"), nil); ok {
		b.Line = o.FieldLine("spec", "defaultBackend")
		in.Backends = append(in.Backends, b)
	}
	for i, r := range listAt(o.Body, "spec", "rules") {
		rm := asMap(r)
		var hosts []string
		if h := strAt(rm, "host"); h != "" {
			hosts = []string{h}
		}
		for j, p := range listAt(rm, "http", "paths") {
			if b, ok := backendOf(mapAt(asMap(p), "backend"), hosts); ok {
				b.Line = o.FieldLine("spec", "rules", strconv.Itoa(i), "http", "paths", strconv.Itoa(j), "backend", "service")
				in.Backends = append(in.Backends, b)
			}
		}
	}
	return in
}

func backendOf(b map[string]any, hosts []string) (Backend, bool) {
	svc := mapAt(b, "service")
	name := strAt(svc, "name")
	if name == "" {
		return Backend{}, false
	}
	n, _ := intAt(svc, "port", "number")
	return Backend{Service: name, PortNum: n, PortName: strAt(svc, "port", "name"), Hosts: hosts}, true
}

// IngressController is what a workload tells of the ingress controller it
// runs. Flags as ingress-nginx reads them (cmd/nginx/flags.go:
// --ingress-class default "nginx", --controller-class default
// "k8s.io/ingress-nginx").
type IngressController struct {
	Class           string
	ControllerClass string
}

func detectController(w *Workload) *IngressController {
	for _, c := range w.Containers {
		repo := ImageRepo(c.Image)
		isNginx := strings.Contains(repo, "ingress-nginx/controller") || strings.Contains(repo, "nginx-ingress-controller")
		hasFlag := false
		ic := &IngressController{Class: defaultNginxClass, ControllerClass: nginxControllerID}
		for _, a := range c.Args {
			if v, ok := flagValue(a, "--ingress-class"); ok {
				ic.Class, hasFlag = v, true
			}
			if v, ok := flagValue(a, "--controller-class"); ok {
				ic.ControllerClass, hasFlag = v, true
			}
			hasFlag = hasFlag || strings.HasSuffix(a, "/nginx-ingress-controller")
		}
		if isNginx || hasFlag {
			return ic
		}
	}
	return nil
}

func flagValue(arg, name string) (string, bool) {
	if v, ok := strings.CutPrefix(arg, name+"="); ok {
		return strings.Trim(v, `"'`), true
	}
	return "", false
}

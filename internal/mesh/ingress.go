package mesh

import (
	"path"
	"strconv"
	"strings"

	"github.com/meshlint/meshlint/internal/manifest"
)

const (
	annUpstreamVhost   = "upstream-vhost"
	annServiceUpstream = "service-upstream"
	annIngressClass    = "kubernetes.io/ingress.class"
	defaultNginxClass  = "nginx"
	nginxControllerID  = "k8s.io/ingress-nginx"
	// defaultAnnPrefix is ingress-nginx's --annotations-prefix default
	// (internal/ingress/annotations/parser/main.go DefaultAnnotationsPrefix).
	defaultAnnPrefix = "nginx.ingress.kubernetes.io"
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
	// AnnPrefix is the annotations prefix of the controller that serves
	// the Ingress; UpstreamVhost and ServiceUpstream are read under it
	// (readAnnotations, once the controllers are known).
	AnnPrefix string
	// Program is the proxy program serving the Ingress (ProgIngressNginx,
	// ProgF5, ProgTraefik): it decides which annotations mean anything.
	Program string
	// NginxAnnotations: ingress-nginx's annotations decide the hop (read
	// for ingress-nginx and Traefik's kubernetesIngressNGINX provider).
	NginxAnnotations bool
	annotations      map[string]string
	annotationsLine  int            // of metadata.annotations (read as built: body.go)
	annotationLines  map[string]int // of each annotation (read as built)
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
	ann := stringMap(mapAt(body(o), "metadata", "annotations"))
	in := &Ingress{Obj: o, Ref: o.Ref(), Namespace: ns, annotations: ann, AnnPrefix: defaultAnnPrefix}
	in.Ref.Namespace = ns
	in.annotationsLine = o.FieldLine("metadata", "annotations")
	in.annotationLines = make(map[string]int, len(ann))
	for k := range ann {
		in.annotationLines[k] = o.FieldLine("metadata", "annotations", k)
	}
	in.Class = strAt(body(o), "spec", "ingressClassName")
	if in.Class == "" {
		in.Class = ann[annIngressClass]
	}
	if b, ok := backendOf(mapAt(body(o), "spec", "defaultBackend"), nil); ok {
		b.Line = o.FieldLine("spec", "defaultBackend")
		in.Backends = append(in.Backends, b)
	}
	for i, r := range listAt(body(o), "spec", "rules") {
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

// Proxy programs of an ingress hop (Hop.Controller).
const (
	ProgIngressNginx = "ingress-nginx"
	ProgF5           = "f5-nginx-ingress"
	ProgTraefik      = "traefik"
)

// IngressController is what a workload tells of the ingress controller it
// runs. Flags as ingress-nginx reads them (pkg/flags/flags.go:
// --ingress-class default "nginx", --controller-class default
// "k8s.io/ingress-nginx", --annotations-prefix default
// "nginx.ingress.kubernetes.io", --watch-namespace default all); the F5
// NGINX Ingress Controller's and Traefik's in f5_controller.go and
// traefik_controller.go.
type IngressController struct {
	Program          string // ProgIngressNginx, ProgF5 or ProgTraefik
	Class            string
	ControllerClass  string
	AnnotationPrefix string
	WatchNamespace   string   // "" = every namespace
	Namespaces       []string // F5 -watch-namespace list; nil = every namespace
	CRDs             bool     // F5 -enable-custom-resources: serves VirtualServers and TransportServers
	Traefik          *TraefikProviders
}

// controllerFlags are the flags that make a container an ingress-nginx
// controller even when its image is a custom build.
var controllerFlags = []string{"ingress-class", "controller-class", "annotations-prefix", "watch-namespace"}

// detectController tells which controller, if any, a workload runs. The
// F5 controller and Traefik are recognised first: their images and
// programs are their own, while ingress-nginx is also recognised by flag
// names (--ingress-class) that a Go-flag program such as F5's accepts too.
func detectController(w *Workload) *IngressController {
	for _, c := range w.Containers {
		if ic := detectF5(c); ic != nil {
			return ic
		}
		if ic := detectTraefik(c); ic != nil {
			return ic
		}
		if ic := detectIngressNginx(c); ic != nil {
			return ic
		}
	}
	return nil
}

func detectIngressNginx(c Container) *IngressController {
	repo := ImageRepo(c.Image)
	isNginx := strings.Contains(repo, "ingress-nginx/controller") || strings.Contains(repo, "nginx-ingress-controller")
	for _, a := range c.Args {
		isNginx = isNginx || path.Base(a) == controllerBinary
	}
	flags := parseFlags(c.Args)
	for _, f := range controllerFlags {
		_, set := flags[f]
		isNginx = isNginx || set
	}
	if !isNginx {
		return nil
	}
	return &IngressController{Program: ProgIngressNginx, Class: flagOr(flags, "ingress-class", defaultNginxClass),
		ControllerClass:  flagOr(flags, "controller-class", nginxControllerID),
		AnnotationPrefix: flagOr(flags, "annotations-prefix", defaultAnnPrefix),
		WatchNamespace:   flags["watch-namespace"]}
}

func flagOr(flags map[string]string, name, def string) string {
	if v, ok := flags[name]; ok {
		return v
	}
	return def
}

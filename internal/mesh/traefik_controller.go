package mesh

import (
	"path"
	"slices"
	"strconv"
	"strings"
)

const (
	// traefikControllerID is the spec.controller of Traefik's IngressClasses
	// (pkg/provider/kubernetes/ingress/kubernetes.go
	// traefikDefaultIngressClassController; client.go GetIngressClasses
	// keeps only those).
	traefikControllerID = "traefik.io/ingress-controller"
	// traefikDefaultClass is the class Traefik takes without an
	// ingressClass option (kubernetes.go traefikDefaultIngressClass).
	traefikDefaultClass = "traefik"
)

// TraefikProviders are the Kubernetes providers a Traefik runs.
type TraefikProviders struct {
	CRD, Ingress TraefikProvider
	NGINX        TraefikNginxProvider
	// FromFile: no provider was named on the command line or in the
	// environment, so the static configuration is a file meshlint does
	// not read; both providers are taken as on, with their defaults.
	FromFile bool
}

// TraefikProvider is one provider's options
// (providers.kubernetescrd.*, providers.kubernetesingress.*).
type TraefikProvider struct {
	On         bool
	Class      string   // ingressClass
	Namespaces []string // nil = every namespace
	NativeLB   bool     // nativeLBByDefault (v3.0)
	CrossNS    bool     // allowCrossNamespace (kubernetescrd only)
}

// detectTraefik recognises Traefik by its image (traefik, traefik/traefik)
// or program, and reads its static configuration from flags and
// TRAEFIK_* environment variables as paerser does: keys are
// case-insensitive, "." in a flag is "_" in a variable.
func detectTraefik(c Container) *IngressController {
	isTraefik := path.Base(ImageRepo(c.Image)) == "traefik"
	argv := c.Args
	if len(argv) > 0 && !strings.HasPrefix(argv[0], "-") {
		isTraefik = isTraefik || path.Base(argv[0]) == "traefik"
		argv = argv[1:]
	}
	if !isTraefik {
		return nil
	}
	opts := parseTraefikFlags(argv)
	for _, e := range c.Env {
		if k, ok := strings.CutPrefix(e.Name, "TRAEFIK_"); ok && e.ConfigMap == "" {
			opts[strings.ToLower(strings.ReplaceAll(k, "_", "."))] = e.Value
		}
	}
	tp := &TraefikProviders{CRD: traefikProvider(opts, "providers.kubernetescrd"),
		Ingress: traefikProvider(opts, "providers.kubernetesingress"), NGINX: traefikNginxProvider(opts)}
	if !tp.CRD.On && !tp.Ingress.On && !traefikNamesProviders(opts) {
		tp.FromFile, tp.CRD.On, tp.Ingress.On = true, true, true
	}
	return &IngressController{Program: ProgTraefik, Class: tp.Ingress.Class, ControllerClass: traefikControllerID,
		AnnotationPrefix: defaultAnnPrefix, Traefik: tp}
}

// TraefikNginxProvider is the kubernetesIngressNGINX provider (v3.5.0,
// pkg/provider/kubernetes/ingress-nginx): it serves ingress-nginx's
// Ingresses with ingress-nginx's annotations (service-upstream: the
// ClusterIP, build.go; upstream-vhost: the Host, middleware.go
// buildUpstreamVhost), for teams leaving ingress-nginx.
type TraefikNginxProvider struct {
	On              bool
	Class           string // ingressClass, default "nginx"
	ControllerClass string // controllerClass, default "k8s.io/ingress-nginx"
	ByName          bool   // ingressClassByName
	WithoutClass    bool   // watchIngressWithoutClass
	WatchNamespace  string // "" = every namespace
}

func traefikNginxProvider(opts map[string]string) TraefikNginxProvider {
	const key = "providers.kubernetesingressnginx"
	p := TraefikNginxProvider{Class: defaultNginxClass, ControllerClass: nginxControllerID,
		ByName: traefikBool(opts, key+".ingressclassbyname"), WithoutClass: traefikBool(opts, key+".watchingresswithoutclass"),
		WatchNamespace: opts[key+".watchnamespace"]}
	p.On = traefikProvider(opts, key).On
	if v, ok := opts[key+".ingressclass"]; ok {
		p.Class = v
	}
	if v, ok := opts[key+".controllerclass"]; ok {
		p.ControllerClass = v
	}
	return p
}

// serves: an Ingress whose IngressClass names controllerClass (or, with
// ingressClassByName, is ingressClass), else whose class annotation is
// ingressClass, else one without class when watchIngressWithoutClass
// (ingress-nginx/build.go shouldProcess, client.go filterIngressClass).
func (p TraefikNginxProvider) serves(class, id, ns string) bool {
	switch {
	case !p.On || p.WatchNamespace != "" && p.WatchNamespace != ns:
		return false
	case id != "":
		return id == p.ControllerClass || p.ByName && class == p.Class
	case class != "":
		return class == p.Class
	}
	return p.WithoutClass
}

func traefikNamesProviders(opts map[string]string) bool {
	for k := range opts {
		if strings.HasPrefix(k, "providers.") {
			return true
		}
	}
	return false
}

func traefikProvider(opts map[string]string, key string) TraefikProvider {
	p := TraefikProvider{Class: opts[key+".ingressclass"], NativeLB: traefikBool(opts, key+".nativelbbydefault"),
		CrossNS: traefikBool(opts, key+".allowcrossnamespace")}
	_, named := opts[key]
	for k := range opts {
		named = named || strings.HasPrefix(k, key+".")
	}
	p.On = named && (opts[key] == "" || traefikBool(opts, key))
	for _, ns := range strings.Split(opts[key+".namespaces"], ",") {
		if ns = strings.TrimSpace(ns); ns != "" {
			p.Namespaces = append(p.Namespaces, ns)
		}
	}
	return p
}

func traefikBool(opts map[string]string, key string) bool {
	b, err := strconv.ParseBool(opts[key])
	return err == nil && b
}

// traefikSections are the pointer-typed options that a flag alone turns
// on (static configuration's providers.KubernetesCRD and others).
var traefikSections = map[string]bool{
	"providers.kubernetescrd": true, "providers.kubernetesingress": true,
	"providers.kubernetesgateway": true, "providers.kubernetesingressnginx": true,
}

// parseTraefikFlags reads flags as paerser's flag parser does
// (github.com/traefik/paerser flag/flagparser.go parseOne): "-" or "--",
// "=value" in the argument, a boolean or section (providers.kubernetescrd)
// alone is "true", other flags take the next argument; a non-flag or "--"
// ends them. Not knowing Traefik's types, a flag followed by another flag
// is taken as a boolean.
func parseTraefikFlags(argv []string) map[string]string {
	out := map[string]string{}
	for i := 0; i < len(argv); i++ {
		a := argv[i]
		if len(a) < 2 || a[0] != '-' || a == "--" {
			break
		}
		name := strings.ToLower(strings.TrimPrefix(a[1:], "-"))
		if n, v, ok := strings.Cut(name, "="); ok {
			out[n] = a[len(a)-len(v):]
			continue
		}
		if i+1 < len(argv) && !strings.HasPrefix(argv[i+1], "-") && !traefikSections[name] {
			out[name] = argv[i+1]
			i++
			continue
		}
		out[name] = "true"
	}
	return out
}

// servesIngress: the kubernetesingress provider takes an Ingress whose
// IngressClass names traefikControllerID (and, with an ingressClass option,
// is that class), or without an IngressClass one whose class annotation
// is the option, or "traefik" without one (kubernetes.go
// shouldProcessIngress), in a namespace it watches.
func (t *TraefikProviders) servesIngress(class, id, ns string) bool {
	return t.ingressServes(class, id, ns) || t.NGINX.serves(class, id, ns)
}

// nginxAnnotations: the Ingress is served by the kubernetesIngressNGINX
// provider (and not by the kubernetesingress one), so ingress-nginx's
// annotations decide its hop.
func (t *TraefikProviders) nginxAnnotations(class, id, ns string) bool {
	return !t.ingressServes(class, id, ns) && t.NGINX.serves(class, id, ns)
}

func (t *TraefikProviders) ingressServes(class, id, ns string) bool {
	p := t.Ingress
	if !p.On || !p.watches(ns) {
		return false
	}
	if id != "" {
		return id == traefikControllerID && (p.Class == "" || p.Class == class)
	}
	return p.Class == class || p.Class == "" && class == traefikDefaultClass
}

// servesCRD: the kubernetescrd provider takes an IngressRoute whose class
// is its ingressClass option; without the option, one with no class or
// class "traefik" (crd/kubernetes.go shouldProcessIngress).
func (t *TraefikProviders) servesCRD(class, ns string) bool {
	p := t.CRD
	return p.On && p.watches(ns) && (p.Class == class || p.Class == "" && class == traefikDefaultClass)
}

func (p TraefikProvider) watches(ns string) bool {
	return len(p.Namespaces) == 0 || slices.Contains(p.Namespaces, ns)
}

package mesh

import (
	"path"
	"slices"
	"strconv"
	"strings"
)

// The F5 NGINX Ingress Controller (github.com/nginx/kubernetes-ingress).
const (
	// f5ControllerID is the spec.controller its IngressClass must carry
	// (internal/k8s/controller.go IngressControllerName; cmd/nginx-ingress
	// main.go exits when the IngressClass of -ingress-class names another).
	f5ControllerID = "nginx.org/ingress-controller"
	// f5Binary is its program (build/Dockerfile ENTRYPOINT ["/nginx-ingress"]).
	f5Binary = "nginx-ingress"
)

// f5BoolFlags are the controller's flag.Bool flags (cmd/nginx-ingress
// flags.go): for them Go's flag package never takes the next argument as
// the value.
var f5BoolFlags = map[string]bool{
	"health-status": true, "nginx-plus": true, "enable-app-protect": true, "enable-app-protect-dos": true,
	"app-protect-dos-debug": true, "enable-app-protect-ip-intelligence": true,
	"plm-storage-insecure-skip-verify": true, "agent": true, "version": true, "report-ingress-status": true,
	"enable-leader-election": true, "nginx-status": true, "nginx-debug": true, "enable-config-safety": true,
	"enable-prometheus-metrics": true, "enable-service-insight": true, "enable-custom-resources": true,
	"enable-oidc": true, "enable-snippets": true, "enable-tls-passthrough": true, "ready-status": true,
	"enable-latency-metrics": true, "enable-cert-manager": true, "enable-external-dns": true,
	"disable-ipv6": true, "ssl-dynamic-reload": true, "enable-telemetry-reporting": true,
	"weight-changes-dynamic-reload": true, "enable-directive-autoadjust": true, "allow-empty-ingress-host": true,
}

// detectF5 recognises the F5 controller by its images (nginx/nginx-ingress,
// private-registry.nginx.com/nginx-ic*/nginx-plus-ingress; the Helm chart's
// controller.image.repository) or its program, and reads the flags that
// decide what it serves: -ingress-class (default "nginx"),
// -watch-namespace (comma-separated, default all), -enable-custom-resources
// (default true).
func detectF5(c Container) *IngressController {
	name := path.Base(ImageRepo(c.Image))
	argv := c.Args
	isF5 := name == "nginx-ingress" || name == "nginx-plus-ingress"
	if len(argv) > 0 && path.Base(argv[0]) == f5Binary {
		isF5, argv = true, argv[1:]
	} else if len(argv) > 0 && !strings.HasPrefix(argv[0], "-") {
		argv = argv[1:] // another program (a shell, a debugger) runs the controller
	}
	if !isF5 {
		return nil
	}
	flags := parseGoFlags(argv, f5BoolFlags)
	ic := &IngressController{Program: ProgF5, Class: flagOr(flags, "ingress-class", defaultNginxClass),
		ControllerClass: f5ControllerID, CRDs: true}
	if b, err := strconv.ParseBool(flags["enable-custom-resources"]); err == nil {
		ic.CRDs = b
	}
	for _, ns := range strings.Split(flags["watch-namespace"], ",") {
		if ns = strings.TrimSpace(ns); ns != "" {
			ic.Namespaces = append(ic.Namespaces, ns)
		}
	}
	return ic
}

// parseGoFlags reads arguments as Go's flag.FlagSet.Parse does (flag.go
// parseOne): "-name" or "--name"; "=value" in the same argument, else the
// next argument for a flag that is not boolean; a boolean alone is true;
// parsing stops at the first argument that is not a flag, and after "--".
// A later occurrence wins.
func parseGoFlags(argv []string, bools map[string]bool) map[string]string {
	out := map[string]string{}
	for i := 0; i < len(argv); i++ {
		a := argv[i]
		if len(a) < 2 || a[0] != '-' || a == "--" {
			break
		}
		name := strings.TrimPrefix(a[1:], "-")
		if name == "" || name[0] == '-' || name[0] == '=' {
			break // "bad flag syntax": the program exits
		}
		if n, v, ok := strings.Cut(name, "="); ok {
			out[n] = v
			continue
		}
		switch {
		case bools[name]:
			out[name] = "true"
		case i+1 < len(argv):
			out[name] = argv[i+1]
			i++
		}
	}
	return out
}

// f5ServesIngress: the controller takes an Ingress whose class is its
// -ingress-class (internal/k8s/controller.go HasCorrectIngressClass), in
// a namespace it watches. Its IngressClass must name f5ControllerID.
func (c *IngressController) f5ServesIngress(class, id, ns string) bool {
	return c.Class == class && (id == "" || id == f5ControllerID) && c.watches(ns)
}

// f5ServesCRD: a VirtualServer, VirtualServerRoute or TransportServer
// without ingressClassName is served by every controller; with one, by the
// controller of that class (HasCorrectIngressClass: class == "" too).
func (c *IngressController) f5ServesCRD(class, ns string) bool {
	return c.Program == ProgF5 && c.CRDs && (class == "" || class == c.Class) && c.watches(ns)
}

func (c *IngressController) watches(ns string) bool {
	return len(c.Namespaces) == 0 || slices.Contains(c.Namespaces, ns)
}

package mesh

import "strings"

// The F5 NGINX Ingress Controller's Ingress annotations
// (internal/configs/annotations.go, internal/k8s/validation.go).
const (
	// f5AnnUseClusterIP makes the upstream the Service's ClusterIP:port
	// instead of its endpoints (v3.5.0, nginx/kubernetes-ingress#4862).
	f5AnnUseClusterIP = "nginx.org/use-cluster-ip"
	// f5AnnProxySetHeaders adds proxy_set_header lines (v3.6.0, #5366).
	f5AnnProxySetHeaders = "nginx.org/proxy-set-headers"
)

// f5IngressHop is the hop of an Ingress the F5 controller serves. Its
// Ingress template (internal/configs/version1/nginx.ingress.tmpl) ends
// every proxying location's headers with `proxy_set_header Host $host;`:
// the client's Host goes upstream. It dials the endpoints unless
// nginx.org/use-cluster-ip is exactly "true": the controller compares the
// string (internal/k8s/controller.go createIngressEx, hasUseClusterIP),
// so "True", which the annotation's validation accepts, still dials pods.
func (m *Model) f5IngressHop(in *Ingress, b Backend, src Source, svc *Service, port ServicePort) Hop {
	h := Hop{Kind: "ingress", Controller: ProgF5, Source: src, Via: in.Obj, ViaLine: b.Line, Target: svc, Port: port,
		PodIPs: in.annotations[f5AnnUseClusterIP] != "true"}
	h.Host = Host{Value: "$host", External: true, Origin: "ingress"}
	if len(b.Hosts) > 0 {
		h.Host.Resolved = b.Hosts[0]
	}
	if w := src.Workload; w != nil && w.Meshed {
		h.Bypass = m.bypass(w, svc, port, h.PodIPs)
	}
	return h
}

// noteF5Annotations tells --explain what the F5 controller makes of an
// Ingress's annotations that look like a Host or upstream fix but are not.
func (m *Model) noteF5Annotations(in *Ingress) {
	if host, ok := f5ProxySetHost(in.annotations[f5AnnProxySetHeaders]); ok {
		m.note(in.Obj, in.annLine(f5AnnProxySetHeaders),
			"nginx.org/proxy-set-headers sets Host "+host+", but the F5 controller's Ingress template adds "+
				"`proxy_set_header Host $host;` after it, and nginx then sends both Host headers: the Host the "+
				"sidecar routes on is not the Service's name alone. A VirtualServer with "+
				"action.proxy.requestHeaders.set Host replaces $host (internal/configs/virtualserver.go generateProxySetHeaders)")
	}
	if v, ok := in.annotations[f5AnnUseClusterIP]; ok && v != "true" && strings.EqualFold(v, "true") {
		m.note(in.Obj, in.annLine(f5AnnUseClusterIP),
			"nginx.org/use-cluster-ip is "+v+": the F5 controller dials the Service's ClusterIP only for the exact string \"true\", so it dials the endpoints")
	}
	m.noteForeignAnnotations(in, "the F5 NGINX Ingress Controller")
}

// noteForeignAnnotations: ingress-nginx's annotations mean nothing to
// another controller (a leftover of a migration).
func (m *Model) noteForeignAnnotations(in *Ingress, prog string) {
	for _, k := range sortedKeys(in.annotations) {
		if strings.HasPrefix(k, defaultAnnPrefix+"/") {
			m.note(in.Obj, in.annLine(k),
				k+" is an ingress-nginx annotation: "+prog+", which serves this Ingress, ignores it")
		}
	}
}

// f5ProxySetHost finds a Host entry in nginx.org/proxy-set-headers as
// version1.ParseProxySetHeaders splits it: "Name: value" entries separated
// by commas, a name alone taking $http_<name>.
func f5ProxySetHost(ann string) (string, bool) {
	for _, e := range strings.Split(ann, ",") {
		name, value, hasValue := strings.Cut(strings.TrimSpace(e), ":")
		if !strings.EqualFold(strings.TrimSpace(name), "host") {
			continue
		}
		if !hasValue {
			return "$http_host", true
		}
		return strings.TrimSpace(value), true
	}
	return "", false
}

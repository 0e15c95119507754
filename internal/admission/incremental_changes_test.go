package admission

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/meshlint/meshlint/internal/manifest"
)

// An edit of the differential test (incremental_test.go): what the
// model reads (modes, ports, hosts, injection, principals) and what it
// does not (a label, an annotation), in every kind of namespace, the root
// namespace's mesh-wide PeerAuthentication and its other objects
// included, and what the model reads everywhere (istio-cni-config).
type edit struct {
	name  string
	on    func(o *manifest.Object) bool
	build func(d *differ, objs []*manifest.Object, o *manifest.Object) trial
}

// trial is one request and how to apply it to the Store.
type trial struct {
	req   Request
	desc  string
	apply func()
}

func ofKind(ks ...string) func(*manifest.Object) bool {
	return func(o *manifest.Object) bool {
		for _, k := range ks {
			if o.Kind == k {
				return true
			}
		}
		return false
	}
}

func anyObject(*manifest.Object) bool { return true }

func notNamespace(o *manifest.Object) bool { return o.Kind != "Namespace" }

func isMeshWidePA(o *manifest.Object) bool { return o.Ref().String() == meshWidePA }

// updating is an edit that changes the object (UPDATE).
func updating(name string, on func(*manifest.Object) bool, change func(d *differ, body map[string]any) string) edit {
	return edit{name, on, func(d *differ, _ []*manifest.Object, o *manifest.Object) trial {
		var what string
		n := edited(d.t, o, func(b map[string]any) {
			what = change(d, b)
			d.rv++
			b["metadata"].(map[string]any)["resourceVersion"] = strconv.Itoa(d.rv)
		})
		return trial{request(d.t, Update, o, n), fmt.Sprintf("UPDATE %s: %s %s", o.Ref(), name, what), func() { d.s.Set(n) }}
	}}
}

var edits = []edit{
	updating("label", anyObject, func(d *differ, b map[string]any) string {
		return d.set(b, "metadata.labels", d.of("tier", "app", "version", "app.kubernetes.io/part-of"), d.of("front", "web", "", "v2"))
	}),
	updating("annotation", anyObject, func(d *differ, b map[string]any) string {
		return d.set(b, "metadata.annotations", d.of("example.com/owner", "sidecar.istio.io/inject", ignoreKey), d.of("team-a", "false", "ML201", ""))
	}),
	updating("mesh-wide label", isMeshWidePA, func(d *differ, b map[string]any) string {
		return d.set(b, "metadata."+d.of("labels", "annotations"), "tier", d.of("mesh", ""))
	}),
	updating("mesh-wide mode", isMeshWidePA, func(d *differ, b map[string]any) string {
		return d.set(b, "spec.mtls", "mode", d.of("STRICT", "PERMISSIVE", "DISABLE", "UNSET", ""))
	}),
	updating("mtls mode", ofKind("PeerAuthentication"), func(d *differ, b map[string]any) string {
		return d.set(b, "spec.mtls", "mode", d.of("STRICT", "PERMISSIVE", "DISABLE", "UNSET", ""))
	}),
	updating("portLevelMtls", ofKind("PeerAuthentication"), func(d *differ, b map[string]any) string {
		what := d.set(b, "spec.portLevelMtls."+d.of("80", "8080", "3306"), "mode", d.of("STRICT", "PERMISSIVE", "DISABLE"))
		if d.rng.IntN(2) == 0 {
			what += ", " + d.set(b, "spec.selector.matchLabels", "app", d.of("web", "was", "mysql"))
		}
		return what
	}),
	updating("DestinationRule tls", ofKind("DestinationRule"), func(d *differ, b map[string]any) string {
		return d.set(b, "spec.trafficPolicy.tls", "mode", d.of("ISTIO_MUTUAL", "DISABLE", "SIMPLE", "MUTUAL", ""))
	}),
	updating("DestinationRule host", ofKind("DestinationRule"), func(d *differ, b map[string]any) string {
		ns := d.namespace()
		return d.set(b, "spec", "host", d.of("mysql", "was-service", "was-service."+ns+".svc.cluster.local", "*."+ns+".svc.cluster.local", "*.svc.cluster.local"))
	}),
	updating("nginx Host", isNginxConfig, func(d *differ, b map[string]any) string {
		return d.editConf(b, "proxy_set_header Host ", d.of("was-service;", "$host;", "$proxy_host;"))
	}),
	updating("nginx proxy_pass", isNginxConfig, func(d *differ, b map[string]any) string {
		return d.editConf(b, "proxy_pass ", "http://was-service."+d.namespace()+".svc.cluster.local:"+d.of("8080", "80")+";")
	}),
	updating("Service port", ofKind("Service"), func(d *differ, b map[string]any) string {
		p := d.port(b)
		switch d.rng.IntN(3) {
		case 0:
			v, _ := strconv.Atoi(d.of("80", "8080", "3306", "3307", "9000"))
			return d.set(p, "", "port", v)
		case 1:
			return d.set(p, "", "appProtocol", d.of("http", "tcp", "mysql", "grpc", ""))
		}
		return d.set(p, "", "name", d.of("http", "tcp-mysql", "mysql", "web", "grpc-x", ""))
	}),
	updating("namespace labels", ofKind("Namespace"), func(d *differ, b map[string]any) string {
		if d.rng.IntN(2) == 0 {
			return d.set(b, "metadata.labels", "istio-injection", d.of("enabled", "disabled", ""))
		}
		return d.set(b, "metadata.labels", "istio.io/dataplane-mode", d.of("ambient", "none", ""))
	}),
	updating("pod template", ofKind("Deployment", "StatefulSet"), func(d *differ, b map[string]any) string {
		where := "spec.template.metadata." + d.of("annotations", "labels")
		if d.rng.IntN(2) == 0 {
			return d.set(b, where, "sidecar.istio.io/inject", d.of("true", "false", ""))
		}
		return d.set(b, "spec.template.metadata.annotations", "traffic.sidecar.istio.io/excludeOutboundPorts", d.of("3306", "8080", "3306,8080", ""))
	}),
	updating("AuthorizationPolicy source", ofKind("AuthorizationPolicy"), func(d *differ, b map[string]any) string {
		ns := d.namespace()
		src := map[string]any{"principals": []any{"cluster.local/ns/" + ns + "/sa/default"}}
		if d.rng.IntN(2) == 0 {
			src = map[string]any{"namespaces": []any{ns}}
		}
		b["spec"].(map[string]any)["rules"] = []any{map[string]any{"from": []any{map[string]any{"source": src}}}}
		return fmt.Sprint("from ", src)
	}),
	updating("Ingress backend", ofKind("Ingress"), func(d *differ, b map[string]any) string {
		v, _ := strconv.Atoi(d.of("80", "8080", "3306"))
		return d.set(b, "spec.rules.0.http.paths.0.backend.service.port", "number", v)
	}),
	updating("spec field removed", hasSpec, func(d *differ, b map[string]any) string {
		return d.dropField(b)
	}),
	updating("spec string replaced", hasSpec, func(d *differ, b map[string]any) string {
		return d.replaceString(b)
	}),
	updating("data removed", ofKind("ConfigMap"), func(d *differ, b map[string]any) string {
		data, _ := b["data"].(map[string]any)
		if len(data) == 0 {
			return "(no data)"
		}
		keys := slices.Sorted(maps.Keys(data))
		k := keys[d.rng.IntN(len(keys))]
		delete(data, k)
		return "data." + k + " removed"
	}),
	updating("use-waypoint", ofKind("Namespace", "Service", "ServiceEntry", "Deployment"), func(d *differ, b map[string]any) string {
		where := "metadata.labels"
		if b["kind"] == "Deployment" {
			where = "spec.template.metadata.labels"
		}
		return d.set(b, where, d.of("istio.io/use-waypoint", "istio.io/use-waypoint-namespace", "istio.io/dataplane-mode"), d.of("waypoint", "none", "ambient", "istio-system", ""))
	}),
	updating("route backend", ofKind("HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute"), func(d *differ, b map[string]any) string {
		switch d.rng.IntN(3) {
		case 0:
			return d.set(b, "spec.rules.0.backendRefs.0", "namespace", d.namespace())
		case 1:
			return d.set(b, "spec.rules.0.backendRefs.0", "name", d.of("api", "was-service", "web-service", "mysql", "shop"))
		}
		v, _ := strconv.Atoi(d.of("80", "8080", "3306"))
		return d.set(b, "spec.rules.0.backendRefs.0", "port", v)
	}),
	updating("route parent", ofKind("HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute"), func(d *differ, b map[string]any) string {
		if d.rng.IntN(2) == 0 {
			return d.set(b, "spec.parentRefs.0", "namespace", d.namespace())
		}
		return d.set(b, "spec.parentRefs.0", "sectionName", d.of("http", "https", "mesh", ""))
	}),
	{"root routing", anyObject, func(d *differ, objs []*manifest.Object, _ *manifest.Object) trial {
		return d.rootRouting(objs)
	}},
	{"Sidecar", anyObject, func(d *differ, objs []*manifest.Object, _ *manifest.Object) trial {
		return d.sidecar(objs)
	}},
	{"root AuthorizationPolicy", anyObject, func(d *differ, objs []*manifest.Object, _ *manifest.Object) trial {
		return d.rootPolicy(objs)
	}},
	{"root copy", ofKind("ConfigMap", "Service", "Deployment"), func(d *differ, objs []*manifest.Object, o *manifest.Object) trial {
		return d.copyInto(objs, o, "istio-system") // read there as anywhere (scope_meshwide.go rootWide)
	}},
	{"istio-cni-config", anyObject, func(d *differ, objs []*manifest.Object, _ *manifest.Object) trial {
		return d.cniConfig(objs)
	}},
	{"DELETE", notNamespace, func(d *differ, _ []*manifest.Object, o *manifest.Object) trial {
		return trial{request(d.t, Delete, o, nil), "DELETE " + o.Ref().String(), func() { d.s.Delete(o.Ref()) }}
	}},
	{"CREATE copy", anyObject, func(d *differ, objs []*manifest.Object, o *manifest.Object) trial {
		return d.copyOf(objs, o)
	}},
}

func hasSpec(o *manifest.Object) bool {
	spec, _ := o.Body["spec"].(map[string]any)
	return len(spec) > 0
}

func isNginxConfig(o *manifest.Object) bool {
	data, _ := o.Body["data"].(map[string]any)
	for _, v := range data {
		if s, _ := v.(string); strings.Contains(s, "proxy_pass") {
			return true
		}
	}
	return false
}

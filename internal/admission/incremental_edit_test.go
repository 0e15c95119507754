package admission

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/meshlint/meshlint/internal/manifest"
)

// The edits the differential test's edits make (incremental_changes_test.go).

// of draws one of xs.
func (d *differ) of(xs ...string) string { return xs[d.rng.IntN(len(xs))] }

// namespace draws a namespace of the Store (the root and the ingress
// controller's included).
func (d *differ) namespace() string {
	nss := d.s.Namespaces()
	return nss[d.rng.IntN(len(nss))]
}

// set sets key to v in the map at the dotted path of b (a number is a
// list index), creating maps on the way; "" deletes the key.
func (d *differ) set(b map[string]any, path, key string, v any) string {
	var cur any = b
	for _, p := range strings.Split(path, ".") {
		switch c := cur.(type) {
		case map[string]any:
			if p == "" {
				continue
			}
			if c[p] == nil {
				c[p] = map[string]any{}
			}
			cur = c[p]
		case []any:
			i, _ := strconv.Atoi(p)
			if i >= len(c) {
				return "(no " + path + ")"
			}
			cur = c[i]
		}
	}
	m, ok := cur.(map[string]any)
	switch {
	case !ok:
		return "(no " + path + ")"
	case v == "":
		delete(m, key)
		return fmt.Sprintf("%s.%s removed", path, key)
	}
	m[key] = v
	return fmt.Sprintf("%s.%s=%v", path, key, v)
}

// dropField deletes a key of the spec, or of a map the spec holds: a
// selector, a list of hosts, a mode, the rules.
func (d *differ) dropField(b map[string]any) string {
	m, path := b["spec"].(map[string]any), "spec"
	for d.rng.IntN(2) == 0 {
		var inner []string
		for _, k := range slices.Sorted(maps.Keys(m)) {
			if sub, ok := m[k].(map[string]any); ok && len(sub) > 0 {
				inner = append(inner, k)
			}
		}
		if len(inner) == 0 {
			break
		}
		k := inner[d.rng.IntN(len(inner))]
		m, path = m[k].(map[string]any), path+"."+k
	}
	keys := slices.Sorted(maps.Keys(m))
	k := keys[d.rng.IntN(len(keys))]
	delete(m, k)
	return path + "." + k + " removed"
}

// replaceString sets one string of the spec (a host, a name, a
// namespace, a mode, a label value) to a name of another object of the
// Store, short or qualified, or to a wildcard.
func (d *differ) replaceString(b map[string]any) string {
	var at []func(string)
	var paths []string
	var walk func(v any, path string, set func(string))
	walk = func(v any, path string, set func(string)) {
		switch x := v.(type) {
		case string:
			at, paths = append(at, set), append(paths, path)
		case map[string]any:
			for _, k := range slices.Sorted(maps.Keys(x)) {
				walk(x[k], path+"."+k, func(s string) { x[k] = s })
			}
		case []any:
			for i := range x {
				walk(x[i], path+"."+strconv.Itoa(i), func(s string) { x[i] = s })
			}
		}
	}
	walk(b["spec"], "spec", nil)
	if len(at) == 0 {
		return "(no string in spec)"
	}
	objs := d.s.Objects(d.s.Namespaces())
	o := objs[d.rng.IntN(len(objs))]
	v := d.of(o.Name, o.Namespace, o.Name+"."+o.Namespace, o.Name+"."+o.Namespace+".svc.cluster.local", "*", "*."+o.Namespace+".svc.cluster.local")
	i := d.rng.IntN(len(at))
	at[i](v)
	return paths[i] + "=" + v
}

// editConf replaces, in every nginx config of a ConfigMap, what follows
// directive up to the end of its line.
func (d *differ) editConf(b map[string]any, directive, value string) string {
	data, _ := b["data"].(map[string]any)
	for k, v := range data {
		lines := strings.Split(v.(string), "\n")
		for i, l := range lines {
			if at := strings.Index(l, directive); at >= 0 {
				lines[i] = l[:at] + directive + value
			}
		}
		data[k] = strings.Join(lines, "\n")
	}
	return directive + value
}

// port is one of a Service's ports.
func (d *differ) port(b map[string]any) map[string]any {
	ports, _ := b["spec"].(map[string]any)["ports"].([]any)
	if len(ports) == 0 {
		return map[string]any{}
	}
	p, _ := ports[d.rng.IntN(len(ports))].(map[string]any)
	return p
}

// copyOf is a CREATE of a copy of o: under a new name in its namespace,
// or in another namespace (under its name when that is free there).
func (d *differ) copyOf(objs []*manifest.Object, o *manifest.Object) trial {
	ns := o.Namespace
	if o.Namespace != "" && d.rng.IntN(2) == 0 {
		ns = d.namespace()
	}
	return d.copyInto(objs, o, ns)
}

// copyInto creates a copy of o in namespace ns (renamed if its name is
// taken there).
func (d *differ) copyInto(objs []*manifest.Object, o *manifest.Object, ns string) trial {
	d.rv++
	taken := map[string]bool{}
	for _, x := range objs {
		taken[x.Ref().String()] = true
	}
	n := edited(d.t, o, func(b map[string]any) {
		meta := b["metadata"].(map[string]any)
		delete(meta, "resourceVersion")
		if ns != "" {
			meta["namespace"] = ns
		}
		ref := manifest.Ref{APIVersion: o.APIVersion, Kind: o.Kind, Namespace: ns, Name: o.Name}
		if taken[ref.String()] {
			meta["name"] = fmt.Sprintf("%s-copy-%d", o.Name, d.rv)
		}
	})
	stored := edited(d.t, n, func(b map[string]any) {
		b["metadata"].(map[string]any)["resourceVersion"] = strconv.Itoa(d.rv)
	})
	return trial{request(d.t, Create, nil, n), "CREATE " + n.Ref().String() + " (a copy of " + o.Ref().String() + ")", func() { d.s.Set(stored) }}
}

// rootRouting creates or replaces a DestinationRule, ServiceEntry or
// VirtualService of the root namespace (one of a few names per kind), for
// a host of a random namespace: the root's rules are the clients' last
// resort (scope_meshwide.go).
func (d *differ) rootRouting(objs []*manifest.Object) trial {
	ns, kind := d.namespace(), d.of("DestinationRule", "ServiceEntry", "VirtualService")
	host := d.of("was-service", "mysql", "web-service") + "." + ns + ".svc.cluster.local"
	if bare := unruled(objs); len(bare) > 0 && d.rng.IntN(2) == 0 {
		host = bare[d.rng.IntN(len(bare))] // a Service no rule of its namespace covers: the root's applies
	}
	host = d.of(host, host, "*."+ns+".svc.cluster.local", "api.example.com")
	spec := map[string]any{"host": host, "trafficPolicy": map[string]any{"tls": map[string]any{"mode": d.of("ISTIO_MUTUAL", "DISABLE", "SIMPLE")}}}
	switch kind {
	case "ServiceEntry":
		spec = map[string]any{"hosts": []any{host}, "ports": []any{map[string]any{"number": 8080, "name": "http", "protocol": "HTTP"}},
			"resolution": "DNS", "location": d.of("MESH_EXTERNAL", "MESH_INTERNAL")}
	case "VirtualService":
		dest := d.of("was-service", "web-service") + "." + d.namespace() + ".svc.cluster.local"
		spec = map[string]any{"hosts": []any{host}, "http": []any{map[string]any{"route": []any{map[string]any{"destination": map[string]any{"host": dest}}}}}}
	}
	if d.rng.IntN(3) == 0 {
		spec["exportTo"] = []any{d.of(".", "*", ns)}
	}
	return d.upsert(objs, "networking.istio.io/v1", kind, "istio-system", d.of("root-0", "root-1"), spec)
}

// sidecar creates or replaces a Sidecar (one of a few names) in the root
// namespace or another: its namespace's default or one selecting a
// workload, importing everything, its own namespace and the root's, or
// one other namespace, with or without REGISTRY_ONLY.
func (d *differ) sidecar(objs []*manifest.Object) trial {
	ns := d.of("istio-system", d.namespace())
	hosts := []any{d.of("*/*", "./*", "~/*")}
	if d.rng.IntN(2) == 0 {
		hosts = append(hosts, d.of("istio-system/*", d.namespace()+"/*"))
	}
	spec := map[string]any{"egress": []any{map[string]any{"hosts": hosts}}}
	if d.rng.IntN(3) == 0 {
		spec["workloadSelector"] = map[string]any{"labels": map[string]any{"app": d.of("web", "was", "nginx")}}
	}
	if d.rng.IntN(2) == 0 {
		spec["outboundTrafficPolicy"] = map[string]any{"mode": d.of("REGISTRY_ONLY", "ALLOW_ANY")}
	}
	return d.upsert(objs, "networking.istio.io/v1", "Sidecar", ns, d.of("sc-0", "sc-1"), spec)
}

// rootPolicy creates or replaces an AuthorizationPolicy of the root
// namespace: one selecting a workload of the copies (or none), or one
// for every workload, allowing or denying by peer identity.
func (d *differ) rootPolicy(objs []*manifest.Object) trial {
	src := map[string]any{"principals": []any{"cluster.local/ns/" + d.namespace() + "/sa/default"}}
	if d.rng.IntN(2) == 0 {
		src = map[string]any{"notNamespaces": []any{d.namespace()}}
	}
	spec := map[string]any{"action": d.of("ALLOW", "DENY"), "rules": []any{map[string]any{"from": []any{map[string]any{"source": src}}}}}
	if d.rng.IntN(4) != 0 {
		spec["selector"] = map[string]any{"matchLabels": map[string]any{"app": d.of("web", "was", "mysql", "nothing")}}
	}
	return d.upsert(objs, "security.istio.io/v1", "AuthorizationPolicy", "istio-system", d.of("ap-0", "ap-1"), spec)
}

// upsert is the CREATE of an Istio object, or its UPDATE when the state
// holds one of that name.
func (d *differ) upsert(objs []*manifest.Object, apiVersion, kind, ns, name string, spec map[string]any) trial {
	return d.upsertWith(objs, apiVersion, kind, ns, name, "spec", spec)
}

// upsertWith is upsert of an object whose content is under field (a
// ConfigMap's data).
func (d *differ) upsertWith(objs []*manifest.Object, apiVersion, kind, ns, name, field string, content map[string]any) trial {
	d.rv++
	body := map[string]any{"apiVersion": apiVersion, "kind": kind, field: content,
		"metadata": map[string]any{"name": name, "namespace": ns, "resourceVersion": strconv.Itoa(d.rv)}}
	n := ObjectFromMap(body)
	var old *manifest.Object
	for _, o := range objs {
		if key(o) == key(n) {
			old = o
		}
	}
	op := Create
	if old != nil {
		op = Update
	}
	return trial{request(d.t, op, old, n), fmt.Sprintf("%s %s: %v", op, n.Ref(), content), func() { d.s.Set(n) }}
}

// unruled lists the Services (as FQDNs) whose namespace holds no
// DestinationRule.
func unruled(objs []*manifest.Object) []string {
	ruled := map[string]bool{}
	for _, o := range objs {
		if o.Kind == "DestinationRule" {
			ruled[o.Namespace] = true
		}
	}
	var out []string
	for _, o := range objs {
		if o.Kind == "Service" && !ruled[o.Namespace] {
			out = append(out, o.Name+"."+o.Namespace+".svc.cluster.local")
		}
	}
	return out
}

// cniConfig creates or replaces istio-cni-config in kube-system, where
// the istio-cni chart runs on GKE: its enablement decides which pods of
// every namespace ztunnel captures (mesh.ReadEverywhere).
func (d *differ) cniConfig(objs []*manifest.Object) trial {
	data := map[string]any{"AMBIENT_ENABLED": d.of("true", "false"), "AMBIENT_ENABLEMENT_SELECTOR": chartSelectors}
	if d.rng.IntN(3) == 0 { // ambient pods only, not their namespaces'
		data["AMBIENT_ENABLEMENT_SELECTOR"] = "[{podSelector: {matchLabels: {istio.io/dataplane-mode: ambient}}}]"
	}
	return d.upsertWith(objs, "v1", "ConfigMap", "kube-system", "istio-cni-config", "data", data)
}

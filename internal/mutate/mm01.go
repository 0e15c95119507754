package mutate

import (
	"reflect"
	"sort"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/nginx"
)

// MM01 is nginx-host-rewrite: in a ConfigMap holding the nginx config of a
// meshed workload, every location whose proxy_pass reaches a meshed HTTP
// Service with a Host header the client sidecar cannot route to it (what
// ML201 and ML202 report: PassthroughCluster, BlackHoleCluster, another
// Service) is made to send the Service's name: the short name from the
// Service's namespace, else svc.ns. The text edit is minimal
// (nginx.RewriteHosts): the location's own Host line is replaced in place;
// a location with no proxy_set_header first gets a copy of the list it
// inherits, since nginx drops inherited headers as soon as a level sets
// one; X-Forwarded-Host $host is added unless set.
//
// Never touched: a location whose Host already routes to its Service
// (a name of the Service, a mesh VirtualService host), or that the model
// cannot judge (a Host known only at run time, headers from an include
// the ConfigMap lacks, a sniffed port), or whose proxy_set_header list
// other proxies to other destinations share. Every rewrite is checked by
// re-parsing: other headers unchanged, the new text valid.
func MM01(cm *manifest.Object, m *mesh.Model) Result {
	nc := m.NginxConfigOf(cm)
	if nc == nil || !sameData(cm, nc.Obj) {
		return Result{}
	}
	plans := mm01Plans(nc, m)
	if len(plans) == 0 {
		return Result{}
	}
	rws := make([]nginx.HostRewrite, len(plans))
	for i, p := range plans {
		rws[i] = p.rw
	}
	out := nginx.RewriteHosts(dataTexts(cm), rootKeys(nc), rws)
	return mm01Result(cm, nc, plans, out)
}

// mm01Result turns what the rewriter did into edits (one per data key)
// and changes (one per location).
func mm01Result(cm *manifest.Object, nc *mesh.NginxConfig, plans []mm01Plan, out nginx.RewriteResult) Result {
	var res Result
	keys := make([]string, 0, len(out.Files))
	for k := range out.Files {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		res.Edits = append(res.Edits, Edit{Kind: SetString, Path: []string{"data", k}, Value: out.Files[k]})
	}
	ref := cm.Ref()
	ref.Namespace = mesh.NamespaceOf(cm)
	for _, done := range out.Done {
		p := planFor(plans, done.Location)
		res.Changes = append(res.Changes, Change{Mutation: "MM01", Object: ref,
			Line: mesh.DirectiveLine(nc.Obj, done.At), Reason: mm01Reason(p.hop, done)})
	}
	return res
}

func planFor(plans []mm01Plan, loc *nginx.Directive) mm01Plan {
	for _, p := range plans {
		if p.rw.Location == loc {
			return p
		}
	}
	return mm01Plan{}
}

// dataTexts are the ConfigMap's string data, by key: the files an include
// in its nginx config can name.
func dataTexts(cm *manifest.Object) nginx.Files {
	files := nginx.Files{}
	data, _ := cm.Body["data"].(map[string]any)
	for k, v := range data {
		if s, ok := v.(string); ok {
			files[k] = s
		}
	}
	return files
}

// rootKeys are the keys nginx reads first: those no other key includes.
func rootKeys(nc *mesh.NginxConfig) []string {
	keys := make([]string, 0, len(nc.Roots))
	for k := range nc.Roots {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// sameData guards against editing a ConfigMap whose text is not the one
// the model parsed (the positions would not fit it).
func sameData(cm, parsed *manifest.Object) bool {
	return cm == parsed || reflect.DeepEqual(dataTexts(cm), dataTexts(parsed))
}

package mutate

import (
	"reflect"
	"sort"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/nginx"
)

// MM01 is nginx-host-rewrite: in a ConfigMap holding nginx config that a
// meshed workload's nginx container loads (its file tree: mounts over the
// image's files, read from the file nginx starts from), every location whose proxy_pass reaches a meshed HTTP
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
// other proxies to other destinations share, or that sits in a file of
// another ConfigMap or of the image. Every rewrite is checked by
// re-parsing the container's whole configuration: other headers
// unchanged, the new text valid. A ConfigMap no nginx container loads
// (no workload in the inputs mounts it yet, or no include reaches its
// keys) is left alone.
func MM01(cm *manifest.Object, m *mesh.Model) Result {
	for _, nc := range m.NginxConfigsOf(cm) {
		if !sameData(cm, nc.ConfigMap(cm.Name)) {
			return Result{}
		}
		plans := mm01Plans(nc, cm, m)
		if len(plans) == 0 {
			continue
		}
		rws := make([]nginx.HostRewrite, len(plans))
		for i, p := range plans {
			rws[i] = p.rw
		}
		out := nginx.RewriteHostsIn(nc.Files, nc.Roots, nc.Layout(), rws)
		if res, ok := mm01Result(cm, nc, plans, out); ok {
			return res
		}
	}
	return Result{}
}

// mm01Result turns what the rewriter did into edits (one per data key of
// cm) and changes (one per location). ok is false when the rewriter
// changed a file that is not a key of cm (another ConfigMap, the image),
// or wrote one key two ways (mounted at two paths).
func mm01Result(cm *manifest.Object, nc *mesh.NginxConfig, plans []mm01Plan, out nginx.RewriteResult) (Result, bool) {
	texts := map[string]string{}
	for p, text := range out.Files {
		f, _ := nc.Tree.Lookup(p)
		if f.Src.ConfigMap != cm.Name {
			return Result{}, false
		}
		if prev, dup := texts[f.Src.Key]; dup && prev != text {
			return Result{}, false
		}
		texts[f.Src.Key] = text
	}
	var res Result
	keys := make([]string, 0, len(texts))
	for k := range texts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		res.Edits = append(res.Edits, Edit{Kind: SetString, Path: []string{"data", k}, Value: texts[k]})
	}
	ref := cm.Ref()
	ref.Namespace = mesh.NamespaceOf(cm)
	for _, done := range out.Done {
		p := planFor(plans, done.Location)
		_, line := nc.Line(done.At)
		done.Inlined = keysOf(nc, done.Inlined)
		res.Changes = append(res.Changes, Change{Mutation: "MM01", Object: ref, Line: line, Reason: mm01Reason(p.hop, done)})
	}
	return res, len(res.Edits) > 0
}

func planFor(plans []mm01Plan, loc *nginx.Directive) mm01Plan {
	for _, p := range plans {
		if p.rw.Location == loc {
			return p
		}
	}
	return mm01Plan{}
}

// dataTexts are the ConfigMap's string data, by key.
func dataTexts(cm *manifest.Object) map[string]string {
	files := map[string]string{}
	data, _ := cm.Body["data"].(map[string]any)
	for k, v := range data {
		if s, ok := v.(string); ok {
			files[k] = s
		}
	}
	return files
}

// sameData guards against editing a ConfigMap whose text is not the one
// the model parsed (the positions would not fit it).
func sameData(cm, parsed *manifest.Object) bool {
	return parsed != nil && (cm == parsed || reflect.DeepEqual(dataTexts(cm), dataTexts(parsed)))
}

// keysOf names files of the tree by their ConfigMap key, as the user
// knows them (a file of the image keeps its path).
func keysOf(nc *mesh.NginxConfig, paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = p
		if f, _ := nc.Tree.Lookup(p); f.Src.Key != "" {
			out[i] = f.Src.Key
		}
	}
	return out
}

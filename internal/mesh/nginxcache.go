package mesh

import (
	"maps"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/nginx"
)

// nginxMade is what newNginxConfig made of one container of a stored
// workload: the configuration without the build's own parts (its copy of
// the workload, its hops, its context), what the parse logged, and the
// ConfigMaps it asked the model for by name (nil: the model had none),
// its only input besides the workload object.
type nginxMade struct {
	nc   NginxConfig
	log  parseLog
	deps map[string]*manifest.Object
}

// nginxConfigOf is newNginxConfig through the model's cache: the
// configuration of a container of the same stored workload, built
// against the same ConfigMaps, is taken instead of being read again.
// A build stopped by its context keeps nothing (its parse may be cut).
func (m *Model) nginxConfigOf(w *Workload, c Container, log *parseLog) *NginxConfig {
	if m.cache == nil {
		return m.newNginxConfig(w, c, log)
	}
	if made := m.cache.get(w.Obj).nginx[c.Index]; made != nil && m.sameConfigMaps(w.Namespace, made.deps) {
		nc := made.nc
		nc.Workload, nc.hops, nc.ctx = w, map[*nginx.Directive][]*Hop{}, m.ctx
		*log = made.log
		return &nc
	}
	nc := m.newNginxConfig(w, c, log)
	if !m.stopped() {
		made := &nginxMade{nc: *nc, log: *log, deps: nc.asked}
		made.nc.Workload, made.nc.hops, made.nc.ctx = nil, nil, nil
		m.cache.update(w.Obj, func(e *cached) {
			e.nginx = maps.Clone(e.nginx) // a copy: get's callers read the map without the lock
			if e.nginx == nil {
				e.nginx = map[int]*nginxMade{}
			}
			e.nginx[c.Index] = made
		})
	}
	return nc
}

// sameConfigMaps: the model holds, by name in namespace ns, exactly the
// ConfigMaps deps names.
func (m *Model) sameConfigMaps(ns string, deps map[string]*manifest.Object) bool {
	for name, o := range deps {
		if m.ConfigMaps[nsName{ns, name}] != o {
			return false
		}
	}
	return true
}

package mesh

import (
	"sort"
	"strings"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/nginx"
	"github.com/meshlint/meshlint/internal/parallel"
	"github.com/meshlint/meshlint/internal/podfs"
)

// buildNginxConfigs reads the configuration of every nginx container,
// concurrently, and records what parsing found in a stable order (each
// problem once, however many containers load the file).
func (m *Model) buildNginxConfigs() {
	type job struct {
		w *Workload
		c Container
	}
	var jobs []job
	for _, w := range m.Workloads {
		for _, c := range w.Containers {
			if isNginxContainer(w, c) {
				jobs = append(jobs, job{w, c})
			}
		}
	}
	ncs, logs := make([]*NginxConfig, len(jobs)), make([]parseLog, len(jobs))
	parallel.For(len(jobs), func(i int) { ncs[i] = m.nginxConfigOf(jobs[i].w, jobs[i].c, &logs[i]) }) // nginxcache.go
	seen := map[Problem]bool{}
	m.nginxCfgs = nginxIndex{all: ncs, byCM: map[*manifest.Object][]*NginxConfig{}}
	for i, nc := range ncs {
		m.nginxCfgs.add(nc)
		m.Problems = appendNew(m.Problems, logs[i].problems, seen)
		m.Notes = appendNew(m.Notes, logs[i].notes, seen)
	}
}

// nginxIndex holds the nginx containers' configurations, and which of
// them load a file of each ConfigMap.
type nginxIndex struct {
	all  []*NginxConfig
	byCM map[*manifest.Object][]*NginxConfig
}

func (ix *nginxIndex) add(nc *NginxConfig) {
	seen := map[*manifest.Object]bool{}
	for _, p := range nc.Loaded {
		f, _ := nc.Tree.Lookup(p)
		if cm := nc.cms[f.Src.ConfigMap]; cm != nil && !seen[cm] {
			seen[cm] = true
			ix.byCM[cm] = append(ix.byCM[cm], nc)
		}
	}
}

func appendNew(to, ps []Problem, seen map[Problem]bool) []Problem {
	for _, p := range ps {
		if !seen[p] {
			seen[p] = true
			to = append(to, p)
		}
	}
	return to
}

// newNginxConfig lays out the container's files and reads them from the
// file nginx starts from. For an image meshlint does not know, with no -c
// naming a file the pod holds, which files nginx reads first is a guess
// (loadGuessed).
func (m *Model) newNginxConfig(w *Workload, c Container, log *parseLog) *NginxConfig {
	img := podfs.KnownImage(c.Image)
	nc := &NginxConfig{Workload: w, Container: c, cms: map[string]*manifest.Object{}, asked: map[string]*manifest.Object{},
		hops: map[*nginx.Directive][]*Hop{}, ctx: m.ctx}
	nc.Tree = podfs.New(img, w.Volumes, c.Mounts, func(name string) (map[string]string, bool) {
		o := m.ConfigMaps[nsName{w.Namespace, name}]
		nc.asked[name] = o
		if o == nil {
			return nil, false
		}
		nc.cms[name] = o
		return stringData(o), true
	})
	nc.Files = nginx.Files{}
	for _, f := range nc.Tree.Files() {
		nc.Files[f.Path] = f.Text
	}
	if main, prefix, ok := podfs.Start(podfs.ParseInvocation(c.Args), img); ok {
		if _, st := nc.Tree.Lookup(main); st == podfs.Found {
			nc.Main, nc.ConfPrefix, nc.Roots = main, prefix, []string{main}
			nc.load(log)
			return nc
		}
		if img != nil {
			log.note(w.Obj, w.containersLine, "nginx in container "+c.Name+" starts from "+main+", which its files do not hold: what it loads is unknown")
			return nc
		}
	}
	nc.ConfPrefix = "/etc/nginx/"
	nc.loadGuessed(log)
	return nc
}

func stringData(o *manifest.Object) map[string]string {
	out := map[string]string{}
	for k, v := range mapAt(body(o), "data") {
		if s, ok := v.(string); ok {
			out[k] = s
		}
	}
	return out
}

// load reads the roots with their includes; files no include reaches
// (a default.conf.bak beside `include conf.d/*.conf`) are never parsed.
func (nc *NginxConfig) load(log *parseLog) {
	read := map[string]bool{}
	for _, r := range nc.Roots {
		cfg := nc.parse(r, read, log)
		if cfg != nil {
			nc.Proxies = append(nc.Proxies, cfg.ProxiesContext(nc.context())...)
		}
	}
}

// parse reads one root with its includes; it marks the files read.
func (nc *NginxConfig) parse(root string, read map[string]bool, log *parseLog) *nginx.Config {
	cfg, err := treeLayout{nc.Tree, nc.ConfPrefix, nc.ctx}.Parse(root, []byte(nc.Files[root]))
	if err != nil {
		nc.parseProblem(err, log)
		return nil
	}
	nc.markRead(root, read)
	lookup := func(p string) ([]byte, bool) {
		f, st := nc.Tree.Lookup(p)
		if st != podfs.Found {
			return nil, false
		}
		nc.markRead(p, read)
		if f.Inert {
			return nil, true // read as empty (treeLayout.Parse): no copy of its text
		}
		return []byte(f.Text), true
	}
	for _, u := range cfg.ResolveIncludesIn(lookup, nc.Layout()) {
		nc.unresolved(u, log)
	}
	return cfg
}

func (nc *NginxConfig) markRead(p string, read map[string]bool) {
	if !read[p] {
		read[p] = true
		nc.Loaded = append(nc.Loaded, p)
	}
}

// loadGuessed stands for an image whose own nginx.conf meshlint does not
// know: the mounted ConfigMap files that look like nginx and that no other
// of them includes are read as roots, each as the conf.d-style file it
// most likely is (as meshlint read ConfigMaps before it read pods' files).
func (nc *NginxConfig) loadGuessed(log *parseLog) {
	var cands []string
	for _, f := range nc.Tree.Files() {
		if f.Src.ConfigMap != "" && LooksLikeNginx(f.Text) {
			cands = append(cands, f.Path)
		}
	}
	included := map[string]bool{}
	cfgs := map[string]*nginx.Config{}
	for _, p := range cands {
		read := map[string]bool{}
		saved := nc.Loaded
		if cfg := nc.parse(p, read, &parseLog{}); cfg != nil {
			cfgs[p] = cfg
		}
		nc.Loaded = saved
		for q := range read {
			included[q] = included[q] || q != p
		}
	}
	for _, p := range cands {
		if !included[p] {
			nc.Roots = append(nc.Roots, p)
		}
	}
	sort.Strings(nc.Roots)
	nc.load(log)
}

// LooksLikeNginx tells an nginx configuration from other text, so that a
// redis.conf mounted beside it is not read as broken nginx.
func LooksLikeNginx(text string) bool {
	for _, marker := range []string{"proxy_pass", "server {", "server{", "location ", "upstream ", "http {"} {
		if strings.Contains(text, marker) {
			return true
		}
	}
	return false
}

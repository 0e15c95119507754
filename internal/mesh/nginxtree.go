package mesh

import (
	"context"
	"path"
	"strings"
	"sync"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/nginx"
	"github.com/meshlint/meshlint/internal/podfs"
)

// NginxConfig is the configuration one nginx container loads: the files it
// sees (the image's own where meshlint knows them, and the ConfigMaps the
// pod mounts over them), read from the file nginx starts from, with
// includes resolved against those files as nginx resolves them.
type NginxConfig struct {
	Workload  *Workload
	Container Container
	Tree      *podfs.Tree
	// Main is the file nginx starts from (-c, else the image's
	// --conf-path); "" when the image is unknown and no -c names a file
	// the pod holds: Roots are then guessed (see loadGuessed).
	Main       string
	ConfPrefix string      // relative includes resolve against it
	Roots      []string    // the files read first: Main, or the guessed roots
	Files      nginx.Files // the text of every file of the tree, by path
	Loaded     []string    // the files nginx reads, roots and included, in order
	Proxies    []nginx.Proxy
	// Unknown are the included files the tree does not hold (an image
	// file meshlint lacks, a ConfigMap the inputs lack), by path.
	Unknown []string

	cms   map[string]*manifest.Object // the pod's ConfigMaps, by name
	asked map[string]*manifest.Object // every ConfigMap name looked up, with what the model held (nil: none)
	hops  map[*nginx.Directive][]*Hop
	ctx   context.Context // the model's build (nil: never done)
}

// Layout resolves include arguments against the container's files.
func (nc *NginxConfig) Layout() nginx.Layout { return treeLayout{nc.Tree, nc.ConfPrefix, nc.ctx} }

// Origin returns the ConfigMap and key a directive was read from; cm is
// nil for a file of the image.
func (nc *NginxConfig) Origin(d *nginx.Directive) (cm *manifest.Object, key string) {
	f, st := nc.Tree.Lookup(d.Source)
	if st != podfs.Found || f.Src.ConfigMap == "" {
		return nil, ""
	}
	return nc.cms[f.Src.ConfigMap], f.Src.Key
}

// Line is where a finding that rests on d is reported: the ConfigMap's
// YAML line of the directive, or the workload's containers for a
// directive of the image's own files.
func (nc *NginxConfig) Line(d *nginx.Directive) (*manifest.Object, int) {
	if d == nil {
		return nc.Workload.Obj, nc.Workload.containersLine
	}
	cm, key := nc.Origin(d)
	if cm == nil {
		return nc.Workload.Obj, nc.Workload.containersLine
	}
	return cm, cm.TextLine([]string{"data", key}, int(d.Pos.Line))
}

// HopsOf returns the hops the model derived from the proxy_pass d.
func (nc *NginxConfig) HopsOf(d *nginx.Directive) []*Hop { return nc.hops[d] }

// treeLayout names included files by absolute path in the tree; relative
// arguments resolve against the conf prefix (src/core/ngx_conf_file.c
// ngx_conf_include: ngx_conf_full_name(cycle, &file, 1)).
type treeLayout struct {
	t      *podfs.Tree
	prefix string
	ctx    context.Context // when done, no file is parsed or included any more (buildctx.go)
}

// done reports whether the build that reads the files gave up.
func (l treeLayout) done() bool { return l.ctx != nil && l.ctx.Err() != nil }

// context is the build's context (one never done when there is none).
func (l treeLayout) context() context.Context {
	if l.ctx == nil {
		return context.Background()
	}
	return l.ctx
}

// Parse parses a file of the tree; a file of the image is parsed once
// per process and cloned (its text never changes), and one that holds
// nothing the model reads (mime.types: a types block) is read as empty.
func (l treeLayout) Parse(name string, text []byte) (*nginx.Config, error) {
	if l.done() {
		return nil, l.ctx.Err()
	}
	f, _ := l.t.Lookup(name)
	switch {
	case f.Src.Image == "":
		return nginx.ParseContext(l.context(), name, text)
	case f.Inert:
		return &nginx.Config{File: name, Directives: []*nginx.Directive{}}, nil
	}
	key := f.Src.Image + "\x00" + name
	if c, ok := imageParsed.Load(key); ok {
		return c.(*nginx.Config).Clone(), nil
	}
	c, err := nginx.Parse(name, text)
	if err != nil {
		return nil, err
	}
	imageParsed.Store(key, c)
	return c.Clone(), nil
}

// imageParsed caches the parse of the images' own files.
var imageParsed sync.Map

func (l treeLayout) Include(arg string) ([]string, bool) {
	if l.done() {
		return nil, false
	}
	p := arg
	if !path.IsAbs(p) {
		p = path.Join(l.prefix, p)
	}
	if podfs.HasMeta(p) {
		return l.t.Glob(p)
	}
	_, st := l.t.Lookup(p)
	return []string{path.Clean(p)}, st == podfs.Found
}

// isNginxContainer reports whether c runs nginx: its command line names
// the nginx binary; or it keeps the image's entrypoint and the image is
// nginx (official, unprivileged, bitnami, openresty); or it mounts files
// under /etc/nginx, where nginx builds read their configuration (an image
// built FROM nginx). An ingress-nginx controller is modelled apart
// (ingresshops.go): its nginx.conf is generated from Ingresses.
func isNginxContainer(w *Workload, c Container) bool {
	if w.Controller != nil {
		return false
	}
	if podfs.ParseInvocation(c.Args).Runs {
		return true
	}
	if c.Command == nil && nginxImage(c.Image) && len(c.CmdArgs) == 0 {
		return true
	}
	for _, m := range c.Mounts {
		if p := path.Clean("/" + m.Path); p == "/etc/nginx" || strings.HasPrefix(p, "/etc/nginx/") {
			return true
		}
	}
	return false
}

func nginxImage(image string) bool {
	name := path.Base(ImageRepo(image))
	return name == "nginx" || name == "openresty" || strings.HasPrefix(name, "nginx-unprivileged")
}

// ConfigMap returns the pod's ConfigMap of that name as the model holds
// it, or nil.
func (nc *NginxConfig) ConfigMap(name string) *manifest.Object { return nc.cms[name] }

package podfs

import (
	"reflect"
	"testing"
)

func data(cms map[string]map[string]string) DataFunc {
	return func(name string) (map[string]string, bool) {
		d, ok := cms[name]
		return d, ok
	}
}

var cms = data(map[string]map[string]string{
	"site":   {"default.conf": "server {}", "default.conf.bak": "old", "app.conf": "server {}"},
	"main":   {"nginx.conf": "events {} http { include conf.d/*.conf; }"},
	"shared": {"headers.conf": "proxy_set_header Host $host;"},
})

func paths(t *Tree) []string {
	var out []string
	for _, f := range t.Files() {
		out = append(out, f.Path)
	}
	return out
}

func TestTree(t *testing.T) {
	img := KnownImage("nginx:1.27")
	cases := []struct {
		name   string
		vols   []Volume
		mounts []Mount
		want   []string
	}{
		{"a ConfigMap over conf.d hides the image's default.conf",
			[]Volume{{Name: "v", Sources: []ConfigMapSource{{Name: "site"}}}},
			[]Mount{{Volume: "v", Path: "/etc/nginx/conf.d"}},
			[]string{"/etc/nginx/conf.d/app.conf", "/etc/nginx/conf.d/default.conf", "/etc/nginx/conf.d/default.conf.bak",
				"/etc/nginx/fastcgi_params", "/etc/nginx/mime.types", "/etc/nginx/nginx.conf", "/etc/nginx/scgi_params", "/etc/nginx/uwsgi_params"}},
		{"a subPath mount replaces one file and keeps the image's others",
			[]Volume{{Name: "v", Sources: []ConfigMapSource{{Name: "main"}}}},
			[]Mount{{Volume: "v", Path: "/etc/nginx/nginx.conf", SubPath: "nginx.conf"}},
			[]string{"/etc/nginx/conf.d/default.conf", "/etc/nginx/fastcgi_params", "/etc/nginx/mime.types",
				"/etc/nginx/nginx.conf", "/etc/nginx/scgi_params", "/etc/nginx/uwsgi_params"}},
		{"items choose keys and paths; a projected volume joins two ConfigMaps",
			[]Volume{{Name: "v", Sources: []ConfigMapSource{{Name: "main"}, {Name: "site", Items: []Item{{Key: "app.conf", Path: "conf.d/app.conf"}}}}}},
			[]Mount{{Volume: "v", Path: "/etc/nginx"}},
			[]string{"/etc/nginx/conf.d/app.conf", "/etc/nginx/nginx.conf"}},
		{"a deeper mount listed first is still laid over the shallower one",
			[]Volume{{Name: "a", Sources: []ConfigMapSource{{Name: "main"}}}, {Name: "b", Sources: []ConfigMapSource{{Name: "shared"}}}},
			[]Mount{{Volume: "b", Path: "/etc/nginx/conf.d"}, {Volume: "a", Path: "/etc/nginx"}},
			[]string{"/etc/nginx/conf.d/headers.conf", "/etc/nginx/nginx.conf"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := paths(New(img, c.vols, c.mounts, cms))
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("files %v, want %v", got, c.want)
			}
		})
	}
}

func TestLookupAndGlob(t *testing.T) {
	tr := New(KnownImage("nginx"), []Volume{{Name: "v", Sources: []ConfigMapSource{{Name: "site"}}}, {Name: "gone", Sources: []ConfigMapSource{{Name: "missing"}}}},
		[]Mount{{Volume: "v", Path: "/etc/nginx/conf.d"}, {Volume: "gone", Path: "/etc/extra"}}, cms)
	for p, want := range map[string]Status{
		"/etc/nginx/mime.types": Found, "/etc/nginx/conf.d/nope.conf": Absent,
		"/etc/nginx/koi-utf": Unknown, "/etc/extra/x.conf": Unknown, "/srv/x.conf": Unknown,
	} {
		if _, got := tr.Lookup(p); got != want {
			t.Errorf("Lookup(%s) = %v, want %v", p, got, want)
		}
	}
	names, complete := tr.Glob("/etc/nginx/conf.d/*.conf")
	if want := []string{"/etc/nginx/conf.d/app.conf", "/etc/nginx/conf.d/default.conf"}; !reflect.DeepEqual(names, want) || !complete {
		t.Errorf("Glob = %v %v, want %v complete", names, complete, want)
	}
	if _, complete := tr.Glob("/etc/extra/*.conf"); complete {
		t.Errorf("a glob over a missing ConfigMap's mount is complete")
	}
	if names, _ := tr.Glob("/etc/nginx/conf.d/*"); len(names) != 3 {
		t.Errorf("Glob(*) = %v", names)
	}
}

func TestInvocation(t *testing.T) {
	cases := []struct {
		argv []string
		want Invocation
	}{
		{nil, Invocation{}},
		{[]string{"nginx", "-g", "daemon off;"}, Invocation{Runs: true}},
		{[]string{"nginx", "-c", "/etc/nginx/custom/main.conf", "-g", "daemon off;"}, Invocation{Runs: true, ConfFile: "/etc/nginx/custom/main.conf"}},
		{[]string{"/usr/sbin/nginx", "-qc/srv/n.conf"}, Invocation{Runs: true, ConfFile: "/srv/n.conf"}},
		{[]string{"/bin/sh", "-c", "envsubst < /t > /x && exec nginx -c /x -g 'daemon off;'"}, Invocation{Runs: true, ConfFile: "/x"}},
		{[]string{"nginx", "-p", "/srv/", "-c", "conf/n.conf"}, Invocation{Runs: true, ConfFile: "conf/n.conf", Prefix: "/srv/"}},
		{[]string{"/docker-entrypoint.sh", "nginx", "-c", "/x.conf"}, Invocation{Runs: true, ConfFile: "/x.conf"}},
		{[]string{"/app/server", "--upstream", "nginx"}, Invocation{}},
		{[]string{"sh", "-c", "echo nginx is starting; nginx -g 'daemon off;'"}, Invocation{Runs: true}},
	}
	for _, c := range cases {
		if got := ParseInvocation(c.argv); got != c.want {
			t.Errorf("ParseInvocation(%q) = %+v, want %+v", c.argv, got, c.want)
		}
	}
	img := KnownImage("docker.io/library/nginx:1.27-alpine")
	for _, c := range []struct {
		inv          Invocation
		img          *Image
		file, prefix string
		ok           bool
	}{
		{Invocation{}, img, "/etc/nginx/nginx.conf", "/etc/nginx/", true},
		{Invocation{ConfFile: "custom/main.conf"}, img, "/etc/nginx/custom/main.conf", "/etc/nginx/custom/", true},
		{Invocation{ConfFile: "/opt/app/nginx.conf"}, nil, "/opt/app/nginx.conf", "/opt/app/", true},
		{Invocation{}, nil, "", "", false},
	} {
		f, p, ok := Start(c.inv, c.img)
		if f != c.file || p != c.prefix || ok != c.ok {
			t.Errorf("Start(%+v) = %q %q %v, want %q %q %v", c.inv, f, p, ok, c.file, c.prefix, c.ok)
		}
	}
}

func TestUnknownContent(t *testing.T) {
	img := KnownImage("nginx:1.27")
	// An emptyDir (no ConfigMap source) over conf.d, filled at run time by
	// an init container: conf.d's files are unknown, the image's gone.
	tr := New(img, []Volume{{Name: "gen"}}, []Mount{{Volume: "gen", Path: "/etc/nginx/conf.d"}}, cms)
	if names, complete := tr.Glob("/etc/nginx/conf.d/*.conf"); len(names) != 0 || complete {
		t.Errorf("Glob over an emptyDir = %v %v, want nothing and incomplete", names, complete)
	}
	// A projected volume with a ConfigMap the inputs lack: what it holds
	// is known only in part.
	tr = New(img, []Volume{{Name: "v", Sources: []ConfigMapSource{{Name: "site"}, {Name: "missing"}}}}, []Mount{{Volume: "v", Path: "/etc/nginx/conf.d"}}, cms)
	if names, complete := tr.Glob("/etc/nginx/conf.d/*.conf"); len(names) != 2 || complete {
		t.Errorf("Glob over a partly known volume = %v %v, want 2 files and incomplete", names, complete)
	}
	// A subPath naming a directory of the volume mounts that directory.
	tr = New(img, []Volume{{Name: "v", Sources: []ConfigMapSource{{Name: "site", Items: []Item{{Key: "app.conf", Path: "sites/app.conf"}}}}}},
		[]Mount{{Volume: "v", Path: "/etc/nginx/conf.d", SubPath: "sites"}}, cms)
	if _, st := tr.Lookup("/etc/nginx/conf.d/app.conf"); st != Found {
		t.Errorf("a subPath directory's file is %v, want Found", st)
	}
	if _, st := tr.Lookup("/etc/nginx/conf.d/default.conf"); st != Absent {
		t.Errorf("the image's default.conf under a subPath directory mount is %v, want Absent", st)
	}
}

// Two files of a volume that land on one path (an item path reaching out
// of the mount with ".."; the API server refuses it, a file the CLI reads
// may hold it): the one laid last is the file, once, as a later mount
// replaces what an earlier one laid.
func TestALaterFileAtOnePathWins(t *testing.T) {
	vols := []Volume{
		{Name: "main", Sources: []ConfigMapSource{{Name: "main"}}},
		{Name: "out", Sources: []ConfigMapSource{{Name: "site", Items: []Item{{Key: "app.conf", Path: "../nginx.conf"}}}}},
	}
	mounts := []Mount{{Volume: "main", Path: "/etc/nginx/nginx.conf", SubPath: "nginx.conf"}, {Volume: "out", Path: "/etc/nginx/conf.d"}}
	tr := New(KnownImage("nginx:1.27"), vols, mounts, cms)
	n := 0
	for _, f := range tr.Files() {
		if f.Path == "/etc/nginx/nginx.conf" {
			n++
		}
	}
	f, st := tr.Lookup("/etc/nginx/nginx.conf")
	if n != 1 || st != Found || f.Src.ConfigMap != "site" {
		t.Errorf("/etc/nginx/nginx.conf: %d files, the one found from %q (%v), want one from site", n, f.Src.ConfigMap, st)
	}
}

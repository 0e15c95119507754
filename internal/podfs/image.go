package podfs

import (
	"embed"
	"strings"
	"sync"
)

//go:embed images/nginx/nginx.conf images/nginx/default.conf images/nginx/mime.types images/nginx/fastcgi_params images/nginx/scgi_params images/nginx/uwsgi_params
var nginxImageFS embed.FS

// Image is what meshlint knows of an image's own files.
type Image struct {
	Name string
	// Files are the image's own files meshlint holds, by absolute path.
	Files map[string]string
	// Dirs are the image's directories, true for those whose whole
	// content Files holds (a glob there is answered exactly).
	Dirs map[string]bool
	// Inert are the image's files that hold only directives the model
	// never reads (a types block, fastcgi_param lines): no proxy_pass,
	// no *_set_header, no include. They are known, and read as empty.
	Inert map[string]bool
	// Prefix is nginx's build prefix (--prefix), ConfPath its default
	// configuration file (--conf-path).
	Prefix, ConfPath string
}

// officialNginx is the official nginx image (images/nginx/SOURCES.md):
// built --prefix=/etc/nginx --conf-path=/etc/nginx/nginx.conf; conf.d
// holds default.conf only (nginx/pkg-oss debian/debian/nginx.rules.in).
func officialNginx() *Image {
	img := &Image{Name: "nginx", Files: map[string]string{}, Prefix: "/etc/nginx/", ConfPath: "/etc/nginx/nginx.conf",
		Dirs:  map[string]bool{"/etc/nginx": false, "/etc/nginx/conf.d": true},
		Inert: map[string]bool{"/etc/nginx/mime.types": true, "/etc/nginx/fastcgi_params": true, "/etc/nginx/scgi_params": true, "/etc/nginx/uwsgi_params": true}}
	for name, at := range map[string]string{
		"nginx.conf": "/etc/nginx/nginx.conf", "default.conf": "/etc/nginx/conf.d/default.conf",
		"mime.types": "/etc/nginx/mime.types", "fastcgi_params": "/etc/nginx/fastcgi_params",
		"scgi_params": "/etc/nginx/scgi_params", "uwsgi_params": "/etc/nginx/uwsgi_params",
	} {
		b, err := nginxImageFS.ReadFile("images/nginx/" + name)
		if err != nil {
			return nil
		}
		img.Files[at] = string(b)
	}
	return img
}

var (
	officialOnce sync.Once
	official     *Image // read only once built
)

// KnownImage returns what meshlint knows of image's own nginx files, or
// nil when it knows nothing of them. Only the official image is known
// (docker.io/library/nginx, any tag or variant: its Debian and Alpine
// packages ship the same nginx.conf and default.conf); images built FROM
// it, nginx-unprivileged (whose Dockerfile edits nginx.conf), bitnami
// and openresty are not.
func KnownImage(image string) *Image {
	repo := image
	if i := strings.Index(repo, "@"); i >= 0 {
		repo = repo[:i]
	}
	if i := strings.LastIndex(repo, ":"); i > strings.LastIndex(repo, "/") {
		repo = repo[:i]
	}
	switch repo {
	case "nginx", "library/nginx", "docker.io/nginx", "docker.io/library/nginx", "index.docker.io/library/nginx":
		officialOnce.Do(func() { official = officialNginx() })
		return official
	}
	return nil
}

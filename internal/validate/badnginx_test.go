package validate

import (
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/manifest"
)

const mountedNginx = `apiVersion: v1
kind: ConfigMap
metadata: {name: web, namespace: shop}
data:
  default.conf: |
    server {
        listen 80;
        location /api {
            proxy_pass http://api:8080;
    }
  redis.conf: |
    maxmemory 2mb
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: nginx, volumeMounts: [{name: c, mountPath: /etc/nginx/conf.d}]}]
      volumes: [{name: c, configMap: {name: web}}]
`

func TestBrokenNginxInAConfigMapIsAnInputErrorAtItsYAMLLine(t *testing.T) {
	cases := []struct {
		name, yaml, want string
	}{
		{"unbalanced braces are reported at the end of the text", mountedNginx, `bad.yaml:10: nginx config in data.default.conf: `},
		{"an unterminated quote is reported where it starts", strings.Replace(mountedNginx, "listen 80;", "listen \"80;", 1), `bad.yaml:7: nginx config in data.default.conf: `},
		// An image whose own nginx.conf is unknown: the mounted files that
		// look like nginx are read as its configuration, the others not.
		{"a text that is not nginx (redis.conf) is left alone", strings.Replace(strings.Replace(mountedNginx, "    }\n  redis", "    }\n    }\n  redis", 1), "image: nginx", "image: ghcr.io/example/web:1", 1), ""},
		// The official image includes conf.d/*.conf: nginx reads redis.conf.
		{"a redis.conf in the official image's conf.d is read by nginx", strings.Replace(mountedNginx, "    }\n  redis", "    }\n    }\n  redis", 1), `bad.yaml:13: nginx config in data.redis.conf: `},
	}
	v, err := New(config.Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := manifest.LoadBytes("bad.yaml", []byte(c.yaml), manifest.Options{})
			out, err := v.Lint(res.Objects)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range out.Problems {
				got = append(got, p.Error())
			}
			switch {
			case c.want == "" && len(got) > 0:
				t.Errorf("unexpected problems: %v", got)
			case c.want != "" && (len(got) != 1 || !strings.HasPrefix(got[0], c.want)):
				t.Errorf("got %v, want one starting %q", got, c.want)
			}
		})
	}
}
